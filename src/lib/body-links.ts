/**
 * The links and images a post body writes, found in its source text with the file line they are
 * written on, so a link checker can say `path:line` where the author has to look. The rendered
 * HTML cannot tell: Markdown rendering and sanitizing keep no positions, and they rewrite links.
 *
 * The body is read once, front to back, the way the renderer and a browser would: what starts
 * first wins (a `<` inside a code span is code, a backtick inside a tag is part of the tag), and
 * what is never shown as a link (code, comments, script and style text) is passed over. Where
 * the two readings differ the reader leans towards finding a link: a checker that reports a
 * link too many costs a look, one that misses a link leaves a broken page.
 *
 * And where a written link leads on the site: {@link siteTarget}.
 */
import { decodeHtmlAttribute } from './html-entities';
import { firstOfEachName, type HtmlAttribute, type HtmlTag, readHtmlTag, type TagReading } from './html-tag';
import { closesFence, openingFence } from './markdown-lines';

/** A link or image reference as written in a post's source. */
export interface WrittenLink {
  /** 1-based line of the file (not of the body). */
  line: number;
  /** The destination: entities decoded for HTML attributes; for Markdown, backslash escapes resolved and angle brackets removed. */
  href: string;
}

/**
 * Every link destination in `body`, in order of appearance:
 * - HTML `href`/`src` attributes of any start tag (a, img, area, link, source, iframe, …), the
 *   attribute name in any case, the value quoted with " or ' or unquoted;
 * - Markdown inline links and images `[text](dest "title")` / `![alt](dest)`, dest possibly in
 *   `<…>`, balanced parentheses in dest allowed;
 * - Markdown reference definitions `[label]: dest` (not GFM footnotes `[^1]: …`, which are notes);
 * - autolinks `<scheme:…>`.
 *
 * `firstLine` is the file line the body starts on. `markdown` false (for .html post files) means
 * only HTML attributes are read.
 *
 * Not read: fenced code blocks (``` or ~~~, opened and closed as CommonMark does: {@link openingFence}),
 * inline code spans (`…`, closed by a run of as many backticks), HTML comments
 * <!-- … -->, and the content of <script>, <style> and <textarea> elements. Indented code blocks
 * ARE read: posts indent raw HTML.
 *
 * A link's line is the line its destination starts on: in a tag written over several lines, the
 * line of the attribute's value (its first non-blank character), not the line of the `<`.
 * Markdown destinations have their backslash escapes resolved, as CommonMark reads them; entities are kept.
 */
export function writtenLinks(body: string, firstLine: number, options: { markdown: boolean }): WrittenLink[] {
  return linesOf(body, firstLine, scan(body, options.markdown));
}

/**
 * The body with `mark(index)` written at the end of the destination of each link
 * {@link writtenLinks} finds (`index` in its order), where it does not change how the link is
 * read: inside `<…>` and quotes, after the last character of an unquoted value.
 */
export function withMarkedLinks(body: string, options: { markdown: boolean }, mark: (index: number) => string): string {
  const found = scan(body, options.markdown);
  let out = '';
  let last = 0;
  const ends = found.map((link, index) => ({ end: link.end, index })).sort((a, b) => a.end - b.end || a.index - b.index);
  for (const { end, index } of ends) {
    out += body.slice(last, end) + mark(index);
    last = end;
  }
  return out + body.slice(last);
}

/** {@link writtenLinks} and {@link markupOf} of one body, read once. */
export function linksAndMarkup(body: string, firstLine: number, options: { markdown: boolean }): { links: WrittenLink[]; markup: Markup } {
  const markup: Markup = { tags: [], hidden: [] };
  return { links: linesOf(body, firstLine, scan(body, options.markdown, markup)), markup };
}

function linesOf(body: string, firstLine: number, found: readonly Found[]): WrittenLink[] {
  const starts = lineStarts(body);
  return found.map(({ offset, href }) => ({ line: firstLine + lineIndex(starts, offset), href }));
}

/** A destination and where in the body it starts. */
interface Found {
  offset: number;
  href: string;
  /** Where the destination as written ends (before a closing `>` or quote). */
  end: number;
}

/** What reading a body needs to remember as it goes. */
interface Scan {
  text: string;
  /** Where the text's last `>` is: a tag that starts after it is none, found without reading it. */
  lastClose: number;
  /**
   * Where the last tag Markdown shows as text ends. A `<` before it is inside that tag: to a
   * browser reading the tag, no tag at all; to Markdown, which shows the tag as text, a tag only
   * if it is one Markdown reads, and Markdown reads no tag with a `<` in a name or an unquoted
   * value. So such a `<` is read as a tag only up to the first of those: read on to the `>`
   * from every `<` of a run (`<a <a <a …>`), the body would cost the square of its length.
   */
  textTagEnd: number;
  markdown: boolean;
  found: Found[];
  /** Where the tags and the hidden parts met are written down, when someone asks ({@link markupOf}). */
  markup?: Markup | undefined;
  // Link texts being read, innermost last: at the text's `]` reading goes on after the link's `)`.
  linkTexts: { textEnd: number; end: number }[];
  // Where the last reference definition ended: another may follow it directly.
  definitionEnd: number;
  // What was learnt reading ahead, kept so that a paragraph of many `[` is read once, not once
  // for each: the end of the paragraph last asked for, and the `]` of every `[` met (null: none).
  paragraph: { from: number; end: number };
  brackets: Map<number, number | null>;
}

function scan(text: string, markdown: boolean, markup?: Markup): Found[] {
  const state: Scan = {
    text,
    lastClose: text.lastIndexOf('>'),
    textTagEnd: -1,
    markdown,
    markup,
    found: [],
    linkTexts: [],
    paragraph: { from: 0, end: -1 },
    brackets: new Map(),
    definitionEnd: -1,
  };
  let at = 0;
  while (at < text.length) {
    const linkText = state.linkTexts.at(-1);
    if (linkText && at >= linkText.textEnd) {
      at = Math.max(at, linkText.end);
      state.linkTexts.pop();
      continue;
    }
    const blockEnd = markdown && !linkText && isLineStart(text, at) ? readBlockStart(state, at) : undefined;
    at = blockEnd ?? readInline(state, at);
  }
  // The destination of a link comes after the images and links in its text.
  const sorted = state.found.sort((a, b) => a.offset - b.offset);
  return sorted.filter((found, index) => found.offset !== sorted[index - 1]?.offset);
}

/** Where reading goes on after a fence or a reference definition starting at `at`; undefined for any other line. */
function readBlockStart(state: Scan, at: number): number | undefined {
  const { text } = state;
  // Both start with at most three spaces and then a fence's or a label's first character.
  const first = text[skipSpace(text, at, Math.min(at + 3, text.length), false)];
  if (first !== '`' && first !== '~' && first !== '[') return undefined;
  const fence = fencedBlockEnd(state.text, at);
  if (fence !== undefined) {
    state.markup?.hidden.push({ kind: 'fence', start: at, end: fence });
    return fence;
  }
  if (!mayStartDefinition(state, at)) return undefined;
  const definition = readDefinition(state.text, at, paragraphEnd(state, at));
  if (!definition) return undefined;
  record(state, definition.destination);
  state.definitionEnd = definition.end;
  return definition.end;
}

/** Where reading goes on after what starts at `at`, recording the links it holds. */
function readInline(state: Scan, at: number): number {
  const { text, markdown } = state;
  const char = text[at];
  if (char === '<') {
    const construct = angleConstruct(text, at, markdown, { lastClose: state.lastClose, cutAtLessThan: at < state.textTagEnd });
    if (!construct) return at + 1;
    state.found.push(...construct.links);
    if (state.markup) noteMarkup(state.markup, text, at, construct);
    // Markdown reads a tag it does not know as text, links in it included (`a<b，见 [x](/x) c>d`);
    // a browser reads it as a tag, so its attributes are kept too (read twice, found once).
    if (!construct.markdownText) return construct.end;
    state.textTagEnd = Math.max(state.textTagEnd, construct.end);
    return at + 1;
  }
  if (!markdown) return nextOf(HTML_STARTS, text, at + 1);
  if (char === '\\') return at + (isEscapable(text[at + 1]) ? 2 : 1);
  if (char === '`') {
    const end = codeSpanEnd(text, at, paragraphEnd(state, at));
    if (end === undefined) return at + backtickRun(text, at);
    state.markup?.hidden.push({ kind: 'code', start: at, end });
    return end;
  }
  // Also in the text of an HTML block, where CommonMark would leave a link as text: kramdown ends
  // the block sooner (see markdown-dialect), and a link reported in error costs less than one missed.
  if (char === '[') {
    const link = readInlineLink(state, at, paragraphEnd(state, at));
    if (link) {
      record(state, link.destination);
      // The text may hold images and links of its own (`[![alt](img.png)](page.html)`).
      state.linkTexts.push({ textEnd: link.textEnd, end: link.end });
    }
    return at + 1;
  }
  // The character after a line break starts a line, where blocks begin: it is read.
  return isLineBreak(char) ? at + 1 : nextOf(MARKDOWN_STARTS, text, at + 1);
}

// Where something may start, besides the start of a line: characters between them are text and
// are passed over at once. Line breaks are among them, so the line after one is looked at.
const HTML_STARTS = /</g;
const MARKDOWN_STARTS = /[<\\`[\r\n]/g;

/** The offset of the first character from `from` on that `starts` matches; the text's length when none does. */
function nextOf(starts: RegExp, text: string, from: number): number {
  starts.lastIndex = from;
  return starts.exec(text)?.index ?? text.length;
}

/** Records a destination, unless it is blank: `[a]()` links to the page itself. */
function record(state: Scan, { start, href, end }: Destination): void {
  // In `<…>` the destination ends before the `>`.
  if (href.trim() !== '') state.found.push({ offset: start, href, end: state.text[start - 1] === '<' ? end - 1 : end });
}

// ---------------------------------------------------------------------------------------------
// Lines

const LINE_BREAK = /\r\n|\r|\n/g;

/** Offsets where the lines of `text` start. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (const match of text.matchAll(LINE_BREAK)) starts.push(match.index + match[0].length);
  return starts;
}

/** 0-based index of the line that holds `offset`. */
function lineIndex(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

function isLineStart(text: string, at: number): boolean {
  const before = text[at - 1];
  return at === 0 || before === '\n' || (before === '\r' && text[at] !== '\n');
}

const isLineBreak = (char: string | undefined) => char === '\n' || char === '\r';

/** The offset of the line break ending the line that holds `from` (the text's length on the last line). */
function lineEnd(text: string, from: number): number {
  let at = from;
  while (at < text.length && !isLineBreak(text[at])) at += 1;
  return at;
}

/** The start of the line after the line break at `at`. */
function afterLineBreak(text: string, at: number): number {
  if (text[at] === '\r' && text[at + 1] === '\n') return at + 2;
  return Math.min(at + 1, text.length);
}

function previousLine(text: string, lineStart: number): string {
  const end = lineStart - (text[lineStart - 2] === '\r' && text[lineStart - 1] === '\n' ? 2 : 1);
  let start = end;
  while (start > 0 && !isLineBreak(text[start - 1])) start -= 1;
  return text.slice(start, end);
}

/** Skips spaces and tabs, and line breaks too when `lines` (paragraph ends keep blank lines out). */
function skipSpace(text: string, from: number, limit: number, lines = true): number {
  let at = from;
  while (at < limit && (text[at] === ' ' || text[at] === '\t' || (lines && isLineBreak(text[at])))) at += 1;
  return at;
}

// ---------------------------------------------------------------------------------------------
// Markdown blocks

/** The start of the line after the fenced code block opening at `lineStart` (the end of the text when it is not closed). */
function fencedBlockEnd(text: string, lineStart: number): number | undefined {
  const fence = openingFence(text.slice(lineStart, lineEnd(text, lineStart)));
  if (!fence) return undefined;
  let at = afterLineBreak(text, lineEnd(text, lineStart));
  while (at < text.length) {
    const end = lineEnd(text, at);
    const next = afterLineBreak(text, end);
    if (closesFence(text.slice(at, end), fence)) return next;
    at = next;
  }
  return text.length;
}

/**
 * Where the paragraph holding `at` ends: at a blank line or a fence. Inline code and links never
 * reach past it, so a stray backtick cannot hide a fence and what comes after it.
 */
function paragraphEnd(state: Scan, at: number): number {
  const { paragraph, text } = state;
  if (at >= paragraph.from && at < paragraph.end) return paragraph.end;
  let line = afterLineBreak(text, lineEnd(text, at));
  while (line < text.length) {
    const end = lineEnd(text, line);
    const content = text.slice(line, end);
    if (content.trim() === '' || openingFence(content)) break;
    line = afterLineBreak(text, end);
  }
  state.paragraph = { from: at, end: Math.min(line, text.length) };
  return state.paragraph.end;
}

// Lines other than paragraph text, which a reference definition may follow (and fences, whose
// closing lines could all open one). Among them HTML: kramdown, which the posts were written
// for, ends an HTML block at its closing tag.
const NOT_PARAGRAPH_TEXT = /^ {0,3}(?:<|#{1,6}(?:[ \t]|$))/;

/** A reference definition cannot interrupt a paragraph. */
function mayStartDefinition(state: Scan, lineStart: number): boolean {
  const { text } = state;
  if (lineStart === 0 || lineStart === afterLineBreak(text, state.definitionEnd)) return true;
  const previous = previousLine(text, lineStart);
  return previous.trim() === '' || NOT_PARAGRAPH_TEXT.test(previous) || openingFence(previous) !== undefined;
}

/** A reference definition `[label]: dest "title"` starting at `lineStart`, and where its last line ends. */
function readDefinition(text: string, lineStart: number, limit: number): { destination: Destination; end: number } | undefined {
  const open = skipSpace(text, lineStart, Math.min(lineStart + 3, limit), false);
  if (text[open] !== '[') return undefined;
  const close = labelEnd(text, open, limit);
  if (close === undefined || text[close + 1] !== ':') return undefined;
  const label = text.slice(open + 1, close);
  if (label.trim() === '' || label.startsWith('^')) return undefined;
  const start = skipSpace(text, close + 2, limit);
  const destination = readDestination(text, start, limit);
  if (!destination || (destination.href === '' && text[start] !== '<')) return undefined;
  const end = definitionEnd(text, destination.end, limit);
  return end === undefined ? undefined : { destination, end };
}

/** The `]` of a link label: no brackets inside unless escaped. */
function labelEnd(text: string, open: number, limit: number): number | undefined {
  for (let at = open + 1; at < limit; at += 1) {
    const char = text[at];
    if (char === '\\') at += 1;
    else if (char === '[') return undefined;
    else if (char === ']') return at;
  }
  return undefined;
}

/**
 * Where a definition whose destination ends at `destinationEnd` ends: after a title if one
 * follows and the line ends there, else at the end of the destination's line. Undefined when
 * other text follows the destination on its line: then it was never a definition.
 */
function definitionEnd(text: string, destinationEnd: number, limit: number): number | undefined {
  const titleStart = skipSpace(text, destinationEnd, limit);
  if (titleStart > destinationEnd) {
    const title = titleEnd(text, titleStart, limit);
    const after = title === undefined ? undefined : skipSpace(text, title, limit, false);
    if (after !== undefined && (after >= text.length || isLineBreak(text[after]))) return after;
  }
  const rest = skipSpace(text, destinationEnd, limit, false);
  return rest >= text.length || isLineBreak(text[rest]) ? rest : undefined;
}

// ---------------------------------------------------------------------------------------------
// Markdown inlines

// ASCII punctuation a backslash escapes, less `<`: a tag right after a backslash (`C:\<a …>`)
// is still a tag in an HTML block, and a missed link is worse than one reported in error.
const isEscapable = (char: string | undefined) => char !== undefined && char !== '<' && /^[!-/:-@[-`{-~]$/.test(char);

function backtickRun(text: string, at: number): number {
  let length = 0;
  while (text[at + length] === '`') length += 1;
  return length;
}

/** The end of the code span opening at `start`, or undefined when no run of as many backticks closes it. */
function codeSpanEnd(text: string, start: number, limit: number): number | undefined {
  const length = backtickRun(text, start);
  let at = start + length;
  while (at < limit) {
    if (text[at] !== '`') {
      at += 1;
      continue;
    }
    const run = backtickRun(text, at);
    if (run === length) return at + run;
    at += run;
  }
  return undefined;
}

/** A link destination and where it starts (inside `<…>`) and ends (after `>`). */
interface Destination {
  start: number;
  href: string;
  end: number;
}

// How deep parentheses in a destination may nest: as deep as the Markdown renderer reads them
// (CommonMark lets a reader set a limit, of at least 3). It also bounds the work: a destination
// read from each `[a](` of a run `[a]([a](…` would otherwise run on to the end of the paragraph.
const MAX_PARENTHESES = 33;

/** The destination at `at`: `<…>` on one line, or a run without spaces or controls whose parentheses balance. */
function readDestination(text: string, at: number, limit: number): Destination | undefined {
  if (text[at] === '<') {
    for (let end = at + 1; end < limit; end += 1) {
      const char = text[end];
      if (char === '\\') end += 1;
      else if (char === '<' || isLineBreak(char)) return undefined;
      else if (char === '>') return { start: at + 1, href: unescapeDestination(text.slice(at + 1, end)), end: end + 1 };
    }
    return undefined;
  }
  let depth = 0;
  let end = at;
  for (; end < limit; end += 1) {
    const code = text.charCodeAt(end);
    if (code <= 0x20 || code === 0x7f) break;
    const char = text[end];
    if (char === '\\' && isEscapable(text[end + 1])) end += 1;
    else if (char === '(') {
      depth += 1;
      if (depth > MAX_PARENTHESES) return undefined;
    } else if (char === ')') {
      if (depth === 0) break;
      depth -= 1;
    }
  }
  return depth === 0 ? { start: at, href: unescapeDestination(text.slice(at, end)), end } : undefined;
}

/** A destination as CommonMark reads it: `\_` is `_` (backslash escapes of ASCII punctuation). */
function unescapeDestination(written: string): string {
  return written.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

/** The end of a link title `"…"`, `'…'` or `(…)` starting at `at`. */
function titleEnd(text: string, at: number, limit: number): number | undefined {
  const open = text[at];
  const close = open === '(' ? ')' : open;
  if (open !== '"' && open !== "'" && open !== '(') return undefined;
  for (let end = at + 1; end < limit; end += 1) {
    const char = text[end];
    if (char === '\\') end += 1;
    else if (char === close) return end + 1;
    else if (open === '(' && char === '(') return undefined;
  }
  return undefined;
}

/** An inline link or image `[text](dest "title")` whose `[` is at `open`. */
function readInlineLink(state: Scan, open: number, limit: number): { textEnd: number; destination: Destination; end: number } | undefined {
  const { text } = state;
  const textEnd = closingBracket(state, open, limit);
  if (textEnd === undefined || text[textEnd + 1] !== '(') return undefined;
  const destination = readDestination(text, skipSpace(text, textEnd + 2, limit), limit);
  if (!destination) return undefined;
  let at = skipSpace(text, destination.end, limit);
  // A title needs space before it; `(dest"x")` is all destination.
  const title = at > destination.end ? titleEnd(text, at, limit) : undefined;
  if (title !== undefined) at = skipSpace(text, title, limit);
  return text[at] === ')' ? { textEnd, destination, end: at + 1 } : undefined;
}

/**
 * The `]` closing the link text opened at `open`: brackets nest, and code spans and tags hide
 * theirs. The brackets met on the way are settled too: read from any of them, the text reads
 * the same from there on.
 */
function closingBracket(state: Scan, open: number, limit: number): number | undefined {
  const known = state.brackets.get(open);
  if (known !== undefined) return known ?? undefined;
  const opened: number[] = [];
  let at = open;
  while (at < limit) {
    const char = state.text[at];
    if (char === '[') opened.push(at);
    if (char === ']') {
      // Never empty here: the scan ends when `open`, the first, is closed.
      const start = opened.pop()!;
      state.brackets.set(start, at);
      if (start === open) return at;
    }
    at = opaqueEnd(state, at, limit) ?? at + 1;
  }
  for (const start of opened) state.brackets.set(start, null);
  return undefined;
}

/** The end of what starts at `at` and hides brackets inside a link text: an escape, a code span, a tag. */
function opaqueEnd(state: Scan, at: number, limit: number): number | undefined {
  const { text } = state;
  const char = text[at];
  if (char === '\\') return at + (isEscapable(text[at + 1]) ? 2 : 1);
  if (char === '`') return codeSpanEnd(text, at, limit) ?? at + backtickRun(text, at);
  if (char !== '<') return undefined;
  // Only a tag Markdown reads hides brackets, and Markdown reads none with a `<` in a name or an
  // unquoted value: reading stops there (see `textTagEnd`).
  const construct = angleConstruct(text, at, true, { lastClose: state.lastClose, cutAtLessThan: true });
  return construct && !construct.markdownText ? construct.end : undefined;
}

// ---------------------------------------------------------------------------------------------
// HTML (and Markdown autolinks, which also start with `<`)

/** What starts with `<`: how far it reaches and the links it holds. */
interface Construct {
  end: number;
  links: Found[];
  /** A tag a browser reads but CommonMark does not (a name or value it does not allow): Markdown shows it as text. */
  markdownText?: boolean;
  /** The tag, when the construct is one (not a comment or an autolink). */
  tag?: HtmlTag;
}

// Elements whose content is text to a browser, never tags; `<textarea>` shows it as text.
const RAW_TEXT = new Set(['script', 'style', 'textarea']);
const LINK_ATTRIBUTES = new Set(['href', 'src']);

/**
 * The comment, autolink or tag at `at` (with the raw text after a `<script>`), or undefined when
 * the `<` is text. `reading` says how a tag is read ({@link TagReading}).
 */
function angleConstruct(text: string, at: number, markdown: boolean, reading: TagReading): Construct | undefined {
  if (text.startsWith('<!--', at)) return { end: commentEnd(text, at), links: [] };
  if (markdown) {
    const end = autolinkEnd(text, at);
    if (end !== undefined) {
      const href = text.slice(at + 1, end - 1);
      return { end, links: [{ offset: at + 1, href, end: end - 1 }] };
    }
  }
  // A tag that never closes is taken as text: a browser would drop it with the rest of the body,
  // but the links after it are more likely meant than a stray `<` is.
  const tag = readHtmlTag(text, at, reading);
  if (!tag) return undefined;
  const links = tag.closing
    ? []
    : firstOfEachName(tag.attributes)
        .filter(({ name }) => LINK_ATTRIBUTES.has(name))
        .flatMap(attributeLink);
  if (markdown && !COMMONMARK_TAG.test(text.slice(at, tag.end))) return { end: tag.end, links, markdownText: true, tag };
  const end = RAW_TEXT.has(tag.name) && !tag.closing ? rawTextEnd(text, tag.end, tag.name) : tag.end;
  return { end, links, tag };
}

// A tag as CommonMark allows it in Markdown (its "open tag" and "closing tag").
const COMMONMARK_TAG =
  /^(?:<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*\s*\/?>|<\/[A-Za-z][A-Za-z0-9-]*\s*>)$/;

/** The end of the comment at `at`; an unclosed comment hides the rest of the body from a browser too. */
function commentEnd(text: string, at: number): number {
  const content = at + 4;
  // `<!-->` and `<!--->` are whole (empty) comments to browsers and CommonMark alike.
  if (text.startsWith('>', content)) return content + 1;
  if (text.startsWith('->', content)) return content + 2;
  const close = text.indexOf('-->', content);
  return close === -1 ? text.length : close + 3;
}

const SCHEME = /[A-Za-z][A-Za-z0-9+.-]{1,31}:/y;

/** The end of an autolink `<scheme:…>` at `at`: no spaces, controls, `<` or `>` inside. */
function autolinkEnd(text: string, at: number): number | undefined {
  SCHEME.lastIndex = at + 1;
  if (!SCHEME.test(text)) return undefined;
  for (let end = SCHEME.lastIndex; end < text.length; end += 1) {
    const code = text.charCodeAt(end);
    if (text[end] === '>') return end + 1;
    if (code <= 0x20 || code === 0x7f || text[end] === '<') return undefined;
  }
  return undefined;
}

/** Where the raw text of a `<script>`, `<style>` or `<textarea>` ends: at its end tag, or the end of the body. */
function rawTextEnd(text: string, from: number, name: string): number {
  const endTag = new RegExp(`</${name}[\\t\\n\\f\\r />]`, 'gi');
  endTag.lastIndex = from;
  return endTag.exec(text)?.index ?? text.length;
}

/** The link an attribute gives, unless its value is blank; it is placed where the value's first non-blank character is. */
function attributeLink({ valueStart: start, value }: HtmlAttribute): Found[] {
  const leading = /^[\t\n\f\r ]*/.exec(value)![0].length;
  const href = trimAsciiSpace(decodeHtmlAttribute(value));
  return href === '' ? [] : [{ offset: start + leading, href, end: start + value.length }];
}

// A URL parser strips these, and only these, from both ends; an ideographic space is part of the URL.
const trimAsciiSpace = (value: string) => value.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '');

// ---------------------------------------------------------------------------------------------
// The markup of a body, read the same way

/** A start or end tag of a body, as this reader reads it. */
export interface MarkupTag {
  /** Lower-case name. */
  name: string;
  closing: boolean;
  /** Offset of the `<`. */
  start: number;
  /** Offset just after the name: attributes may be added there. */
  nameEnd: number;
  /** Offset just after the `>`. */
  end: number;
  /** An end tag written plainly, `</name>`, which every reader takes as one. */
  plain: boolean;
  /** A tag CommonMark does not read as one (a name or value it does not allow): in a Markdown paragraph it is text. */
  markdownText: boolean;
}

/** A part of a body that is no markup: code (a span or a fenced block), a comment, the text of a script, style or textarea. */
export interface HiddenPart {
  kind: 'code' | 'fence' | 'comment' | 'raw text';
  start: number;
  end: number;
  /** False when it runs to the end of the body, unclosed (an unclosed code span is no code span, so never). */
  closed?: boolean;
}

/** The tags of a body, in order, and the parts whose `<` are not markup. */
export interface Markup {
  tags: MarkupTag[];
  hidden: HiddenPart[];
}

/**
 * The tags a body writes and the parts hidden from markup, read as {@link writtenLinks} reads a
 * body (so the two agree on what is code, a comment or a tag). `markdown` as for writtenLinks.
 */
export function markupOf(body: string, options: { markdown: boolean }): Markup {
  const markup: Markup = { tags: [], hidden: [] };
  scan(body, options.markdown, markup);
  return markup;
}

function noteMarkup(markup: Markup, text: string, at: number, construct: Construct): void {
  const { tag } = construct;
  if (text.startsWith('<!--', at)) {
    const closed = construct.end < text.length || /^<!--(?:-?>|[\s\S]*-->)$/.test(text.slice(at));
    markup.hidden.push({ kind: 'comment', start: at, end: construct.end, closed });
    return;
  }
  if (!tag) return;
  markup.tags.push({
    name: tag.name,
    closing: tag.closing,
    start: at,
    nameEnd: tag.nameEnd,
    end: tag.end,
    plain: tag.closing && tag.attributes.length === 0,
    markdownText: construct.markdownText === true,
  });
  if (construct.end > tag.end) {
    markup.hidden.push({ kind: 'raw text', start: tag.end, end: construct.end, closed: construct.end < text.length });
  }
}

// ---------------------------------------------------------------------------------------------
// Where a link leads

// A stand-in origin for the site itself: `.invalid` never resolves, so no real link can mean it.
const SITE_ORIGIN = 'http://site.invalid';

/**
 * The decoded site path a link from the page at `pageUrl` (a site path such as
 * `/emnews/2021/12/08/x.html`, percent-encoded) leads to; undefined when it leaves the site
 * (another host, or a scheme such as mailto:, javascript:, data:), or is empty or only a
 * fragment `#x` or query `?x` on the same page.
 *
 * Links to one of `localHosts` (host names, compared case-insensitively; http:, https: or
 * protocol-relative `//host/…`) are site links: `//finews.example.com/emnews/` → `/emnews/`.
 * `../` and `./` resolve against `pageUrl` as a browser would. Fragment and query are dropped.
 * The path is percent-decoded, or returned as the raw pathname when it cannot be (`/%E4/`).
 */
export function siteTarget(href: string, pageUrl: string, localHosts: readonly string[]): string | undefined {
  const written = trimAsciiSpace(href);
  if (written === '' || written.startsWith('#') || written.startsWith('?')) return undefined;
  const url = URL.parse(written, SITE_ORIGIN + pageUrl);
  if (!url || !isOnSite(url, localHosts)) return undefined;
  try {
    return decodeURIComponent(url.pathname);
  } catch {
    return url.pathname;
  }
}

function isOnSite(url: URL, localHosts: readonly string[]): boolean {
  if (url.origin === SITE_ORIGIN) return true;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  return localHosts.some((host) => host.toLowerCase() === url.hostname);
}

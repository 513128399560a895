/**
 * Where CommonMark and kramdown (Jekyll's Markdown) read the same post differently, in ways that
 * lose content, the text is adjusted before rendering so it reads as kramdown read it.
 *
 * The case scraped posts hit: a line of block HTML followed directly, without a blank line, by
 * a Markdown line (`<p>…</p>` then `原文链接：<https://…>`). kramdown ends the HTML block with
 * its closing tag and reads the next line as Markdown; CommonMark keeps the HTML block open
 * until a blank line, so the next line is raw HTML: its autolink becomes an unknown tag that
 * the sanitizer drops, and the link is silently lost.
 *
 * And kramdown's attribute lists (`{: .lead}` on a line of its own, `[链接](/a.html){:target="_blank"}`)
 * set attributes, which CommonMark does not know: it shows them as text. The sanitizer would
 * drop the attributes anyway, so they are taken out.
 *
 * And kramdown's setext headings (a line underlined with `---` or `===`) are one line long and
 * start a block: a paragraph of several lines followed by `---` stays a paragraph, underline and
 * all, where CommonMark makes the whole paragraph a heading. A file whose front matter comes
 * after a blank line showed its YAML as a rule and a paragraph in Jekyll, not as one big heading.
 */
import { markdownToMdast } from 'satteri';
import { fencedCode } from './markdown-lines';

// Block-level elements whose closing tag ends a kramdown HTML block (HTML blocks of CommonMark's kind 6).
const BLOCK_TAGS =
  'address|article|aside|blockquote|center|details|dialog|dd|div|dl|dt|fieldset|figcaption|figure|footer|form|h[1-6]|header|hr|li|main|nav|ol|p|section|summary|table|tbody|td|tfoot|th|thead|tr|ul';
const ENDS_WITH_BLOCK_CLOSE = new RegExp(`</(?:${BLOCK_TAGS})>\\s*$`, 'i');

const STARTS_BLOCK = new RegExp(`^ {0,3}</?(?:${BLOCK_TAGS})(?:[\\s/>]|$)`, 'i');

/**
 * The Markdown with a blank line wherever kramdown would have ended an HTML block and CommonMark
 * would not, and the (1-based) lines of the original text that now start Markdown of their own.
 */
export function kramdownBlockBreaks(markdown: string): { markdown: string; lines: number[] } {
  const lines = markdown.split('\n');
  const out: string[] = [];
  const changed: number[] = [];
  const inCode = fencedCode();
  let inHtmlBlock = false;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    out.push(line);
    if (inCode(line)) continue;
    if (line.trim() === '') {
      inHtmlBlock = false;
      continue;
    }
    // A block-level tag starts an HTML block in both readings, even right after a paragraph line.
    if (STARTS_BLOCK.test(line)) inHtmlBlock = true;
    const next = lines[index + 1];
    // The next line is Markdown text: not blank, not more HTML, not indented code.
    if (!inHtmlBlock || next === undefined || next.trim() === '' || /^\s*</.test(next) || /^( {4}|\t)/.test(next)) continue;
    if (ENDS_WITH_BLOCK_CLOSE.test(line)) {
      out.push('');
      changed.push(index + 2);
      inHtmlBlock = false;
    }
  }
  return { markdown: out.join('\n'), lines: changed };
}

// A block attribute list on its own line, or a span one right after a link, image or emphasis.
const BLOCK_IAL = /^ {0,3}\{:(?:[^}"']|"[^"]*"|'[^']*')*\}\s*$/;
const SPAN_IAL = /(?<=[)*_`])\{:(?:[^}"']|"[^"]*"|'[^']*')*\}/g;
const TOC_IAL = /^ {0,3}\{:\s*toc\s*\}\s*$/;
const LIST_ITEM = /^ {0,3}(?:[*+-]|\d{1,9}[.)])[ \t]+\S/;
/** Where kramdown's `{:toc}` list was: replaced by the table of contents once the headings are known. */
export const TOC_MARKER = '<!--kramdown-toc-->';

/**
 * The Markdown without kramdown attribute lists outside code, and the (1-based) lines they
 * were taken from.
 */
export function withoutAttributeLists(markdown: string): { markdown: string; lines: number[] } {
  const lines = markdown.split('\n');
  const out: string[] = [];
  const changed: number[] = [];
  const inCode = fencedCode();
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (!inCode(line) && !/^( {4}|\t)/.test(line)) {
      if (BLOCK_IAL.test(line)) {
        changed.push(index + 1);
        // `* TOC` then `{:toc}`: kramdown puts the table of contents in the list's place.
        if (TOC_IAL.test(line) && LIST_ITEM.test(out.at(-1) ?? '')) out[out.length - 1] = TOC_MARKER;
        continue;
      }
      const stripped = line.replace(SPAN_IAL, '');
      if (stripped !== line) changed.push(index + 1);
      out.push(stripped);
      continue;
    }
    out.push(line);
  }
  return { markdown: out.join('\n'), lines: changed };
}

// A line that may underline a setext heading, in a block quote or list item too.
const UNDERLINE = /^[ \t>]*(?:=+|-+)[ \t]*$/m;

interface MarkdownNode {
  type: string;
  children?: MarkdownNode[];
  position?: { start: { line: number; offset: number }; end: { line: number; offset: number } };
}

/**
 * A mark put before an underline so that CommonMark reads it as text; taken out of the HTML. Not
 * a backslash: an escaped `\---` is literal text to kramdown, where the underline it stands for
 * was an em dash.
 */
export const TEXT_MARK = '\uE001';

/**
 * The Markdown with the underline of each heading kramdown would not have made marked
 * ({@link TEXT_MARK}), so that CommonMark reads it as the paragraph text kramdown read, and the
 * (1-based) lines marked. kramdown's setext heading is one line after a block boundary: the start
 * of its container, or a blank line that was in the file (`insertedBlankLines` are those
 * {@link kramdownBlockBreaks} added, which kramdown did not see).
 */
export function kramdownSetextHeadings(
  markdown: string,
  insertedBlankLines: ReadonlySet<number> = new Set(),
): { markdown: string; lines: number[] } {
  const lines: number[] = [];
  let text = markdown;
  // Escaping an underline makes its heading a paragraph, which may then run on into the next
  // underline and become a longer heading: read again until every heading is one kramdown made.
  while (UNDERLINE.test(text)) {
    const tree = markdownToMdast(text, { features: { gfm: true, frontmatter: false } }) as MarkdownNode;
    const escapes = underlinesToEscape(text, tree, insertedBlankLines);
    if (escapes.length === 0) break;
    for (const { offset, line } of escapes.sort((a, b) => b.offset - a.offset)) {
      text = `${text.slice(0, offset)}${TEXT_MARK}${text.slice(offset)}`;
      lines.push(line);
    }
  }
  return { markdown: text, lines: lines.sort((a, b) => a - b) };
}

/** Where the underline of each setext heading of `tree` (read from `text`) that kramdown would not have made starts. */
function underlinesToEscape(text: string, tree: MarkdownNode, insertedBlankLines: ReadonlySet<number>): { offset: number; line: number }[] {
  const escapes: { offset: number; line: number }[] = [];
  const visit = (node: MarkdownNode) => {
    const children = node.children ?? [];
    children.forEach((child, index) => {
      const at = child.position;
      // ATX headings are one line; a setext heading ends on its underline.
      if (child.type === 'heading' && at && at.end.line > at.start.line) {
        const previous = children[index - 1]?.position;
        const lineBefore = at.start.line - 1;
        const afterBoundary = previous === undefined || (previous.end.line < lineBefore && !insertedBlankLines.has(lineBefore));
        if (at.end.line - at.start.line > 1 || !afterBoundary)
          escapes.push({ offset: underlineStart(text, at.end.offset), line: at.end.line });
      }
      visit(child);
    });
  };
  visit(tree);
  return escapes;
}

/** The first `-` or `=` of the underline that ends at `end` (trailing spaces and tabs allowed). */
function underlineStart(text: string, end: number): number {
  let at = end;
  while (at > 0 && (text[at - 1] === ' ' || text[at - 1] === '\t')) at -= 1;
  const char = text[at - 1];
  while (at > 0 && text[at - 1] === char) at -= 1;
  return at;
}

// A line kramdown reads as a table row: it starts with `|` or has a `|` that is not escaped
// (code spans taken out first: a `|` in code divides nothing).
const PIPE = /^\||[^\\\n]\|/;
const CODE_SPAN = /(`+)(?!`)[\s\S]*?[^`]\1(?!`)/g;
const isTableLine = (line: string) => PIPE.test(line.replace(CODE_SPAN, (code) => 'x'.repeat(code.length)));
// A GFM table's delimiter row: the block is a table in both readings already.
const DELIMITER_ROW = /^ {0,3}\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$/;
// Lines that start another kind of block in kramdown: list items, quotes, headings, HTML, rules.
const OTHER_BLOCK = /^ {0,3}(?:[*+-][ \t]|\d{1,9}[.)][ \t]|>|#|<|(?:[-*_][ \t]*){3,}$)/;
// kramdown's ATX heading starts in the first column; CommonMark allows three spaces before it.
const INDENTED_ATX = /^( {1,3})(#{1,6}(?:[ \t]|$))/;
const BOUNDARY_AFTER = /^(?:#{1,6}[ \t]|(?:[-*_][ \t]*){3,}$)/;

/** The cells kramdown splits a table line into: at each `|` outside code spans and not escaped, less an empty first and last. */
function tableCells(line: string): number {
  const bare = line.replace(/(`+)[\s\S]*?\1/g, (code) => 'x'.repeat(code.length)).replace(/\\\|/g, 'xx');
  const cells = bare.split('|');
  if (/^\s*\|/.test(bare) && cells[0]!.trim() === '') cells.shift();
  if (cells.length > 1 && cells.at(-1)!.trim() === '') cells.pop();
  return cells.length;
}

/**
 * The Markdown with kramdown's tables and headings where CommonMark differs, and the (1-based)
 * lines changed. A block whose every line has a `|` is a table in kramdown, without the delimiter
 * row GFM needs (`编辑 | 任羽欣` shows as two cells): it gets an empty header row and a delimiter
 * row, and the empty header is taken out of the HTML ({@link kramdownHtml}). A `#` after leading
 * spaces is text to kramdown, not a heading.
 */
export function kramdownTablesAndHeadings(markdown: string): { markdown: string; lines: number[] } {
  const lines = markdown.split('\n');
  const out: string[] = [];
  const changed: number[] = [];
  const inCode = fencedCode();
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (!inCode(line)) {
      const previous = out.at(-1);
      const atBoundary = previous === undefined || previous.trim() === '' || BOUNDARY_AFTER.test(previous);
      if (atBoundary && INDENTED_ATX.test(line)) {
        const listAbove = [...out].reverse().find((above) => above.trim() !== '');
        if (listAbove === undefined || !/^\s/.test(listAbove)) {
          out.push(line.replace(INDENTED_ATX, '$1\\$2'));
          changed.push(index + 1);
          continue;
        }
      }
      if (atBoundary && !/^( {4}|\t)/.test(line) && isTableLine(line) && !OTHER_BLOCK.test(line)) {
        let end = index;
        while (end < lines.length && lines[end]!.trim() !== '' && isTableLine(lines[end]!) && !OTHER_BLOCK.test(lines[end]!)) end += 1;
        const after = lines[end];
        const block = lines.slice(index, end);
        const endsAtBoundary = after === undefined || after.trim() === '' || BOUNDARY_AFTER.test(after);
        if (endsAtBoundary && !block.some((row) => DELIMITER_ROW.test(row))) {
          const columns = Math.max(...block.map(tableCells));
          out.push(`|${' |'.repeat(columns)}`, `|${'---|'.repeat(columns)}`, ...block);
          for (let row = index; row < end; row += 1) changed.push(row + 1);
          index = end - 1;
          continue;
        }
      }
    }
    out.push(line);
  }
  return { markdown: out.join('\n'), lines: changed };
}

/** The Markdown as kramdown read it, where CommonMark would lose or garble content. */
export function asKramdownRead(markdown: string): string {
  const broken = kramdownBlockBreaks(withoutAttributeLists(markdown).markdown);
  // The k-th line that now starts Markdown of its own has the k-th added blank line before it.
  const inserted = new Set(broken.lines.map((line, index) => line + index));
  return kramdownTablesAndHeadings(kramdownSetextHeadings(broken.markdown, inserted).markdown).markdown;
}

// An autolink left as raw HTML: CommonMark does not read Markdown inside an HTML block
// (`<p>原文：<https://…></p>`), and neither did kramdown, so the page got `<https://…>` as a tag
// that browsers drop. Only raw HTML can hold one: the renderer escapes every other `<` in text.
const RAW_AUTOLINK = /<(https?:\/\/[^\s<>"'`\p{Cc}]+)>/giu;

// The empty header row a kramdown table without one was given (see kramdownTablesAndHeadings).
const EMPTY_TABLE_HEAD = /<thead>\n<tr>\n(?:<th><\/th>\n)+<\/tr>\n<\/thead>\n/g;
// kramdown shows `<mailto:a@b.c>` as the address alone.
const MAILTO_AUTOLINK = /(<a href="mailto:([^"<>]*)">)mailto:\2<\/a>/g;

// The renderer's footnote heading, for screen readers only; its class goes with the sanitizer,
// and kramdown's footnotes have none.
const FOOTNOTE_HEADING = /<h2 class="sr-only" id="footnote-label">Footnotes<\/h2>\n?/g;

/**
 * Rendered Markdown made to show what the author wrote where CommonMark's HTML would lose it:
 * an autolink inside an HTML block becomes the link it was meant to be (Jekyll showed nothing,
 * so this is the one place xinwen shows more than Jekyll did), and footnotes lose the English
 * heading kramdown never had.
 */
export function kramdownHtml(html: string): string {
  return html
    .replaceAll(TEXT_MARK, '')
    .replace(FOOTNOTE_HEADING, '')
    .replace(EMPTY_TABLE_HEAD, '')
    .replace(MAILTO_AUTOLINK, '$1$2</a>')
    .replace(RAW_AUTOLINK, (_whole, url: string) => `<a href="${url.replace(/&(?![a-z#0-9]+;)/gi, '&amp;')}">${url}</a>`);
}

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

// Block-level elements whose closing tag ends a kramdown HTML block (HTML blocks of CommonMark's kind 6).
const BLOCK_TAGS =
  'address|article|aside|blockquote|center|details|dialog|dd|div|dl|dt|fieldset|figcaption|figure|footer|form|h[1-6]|header|hr|li|main|nav|ol|p|section|summary|table|tbody|td|tfoot|th|thead|tr|ul';
const ENDS_WITH_BLOCK_CLOSE = new RegExp(`</(?:${BLOCK_TAGS})>\\s*$`, 'i');
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

const STARTS_BLOCK = new RegExp(`^ {0,3}</?(?:${BLOCK_TAGS})(?:[\\s/>]|$)`, 'i');

/**
 * The Markdown with a blank line wherever kramdown would have ended an HTML block and CommonMark
 * would not, and the (1-based) lines of the original text that now start Markdown of their own.
 */
export function kramdownBlockBreaks(markdown: string): { markdown: string; lines: number[] } {
  const lines = markdown.split('\n');
  const out: string[] = [];
  const changed: number[] = [];
  let fence: string | undefined;
  let inHtmlBlock = false;
  let atBlockStart = true;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    out.push(line);
    const opener = FENCE.exec(line)?.[1];
    if (fence === undefined && opener) {
      fence = opener[0];
      continue;
    }
    if (fence !== undefined) {
      if (opener?.[0] === fence) fence = undefined;
      continue;
    }
    if (line.trim() === '') {
      inHtmlBlock = false;
      atBlockStart = true;
      continue;
    }
    if (atBlockStart && STARTS_BLOCK.test(line)) inHtmlBlock = true;
    atBlockStart = false;
    const next = lines[index + 1];
    // The next line is Markdown text: not blank, not more HTML, not indented code.
    if (!inHtmlBlock || next === undefined || next.trim() === '' || /^\s*</.test(next) || /^( {4}|\t)/.test(next)) continue;
    if (ENDS_WITH_BLOCK_CLOSE.test(line)) {
      out.push('');
      changed.push(index + 2);
      inHtmlBlock = false;
      atBlockStart = true;
    }
  }
  return { markdown: out.join('\n'), lines: changed };
}

// A block attribute list on its own line, or a span one right after a link, image or emphasis.
const BLOCK_IAL = /^ {0,3}\{:(?:[^}"']|"[^"]*"|'[^']*')*\}\s*$/;
const SPAN_IAL = /(?<=[)*_`])\{:(?:[^}"']|"[^"]*"|'[^']*')*\}/g;

/**
 * The Markdown without kramdown attribute lists outside code, and the (1-based) lines they
 * were taken from.
 */
export function withoutAttributeLists(markdown: string): { markdown: string; lines: number[] } {
  const lines = markdown.split('\n');
  const out: string[] = [];
  const changed: number[] = [];
  let fence: string | undefined;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    const opener = FENCE.exec(line)?.[1];
    if (fence === undefined && opener) fence = opener[0];
    else if (fence !== undefined && opener?.[0] === fence) fence = undefined;
    else if (fence === undefined && !/^( {4}|\t)/.test(line)) {
      if (BLOCK_IAL.test(line)) {
        changed.push(index + 1);
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
 * The Markdown with the underline of each heading kramdown would not have made escaped, so that
 * CommonMark reads it as the paragraph text kramdown read (`\---` shows as `---`), and the
 * (1-based) lines escaped. kramdown's setext heading is one line after a block boundary: the start
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
      text = `${text.slice(0, offset)}\\${text.slice(offset)}`;
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

/** The Markdown as kramdown read it, where CommonMark would lose or garble content. */
export function asKramdownRead(markdown: string): string {
  const broken = kramdownBlockBreaks(withoutAttributeLists(markdown).markdown);
  // The k-th line that now starts Markdown of its own has the k-th added blank line before it.
  const inserted = new Set(broken.lines.map((line, index) => line + index));
  return kramdownSetextHeadings(broken.markdown, inserted).markdown;
}

// An autolink left as raw HTML: CommonMark does not read Markdown inside an HTML block
// (`<p>原文：<https://…></p>`), and neither did kramdown, so the page got `<https://…>` as a tag
// that browsers drop. Only raw HTML can hold one: the renderer escapes every other `<` in text.
const RAW_AUTOLINK = /<(https?:\/\/[^\s<>"'`\p{Cc}]+)>/giu;

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
    .replace(FOOTNOTE_HEADING, '')
    .replace(RAW_AUTOLINK, (_whole, url: string) => `<a href="${url.replace(/&(?![a-z#0-9]+;)/gi, '&amp;')}">${url}</a>`);
}

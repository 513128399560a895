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
 */

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

/** The Markdown as kramdown read it, where CommonMark would lose or garble content. */
export function asKramdownRead(markdown: string): string {
  return kramdownBlockBreaks(withoutAttributeLists(markdown).markdown).markdown;
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

/**
 * Plain-text excerpts of sanitized article HTML for feeds, listings and meta descriptions.
 * Chinese has no spaces to cut at, so the cut prefers the end of a sentence (。！？…), then
 * a clause (，；、), and only then a space; lengths count characters, not bytes.
 */

import { decodeHtmlText } from './html-entities';

const BLOCK_BOUNDARY = /<\/?(?:p|div|br|hr|h[1-6]|li|ul|ol|dl|dt|dd|blockquote|tr|td|th|table|figure|figcaption|pre)\b[^>]*>/gi;

/**
 * Text of sanitized HTML. Only for HTML that went through the sanitizer, whose output escapes
 * `<` and `>` inside attribute values, so a tag always ends at the first `>`.
 */
export function htmlToText(html: string): string {
  // A no-break space (`&nbsp;`) is white space to `\s` too, and collapses with the rest.
  return decodeHtmlText(html.replace(BLOCK_BOUNDARY, ' ').replace(/<[^>]*>/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
}

const SENTENCE_END = /[。！？!?…]/u;
const CLAUSE_END = /[，、；：,;:]/u;

// A source label left at the end ("原文链接：" when its link was cut off or is the next
// sentence) says nothing on its own; a description must not end with it.
const DANGLING_LABEL = /\s*(?:原文(?:链接|地址)|(?:原文|来源|链接|source|via)\s*[:：])\s*[:：]?\s*…?$/iu;

/** `text` without a source label dangling at its end (then ending with "…" if it was cut). */
function withoutDanglingLabel(text: string): string {
  const match = DANGLING_LABEL.exec(text);
  if (!match) return text;
  const kept = text
    .slice(0, match.index)
    .trimEnd()
    .replace(/[，、；：,;:]+$/u, '');
  return match[0].endsWith('…') && !SENTENCE_END.test(kept.at(-1) ?? '') ? `${kept}…` : kept;
}

/**
 * At most `maxLength` characters of `text`, cut at the last sentence end in the final third of
 * the window, else at a clause end or space there, else hard; "…" marks a cut. A source label
 * ("原文链接：") left dangling at the end is dropped.
 */
export function excerpt(text: string, maxLength: number): string {
  return withoutDanglingLabel(cut(text, maxLength));
}

function cut(text: string, maxLength: number): string {
  const chars = Array.from(text.trim());
  if (chars.length <= maxLength) return chars.join('');
  const window = chars.slice(0, maxLength);
  const earliest = Math.floor((maxLength * 2) / 3);
  const cutAfter = (pattern: RegExp): number => {
    for (let index = window.length - 1; index >= earliest; index -= 1) {
      if (pattern.test(window[index]!)) return index + 1;
    }
    return -1;
  };
  const sentence = cutAfter(SENTENCE_END);
  if (sentence > 0) return window.slice(0, sentence).join('');
  const clause = cutAfter(CLAUSE_END);
  if (clause > 0) return `${window.slice(0, clause - 1).join('')}…`;
  const space = cutAfter(/\s/u);
  if (space > 0)
    return `${window
      .slice(0, space - 1)
      .join('')
      .trimEnd()}…`;
  return `${window.slice(0, maxLength - 1).join('')}…`;
}

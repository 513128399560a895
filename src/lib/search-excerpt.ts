/**
 * The excerpt under a search result, built from the article's indexed text: Pagefind's `content`,
 * the title followed by the body as plain text. Pagefind's own excerpt is not used: it begins
 * with the title, starts wherever its window of segments falls, and marks what its segmentation
 * matched (美国 in 美国债务 for a query of 国债). Here the excerpt is a window of the body alone,
 * starting at the clause that holds the first occurrence of a query term, or at a word near it,
 * with every exact occurrence of the terms marked. It is returned as parts of plain text, which
 * the search page turns into text nodes and `<mark>` elements: no article text is read as HTML.
 * Runs in the browser (bundled into the search page's script) and in the unit tests.
 */
import { findTermRanges, type TextRange } from './search-terms';

/** A piece of an excerpt, in order: text to show, marked when it is an occurrence of a term. */
export interface ExcerptPart {
  text: string;
  marked: boolean;
}

export interface ExcerptOptions {
  /** About how many characters of the body an excerpt shows (its end is moved to a word). Default 120. */
  length?: number;
  /**
   * How far before the first occurrence the clause holding it may start and still start the
   * excerpt; beyond, the excerpt starts at a word at most half as far before it. Default 40.
   */
  lookBehind?: number;
  segmenter?: Intl.Segmenter;
}

const ELLIPSIS = '…';
/** Characters the segmenter is shown beyond a cut, so the word the cut falls in is whole. */
const SLACK = 32;
/** Marks that end a clause wherever they are; Latin ones end one only before a space (not in 3.5 or 1,000). */
const CLAUSE_END_CJK = /[。！？；，、：…]$/;
const CLAUSE_END_LATIN = /[.!?;:,]$/;
/** Closing quotes and brackets after a clause's end belong to that clause. */
const CLOSING_AND_SPACE = /[\s”’」』）》〉】)\]"']+$/u;
/** What Latin words and numbers are made of. */
const LATIN_WORD = /[\p{Script=Latin}\p{Nd}]/u;
/** Marks inside a Latin word or number when letters or digits follow: long-dated, 2.35, 1,000, don't. */
const LATIN_JOINER = /[-'’.,/_]/;

/**
 * The body of an article from its indexed text: whitespace runs as one space (none after
 * full-width punctuation, where Pagefind joins two blocks of Chinese text), and the title taken
 * off the start, with the ". " Pagefind writes after it. Text that does not start with the title
 * is returned whole.
 */
export function articleBody(content: string, title: string): string {
  const text = normalizeSpace(content);
  const heading = normalizeSpace(title);
  if (heading === '' || !text.startsWith(heading)) return text;
  return text.slice(heading.length).replace(/^\.(?: |$)|^ /, '');
}

function normalizeSpace(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/([。！？；，、：”’」』）》]) /g, '$1')
    .trim();
}

/**
 * The excerpt of an article for the query's terms (as returned by `requiredTerms`), from its
 * indexed text `content` and its `title`. The window starts at the clause holding the first
 * occurrence in the body (after 。，；… or a Latin . , ; before a space), or when that clause
 * starts too far back, at a word near the occurrence, as `Intl.Segmenter` sees words: never
 * inside a Latin word or a number. It ends at a word too and never cuts an occurrence; "…" shows
 * where text was left out. No occurrence in the body (a title match): the body's start. An empty
 * body: no parts.
 */
export function searchExcerpt(content: string, title: string, terms: readonly string[], options: ExcerptOptions = {}): ExcerptPart[] {
  const { length = 120, lookBehind = 40, segmenter = new Intl.Segmenter('zh', { granularity: 'word' }) } = options;
  const body = articleBody(content, title);
  if (body === '') return [];
  const ranges = findTermRanges(body, terms);
  const first = ranges[0]?.start ?? 0;
  const start = clauseStart(body, first, lookBehind) ?? wordStartNear(body, first, Math.floor(lookBehind / 2), segmenter);
  const end = windowEnd(body, start, length, ranges, segmenter);

  const parts: ExcerptPart[] = [];
  const add = (text: string, marked: boolean) => {
    if (text === '') return;
    const last = parts[parts.length - 1];
    // Adjacent occurrences (乡村 and 振兴 in 乡村振兴) are one mark.
    if (last?.marked === marked) last.text += text;
    else parts.push({ text, marked });
  };
  if (start > 0) add(ELLIPSIS, false);
  let position = start;
  for (const range of ranges) {
    if (range.end <= start || range.start >= end) continue;
    const from = Math.max(range.start, start);
    add(body.slice(position, from), false);
    position = Math.min(range.end, end);
    add(body.slice(from, position), true);
  }
  add(body.slice(position, end), false);
  if (end < body.length) add(ELLIPSIS, false);
  return parts;
}

/** The start of the clause holding `at`, when it starts at most `lookBehind` characters before. */
function clauseStart(text: string, at: number, lookBehind: number): number | undefined {
  for (let i = at; i >= Math.max(0, at - lookBehind); i--) {
    if (i === 0 || betweenClauses(text, i)) return i;
  }
  return undefined;
}

/**
 * Whether a clause starts at place `i`: the text before it ends with 。，… or a Latin . , ; and a
 * space (closing quotes and brackets after them included), and `i` is not on a space or a closing mark.
 */
function betweenClauses(text: string, i: number): boolean {
  if (i <= 0 || i >= text.length || CLOSING_AND_SPACE.test(text[i]!)) return false;
  const before = text.slice(Math.max(0, i - 8), i);
  const closed = before.replace(CLOSING_AND_SPACE, '');
  return CLAUSE_END_CJK.test(closed) || (CLAUSE_END_LATIN.test(closed) && /\s/.test(before.slice(closed.length)));
}

/**
 * The earliest start of a word at most `context` characters before `at`; when the word holding
 * `at` starts before that, its start (a match inside a long word or number shows it whole).
 */
function wordStartNear(text: string, at: number, context: number, segmenter: Intl.Segmenter): number {
  const from = Math.max(0, at - context - SLACK);
  let holding: number | undefined;
  for (const { index, isWordLike } of segmenter.segment(text.slice(from, at + SLACK))) {
    const position = from + index;
    if (position > at) break;
    // The first segment may be the tail of a word cut by the slice.
    if (!isWordLike || (index === 0 && from > 0) || insideLatinWord(text, position)) continue;
    if (position >= at - context) return position;
    holding = position;
  }
  return holding ?? at;
}

/**
 * Where the window from `start` ends: about `length` characters on, past the first occurrence
 * and any occurrence it would cut; at the end of a clause when one ends in the last quarter, else at a word — the start of
 * the word the cut falls in, or that word's end when moving back would cut an occurrence.
 */
function windowEnd(text: string, start: number, length: number, ranges: readonly TextRange[], segmenter: Intl.Segmenter): number {
  // The first occurrence is always shown, however short the window.
  const first = ranges[0]?.end ?? start + 1;
  let end = Math.max(start + length, first);
  if (end >= text.length) return text.length;
  const cut = ranges.find((range) => range.start < end && range.end > end);
  if (cut) end = cut.end;
  const kept = Math.max(first, cut?.end ?? 0);
  for (let i = end; i >= Math.max(kept, end - Math.floor(length / 4)); i--) {
    if (betweenClauses(text, i)) return text.slice(0, i).trimEnd().length;
  }
  const from = Math.max(start, end - SLACK);
  for (const { index, segment } of segmenter.segment(text.slice(from, end + SLACK))) {
    const segmentStart = from + index;
    if (segmentStart + segment.length <= end) continue;
    if (segmentStart < end) end = segmentStart >= kept ? segmentStart : segmentStart + segment.length;
    break;
  }
  // The segmenter splits long-dated and 2.35 at their marks; a Latin word or number stays whole.
  let back = end;
  while (back > kept && insideLatinWord(text, back)) back--;
  end = insideLatinWord(text, back) ? end : back;
  while (insideLatinWord(text, end)) end++;
  return text.slice(0, end).trimEnd().length;
}

/** Whether place `i` of `text` is inside a Latin word or number: 5|0, long|-dated, long-|dated, 2|.35. */
function insideLatinWord(text: string, i: number): boolean {
  const [before, previous, next, after] = [text[i - 2] ?? '', text[i - 1] ?? '', text[i] ?? '', text[i + 1] ?? ''];
  if (LATIN_WORD.test(previous)) return LATIN_WORD.test(next) || (LATIN_JOINER.test(next) && LATIN_WORD.test(after));
  return LATIN_JOINER.test(previous) && LATIN_WORD.test(before) && LATIN_WORD.test(next);
}

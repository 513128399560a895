/**
 * What a search result must contain to be listed. Pagefind leaves out the words of a query its
 * index does not have, so `量子纠缠态` finds a page that only has `态`; the search page keeps
 * a result only when its text contains every word of the query, as the browser segments it.
 * Runs in the browser (bundled into the search page's script) and in the unit tests.
 */

/**
 * Text as it is compared: full-width Latin letters and digits (`Ｐａｇｅ`, `５Ｇ`, common in
 * Chinese text) as half-width, and lower case, so neither width nor case decides whether a word
 * is there. Full-width punctuation stays: it is never part of a word.
 */
export function foldText(text: string): string {
  return text.replace(/[０-９Ａ-Ｚａ-ｚ]/g, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0)).toLowerCase();
}

/**
 * The words a result must contain: the query's word-like segments (punctuation and spaces are
 * not words), folded, each once. Chinese has no spaces, so the segmenter's dictionary decides
 * the words: `量子纠缠态` is 量子, 纠缠 and 态.
 */
export function requiredTerms(query: string, segmenter = new Intl.Segmenter('zh', { granularity: 'word' })): string[] {
  const terms = new Set<string>();
  for (const { segment, isWordLike } of segmenter.segment(foldText(query))) {
    if (isWordLike) terms.add(segment);
  }
  return [...terms];
}

/**
 * Whether `text` contains every term (as returned by `requiredTerms`). A substring test, not a
 * word test: the segmenter may split a page's `光伏` differently from the query's, and a word
 * the query asks for is there whichever way the page's text is split. No terms: any text.
 */
export function containsAllTerms(text: string, terms: readonly string[]): boolean {
  const folded = foldText(text);
  return terms.every((term) => folded.includes(term));
}

/** A stretch of a text: `start` inclusive, `end` exclusive, in UTF-16 code units. */
export interface TextRange {
  start: number;
  end: number;
}

/**
 * Where the terms (as returned by `requiredTerms`) occur in `text`: every exact occurrence, left
 * to right, never overlapping, and where terms start at one place the longest wins (国债收益率
 * before 国债). Compared as `containsAllTerms` compares, so width and case of Latin letters do
 * not matter and a listed result shows each of its terms. The ranges index `text` itself, as it
 * was given. Nothing else is matched: a query for 国债 finds no 美国 however a page is segmented.
 */
export function findTermRanges(text: string, terms: readonly string[]): TextRange[] {
  const longestFirst = [...new Set(terms)].filter((term) => term !== '').sort((a, b) => b.length - a.length);
  if (longestFirst.length === 0) return [];
  // A regular expression tries its alternatives in order at each place: longest first.
  const pattern = new RegExp(longestFirst.map((term) => term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  return Array.from(foldKeepingPlaces(text).matchAll(pattern), (match) => ({ start: match.index, end: match.index + match[0].length }));
}

/** `foldText`, with every character where it was, so a match in the folded text is one in `text`. */
function foldKeepingPlaces(text: string): string {
  const folded = foldText(text);
  if (folded.length === text.length) return folded;
  // A few letters grow in lower case (İ is i and a combining dot): those stay as they are.
  return Array.from(text, (char) => {
    const one = foldText(char);
    return one.length === char.length ? one : char;
  }).join('');
}

/**
 * What a search result must contain to be listed. Pagefind answers a query with every page that
 * matches any of its words, so `量子纠缠态` finds a page that only has `态`; the search page keeps
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

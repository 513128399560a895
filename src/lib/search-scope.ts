/**
 * How far the search page widens a query. It searches bundles in a fixed order (the delta, then
 * the shards newest first), first the delta and the newest shard, then twice as many each round
 * while fewer than a page of results is found, so a word few articles have takes a few rounds
 * rather than one per shard. Every bundle searched costs its word lists and metadata, so the
 * rounds also stop at the site's `search.widenLimit` articles: past it, the older articles are
 * the reader's choice (a button), not a download every rare query pays, and each press of the
 * button searches at most that many more, so no press downloads the whole archive's index.
 */

/**
 * The word lists (Pagefind's `.pf_index` files) a query downloads by itself. Pagefind cuts each
 * bundle's word lists into files of about 20,000 places, one or more per word: a common word's
 * list is a file of 25 to 50 KB in every bundle, however few articles the bundle holds, so a
 * query of six common words searched in three bundles would download more than all else the
 * search page needs. With the default shards and limit, a query of one to four words widens as
 * far as `widenLimit` allows; one of five or more stops after the first round (the delta and the
 * newest shard), and the older articles are the reader's choice.
 */
export const WORD_LISTS_BY_ITSELF = 12;

/**
 * The word lists a query of `words` words downloads from a bundle of `files` word-list files:
 * one per word, never more than the bundle has (a small bundle's one file holds every word).
 */
export function wordListsFor(words: number, files: number | undefined): number {
  return Math.min(Math.max(1, words), files ?? Number.POSITIVE_INFINITY);
}

/**
 * The number of bundles, in search order, the next round searches; `undefined` when the search
 * stops widening by itself, because every bundle was searched or the next one would take it past
 * `widenLimit` articles or `WORD_LISTS_BY_ITSELF` word lists. `sizes` are the bundles' articles
 * in search order, `lists` the word lists the query downloads from each (`wordListsFor`; none
 * counted when not given); `scope` the number searched so far.
 */
export function nextScope(sizes: readonly number[], scope: number, widenLimit: number, lists: readonly number[] = []): number | undefined {
  const wanted = Math.min(sizes.length, scope * 2);
  const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
  let articles = sum(sizes.slice(0, scope));
  let wordLists = sum(lists.slice(0, scope));
  let next = scope;
  while (next < wanted && articles + sizes[next]! <= widenLimit && wordLists + (lists[next] ?? 0) <= WORD_LISTS_BY_ITSELF) {
    articles += sizes[next]!;
    wordLists += lists[next] ?? 0;
    next += 1;
  }
  return next > scope ? next : undefined;
}

/**
 * The number of bundles, in search order, searched once the reader asks for older articles: the
 * next ones after `scope` that hold at most `widenLimit` articles together, and always at least
 * one; `undefined` when every bundle was searched.
 */
export function olderScope(sizes: readonly number[], scope: number, widenLimit: number): number | undefined {
  if (scope >= sizes.length) return undefined;
  let articles = sizes[scope]!;
  let next = scope + 1;
  while (next < sizes.length && articles + sizes[next]! <= widenLimit) {
    articles += sizes[next]!;
    next += 1;
  }
  return next;
}

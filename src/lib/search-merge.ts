/**
 * One result list from the search bundles (see `search-plan.ts`): base results the delta
 * replaced or whose article is gone are dropped by id, and the rest are ordered as one index
 * would order them. Pagefind's own `mergeIndex` cannot do this: it re-sorts merged results by
 * score, which breaks date order, and it cannot hide a page.
 */

/** A search result as Pagefind gives it: the page's data is fetched on demand. */
export interface SearchHit<Data> {
  id: string;
  score: number;
  data(): Promise<Data>;
}

export type SearchOrder = 'relevance' | 'newest';

export interface MergedResults<Data> {
  /** Results across both bundles. */
  readonly total: number;
  /** The data of the first `count` results in order; fetches only what deciding that needs. */
  first(count: number): Promise<Data[]>;
}

/** One bundle's results, in the order it returned them, and the ids hidden in it. */
export interface BundleResults<Data> {
  hits: readonly SearchHit<Data>[];
  /**
   * For a shard: the ids of its entries the delta replaces or whose article is gone. Never
   * applied to the delta, whose page for an article whose indexed text did not change has
   * the same id as the shard's.
   */
  hidden?: ReadonlySet<string> | undefined;
}

/**
 * Merges the results of each bundle (each in the order its bundle returned), dropping hidden
 * ones. By relevance, all results sort by score, as Pagefind sorts results of merged indexes.
 * Newest first, each bundle's list is already in date order, so the lists are merged by the
 * date `dateOf` reads from a page's data: the first n results are among the first n of each
 * list, so at most n pages per bundle are fetched.
 */
export function mergeResults<Data>(
  bundles: readonly BundleResults<Data>[],
  order: SearchOrder,
  dateOf: (data: Data) => string,
): MergedResults<Data> {
  const lists = bundles.map(({ hits, hidden }) => (hidden ? hits.filter((hit) => !hidden.has(hit.id)) : hits));
  const total = lists.reduce((sum, hits) => sum + hits.length, 0);
  if (order === 'relevance') {
    // A stable sort: equal scores keep the earlier bundle's results first, as Pagefind's merge does.
    const ranked = lists.flat().sort((a, b) => b.score - a.score);
    return { total, first: (count) => Promise.all(ranked.slice(0, count).map((hit) => hit.data())) };
  }
  return {
    total,
    async first(count) {
      const loaded = await Promise.all(lists.map((hits) => Promise.all(hits.slice(0, count).map((hit) => hit.data()))));
      return loaded.reduce((merged, list) => mergeByDate(merged, list, count, dateOf), [] as Data[]);
    },
  };
}

/** The first `count` of two newest-first lists, newest first; on equal dates `a` comes first. */
export function mergeByDate<Data>(a: readonly Data[], b: readonly Data[], count: number, dateOf: (data: Data) => string): Data[] {
  const time = (data: Data) => {
    const parsed = Date.parse(dateOf(data));
    return Number.isNaN(parsed) ? Number.NEGATIVE_INFINITY : parsed;
  };
  const merged: Data[] = [];
  let i = 0;
  let j = 0;
  while (merged.length < count && (i < a.length || j < b.length)) {
    if (j >= b.length || (i < a.length && time(a[i]!) >= time(b[j]!))) merged.push(a[i++]!);
    else merged.push(b[j++]!);
  }
  return merged;
}

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

/** `hits` without those whose ids are `hidden`. */
function visibleHits<Data>(hits: readonly SearchHit<Data>[], hidden: ReadonlySet<string> | undefined): readonly SearchHit<Data>[] {
  return hidden ? hits.filter((hit) => !hidden.has(hit.id)) : hits;
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
  const lists = bundles.map(({ hits, hidden }) => visibleHits(hits, hidden));
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

/** A bundle's hits for a query, split by how Pagefind matched each page. */
export interface MatchedHits<Data> {
  /** Every page Pagefind matched, in the bundle's order. */
  all: SearchHit<Data>[];
  /** Pages Pagefind matched on every word of the query, in the bundle's order. */
  every: SearchHit<Data>[];
  /** Pages Pagefind matched on some of the words only, in the bundle's order. */
  some: SearchHit<Data>[];
}

/**
 * Splits a bundle's `hits` for a query by the ids Pagefind gave for each of its words on its own
 * (`perWord`, one list per word; none for a query of one word). A page in every word's list very
 * likely has every word; one missing from a word's list lacks that word as Pagefind segmented the
 * page, though its text may still have it inside a longer word of the index (新订单 for 订单).
 */
export function splitByEveryWord<Data>(
  hits: readonly SearchHit<Data>[],
  perWord: readonly (readonly { id: string }[])[],
): MatchedHits<Data> {
  if (perWord.length === 0) return { all: [...hits], every: [...hits], some: [] };
  const idSets = perWord.map((results) => new Set(results.map(({ id }) => id)));
  const every: SearchHit<Data>[] = [];
  const some: SearchHit<Data>[] = [];
  for (const hit of hits) (idSets.every((ids) => ids.has(hit.id)) ? every : some).push(hit);
  return { all: [...hits], every, some };
}

/**
 * The hits of each bundle whose text a search checks, in the bundle's order: the pages Pagefind
 * matched on every word, and of the others only the `budget` best by score across the bundles,
 * hidden ones left out. `chosen` holds the others picked in earlier rounds of the same query and
 * is added to, so widening to more bundles never picks more than `budget` in all: the pages
 * matched on some words are mostly not results, and each check downloads an article's text.
 */
export function hitsToCheck<Data>(
  bundles: readonly { split: MatchedHits<Data>; hidden?: ReadonlySet<string> | undefined }[],
  chosen: Set<SearchHit<Data>>,
  budget: number,
): SearchHit<Data>[][] {
  const others = bundles
    .flatMap(({ split, hidden }) => visibleHits(split.some, hidden))
    .filter((hit) => !chosen.has(hit))
    .sort((a, b) => b.score - a.score);
  for (const hit of others.slice(0, Math.max(0, budget - chosen.size))) chosen.add(hit);
  return bundles.map(({ split }) => {
    const every = new Set(split.every);
    return split.all.filter((hit) => every.has(hit) || chosen.has(hit));
  });
}

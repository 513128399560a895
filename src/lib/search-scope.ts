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
 * The number of bundles, in search order, the next round searches; `undefined` when the search
 * stops widening by itself, because every bundle was searched or the next one would take it past
 * `widenLimit` articles. `sizes` are the bundles' articles in search order; `scope` the number
 * searched so far.
 */
export function nextScope(sizes: readonly number[], scope: number, widenLimit: number): number | undefined {
  const wanted = Math.min(sizes.length, scope * 2);
  let articles = sizes.slice(0, scope).reduce((sum, size) => sum + size, 0);
  let next = scope;
  while (next < wanted && articles + sizes[next]! <= widenLimit) {
    articles += sizes[next]!;
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

/**
 * The search index as several Pagefind bundles: base shards of up to `search.shardSize` articles each,
 * holding every article as it was when its shard was last built, and a small delta of the
 * articles added or changed since. The browser searches them all (see `search-merge.ts`); base
 * entries that the delta replaces or whose article is gone are hidden by id. A build re-indexes
 * only the delta, so adding a post costs the same on a site of 1,000 or 100,000 articles, and an
 * edit of a two-year-old post costs what a new post costs. When the delta grows past a limit,
 * it is folded into the shards: only the shards that hold a replaced or removed article, and
 * the newest shard, which takes the new articles, are indexed again.
 *
 * This module is the step's pure part: `planSearchIndex` decides what a build does, and
 * `searchManifest` what the search page loads. The step (`src/integrations/post-build/
 * search-index.ts`) runs one executor per kind of plan and commits the state it leaves.
 *
 * What changed is decided from the route record of this build: each article's output file and
 * the digest of the view its page was rendered from (the page's own cache key). Nothing here
 * looks at file times.
 */

import type { SearchSettings } from '../schemas/settings';

/** Output folders: the first shard, further shards (`pagefind-2`, …), the delta, the manifest, the shared runtime. */
export const SEARCH_BUNDLES = {
  base: 'pagefind',
  delta: 'pagefind-delta',
  /** In the delta folder, which every indexing build rewrites. */
  manifest: 'pagefind-delta/xinwen-search.json',
  /** Pagefind's WebAssembly, one copy for every bundle (see `search-runtime.ts`). */
  runtime: 'pagefind-runtime',
} as const;

/** The output folder of shard `index` (0-based). */
export function shardFolder(index: number): string {
  return index === 0 ? SEARCH_BUNDLES.base : `${SEARCH_BUNDLES.base}-${index + 1}`;
}

/** Whether a top-level output folder belongs to the search index. */
export function isSearchFolder(name: string): boolean {
  return /^pagefind(?:-\d+|-delta|-runtime)?$/.test(name);
}

/** An article page of this build: its output file and the digest of what it shows. */
export interface ArticleRecord {
  /** Output file, relative to the output folder, decoded, `/`-separated. */
  file: string;
  /** Digest of the page's view; it changes whenever anything the page shows does. */
  key: string;
  /**
   * When the article was published (ms since the epoch): shards are cut in date order, so the
   * search page can search the newest articles first and older shards only when it needs them.
   */
  time?: number | undefined;
}

/** An article as a bundle holds it. */
export interface IndexedArticle {
  key: string;
  /** Pagefind's id of the page (its fragment's hash), which search results carry. */
  id: string;
  /** The filter values Pagefind read from the page (`category`, `year`). */
  filters: Record<string, string[]>;
}

/** A bundle on disk: what it holds and a digest of its entry file, to notice it was replaced. */
export interface BundleState {
  /** Output folder. */
  folder: string;
  entryDigest: string;
  articles: Record<string, IndexedArticle>;
}

/** What the index step remembers between builds, in the cache folder. */
export interface SearchIndexState {
  /** Changes when the layout of the state or the bundles does, or the indexer's version. */
  format: string;
  language: string;
  shards: BundleState[];
  /** Absent while nothing differs from the shards. */
  delta?: BundleState | undefined;
  /** Base files hidden by the current manifest. */
  hidden: string[];
}

/** A bundle to index: its folder and its articles. */
export interface BundlePlan {
  folder: string;
  articles: ArticleRecord[];
}

/** What one build does to the index; one executor in the index step per kind. */
export type SearchIndexPlan =
  /** No earlier index that can be trusted: index every article into new shards; the delta is empty. */
  | { kind: 'full'; reason: string; rebuild: BundlePlan[] }
  /**
   * The delta outgrew `search.deltaLimit`: index `rebuild` into new shards (those the changes
   * touch), keep the shards of `keep` as they are, and empty the delta.
   */
  | { kind: 'fold'; reason: string; rebuild: BundlePlan[]; keep: BundleState[] }
  /**
   * Index `changed` into a new delta (none when empty), hide `hidden` base files and take the
   * pages of `remove` out of the shards, which `shards` then describes.
   */
  | { kind: 'delta'; changed: ArticleRecord[]; hidden: string[]; shards: BundleState[]; remove: RemovedPage[] }
  /**
   * The bundles already answer for these articles: only the pages of `remove`, hidden entries
   * an earlier build left in the shards (one interrupted, or of an older layout), go; `state`
   * then describes the bundles.
   */
  | { kind: 'unchanged'; state: SearchIndexState; remove: RemovedPage[] };

/** What the index step knows about the bundles on disk before planning. */
export interface PlanInput {
  /** The state of the last indexing build, if it can be read. */
  state: SearchIndexState | undefined;
  /** What this build would write into the state's `format`. */
  format: string;
  language: string;
  /** Digest of a bundle's entry file as it is on disk now; undefined when missing. */
  onDisk: (folder: string) => string | undefined;
  /** The search settings: shard size and delta limit. */
  search: Pick<SearchSettings, 'shardSize' | 'deltaLimit'>;
}

/** Oldest first, by publication time, then by file. */
function byTime(a: ArticleRecord, b: ArticleRecord): number {
  return (a.time ?? 0) - (b.time ?? 0) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
}

/**
 * Splits `articles` into shards of `size` in date order, the oldest articles in the first
 * shard and the newest in the last, each shard's articles sorted by file.
 */
function allShards(articles: readonly ArticleRecord[], size: number): BundlePlan[] {
  const dated = [...articles].sort(byTime);
  const shards: BundlePlan[] = [];
  for (let start = 0; start < dated.length || shards.length === 0; start += size) {
    const slice = dated.slice(start, start + size).sort((a, b) => (a.file < b.file ? -1 : 1));
    shards.push({ folder: shardFolder(shards.length), articles: slice });
  }
  return shards;
}

/** Decides what this build does to the index. `articles` must be sorted by file. */
export function planSearchIndex(articles: readonly ArticleRecord[], input: PlanInput): SearchIndexPlan {
  const { state, onDisk, search } = input;
  const full = (reason: string): SearchIndexPlan => ({ kind: 'full', reason, rebuild: allShards(articles, search.shardSize) });
  if (!state) return full('no earlier index');
  if (state.format !== input.format) return full('the index format or Pagefind version changed');
  if (state.language !== input.language) return full('the site language changed');
  if (state.shards.some((shard) => onDisk(shard.folder) !== shard.entryDigest)) {
    return full('a part of the index in the output folder is missing or was replaced');
  }

  const current = new Map<string, string>();
  const changed: ArticleRecord[] = [];
  const shardOf = new Map<string, number>();
  state.shards.forEach((shard, index) => {
    for (const file of Object.keys(shard.articles)) shardOf.set(file, index);
  });
  for (const article of articles) {
    current.set(article.file, article.key);
    const shard = shardOf.get(article.file);
    if (shard === undefined || state.shards[shard]!.articles[article.file]!.key !== article.key) changed.push(article);
  }
  // A base entry is hidden when its article is gone or shows something else now.
  const hidden: string[] = [];
  for (const shard of state.shards) {
    for (const [file, { key }] of Object.entries(shard.articles)) if (current.get(file) !== key) hidden.push(file);
  }
  hidden.sort();
  if (changed.length + hidden.length > search.deltaLimit) return fold(state, changed, hidden, current, shardOf, search);
  if (sameDelta(changed, hidden, state, onDisk)) {
    const { shards, remove } = removeHiddenPages(state.shards, state.hidden);
    return { kind: 'unchanged', state: { ...state, shards }, remove };
  }
  // A hidden entry's page leaves the output: a removed or corrected article is not kept in the index's files.
  const { shards, remove } = removeHiddenPages(state.shards, hidden);
  return { kind: 'delta', changed, hidden, shards, remove };
}

/**
 * Folds the delta into the shards: a shard with a hidden entry is indexed again with its
 * articles as they are now; new articles fill the last shard, then new ones.
 */
function fold(
  state: SearchIndexState,
  changed: readonly ArticleRecord[],
  hidden: readonly string[],
  current: ReadonlyMap<string, string>,
  shardOf: ReadonlyMap<string, number>,
  search: PlanInput['search'],
): SearchIndexPlan {
  const touched = new Set(hidden.map((file) => shardOf.get(file)!));
  const shards = state.shards.map((shard) => ({
    folder: shard.folder,
    articles: Object.keys(shard.articles)
      .filter((file) => current.has(file))
      .map((file) => ({ file, key: current.get(file)! })),
  }));
  // New shards take names no shard has had in this state, even when one was dropped.
  const taken = new Set(shards.map((shard) => shard.folder));
  let nextName = 0;
  const added = changed.filter((article) => !shardOf.has(article.file)).sort(byTime);
  for (const article of added) {
    let last = shards.length - 1;
    if (last < 0 || shards[last]!.articles.length >= search.shardSize) {
      while (taken.has(shardFolder(nextName))) nextName += 1;
      taken.add(shardFolder(nextName));
      shards.push({ folder: shardFolder(nextName), articles: [] });
      last += 1;
    }
    shards[last]!.articles.push(article);
    touched.add(last);
  }
  // A touched shard left without articles is dropped rather than indexed empty.
  const rebuild = [...touched]
    .sort((a, b) => a - b)
    .map((index) => shards[index]!)
    .filter((shard) => shard.articles.length > 0)
    .map((shard) => ({ folder: shard.folder, articles: shard.articles.sort((a, b) => (a.file < b.file ? -1 : 1)) }));
  // Untouched shards are those of the state: only touched ones gained or lost articles.
  const keep = state.shards.filter((_, index) => !touched.has(index));
  return {
    kind: 'fold',
    reason: `${changed.length} articles changed and ${hidden.length} base entries hidden since the shards were built, more than ${search.deltaLimit}`,
    rebuild,
    keep,
  };
}

function sameDelta(
  changed: readonly ArticleRecord[],
  hidden: readonly string[],
  state: SearchIndexState,
  onDisk: (folder: string) => string | undefined,
): boolean {
  if (hidden.join('\n') !== state.hidden.join('\n')) return false;
  const delta = state.delta;
  if (!delta) return changed.length === 0;
  if (onDisk(delta.folder) !== delta.entryDigest) return false;
  const files = Object.keys(delta.articles);
  return files.length === changed.length && changed.every((article) => delta.articles[article.file]?.key === article.key);
}

/**
 * The key of a shard entry whose page was taken out of its shard's files. A hidden entry is
 * not only left out of results: its page (title, URL, text) leaves the output, so a removed or
 * corrected article is not still published inside the index. No article has this key, so such
 * an entry stays hidden, and an article that shows the same again goes to the delta, until the
 * shard is indexed again.
 */
export const REMOVED_KEY = 'removed from the shard';

/** A page of a shard to take out of the output: its folder and Pagefind id. */
export interface RemovedPage {
  folder: string;
  id: string;
}

/**
 * The shards with every hidden entry marked removed (`REMOVED_KEY`), and the pages of those
 * not removed before, whose files are to go.
 */
export function removeHiddenPages(
  shards: readonly BundleState[],
  hidden: readonly string[],
): { shards: BundleState[]; remove: RemovedPage[] } {
  const hide = new Set(hidden);
  const remove: RemovedPage[] = [];
  const next = shards.map((shard) => {
    const articles: Record<string, IndexedArticle> = {};
    for (const [file, article] of Object.entries(shard.articles)) {
      if (!hide.has(file) || article.key === REMOVED_KEY) {
        articles[file] = article;
        continue;
      }
      remove.push({ folder: shard.folder, id: article.id });
      articles[file] = { ...article, key: REMOVED_KEY };
    }
    return { ...shard, articles };
  });
  return { shards: next, remove };
}

/** Every bundle the browser searches: the shards, then the delta. */
function visibleBundles(state: Pick<SearchIndexState, 'shards' | 'delta'>): BundleState[] {
  return [...state.shards, ...(state.delta ? [state.delta] : [])];
}

/**
 * The filter values and their counts across what the browser sees: the shards without their
 * hidden entries, plus the delta. The search page shows these beside its filters, since
 * Pagefind's own counts would count a replaced or removed article.
 */
export function visibleFilterCounts(state: Pick<SearchIndexState, 'shards' | 'delta' | 'hidden'>): Record<string, Record<string, number>> {
  const hidden = new Set(state.hidden);
  const counts: Record<string, Record<string, number>> = {};
  for (const [index, bundle] of visibleBundles(state).entries()) {
    const isDelta = index === state.shards.length;
    for (const [file, article] of Object.entries(bundle.articles)) {
      if (!isDelta && hidden.has(file)) continue;
      for (const [filter, values] of Object.entries(article.filters)) {
        const byValue = counts[filter] ?? {};
        counts[filter] = byValue;
        for (const value of new Set(values)) byValue[value] = (byValue[value] ?? 0) + 1;
      }
    }
  }
  return counts;
}

/** What the search page fetches before searching: which bundles to search, and what to hide. */
export interface SearchManifest {
  /**
   * Site paths of the shards' folders (`/pagefind/`, …), oldest articles first (a full index
   * cuts shards in date order; new articles fill the last), then the delta's when it has
   * articles. The page searches the delta and the newest shard first, older ones as needed.
   */
  bundles: string[];
  /** For each bundle, the articles it answers for (hidden entries not counted). */
  sizes: number[];
  /** For each bundle, the years of its articles: a year filter searches only the bundles that have it. */
  years: string[][];
  /** Pagefind ids of base pages that are replaced by the delta or removed. */
  hidden: string[];
  /** Filter values with the number of articles that have each. */
  filters: Record<string, Record<string, number>>;
  /** The articles a search looks through by itself before it offers the older ones (`search.widenLimit`). */
  widenLimit: number;
  /**
   * For each bundle, its word-list files (`index/*.pf_index`): a query downloads one per word,
   * at most this many, which bounds how far it widens by itself (`src/lib/search-scope.ts`).
   */
  wordLists?: number[];
}

/** The manifest for a state, with the site's limit on how far a search widens by itself. */
export function searchManifest(state: Pick<SearchIndexState, 'shards' | 'delta' | 'hidden'>, widenLimit: number): SearchManifest {
  const ids = new Map<string, string>();
  for (const shard of state.shards) for (const [file, { id }] of Object.entries(shard.articles)) ids.set(file, id);
  const withDelta = state.delta !== undefined && Object.keys(state.delta.articles).length > 0;
  const hidden = new Set(state.hidden);
  const visible = [...state.shards, ...(withDelta ? [state.delta!] : [])].map((bundle, index) =>
    Object.entries(bundle.articles).filter(([file]) => index >= state.shards.length || !hidden.has(file)),
  );
  return {
    bundles: [...state.shards.map((shard) => `/${shard.folder}/`), ...(withDelta ? [`/${SEARCH_BUNDLES.delta}/`] : [])],
    sizes: visible.map((articles) => articles.length),
    years: visible.map((articles) => [...new Set(articles.flatMap(([, article]) => article.filters.year ?? []))].sort()),
    hidden: state.hidden.map((file) => ids.get(file)!).sort(),
    filters: visibleFilterCounts(state),
    widenLimit,
  };
}

/**
 * Memory a Pagefind indexer takes, per byte of the article pages it indexes: a shard of 10,000
 * benchmark articles (100 MB of pages) grew to about 5 GB.
 */
export const INDEXER_BYTES_PER_PAGE_BYTE = 50;

/**
 * How many bundles to index at once: one per core, but no more than the memory left for them
 * holds, taking each bundle's indexer to need {@link INDEXER_BYTES_PER_PAGE_BYTE} times its
 * pages' bytes (the largest first, as any may run beside any other); at least one.
 */
export function indexingLanes(input: { cores: number; availableMemory: number; bundleBytes: readonly number[] }): number {
  const { cores, availableMemory, bundleBytes } = input;
  const largestFirst = [...bundleBytes].sort((a, b) => b - a);
  let lanes = 0;
  let needed = 0;
  for (const bytes of largestFirst.slice(0, cores)) {
    needed += bytes * INDEXER_BYTES_PER_PAGE_BYTE;
    if (lanes > 0 && needed > availableMemory) break;
    lanes += 1;
  }
  return Math.max(1, lanes);
}

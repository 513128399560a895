/**
 * The search index in two Pagefind bundles: a base index of every article as it was when the
 * base was last built, and a small delta index of the articles added or changed since. The
 * browser searches both (see `search-merge.ts`); base entries that the delta replaces or
 * whose article is gone are hidden by id. A build re-indexes only the delta, so adding a post
 * costs the same on a site of 1,000 or 100,000 articles, and an edit of a two-year-old post
 * costs what a new post costs. When the delta grows past a limit, the whole site is indexed
 * into a new base and the delta starts empty.
 *
 * What changed is decided from the route record of this build: each article's output file and
 * the digest of the view its page was rendered from (the page's own cache key). Nothing here
 * looks at file times.
 */

/** Site paths of the two bundles and of the manifest the browser reads first. */
export const SEARCH_BUNDLES = {
  base: 'pagefind',
  delta: 'pagefind-delta',
  /** In the delta folder, which every indexing build rewrites. */
  manifest: 'pagefind-delta/xinwen-search.json',
} as const;

/**
 * Articles in the delta before the next build compacts everything into a new base. Measured
 * on the benchmark corpus (2 cores): Pagefind indexes about 160 articles a second, so a delta of
 * 1,000 costs about 6 s per build, while a new base costs about 2 minutes at 20,000 articles.
 * A scraper adding a few hundred posts a day thus pays for a new base every few days.
 */
export const DELTA_LIMIT = 1000;

/** An article page of this build: its output file and the digest of what it shows. */
export interface ArticleRecord {
  /** Output file, relative to the output folder, decoded, `/`-separated. */
  file: string;
  /** Digest of the page's view; it changes whenever anything the page shows does. */
  key: string;
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
  entryDigest: string;
  articles: Record<string, IndexedArticle>;
}

/** What the index step remembers between builds, in the cache folder. */
export interface SearchIndexState {
  /** Changes when the layout of the state or the bundles does, or the indexer's version. */
  format: string;
  language: string;
  base: BundleState;
  /** Absent while nothing differs from the base. */
  delta?: BundleState | undefined;
  /** Base files hidden by the current manifest. */
  hidden: string[];
}

export type SearchIndexPlan =
  /** Index every article into a new base; the delta is emptied. */
  | { kind: 'base'; reason: string; articles: ArticleRecord[] }
  /** Index `changed` into a new delta and hide `hidden` base files. */
  | { kind: 'delta'; changed: ArticleRecord[]; hidden: string[] }
  /** The bundles already answer for these articles. */
  | { kind: 'unchanged' };

/** What the index step knows about the bundles on disk before planning. */
export interface PlanInput {
  /** The state of the last indexing build, if it can be read. */
  state: SearchIndexState | undefined;
  /** What this build would write into the state's `format`. */
  format: string;
  language: string;
  /** Digest of each bundle's entry file as it is on disk now; absent when missing. */
  onDisk: { base?: string | undefined; delta?: string | undefined };
  limit?: number;
}

/** Decides which bundle this build rebuilds. `articles` must be sorted by file. */
export function planSearchIndex(articles: readonly ArticleRecord[], input: PlanInput): SearchIndexPlan {
  const { state, onDisk } = input;
  const limit = input.limit ?? DELTA_LIMIT;
  const base = (reason: string): SearchIndexPlan => ({ kind: 'base', reason, articles: [...articles] });
  if (!state) return base('no earlier index');
  if (state.format !== input.format) return base('the index format or Pagefind version changed');
  if (state.language !== input.language) return base('the site language changed');
  if (onDisk.base !== state.base.entryDigest) return base('the base index in the output folder is missing or was replaced');

  const current = new Map<string, string>();
  const changed: ArticleRecord[] = [];
  for (const article of articles) {
    current.set(article.file, article.key);
    if (state.base.articles[article.file]?.key !== article.key) changed.push(article);
  }
  // A base entry is hidden when its article is gone or shows something else now.
  const hidden = Object.entries(state.base.articles)
    .filter(([file, { key }]) => current.get(file) !== key)
    .map(([file]) => file)
    .sort();
  if (changed.length + hidden.length > limit) {
    return base(`${changed.length} articles changed and ${hidden.length} base entries hidden since the base was built, more than ${limit}`);
  }
  if (sameDelta(changed, hidden, state, onDisk.delta)) return { kind: 'unchanged' };
  return { kind: 'delta', changed, hidden };
}

function sameDelta(
  changed: readonly ArticleRecord[],
  hidden: readonly string[],
  state: SearchIndexState,
  deltaOnDisk: string | undefined,
): boolean {
  if (hidden.join('\n') !== state.hidden.join('\n')) return false;
  const delta = state.delta;
  if (!delta) return changed.length === 0;
  if (deltaOnDisk !== delta.entryDigest) return false;
  const files = Object.keys(delta.articles);
  return files.length === changed.length && changed.every((article) => delta.articles[article.file]?.key === article.key);
}

/**
 * The filter values and their counts across what the browser sees: the base without its hidden
 * entries, plus the delta. The search page shows these beside its filters, since Pagefind's own
 * counts would count a replaced or removed article.
 */
export function visibleFilterCounts(state: Pick<SearchIndexState, 'base' | 'delta' | 'hidden'>): Record<string, Record<string, number>> {
  const hidden = new Set(state.hidden);
  const counts: Record<string, Record<string, number>> = {};
  const add = (article: IndexedArticle) => {
    for (const [filter, values] of Object.entries(article.filters)) {
      const byValue = counts[filter] ?? {};
      counts[filter] = byValue;
      for (const value of new Set(values)) byValue[value] = (byValue[value] ?? 0) + 1;
    }
  };
  for (const [file, article] of Object.entries(state.base.articles)) if (!hidden.has(file)) add(article);
  for (const article of Object.values(state.delta?.articles ?? {})) add(article);
  return counts;
}

/** What the search page fetches before searching: whether there is a delta, and what to hide. */
export interface SearchManifest {
  /** False while the delta is empty: only the base is searched. */
  delta: boolean;
  /** Pagefind ids of base pages that are replaced by the delta or removed. */
  hidden: string[];
  /** Filter values with the number of articles that have each. */
  filters: Record<string, Record<string, number>>;
}

/** The manifest for a state. */
export function searchManifest(state: Pick<SearchIndexState, 'base' | 'delta' | 'hidden'>): SearchManifest {
  return {
    delta: state.delta !== undefined && Object.keys(state.delta.articles).length > 0,
    hidden: state.hidden.map((file) => state.base.articles[file]!.id).sort(),
    filters: visibleFilterCounts(state),
  };
}

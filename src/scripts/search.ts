/**
 * The search page's script (the site's only one): runs Pagefind queries on the shards and the
 * delta of the index as the reader types (once typing pauses, never mid-composition of Chinese
 * input), or on Enter and on a change of the category and year filters or of the order, and
 * shows title, date, category and an excerpt with the query's words marked. The URL follows the
 * form, so a search stays linkable. Only articles that contain every word of the query are
 * results. Pagefind's answer may hold pages without every word (it leaves out a word its index
 * does not have, and matches words as prefixes), so each word is also searched alone, in the
 * word lists already loaded: the pages Pagefind matched on every word have their text fetched
 * and checked, and of the others only a page's worth, best ranked first; the others are offered
 * behind a button when no article has every word.
 *
 * A search takes the delta and the newest shard first (shards are cut in date order), and older
 * shards only while fewer than a page of results is found, twice as many each round, up to the
 * site's `search.widenLimit` articles and twelve of Pagefind's word-list files (one per word
 * and bundle), so a query of many words widens less (`src/lib/search-scope.ts`): a common query
 * on an archive of 100,000 articles downloads one shard's index, not all 50, and a rare one a
 * few. Newest first, that gives the same page as searching every shard while posts arrive in
 * date order (an older shard then holds no newer article); the articles of the shards not
 * searched are offered behind a button, which searches at most that many more articles each time
 * it is pressed. A year filter searches only the shards that have that year. Loaded only by
 * /search.html; about 10 KB.
 */
import { type ExcerptPart, searchExcerpt } from '../lib/search-excerpt';
import { hitsToCheck, type MatchedHits, mergeResults, type SearchHit, splitByEveryWord } from '../lib/search-merge';
import { SEARCH_BUNDLES, type SearchManifest } from '../lib/search-plan';
import { nextScope, olderScope, wordListsFor } from '../lib/search-scope';
import { containsAllTerms, requiredTerms } from '../lib/search-terms';

interface PagefindResultData {
  url: string;
  /** The indexed text of the article: its title, then its body. */
  content: string;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
}

/** One bundle, as Pagefind's `createInstance` gives it. */
interface PagefindInstance {
  search(
    query: string,
    options: { filters?: Record<string, string>; sort?: Record<string, 'asc' | 'desc'> },
  ): Promise<{ results: SearchHit<PagefindResultData>[] }>;
}

interface PagefindModule {
  createInstance(options: { basePath: string; noWorker?: boolean }): PagefindInstance;
}

/** The index, opened once: its manifest, each bundle's Pagefind instance once first searched, and the shard ids hidden. */
interface SearchIndex {
  manifest: SearchManifest;
  bundle(index: number): Promise<PagefindInstance>;
  hidden: ReadonlySet<string>;
}

const RESULTS_SHOWN = 30;
/**
 * Pagefind's candidates (pages it matched on every word) whose text is checked for every word,
 * best ranked first. Each check downloads that article's whole indexed text, so a query Pagefind
 * matches on thousands of pages must not fetch them all; candidates are loaded a page's worth at
 * a time, and loading stops once a page of results is found. In newest-first order the articles
 * left unchecked are the older ones, and the count found is then given as a lower bound.
 */
const CANDIDATES_CHECKED = 3 * RESULTS_SHOWN;
/**
 * Of the pages Pagefind matched on some words only, how many (best ranked first) a query checks
 * too. The browser and Pagefind's index may segment a text differently: a page whose 新订单 is
 * one word in the index lacks 订单 for Pagefind, yet has it. Such a page matches most words, so
 * ranks high among the rest; the others are offered behind the partial-matches button. Bounded,
 * as a query no article answers would otherwise download the text of its candidates.
 */
const PARTLY_MATCHED_CHECKED = RESULTS_SHOWN;
/**
 * How long typing must pause before a search runs: a word typed at speed runs one search for the
 * word, not one per character (each downloads index chunks and articles' text), while a reader
 * who stops still sees results at once.
 */
const TYPING_PAUSE_MS = 250;
/** One segmenter for the query's words and every excerpt: making one is not free. */
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const form = document.querySelector<HTMLFormElement>('.search-form')!;
const query = form.querySelector<HTMLInputElement>('[name="q"]')!;
const category = form.querySelector<HTMLSelectElement>('[name="category"]')!;
const year = form.querySelector<HTMLSelectElement>('[name="year"]')!;
const sort = form.querySelector<HTMLSelectElement>('[name="sort"]')!;
const statusLine = document.getElementById('search-status')!;
const list = document.getElementById('search-results')!;
const partial = document.getElementById('search-partial')!;
const partialButton = partial.querySelector('button')!;
const older = document.getElementById('search-older')!;
const olderButton = older.querySelector('button')!;

/** The manifest, rewritten by every build that changes the index: asked again, not taken from cache. */
async function loadManifest(): Promise<SearchManifest> {
  const response = await fetch(`/${SEARCH_BUNDLES.manifest}`, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`the search index manifest answered ${response.status}`);
  return (await response.json()) as SearchManifest;
}
const deltaPath = `/${SEARCH_BUNDLES.delta}/`;
/**
 * Pagefind keeps one WebAssembly instance per module and thread, and a second index started on
 * the same one overwrites the first one's memory. So each shard uses the Pagefind module of its
 * own folder, whose worker thread it runs in; the small delta runs on the page's own thread,
 * with the newest shard's module, which the first search loads anyway. Every module fetches the
 * same copy of the WebAssembly (`pagefind-runtime/`), which the browser downloads once.
 */
async function openBundle(path: string, paths: readonly string[]): Promise<PagefindInstance> {
  const shards = paths.filter((bundle) => bundle !== deltaPath);
  const moduleFolder = path === deltaPath ? (shards.at(-1) ?? path) : path;
  // A path held in a variable, so the bundler leaves the index's own module to the browser.
  const moduleUrl = `${moduleFolder}pagefind.js`;
  const pagefind = (await import(/* @vite-ignore */ moduleUrl)) as PagefindModule;
  return pagefind.createInstance({ basePath: path, ...(path === deltaPath ? { noWorker: true } : {}) });
}

async function openIndex(): Promise<SearchIndex> {
  const manifest = await loadManifest();
  const opened = new Map<number, Promise<PagefindInstance>>();
  const bundle = (index: number) => {
    let instance = opened.get(index);
    if (!instance) {
      instance = openBundle(manifest.bundles[index]!, manifest.bundles);
      opened.set(index, instance);
    }
    return instance;
  };
  return { manifest, bundle, hidden: new Set(manifest.hidden) };
}

/** `hit` with its data fetched on the first call only. */
function loadedOnce<Data>(hit: SearchHit<Data>): SearchHit<Data> {
  let data: Promise<Data> | undefined;
  return { id: hit.id, score: hit.score, data: () => (data ??= hit.data()) };
}

/**
 * The bundles in the order a search takes them: the delta, then the shards newest first; with
 * a year chosen, only those that have articles of that year.
 */
function searchOrder(manifest: SearchManifest, chosenYear: string): number[] {
  const indexes = manifest.bundles.map((_, index) => index);
  const isDelta = (index: number) => manifest.bundles[index] === deltaPath;
  const hasYear = (index: number) => chosenYear === '' || manifest.years?.[index]?.includes(chosenYear) !== false;
  return [...indexes.filter(isDelta), ...indexes.filter((index) => !isDelta(index)).reverse()].filter(hasYear);
}

function addOptions(select: HTMLSelectElement, values: Record<string, number> | undefined, order: (a: string, b: string) => number): void {
  for (const value of Object.keys(values ?? {}).sort(order)) {
    select.append(new Option(`${value}（${values![value]}）`, value));
  }
}

/** An excerpt as nodes: article text only ever as text, its matches in `<mark>` elements. */
function excerptNodes(parts: readonly ExcerptPart[]): Node[] {
  return parts.map(({ text, marked }) => {
    if (!marked) return document.createTextNode(text);
    const mark = document.createElement('mark');
    mark.textContent = text;
    return mark;
  });
}

function renderList(results: PagefindResultData[], terms: readonly string[]): void {
  list.replaceChildren(
    ...results.map((result) => {
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.href = result.url;
      link.className = 'search-title';
      link.textContent = result.meta.title ?? result.url;
      const details = document.createElement('p');
      details.className = 'search-details';
      const date = result.meta.date ?? '';
      const time = document.createElement('time');
      time.dateTime = date;
      time.textContent = date.slice(0, 10);
      details.append(time, ` ${(result.filters.category ?? []).join('、')}`);
      const excerpt = document.createElement('p');
      excerpt.className = 'search-excerpt';
      excerpt.append(...excerptNodes(searchExcerpt(result.content, result.meta.title ?? '', terms, { segmenter })));
      item.append(link, details, excerpt);
      return item;
    }),
  );
}

/** The form as the page's URL (empty fields and the default order left out), replacing the history entry. */
function syncUrl(): void {
  const params = new URLSearchParams();
  const text = query.value.trim();
  if (text) params.set('q', text);
  if (category.value) params.set('category', category.value);
  if (year.value) params.set('year', year.value);
  if (sort.value === 'newest') params.set('sort', 'newest');
  const search = params.toString();
  history.replaceState(history.state, '', search ? `?${search}` : location.pathname);
}

/**
 * Searches are numbered: a search whose number is no longer the latest stops at its next step, so
 * an earlier, slower query never replaces the results of the one typed after it.
 */
let latest = 0;
/** What the button shows when clicked: the partial matches of the query on screen. */
let showPartial = async (): Promise<void> => {};
partialButton.addEventListener('click', () => void showPartial());
/** What the older-articles button does: the search on screen, in the next older bundles too. */
let searchOlder = (): void => {};
olderButton.addEventListener('click', () => searchOlder());

/**
 * Runs the search in the form: in the delta and the newest shard, and older shards while fewer
 * than a page of results is found, within the site's widening limit; in the first `pressed`
 * bundles of the search order when given (the reader asked for older articles).
 */
async function run(pressed?: number): Promise<void> {
  const current = ++latest;
  syncUrl();
  const text = query.value.trim();
  older.hidden = true;
  if (text === '') {
    list.replaceChildren();
    list.removeAttribute('aria-busy');
    statusLine.textContent = '';
    partial.hidden = true;
    return;
  }
  // Until this search shows its results, the list on screen is an earlier query's.
  list.setAttribute('aria-busy', 'true');
  const index = await ready.catch(() => undefined);
  if (current !== latest) return;
  if (!index) {
    list.removeAttribute('aria-busy');
    return;
  }
  const { manifest, hidden } = index;
  const chosen: Record<string, string> = {};
  if (category.value) chosen.category = category.value;
  if (year.value) chosen.year = year.value;
  const order = sort.value === 'newest' ? 'newest' : 'relevance';
  const options = { filters: chosen, ...(order === 'newest' ? { sort: { date: 'desc' as const } } : {}) };
  const bundleOrder = searchOrder(manifest, year.value);
  // Each bundle is searched once per query, whichever step first needs it, and each result's
  // data loaded once: a step that takes in an older shard merges again what it had loaded.
  const terms = requiredTerms(text, segmenter);
  const searched = new Map<number, Promise<MatchedHits<PagefindResultData>>>();
  const searchBundle = (bundle: number) => {
    let search = searched.get(bundle);
    if (!search) {
      search = index.bundle(bundle).then(async (instance) => {
        const { results } = await instance.search(text, options);
        // Each word searched alone reads the word lists the whole query just loaded: no download.
        const perWord = terms.length > 1 ? await Promise.all(terms.map(async (term) => (await instance.search(term, {})).results)) : [];
        return splitByEveryWord(results.map(loadedOnce), perWord);
      });
      searched.set(bundle, search);
    }
    return search;
  };
  const sizesInOrder = bundleOrder.map((bundle) => manifest.sizes?.[bundle] ?? 0);
  const widenLimit = manifest.widenLimit ?? Number.POSITIVE_INFINITY;
  const wordListsInOrder = bundleOrder.map((bundle) => wordListsFor(terms.length, manifest.wordLists?.[bundle]));
  /** The delta and the newest shard first (or the one bundle there is). */
  let scope = pressed ?? Math.min(bundleOrder.length, manifest.bundles[bundleOrder[0] ?? -1] === deltaPath ? 2 : 1);
  /** Pages Pagefind matched on some words only whose text this query checks, over all its rounds. */
  const partlyMatchedChecked = new Set<SearchHit<PagefindResultData>>();
  /** The pages whose text is checked, in order; and all of Pagefind's pages with any of the words. */
  let results: ReturnType<typeof mergeResults<PagefindResultData>>;
  let anyWord: ReturnType<typeof mergeResults<PagefindResultData>>;
  let loaded: PagefindResultData[];
  let matches: PagefindResultData[];
  for (;;) {
    const inScope = bundleOrder.slice(0, scope);
    const searches = await Promise.all(inScope.map(searchBundle));
    if (current !== latest) return;
    // The delta's entries are never hidden: they are what replaces hidden shard entries.
    const hiddenIn = (at: number) => (manifest.bundles[inScope[at]!] === deltaPath ? undefined : hidden);
    const merged = (hits: (search: MatchedHits<PagefindResultData>, at: number) => SearchHit<PagefindResultData>[]) =>
      mergeResults(
        searches.map((search, at) => ({ hits: hits(search, at), hidden: hiddenIn(at) })),
        order,
        (data) => data.meta.date ?? '',
      );
    const toCheck = hitsToCheck(
      searches.map((split, at) => ({ split, hidden: hiddenIn(at) })),
      partlyMatchedChecked,
      PARTLY_MATCHED_CHECKED,
    );
    results = merged((_, at) => toCheck[at]!);
    anyWord = merged((search) => search.all);
    const limit = Math.min(results.total, CANDIDATES_CHECKED);
    loaded = [];
    matches = [];
    while (loaded.length < limit && matches.length < RESULTS_SHOWN) {
      const batch = (await results.first(Math.min(loaded.length + RESULTS_SHOWN, limit))).slice(loaded.length);
      if (current !== latest) return;
      for (const data of batch) {
        loaded.push(data);
        if (containsAllTerms(`${data.meta.title ?? ''}\n${data.content}`, terms)) matches.push(data);
      }
    }
    // A page of results, nothing older left within the limit, or the reader's press answered: done.
    if (matches.length >= RESULTS_SHOWN || pressed !== undefined) break;
    const next = nextScope(sizesInOrder, scope, widenLimit, wordListsInOrder);
    if (next === undefined) break;
    scope = next;
  }
  const unsearched = bundleOrder.slice(scope);
  const articlesIn = (sizes: number[]) => sizes.reduce((sum, size) => sum + size, 0);
  const searchedArticles = articlesIn(sizesInOrder.slice(0, scope));
  const further = olderScope(sizesInOrder, scope, widenLimit);
  if (further !== undefined) {
    const articles = articlesIn(sizesInOrder.slice(scope, further));
    olderButton.textContent = articles > 0 ? `在更早的 ${articles.toLocaleString('zh-CN')} 篇文章中继续搜索` : '在更早的文章中继续搜索';
    older.hidden = false;
    searchOlder = () => {
      if (current !== latest) return;
      const press = run(further);
      const pressRun = latest;
      void press.then(() => {
        // The button hid while the press's search ran, and the focus went with it: a keyboard
        // reader finds it on the button again, or on the status line once no older articles are left.
        if (pressRun !== latest || (document.activeElement !== null && document.activeElement !== document.body)) return;
        (older.hidden ? statusLine : olderButton).focus();
      });
    };
  }
  const shown = matches.slice(0, RESULTS_SHOWN);
  renderList(shown, terms);
  list.removeAttribute('aria-busy');
  partial.hidden = true;
  if (matches.length > 0) {
    // Unchecked candidates may hold more matches: the count is then only a lower bound.
    const count = loaded.length < results.total ? `至少 ${matches.length}` : `${matches.length}`;
    statusLine.textContent = `找到 ${count} 篇与“${text}”相关的文章${matches.length > shown.length ? `，显示前 ${shown.length} 篇` : ''}。`;
    return;
  }
  // Older articles not searched: say where nothing was found, so "none" is not read as the archive's answer.
  const where = unsearched.length > 0 && searchedArticles > 0 ? `在最新的 ${searchedArticles.toLocaleString('zh-CN')} 篇文章中` : '';
  statusLine.textContent = `${where}没有找到与“${text}”相关的文章。`;
  const others = anyWord.total;
  if (others === 0) return;
  partialButton.textContent = `显示部分匹配的 ${others} 篇`;
  partial.replaceChildren(partialButton);
  partial.hidden = false;
  showPartial = async () => {
    if (current !== latest) return;
    const some = await anyWord.first(RESULTS_SHOWN);
    if (current !== latest) return;
    // Pagefind's words are its own segmentation of the page: a page it did not match on every
    // word may still have every word in its text. Such a page is a result, listed first.
    const complete = some.filter((data) => containsAllTerms(`${data.meta.title ?? ''}\n${data.content}`, terms));
    const shownCount = others > some.length ? `，显示前 ${some.length} 篇` : '';
    partial.textContent =
      complete.length === 0
        ? `以下 ${others} 篇只包含“${text}”中的部分词语${shownCount}：`
        : `以下 ${others} 篇与“${text}”部分匹配${shownCount}；其中包含全部词语的 ${complete.length} 篇列在最前：`;
    renderList([...complete, ...some.filter((data) => !complete.includes(data))], terms);
    // The button is gone: focus stays in place, on the note that explains the list.
    partial.focus();
  };
}

const linked = new URLSearchParams(location.search);
query.value = linked.get('q') ?? '';
sort.value = linked.get('sort') === 'newest' ? 'newest' : 'relevance';
// The form listens while the index opens: what is typed meanwhile is searched once it is open.
const ready = openIndex();

let typingPause: ReturnType<typeof setTimeout> | undefined;
/** Between compositionstart and compositionend the input holds pinyin, not yet the words meant. */
let composing = false;

/** Runs the search now, in place of one waiting for typing to pause. */
function searchNow(): void {
  clearTimeout(typingPause);
  void run();
}

function searchWhenTypingPauses(): void {
  clearTimeout(typingPause);
  typingPause = setTimeout(searchNow, TYPING_PAUSE_MS);
}

query.addEventListener('input', (event) => {
  if (!composing && !(event as InputEvent).isComposing) searchWhenTypingPauses();
});
query.addEventListener('compositionstart', () => {
  composing = true;
  clearTimeout(typingPause);
});
query.addEventListener('compositionend', () => {
  composing = false;
  searchWhenTypingPauses();
});
form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (!composing) searchNow();
});
for (const select of [category, year, sort]) select.addEventListener('change', searchNow);

try {
  const { manifest } = await ready;
  addOptions(category, manifest.filters.category, (a, b) => a.localeCompare(b, 'zh-CN'));
  addOptions(year, manifest.filters.year, (a, b) => b.localeCompare(a));
} catch (error) {
  // A site built without its index (or one being published): say so rather than wait forever.
  statusLine.textContent = '搜索索引暂时无法使用，请稍后再试，或按分类、月份浏览文章。';
  throw error;
}
category.value = linked.get('category') ?? '';
year.value = linked.get('year') ?? '';
document.documentElement.dataset.searchReady = 'true';
await run();

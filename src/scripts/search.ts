/**
 * The search page's script (the site's only one): runs Pagefind queries on the shards and the
 * delta of the index as the reader types (once typing pauses, never mid-composition of Chinese
 * input), or on Enter and on a change of the category and year filters or of the order, and
 * shows title, date, category and an excerpt with the query's words marked. The URL follows the
 * form, so a search stays linkable. Only articles that contain every word of the query are
 * results; Pagefind's matches of some of the words are offered behind a button when none does.
 * Loaded only by /search.html; about 7 KB.
 */
import { type ExcerptPart, searchExcerpt } from '../lib/search-excerpt';
import { mergeResults, type SearchHit } from '../lib/search-merge';
import { SEARCH_BUNDLES, type SearchManifest } from '../lib/search-plan';
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

/** The index, opened once: its manifest, one Pagefind instance per bundle, and the shard ids hidden. */
interface SearchIndex {
  manifest: SearchManifest;
  bundles: PagefindInstance[];
  hidden: ReadonlySet<string>;
}

const RESULTS_SHOWN = 30;
/**
 * Pagefind's candidates whose text is checked for every word, best ranked first. Each check
 * downloads that article's whole indexed text, so a query Pagefind matches on thousands of pages
 * must not fetch them all; candidates are loaded a page's worth at a time, and loading stops once
 * a page of results is found. Pagefind ranks pages with all the words above pages with some, so
 * the articles left unchecked are mostly partial matches; in newest-first order they are the
 * older ones, and the count found is then given as a lower bound.
 */
const CANDIDATES_CHECKED = 3 * RESULTS_SHOWN;
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
 * with the first bundle's module (its own, when it is the only one).
 */
async function openBundle(path: string, _index: number, paths: readonly string[]): Promise<PagefindInstance> {
  const moduleFolder = path === deltaPath ? paths[0]! : path;
  // A path held in a variable, so the bundler leaves the index's own module to the browser.
  const moduleUrl = `${moduleFolder}pagefind.js`;
  const pagefind = (await import(/* @vite-ignore */ moduleUrl)) as PagefindModule;
  return pagefind.createInstance({ basePath: path, ...(path === deltaPath ? { noWorker: true } : {}) });
}

async function openIndex(): Promise<SearchIndex> {
  const manifest = await loadManifest();
  return { manifest, bundles: await Promise.all(manifest.bundles.map(openBundle)), hidden: new Set(manifest.hidden) };
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
let showPartial = (): void => {};
partialButton.addEventListener('click', () => showPartial());

async function run(): Promise<void> {
  const current = ++latest;
  syncUrl();
  const text = query.value.trim();
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
  const { manifest, bundles, hidden } = index;
  const chosen: Record<string, string> = {};
  if (category.value) chosen.category = category.value;
  if (year.value) chosen.year = year.value;
  const order = sort.value === 'newest' ? 'newest' : 'relevance';
  const options = { filters: chosen, ...(order === 'newest' ? { sort: { date: 'desc' as const } } : {}) };
  const searches = await Promise.all(bundles.map((bundle) => bundle.search(text, options)));
  if (current !== latest) return;
  const results = mergeResults(
    searches.map((search, index) => ({ hits: search.results, hidden: manifest.bundles[index] === deltaPath ? undefined : hidden })),
    order,
    (data) => data.meta.date ?? '',
  );
  const terms = requiredTerms(text, segmenter);
  const limit = Math.min(results.total, CANDIDATES_CHECKED);
  const loaded: PagefindResultData[] = [];
  const matches: PagefindResultData[] = [];
  while (loaded.length < limit && matches.length < RESULTS_SHOWN) {
    const batch = (await results.first(Math.min(loaded.length + RESULTS_SHOWN, limit))).slice(loaded.length);
    if (current !== latest) return;
    for (const data of batch) {
      loaded.push(data);
      if (containsAllTerms(`${data.meta.title ?? ''}\n${data.content}`, terms)) matches.push(data);
    }
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
  statusLine.textContent = `没有找到与“${text}”相关的文章。`;
  const others = results.total;
  if (others === 0) return;
  partialButton.textContent = `显示部分匹配的 ${others} 篇`;
  partial.replaceChildren(partialButton);
  partial.hidden = false;
  showPartial = () => {
    if (current !== latest) return;
    const some = loaded.slice(0, RESULTS_SHOWN);
    partial.textContent = `以下 ${others} 篇只包含“${text}”中的部分词语${others > some.length ? `，显示前 ${some.length} 篇` : ''}：`;
    renderList(some, terms);
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

/**
 * The search page's script (the site's only one): runs Pagefind queries from the form, with
 * category and year filters and relevance or date order, and shows title, date, category and
 * a highlighted excerpt. Loaded only by /search.html; about 3 KB.
 */

interface PagefindResultData {
  url: string;
  excerpt: string;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
}

interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>;
  filters(): Promise<Record<string, Record<string, number>>>;
  search(
    query: string,
    options: { filters?: Record<string, string>; sort?: Record<string, 'asc' | 'desc'> },
  ): Promise<{ results: { data(): Promise<PagefindResultData> }[] }>;
}

export {};

const RESULTS_SHOWN = 30;
const form = document.querySelector<HTMLFormElement>('.search-form')!;
const query = form.querySelector<HTMLInputElement>('[name="q"]')!;
const category = form.querySelector<HTMLSelectElement>('[name="category"]')!;
const year = form.querySelector<HTMLSelectElement>('[name="year"]')!;
const sort = form.querySelector<HTMLSelectElement>('[name="sort"]')!;
const statusLine = document.getElementById('search-status')!;
const list = document.getElementById('search-results')!;

// A path held in a variable, so the bundler leaves the index's own module to the browser.
const pagefindUrl = '/pagefind/pagefind.js';
const pagefind = (await import(/* @vite-ignore */ pagefindUrl)) as Pagefind;
await pagefind.options({ excerptLength: 40 });

function addOptions(select: HTMLSelectElement, values: Record<string, number> | undefined, order: (a: string, b: string) => number): void {
  for (const value of Object.keys(values ?? {}).sort(order)) {
    select.append(new Option(`${value}（${values![value]}）`, value));
  }
}

const filters = await pagefind.filters();
addOptions(category, filters.category, (a, b) => a.localeCompare(b, 'zh-CN'));
addOptions(year, filters.year, (a, b) => b.localeCompare(a));

/** Pagefind's excerpt as nodes: its `<mark>` highlights kept, everything else as plain text. */
function excerptNodes(excerpt: string): Node[] {
  // A template's content is parsed but inert: nothing in it loads or runs.
  const template = document.createElement('template');
  template.innerHTML = excerpt;
  return [...template.content.childNodes].map((node) => {
    if (node.nodeName === 'MARK') {
      const mark = document.createElement('mark');
      mark.textContent = node.textContent;
      return mark;
    }
    return document.createTextNode(node.textContent ?? '');
  });
}

function render(results: PagefindResultData[], total: number, text: string): void {
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
      excerpt.append(...excerptNodes(result.excerpt));
      item.append(link, details, excerpt);
      return item;
    }),
  );
  statusLine.textContent =
    total === 0
      ? `没有找到与“${text}”相关的文章。`
      : `找到 ${total} 篇与“${text}”相关的文章${total > results.length ? `，显示前 ${results.length} 篇` : ''}。`;
}

let latest = 0;
async function run(): Promise<void> {
  const text = query.value.trim();
  const current = ++latest;
  if (text === '') {
    list.replaceChildren();
    statusLine.textContent = '';
    return;
  }
  const chosen: Record<string, string> = {};
  if (category.value) chosen.category = category.value;
  if (year.value) chosen.year = year.value;
  const search = await pagefind.search(text, { filters: chosen, ...(sort.value === 'newest' ? { sort: { date: 'desc' } } : {}) });
  const data = await Promise.all(search.results.slice(0, RESULTS_SHOWN).map((result) => result.data()));
  if (current === latest) render(data, search.results.length, text);
}

function fromUrl(): void {
  const params = new URLSearchParams(location.search);
  query.value = params.get('q') ?? '';
  category.value = params.get('category') ?? '';
  year.value = params.get('year') ?? '';
  sort.value = params.get('sort') === 'newest' ? 'newest' : 'relevance';
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const params = new URLSearchParams(new FormData(form) as unknown as Record<string, string>);
  history.replaceState(null, '', `?${params.toString()}`);
  void run();
});
for (const select of [category, year, sort]) select.addEventListener('change', () => form.requestSubmit());
fromUrl();
document.documentElement.dataset.searchReady = 'true';
await run();

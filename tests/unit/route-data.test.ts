/**
 * Route data: every page kind's view holds what the page shows, and its cache key is derived
 * from that view, so any field of it that changes changes the key — and nothing else does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { articleBodyFacts } from '../../src/lib/article';
import { cacheablePath, pageKey, stableJson, viewKey } from '../../src/lib/cache-key';
import { buildSiteIndex, type IndexedPost } from '../../src/lib/site-index';
import { bodyDigestOf, bodyIdOf, openBodyStore, readBody, readExcerpt } from '../../src/lib/body-store';
import { BodyStore } from '../../src/loaders/html-store';
import type { RoutePattern } from '../../src/lib/page-kinds';
import {
  archiveIndexView,
  articlePageView,
  articleView,
  categoriesByNameView,
  categoriesBySizeView,
  feedsView,
  feedView,
  homeView,
  listingView,
  monthView,
  notFoundView,
  opmlView,
  prefixView,
  redirectView,
  robotsView,
  searchView,
  shownView,
  siteRoutes,
  staticPath,
  type ListingView,
  type RouteContext,
  type SiteView,
  type ViewSettings,
} from '../../src/route-data';

const cacheDir = mkdtempSync(path.join(tmpdir(), 'xinwen-route-data-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));
openBodyStore(cacheDir);
const storedDigests = new Set<string>();

/** Stores a body as the loader does, keeping every body stored before; returns its id. */
function storeBody(digest: string, body: { excerpt: string; html: string }): string {
  const store = new BodyStore(path.join(cacheDir, 'bodies'));
  store.write(digest, body);
  storedDigests.add(digest);
  store.commit(storedDigests);
  return bodyIdOf('bodies', digest);
}

const settings: ViewSettings = {
  title: '新闻存档',
  description: '财经与时事新闻存档',
  language: 'zh-CN',
  url: 'https://finews.example.com',
  timeZone: 'Asia/Shanghai',
  feedSize: 3,
  categoryFeedSize: 2,
  homePostCount: 4,
  homeCategoryCount: 2,
};

/** A post whose body is written to the temporary store, named by its digest. */
function post(id: string, date: string, categories: string[], extra: Partial<IndexedPost> & { html?: string } = {}): IndexedPost {
  const { html = `<p>${id} 的正文。</p>`, ...fields } = extra;
  const digest = fields.digest ?? `digest-${id}`;
  const postPath = `/${categories.map((c) => c.toLowerCase()).join('/')}/${id}.html`.replace('//', '/');
  return {
    id,
    title: `标题 ${id}`,
    date: new Date(date),
    categories,
    tags: [],
    path: postPath,
    url: encodeURI(postPath),
    legacyPaths: [],
    digest,
    bodyId: storeBody(digest, { excerpt: `${id} 的摘要`, html }),
    bodyDigest: bodyDigestOf(html),
    ...fields,
  };
}

const basePosts = (): IndexedPost[] => [
  post('a', '2024-01-01T00:00:00Z', ['news'], { tags: ['AI'] }),
  post('b', '2024-01-03T20:30:00Z', ['News', 'tech'], { tags: ['AI', '芯片'], legacyPaths: ['/news/2024/01/03/b.html'] }),
  post('c', '2024-01-02T00:00:00Z', ['tech', 'news']),
  post('d', '2024-02-04T00:00:00Z', []),
  post('e', '2024-02-02T00:00:00Z', ['News'], {
    html: `<p>${'字'.repeat(900)}</p>\n`,
    sourceUrl: 'https://source.example/e',
  }),
];

function contextOf(posts: readonly IndexedPost[], overrides: Partial<ViewSettings> = {}): RouteContext {
  const site = buildSiteIndex(posts, {
    pageSize: 2,
    pagination: 'stable',
    timeZone: 'Asia/Shanghai',
    categoryData: new Map([['tech', { name: '科技', description: '科技新闻' }]]),
  });
  return { site, settings: { ...settings, ...overrides } };
}

const context = contextOf(basePosts());

/** The pages the route `route` writes, in order, with their views built. */
function pagesOf(from: RouteContext, route: RoutePattern) {
  return siteRoutes(from)
    .filter((entry) => entry.route === route)
    .map((entry) => ({ ...entry, view: entry.view() as SiteView }));
}

/** The category listing pages, with their views built. */
const categoryListings = (from: RouteContext) =>
  pagesOf(from, 'category/[...listing]').flatMap(({ view, ...route }) => (view.kind === 'listing' ? [{ ...route, view }] : []));
const postById = (id: string, from = context) => from.site.posts.find((p) => p.id === id)!;

/** One view of every page kind, by name (both listing kinds, first and archive pages, both feeds). */
function viewsOf(from: RouteContext): Record<string, object> {
  const news = from.site.categoryPages.filter((page) => page.term.key === 'news');
  return {
    article: articleView(from, postById('e', from)),
    'article with neighbours on both sides': articleView(from, postById('c', from)),
    'article without a category': articleView(from, postById('d', from)),
    redirect: redirectView(from, postById('b', from)),
    'category listing, first page': listingView(from, news[0]!),
    'category listing, archive page': listingView(from, news[1]!),
    'tag listing': listingView(from, from.site.tagPages[0]!),
    month: monthView(from, 1),
    'site feed': feedView(from),
    'category feed': feedView(from, from.site.categories.get('tech')!),
    home: homeView(from),
    'categories by size': categoriesBySizeView(from),
    'categories by name': categoriesByNameView(from),
    'archive index': archiveIndexView(from),
    '404': notFoundView(from),
    search: searchView(from),
    robots: robotsView(from),
    feeds: feedsView(from),
    OPML: opmlView(from),
    'URL folder': prefixView(from, from.site.prefixPages[0]!, new Map(from.site.prefixes.map((prefix) => [prefix.path, prefix]))),
  };
}

type Leaf = (string | number)[];

/** Paths of every leaf of a view, through objects and arrays; empty containers count as leaves. */
function leafPaths(value: unknown, at: Leaf = []): Leaf[] {
  if (Array.isArray(value)) return value.length === 0 ? [at] : value.flatMap((item, index) => leafPaths(item, [...at, index]));
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    return keys.length === 0 ? [at] : keys.flatMap((key) => leafPaths((value as Record<string, unknown>)[key], [...at, key]));
  }
  return [at];
}

function changed(value: unknown): unknown {
  if (typeof value === 'string') return `${value}′`;
  if (typeof value === 'number') return value + 1;
  if (typeof value === 'boolean') return !value;
  if (Array.isArray(value)) return ['added'];
  if (value !== null && typeof value === 'object') return { added: true };
  return 'set';
}

/** A copy of `view` with the leaf at `leaf` changed. */
function withLeafChanged<T extends object>(view: T, leaf: Leaf): T {
  const copy = structuredClone(view);
  if (leaf.length === 0) return changed(copy) as T;
  let parent: Record<string | number, unknown> = copy as Record<string | number, unknown>;
  for (const step of leaf.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = leaf.at(-1)!;
  parent[last] = changed(parent[last]);
  return copy;
}

/** The same data with the keys of every object in reverse order. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([key, item]) => [key, reversedKeys(item)]),
    );
  }
  return value;
}

const views = viewsOf(context);

describe.each(Object.keys(views))('the %s view', (name) => {
  const view = views[name]!;
  const key = viewKey(view);
  const leaves = leafPaths(view);

  it('holds plain data only', () => {
    expect(() => stableJson(view)).not.toThrow();
    expect(structuredClone(view)).toEqual(view);
  });

  it('changes its key when any leaf changes', () => {
    expect(leaves.length).toBeGreaterThan(0);
    const unchanged = leaves.filter((leaf) => viewKey(withLeafChanged(view, leaf)) === key).map((leaf) => leaf.join('.'));
    expect(unchanged).toEqual([]);
  });

  it('keeps its key for the same inputs, built again', () => {
    expect(viewKey(viewsOf(contextOf(basePosts()))[name]!)).toBe(key);
  });

  it('keeps its key whatever order its fields are in', () => {
    expect(viewKey(reversedKeys(view) as object)).toBe(key);
  });
});

describe('what views carry', () => {
  it('gives an article its frame, dates in the site zone, terms, neighbours and body id', () => {
    const view = articleView(context, postById('b'));
    const leaves = leafPaths(view).map((leaf) => leaf.join('.'));
    expect(leaves).toEqual(
      expect.arrayContaining([
        'frame.site.title',
        'frame.site.language',
        'frame.canonicalUrl',
        'frame.feeds.0.url',
        'newer.title',
        'older.url',
        'bodyId',
      ]),
    );
    // 20:30 UTC on Jan 3 is 04:30 on Jan 4 in Shanghai.
    expect(view.published).toEqual({ iso: '2024-01-04T04:30:00+08:00', text: '2024年1月4日 04:30' });
    expect(view.year).toBe('2024');
    expect(view.frame).toMatchObject({
      title: '标题 b | 新闻存档',
      ogTitle: '标题 b',
      ogType: 'article',
      canonicalUrl: 'https://finews.example.com/news/tech/b.html',
      feeds: [
        { title: 'News RSS', url: '/category/news/feed.xml' },
        { title: '新闻存档 RSS', url: '/feed.xml' },
      ],
    });
    expect(view.frame).not.toHaveProperty('description');
    expect(view.categories).toEqual([
      { name: 'News', url: '/category/news.html' },
      { name: '科技', url: '/category/tech.html' },
    ]);
    expect(view.tags.map((tag) => tag.name)).toEqual(['AI', '芯片']);
    expect(view.section).toEqual({ name: 'News', url: '/category/news.html', feedUrl: '/category/news/feed.xml' });
    expect(view.newer).toEqual({ title: '标题 e', url: '/news/e.html' });
    expect(view.older).toEqual({ title: '标题 c', url: '/tech/news/c.html' });
    expect(view.bodyId).toBe('bodies/digest-b');
  });

  it('derives what comes from the body from the stored body and the view', () => {
    const view = articleView(context, postById('e'));
    const facts = articleBodyFacts(readBody(view.bodyId), view, view.frame.site);
    expect(facts).toMatchObject({ description: 'e 的摘要', readingMinutes: 2, sourceUrl: 'https://source.example/e', searchable: true });
    expect(JSON.parse(facts.jsonLd)).toMatchObject({ url: view.canonicalUrl, datePublished: view.published.iso, articleSection: 'News' });
  });

  it('shows an article with its body and what comes from it, the frame described by the excerpt', () => {
    const view = articleView(context, postById('e'));
    const page = articlePageView(view);
    expect(page.html).toBe(readBody(view.bodyId).html);
    expect(page.facts).toEqual(articleBodyFacts(readBody(view.bodyId), view, view.frame.site));
    expect(page.frame).toEqual({ ...view.frame, description: 'e 的摘要' });
    expect(shownView(view)).toEqual(page);
  });

  it('shows lists with the excerpts they show, read from the body store', () => {
    const [first] = categoryListings(context).map((route) => route.view);
    const shown = shownView(first!);
    expect(shown.posts[0]).toEqual({ title: '标题 e', url: '/news/e.html', date: first!.posts[0]!.date, excerpt: 'e 的摘要' });
    expect(shownView(monthView(context, 0)).posts.every((post) => !('excerpt' in post))).toBe(true);
    expect(shownView(homeView(context)).newest.map((post) => post.excerpt)).toEqual(
      homeView(context).newest.map((post) => readExcerpt(post.bodyId!)),
    );
  });

  it('points a redirect at the post', () => {
    expect(redirectView(context, postById('b'))).toEqual({
      kind: 'redirect',
      language: 'zh-CN',
      siteTitle: '新闻存档',
      title: '标题 b',
      target: 'article',
      targetUrl: '/news/tech/b.html',
      canonicalUrl: 'https://finews.example.com/news/tech/b.html',
    });
  });

  it('shows totals on a listing first page only, and excerpts from the body store', () => {
    const [first, archive] = categoryListings(context).map((route) => route.view);
    expect(first!.summary).toEqual({
      total: 4,
      description: undefined,
      feedUrl: '/category/news/feed.xml',
      feedsPageUrl: '/feeds.html',
    });
    expect(archive!.summary).toBeUndefined();
    expect(first!.heading).toBe('分类：News');
    expect(archive!.heading).toBe('分类：News（存档第 1 页）');
    expect(first!.frame.description).toBe('分类“News”的文章');
    expect(readExcerpt(first!.posts[0]!.bodyId!)).toBe('e 的摘要');
    expect(first!.posts[0]!.date).toEqual({ iso: '2024-02-02T08:00:00+08:00', text: '2024-02-02' });
  });

  it('leaves body ids out of lists that show no excerpts', () => {
    const lists = [
      monthView(context, 0).posts,
      notFoundView(context).newest,
      ...homeView(context).sections.map((section) => section.posts),
    ];
    for (const list of lists) for (const item of list) expect(item.bodyId).toBeUndefined();
    for (const item of homeView(context).newest) expect(item.bodyId).toBeDefined();
  });

  it('links months to their neighbours by title', () => {
    expect(monthView(context, 0)).toMatchObject({
      heading: '2024年2月',
      count: 2,
      newer: undefined,
      older: { title: '2024年1月', url: '/archive/2024/01.html' },
    });
    expect(archiveIndexView(context).years).toEqual([
      {
        year: 2024,
        months: [
          { month: 2, url: '/archive/2024/02.html', count: 2 },
          { month: 1, url: '/archive/2024/01.html', count: 3 },
        ],
      },
    ]);
  });

  it('gives feeds their channel and at most feedSize items (categoryFeedSize for a category), dated in the site zone', () => {
    const site = feedView(context);
    expect(site).toMatchObject({
      title: '新闻存档',
      link: 'https://finews.example.com',
      selfUrl: 'https://finews.example.com/feed.xml',
      language: 'zh-CN',
      stylesheet: '/feed.css',
    });
    expect(site.items.map((item) => item.title)).toEqual(['标题 d', '标题 e', '标题 b']);
    expect(site.items[2]!.pubDate).toBe('Thu, 04 Jan 2024 04:30:00 +0800');
    const tech = feedView(context, context.site.categories.get('tech')!);
    expect(tech).toMatchObject({
      title: '科技 | 新闻存档',
      description: '科技新闻',
      link: 'https://finews.example.com/category/tech.html',
      selfUrl: 'https://finews.example.com/category/tech/feed.xml',
    });
    // "news" has 4 posts: its feed holds the newest categoryFeedSize (2), the site feed feedSize (3).
    const news = context.site.categories.get('news')!;
    expect(news.posts).toHaveLength(4);
    expect(feedView(context, news).items.map((item) => item.title)).toEqual(news.posts.slice(0, 2).map((post) => post.title));
  });

  it('lists the site feed and every category feed, busiest first, on the feeds page and in the OPML list', () => {
    const view = feedsView(context);
    expect(view.frame).toMatchObject({ title: 'RSS 订阅 | 新闻存档', canonicalUrl: 'https://finews.example.com/feeds.html' });
    expect(view.site).toEqual({ name: '新闻存档', url: '/feed.xml', pageUrl: '/', count: 5 });
    expect(view.siteFeedAbsoluteUrl).toBe('https://finews.example.com/feed.xml');
    expect(view.categoryFeedPattern).toBe('https://finews.example.com/category/<分类>/feed.xml');
    expect(view.opmlUrl).toBe('/feeds.opml');
    expect(view.categories).toEqual([
      { name: 'News', url: '/category/news/feed.xml', pageUrl: '/category/news.html', count: 4 },
      { name: '科技', url: '/category/tech/feed.xml', pageUrl: '/category/tech.html', count: 2 },
    ]);
    expect(opmlView(context)).toEqual({
      kind: 'opml',
      title: '新闻存档 全部订阅源',
      outlines: [
        { text: '新闻存档', xmlUrl: 'https://finews.example.com/feed.xml', htmlUrl: 'https://finews.example.com/' },
        {
          text: '新闻存档 分类',
          children: [
            {
              text: 'News',
              xmlUrl: 'https://finews.example.com/category/news/feed.xml',
              htmlUrl: 'https://finews.example.com/category/news.html',
            },
            {
              text: '科技',
              xmlUrl: 'https://finews.example.com/category/tech/feed.xml',
              htmlUrl: 'https://finews.example.com/category/tech.html',
            },
          ],
        },
      ],
    });
    // A site without categories lists its own feed alone.
    expect(opmlView(contextOf([post('z', '2024-01-01T00:00:00Z', [])])).outlines).toHaveLength(1);
  });

  it('links the feeds page from every frame, and the OPML list from the pages that list feeds and both category lists', () => {
    const listingFeeds: string[] = [];
    for (const [name, view] of Object.entries(views)) {
      if (!('frame' in view)) continue;
      const { site, listsFeeds } = (view as { frame: { site: Record<string, unknown>; listsFeeds: boolean } }).frame;
      expect(site.feedsPageUrl, name).toBe('/feeds.html');
      expect(site.outline, name).toEqual({ title: '新闻存档 全部订阅源（OPML）', url: '/feeds.opml' });
      if (listsFeeds) listingFeeds.push(name);
    }
    expect(listingFeeds.sort()).toEqual(['categories by name', 'categories by size', 'feeds', 'home']);
    const links = { pageUrl: '/feeds.html', opmlUrl: '/feeds.opml' };
    expect(categoriesBySizeView(context).feeds).toEqual(links);
    expect(categoriesByNameView(context).feeds).toEqual(links);
  });

  it('gives the single pages their frames', () => {
    expect(homeView(context).frame).toMatchObject({
      title: '新闻存档',
      ogTitle: '新闻存档',
      canonicalUrl: 'https://finews.example.com/',
      description: '财经与时事新闻存档',
    });
    expect(notFoundView(context).frame.canonicalUrl).toBeUndefined();
    expect(searchView(context).frame).toMatchObject({ wasm: true, title: '搜索 | 新闻存档' });
    expect(homeView(context).busiest.map((category) => [category.name, category.count])).toEqual([
      ['News', 4],
      ['科技', 2],
    ]);
    expect(categoriesByNameView(context).groups.map((group) => group.initial)).toEqual(['N', 'T']);
    expect(robotsView(context).sitemapUrl).toBe('https://finews.example.com/sitemap-index.xml');
  });

  it('puts settings that pages show into every frame, so changing them changes keys', () => {
    const renamed = contextOf(basePosts(), { title: '另一个站点' });
    const before = viewsOf(context);
    const after = viewsOf(renamed);
    const same = Object.keys(before).filter((name) => name !== 'robots' && viewKey(before[name]!) === viewKey(after[name]!));
    expect(same).toEqual([]);
  });
});

describe('keys change only with what a page shows', () => {
  it('keeps a full archive listing page when a newer post is added, and changes the first page', () => {
    const grown = contextOf([...basePosts(), post('f', '2024-03-01T00:00:00Z', ['News'])]);
    const keysOf = (from: RouteContext) => categoryListings(from).map((route) => [route.path, viewKey(route.view)]);
    const before = new Map(keysOf(context) as [string, string][]);
    const after = new Map(keysOf(grown) as [string, string][]);
    expect(after.get('/category/news/page/2.html')).toBe(before.get('/category/news/page/2.html'));
    expect(after.get('/category/news.html')).not.toBe(before.get('/category/news.html'));
  });

  it('re-keys a listing but not a month archive when only a body changes', () => {
    const edited = contextOf(
      basePosts().map((p) => (p.id === 'a' ? post('a', '2024-01-01T00:00:00Z', ['news'], { tags: ['AI'], digest: 'digest-a2' }) : p)),
    );
    const archiveKey = (from: RouteContext) => viewKey(monthView(from, 1));
    expect(archiveKey(edited)).toBe(archiveKey(context));
    const listingKeys = (from: RouteContext) => categoryListings(from).map((route) => viewKey(route.view));
    expect(listingKeys(edited)).not.toEqual(listingKeys(context));
  });

  it('re-keys an article when its neighbour is retitled', () => {
    const retitled = contextOf(basePosts().map((p) => (p.id === 'c' ? { ...p, title: '新的标题' } : p)));
    expect(viewKey(articleView(retitled, postById('b', retitled)))).not.toBe(viewKey(articleView(context, postById('b'))));
  });
});

describe('routes', () => {
  it('lists every article, then every redirect, with their decoded paths; URL folders apart', () => {
    const routes = pagesOf(context, '[...path]');
    expect(routes.map((route) => [route.params.path, route.view.kind])).toEqual([
      ['d', 'article'],
      ['news/e', 'article'],
      ['news/tech/b', 'article'],
      ['tech/news/c', 'article'],
      ['news/a', 'article'],
      ['news/2024/01/03/b', 'redirect'],
    ]);
    expect(routes.at(-1)!.path).toBe('/news/2024/01/03/b.html');
    // URL folders have a route of their own, whose parameter is the folder.
    expect(pagesOf(context, '[...folder]/index').map((route) => [route.params.folder, route.view.kind])).toEqual([
      ['news', 'redirect'],
      ['tech', 'redirect'],
      ['news/tech', 'prefix'],
      ['tech/news', 'prefix'],
    ]);
  });

  it('names listing, month and feed routes', () => {
    expect(pagesOf(context, 'tag/[...listing]').map((route) => [route.params.listing, route.path])).toEqual([
      ['ai', '/tag/ai.html'],
      ['ai/page/2', '/tag/ai/page/2.html'],
      ['芯片', '/tag/芯片.html'],
    ]);
    expect(pagesOf(context, 'archive/[year]/[month]').map((route) => route.params)).toEqual([
      { year: '2024', month: '02' },
      { year: '2024', month: '01' },
    ]);
    expect(pagesOf(context, 'category/[category]/feed.xml').map((route) => route.path)).toEqual([
      '/category/news/feed.xml',
      '/category/tech/feed.xml',
    ]);
  });

  it('maps a route to getStaticPaths with the view as props and its key', () => {
    const [route] = siteRoutes(context).filter((entry) => entry.kind === 'listing');
    const view = route!.view() as ListingView;
    expect(staticPath({ ...route!, view: () => view })).toEqual({ params: { listing: 'news' }, props: { view }, cacheKey: viewKey(view) });
  });

  it('gives no key to a page whose first path segment has a colon', () => {
    const hostile = contextOf([post('x', '2024-01-01T00:00:00Z', ['javascript:alert(1)'])]);
    const [article] = siteRoutes(hostile).filter((entry) => entry.kind === 'article');
    expect(article!.path).toBe('/javascript:alert(1)/x.html');
    expect(staticPath({ ...article!, view: () => article!.view() as object }).cacheKey).toBeUndefined();
    // Its listing lives below /category/, which Astro can cache.
    const [listing] = siteRoutes(hostile).filter((entry) => entry.kind === 'listing');
    const view = listing!.view() as object;
    expect(staticPath({ ...listing!, view: () => view }).cacheKey).toBe(viewKey(view));
  });
});

describe('stableJson and viewKey', () => {
  it('sorts object keys at every depth and writes Dates as ISO', () => {
    expect(stableJson({ b: 1, a: [{ d: new Date('2024-01-01T00:00:00Z'), c: null }] })).toBe(
      '{"a":[{"c":null,"d":"2024-01-01T00:00:00.000Z"}],"b":1}',
    );
  });

  it('leaves out undefined fields, as pages render them like absent ones', () => {
    expect(viewKey({ a: 1, b: undefined })).toBe(viewKey({ a: 1 }));
  });

  it('tells apart values JSON would blur', () => {
    expect(viewKey({ a: '1' })).not.toBe(viewKey({ a: 1 }));
    expect(viewKey({ a: [] })).not.toBe(viewKey({ a: {} }));
    expect(viewKey({ a: null })).not.toBe(viewKey({}));
    expect(viewKey({ 'a","b': 1 })).not.toBe(viewKey({ a: 1, b: 1 }));
  });

  class Point {
    x = 1;
  }

  it.each([
    ['a Map', { a: new Map([[1, 2]]) }],
    ['a Set', { a: new Set([1]) }],
    ['a function', { a: () => 1 }],
    ['a class instance', { a: new Point() }],
    ['NaN', { a: Number.NaN }],
    ['Infinity', { a: Number.POSITIVE_INFINITY }],
    ['an invalid Date', { a: new Date(Number.NaN) }],
    ['undefined in an array', { a: [1, undefined] }],
    ['a bigint', { a: 1n }],
  ])('refuses %s rather than dropping it from the key', (_, value) => {
    expect(() => viewKey(value)).toThrow(TypeError);
  });

  it('names where the refused value is', () => {
    expect(() => stableJson({ frame: { feeds: [{ url: new Map() }] } })).toThrow('$.frame.feeds[0].url');
  });
});

describe('cacheablePath and pageKey', () => {
  it.each([
    ['/news/2024/a.html', true],
    ['news/a.html', true],
    ['/category/a:b.html', true],
    ['/javascript:x/a.html', false],
    ['//a:b/c.html', false],
  ])('%s cacheable: %s', (pagePath, cacheable) => {
    expect(cacheablePath(pagePath)).toBe(cacheable);
    expect(pageKey(pagePath, { a: 1 })).toBe(cacheable ? viewKey({ a: 1 }) : undefined);
  });
});

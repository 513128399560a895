/**
 * Hackable URLs: every folder an article URL passes through is a page (`src/lib/url-prefixes.ts`),
 * through the site index (`prefixes`, `prefixPages`, old category URLs, empty categories) to the
 * route data of those pages. Post paths come from the real `postPermalink`, as the reader gives them.
 */
import { describe, expect, it } from 'vitest';
import { encodePath, postPermalink, type PathSegment } from '../../src/lib/permalink';
import { buildSiteIndex, type IndexedPost, type IndexOptions, type SiteIndex, type Term } from '../../src/lib/site-index';
import { segmentLabel, urlPrefixes, urlPrefixPages, type UrlPrefix } from '../../src/lib/url-prefixes';
import type { RoutePattern } from '../../src/lib/page-kinds';
import { listingView, prefixView, siteRoutes, type RouteContext, type SiteView, type ViewSettings } from '../../src/route-data';

/** The pages the route `route` writes, in order, with their views built. */
function pagesOf(context: RouteContext, route: RoutePattern) {
  return siteRoutes(context)
    .filter((entry) => entry.route === route)
    .map((entry) => ({ ...entry, view: entry.view() as SiteView }));
}

const SHANGHAI = 'Asia/Shanghai';

const settings: ViewSettings = {
  title: '新闻存档',
  description: '财经与时事新闻存档',
  language: 'zh-CN',
  url: 'https://finews.example.com',
  timeZone: SHANGHAI,
  feedSize: 3,
  categoryFeedSize: 3,
  homePostCount: 4,
  homeCategoryCount: 2,
};

interface PostOptions {
  /** Permalink style or pattern the path is built with (default `date`). */
  style?: string;
  /** A post's own `permalink:` (a decoded path), instead of the style's. */
  path?: string;
  legacyPaths?: string[];
}

/**
 * A post dated `date` (an ISO instant), its slug its id, at the path the reader would give it.
 * No body file: nothing here renders excerpts.
 */
function post(id: string, date: string, categories: string[], options: PostOptions = {}): IndexedPost {
  const at = new Date(date);
  const permalink =
    options.path === undefined
      ? postPermalink(options.style ?? 'date', { categories, date: at, slug: id, timeZone: SHANGHAI })
      : { path: options.path, url: encodePath(options.path) };
  return {
    id,
    title: `标题 ${id}`,
    date: at,
    categories,
    tags: [],
    path: permalink.path,
    url: permalink.url,
    legacyPaths: options.legacyPaths ?? [],
    digest: `digest-${id}`,
    bodyId: '',
    bodyDigest: '',
  };
}

type CategoryData = IndexOptions['categoryData'];

const NAMES: CategoryData = new Map([
  ['emnews', { name: '东方财富滚动新闻' }],
  ['caijing', { name: '财经' }],
  ['yaowen', { name: '要闻' }],
]);

function siteOf(posts: readonly IndexedPost[], options: Partial<IndexOptions> = {}): SiteIndex {
  return buildSiteIndex(posts, {
    pageSize: 20,
    pagination: 'newest-first',
    timeZone: SHANGHAI,
    categoryData: NAMES,
    permalink: 'date',
    ...options,
  });
}

const paths = (prefixes: readonly UrlPrefix[]) => prefixes.map((prefix) => prefix.path);
const ids = (posts: readonly IndexedPost[]) => posts.map((p) => p.id);
const kinds = (segments: readonly PathSegment[]) => segments.map((segment) => segment.kind);

function prefixAt(site: SiteIndex, path: string): UrlPrefix {
  const prefix = site.prefixes.find((candidate) => candidate.path === path);
  if (!prefix) throw new Error(`no prefix ${path}; prefixes are ${paths(site.prefixes).join(' ')}`);
  return prefix;
}

/** The default-style site of the first scenarios, newest post first. */
const datePosts = (): IndexedPost[] => [
  post('e0', '2020-05-01T09:00:00+08:00', ['emnews']),
  post('e1', '2021-12-08T09:00:00+08:00', ['emnews']),
  post('e2', '2021-12-08T15:00:00+08:00', ['emnews']),
  post('e3', '2021-12-09T09:00:00+08:00', ['emnews']),
  post('u', '2021-11-30T09:00:00+08:00', []),
  post('cy', '2021-12-10T09:00:00+08:00', ['caijing', 'yaowen']),
];

describe('urlPrefixes under the default date style', () => {
  const site = siteOf(datePosts());

  it('builds the posts at the paths the prefixes are cut from', () => {
    expect(site.posts.map((p) => p.path)).toEqual([
      '/caijing/yaowen/2021/12/10/cy.html',
      '/emnews/2021/12/09/e3.html',
      '/emnews/2021/12/08/e2.html',
      '/emnews/2021/12/08/e1.html',
      '/2021/11/30/u.html',
      '/emnews/2020/05/01/e0.html',
    ]);
  });

  it('lists every folder, parents before children, in the order of their newest post', () => {
    expect(paths(site.prefixes)).toEqual([
      '/caijing/',
      '/caijing/yaowen/',
      '/caijing/yaowen/2021/',
      '/caijing/yaowen/2021/12/',
      '/caijing/yaowen/2021/12/10/',
      '/emnews/',
      '/emnews/2021/',
      '/emnews/2021/12/',
      '/emnews/2021/12/09/',
      '/emnews/2021/12/08/',
      '/2021/',
      '/2021/11/',
      '/2021/11/30/',
      '/emnews/2020/',
      '/emnews/2020/05/',
      '/emnews/2020/05/01/',
    ]);
  });

  it('never makes the root, an article or a folder below an article a prefix', () => {
    const prefixPaths = new Set(paths(site.prefixes));
    expect(prefixPaths.has('/')).toBe(false);
    for (const p of site.posts) expect(prefixPaths.has(p.path)).toBe(false);
  });

  it('gives each segment what it stands for', () => {
    expect(site.prefixes.map((prefix) => [prefix.path, kinds(prefix.segments)])).toEqual([
      ['/caijing/', ['category']],
      ['/caijing/yaowen/', ['category', 'category']],
      ['/caijing/yaowen/2021/', ['category', 'category', 'year']],
      ['/caijing/yaowen/2021/12/', ['category', 'category', 'year', 'month']],
      ['/caijing/yaowen/2021/12/10/', ['category', 'category', 'year', 'month', 'day']],
      ['/emnews/', ['category']],
      ['/emnews/2021/', ['category', 'year']],
      ['/emnews/2021/12/', ['category', 'year', 'month']],
      ['/emnews/2021/12/09/', ['category', 'year', 'month', 'day']],
      ['/emnews/2021/12/08/', ['category', 'year', 'month', 'day']],
      ['/2021/', ['year']],
      ['/2021/11/', ['year', 'month']],
      ['/2021/11/30/', ['year', 'month', 'day']],
      ['/emnews/2020/', ['category', 'year']],
      ['/emnews/2020/05/', ['category', 'year', 'month']],
      ['/emnews/2020/05/01/', ['category', 'year', 'month', 'day']],
    ]);
    expect(prefixAt(site, '/emnews/2021/12/08/').segments.map((segment) => segment.text)).toEqual(['emnews', '2021', '12', '08']);
  });

  it('holds every post below a prefix, newest first', () => {
    expect(site.prefixes.map((prefix) => [prefix.path, ids(prefix.posts)])).toEqual([
      ['/caijing/', ['cy']],
      ['/caijing/yaowen/', ['cy']],
      ['/caijing/yaowen/2021/', ['cy']],
      ['/caijing/yaowen/2021/12/', ['cy']],
      ['/caijing/yaowen/2021/12/10/', ['cy']],
      ['/emnews/', ['e3', 'e2', 'e1', 'e0']],
      ['/emnews/2021/', ['e3', 'e2', 'e1']],
      ['/emnews/2021/12/', ['e3', 'e2', 'e1']],
      ['/emnews/2021/12/09/', ['e3']],
      ['/emnews/2021/12/08/', ['e2', 'e1']],
      ['/2021/', ['u']],
      ['/2021/11/', ['u']],
      ['/2021/11/30/', ['u']],
      ['/emnews/2020/', ['e0']],
      ['/emnews/2020/05/', ['e0']],
      ['/emnews/2020/05/01/', ['e0']],
    ]);
  });

  it('links each prefix to the prefixes one segment deeper, in the order of their newest post', () => {
    expect(site.prefixes.map((prefix) => [prefix.path, paths(prefix.children)])).toEqual([
      ['/caijing/', ['/caijing/yaowen/']],
      ['/caijing/yaowen/', ['/caijing/yaowen/2021/']],
      ['/caijing/yaowen/2021/', ['/caijing/yaowen/2021/12/']],
      ['/caijing/yaowen/2021/12/', ['/caijing/yaowen/2021/12/10/']],
      ['/caijing/yaowen/2021/12/10/', []],
      ['/emnews/', ['/emnews/2021/', '/emnews/2020/']],
      ['/emnews/2021/', ['/emnews/2021/12/']],
      ['/emnews/2021/12/', ['/emnews/2021/12/09/', '/emnews/2021/12/08/']],
      ['/emnews/2021/12/09/', []],
      ['/emnews/2021/12/08/', []],
      ['/2021/', ['/2021/11/']],
      ['/2021/11/', ['/2021/11/30/']],
      ['/2021/11/30/', []],
      ['/emnews/2020/', ['/emnews/2020/05/']],
      ['/emnews/2020/05/', ['/emnews/2020/05/01/']],
      ['/emnews/2020/05/01/', []],
    ]);
    // Children are the very prefix objects of the list, not copies.
    expect(prefixAt(site, '/emnews/').children[0]).toBe(prefixAt(site, '/emnews/2021/'));
  });

  it('sets the category only on a one-category prefix at the root', () => {
    const withCategory = site.prefixes.filter((prefix) => prefix.category !== undefined);
    expect(withCategory.map((prefix) => [prefix.path, prefix.category!.key])).toEqual([
      ['/caijing/', 'caijing'],
      ['/emnews/', 'emnews'],
    ]);
    expect(prefixAt(site, '/emnews/').category).toBe(site.categories.get('emnews'));
    // Two categories are no one listing; a year is no category.
    expect(prefixAt(site, '/caijing/yaowen/').category).toBeUndefined();
    expect(prefixAt(site, '/2021/').category).toBeUndefined();
    expect(prefixAt(site, '/emnews/2021/').category).toBeUndefined();
  });

  it('lists only direct posts on pages of years and categories with children, all posts below a month or a day', () => {
    expect(site.prefixes.map((prefix) => [prefix.path, ids(prefix.listed)])).toEqual([
      ['/caijing/', []],
      ['/caijing/yaowen/', []],
      ['/caijing/yaowen/2021/', []],
      ['/caijing/yaowen/2021/12/', ['cy']],
      ['/caijing/yaowen/2021/12/10/', ['cy']],
      ['/emnews/', []],
      ['/emnews/2021/', []],
      ['/emnews/2021/12/', ['e3', 'e2', 'e1']],
      ['/emnews/2021/12/09/', ['e3']],
      ['/emnews/2021/12/08/', ['e2', 'e1']],
      ['/2021/', []],
      ['/2021/11/', ['u']],
      ['/2021/11/30/', ['u']],
      ['/emnews/2020/', []],
      ['/emnews/2020/05/', ['e0']],
      ['/emnews/2020/05/01/', ['e0']],
    ]);
  });

  it('cuts dates in the site zone, as the article paths do', () => {
    // 2021-12-31 20:00 UTC is 2022-01-01 04:00 in Shanghai.
    const zoned = siteOf([post('ny', '2021-12-31T20:00:00Z', ['emnews'])]);
    expect(zoned.posts[0]!.path).toBe('/emnews/2022/01/01/ny.html');
    expect(zoned.prefixes.map((prefix) => [prefix.path, kinds(prefix.segments).at(-1)])).toEqual([
      ['/emnews/', 'category'],
      ['/emnews/2022/', 'year'],
      ['/emnews/2022/01/', 'month'],
      ['/emnews/2022/01/01/', 'day'],
    ]);
  });

  it('reads an upper-case category of the front matter as its lower-case URL segment', () => {
    const cased = siteOf([post('c', '2021-12-08T09:00:00+08:00', ['EMNews'])]);
    expect(paths(cased.prefixes)).toEqual(['/emnews/', '/emnews/2021/', '/emnews/2021/12/', '/emnews/2021/12/08/']);
    expect(cased.prefixes[0]!.category?.key).toBe('emnews');
    expect(kinds(cased.prefixes[3]!.segments)).toEqual(['category', 'year', 'month', 'day']);
  });

  it('gives pages to every prefix but the one-category ones, which redirect', () => {
    expect(site.prefixPages.map((page) => page.path)).toEqual(
      paths(site.prefixes).filter((path) => path !== '/caijing/' && path !== '/emnews/'),
    );
    // A year of categories lists no post of its own: one empty page with its children.
    const year = site.prefixPages.find((page) => page.path === '/emnews/2021/')!;
    expect(year).toMatchObject({ number: 1, pageCount: 1, posts: [], newerUrl: undefined, olderUrl: undefined });
  });
});

describe('urlPrefixPages', () => {
  const month = [1, 2, 3, 4, 5].map((day) => post(`x${day}`, `2021-12-0${day}T09:00:00+08:00`, ['x']));

  it('splits a prefix into pages of pageSize posts, newest first, with newer and older links', () => {
    const site = siteOf(month, { pageSize: 2 });
    const pages = site.prefixPages.filter((page) => page.prefix.path === '/x/2021/12/');
    expect(pages.map((page) => [page.number, page.pageCount, page.path, page.url, ids(page.posts), page.newerUrl, page.olderUrl])).toEqual([
      [1, 3, '/x/2021/12/', '/x/2021/12/', ['x5', 'x4'], undefined, '/x/2021/12/page/2/'],
      [2, 3, '/x/2021/12/page/2/', '/x/2021/12/page/2/', ['x3', 'x2'], '/x/2021/12/', '/x/2021/12/page/3/'],
      [3, 3, '/x/2021/12/page/3/', '/x/2021/12/page/3/', ['x1'], '/x/2021/12/page/2/', undefined],
    ]);
    expect(pages.every((page) => page.prefix === prefixAt(site, '/x/2021/12/'))).toBe(true);
  });

  it('gives a prefix whose posts fill its pages exactly no empty page after them', () => {
    const prefix = prefixAt(siteOf(month.slice(0, 4)), '/x/2021/12/');
    const pages = urlPrefixPages(prefix, 2, new Set());
    expect(pages.map((page) => [page.path, ids(page.posts)])).toEqual([
      ['/x/2021/12/', ['x4', 'x3']],
      ['/x/2021/12/page/2/', ['x2', 'x1']],
    ]);
    expect(pages[1]!.olderUrl).toBeUndefined();
  });

  it('gives a prefix that lists no posts one empty page', () => {
    const pages = urlPrefixPages(prefixAt(siteOf(month), '/x/2021/'), 2, new Set());
    expect(pages).toEqual([
      expect.objectContaining({ number: 1, pageCount: 1, path: '/x/2021/', posts: [], newerUrl: undefined, olderUrl: undefined }),
    ]);
  });

  it('gives a one-category prefix no page: it redirects to the listing', () => {
    const site = siteOf(month, { pageSize: 2 });
    expect(urlPrefixPages(prefixAt(site, '/x/'), 2, new Set())).toEqual([]);
    expect(site.prefixPages.some((page) => page.prefix.path === '/x/')).toBe(false);
  });

  it('percent-encodes the URLs of a Chinese category, keeping paths decoded', () => {
    const chinese = [1, 2, 3].map((hour) => post(`c${hour}`, `2021-12-08T0${hour}:00:00+08:00`, ['财经']));
    const site = siteOf(chinese, { pageSize: 2 });
    const year = prefixAt(site, '/财经/2021/');
    expect(year.url).toBe('/%E8%B4%A2%E7%BB%8F/2021/');
    const pages = site.prefixPages.filter((page) => page.prefix.path === '/财经/2021/12/08/');
    expect(pages.map((page) => [page.path, page.url, page.newerUrl, page.olderUrl])).toEqual([
      ['/财经/2021/12/08/', '/%E8%B4%A2%E7%BB%8F/2021/12/08/', undefined, '/%E8%B4%A2%E7%BB%8F/2021/12/08/page/2/'],
      ['/财经/2021/12/08/page/2/', '/%E8%B4%A2%E7%BB%8F/2021/12/08/page/2/', '/%E8%B4%A2%E7%BB%8F/2021/12/08/', undefined],
    ]);
  });

  it('stops before a page whose path is another page, and links no further', () => {
    const prefix = prefixAt(siteOf(month), '/x/2021/12/');
    const pages = urlPrefixPages(prefix, 2, new Set(['/x/2021/12/page/2/']));
    expect(pages.map((page) => [page.path, ids(page.posts), page.olderUrl])).toEqual([['/x/2021/12/', ['x5', 'x4'], undefined]]);
  });

  it('does not let a taken page-1 path stop the first page (the prefix itself was checked already)', () => {
    const prefix = prefixAt(siteOf(month), '/x/2021/12/');
    expect(urlPrefixPages(prefix, 2, new Set(['/x/2021/12/'])).map((page) => page.path)).toEqual([
      '/x/2021/12/',
      '/x/2021/12/page/2/',
      '/x/2021/12/page/3/',
    ]);
  });

  // A page that reads "第 1 / 3 页" with no link to a page 2 would send readers looking for it.
  it('counts only the pages that exist when a taken path cuts them short', () => {
    const prefix = prefixAt(siteOf(month), '/x/2021/12/');
    const pages = urlPrefixPages(prefix, 2, new Set(['/x/2021/12/page/2/']));
    expect(pages.map((page) => page.pageCount)).toEqual([pages.length]);
  });

  it('lets the folder of another page win over a page of a listing, through the site index', () => {
    // An old URL of the category's page happens to be page 2 of a month.
    const site = siteOf(month, {
      pageSize: 2,
      categoryData: new Map([['x', { name: 'X', oldUrls: ['/x/2021/12/page/2/'] }]]),
    });
    expect(site.categoryRedirects.map((redirect) => redirect.path)).toEqual(['/x/2021/12/page/2/']);
    const pages = site.prefixPages.filter((page) => page.prefix.path === '/x/2021/12/');
    expect(pages.map((page) => [page.path, page.olderUrl])).toEqual([['/x/2021/12/', undefined]]);
  });
});

describe('urlPrefixes under other permalink styles', () => {
  const when = '2021-12-08T09:00:00+08:00';

  it('pretty: stops above the article, whose path is a folder', () => {
    const site = siteOf([post('title', when, ['c'], { style: 'pretty' })], { permalink: 'pretty' });
    expect(site.posts[0]!.path).toBe('/c/2021/12/08/title/');
    expect(paths(site.prefixes)).toEqual(['/c/', '/c/2021/', '/c/2021/12/', '/c/2021/12/08/']);
    expect(paths(site.prefixes)).not.toContain('/c/2021/12/08/title/');
    expect(kinds(site.prefixes.at(-1)!.segments)).toEqual(['category', 'year', 'month', 'day']);
    expect(ids(prefixAt(site, '/c/2021/12/08/').listed)).toEqual(['title']);
    expect(site.prefixPages.map((page) => page.path)).not.toContain('/c/2021/12/08/title/');
  });

  it('ordinal: the day of the year is a folder of its own', () => {
    const site = siteOf([post('t', when, ['c'], { style: 'ordinal' })], { permalink: 'ordinal' });
    expect(site.posts[0]!.path).toBe('/c/2021/342/t.html');
    expect(site.prefixes.map((prefix) => [prefix.path, kinds(prefix.segments).at(-1)])).toEqual([
      ['/c/', 'category'],
      ['/c/2021/', 'year'],
      ['/c/2021/342/', 'ordinal-day'],
    ]);
    const day = prefixAt(site, '/c/2021/342/');
    expect(segmentLabel(day.segments.at(-1)!, () => undefined)).toBe('第 342 天');
    expect(ids(day.listed)).toEqual(['t']);
    // A year of ordinal days is a page of children.
    expect(ids(prefixAt(site, '/c/2021/').listed)).toEqual([]);
  });

  it('none: a one-category post gives only its category folder, which redirects', () => {
    const site = siteOf([post('title', when, ['c'], { style: 'none' })], { permalink: 'none' });
    expect(site.posts[0]!.path).toBe('/c/title.html');
    expect(paths(site.prefixes)).toEqual(['/c/']);
    expect(site.prefixes[0]!.category?.key).toBe('c');
    expect(site.prefixPages).toEqual([]);
  });

  it('none: a two-category post gives a category redirect and a listing of the pair', () => {
    const site = siteOf([post('t', when, ['a', 'b'], { style: 'none' })], { permalink: 'none' });
    expect(site.posts[0]!.path).toBe('/a/b/t.html');
    expect(site.prefixes.map((prefix) => [prefix.path, kinds(prefix.segments), prefix.category?.key, ids(prefix.listed)])).toEqual([
      ['/a/', ['category'], 'a', []],
      ['/a/b/', ['category', 'category'], undefined, ['t']],
    ]);
    expect(site.prefixPages.map((page) => [page.path, ids(page.posts)])).toEqual([['/a/b/', ['t']]]);
  });

  it('none: a pair of categories with deeper folders lists only its direct posts', () => {
    const site = siteOf(
      [post('t', when, ['a', 'b'], { style: 'none' }), post('u', '2021-12-07T09:00:00+08:00', ['a', 'b', 'c'], { style: 'none' })],
      { permalink: 'none' },
    );
    const pair = prefixAt(site, '/a/b/');
    expect(paths(pair.children)).toEqual(['/a/b/c/']);
    expect(ids(pair.posts)).toEqual(['t', 'u']);
    expect(ids(pair.listed)).toEqual(['t']);
  });

  it('a custom pattern without categories: year and month folders', () => {
    const pattern = '/:year/:month/:title/';
    const site = siteOf([post('t', when, ['c'], { style: pattern })], { permalink: pattern });
    expect(site.posts[0]!.path).toBe('/2021/12/t/');
    expect(site.prefixes.map((prefix) => [prefix.path, kinds(prefix.segments), ids(prefix.listed)])).toEqual([
      ['/2021/', ['year'], []],
      ['/2021/12/', ['year', 'month'], ['t']],
    ]);
    expect(site.prefixes.every((prefix) => prefix.category === undefined)).toBe(true);
  });

  it('a year with no folder below it lists its posts', () => {
    const pattern = '/:year/:title.html';
    const site = siteOf([post('t', when, [], { style: pattern }), post('u', '2021-03-01T09:00:00+08:00', [], { style: pattern })], {
      permalink: pattern,
    });
    expect(site.prefixes.map((prefix) => [prefix.path, ids(prefix.listed)])).toEqual([['/2021/', ['t', 'u']]]);
  });

  it('a literal folder and unpadded months and days of a custom pattern', () => {
    const pattern = '/news/:year/:i_month/:i_day/:title.html';
    const site = siteOf([post('t', '2021-01-05T09:00:00+08:00', ['c'], { style: pattern })], { permalink: pattern });
    expect(site.posts[0]!.path).toBe('/news/2021/1/5/t.html');
    expect(site.prefixes.map((prefix) => [prefix.path, kinds(prefix.segments).at(-1)])).toEqual([
      ['/news/', 'other'],
      ['/news/2021/', 'year'],
      ['/news/2021/1/', 'month'],
      ['/news/2021/1/5/', 'day'],
    ]);
    expect(site.prefixes[0]!.category).toBeUndefined();
  });

  it('reads the folders by the site pattern, not by another: date paths under `none` are other', () => {
    // Paths cut by the date style, read as `none`: only the category folder stands for something.
    const site = siteOf([post('t', when, ['c'])], { permalink: 'none' });
    expect(site.prefixes.map((prefix) => [prefix.path, kinds(prefix.segments).at(-1)])).toEqual([
      ['/c/', 'category'],
      ['/c/2021/', 'other'],
      ['/c/2021/12/', 'other'],
      ['/c/2021/12/08/', 'other'],
    ]);
  });
});

describe('posts with their own permalink', () => {
  it('gives the folders of a path that does not follow the pattern the kind other', () => {
    const site = siteOf([post('p', '2021-12-08T09:00:00+08:00', [], { path: '/special/page.html' })]);
    expect(site.prefixes.map((prefix) => [prefix.path, kinds(prefix.segments), prefix.category, ids(prefix.listed)])).toEqual([
      ['/special/', ['other'], undefined, ['p']],
    ]);
    expect(site.prefixPages.map((page) => page.path)).toEqual(['/special/']);
  });

  it('keeps the kinds of the folders that do follow it, and makes the rest other', () => {
    const site = siteOf([post('p', '2021-12-08T09:00:00+08:00', ['emnews'], { path: '/emnews/2021/highlights/p.html' })]);
    expect(site.prefixes.map((prefix) => [prefix.path, kinds(prefix.segments)])).toEqual([
      ['/emnews/', ['category']],
      ['/emnews/2021/', ['category', 'year']],
      ['/emnews/2021/highlights/', ['category', 'year', 'other']],
    ]);
  });

  it('joins posts at the pattern in the same folders', () => {
    const site = siteOf([
      post('own', '2021-12-08T10:00:00+08:00', ['emnews'], { path: '/emnews/2021/12/08/own-name.html' }),
      post('e', '2021-12-08T09:00:00+08:00', ['emnews']),
    ]);
    expect(ids(prefixAt(site, '/emnews/2021/12/08/').listed)).toEqual(['own', 'e']);
    expect(kinds(prefixAt(site, '/emnews/2021/12/08/').segments)).toEqual(['category', 'year', 'month', 'day']);
  });

  it('keeps a category folder a redirect when an older own-permalink post sits in it', () => {
    const site = siteOf([
      post('about', '2021-12-07T09:00:00+08:00', [], { path: '/emnews/about.html' }),
      post('e', '2021-12-08T09:00:00+08:00', ['emnews']),
    ]);
    expect(kinds(prefixAt(site, '/emnews/').segments)).toEqual(['category']);
    expect(prefixAt(site, '/emnews/').category?.key).toBe('emnews');
  });

  // One post with a permalink of its own in a category folder must not turn the category's
  // redirect into a listing of every post below it, headed "emnews".
  it('keeps a category folder a redirect when a newer own-permalink post sits in it', () => {
    const site = siteOf([
      post('about', '2021-12-09T09:00:00+08:00', [], { path: '/emnews/about.html' }),
      post('e', '2021-12-08T09:00:00+08:00', ['emnews']),
    ]);
    expect(kinds(prefixAt(site, '/emnews/').segments)).toEqual(['category']);
    expect(prefixAt(site, '/emnews/').category?.key).toBe('emnews');
  });
});

describe('prefixes that would replace another page', () => {
  const when = '2021-12-08T09:00:00+08:00';
  const options = (taken: string[] = []) => ({
    permalink: 'date',
    timeZone: SHANGHAI,
    categoryOf: () => undefined,
    taken: new Set(taken),
  });

  it('skips a taken prefix but keeps those above and below it, outside the tree', () => {
    const posts = [post('a', when, ['c']), post('b', when, ['c', 'd'])];
    expect(paths(urlPrefixes(posts, options()))).toEqual([
      '/c/',
      '/c/2021/',
      '/c/2021/12/',
      '/c/2021/12/08/',
      '/c/d/',
      '/c/d/2021/',
      '/c/d/2021/12/',
      '/c/d/2021/12/08/',
    ]);
    const prefixes = urlPrefixes(posts, options(['/c/2021/12/']));
    expect(paths(prefixes)).toEqual(['/c/', '/c/2021/', '/c/2021/12/08/', '/c/d/', '/c/d/2021/', '/c/d/2021/12/', '/c/d/2021/12/08/']);
    // The prefix above no longer links to it, nor to what is below it, and lists what it had.
    expect(paths(prefixes[1]!.children)).toEqual([]);
    expect(ids(prefixes[0]!.posts)).toEqual(['a', 'b']);
  });

  it.each(['/c/2021.html', '/c/2021'])('skips a folder whose page would have the name of the page %s', (other) => {
    const posts = [post('a', when, ['c'])];
    expect(paths(urlPrefixes(posts, options([other])))).toEqual(['/c/', '/c/2021/12/', '/c/2021/12/08/']);
  });

  it('skips a prefix that is an article at a folder URL, keeping the folders below it', () => {
    const pattern = '/:categories/:title/';
    const posts = [
      post('b', when, ['a'], { style: pattern }),
      post('c', when, ['a', 'b'], { style: pattern }),
      post('d', when, ['a', 'b', 'z'], { style: pattern }),
    ];
    const site = siteOf(posts, { permalink: pattern });
    expect(site.posts.map((p) => p.path)).toEqual(['/a/b/', '/a/b/c/', '/a/b/z/d/']);
    expect(paths(site.prefixes)).toEqual(['/a/', '/a/b/z/']);
    expect(site.prefixPages.map((page) => page.path)).toEqual(['/a/b/z/']);
  });

  it("skips a prefix that is a post's old URL (a redirect)", () => {
    const site = siteOf([
      post('e', when, ['emnews']),
      post('old', '2021-12-09T09:00:00+08:00', ['emnews'], { legacyPaths: ['/emnews/2021/12/08/'] }),
    ]);
    expect(site.redirects.map((redirect) => [redirect.path, redirect.param])).toEqual([
      ['/emnews/2021/12/08/', 'emnews/2021/12/08/index.folder'],
    ]);
    expect(paths(site.prefixes)).toEqual(['/emnews/', '/emnews/2021/', '/emnews/2021/12/', '/emnews/2021/12/09/']);
    expect(paths(prefixAt(site, '/emnews/2021/12/').children)).toEqual(['/emnews/2021/12/09/']);
    // The month still holds the post of the skipped day.
    expect(ids(prefixAt(site, '/emnews/2021/12/').listed)).toEqual(['old', 'e']);
  });

  it.each(['category', 'tag', '_astro', 'pagefind', 'pagefind-2'])('gives no prefix below the site folder /%s/', (folder) => {
    expect(urlPrefixes([post('t', when, [folder])], options())).toEqual([]);
    expect(urlPrefixes([post('t', when, [], { path: `/${folder}/x/t.html` })], options())).toEqual([]);
  });

  it('reserves only the first segment, and only those names', () => {
    expect(paths(urlPrefixes([post('t', when, ['pagefinder'])], options()))[0]).toBe('/pagefinder/');
    expect(paths(urlPrefixes([post('t', when, ['tags'])], options()))[0]).toBe('/tags/');
    expect(paths(urlPrefixes([post('t', when, ['news', 'category'])], options())).slice(0, 2)).toEqual(['/news/', '/news/category/']);
  });

  it('gives a post at the root, or at the root itself, no prefix', () => {
    expect(urlPrefixes([post('t', when, [], { path: '/about.html' }), post('r', when, [], { path: '/' })], options())).toEqual([]);
  });

  it('takes what a segment stands for from categoryOf, and the category only when it knows it', () => {
    const term: Term = { kind: 'category', key: 'c', name: '西', url: '/category/c.html', posts: [] };
    const known = urlPrefixes([post('t', when, ['c'])], { ...options(), categoryOf: (segment) => (segment === 'c' ? term : undefined) });
    expect(known[0]!.category).toBe(term);
    expect(urlPrefixes([post('t', when, ['c'])], options())[0]!.category).toBeUndefined();
  });
});

describe('segmentLabel', () => {
  const emnews: Term = { kind: 'category', key: 'emnews', name: '东方财富滚动新闻', url: '/category/emnews.html', posts: [] };
  const categoryOf = (segment: string) => (segment === 'emnews' ? emnews : undefined);

  it.each<[PathSegment, string]>([
    [{ text: 'emnews', kind: 'category' }, '东方财富滚动新闻'],
    [{ text: 'caijing', kind: 'category' }, 'caijing'],
    [{ text: '2021', kind: 'year' }, '2021年'],
    [{ text: '12', kind: 'month' }, '12月'],
    [{ text: '01', kind: 'month' }, '1月'],
    [{ text: '1', kind: 'month' }, '1月'],
    [{ text: '08', kind: 'day' }, '8日'],
    [{ text: '31', kind: 'day' }, '31日'],
    [{ text: '342', kind: 'ordinal-day' }, '第 342 天'],
    [{ text: '005', kind: 'ordinal-day' }, '第 5 天'],
    [{ text: 'special', kind: 'other' }, 'special'],
    // An other segment is shown as written, even when a category has its name.
    [{ text: 'emnews', kind: 'other' }, 'emnews'],
  ])('%j → %s', (segment, label) => {
    expect(segmentLabel(segment, categoryOf)).toBe(label);
  });
});

describe('old category URLs and empty categories in the site index', () => {
  const cbotPosts = () => [post('s', '2021-12-08T09:00:00+08:00', ['CBOT']), post('o', '2021-12-07T09:00:00+08:00', ['other-name'])];
  const data: CategoryData = new Map([
    ['cbot', { name: '芝加哥期货', oldUrls: ['/category/CBOT.html', '/old/cbot/', '/category/cbot.html', '/', '/category/Caixin/'] }],
    ['other-name', { name: '其他', oldUrls: ['/category/Other.html', '/category/other.html', '/category/OTHER.html'] }],
    ['stub', { name: '停刊栏目', description: '旧站的空栏目', oldUrls: ['/category/Stub.html'] }],
  ]);

  it('redirects each old URL that is no page, by the route that owns its folder', () => {
    const site = siteOf(cbotPosts(), { categoryData: data });
    const cbot = site.categories.get('cbot')!;
    const other = site.categories.get('other-name')!;
    const stub = site.emptyCategories[0]!;
    expect(site.categoryRedirects).toEqual([
      { path: '/category/CBOT.html', route: 'category', param: 'CBOT', target: cbot },
      { path: '/old/cbot/', route: 'path', param: 'old/cbot/index.folder', target: cbot },
      { path: '/category/Caixin/', route: 'category', param: 'Caixin/index.folder', target: cbot },
      { path: '/category/Other.html', route: 'category', param: 'Other', target: other },
      { path: '/category/other.html', route: 'category', param: 'other', target: other },
      { path: '/category/OTHER.html', route: 'category', param: 'OTHER', target: other },
      { path: '/category/Stub.html', route: 'category', param: 'Stub', target: stub },
    ]);
    // `/category/cbot.html` is the listing itself, and `/` the home page: no redirect.
    expect(site.categoryRedirects.map((redirect) => redirect.path)).not.toContain('/category/cbot.html');
  });

  it('on a file system that ignores case, drops an old URL that differs from a page or another old URL only in case', () => {
    const site = siteOf(cbotPosts(), { categoryData: data, caseInsensitiveFiles: true });
    expect(site.categoryRedirects.map((redirect) => [redirect.path, redirect.target.key])).toEqual([
      // `/category/CBOT.html` would overwrite the listing `/category/cbot.html`.
      ['/old/cbot/', 'cbot'],
      ['/category/Caixin/', 'cbot'],
      // The first of three spellings of one file keeps it; none of them is a listing.
      ['/category/Other.html', 'other-name'],
      // `/category/Stub.html` would overwrite the empty category's own listing `/category/stub.html`.
    ]);
  });

  it('lets the first category that names an old URL keep it', () => {
    const site = siteOf(cbotPosts(), {
      categoryData: new Map([
        ['cbot', { name: '芝加哥期货', oldUrls: ['/category/shared.html'] }],
        ['other-name', { name: '其他', oldUrls: ['/category/shared.html'] }],
      ]),
    });
    expect(site.categoryRedirects.map((redirect) => [redirect.path, redirect.target.key])).toEqual([['/category/shared.html', 'cbot']]);
  });

  it('gives no redirect at an article or a post redirect', () => {
    const site = siteOf(
      [
        post('s', '2021-12-08T09:00:00+08:00', ['cbot'], { legacyPaths: ['/cbot/old-s.html'] }),
        post('o', '2021-12-07T09:00:00+08:00', ['other-name']),
      ],
      {
        categoryData: new Map([
          ['cbot', { name: '芝加哥期货', oldUrls: ['/cbot/2021/12/08/s.html', '/cbot/old-s.html', '/category/other-name.html'] }],
        ]),
      },
    );
    expect(site.categoryRedirects).toEqual([]);
  });

  it('normalizes an old URL to NFC, as the site paths are', () => {
    const decomposed = '/category/Cafe\u0301.html';
    const site = siteOf(cbotPosts(), { categoryData: new Map([['cbot', { name: '芝加哥期货', oldUrls: [decomposed] }]]) });
    expect(site.categoryRedirects.map((redirect) => [redirect.path, redirect.param])).toEqual([['/category/Café.html', 'Café']]);
  });

  it('gives a category of the data without posts an empty listing and no feed', () => {
    const site = siteOf(cbotPosts(), { categoryData: data });
    expect(site.emptyCategories).toEqual([
      { kind: 'category', key: 'stub', name: '停刊栏目', description: '旧站的空栏目', url: '/category/stub.html', posts: [] },
    ]);
    expect(site.emptyCategories[0]!.feedUrl).toBeUndefined();
    const pages = site.categoryPages.filter((page) => page.term.key === 'stub');
    expect(pages).toEqual([expect.objectContaining({ first: true, number: 1, posts: [], param: 'stub', url: '/category/stub.html' })]);
    expect(pages[0]!.term).toBe(site.emptyCategories[0]);
    expect(pages[0]!.olderUrl).toBeUndefined();
    expect(site.categories.has('stub')).toBe(false);
    expect(site.categoriesBySize.map((term) => term.key).sort()).toEqual(['cbot', 'other-name']);
    expect(site.categoriesByName.map((term) => term.key)).not.toContain('stub');
  });

  it('gives an empty category one empty page under the stable scheme too', () => {
    const site = siteOf(cbotPosts(), { categoryData: data, pagination: 'stable', pageSize: 2 });
    const pages = site.categoryPages.filter((page) => page.term.key === 'stub');
    expect(pages.map((page) => [page.url, page.posts.length, page.newerUrl, page.olderUrl])).toEqual([
      ['/category/stub.html', 0, undefined, undefined],
    ]);
  });

  it('counts a category of the data with posts, in any case, as no empty one', () => {
    const site = siteOf(cbotPosts(), { categoryData: new Map([['CBOT', { name: '芝加哥期货' }]]) });
    expect(site.emptyCategories).toEqual([]);
  });

  it('gives an old URL of a category with neither posts nor an entry no redirect', () => {
    const site = siteOf(cbotPosts(), { categoryData: new Map([['cbot', { name: '芝加哥期货' }]]) });
    expect(site.categoryRedirects).toEqual([]);
    expect(site.emptyCategories).toEqual([]);
  });

  it('keeps the old URL of a category as a redirect over the prefix of the same path', () => {
    const site = siteOf(cbotPosts(), { categoryData: new Map([['cbot', { name: '芝加哥期货', oldUrls: ['/cbot/'] }]]) });
    expect(site.categoryRedirects.map((redirect) => [redirect.path, redirect.route, redirect.param])).toEqual([
      ['/cbot/', 'path', 'cbot/index.folder'],
    ]);
    expect(paths(site.prefixes)).not.toContain('/cbot/');
  });

  // A stub with `permalink: /cbot/` gives the old URL `/cbot/`, which redirects where the folder
  // would have; the folders below it must stay, or every `../` back link of the category breaks.
  it('keeps the folders below a one-category prefix that an old category URL replaced', () => {
    const site = siteOf(cbotPosts(), { categoryData: new Map([['cbot', { name: '芝加哥期货', oldUrls: ['/cbot/'] }]]) });
    expect(paths(site.prefixes)).toEqual(expect.arrayContaining(['/cbot/2021/', '/cbot/2021/12/', '/cbot/2021/12/08/']));
  });
});

describe('route data of prefix pages', () => {
  function contextOf(posts: readonly IndexedPost[], options: Partial<IndexOptions> = {}): RouteContext {
    return { site: siteOf(posts, options), settings };
  }
  const context = contextOf(datePosts(), { pageSize: 1 });
  const parents = new Map(context.site.prefixes.map((prefix) => [prefix.path, prefix]));
  const pageAt = (from: RouteContext, path: string) => {
    const page = from.site.prefixPages.find((candidate) => candidate.path === path);
    if (!page) throw new Error(`no prefix page ${path}`);
    return page;
  };

  it('names a day of a category with its name and the date in one piece', () => {
    const view = prefixView(context, pageAt(context, '/emnews/2021/12/08/'), parents);
    expect(view.kind).toBe('prefix');
    expect(view.heading).toBe('东方财富滚动新闻 · 2021年12月8日');
    expect(view.frame.title).toBe('东方财富滚动新闻 · 2021年12月8日 | 新闻存档');
    expect(view.frame.description).toBe('东方财富滚动新闻 · 2021年12月8日的文章');
    expect(view.frame.canonicalUrl).toBe('https://finews.example.com/emnews/2021/12/08/');
  });

  it('climbs the folders in the breadcrumb, the category folder linking to the listing', () => {
    const view = prefixView(context, pageAt(context, '/emnews/2021/12/08/'), parents);
    expect(view.breadcrumb).toEqual([
      { name: '首页', url: '/' },
      { name: '东方财富滚动新闻', url: '/category/emnews.html' },
      { name: '2021年', url: '/emnews/2021/' },
      { name: '12月', url: '/emnews/2021/12/' },
      { name: '8日' },
    ]);
  });

  it('names each category of a pair and links the pair folder to itself', () => {
    const view = prefixView(context, pageAt(context, '/caijing/yaowen/2021/'), parents);
    expect(view.heading).toBe('财经 · 要闻 · 2021年');
    expect(view.breadcrumb).toEqual([
      { name: '首页', url: '/' },
      { name: '财经', url: '/category/caijing.html' },
      { name: '要闻', url: '/caijing/yaowen/' },
      { name: '2021年' },
    ]);
  });

  it('names a folder without categories by its date alone', () => {
    const view = prefixView(context, pageAt(context, '/2021/11/30/'), parents);
    expect(view.heading).toBe('2021年11月30日');
    expect(view.breadcrumb).toEqual([
      { name: '首页', url: '/' },
      { name: '2021年', url: '/2021/' },
      { name: '11月', url: '/2021/11/' },
      { name: '30日' },
    ]);
  });

  it('shows the total and the children on the first page only', () => {
    const first = prefixView(context, pageAt(context, '/emnews/2021/12/'), parents);
    expect(first.total).toBe(3);
    expect(first.children).toEqual([
      { name: '9日', url: '/emnews/2021/12/09/', count: 1 },
      { name: '8日', url: '/emnews/2021/12/08/', count: 2 },
    ]);
    expect(first.posts.map((item) => item.url)).toEqual(['/emnews/2021/12/09/e3.html']);
    expect(first.posts[0]).toEqual({
      title: '标题 e3',
      url: '/emnews/2021/12/09/e3.html',
      date: { iso: '2021-12-09T09:00:00+08:00', text: expect.any(String) },
      bodyId: undefined,
    });
    expect(first.pagination).toEqual({ label: '第 1 / 3 页', newerUrl: undefined, olderUrl: '/emnews/2021/12/page/2/' });

    const second = prefixView(context, pageAt(context, '/emnews/2021/12/page/2/'), parents);
    expect(second.total).toBeUndefined();
    expect(second.children).toEqual([]);
    expect(second.heading).toBe('东方财富滚动新闻 · 2021年12月（第 2 页）');
    expect(second.frame.canonicalUrl).toBe('https://finews.example.com/emnews/2021/12/page/2/');
    expect(second.posts.map((item) => item.url)).toEqual(['/emnews/2021/12/08/e2.html']);
    expect(second.pagination).toEqual({ label: '第 2 / 3 页', newerUrl: '/emnews/2021/12/', olderUrl: '/emnews/2021/12/page/3/' });
  });

  it('shows a year of a category as its months, with the count below each and no posts', () => {
    const view = prefixView(context, pageAt(context, '/emnews/2021/'), parents);
    expect(view.total).toBe(3);
    expect(view.posts).toEqual([]);
    expect(view.children).toEqual([{ name: '12月', url: '/emnews/2021/12/', count: 3 }]);
  });

  it('links the percent-encoded URLs of a Chinese category', () => {
    const chinese = contextOf([post('c', '2021-12-08T09:00:00+08:00', ['财经'])], { categoryData: new Map() });
    const view = prefixView(
      chinese,
      pageAt(chinese, '/财经/2021/12/'),
      new Map(chinese.site.prefixes.map((prefix) => [prefix.path, prefix])),
    );
    expect(view.heading).toBe('财经 · 2021年12月');
    expect(view.breadcrumb.map((crumb) => crumb.url)).toEqual([
      '/',
      '/category/%E8%B4%A2%E7%BB%8F.html',
      '/%E8%B4%A2%E7%BB%8F/2021/',
      undefined,
    ]);
    expect(view.children.map((child) => child.url)).toEqual(['/%E8%B4%A2%E7%BB%8F/2021/12/08/']);
    expect(view.frame.canonicalUrl).toBe('https://finews.example.com/%E8%B4%A2%E7%BB%8F/2021/12/');
  });

  it('routes one-category folders as redirects to the listing, and the other folders as their pages', () => {
    const routes = pagesOf(context, '[...folder]/index');
    const redirects = routes.flatMap(({ view, ...route }) => (view.kind === 'redirect' ? [{ ...route, view }] : []));
    expect(redirects.map((route) => [route.path, route.params.folder, route.view.target, route.view.targetUrl, route.view.title])).toEqual([
      ['/caijing/', 'caijing', 'listing', '/category/caijing.html', '财经'],
      ['/emnews/', 'emnews', 'listing', '/category/emnews.html', '东方财富滚动新闻'],
    ]);
    expect(redirects[1]!.view.canonicalUrl).toBe('https://finews.example.com/category/emnews.html');
    const listings = routes.filter((route) => route.view.kind === 'prefix');
    expect(listings.map((route) => route.path)).toEqual(context.site.prefixPages.map((page) => page.path));
    expect(listings.find((route) => route.path === '/emnews/2021/12/page/2/')!.params.folder).toBe('emnews/2021/12/page/2');
    // The folders' route and the article route share no page.
    const articlePaths = new Set(pagesOf(context, '[...path]').map((route) => route.path));
    expect(routes.filter((route) => articlePaths.has(route.path))).toEqual([]);
  });

  it('gives no route two pages', () => {
    const params = pagesOf(context, '[...path]').map((route) => route.params.path);
    expect(new Set(params).size).toBe(params.length);
  });
});

describe('route data of old category URLs and empty categories', () => {
  const context: RouteContext = {
    site: siteOf([post('s', '2021-12-08T09:00:00+08:00', ['cbot'])], {
      categoryData: new Map([
        ['cbot', { name: '芝加哥期货', oldUrls: ['/category/CBOT.html', '/old/cbot/'] }],
        ['stub', { name: '停刊栏目', oldUrls: ['/category/Stub.html'] }],
      ]),
    }),
    settings,
  };

  it('adds redirects below /category/ to the category routes, after the listings', () => {
    const routes = pagesOf(context, 'category/[...listing]');
    expect(routes.map((route) => [route.params.listing, route.path, route.view.kind])).toEqual([
      ['cbot', '/category/cbot.html', 'listing'],
      ['stub', '/category/stub.html', 'listing'],
      ['CBOT', '/category/CBOT.html', 'redirect'],
      ['Stub', '/category/Stub.html', 'redirect'],
    ]);
    expect(routes[2]!.view).toMatchObject({ kind: 'redirect', target: 'listing', title: '芝加哥期货', targetUrl: '/category/cbot.html' });
    expect(routes[3]!.view).toMatchObject({ kind: 'redirect', target: 'listing', title: '停刊栏目', targetUrl: '/category/stub.html' });
  });

  it('adds redirects outside /category/ to the article route, not the category route', () => {
    const outside = pagesOf(context, '[...path]').filter((route) => route.path === '/old/cbot/');
    expect(outside.map((route) => [route.params.path, route.view])).toEqual([
      [
        'old/cbot/index.folder',
        expect.objectContaining({ kind: 'redirect', target: 'listing', targetUrl: '/category/cbot.html', title: '芝加哥期货' }),
      ],
    ]);
    expect(pagesOf(context, 'category/[...listing]').some((route) => route.path === '/old/cbot/')).toBe(false);
    expect(pagesOf(context, '[...path]').some((route) => route.path.startsWith('/category/'))).toBe(false);
  });

  it('shows an empty category as empty, pointing to all categories', () => {
    const page = context.site.categoryPages.find((candidate) => candidate.term.key === 'stub')!;
    const view = listingView(context, page);
    expect(view.heading).toBe('分类：停刊栏目');
    expect(view.summary).toMatchObject({ total: 0, allCategoriesUrl: '/categories.html', feedUrl: undefined, feedsPageUrl: undefined });
    expect(view.posts).toEqual([]);
    expect(view.frame.feeds.map((feed) => feed.url)).toEqual(['/feed.xml']);
  });

  it('does not point a category with posts to all categories', () => {
    const page = context.site.categoryPages.find((candidate) => candidate.term.key === 'cbot')!;
    expect(listingView(context, page).summary).toMatchObject({ total: 1, allCategoriesUrl: undefined, feedUrl: '/category/cbot/feed.xml' });
  });

  it('lists the empty category among the listing routes', () => {
    const listings = pagesOf(context, 'category/[...listing]').filter((route) => route.kind === 'listing');
    expect(listings.map((route) => route.path)).toEqual(['/category/cbot.html', '/category/stub.html']);
  });
});

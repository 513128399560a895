/**
 * The site's own names at the root of its URLs (`src/lib/reserved-routes.ts`): every route of
 * `src/pages/` and every post-build output is one, in any case; a category, a tag or a first
 * folder of article URLs named like one gets no URL folder pages, and `npm run check` and
 * `npm run migrate` name it once, with its posts.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { postPermalink } from '../../src/lib/permalink';
import {
  collisionMessage,
  PUBLIC_FILES,
  type RoutedPost,
  reservedRoute,
  routeCollisions,
  termCollision,
  unservablePath,
} from '../../src/lib/reserved-routes';
import { SEARCH_BUNDLES, shardFolder } from '../../src/lib/search-plan';
import { buildSiteIndex, type IndexedPost } from '../../src/lib/site-index';
import { FIXED_PAGES } from '../../src/lib/site-pages';
import { emptyPostsReport, formatReport, type PostsReport } from '../../src/loaders/report';
import { sitePaths } from '../../src/route-data';

const PAGES_DIR = path.resolve(import.meta.dirname, '../../src/pages');

/**
 * The names each entry of `src/pages/` writes at the root: a folder of routes its own name; a
 * page its `.html` file and its route name; an endpoint (`feed.xml.ts`) its file. The rest
 * parameters at the root (`[...path]`, `[...folder]`) are the articles and their folders.
 */
function pageRouteNames(): string[] {
  const names: string[] = [];
  for (const entry of readdirSync(PAGES_DIR, { withFileTypes: true })) {
    if (entry.name.startsWith('[')) continue;
    if (entry.isDirectory()) names.push(entry.name);
    else if (entry.name === 'index.astro') names.push('index.html');
    else if (entry.name.endsWith('.astro')) names.push(entry.name.slice(0, -'.astro'.length), entry.name.replace(/\.astro$/, '.html'));
    else names.push(entry.name.replace(/\.ts$/, ''));
  }
  return names.sort();
}

/** What the build and the post-build steps write at the root besides the routes. */
const POST_BUILD_NAMES = [
  '_astro',
  shardFolder(0),
  shardFolder(1),
  shardFolder(11),
  SEARCH_BUNDLES.delta,
  SEARCH_BUNDLES.runtime,
  'sitemap-index.xml',
  'sitemap-0.xml',
  'sitemap-12.xml',
];

describe('reservedRoute', () => {
  const routeNames = pageRouteNames();

  it('finds the routes of src/pages it checks', () => {
    expect(routeNames).toEqual(
      expect.arrayContaining(['archive', 'archive.html', 'category', 'tag', 'search', 'feed.xml', 'robots.txt', '404']),
    );
  });

  it.each(routeNames)('reserves the route name %s of src/pages', (name) => {
    expect(reservedRoute(name)?.name).toBe(name);
  });

  it.each(POST_BUILD_NAMES)('reserves the post-build output %s', (name) => {
    expect(reservedRoute(name)?.name).toBe(name);
  });

  it.each(FIXED_PAGES.filter((page) => page !== '/'))('reserves the fixed page %s under its file name', (page) => {
    expect(reservedRoute(page.slice(1))?.serves).toContain(page);
  });

  it.each([
    ['Archive', 'archive'],
    ['ARCHIVE', 'archive'],
    ['Search', 'search'],
    ['Search.HTML', 'search.html'],
    ['Feed.XML', 'feed.xml'],
    ['Category', 'category'],
    ['TAG', 'tag'],
    ['Pagefind-Delta', 'pagefind-delta'],
    ['_ASTRO', '_astro'],
    ['Sitemap-3.xml', 'sitemap-3.xml'],
  ])('compares %s in lower case, as a host that ignores case does', (segment, name) => {
    expect(reservedRoute(segment)?.name).toBe(name);
  });

  it('says what the site serves there', () => {
    expect(reservedRoute('Archive')!.serves).toEqual(['/archive.html', '/archive/<year>/<month>.html']);
    expect(reservedRoute('search')!.serves).toEqual(['/search.html']);
    expect(reservedRoute('feeds')!.serves).toEqual(['/feeds.html']);
    expect(reservedRoute('pagefind-2')!.serves).toEqual(['/pagefind-2/…']);
  });

  it.each(['emnews', 'archives', 'tags', 'pagefinder', 'pagefind-x', 'sitemap.xml', 'search.htm', 'index', '2018', 'categorie', '财经'])(
    'leaves %s free',
    (name) => {
      expect(reservedRoute(name)).toBeUndefined();
    },
  );
});

describe('unservablePath', () => {
  it('knows every file of public/, which Astro copies to the root', () => {
    const publicDir = path.resolve(import.meta.dirname, '../../public');
    expect([...PUBLIC_FILES].sort()).toEqual(readdirSync(publicDir).sort());
  });

  it.each([
    ['/feed.xml/2023/03/04/w.html', 'lies below /feed.xml'],
    ['/index.html/2023/03/04/w.html', "lies below /index.html, the site's own home page /"],
    ['/Favicon.ICO/x.html', 'lies below /Favicon.ICO'],
    ['/sitemap-0.xml/x.html', 'lies below /sitemap-0.xml'],
    ['/pagefind/2023/x.html', 'lies in /pagefind/'],
    ['/pagefind-runtime/x.html', 'lies in /pagefind-runtime/'],
    ['/pagefind-delta/x.html', 'lies in /pagefind-delta/'],
    ['/_astro/x.html', 'lies in /_astro/'],
    ['/search.html', "is the address of the site's own /search.html"],
    ['/feed.xml', 'is the address of'],
    ['/index.html', "is the address of the site's own home page /"],
    // Written with `.html` added, as Jekyll writes a URL without an extension.
    ['/search', 'is written to /search.html'],
    ['/index', 'is written to /index.html'],
    // The listings and feeds the site writes in its own folders.
    ['/category/x.html', "is the file of one of the site's own listings or feeds"],
    ['/category/x/feed.xml', "is the file of one of the site's own listings or feeds"],
    ['/tag/x/page/2.html', "is the file of one of the site's own listings or feeds"],
    ['/archive/2023/01.html', "is the file of one of the site's own listings or feeds"],
    // A folder's page is a file: nothing lies below it.
    ['/news/index.html/2023/01/01/x.html', 'lies below /news/index.html, the page of the folder /news/'],
  ])('refuses %s', (articlePath, reason) => {
    expect(unservablePath(articlePath)).toContain(reason);
  });

  // Beside the site's folders and pages an article can be: their files and its own do not meet.
  it.each([
    '/archive/2018/01/15/x.html',
    '/search/x.html',
    '/category/2023/01/01/x.html',
    '/feeds/x.html',
    '/news/2023/x.html',
    '/search.htm',
    '/index/x.html',
  ])('serves %s', (articlePath) => {
    expect(unservablePath(articlePath)).toBeUndefined();
  });
});

it('refuses / (permalink: /), the home page', () => {
  expect(unservablePath('/')).toContain('home page /');
});

describe('termCollision', () => {
  it.each(['archive', 'Archive', 'search', 'category', 'feed.xml'])('a category %s collides where it heads article URLs', (slug) => {
    expect(termCollision('category', slug)).toBeDefined();
  });

  it.each(['search', 'archive', 'category', 'tag', 'Feeds'])('a tag %s never does: tags head no URL and list in /tag/', (slug) => {
    expect(termCollision('tag', slug)).toBeUndefined();
  });

  it('a category of a free name does not', () => {
    expect(termCollision('category', 'emnews')).toBeUndefined();
  });
});

const SHANGHAI = 'Asia/Shanghai';

function post(id: string, date: string, categories: string[], options: { path?: string; tags?: string[] } = {}): IndexedPost {
  const at = new Date(date);
  const permalink = postPermalink('date', { categories, date: at, slug: id, timeZone: SHANGHAI });
  const sitePath = options.path ?? permalink.path;
  return {
    id,
    title: `标题 ${id}`,
    date: at,
    categories,
    tags: options.tags ?? [],
    path: sitePath,
    url: encodeURI(sitePath),
    legacyPaths: [],
    digest: `digest-${id}`,
    bodyId: '',
    bodyDigest: '',
    sourceFile: `_posts/${id}.md`,
  };
}

describe('the site index of posts in a category named like a route', () => {
  const posts = [
    post('a', '2018-01-15T09:00:00+08:00', ['Archive']),
    post('b', '2018-01-16T09:00:00+08:00', ['Archive']),
    post('c', '2018-02-01T09:00:00+08:00', ['news'], { tags: ['search'] }),
    post('d', '2018-02-02T09:00:00+08:00', [], { path: '/Search/d.html' }),
  ];
  const site = buildSiteIndex(posts, {
    pageSize: 20,
    pagination: 'newest-first',
    timeZone: SHANGHAI,
    categoryData: new Map(),
    permalink: 'date',
  });

  it('keeps the articles at their Jekyll URLs', () => {
    expect(site.posts.map((p) => p.path).sort()).toEqual([
      '/Search/d.html',
      '/archive/2018/01/15/a.html',
      '/archive/2018/01/16/b.html',
      '/news/2018/02/01/c.html',
    ]);
  });

  it('makes no URL folder below /archive/ or /Search/, and keeps those of other folders', () => {
    expect(site.prefixes.map((prefix) => prefix.path)).toEqual(['/news/', '/news/2018/', '/news/2018/02/', '/news/2018/02/01/']);
  });

  it("keeps the site's month archives, the category's listing and the tag's", () => {
    const settings = { title: 't', description: 'd', language: 'zh-CN', url: 'https://example.com', timeZone: 'UTC' };
    const paths = sitePaths({
      site,
      settings: { ...settings, feedSize: 20, categoryFeedSize: 20, homePostCount: 20, homeCategoryCount: 20 },
    });
    for (const page of [
      '/archive/2018/01.html',
      '/archive/2018/02.html',
      '/archive.html',
      '/search.html',
      '/category/archive.html',
      '/tag/search.html',
    ]) {
      expect(paths).toContain(page);
    }
  });
});

describe('routeCollisions', () => {
  const posts: RoutedPost[] = [
    { path: '/archive/2018/01/16/b.html', categories: ['Archive'], sourceFile: '_posts/2018-01-16-b.md' },
    { path: '/archive/2018/01/15/a.html', categories: ['Archive', 'news'], sourceFile: '_posts/2018-01-15-a.md' },
    { path: '/news/2018/02/01/c.html', categories: ['news'], sourceFile: '_posts/2018-02-01-c.md' },
    { path: '/Search/d.html', categories: [], sourceFile: '_posts/2018-02-02-d.md' },
    { path: '/feed.xml', categories: [], sourceFile: '_posts/2018-02-03-feed.md' },
    { path: '/about.html', categories: [], sourceFile: '_posts/2018-02-04-about.md' },
    { path: '/pagefind/', categories: [], sourceFile: '_posts/2018-02-05-pf.md' },
  ];

  it('names each folder once, with its route, its categories and its files in name order', () => {
    expect(routeCollisions(posts)).toEqual([
      {
        kind: 'folder',
        name: 'archive',
        route: { name: 'archive', serves: ['/archive.html', '/archive/<year>/<month>.html'] },
        categories: ['Archive'],
        example: '/archive/2018/01/16/b.html',
        files: ['_posts/2018-01-15-a.md', '_posts/2018-01-16-b.md'],
      },
      {
        kind: 'folder',
        name: 'Search',
        route: { name: 'search', serves: ['/search.html'] },
        categories: [],
        example: '/Search/d.html',
        files: ['_posts/2018-02-02-d.md'],
      },
      {
        kind: 'article',
        name: 'feed.xml',
        route: { name: 'feed.xml', serves: ['/feed.xml'] },
        categories: [],
        example: '/feed.xml',
        files: ['_posts/2018-02-03-feed.md'],
      },
      {
        kind: 'folder',
        name: 'pagefind',
        route: { name: 'pagefind', serves: ['/pagefind/…'] },
        categories: [],
        example: '/pagefind/',
        files: ['_posts/2018-02-05-pf.md'],
      },
    ]);
  });

  it('keeps case variants of one name apart', () => {
    const variants = routeCollisions([
      { path: '/Archive/x.html', categories: [] },
      { path: '/archive/y.html', categories: [] },
    ]);
    expect(variants.map((collision) => [collision.name, collision.route.name, collision.files])).toEqual([
      ['Archive', 'archive', ['/Archive/x.html']],
      ['archive', 'archive', ['/archive/y.html']],
    ]);
  });

  it('finds none in free folders, whatever the tags', () => {
    expect(routeCollisions([{ path: '/news/2018/02/01/c.html', categories: ['news'] }])).toEqual([]);
  });

  const listing = (category: string) => `/category/${category.toLowerCase()}.html`;

  it('says what collides with what, how it is handled and which posts carry it, the first three and a count', () => {
    const many = Array.from({ length: 5 }, (_, index) => ({
      path: `/archive/2018/01/1${index}/p${index}.html`,
      categories: ['Archive'],
      sourceFile: `_posts/2018-01-1${index}-p${index}.md`,
    }));
    expect(collisionMessage(routeCollisions(many)[0]!, listing)).toBe(
      "category Archive (URL folder /archive/) is named like the site's own /archive.html, /archive/<year>/<month>.html: " +
        "the articles keep their URLs (/archive/2018/01/10/p0.html), the site's pages keep theirs, and no URL folder pages are made below /archive/; " +
        'Archive is listed at /category/archive.html — 5 posts: _posts/2018-01-10-p0.md, _posts/2018-01-11-p1.md, _posts/2018-01-12-p2.md, …',
    );
  });

  it('tells an article at a name of the site to take another permalink', () => {
    const [collision] = routeCollisions([{ path: '/search.html', categories: [], sourceFile: '_posts/s.md' }]);
    expect(collisionMessage(collision!, listing)).toBe(
      "article /search.html is named like the site's own /search.html: only one of them can be served, and the site's page is; " +
        'give the post a permalink: of its own — 1 post: _posts/s.md',
    );
  });

  it('is a warning line of the posts report, counted in its summary', () => {
    const report: PostsReport = { ...emptyPostsReport('_posts', 'fail'), files: 2, valid: 2, routes: routeCollisions(posts.slice(0, 2)) };
    const lines = formatReport(report);
    expect(lines[0]).toMatch(/^warning {2}category Archive \(URL folder \/archive\/\) is named like/);
    expect(lines[0]).toContain('Archive is listed at /category/archive.html — 2 posts');
    expect(lines.at(-1)).toContain("0 redirects, 1 URL named like the site's own pages — from 2 files");
  });
});

/**
 * The table of page kinds: every kind of page the site writes, with the routes of `src/pages/`
 * that write it and what the post-build steps do with it. It is the one list the site's pages
 * are known from (as Hugo's page kinds are): `siteRoutes` in `src/route-data/routes.ts` gives
 * every page of every kind, and the route record (search index, sitemap), `npm run check`'s
 * site pages and the site's reserved names are filters over it. Adding a page kind is one row
 * here, one route-data function in `src/route-data/routes.ts`, and one component or page.
 *
 * Plain data, imported by the site index's own modules (the reserved names), so it imports
 * nothing but the site's URLs.
 */
import {
  ARCHIVE_URL,
  CATEGORIES_BY_NAME_URL,
  CATEGORIES_URL,
  FEEDS_OPML_URL,
  FEEDS_PAGE_URL,
  HOME_URL,
  NOT_FOUND_URL,
  ROBOTS_URL,
  SEARCH_URL,
  SITE_FEED_URL,
  SITEMAP_INDEX_URL,
} from './site-urls';

/** A route of `src/pages/`: its file's path without the extension (`archive/[year]/[month]`). */
export type RoutePattern =
  | 'index'
  | '[...path]'
  | '[...folder]/index'
  | 'category/[...listing]'
  | 'tag/[...listing]'
  | 'category/[category]/feed.xml'
  | 'archive/[year]/[month]'
  | 'archive'
  | 'categories'
  | 'categories-by-name'
  | 'feeds'
  | 'feeds.opml'
  | 'feed.xml'
  | 'search'
  | '404'
  | 'robots.txt';

/** A route that writes pages of a kind, and the URLs it writes, as readers see them. */
export interface KindRoute {
  /** The route of `src/pages/`; `null` for a file a post-build step writes (the sitemap index). */
  route: RoutePattern | null;
  /** The URL, or its pattern with `<…>` for the parameters (`/archive/<year>/<month>.html`). */
  url: string;
}

/** What the site does with the pages of one kind. */
export interface PageKindRow {
  /** The routes that write them, in the order their pages are listed. */
  routes: readonly KindRoute[];
  /** Listed in the sitemap (redirects, URL folders, the 404 page and non-HTML files are not). */
  sitemap: boolean;
  /** Indexed for search (articles only). */
  search: boolean;
}

const page = (route: RoutePattern | null, url: string, options: { sitemap: boolean; search?: boolean }): PageKindRow => ({
  routes: [{ route, url }],
  sitemap: options.sitemap,
  search: options.search ?? false,
});

/**
 * Every page kind, in the order pages are listed: within a route, the pages of the kinds
 * above come first (articles before redirects from old URLs; category listings before the
 * redirects from old category URLs; redirects from folders of one category before the other
 * folders' listings).
 */
export const PAGE_KINDS = {
  home: page('index', HOME_URL, { sitemap: true }),
  article: page('[...path]', '/<permalink>', { sitemap: true, search: true }),
  listing: {
    routes: [
      { route: 'category/[...listing]', url: '/category/<category>.html' },
      { route: 'tag/[...listing]', url: '/tag/<tag>.html' },
    ],
    sitemap: true,
    search: false,
  },
  redirect: {
    routes: [
      { route: '[...path]', url: '/<old URL>' },
      { route: 'category/[...listing]', url: '/category/<category>.html' },
      { route: '[...folder]/index', url: '/<folder>/' },
    ],
    sitemap: false,
    search: false,
  },
  prefix: page('[...folder]/index', '/<folder>/', { sitemap: false }),
  month: page('archive/[year]/[month]', '/archive/<year>/<month>.html', { sitemap: true }),
  archive: page('archive', ARCHIVE_URL, { sitemap: true }),
  categories: page('categories', CATEGORIES_URL, { sitemap: true }),
  'categories-by-name': page('categories-by-name', CATEGORIES_BY_NAME_URL, { sitemap: true }),
  feeds: page('feeds', FEEDS_PAGE_URL, { sitemap: true }),
  opml: page('feeds.opml', FEEDS_OPML_URL, { sitemap: false }),
  feed: {
    routes: [
      { route: 'feed.xml', url: SITE_FEED_URL },
      { route: 'category/[category]/feed.xml', url: '/category/<category>/feed.xml' },
    ],
    sitemap: false,
    search: false,
  },
  search: page('search', SEARCH_URL, { sitemap: true }),
  'not-found': page('404', NOT_FOUND_URL, { sitemap: false }),
  robots: page('robots.txt', ROBOTS_URL, { sitemap: false }),
  sitemap: page(null, SITEMAP_INDEX_URL, { sitemap: false }),
} as const satisfies Record<string, PageKindRow>;

/** A kind of page: `article`, `listing`, `redirect`, … */
export type PageKind = keyof typeof PAGE_KINDS;

/** Every page kind, in the table's order. */
export const PAGE_KIND_NAMES = Object.keys(PAGE_KINDS) as PageKind[];

/** The row of `kind`. */
export function pageKindRow(kind: PageKind): PageKindRow {
  return PAGE_KINDS[kind];
}

/** Whether a route writes one page at one URL (no parameters). */
function isFixed(route: KindRoute): boolean {
  return !route.url.includes('<');
}

/** The URLs of the pages every site has, whatever its posts (routes without parameters, and the sitemap index), sorted. */
export function fixedPageUrls(): string[] {
  return PAGE_KIND_NAMES.flatMap((kind) => PAGE_KINDS[kind].routes.filter(isFixed).map((route) => route.url)).sort();
}

/**
 * The folders at the root that routes with parameters write into (`archive`, `category`,
 * `tag`), each with the URL patterns it serves, in the table's order; the routes whose
 * parameters start at the root (articles, URL folders) name none.
 */
export function routeFolders(): Map<string, string[]> {
  const folders = new Map<string, string[]>();
  for (const kind of PAGE_KIND_NAMES) {
    for (const route of PAGE_KINDS[kind].routes) {
      const [first, ...rest] = (route.route ?? '').split('/');
      if (first === undefined || first.startsWith('[') || rest.length === 0) continue;
      const serves = folders.get(first) ?? [];
      if (!serves.includes(route.url)) serves.push(route.url);
      folders.set(first, serves);
    }
  }
  return folders;
}

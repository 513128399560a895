/**
 * The site's one list of pages: `siteRoutes` gives every page the site writes — its kind, the
 * route of `src/pages/` that writes it, its parameters, its decoded site path and its view —
 * from the table of page kinds (`src/lib/page-kinds.ts`) and one route-data function per kind
 * ({@link KIND_ROUTES}). Everything else that needs to know the site's pages filters this list:
 * each route's `getStaticPaths` ({@link routePaths}), the single pages' views ({@link pageView}),
 * the route record the post-build steps read ({@link routeRecord}: articles for the search
 * index, pages kept out of the sitemap), and `npm run check`'s site pages ({@link sitePaths}).
 */
import { viewKey } from '../lib/cache-key';
import { PAGE_KIND_NAMES, PAGE_KINDS, type PageKind, type RoutePattern } from '../lib/page-kinds';
import { outputFileForPath, type RouteRecord } from '../lib/route-record';
import { outputFileOf } from '../lib/site-pages';
import { archiveIndexView, monthRoutes, type ArchiveIndexView, type MonthView } from './archive';
import { readExcerpt } from '../lib/body-store';
import {
  articlePageView,
  articleRoutes,
  redirectRoutes,
  searchKey,
  type ArticlePageView,
  type ArticleView,
  type RedirectView,
} from './article';
import { staticPath, type DateView, type PostItemView, type RouteContext, type RouteEntry } from './common';
import { feedRoutes, type FeedPageView } from './feed';
import { feedsView, opmlView, type FeedsView, type OpmlView } from './feeds';
import { listingRoutes, type ListingView } from './listing';
import {
  categoriesByNameView,
  categoriesBySizeView,
  homeView,
  notFoundView,
  robotsView,
  searchView,
  type CategoriesByNameView,
  type CategoriesBySizeView,
  type HomeView,
  type NotFoundView,
  type RobotsView,
  type SearchView,
} from './pages';
import { prefixRoutes, type PrefixView } from './prefix';

/** The view of each page kind; its `kind` field is the kind's name. */
export interface ViewOf {
  home: HomeView;
  article: ArticleView;
  listing: ListingView;
  redirect: RedirectView;
  prefix: PrefixView;
  month: MonthView;
  archive: ArchiveIndexView;
  categories: CategoriesBySizeView;
  'categories-by-name': CategoriesByNameView;
  feeds: FeedsView;
  opml: OpmlView;
  feed: FeedPageView;
  search: SearchView;
  'not-found': NotFoundView;
  robots: RobotsView;
  /** The sitemap index is written by the post-build sitemap step, from no view. */
  sitemap: undefined;
}

/** The view of any page the routes render. */
export type SiteView = Exclude<ViewOf[PageKind], undefined>;

/** One page of the site, of kind `K`. */
export type SiteRoute<K extends PageKind = PageKind> = RouteEntry<ViewOf[K]> & { kind: K };

/** The one page of a kind whose route has no parameters, at the URL the table gives it. */
function single<K extends PageKind>(kind: K, view: () => ViewOf[K]): RouteEntry<ViewOf[K]>[] {
  const [{ route, url }] = PAGE_KINDS[kind].routes;
  return [{ route, params: {}, path: url, view }];
}

/** The route-data function of each page kind: every page of that kind, in order. */
const KIND_ROUTES: { [K in PageKind]: (context: RouteContext) => RouteEntry<ViewOf[K]>[] } = {
  home: (context) => single('home', () => homeView(context)),
  article: articleRoutes,
  listing: listingRoutes,
  redirect: redirectRoutes,
  prefix: prefixRoutes,
  month: monthRoutes,
  archive: (context) => single('archive', () => archiveIndexView(context)),
  categories: (context) => single('categories', () => categoriesBySizeView(context)),
  'categories-by-name': (context) => single('categories-by-name', () => categoriesByNameView(context)),
  feeds: (context) => single('feeds', () => feedsView(context)),
  opml: (context) => single('opml', () => opmlView(context)),
  feed: feedRoutes,
  search: (context) => single('search', () => searchView(context)),
  'not-found': (context) => single('not-found', () => notFoundView(context)),
  robots: (context) => single('robots', () => robotsView(context)),
  sitemap: () => single('sitemap', () => undefined),
};

/** The list, and its pages by route, built once per context. */
interface RouteList {
  all: SiteRoute[];
  byRoute: Map<RoutePattern | null, SiteRoute[]>;
}

const lists = new WeakMap<RouteContext, RouteList>();

function routeList(context: RouteContext): RouteList {
  let list = lists.get(context);
  if (!list) {
    const all = PAGE_KIND_NAMES.flatMap((kind) =>
      (KIND_ROUTES[kind] as (context: RouteContext) => RouteEntry<ViewOf[PageKind]>[])(context).map(
        (entry): SiteRoute => ({ ...entry, kind }),
      ),
    );
    const byRoute = new Map<RoutePattern | null, SiteRoute[]>();
    for (const entry of all) {
      const entries = byRoute.get(entry.route);
      if (entries) entries.push(entry);
      else byRoute.set(entry.route, [entry]);
    }
    list = { all, byRoute };
    lists.set(context, list);
  }
  return list;
}

/** Every page the site writes, kind by kind in the table's order (built once per context; views when asked). */
export function siteRoutes(context: RouteContext): readonly SiteRoute[] {
  return routeList(context).all;
}

/** The `getStaticPaths` result of the route `route`: its pages, each with its view as props and its key. */
export function routePaths(context: RouteContext, route: RoutePattern): ReturnType<typeof staticPath<SiteView>>[] {
  return (routeList(context).byRoute.get(route) ?? []).map((entry) => staticPath(entry as RouteEntry<SiteView>));
}

/**
 * The view of the page of `kind` at a route without parameters (the home page, the archive
 * index, …): its kind's first route, or `route` for a kind with several (the site feed).
 */
export function pageView<K extends Exclude<PageKind, 'sitemap'>>(
  context: RouteContext,
  kind: K,
  route: RoutePattern | null = PAGE_KINDS[kind].routes[0].route,
): ViewOf[K] {
  const pages = (routeList(context).byRoute.get(route) ?? []).filter((entry) => entry.kind === kind);
  if (pages.length !== 1) throw new Error(`The route ${route} has ${pages.length} pages of kind ${kind}, not one`);
  return pages[0]!.view() as ViewOf[K];
}

/** The decoded site path of every page the site writes. */
export function sitePaths(context: RouteContext): Set<string> {
  return new Set(siteRoutes(context).map((entry) => entry.path));
}

/**
 * The route record of the site: the article pages with the digests of their views (the pages
 * of the kinds the table indexes for search), the redirect pages and the URL folders' pages (by
 * kind, for the build log), the pages kept out of the sitemap (by the table), and the links the
 * posts' bodies write into the site (for the link check).
 */
export function routeRecord(context: RouteContext): RouteRecord {
  const routes = siteRoutes(context);
  const fileOf = (entry: SiteRoute) => (entry.file === undefined ? outputFileForPath(entry.path) : entry.file.replace(/^\/+/, ''));
  const filesOf = (keep: (entry: SiteRoute) => boolean) => routes.filter(keep).map(fileOf);
  return {
    articles: routes
      .filter((entry) => PAGE_KINDS[entry.kind].search)
      .map((entry) => {
        const view = entry.view() as { kind?: string; published?: { iso: string } };
        const time = view.published ? Date.parse(view.published.iso) : undefined;
        const key = view.kind === 'article' ? searchKey(view as ArticleView) : viewKey(view);
        return { file: fileOf(entry), key, ...(time === undefined ? {} : { time }) };
      }),
    redirects: filesOf((entry) => entry.kind === 'redirect'),
    prefixListings: filesOf((entry) => entry.kind === 'prefix'),
    unlisted: routes
      .filter((entry) => !PAGE_KINDS[entry.kind].sitemap)
      .map((entry) => (entry.file === undefined ? outputFileOf(entry.path) : fileOf(entry))),
    bodyLinks: context.site.posts.flatMap((post) =>
      post.links && post.sourceFile ? [{ sourceFile: post.sourceFile, links: [...post.links] }] : [],
    ),
  };
}

/** A post in a list as its page shows it: the excerpt read from its body, where the list shows excerpts. */
export interface ShownPostItem {
  title: string;
  url: string;
  date: DateView;
  excerpt?: string | undefined;
}

/** A view as its page shows it: each list of posts with the excerpts it shows. */
export type Shown<V> = { [K in keyof V]: V[K] extends readonly PostItemView[] ? ShownPostItem[] : V[K] };

/** What a page shows, from its view: an article with its body and what comes from it, lists with their excerpts. */
export type ShownView<V extends SiteView> = V extends ArticleView ? ArticlePageView : Shown<V>;

/** Posts with the excerpts their list shows, read from the body store. */
export function shownPosts(posts: readonly PostItemView[]): ShownPostItem[] {
  return posts.map(({ bodyId, ...post }) => (bodyId === undefined ? post : { ...post, excerpt: readExcerpt(bodyId) }));
}

/**
 * Everything a page shows, from the view its route was given: the view names bodies by their
 * content-addressed files, so its key stays a cheap digest that still changes with any body;
 * the page reads them here, once, as it is rendered, and its component only lays them out.
 */
export function shownView<V extends SiteView>(view: V): ShownView<V> {
  const shown: SiteView | Shown<SiteView> | ArticlePageView = (() => {
    switch (view.kind) {
      case 'article':
        return articlePageView(view);
      case 'home':
      case 'not-found':
        return { ...view, newest: shownPosts(view.newest) };
      case 'listing':
      case 'prefix':
      case 'month':
        return { ...view, posts: shownPosts(view.posts) };
      default:
        return view;
    }
  })();
  return shown as ShownView<V>;
}

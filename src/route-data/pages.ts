/** The site's single pages: home, both category lists, 404, search, and `robots.txt`. */
import { absoluteUrl } from '../lib/feed';
import { groupByInitial } from '../lib/initials';
import { CATEGORIES_BY_NAME_URL, CATEGORIES_URL, HOME_URL, SEARCH_URL, SITEMAP_INDEX_URL } from '../lib/site-urls';
import {
  categoryItems,
  feedsLinks,
  pageFrame,
  postItems,
  type CategoryItemView,
  type FeedsLinksView,
  type PageFrameView,
  type PostItemView,
  type RouteContext,
} from './common';

/** Home: the newest posts, the busiest categories, and sections for the busiest few. */
export interface HomeView {
  kind: 'home';
  frame: PageFrameView;
  /** Newest posts, with excerpts. */
  newest: PostItemView[];
  busiest: CategoryItemView[];
  categoryCount: number;
  sections: { name: string; url: string; posts: PostItemView[] }[];
}

/** All categories, busiest first. */
export interface CategoriesBySizeView {
  kind: 'categories';
  frame: PageFrameView;
  postCount: number;
  categories: CategoryItemView[];
  /** Where to subscribe to them all. */
  feeds: FeedsLinksView;
}

/** All categories A–Z, grouped by initial. */
export interface CategoriesByNameView {
  kind: 'categories-by-name';
  frame: PageFrameView;
  categoryCount: number;
  groups: { initial: string; categories: CategoryItemView[] }[];
  /** Where to subscribe to them all. */
  feeds: FeedsLinksView;
}

/** Page not found: a way back, and the newest posts. */
export interface NotFoundView {
  kind: 'not-found';
  frame: PageFrameView;
  newest: PostItemView[];
}

/** The search page: its results come from the search index in the browser. */
export interface SearchView {
  kind: 'search';
  frame: PageFrameView;
}

/** `robots.txt`. */
export interface RobotsView {
  kind: 'robots';
  /** Absolute URL of the sitemap index. */
  sitemapUrl: string;
}

// The home page gives the busiest categories this many sections of this many posts.
const HOME_SECTIONS = 6;
const HOME_SECTION_POSTS = 5;
const NOT_FOUND_POSTS = 10;

/** The view of the home page. */
export function homeView(context: RouteContext): HomeView {
  const { site, settings } = context;
  const busiest = site.categoriesBySize.slice(0, settings.homeCategoryCount);
  return {
    kind: 'home',
    frame: pageFrame(context, { url: HOME_URL, listsFeeds: true }),
    newest: postItems(context, site.posts.slice(0, settings.homePostCount), { excerpts: true }),
    busiest: categoryItems(busiest),
    categoryCount: site.categoriesBySize.length,
    sections: busiest.slice(0, HOME_SECTIONS).map((category) => ({
      name: category.name,
      url: category.url,
      posts: postItems(context, category.posts.slice(0, HOME_SECTION_POSTS), { excerpts: false }),
    })),
  };
}

/** The view of `/categories.html`. */
export function categoriesBySizeView(context: RouteContext): CategoriesBySizeView {
  return {
    kind: 'categories',
    frame: pageFrame(context, { title: '全部分类', url: CATEGORIES_URL, listsFeeds: true }),
    postCount: context.site.posts.length,
    categories: categoryItems(context.site.categoriesBySize),
    feeds: feedsLinks(),
  };
}

/** The view of `/categories-by-name.html`. */
export function categoriesByNameView(context: RouteContext): CategoriesByNameView {
  const { categoriesByName } = context.site;
  return {
    kind: 'categories-by-name',
    frame: pageFrame(context, { title: '全部分类（按名称）', url: CATEGORIES_BY_NAME_URL, listsFeeds: true }),
    categoryCount: categoriesByName.length,
    groups: groupByInitial(categoriesByName, (category) => ({ key: category.key, name: category.name })).map((group) => ({
      initial: group.initial,
      categories: categoryItems(group.items),
    })),
    feeds: feedsLinks(),
  };
}

/** The view of the 404 page (not canonical: it is served at any missing URL). */
export function notFoundView(context: RouteContext): NotFoundView {
  return {
    kind: 'not-found',
    frame: pageFrame(context, { title: '页面不存在' }),
    newest: postItems(context, context.site.posts.slice(0, NOT_FOUND_POSTS), { excerpts: false }),
  };
}

/** The view of the search page. */
export function searchView(context: RouteContext): SearchView {
  return { kind: 'search', frame: pageFrame(context, { title: '搜索', url: SEARCH_URL, wasm: true }) };
}

/** The view of `robots.txt`. */
export function robotsView(context: RouteContext): RobotsView {
  return { kind: 'robots', sitemapUrl: absoluteUrl(context.settings.url, SITEMAP_INDEX_URL) };
}

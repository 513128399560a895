/**
 * What every page kind's view is made of: the route context (site index and settings), the
 * frame the layout shows (site title, description, language, canonical URL, feed links), dates
 * formatted in the site zone, and post and category entries of lists. Views hold plain data
 * only — text, numbers, booleans, arrays and plain objects — so a page's cache key can be the
 * digest of its view (see `src/lib/cache-key.ts`).
 */
import { pageKey } from '../lib/cache-key';
import { formatDate, toIsoInZone } from '../lib/dates';
import { absoluteUrl } from '../lib/feed';
import type { RoutePattern } from '../lib/page-kinds';
import type { IndexedPost, SiteIndex, Term } from '../lib/site-index';
import { FEEDS_OPML_URL, FEEDS_PAGE_URL, HOME_URL, SITE_FEED_URL } from '../lib/site-urls';
import type { Settings } from '../schemas/settings';

/** The settings views are built from. */
export type ViewSettings = Pick<
  Settings,
  'title' | 'description' | 'language' | 'url' | 'timeZone' | 'feedSize' | 'categoryFeedSize' | 'homePostCount' | 'homeCategoryCount'
>;

/** What route data is computed from: the site index and the settings. */
export interface RouteContext {
  site: SiteIndex;
  settings: ViewSettings;
}

/**
 * One page: the route of `src/pages/` that writes it (`null` for a file a post-build step
 * writes), its parameters, its decoded site path, and its view, built when asked (`npm run
 * check` needs only the paths).
 */
export interface RouteEntry<View> {
  route: RoutePattern | null;
  params: Record<string, string>;
  /** Decoded site path of the output (decides whether Astro can cache it). */
  path: string;
  /** The decoded output file, when it is named exactly as `path` rather than as `outputFileForPath` names it. */
  file?: string | undefined;
  view: () => View;
}

/** A `getStaticPaths` item for `entry`: the view as the page's props, and its key from that view. */
export function staticPath<View extends object>(
  entry: RouteEntry<View>,
): {
  params: Record<string, string>;
  props: { view: View };
  cacheKey: string | undefined;
} {
  const view = entry.view();
  return { params: entry.params, props: { view }, cacheKey: pageKey(entry.path, view) };
}

/** The site as every page's frame shows it. */
export interface SiteFrameView {
  title: string;
  description: string;
  /** `<html lang>`. */
  language: string;
  /** Open Graph locale (`zh_CN`). */
  locale: string;
  /** Absolute URL of the home page. */
  homeUrl: string;
  /** Site-relative URL of the page that lists every feed and explains subscribing. */
  feedsPageUrl: string;
  /** The OPML list of every feed, advertised in the heads of the pages that list feeds. */
  outline: FeedLinkView;
}

/** A feed the page head links to. */
export interface FeedLinkView {
  title: string;
  /** Site-relative URL. */
  url: string;
}

/** What the layout shows around a page's content. */
export interface PageFrameView {
  site: SiteFrameView;
  /** `<title>`: the page title with the site title, or the site title alone. */
  title: string;
  /** `og:title`: the page title alone (the site title on the home page). */
  ogTitle: string;
  description: string;
  /** Absolute canonical URL; none on pages that are not canonical (404). */
  canonicalUrl?: string | undefined;
  /** Feeds the head links to: the page's own, then the site feed. */
  feeds: FeedLinkView[];
  ogType: 'website' | 'article';
  /** The page runs WebAssembly (the search page's Pagefind). */
  wasm: boolean;
  /** Set on pages that lead to others but are not worth a search result of their own. */
  robots?: 'noindex, follow' | undefined;
  /** The page lists feeds (home, feeds, categories): its head advertises the OPML list. */
  listsFeeds: boolean;
}

/** A page's frame before its description is known (articles take theirs from the body). */
export type FrameWithoutDescription = Omit<PageFrameView, 'description'>;

/** What a page states about itself for its frame. */
export interface PageOptions {
  /** Page title without the site title; omitted on the home page. */
  title?: string | undefined;
  /** Defaults to the site description. */
  description?: string | undefined;
  /** Site-relative, percent-encoded URL; omitted on pages that are not canonical. */
  url?: string | undefined;
  /** Feeds besides the site feed. */
  feeds?: FeedLinkView[] | undefined;
  ogType?: PageFrameView['ogType'] | undefined;
  wasm?: boolean | undefined;
  robots?: PageFrameView['robots'];
  listsFeeds?: boolean | undefined;
}

/** Where a page sends readers who want to subscribe: the feeds page and the OPML list. */
export interface FeedsLinksView {
  pageUrl: string;
  opmlUrl: string;
}

/** The links to the feeds page and the OPML list. */
export function feedsLinks(): FeedsLinksView {
  return { pageUrl: FEEDS_PAGE_URL, opmlUrl: FEEDS_OPML_URL };
}

// Every page of a build shares one site frame object: there can be 100,000 views alive at once.
const siteFrames = new WeakMap<ViewSettings, SiteFrameView>();

/** The site part of every page's frame. */
export function siteFrame(settings: ViewSettings): SiteFrameView {
  let frame = siteFrames.get(settings);
  if (!frame) {
    frame = {
      title: settings.title,
      description: settings.description,
      language: settings.language,
      locale: settings.language.replace('-', '_'),
      homeUrl: absoluteUrl(settings.url, HOME_URL),
      feedsPageUrl: FEEDS_PAGE_URL,
      outline: { title: `${settings.title} 全部订阅源（OPML）`, url: FEEDS_OPML_URL },
    };
    siteFrames.set(settings, frame);
  }
  return frame;
}

/** A page's frame, but its description. */
export function frameWithoutDescription(context: RouteContext, page: Omit<PageOptions, 'description'>): FrameWithoutDescription {
  const site = siteFrame(context.settings);
  return {
    site,
    title: page.title ? `${page.title} | ${site.title}` : site.title,
    ogTitle: page.title ?? site.title,
    canonicalUrl: page.url === undefined ? undefined : absoluteUrl(context.settings.url, page.url),
    feeds: [...(page.feeds ?? []), { title: `${site.title} RSS`, url: SITE_FEED_URL }],
    ogType: page.ogType ?? 'website',
    wasm: page.wasm ?? false,
    robots: page.robots,
    listsFeeds: page.listsFeeds ?? false,
  };
}

/** A page's frame. */
export function pageFrame(context: RouteContext, page: PageOptions): PageFrameView {
  return { ...frameWithoutDescription(context, page), description: page.description ?? context.settings.description };
}

/** A date as a page shows it: machine-readable and for readers, both in the site zone. */
export interface DateView {
  /** ISO 8601 with the zone's offset, for `<time datetime>`. */
  iso: string;
  text: string;
}

/** `date` in the site zone, shown with `format`. */
export function dateView(context: RouteContext, date: Date, format: (date: Date, timeZone: string) => string): DateView {
  const { timeZone } = context.settings;
  return { iso: toIsoInZone(date, timeZone), text: format(date, timeZone) };
}

/** A post in a list. */
export interface PostItemView {
  title: string;
  url: string;
  date: DateView;
  /** Present when the list shows excerpts: the body the excerpt is read from. */
  bodyId?: string | undefined;
}

// A post is in many lists (its category's, its tags', its day's and month's folders, …); its
// entry, with a date formatted in the site zone, is built once per context.
const itemCache = new WeakMap<RouteContext, { plain: WeakMap<IndexedPost, PostItemView>; excerpts: WeakMap<IndexedPost, PostItemView> }>();

/** Posts as a list shows them, with or without their excerpts. */
export function postItems(context: RouteContext, posts: readonly IndexedPost[], options: { excerpts: boolean }): PostItemView[] {
  let caches = itemCache.get(context);
  if (!caches) {
    caches = { plain: new WeakMap(), excerpts: new WeakMap() };
    itemCache.set(context, caches);
  }
  const cache = options.excerpts ? caches.excerpts : caches.plain;
  return posts.map((post) => {
    let item = cache.get(post);
    if (!item) {
      item = {
        title: post.title,
        url: post.url,
        date: dateView(context, post.date, formatDate),
        bodyId: options.excerpts ? post.bodyId : undefined,
      };
      cache.set(post, item);
    }
    return item;
  });
}

/** A category in a list, with its post count. */
export interface CategoryItemView {
  name: string;
  url: string;
  count: number;
}

/** Categories as a list shows them. */
export function categoryItems(terms: readonly Term[]): CategoryItemView[] {
  return terms.map((term) => ({ name: term.name, url: term.url, count: term.posts.length }));
}

/** A link to a category's or tag's listing. */
export interface TermLinkView {
  name: string;
  url: string;
}

/** A link to another page by its title. */
export interface TitledLinkView {
  title: string;
  url: string;
}

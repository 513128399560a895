/**
 * The ways to subscribe: the feeds page (`/feeds.html`), which explains subscribing and lists
 * every feed, and the OPML list (`/feeds.opml`) that feed readers import all at once.
 */
import { absoluteUrl } from '../lib/feed';
import type { OpmlDocument } from '../lib/opml';
import type { Term } from '../lib/site-index';
import { CATEGORY_FOLDER_URL, FEEDS_OPML_URL, FEEDS_PAGE_URL, HOME_URL, SITE_FEED_URL } from '../lib/site-urls';
import { pageFrame, type PageFrameView, type RouteContext } from './common';

/** A feed as the feeds page lists it. */
export interface FeedEntryView {
  /** Display name of what the feed follows: the site's title or a category's name. */
  name: string;
  /** Site-relative URL of the feed. */
  url: string;
  /** Site-relative URL of the page the feed follows. */
  pageUrl: string;
  /** Posts it follows. */
  count: number;
}

/** `/feeds.html`: how to subscribe, the site feed, and every category feed, busiest first. */
export interface FeedsView {
  kind: 'feeds';
  frame: PageFrameView;
  site: FeedEntryView;
  /** Absolute URL of the site feed, shown for copying into a reader. */
  siteFeedAbsoluteUrl: string;
  /** Absolute URL of a category feed with `<分类>` for the category, to explain the pattern. */
  categoryFeedPattern: string;
  opmlUrl: string;
  categories: FeedEntryView[];
}

function categoryEntry(category: Term): FeedEntryView | undefined {
  if (!category.feedUrl) return undefined;
  return { name: category.name, url: category.feedUrl, pageUrl: category.url, count: category.posts.length };
}

function categoryEntries(context: RouteContext): FeedEntryView[] {
  return context.site.categoriesBySize.flatMap((category) => categoryEntry(category) ?? []);
}

/** The view of `/feeds.html`. */
export function feedsView(context: RouteContext): FeedsView {
  const { site, settings } = context;
  return {
    kind: 'feeds',
    frame: pageFrame(context, {
      title: 'RSS 订阅',
      description: `订阅${settings.title}全站或任一分类的 RSS，或导入 OPML 一次订阅全部。`,
      url: FEEDS_PAGE_URL,
      listsFeeds: true,
    }),
    site: { name: settings.title, url: SITE_FEED_URL, pageUrl: HOME_URL, count: site.posts.length },
    siteFeedAbsoluteUrl: absoluteUrl(settings.url, SITE_FEED_URL),
    // Written out rather than percent-encoded: it is read by people, not followed.
    categoryFeedPattern: `${absoluteUrl(settings.url, CATEGORY_FOLDER_URL)}<分类>/feed.xml`,
    opmlUrl: FEEDS_OPML_URL,
    categories: categoryEntries(context),
  };
}

/** `/feeds.opml`: the OPML document of every feed. */
export interface OpmlView extends OpmlDocument {
  kind: 'opml';
}

/** The view of `/feeds.opml`: the site feed, then every category feed (busiest first) in one folder. */
export function opmlView(context: RouteContext): OpmlView {
  const { settings } = context;
  const outline = (name: string, feedUrl: string, pageUrl: string) => ({
    text: name,
    xmlUrl: absoluteUrl(settings.url, feedUrl),
    htmlUrl: absoluteUrl(settings.url, pageUrl),
  });
  const categories = categoryEntries(context);
  return {
    kind: 'opml',
    title: `${settings.title} 全部订阅源`,
    outlines: [
      outline(settings.title, SITE_FEED_URL, HOME_URL),
      ...(categories.length > 0
        ? [{ text: `${settings.title} 分类`, children: categories.map((entry) => outline(entry.name, entry.url, entry.pageUrl)) }]
        : []),
    ],
  };
}

/** The site feed (`/feed.xml`) and one feed per category (`/category/<key>/feed.xml`). */
import { absoluteUrl, feedItemView, type FeedView } from '../lib/feed';
import type { Term } from '../lib/site-index';
import { categoryFeedUrl, FEED_STYLESHEET_URL, SITE_FEED_URL } from '../lib/site-urls';
import type { RouteContext, RouteEntry } from './common';

/** A feed: everything it shows but its items' bodies, which are read from their files as it is written. */
export interface FeedPageView extends FeedView {
  kind: 'feed';
}

/** The view of the site feed, or of `category`'s feed: the newest posts first. */
export function feedView(context: RouteContext, category?: Term): FeedPageView {
  const { site, settings } = context;
  const posts = category ? category.posts.slice(0, settings.categoryFeedSize) : site.posts.slice(0, settings.feedSize);
  const channel = category
    ? {
        title: `${category.name} | ${settings.title}`,
        description: category.description ?? `${settings.title}“${category.name}”分类的最新文章`,
        link: absoluteUrl(settings.url, category.url),
        selfUrl: absoluteUrl(settings.url, categoryFeedUrl(category.key)),
      }
    : {
        title: settings.title,
        description: settings.description,
        link: settings.url,
        selfUrl: absoluteUrl(settings.url, SITE_FEED_URL),
      };
  return {
    kind: 'feed',
    ...channel,
    language: settings.language,
    // Browsers show the feeds as readable pages with it (no XSLT, which browsers drop); readers ignore it.
    stylesheet: FEED_STYLESHEET_URL,
    items: posts.map((post) => feedItemView(post, settings.url, settings.timeZone)),
  };
}

/** The site feed, then every category feed, for `/feed.xml` and `/category/[category]/feed.xml`. */
export function feedRoutes(context: RouteContext): RouteEntry<FeedPageView>[] {
  return [
    { route: 'feed.xml', params: {}, path: SITE_FEED_URL, view: () => feedView(context) },
    ...[...context.site.categories.values()].map((category) => ({
      route: 'category/[category]/feed.xml' as const,
      params: { category: category.key },
      path: `/category/${category.key}/feed.xml`,
      view: () => feedView(context, category),
    })),
  ];
}

/** The site feed (`/feed.xml`) and one feed per category (`/category/<key>/feed.xml`). */
import { absoluteUrl, feedItemView, type FeedView } from '../lib/feed';
import { categoryFeedUrl, type Term } from '../lib/site-index';
import { SITE_FEED_URL, type RouteContext, type RouteEntry } from './common';

export type { FeedView };

/** Browsers show the feeds as readable pages with it (no XSLT, which browsers drop); readers ignore it. */
const FEED_STYLESHEET = '/feed.css';

/** The view of the site feed, or of `category`'s feed: the newest posts first. */
export function feedView(context: RouteContext, category?: Term): FeedView {
  const { site, settings } = context;
  const posts = (category ? category.posts : site.posts).slice(0, settings.feedSize);
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
    ...channel,
    language: settings.language,
    stylesheet: FEED_STYLESHEET,
    items: posts.map((post) => feedItemView(post, settings.url, settings.timeZone)),
  };
}

/** Every category feed, for `/category/[category]/feed.xml`. */
export function categoryFeedRoutes(context: RouteContext): RouteEntry<FeedView>[] {
  return [...context.site.categories.values()].map((category) => ({
    params: { category: category.key },
    path: `/category/${category.key}/feed.xml`,
    view: feedView(context, category),
  }));
}

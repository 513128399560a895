/**
 * The site's own URLs, in one place: the pages every site has (`/categories.html`,
 * `/feed.xml`, …) and the URLs of listings, month archives and category feeds. Route data,
 * the table of page kinds, the reserved names, feeds, the OPML list and the components all
 * take them from here, so a URL is written once. URLs are site-relative and percent-encoded.
 */
import { encodePathSegment } from './permalink';

/** The home page. */
export const HOME_URL = '/';

/** The page of every category, busiest first. */
export const CATEGORIES_URL = '/categories.html';

/** The page of every category A–Z. */
export const CATEGORIES_BY_NAME_URL = '/categories-by-name.html';

/** The index of month archives. */
export const ARCHIVE_URL = '/archive.html';

/** The search page. */
export const SEARCH_URL = '/search.html';

/** The page served for missing URLs. */
export const NOT_FOUND_URL = '/404.html';

/** The site feed (where Jekyll's feed was). */
export const SITE_FEED_URL = '/feed.xml';

/** The page that lists every feed and explains subscribing. */
export const FEEDS_PAGE_URL = '/feeds.html';

/** The OPML list of every feed. */
export const FEEDS_OPML_URL = '/feeds.opml';

/** `robots.txt`. */
export const ROBOTS_URL = '/robots.txt';

/** The sitemap index, written by the post-build sitemap step. */
export const SITEMAP_INDEX_URL = '/sitemap-index.xml';

/** The CSS stylesheet browsers show the feeds with (a file of `public/`). */
export const FEED_STYLESHEET_URL = '/feed.css';

/** Where category listings and feeds are (`/category/`), for texts that explain the pattern. */
export const CATEGORY_FOLDER_URL = '/category/';

/** `/category/<key>.html` or `/tag/<key>.html` (page N: `…/<key>/page/N.html`), percent-encoded. */
export function termUrl(kind: 'category' | 'tag', key: string, page = 1): string {
  const segment = encodePathSegment(key);
  return page === 1 ? `/${kind}/${segment}.html` : `/${kind}/${segment}/page/${page}.html`;
}

/** `/archive/<year>/<month>.html` (month zero-padded). */
export function archiveUrl(year: number, month: number): string {
  return `/archive/${year}/${String(month).padStart(2, '0')}.html`;
}

/** `/category/<key>/feed.xml`, percent-encoded. */
export function categoryFeedUrl(key: string): string {
  return `${CATEGORY_FOLDER_URL}${encodePathSegment(key)}/feed.xml`;
}

/**
 * The one source of xinwen's settings. Everything a site owner may change lives here;
 * the environment overrides only what differs between runs of the same site
 * (`POSTS_DIR`, `INVALID_POSTS`, `FUTURE_POSTS`).
 */

/** Jekyll's built-in permalink styles, or a custom pattern such as `/:categories/:title/`. */
export type PermalinkStyle = 'date' | 'pretty' | 'ordinal' | 'none' | (string & {});

/** What the build does with a post file that fails validation. */
export type InvalidPostsMode = 'fail' | 'skip';

export interface SiteConfig {
  /** Site title, shown in every page title and in the feeds. */
  title: string;
  /** One-line description, used by the feeds and the home page. */
  description: string;
  /** Value of `<html lang>` and the feeds' `<language>`. */
  language: string;
  /** Absolute URL the site is served from; feeds and canonical links need it. */
  url: string;
  /**
   * IANA time zone used for every date: front-matter dates without an offset are read in it,
   * and URLs, pages and feeds show dates in it, whatever the build machine's `TZ` is.
   */
  timeZone: string;
  /** Jekyll permalink style for articles (Jekyll's default is `date`). */
  permalink: PermalinkStyle;
  /**
   * The permalink style the old Jekyll site used, if xinwen's differs: every post then also gets
   * a redirect page at its old URL. Leave undefined when they are the same.
   */
  legacyPermalink?: PermalinkStyle | undefined;
  /** Posts per category listing page. */
  pageSize: number;
  /**
   * How listing pages after the first are numbered: `stable` (from the oldest post, so full
   * pages never change and rebuilds stay small) or `newest-first` (page 2 is always the next
   * newest). See the README's performance section for the measurements behind the default.
   */
  pagination: 'stable' | 'newest-first';
  /** Items in the site feed and in each category feed. */
  feedSize: number;
  /** Posts on the home page. */
  homePostCount: number;
  /** Busiest categories shown on the home page. */
  homeCategoryCount: number;
  /** Length of the plain-text excerpt in feeds and listings, in characters. */
  excerptLength: number;
  /**
   * Hosts the archive was served from before. Links in posts to these hosts
   * (`//finews.example.com/category/x.html`) are rewritten to site-relative links.
   */
  legacyHosts: string[];
  /** Folder of Jekyll post files; `POSTS_DIR` overrides it. Relative to the project root. */
  postsDir: string;
  /** `fail`: an invalid post fails the build. `skip`: it is left out and listed. `INVALID_POSTS` overrides it. */
  invalidPosts: InvalidPostsMode;
  /** Build posts dated in the future (Jekyll's `--future`). `FUTURE_POSTS=1` overrides it. */
  includeFuture: boolean;
  /**
   * Rebuild the search index when articles changed. Indexing 20,000 articles takes over a
   * minute, so rebuilds that must be quick (a scraper's every few minutes) can set
   * `SEARCH_INDEX=skip` and keep the previous index until a later build refreshes it.
   */
  searchIndex: boolean;
}

const env = typeof process === 'undefined' ? {} : process.env;

function invalidPostsFromEnv(value: string | undefined): InvalidPostsMode | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'fail' || value === 'skip') return value;
  throw new Error(`INVALID_POSTS must be "fail" or "skip", not "${value}"`);
}

export const siteConfig: SiteConfig = {
  title: '新闻存档',
  description: '财经与时事新闻存档',
  language: 'zh-CN',
  url: 'https://finews.example.com',
  timeZone: 'Asia/Shanghai',
  permalink: 'date',
  legacyPermalink: undefined,
  pageSize: 50,
  pagination: 'stable',
  feedSize: 50,
  homePostCount: 30,
  homeCategoryCount: 12,
  excerptLength: 120,
  legacyHosts: ['finews.example.com', 'finews.withounder.com'],
  postsDir: env.POSTS_DIR || 'src/content/posts',
  invalidPosts: invalidPostsFromEnv(env.INVALID_POSTS) ?? 'fail',
  includeFuture: env.FUTURE_POSTS === '1' || env.FUTURE_POSTS === 'true',
  searchIndex: env.SEARCH_INDEX !== 'skip',
};

export default siteConfig;

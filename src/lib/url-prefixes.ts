/**
 * Hackable URLs: every folder an article URL passes through is a page. For the default
 * `/:categories/:year/:month/:day/:title.html`, a reader who cuts `/emnews/2021/12/08/x.html`
 * back to `/emnews/2021/12/08/`, `/emnews/2021/12/`, `/emnews/2021/` or `/emnews/` lands on
 * that day's, month's or year's posts of the category, or on the category itself; so do the
 * scrapers' relative back links (`../`). The folders come from the article paths themselves,
 * so every permalink style and a post's own `permalink:` get the same.
 */
import { encodePath, permalinkPattern, permalinkSegments, type PathSegment } from './permalink';
import { reservedRoute } from './reserved-routes';
import type { IndexedPost, Term } from './site-model';

/** A folder of article URLs that is a page. */
export interface UrlPrefix {
  /** Decoded site path, ending in "/". */
  path: string;
  /** Percent-encoded URL. */
  url: string;
  /** Its segments from the root, each with what it stands for. */
  segments: PathSegment[];
  /** Every post below it, newest first. */
  posts: IndexedPost[];
  /** The prefixes one segment deeper, in the order of their newest post. */
  children: UrlPrefix[];
  /** Set when the prefix is exactly one category (`/emnews/`): it redirects to that listing. */
  category?: Term | undefined;
  /** The posts a page of this prefix lists: all below it, or, on a page of years or categories, those directly in it. */
  listed: IndexedPost[];
}

/** One page of a prefix's listing. */
export interface UrlPrefixPage {
  prefix: UrlPrefix;
  number: number;
  pageCount: number;
  posts: IndexedPost[];
  /** Decoded site path: the prefix for page 1, `<prefix>page/<n>/` after it. */
  path: string;
  url: string;
  newerUrl?: string | undefined;
  olderUrl?: string | undefined;
}

export interface PrefixOptions {
  /** The site's permalink style or pattern, which tells what each segment stands for. */
  permalink: string;
  timeZone: string;
  /** The category a path segment names, if any. */
  categoryOf: (segment: string) => Term | undefined;
  /** Decoded paths of other pages (articles, redirects): a prefix never replaces one. */
  taken: ReadonlySet<string>;
}

/**
 * Whether the folder `path` (`/a/b/`) is another page, or would be written over one: Astro names
 * the page of `/a/b/` and that of `/a/b.html` both `/a/b`, and renders only one of them; and an
 * article at `/a/b/index.html` or `/a/b/index` (a post's `permalink:`) is the folder's own file.
 */
function isTaken(path: string, taken: ReadonlySet<string>): boolean {
  const bare = path.slice(0, -1);
  return taken.has(path) || taken.has(bare) || taken.has(`${bare}.html`) || taken.has(`${path}index.html`) || taken.has(`${path}index`);
}

/**
 * The segments of `post.path` with their kinds. A post at the site's pattern gets the pattern's
 * kinds; any segment that differs (a post's own `permalink:`) is `other`.
 */
function segmentsOf(post: IndexedPost, pattern: string, timeZone: string): PathSegment[] {
  const texts = post.path.split('/').filter((segment) => segment !== '');
  // The slug is irrelevant to the folders above the article; a letter keeps its segment.
  const expected = permalinkSegments(pattern, { categories: post.categories, date: post.date, slug: 'x', timeZone });
  return texts.map((text, index) => {
    const guess = expected[index];
    return { text, kind: guess !== undefined && guess.text === text ? guess.kind : 'other' };
  });
}

/** A prefix lists its own posts unless it is a page of years or of category combinations. */
function listedPosts(prefix: UrlPrefix, direct: readonly IndexedPost[]): IndexedPost[] {
  const kind = prefix.segments.at(-1)?.kind;
  const overview = (kind === 'category' || kind === 'year') && prefix.children.length > 0;
  return overview ? [...direct] : prefix.posts;
}

/**
 * Every prefix folder of the article URLs of `posts` (newest first), parents before children.
 * The root is the home page and is not one.
 */
export function urlPrefixes(posts: readonly IndexedPost[], options: PrefixOptions): UrlPrefix[] {
  const pattern = permalinkPattern(options.permalink);
  const byPath = new Map<string, UrlPrefix>();
  const direct = new Map<UrlPrefix, IndexedPost[]>();
  const ordered: UrlPrefix[] = [];
  for (const post of posts) {
    const segments = segmentsOf(post, pattern, options.timeZone);
    // A folder article (`…/title/`) has its own path as last segment, as a file article has.
    // Below a first segment named like one of the site's own (`/archive/`, `/category/`,
    // `/search/`, in any case), a prefix page would be written over the site's pages: none.
    if (segments[0] === undefined || reservedRoute(segments[0].text)) continue;
    let parent: UrlPrefix | undefined;
    for (let depth = 1; depth < segments.length; depth += 1) {
      const own = segments.slice(0, depth);
      const path = `/${own.map((segment) => segment.text).join('/')}/`;
      // Another page (an old category URL such as `/cbot/`) keeps its path; the folders below
      // it are still pages, outside the tree of folders.
      if (isTaken(path, options.taken)) {
        parent = undefined;
        continue;
      }
      let prefix = byPath.get(path);
      if (!prefix) {
        prefix = { path, url: encodePath(path), segments: own, posts: [], children: [], category: undefined, listed: [] };
        byPath.set(path, prefix);
        direct.set(prefix, []);
        parent?.children.push(prefix);
        ordered.push(prefix);
      }
      // A folder is what the site's pattern makes it, even when a newer post with a permalink of
      // its own (`/emnews/about.html`) passed through it first.
      const last = own[depth - 1]!;
      if (prefix.segments[depth - 1]!.kind === 'other' && last.kind !== 'other') prefix.segments = own;
      if (depth === 1 && prefix.category === undefined && prefix.segments[0]!.kind === 'category') {
        prefix.category = options.categoryOf(prefix.segments[0]!.text);
      }
      prefix.posts.push(post);
      if (depth === segments.length - 1) direct.get(prefix)!.push(post);
      parent = prefix;
    }
  }
  for (const prefix of ordered) prefix.listed = listedPosts(prefix, direct.get(prefix) ?? []);
  return ordered;
}

/** `<prefix>page/<n>/` for page n > 1. */
function pagePath(prefix: UrlPrefix, number: number): string {
  return number === 1 ? prefix.path : `${prefix.path}page/${number}/`;
}

/**
 * The pages of a prefix's listing, `pageSize` posts each, newest first. A prefix stands for a
 * period that ends, so its pages stop changing once it has; no stable numbering is needed.
 * A prefix that is one category has none: it redirects to the category's listing.
 */
export function urlPrefixPages(prefix: UrlPrefix, pageSize: number, taken: ReadonlySet<string>): UrlPrefixPage[] {
  if (prefix.category) return [];
  let pageCount = Math.max(1, Math.ceil(prefix.listed.length / pageSize));
  // Only another page at `<prefix>page/<n>/` (an old URL) could claim a page's path: the
  // listing then ends before it, and says so in its count.
  for (let number = 2; number <= pageCount; number += 1) {
    if (isTaken(pagePath(prefix, number), taken)) pageCount = number - 1;
  }
  return Array.from({ length: pageCount }, (_, index) => {
    const number = index + 1;
    const path = pagePath(prefix, number);
    return {
      prefix,
      number,
      pageCount,
      posts: prefix.listed.slice(index * pageSize, number * pageSize),
      path,
      url: encodePath(path),
      newerUrl: number > 1 ? encodePath(pagePath(prefix, number - 1)) : undefined,
      olderUrl: number < pageCount ? encodePath(pagePath(prefix, number + 1)) : undefined,
    };
  });
}

/** How a segment reads in a heading or breadcrumb: a category's name, `2021年`, `12月`, `8日`. */
export function segmentLabel(segment: PathSegment, categoryOf: (segment: string) => Term | undefined): string {
  switch (segment.kind) {
    case 'category':
      return categoryOf(segment.text)?.name ?? segment.text;
    case 'year':
      return `${segment.text}年`;
    case 'month':
      return `${Number(segment.text)}月`;
    case 'day':
      return `${Number(segment.text)}日`;
    case 'ordinal-day':
      return `第 ${Number(segment.text)} 天`;
    default:
      return segment.text;
  }
}

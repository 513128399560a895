/**
 * What the site produces, known before it is built, and the links that lead elsewhere. Every
 * page's decoded site path comes from the site's one list of routes (`sitePaths` in
 * `src/route-data/routes.ts`); `npm run check` resolves the posts' links against it, the build
 * against the files it wrote (a build test keeps the two equal).
 */
import type { Problem } from './problem';
import type { OldSiteKind, OldSiteLookup } from './old-site';
import type { Post } from '../schemas/post';
import { fixedPageUrls } from './page-kinds';
import { type FileLookup, outputFileForPath, resolves } from './route-record';
import type { IndexedPost } from './site-index';

/**
 * Pages every site has, whatever its posts (the routes of `src/pages/` without parameters, and
 * the sitemap index): from the table of page kinds.
 */
export const FIXED_PAGES: readonly string[] = fixedPageUrls();

// Feeds, lists and robots.txt are written under their own names; pages get `.html`.
const NON_PAGE_FILE = /\.(?:xml|opml|txt|json)$/;

/** The output file (relative, decoded) of a decoded site path: a page's `.html`, a feed's own name. */
export function outputFileOf(sitePath: string): string {
  return NON_PAGE_FILE.test(sitePath) ? sitePath.slice(1) : outputFileForPath(sitePath);
}

/** The output files (relative, decoded) of decoded site paths. */
export function outputFiles(paths: Iterable<string>): Set<string> {
  return new Set([...paths].map(outputFileOf));
}

/** A link a post writes into the site that leads to no page: where, and what it says. */
export interface BrokenLink extends Problem {
  /** The link as written. */
  href: string;
  /** The decoded site path it resolves to, which no file serves. */
  path: string;
}

/** A link a post writes to a page or file the old Jekyll site served, which this site does not. */
export interface OldSiteLink extends BrokenLink {
  kind: OldSiteKind;
}

/**
 * How many body links were checked, one problem per link that leads nowhere, the links to the
 * old site's pages and files that this site does not serve (reported apart: not brought, not
 * broken), and the links that lead nowhere but are in content the page does not show (the
 * scraper's tail, content the sanitizer drops), which are not reported.
 */
export interface BodyLinkCheck {
  checked: number;
  broken: BrokenLink[];
  oldSite?: OldSiteLink[] | undefined;
  notShown?: BrokenLink[] | undefined;
}

/** A post with the links its body writes into the site (as read: `shown` false for those its page does not show). */
export type LinkingPost = Pick<IndexedPost, 'sourceFile'> & { links?: Post['links'] | IndexedPost['links'] };

/** A post's links as its page shows them, for a post read without its body rendered; undefined when it cannot be read again. */
export type RenderedLinks = (post: LinkingPost) => Post['links'] | undefined;

/**
 * The links the posts' bodies write into the site that resolve to no file of `files`:
 * `path:line: link: <href> → <site path> does not exist`, in file and line order; those the page
 * does not show apart, and those `oldSite` knows as the old site's pages and files apart. A post
 * read without its body rendered does not know which of its links its page shows: `rendered` is
 * asked for those of a post with a link that leads nowhere.
 */
export function checkBodyLinks(
  posts: Iterable<LinkingPost>,
  files: FileLookup,
  rendered?: RenderedLinks,
  oldSite?: OldSiteLookup,
): BodyLinkCheck {
  // Without the old site's record, the result is as it was before there was one.
  const result: BodyLinkCheck = { checked: 0, broken: [], ...(oldSite ? { oldSite: [] } : {}), notShown: [] };
  for (const post of posts) {
    let links: readonly NonNullable<Post['links']>[number][] = post.links ?? [];
    if (rendered && links.some((link) => !resolves(link.path, files))) links = rendered(post) ?? links;
    for (const link of links) {
      result.checked += 1;
      if (resolves(link.path, files)) continue;
      const problem: BrokenLink = {
        file: post.sourceFile ?? '(unknown file)',
        line: link.line,
        field: 'link',
        message: `${link.href} → ${link.path} does not exist`,
        href: link.href,
        path: link.path,
      };
      const kind = link.shown === false ? undefined : oldSite?.(link.path);
      if (kind !== undefined) {
        result.oldSite!.push({
          ...problem,
          message: `${link.href} → ${link.path} is ${kind === 'page' ? 'a page of the old site that this site does not have' : 'a file of the old site that is not in public/'}`,
          kind,
        });
      } else (link.shown === false ? result.notShown! : result.broken).push(problem);
    }
  }
  for (const list of [result.broken, result.oldSite ?? [], result.notShown!]) list.sort(byFileAndLine);
  return result;
}

function byFileAndLine(a: Problem, b: Problem): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0);
}

/** Links that lead nowhere, written alike (one href resolving to one path), in file and line order. */
export interface BrokenLinkGroup {
  href: string;
  path: string;
  links: BrokenLink[];
  /** The files they are in. */
  posts: number;
}

/**
 * Broken links grouped by what is written and where it leads, biggest groups first (by posts, then
 * links, then the first file and line): on a scraped archive one back link fills the list.
 * Links without an href (from an older report) stand alone.
 */
export function groupBrokenLinks(broken: readonly BrokenLink[]): BrokenLinkGroup[] {
  const groups = new Map<string, BrokenLinkGroup>();
  broken.forEach((link, index) => {
    const key = link.href === undefined ? `#${index}` : `${link.href}\n${link.path}`;
    let group = groups.get(key);
    if (!group) {
      group = { href: link.href, path: link.path, links: [], posts: 0 };
      groups.set(key, group);
    }
    group.links.push(link);
  });
  for (const group of groups.values()) {
    group.links.sort(byFileAndLine);
    group.posts = new Set(group.links.map((link) => link.file)).size;
  }
  return [...groups.values()].sort(
    (a, b) => b.posts - a.posts || b.links.length - a.links.length || byFileAndLine(a.links[0]!, b.links[0]!),
  );
}

/**
 * What the site produces, known before it is built: every page's decoded site path, from the
 * same site index the routes render. `npm run check` resolves the posts' links against it; the
 * build resolves them against the files it wrote (a build test keeps the two equal).
 */
import type { Problem } from '../reader/problem';
import { outputFileForPath } from './route-record';
import type { IndexedPost, SiteIndex } from './site-index';

/** Pages every site has, whatever its posts (`src/pages/` without parameters, and the sitemap). */
export const FIXED_PAGES = [
  '/',
  '/404.html',
  '/archive.html',
  '/categories.html',
  '/categories-by-name.html',
  '/feed.xml',
  '/feeds.html',
  '/feeds.opml',
  '/robots.txt',
  '/search.html',
  '/sitemap-index.xml',
] as const;

/** The decoded site path of every page the site's routes produce for `site`. */
export function sitePaths(site: SiteIndex): Set<string> {
  const paths = new Set<string>(FIXED_PAGES);
  for (const post of site.posts) paths.add(post.path);
  for (const redirect of [...site.redirects, ...site.categoryRedirects, ...site.prefixes, ...site.prefixPages]) paths.add(redirect.path);
  for (const page of site.categoryPages) paths.add(`/category/${page.param}.html`);
  for (const page of site.tagPages) paths.add(`/tag/${page.param}.html`);
  for (const term of site.categories.values()) paths.add(`/category/${term.key}/feed.xml`);
  for (const month of site.months) paths.add(`/archive/${month.year}/${String(month.month).padStart(2, '0')}.html`);
  return paths;
}

// Feeds, lists and robots.txt are written under their own names; pages get `.html`.
const NON_PAGE_FILE = /\.(?:xml|opml|txt|json)$/;

/** The output files (relative, decoded) of decoded site paths. */
export function outputFiles(paths: Iterable<string>): Set<string> {
  return new Set([...paths].map((sitePath) => (NON_PAGE_FILE.test(sitePath) ? sitePath.slice(1) : outputFileForPath(sitePath))));
}

/**
 * Whether a decoded site path is served from a file in `files` (relative output paths), as
 * static hosts serve them: `/x/` is `x/index.html`; `/x` is the file `x`, `x.html` or
 * `x/index.html`.
 */
export function resolves(sitePath: string, files: ReadonlySet<string>): boolean {
  const relative = sitePath.replace(/^\/+/, '');
  if (relative === '' || relative.endsWith('/')) return files.has(`${relative}index.html`);
  return files.has(relative) || files.has(`${relative}.html`) || files.has(`${relative}/index.html`);
}

/** How many body links were checked, and one problem per link that leads nowhere. */
export interface BodyLinkCheck {
  checked: number;
  broken: Problem[];
}

/**
 * The links the posts' bodies write into the site that resolve to no file of `files`:
 * `path:line: link: <href> → <site path> does not exist`, in file and line order.
 */
export function checkBodyLinks(posts: Iterable<Pick<IndexedPost, 'sourceFile' | 'links'>>, files: ReadonlySet<string>): BodyLinkCheck {
  const result: BodyLinkCheck = { checked: 0, broken: [] };
  for (const post of posts) {
    for (const link of post.links ?? []) {
      result.checked += 1;
      if (resolves(link.path, files)) continue;
      result.broken.push({
        file: post.sourceFile ?? '(unknown file)',
        line: link.line,
        field: 'link',
        message: `${link.href} → ${link.path} does not exist`,
      });
    }
  }
  result.broken.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0)));
  return result;
}

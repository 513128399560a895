/**
 * The build's own record of what its routes produce, made from the site's list of routes
 * (`routeRecord` in `src/route-data/routes.ts`), written when the build first asks for a
 * route's pages (`staticPaths` in `src/site-data.ts`) and read by the post-build pipeline. It
 * replaces guessing from route file names: the pipeline learns which output files are article
 * pages (to index them for search) and which pages stay out of the sitemap from the same data
 * that rendered them.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ArticleRecord } from './search-plan';

/** File name of the record in Astro's cache folder. */
export const ROUTE_RECORD_FILE = 'xinwen-routes.json';

export interface RouteRecord {
  /** The build that wrote the record: the pipeline trusts only its own build's. */
  buildId?: string | undefined;
  /**
   * Article pages: output files relative to the output folder, decoded, `/`-separated, each
   * with the digest of its view, from which the search index learns what changed.
   */
  articles: ArticleRecord[];
  /** Redirect pages at old URLs: output files as for `articles`. */
  redirects: string[];
  /**
   * Pages of URL folders (`/emnews/2021/12/`): navigation for readers and old links, kept out
   * of the sitemap, whose listings already lead crawlers to every article.
   */
  prefixListings: string[];
  /**
   * The output files of the pages the sitemap leaves out (the kinds the table of page kinds
   * marks so: redirects, URL folders, the 404 page, files that are not HTML pages).
   */
  unlisted: string[];
  /** The links the posts' bodies write into the site, by post file and line (`shown` false for those the page does not show), for the link check. */
  bodyLinks?: { sourceFile: string; links: { line: number; href: string; path: string; shown?: false | undefined }[] }[] | undefined;
}

/** Writes the record into the cache folder. */
export function writeRouteRecord(cacheDir: string, record: RouteRecord): void {
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(path.join(cacheDir, ROUTE_RECORD_FILE), JSON.stringify(record));
}

/** Reads the record this build wrote, or explains why it cannot. */
export function readRouteRecord(cacheDir: string): RouteRecord {
  const file = path.join(cacheDir, ROUTE_RECORD_FILE);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RouteRecord;
  } catch (error) {
    throw new Error(`The route record ${file} cannot be read (${(error as Error).message}): the route data did not run in this build.`);
  }
}

/** The output file (relative, decoded) of a page at the decoded site path `pagePath`. */
export function outputFileForPath(pagePath: string): string {
  const trimmed = pagePath.replace(/^\/+/, '');
  if (trimmed === '' || trimmed.endsWith('/')) return `${trimmed}index.html`;
  return trimmed.endsWith('.html') ? trimmed : `${trimmed}.html`;
}

/** What a link check asks of the output's files: whether one is there. */
export type FileLookup = Pick<ReadonlySet<string>, 'has'>;

/**
 * Whether a decoded site path is served from a file in `files` (relative output paths), as
 * static hosts serve them: `/x/` is `x/index.html`; `/x` is the file `x`, `x.html` or
 * `x/index.html`.
 */
export function resolves(sitePath: string, files: FileLookup): boolean {
  const relative = sitePath.replace(/^\/+/, '');
  if (relative === '' || relative.endsWith('/')) return files.has(`${relative}index.html`);
  return files.has(relative) || files.has(`${relative}.html`) || files.has(`${relative}/index.html`);
}

/**
 * The sitemap, written by `@astrojs/sitemap` itself: the pipeline owns an instance of that
 * integration, forwards the hooks it listens to before the build, and calls its
 * `astro:build:done` as a step with the pages to list.
 *
 * Astro names pages by route (`a/b` for the file `a/b.html` under `build.format: 'file'`), which
 * a plain static host answers with 404; the sitemap lists each page at its canonical URL instead
 * (`/a/b.html`, a folder page at `/a/b/`, the home page at `/`), and leaves out the pages nobody
 * should find by it, those of the kinds the table of page kinds keeps out of the sitemap (read
 * from the route record): redirect pages (`noindex`), URL folders' pages and the 404 page.
 *
 * The sitemap is written only when what it lists changed: a build that adds no page and removes
 * none (an edit, a no-op) keeps the files the last one wrote, which at 100,000 pages saves
 * seconds of every build and leaves the deploy nothing to send.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { AstroIntegration, HookParameters } from 'astro';
import sitemap from '@astrojs/sitemap';
import { encodePath, FOLDER_PAGE_PARAM } from '../../lib/permalink';
import { readRouteRecord } from '../../lib/route-record';
import { decodeName } from './output-folder';
import type { PostBuildStep } from './pipeline';

/** URLs per sitemap file. */
const ENTRY_LIMIT = 10_000;

/** The site's sitemap: files of at most 10,000 URLs listed in `sitemap-index.xml`, no 404 page. */
export function createSitemap(): AstroIntegration {
  return sitemap({
    entryLimit: ENTRY_LIMIT,
    filter: (page) => !page.endsWith('/404.html') && !page.endsWith('/404'),
  });
}

/**
 * The hooks before the build's end that the sitemap integration needs, forwarded to
 * `integration` as Astro would call them; but the routes, which it would list once more at
 * their route names (`/search` for `search.html`): every page they render is in the page list
 * the sitemap step gives it, by its real URL.
 */
export function sitemapSetupHooks(integration: AstroIntegration) {
  return {
    'astro:config:done': async (params: HookParameters<'astro:config:done'>) => {
      await integration.hooks['astro:config:done']?.(params);
    },
    'astro:routes:resolved': async (params: HookParameters<'astro:routes:resolved'>) => {
      await integration.hooks['astro:routes:resolved']?.({ ...params, routes: [] });
    },
  };
}

/** What the sitemap step remembers of the sitemap it last wrote, in the cache folder. */
export const SITEMAP_STATE_FILE = 'xinwen-sitemap.json';

interface SitemapState {
  /** Digest of what the sitemap was written from: site address, integration version and options, pages. */
  digest: string;
  /** Its files, relative to the output folder. */
  files: string[];
}

/** The sitemap's files as `@astrojs/sitemap` names them, at the top of the output folder. */
const SITEMAP_FILE = /^sitemap-(index|\d+)\.xml$/;

const SITEMAP_VERSION: string = (createRequire(import.meta.url)('@astrojs/sitemap/package.json') as { version: string }).version;

function readSitemapState(cacheDir: string): SitemapState | undefined {
  try {
    return JSON.parse(readFileSync(path.join(cacheDir, SITEMAP_STATE_FILE), 'utf8')) as SitemapState;
  } catch {
    return undefined;
  }
}

/** The digest of a sitemap's inputs. */
export function sitemapDigest(site: string, listed: readonly string[]): string {
  return createHash('sha256')
    .update(JSON.stringify([site, SITEMAP_VERSION, ENTRY_LIMIT, listed]))
    .digest('base64url');
}

/**
 * The sitemap step: `integration`'s own end-of-build hook, given the pages to list, unless the
 * sitemap the last build wrote lists the same pages and its files are all still there.
 */
export function sitemapStep(integration: AstroIntegration): PostBuildStep {
  return {
    name: 'sitemap',
    required: true,
    async run(state, logger) {
      const done = integration.hooks['astro:build:done'];
      if (!done) throw new Error(`${integration.name} has no astro:build:done hook`);
      // Redirects are not pages of their own; URL folders only lead to pages the sitemap has.
      const unlisted = new Set(readRouteRecord(state.cacheDir).unlisted);
      const listed = sitemapPages(
        state.report.pages.map(({ pathname }) => pathname),
        unlisted,
      );
      const digest = sitemapDigest(state.site, listed);
      const last = readSitemapState(state.cacheDir);
      if (last?.digest === digest && last.files.length > 0 && last.files.every((file) => existsSync(path.join(state.outDir, file)))) {
        for (const file of last.files) state.kept.add(file);
        logger.info(`sitemap unchanged (${listed.length.toLocaleString('en-US')} pages): kept ${last.files.join(', ')}`);
        return;
      }
      // The integration rewrites the page objects it is given: each call gets new ones.
      await done({ ...state.report, pages: listed.map((pathname) => ({ pathname })), logger });
      const files = readdirSync(state.outDir).filter((name) => SITEMAP_FILE.test(name) && state.wasWritten(name));
      mkdirSync(state.cacheDir, { recursive: true });
      writeFileSync(path.join(state.cacheDir, SITEMAP_STATE_FILE), JSON.stringify({ digest, files } satisfies SitemapState));
    },
  };
}

const FOLDER_PAGE_PATHNAME = new RegExp(`(^|/)${FOLDER_PAGE_PARAM.replace('.', '\\.')}/?$`);

/** `a/b/index.folder` → `a/b/`; every other pathname as it is. */
export function folderPathname(pathname: string): string {
  return pathname.replace(FOLDER_PAGE_PATHNAME, '$1');
}

/**
 * Where the page Astro names `pathname` ends up: its output file (relative, decoded, as the
 * output step names it) and its decoded site path (`a/b.html`, `a/b/`, or `''` for the home
 * page).
 */
export function pageOutput(pathname: string): { file: string; path: string } {
  const trimmed = pathname.replace(/^\/+/, '');
  if (trimmed === '' || trimmed === 'index') return { file: 'index.html', path: '' };
  const folder = folderPathname(trimmed);
  if (folder !== trimmed) return { file: decodeName(`${trimmed}.html`), path: decodeName(folder) };
  const file = decodeName(`${trimmed.replace(/\/+$/, '')}.html`);
  return { file, path: file };
}

/**
 * The site-relative, percent-encoded paths (without the leading `/`) the sitemap lists for the
 * pages Astro names `pathnames`: each page at the URL its canonical link gives, but the pages
 * whose output files are in `unlisted` (redirects, URL folders, the 404 page).
 */
export function sitemapPages(pathnames: Iterable<string>, unlisted: ReadonlySet<string>): string[] {
  const listed: string[] = [];
  for (const pathname of pathnames) {
    const { file, path } = pageOutput(pathname);
    // A URL folder's page (an `index.astro` route) is named by its folder: `a/b` is `a/b/index.html`.
    const folderFile = `${pathname.replace(/^\/+|\/+$/g, '')}/index.html`;
    if (unlisted.has(file) || unlisted.has(decodeName(folderFile))) continue;
    listed.push(encodePath(path));
  }
  return listed;
}

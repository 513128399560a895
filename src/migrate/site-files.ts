/**
 * What a Jekyll site published besides its posts and category stubs — pages (`about.md`,
 * `404.md`, `index.html`, a feed template, a collection's documents), static files (`images/`,
 * `favicon.ico`) and posts in a subfolder's `_posts`. Static files (Jekyll's files without front
 * matter) are copied into the project's `public/` ({@link copyStaticFiles}), never over a file
 * of xinwen's own; pages are not carried over, and each is named with where its URL leads now
 * and what to do to keep it. The old site's pages and files that the new site will not have are
 * written down ({@link oldSiteRecord}), so that links to them are reported apart from links that
 * lead nowhere. {@link listSiteFiles} reads the folder; the rest is pure but the copy.
 */
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import type { OldSiteRecord } from '../lib/old-site';
import { FIXED_PAGES } from '../lib/site-pages';
import { decodePost } from '../reader/decode';
import { readFrontMatter } from '../reader/front-matter';
import { isStubFile, STUB_FOLDER } from './category-names';
import { counted } from './counted';

/** A file Jekyll published, relative to the site (`/`-separated). */
export interface SiteFile {
  path: string;
  /** A page: a file that opens with front matter, which Jekyll renders; a file without is static, copied as it is. */
  page: boolean;
  /** The page's `permalink:`, when it has one (for a collection's document, the URL Jekyll gave it). */
  permalink?: string | undefined;
}

/** A collection that Jekyll wrote pages for (`collections: { wiki: { output: true } }`), with its documents. */
export interface CollectionPages {
  /** The collection's name (its folder is `_<name>`). */
  name: string;
  /** Its documents, each with the URL Jekyll gave it as `permalink`. */
  pages: SiteFile[];
}

/** Posts in a `_posts` folder below another folder (`news/_posts`): Jekyll gave them that folder's category. */
export interface NestedPosts {
  /** The `_posts` folder, relative to the site. */
  path: string;
  files: number;
}

/** Jekyll 4's own `exclude:` entries, added to the site's. */
const DEFAULT_EXCLUDES = [
  '.sass-cache',
  '.jekyll-cache',
  'gemfiles',
  'Gemfile',
  'Gemfile.lock',
  'node_modules',
  'vendor/bundle',
  'vendor/cache',
  'vendor/gems',
  'vendor/ruby',
];

const PAGE_FILE = /\.(md|markdown|html|htm)$/i;
const MARKDOWN_FILE = /\.(md|markdown|mkdown|mkd|mkdn)$/i;

/** Strings of a `_config.yml` list (`exclude:`, `include:`). */
function stringsOf(value: unknown): string[] {
  return (Array.isArray(value) ? value : [])
    .filter((item): item is string => typeof item === 'string' && item.trim() !== '')
    .map((item) => item.trim().replace(/^\/+|\/+$/g, ''));
}

/** Whether a relative path matches an `exclude:`/`include:` entry: the path or a folder above it, or a glob. */
function matches(relative: string, entry: string): boolean {
  if (entry.includes('*') || entry.includes('?')) {
    const pattern = new RegExp(
      `^${entry
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]')}$`,
    );
    return pattern.test(relative) || pattern.test(path.posix.basename(relative));
  }
  return relative === entry || relative.startsWith(`${entry}/`);
}

/**
 * The files of `site`'s `_posts/` that its `exclude:` names (and `include:` does not), relative to
 * the site: Jekyll never read them, so they were never published, and copying them would publish
 * them (a `_posts/drafts` kept there, say). As in Jekyll 4.3, `exclude:` is matched against the
 * path from the site, `include:` against the path below `_posts/` or the file name. Sorted.
 */
export function excludedPostFiles(site: string, config: { exclude?: unknown; include?: unknown }): string[] {
  const folder = path.join(site, '_posts');
  const excludes = stringsOf(config.exclude);
  if (excludes.length === 0 || !existsSync(folder)) return [];
  const includes = stringsOf(config.include);
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(site, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .filter((file) => {
      const inPosts = file.slice('_posts/'.length);
      const included = includes.some((include) => matches(inPosts, include) || matches(path.posix.basename(file), include));
      return !included && excludes.some((exclude) => matches(file, exclude));
    })
    .sort();
}

/** The first line of a file (up to 64 bytes), to see whether front matter opens it. */
function opensWithFrontMatter(file: string): boolean {
  const buffer = Buffer.alloc(64);
  const fd = openSync(file, 'r');
  try {
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    return /^---[ \t]*\r?\n/.test(buffer.subarray(0, read).toString('utf8'));
  } finally {
    closeSync(fd);
  }
}

/** A page's `permalink:`, when its front matter (read as the reader reads a post's) has one. */
function permalinkOf(file: string): string | undefined {
  const decoded = decodePost(readFileSync(file));
  if (!decoded.ok) return undefined;
  const permalink = readFrontMatter(decoded.text, { repairTitles: false }).data.permalink;
  return typeof permalink === 'string' && permalink.trim() !== '' ? permalink.trim() : undefined;
}

/**
 * The files Jekyll published from `site` besides posts and stubs, as Jekyll chose them: names
 * starting with `.`, `_`, `#` or `~` (layouts, includes, data, `_site`) and backups ending in
 * `~` are left out unless `include:` names them; `exclude:` and Jekyll's own excludes are
 * left out. Sorted by path.
 */
export function listSiteFiles(
  site: string,
  config: { exclude?: unknown; include?: unknown; collections?: unknown },
): { files: SiteFile[]; nestedPosts: NestedPosts[]; collections: CollectionPages[] } {
  const excludes = [...DEFAULT_EXCLUDES, ...stringsOf(config.exclude)];
  const includes = stringsOf(config.include);
  const files: SiteFile[] = [];
  const nestedPosts: NestedPosts[] = [];

  const walk = (relative: string) => {
    const entries = readdirSync(path.join(site, relative), { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const entry of entries) {
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.name === '_posts' && relative !== '' && entry.isDirectory()) {
        const count = readdirSync(path.join(site, child), { recursive: true, withFileTypes: true }).filter((inner) =>
          inner.isFile(),
        ).length;
        nestedPosts.push({ path: child, files: count });
        continue;
      }
      const special = /^[._#~]/.test(entry.name) || entry.name.endsWith('~');
      if (special && !includes.some((include) => matches(child, include))) continue;
      if (excludes.some((exclude) => matches(child, exclude))) continue;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) {
        if (relative === STUB_FOLDER && isStubFile(entry.name)) continue;
        const absolute = path.join(site, child);
        // Jekyll renders a file that opens with front matter, and copies any other as it is.
        const page = opensWithFrontMatter(absolute);
        files.push({ path: child, page, permalink: page ? permalinkOf(absolute) : undefined });
      }
    }
  };
  walk('');
  return { files, nestedPosts, collections: collectionPages(site, config.collections) };
}

/** Jekyll's permalink of a collection's documents when the collection sets none. */
const COLLECTION_PERMALINK = '/:collection/:path:output_ext';

/**
 * The documents of the collections Jekyll wrote pages for (`output: true`), each with the URL
 * Jekyll gave it from the collection's `permalink:` (`/wiki/:path/`). Files without front matter
 * are left out, as are collections whose folder is not there.
 */
function collectionPages(site: string, collections: unknown): CollectionPages[] {
  if (collections === null || typeof collections !== 'object' || Array.isArray(collections)) return [];
  const found: CollectionPages[] = [];
  for (const [name, value] of Object.entries(collections as Record<string, unknown>)) {
    const settings = (value ?? {}) as { output?: unknown; permalink?: unknown };
    if (name === 'posts' || settings.output !== true) continue;
    const folder = path.join(site, `_${name}`);
    if (!existsSync(folder)) continue;
    const pattern =
      typeof settings.permalink === 'string' && settings.permalink.trim() !== '' ? settings.permalink.trim() : COLLECTION_PERMALINK;
    const pages: SiteFile[] = [];
    const entries = readdirSync(folder, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
      .sort();
    for (const relative of entries) {
      if (!opensWithFrontMatter(path.join(folder, relative))) continue;
      const extension = path.posix.extname(relative);
      const withoutExtension = relative.slice(0, relative.length - extension.length);
      const url = pattern
        .replaceAll(':collection', name)
        .replaceAll(':path', withoutExtension)
        .replaceAll(':name', path.posix.basename(withoutExtension))
        .replaceAll(':title', path.posix.basename(withoutExtension))
        .replaceAll(':output_ext', MARKDOWN_FILE.test(relative) ? '.html' : extension);
      pages.push({ path: `_${name}/${relative}`, page: true, permalink: `/${url}`.replace(/\/{2,}/g, '/') });
    }
    if (pages.length > 0) found.push({ name, pages });
  }
  return found;
}

/** The URL Jekyll gave a page: its `permalink:`, else its path (`.md` as `.html`, `index.html` as its folder). */
export function pageUrl(file: Pick<SiteFile, 'path' | 'permalink'>): string {
  const extension = path.posix.extname(file.path);
  const basename = path.posix.basename(file.path, extension);
  const folder = path.posix.dirname(file.path) === '.' ? '' : path.posix.dirname(file.path);
  if (file.permalink !== undefined) {
    const url = file.permalink.replaceAll(':path', folder).replaceAll(':basename', basename).replaceAll(':output_ext', '.html');
    return `/${url}`.replace(/\/{2,}/g, '/');
  }
  if (!PAGE_FILE.test(file.path)) return `/${file.path}`;
  if (basename === 'index') return folder === '' ? '/' : `/${folder}/`;
  return `/${folder === '' ? '' : `${folder}/`}${basename}.html`;
}

/** The file of `src/pages/` that would serve a URL (the site is built with `build.format: 'preserve'`). */
export function astroPageFor(url: string): string {
  if (url.endsWith('/')) return `src/pages${url}index.astro`;
  if (url.endsWith('.html')) return `src/pages${url.slice(0, -'.html'.length)}.astro`;
  return /\.[a-z0-9]+$/i.test(url) ? `src/pages${url}.ts` : `src/pages${url}.astro`;
}

const FIXED = new Set<string>(FIXED_PAGES);

/** What a page's URL is now, and what to do to keep the page. */
// The addresses of a site's own feed pages (jekyll-feed's is /feed.xml; themes write /atom.xml, /rss.xml).
const FEED_PAGE = /\/(atom|rss|feed)\.xml$|\.(atom|rss)$/;

/** The URLs of the old site's feed pages, but `/feed.xml`, which is xinwen's own: candidates for `legacyFeedUrls`. */
export function oldFeedUrls(files: readonly SiteFile[]): string[] {
  return files
    .filter((file) => file.page)
    .map((file) => pageUrl(file))
    .filter((url) => FEED_PAGE.test(url) && url !== '/feed.xml');
}

function pageAdvice(url: string): string {
  if (url === '/404.html') {
    return 'xinwen writes its own /404.html (src/pages/404.astro): copy into it any text of this one you want kept';
  }
  if (url === '/') {
    return 'xinwen writes its own home page (src/pages/index.astro: the newest posts and the busiest categories): copy into it anything of this one you want kept';
  }
  if (url === '/sitemap-index.xml') return "xinwen's sitemap step writes its own /sitemap-index.xml, so this page is not needed";
  if (FIXED.has(url)) return `xinwen writes its own ${url} (${astroPageFor(url)}), so this page is not needed`;
  if (url === '/sitemap.xml') {
    return "not built: xinwen's sitemap is /sitemap-index.xml (robots.txt points at it); submit that to search engines instead";
  }
  if (FEED_PAGE.test(url)) {
    return `not built: xinwen's feed is /feed.xml (RSS 2.0), so readers subscribed to ${url} lose it unless the host redirects ${url} to /feed.xml`;
  }
  const folder = /^\/(category|tag|archive)\//.exec(url)?.[1];
  if (folder !== undefined) {
    return `not built: xinwen writes its own pages under /${folder}/ (such as /${folder === 'archive' ? 'archive/<year>/<month>' : `${folder}/<name>`}.html), so ${url} leads nowhere unless it is one of them`;
  }
  return `not built (xinwen builds posts, not pages), so ${url} leads nowhere; to keep it, write its text into ${astroPageFor(url)}, a page in BaseLayout as src/pages/404.astro is`;
}

/** Every file below `dir` (the project's `public/`), `/`-separated; empty when there is none. */
export function listPublicFiles(dir: string): Set<string> {
  if (!existsSync(dir)) return new Set();
  return new Set(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')),
  );
}

/**
 * The project's own files among `publicFiles` (those of `publicDir`): all but the files that are
 * the old site's file of the same path byte for byte, which an earlier migration copied. A copy
 * edited since counts as the project's own, and is not replaced.
 */
export function ownPublicFiles(publicFiles: ReadonlySet<string>, publicDir: string, site: string): Set<string> {
  const own = new Set<string>();
  for (const file of publicFiles) {
    const old = path.join(site, ...file.split('/'));
    const mine = path.join(publicDir, ...file.split('/'));
    const copied =
      existsSync(old) &&
      statSync(old).isFile() &&
      statSync(old).size === statSync(mine).size &&
      readFileSync(old).equals(readFileSync(mine));
    if (!copied) own.add(file);
  }
  return own;
}

/** What migrate does with a static file of the old site. */
export type StaticFate =
  /** Copied into `public/`. */
  | 'copy'
  /** Not copied: xinwen has its own file of that name in `public/`. */
  | 'own'
  /** Not copied: xinwen's build writes a file of that name (`robots.txt`). */
  | 'generated'
  /** Not copied: GitHub Pages' custom domain, not a file of the site. */
  | 'cname';

/** What migrate does with the static file `file`, given the project's own files in `public/`. */
export function staticFate(file: Pick<SiteFile, 'path'>, publicFiles: ReadonlySet<string>): StaticFate {
  if (file.path === 'CNAME') return 'cname';
  if (FIXED.has(`/${file.path}`)) return 'generated';
  if (publicFiles.has(file.path)) return 'own';
  return 'copy';
}

/** The static files migrate copies into `public/`: every file without front matter but those of {@link staticFate}. */
export function staticFilesToCopy(files: readonly SiteFile[], publicFiles: ReadonlySet<string>): SiteFile[] {
  return files.filter((file) => !file.page && staticFate(file, publicFiles) === 'copy');
}

/** What {@link copyStaticFiles} copied. */
export interface CopiedFiles {
  files: number;
  bytes: number;
  /** Files copied per top folder (`images/`) or at the root (the file's name), in path order. */
  byFolder: Map<string, number>;
}

/**
 * Copies `files` (from {@link staticFilesToCopy}) from the site into `publicDir`, keeping their
 * paths, so the old site's `/images/…` are the new site's. A file of that name already in
 * `publicDir` (one copied by an earlier run) is replaced; xinwen's own are never in `files`.
 */
export function copyStaticFiles(site: string, files: readonly SiteFile[], publicDir: string): CopiedFiles {
  const copied: CopiedFiles = { files: 0, bytes: 0, byFolder: new Map() };
  for (const file of files) {
    const target = path.join(publicDir, ...file.path.split('/'));
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(path.join(site, ...file.path.split('/')), target);
    copied.files += 1;
    copied.bytes += statSync(target).size;
    const [top, ...rest] = file.path.split('/');
    const key = rest.length > 0 ? `${top}/` : top!;
    copied.byFolder.set(key, (copied.byFolder.get(key) ?? 0) + 1);
  }
  return copied;
}

/** A size in bytes as people read it: `512 bytes`, `3.4 KB`, `12.5 MB`. */
export function shownSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte${bytes === 1 ? '' : 's'}`;
  const units = ['KB', 'MB', 'GB'];
  let size = bytes / 1024;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit += 1;
  }
  return `${size.toFixed(1)} ${units[unit]}`;
}

/**
 * One line per page, per collection, for each static file not copied and per nested `_posts`
 * folder: what it is, that it is not carried over, and what to do. `publicFiles` are the
 * project's own files in `public/` (its icons, the feeds' stylesheet): an old file of the same
 * name is not copied over one, and is named.
 */
export function notCarriedFiles(
  files: readonly SiteFile[],
  publicFiles: ReadonlySet<string> = new Set(),
  collections: readonly CollectionPages[] = [],
  carriedFeeds: ReadonlySet<string> = new Set(),
): string[] {
  const lines: string[] = [];
  for (const file of files.filter((candidate) => candidate.page)) {
    const url = pageUrl(file);
    if (carriedFeeds.has(url)) continue;
    lines.push(`${file.path}: a page at ${url} — ${pageAdvice(url)}`);
  }
  for (const collection of collections) {
    const urls = collection.pages.map((page) => pageUrl(page));
    const folder = commonFolder(urls);
    lines.push(
      `_${collection.name}/: a collection of ${counted(collection.pages.length, 'page')} at ${folder}… (such as ${urls[0]}) — ` +
        `not built (xinwen builds posts, not pages), so they lead nowhere; npm run check names the posts' links to them apart, ` +
        `as links to the old site's pages. To keep them, move them into _posts/ as posts, or write pages for them under src/pages${folder}`,
    );
  }
  for (const file of files.filter((candidate) => !candidate.page)) {
    const fate = staticFate(file, publicFiles);
    if (fate === 'own') {
      lines.push(
        `${file.path}: a file at /${file.path} — not copied: xinwen has its own (public/${file.path}); copy this one over it to keep the old site's`,
      );
    } else if (fate === 'cname') {
      lines.push(
        'CNAME: the custom domain of GitHub Pages — not used when GitHub Actions publishes the site: set the domain in Settings → Pages → Custom domain',
      );
    } else if (fate === 'generated') {
      lines.push(
        `${file.path}: a file at /${file.path} — xinwen writes its own (${astroPageFor(`/${file.path}`)}), so this one is not needed`,
      );
    }
  }
  return lines;
}

/** The folder every URL of `urls` is in (`/wiki/`), `/` at least. */
function commonFolder(urls: readonly string[]): string {
  let common = urls[0]?.slice(0, urls[0].lastIndexOf('/') + 1) ?? '/';
  for (const url of urls) while (!url.startsWith(common)) common = common.slice(0, common.slice(0, -1).lastIndexOf('/') + 1);
  return common === '' ? '/' : common;
}

/**
 * What the old site served, that the new one may not: its pages (but the home page, 404 page,
 * feed and the like, which xinwen writes its own of) with the documents of its collections, and
 * its static files (but CNAME and the files xinwen writes), copied or not: a link to one that is
 * not in the new site is a link to the old site's page or file, not one that never led anywhere.
 * Sorted.
 */
export function oldSiteRecord(files: readonly SiteFile[], collections: readonly CollectionPages[] = []): OldSiteRecord {
  const pages = new Set<string>();
  for (const page of [...files.filter((file) => file.page), ...collections.flatMap((collection) => collection.pages)]) {
    const url = pageUrl(page);
    if (url !== '/' && !FIXED.has(url)) pages.add(url);
  }
  const statics = files.filter((file) => !file.page && ['copy', 'own'].includes(staticFate(file, new Set())));
  return { pages: [...pages].sort(), files: statics.map((file) => `/${file.path}`).sort() };
}

/**
 * What a Jekyll site published besides its posts and category stubs — pages (`about.md`,
 * `404.md`, `index.html`, a feed template), static files (`images/`, `favicon.ico`) and posts
 * in a subfolder's `_posts` — none of which migrate carries over. Each is named with where its
 * URL leads now and what to do to keep it. {@link listSiteFiles} reads the folder;
 * {@link notCarriedFiles} is pure.
 */
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { FIXED_PAGES } from '../lib/site-pages';
import { isStubFile, STUB_FOLDER } from './category-names';

/** A file Jekyll published, relative to the site (`/`-separated). */
export interface SiteFile {
  path: string;
  /** A page: Markdown or HTML, or a file with front matter at the site's root (a feed template). */
  page: boolean;
  /** The page's `permalink:`, when it has one. */
  permalink?: string | undefined;
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

/** A page's `permalink:`, when its front matter has one that can be read. */
function permalinkOf(file: string): string | undefined {
  const front = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---/.exec(readFileSync(file, 'utf8'))?.[1];
  if (front === undefined) return undefined;
  try {
    const data = YAML.parse(front) as Record<string, unknown> | null;
    return typeof data?.permalink === 'string' && data.permalink.trim() !== '' ? data.permalink.trim() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The files Jekyll published from `site` besides posts and stubs, as Jekyll chose them: names
 * starting with `.`, `_`, `#` or `~` (layouts, includes, data, `_site`) and backups ending in
 * `~` are left out unless `include:` names them; `exclude:` and Jekyll's own excludes are
 * left out. Sorted by path.
 */
export function listSiteFiles(
  site: string,
  config: { exclude?: unknown; include?: unknown },
): { files: SiteFile[]; nestedPosts: NestedPosts[] } {
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
        const page = PAGE_FILE.test(entry.name) || (relative === '' && opensWithFrontMatter(absolute));
        files.push({ path: child, page, permalink: page ? permalinkOf(absolute) : undefined });
      }
    }
  };
  walk('');
  return { files, nestedPosts };
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
  if (/\/(atom|rss|feed)\.xml$|\.(atom|rss)$/.test(url)) {
    return `not built: xinwen's feed is /feed.xml (RSS 2.0), so readers subscribed to ${url} lose it unless the host redirects ${url} to /feed.xml`;
  }
  const folder = /^\/(category|tag|archive)\//.exec(url)?.[1];
  if (folder !== undefined) {
    return `not built: xinwen writes its own pages under /${folder}/ (such as /${folder === 'archive' ? 'archive/<year>/<month>' : `${folder}/<name>`}.html), so ${url} leads nowhere unless it is one of them`;
  }
  return `not built (xinwen builds posts, not pages), so ${url} leads nowhere; to keep it, write its text into ${astroPageFor(url)}, a page in BaseLayout as src/pages/404.astro is`;
}

const counted = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

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
 * One line per page, per static folder, for the static files at the site's root and per nested
 * `_posts` folder: what it is, that it is not carried over, and what to do. `publicFiles` are the
 * project's own files in `public/` (its icons, the feeds' stylesheet): an old file of the same
 * name would replace one, and is named apart.
 */
export function notCarriedFiles(
  files: readonly SiteFile[],
  nestedPosts: readonly NestedPosts[] = [],
  publicFiles: ReadonlySet<string> = new Set(),
): string[] {
  const lines: string[] = [];
  for (const file of files.filter((candidate) => candidate.page)) {
    const url = pageUrl(file);
    lines.push(`${file.path}: a page at ${url} — ${pageAdvice(url)}`);
  }
  const folders = new Map<string, { count: number; clashes: string[] }>();
  const rootFiles: string[] = [];
  for (const file of files.filter((candidate) => !candidate.page)) {
    const [top, ...rest] = file.path.split('/');
    if (rest.length > 0) {
      const folder = folders.get(top!) ?? { count: 0, clashes: [] };
      folder.count += 1;
      if (publicFiles.has(file.path)) folder.clashes.push(file.path);
      folders.set(top!, folder);
    } else if (publicFiles.has(file.path)) {
      lines.push(
        `${file.path}: a file at /${file.path} — xinwen has its own (public/${file.path}); copy this one over it to keep the old site's`,
      );
    } else if (file.path === 'CNAME') {
      lines.push(
        'CNAME: the custom domain of GitHub Pages — not used when GitHub Actions publishes the site: set the domain in Settings → Pages → Custom domain',
      );
    } else if (FIXED.has(`/${file.path}`)) {
      lines.push(
        `${file.path}: a file at /${file.path} — xinwen writes its own (${astroPageFor(`/${file.path}`)}), so this one is not needed`,
      );
    } else rootFiles.push(file.path);
  }
  for (const [folder, { count, clashes }] of folders) {
    lines.push(
      `${folder}/: ${counted(count, 'file')} — not carried over: copy the folder into public/${folder}/ to keep its /${folder}/… URLs ` +
        '(what is in public/ is copied into the site as it is)' +
        (clashes.length > 0 ? `; ${clashes.join(', ')} would replace xinwen's own file of that name` : ''),
    );
  }
  if (rootFiles.length > 0) {
    const them = rootFiles.length === 1 ? 'it' : 'them';
    lines.push(
      `${rootFiles.join(', ')}: ${rootFiles.length === 1 ? 'a file' : 'files'} at the site's root — not carried over: copy ${them} into public/ ` +
        `to keep ${rootFiles.map((file) => `/${file}`).join(', ')}`,
    );
  }
  for (const nested of nestedPosts) {
    const category = path.posix.dirname(nested.path).split('/').join(' ');
    lines.push(
      `${nested.path}/: ${counted(nested.files, 'file')} — not copied: Jekyll gave these posts the category "${category}" from their folder, ` +
        `and xinwen reads one posts folder, with categories from the front matter only: move them into _posts/ and add "${category}" to their categories:`,
    );
  }
  return lines;
}

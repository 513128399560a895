/**
 * The site's own names at the root of its URLs: the pages and folders its routes write
 * (`/search.html`, `/archive/<year>/<month>.html`), and those Astro and the post-build steps
 * write (`/_astro/`, `/pagefind/`, `/sitemap-0.xml`). An article URL's first folder named like
 * one of them, in any case (a Jekyll category `Archive` heads `/archive/2018/01/15/x.html`),
 * would have its URL folder pages (see `url-prefixes.ts`) written over the site's own:
 * `/archive/2018/01/` is `/archive/2018/01` to Astro, as the month archive `/archive/2018/01.html`
 * is, and only one of them is rendered. Such a folder gets no folder pages; its articles keep
 * their URLs, and a category's listing is in `/category/`, which nothing else writes into.
 *
 * Category and tag listings (`/category/<key>.html`, `/tag/<key>.html`) are in folders of their
 * own, so a category or tag name collides only where it heads article URLs.
 */
import { fixedPageUrls, routeFolders } from './page-kinds';
import { isSearchFolder } from './search-plan';

/** One of the site's own names at the root, with what the site serves there. */
export interface SiteRoute {
  /** The name, in lower case: `archive`, `search.html`, `pagefind-2`. */
  name: string;
  /** What the site serves under it, as site paths (`/archive.html`, `/archive/<year>/<month>.html`). */
  serves: string[];
}

/** Astro's folder of scripts and styles (`build.assets`, left at its default). */
const ASTRO_FOLDERS: Readonly<Record<string, string>> = { _astro: '/_astro/…' };

/** The files of `public/`, which Astro copies to the root (a unit test checks the list). */
export const PUBLIC_FILES: readonly string[] = ['favicon.ico', 'favicon.svg', 'feed.css'];

/** The sitemap's numbered files (`@astrojs/sitemap`), listed in `/sitemap-index.xml`. */
const SITEMAP_FILE = /^sitemap-\d+\.xml$/;

/**
 * Every fixed name: each folder the table of page kinds writes into (`src/lib/page-kinds.ts`;
 * a unit test checks it against `src/pages/`) and Astro's, and each page every site has under
 * its file name (`search.html`, `feed.xml`) and, for a page, its name without `.html`
 * (`search`), which is the page's name to Astro and to a host that drops `.html`, as it is the
 * folder `/search/`'s.
 */
const NAMED_ROUTES: ReadonlyMap<string, SiteRoute> = (() => {
  const routes = new Map<string, SiteRoute>();
  const add = (name: string, serves: string) => {
    const route = routes.get(name) ?? { name, serves: [] };
    route.serves.push(serves);
    routes.set(name, route);
  };
  for (const page of fixedPageUrls()) {
    const file = page === '/' ? 'index.html' : page.slice(1);
    add(file, page);
    if (page !== '/' && file.endsWith('.html')) add(file.slice(0, -'.html'.length), page);
  }
  for (const [name, serves] of routeFolders()) for (const url of serves) add(name, url);
  for (const [name, serves] of Object.entries(ASTRO_FOLDERS)) add(name, serves);
  for (const name of PUBLIC_FILES) add(name, `/${name}`);
  return routes;
})();

/**
 * The site's own route that a first folder of article URLs named `segment` would collide with,
 * compared in lower case (file systems and hosts that ignore case see `Archive` as `archive`);
 * undefined when it is free.
 */
export function reservedRoute(segment: string): SiteRoute | undefined {
  const name = segment.normalize('NFC').toLowerCase();
  const named = NAMED_ROUTES.get(name);
  if (named) return { name, serves: [...named.serves] };
  if (isSearchFolder(name)) return { name, serves: [`/${name}/…`] };
  if (SITEMAP_FILE.test(name)) return { name, serves: [`/${name}`] };
  return undefined;
}

/** Files of the site's listing and feed routes (compared as written: output file names keep their case). */
const SITE_LISTING = /^\/(?:category|tag)\/[^/]+(?:\.html|\/feed\.xml|\/page\/[^/]+\.html)$|^\/archive\/[^/]+\/[^/]+\.html$/;

/** A name with an extension (`feed.xml`, `search.html`) is a file of the site, not a folder. */
const FILE_NAME = /\.[^./]+$/;

/**
 * Why no article or redirect can be at `path` (a post's decoded site path), or undefined when one
 * can. It cannot be one of the site's own files (`/search.html`, `/feed.xml`), nor lie below one
 * (`/feed.xml/2023/…` for a category `feed.xml`: a file cannot also be a folder), nor lie in a
 * folder a later step of the build writes whole (`/pagefind/…`, `/_astro/…`). Below a folder of
 * the site's own (`/archive/…`) it can: see {@link routeCollisions}. Compared in lower case, as
 * {@link reservedRoute} compares.
 */
export function unservablePath(path: string): string | undefined {
  const parts = path.split('/');
  const [, first, ...below] = parts;
  // `permalink: /` is the home page's address.
  if (first === '' && below.length === 0) return "is the address of the site's own home page /";
  if (first === undefined || first === '') return undefined;
  // A path without an extension is written to its name with `.html` added (as Jekyll writes it),
  // so `/search` and `/index` are the files of the site's own /search.html and home page.
  if (below.length === 0 && !FILE_NAME.test(first)) {
    const page = NAMED_ROUTES.get(`${first.normalize('NFC').toLowerCase()}.html`);
    if (page) return `is written to /${first}.html, the file of the site's own ${page.serves.join(', ')}`;
  }
  // The listings and feeds the site writes in its own folders: /category/<x>.html, its feed and
  // pages, /tag/<x>.html, /archive/<year>/<month>.html. An article there replaces one of them.
  const file = FILE_NAME.test(path) || path.endsWith('/') ? path : `${path}.html`;
  // A site-wide pattern's other extension gets `.html` added (`/category/x.htm` is written to
  // `/category/x.htm.html`, a category `x.htm`'s listing), as Jekyll adds it.
  const written = path.endsWith('/') || path.endsWith('.html') ? path : `${path}.html`;
  for (const one of new Set([file, written])) {
    if (SITE_LISTING.test(one.normalize('NFC'))) return `is the file of one of the site's own listings or feeds (${one})`;
  }
  // A listing's or feed's file cannot also be a folder (`/category/x.html/`, `/category/x/feed.xml/a.html`).
  for (let end = 2; end < parts.length; end += 1) {
    const above = parts.slice(0, end).join('/');
    if (SITE_LISTING.test(above.normalize('NFC')))
      return `lies below ${above}, one of the site's own listings or feeds: a file cannot also be a folder`;
  }
  // `index.folder` is the name the build gives folder pages until it renames them to `index.html`.
  const internal = parts.find((segment) => /^index\.folder(?:\.html)?$/.test(segment.normalize('NFC')));
  if (internal !== undefined)
    return `has a part named ${internal}, the name the build gives folder pages before it renames them to index.html`;
  // `…/index.html` is the page of its folder (a URL folder's, or a post's own): nothing lies below it.
  const folderPage = below.slice(0, -1).indexOf('index.html');
  if (folderPage !== -1) {
    const page = `/${[first, ...below.slice(0, folderPage + 1)].join('/')}`;
    return `lies below ${page}, the page of the folder ${page.slice(0, -'index.html'.length)}: a file cannot also be a folder`;
  }
  const route = reservedRoute(first);
  if (!route) return undefined;
  const serves = route.serves.map((url) => (url === '/' ? 'home page /' : url)).join(', ');
  if (isSearchFolder(route.name) || route.name in ASTRO_FOLDERS) {
    return `lies in /${first}/, the folder of the site's ${serves}, which the build writes whole`;
  }
  if (!FILE_NAME.test(route.name)) return undefined;
  return below.length === 0 || (below.length === 1 && below[0] === '')
    ? `is the address of the site's own ${serves}`
    : `lies below /${first}, the site's own ${serves}: a file cannot also be a folder`;
}

/**
 * The site's route a category or tag name (as its slug, `archive`) would collide with. A tag
 * never does: tags head no article URL, and their listings are in `/tag/`. A category does
 * when its slug is one of the site's names, where a `:categories` permalink puts it first in
 * its posts' URLs; its listing in `/category/` never collides.
 */
export function termCollision(kind: 'category' | 'tag', slug: string): SiteRoute | undefined {
  return kind === 'category' ? reservedRoute(slug) : undefined;
}

/** A post as far as its URL's collisions go. */
export interface RoutedPost {
  /** Decoded site path of the article. */
  path: string;
  /** Categories as the front matter writes them. */
  categories: readonly string[];
  sourceFile?: string | undefined;
}

/**
 * A name of the site's own that articles have: as the first folder of their URLs (`folder`,
 * `/archive/2018/01/15/x.html`), which the build handles, or as their whole URL at the root
 * (`article`, a post's `permalink: /search.html`), where only one of the two can be served.
 */
export interface RouteCollision {
  kind: 'folder' | 'article';
  /** The folder, or the article's file name, as the URLs have it (`archive`, `search.html`). */
  name: string;
  route: SiteRoute;
  /** The categories, as written, whose name is the folder's (`Archive`), first seen first. */
  categories: string[];
  /** One article path, for the message. */
  example: string;
  /** The posts' files, in name order. */
  files: string[];
}

/**
 * The names of the site's own that the article URLs of `posts` have, one entry per name as
 * written (`Archive` and `archive` are two), those of the most posts first (then by name); the
 * files of each in name order.
 */
export function routeCollisions(posts: Iterable<RoutedPost>): RouteCollision[] {
  const collisions = new Map<string, RouteCollision>();
  for (const post of posts) {
    const [, name, ...below] = post.path.split('/');
    if (name === undefined || name === '') continue;
    const route = reservedRoute(name);
    if (!route) continue;
    // `/search.html` is the article itself; `/archive/…` and a folder article `/archive/` are in the folder.
    const kind = below.length === 0 ? 'article' : 'folder';
    let collision = collisions.get(`${kind} ${name}`);
    if (!collision) {
      collision = { kind, name, route, categories: [], example: post.path, files: [] };
      collisions.set(`${kind} ${name}`, collision);
    }
    for (const category of post.categories) {
      if (reservedRoute(category)?.name === route.name && !collision.categories.includes(category)) collision.categories.push(category);
    }
    collision.files.push(post.sourceFile ?? post.path);
  }
  for (const collision of collisions.values()) collision.files.sort();
  return [...collisions.values()].sort((a, b) => b.files.length - a.files.length || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Files named in a collision's message; the count says how many there are. */
const FILES_NAMED = 3;

/**
 * One line for a collision: the name, what it collides with, how it is handled, and the posts
 * that carry it. `listing` gives a category's listing path (`/category/archive.html`).
 */
export function collisionMessage(collision: RouteCollision, listing: (category: string) => string): string {
  const { kind, name, route, categories, example, files } = collision;
  const posts = `${files.length} post${files.length === 1 ? '' : 's'}: ${files.slice(0, FILES_NAMED).join(', ')}${files.length > FILES_NAMED ? ', …' : ''}`;
  const serves = route.serves.join(', ');
  if (kind === 'article') {
    return (
      `article ${example} is named like the site's own ${serves}: only one of them can be served, and the site's page is; ` +
      `give the post a permalink: of its own — ${posts}`
    );
  }
  const named = categories.length > 0 ? `category ${categories.join(', ')} (URL folder /${name}/)` : `URL folder /${name}/`;
  const listings = categories.map((category) => `${category} is listed at ${listing(category)}`).join(', ');
  return (
    `${named} is named like the site's own ${serves}: ` +
    `the articles keep their URLs (${example}), the site's pages keep theirs, and no URL folder pages are made below /${name}/` +
    `${listings === '' ? '' : `; ${listings}`} — ${posts}`
  );
}

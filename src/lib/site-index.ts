/**
 * One pass over the collection builds every index the site needs: posts newest first,
 * categories and tags with their posts, listing pages, newer/older links, redirects. Pages
 * and feeds read from it; none scans the collection again.
 */
import { wallTime } from './dates';
import { exactFileOf, FOLDER_PAGE_PARAM, routeParamForPath } from './permalink';
import { archiveUrl, categoryFeedUrl, termUrl } from './site-urls';
import type { IndexedPost, Term, TermKind } from './site-model';
import { urlPrefixes, urlPrefixPages, type UrlPrefix, type UrlPrefixPage } from './url-prefixes';

export type { IndexedPost, Term, TermKind } from './site-model';

/**
 * How listing pages are numbered. `newest-first`: page 1 is the newest posts and every page
 * shifts when a post is added. `stable`: the first page shows the newest posts and the pages
 * after it are numbered from the oldest post, so a full page never changes again (a post keeps
 * its page for good, and an incremental build re-renders only the newest pages).
 */
export type PaginationScheme = 'newest-first' | 'stable';

/** One page of a category or tag listing. */
export interface TermListingPage {
  term: Term;
  /** The term's first page (`/category/<key>.html`): the newest posts, with the totals. */
  first: boolean;
  /** The number in the page's URL (1 for the first page). */
  number: number;
  /** Where the page stands, for readers: "第 2 / 9 页", or "存档第 3 页" in the stable scheme. */
  label: string;
  posts: IndexedPost[];
  /** Route parameter: `<key>` or `<key>/page/<n>`. */
  param: string;
  url: string;
  newerUrl?: string | undefined;
  olderUrl?: string | undefined;
}

/** Neighbours of a post in its first category, for the article footer. */
export interface Neighbours {
  category?: Term | undefined;
  newer?: IndexedPost | undefined;
  older?: IndexedPost | undefined;
}

/** The posts of one calendar month (in the site zone), newest first. */
export interface MonthArchive {
  year: number;
  month: number;
  /** `/archive/<year>/<month>.html`. */
  url: string;
  posts: IndexedPost[];
}

export interface SiteIndex {
  /** Every post, newest first (ties broken by path, so the order is stable). */
  posts: IndexedPost[];
  categories: Map<string, Term>;
  tags: Map<string, Term>;
  /** Categories by post count, largest first, then by name. */
  categoriesBySize: Term[];
  neighbours: Map<string, Neighbours>;
  categoryPages: TermListingPage[];
  tagPages: TermListingPage[];
  /** Old Jekyll paths that redirect to a post. */
  redirects: { path: string; param: string; file: string | undefined; target: IndexedPost }[];
  /** Old URLs of category pages (from the categories data) that redirect to the listing. */
  categoryRedirects: CategoryRedirect[];
  /** Categories of the categories data that no post has: each gets an empty listing page. */
  emptyCategories: Term[];
  /** Folders of article URLs, each a page (see `url-prefixes.ts`), parents first. */
  prefixes: UrlPrefix[];
  /** The pages of the prefixes that list posts (one-category prefixes redirect instead). */
  prefixPages: UrlPrefixPage[];
  /** Month archives, newest month first. */
  months: MonthArchive[];
  /** Categories by display name (zh-CN collation), for the A–Z list. */
  categoriesByName: Term[];
}

export interface IndexOptions {
  pageSize: number;
  pagination: PaginationScheme;
  /** Zone whose calendar the month archives follow. */
  timeZone: string;
  /** Display names from the categories data, by key, with the old URLs of their pages. */
  categoryData: ReadonlyMap<string, { name: string; description?: string | undefined; oldUrls?: readonly string[] | undefined }>;
  /** The site's permalink style or pattern (default `date`): what each folder of a URL stands for. */
  permalink?: string | undefined;
  /**
   * The output is on a file system that ignores case (macOS, Windows): an old URL that differs
   * from a page's only in case would overwrite it, so it gets no redirect there.
   */
  caseInsensitiveFiles?: boolean | undefined;
}

/**
 * The index options of a site's settings: one mapping, for the build and for `npm run check`,
 * so that both see the same pages. `categoryData` and `caseInsensitiveFiles` come from where
 * each reads them (the content collection, the categories file; the file system).
 */
export function indexOptions(
  settings: Pick<IndexOptions, 'pageSize' | 'pagination' | 'timeZone' | 'permalink'>,
  categoryData: IndexOptions['categoryData'],
  caseInsensitiveFiles: boolean,
): IndexOptions {
  const { pageSize, pagination, timeZone, permalink } = settings;
  return { pageSize, pagination, timeZone, categoryData, permalink, caseInsensitiveFiles };
}

// Every page that lists a post names its terms: a post with thousands of tags, on thousands of
// listing pages, asks for the same few names millions of times.
const termSlugs = new Map<string, string>();

/**
 * A category or tag as one URL path segment and file name: lower case (as Jekyll's category
 * URLs), NFC (as Astro's route parameters), `/` and `\` (which URLs read as `/`) turned into
 * `-` (a listing is one file, not a folder), and a name of dots only escaped so it cannot climb
 * out of its folder. Listings are the site's own URLs, not Jekyll's, so names Astro cannot route
 * are given one it can: `%` is the full-width `％` (Astro decodes `%41` in a route to `A`, and
 * fails on `5%增长`), and a name Astro would read as a page of the folder itself or as a page's
 * extension (`index`, `a.html`) ends in `-`.
 */
export function termSlug(name: string): string {
  let slug = termSlugs.get(name);
  if (slug === undefined) {
    slug = name.toLowerCase().normalize('NFC').replace(/[/\\]/g, '-').replace(/%/g, '％');
    if (/^\.+$/.test(slug)) slug = slug.replace(/\./g, '-');
    // `index`, a name ending in `.html` and the folder pages' own parameter name other files.
    else if (slug === 'index' || slug === FOLDER_PAGE_PARAM || slug.endsWith('.html')) slug = `${slug}-`;
    termSlugs.set(name, slug);
  }
  return slug;
}

/** The terms (of one kind) that `names` belong to, once each, in the order written. */
export function termsFor(names: readonly string[], terms: ReadonlyMap<string, Term>): Term[] {
  return [...new Set(names.map(termSlug))].map((key) => terms.get(key)).filter((term): term is Term => term !== undefined);
}

function newestFirst(a: IndexedPost, b: IndexedPost): number {
  return b.date.getTime() - a.date.getTime() || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
}

function addToTerms(
  terms: Map<string, Term>,
  kind: TermKind,
  names: readonly string[],
  post: IndexedPost,
  data: IndexOptions['categoryData'],
): void {
  for (const key of new Set(names.map(termSlug))) {
    let term = terms.get(key);
    if (!term) {
      const known = kind === 'category' ? data.get(key) : undefined;
      term = {
        kind,
        key,
        name: known?.name ?? names.find((name) => termSlug(name) === key) ?? key,
        description: known?.description,
        url: termUrl(kind, key),
        feedUrl: kind === 'category' ? categoryFeedUrl(key) : undefined,
        posts: [],
      };
      terms.set(key, term);
    }
    term.posts.push(post);
  }
}

function listingPage(
  term: Term,
  number: number,
  fields: Pick<TermListingPage, 'label' | 'posts' | 'newerUrl' | 'olderUrl'>,
): TermListingPage {
  return {
    term,
    first: number === 1,
    number,
    param: number === 1 ? term.key : `${term.key}/page/${number}`,
    url: termUrl(term.kind, term.key, number),
    ...fields,
  };
}

/** Newest first: page n holds posts (n-1)·size … n·size-1 of the newest-first list. */
function paginateNewestFirst(term: Term, pageSize: number): TermListingPage[] {
  const pageCount = Math.max(1, Math.ceil(term.posts.length / pageSize));
  return Array.from({ length: pageCount }, (_, index) => {
    const number = index + 1;
    return listingPage(term, number, {
      label: `第 ${number} / ${pageCount} 页`,
      posts: term.posts.slice(index * pageSize, number * pageSize),
      newerUrl: number > 1 ? termUrl(term.kind, term.key, number - 1) : undefined,
      olderUrl: number < pageCount ? termUrl(term.kind, term.key, number + 1) : undefined,
    });
  });
}

/**
 * Stable: the first page shows the newest `size` posts; archive page k (URL number k + 1) holds
 * the k-th full run of `size` posts counted from the oldest, newest first within the page.
 * Posts newer than the last full run are on the first page only.
 */
function paginateStable(term: Term, pageSize: number): TermListingPage[] {
  const total = term.posts.length;
  const archived = Math.floor(total / pageSize);
  const archiveUrl = (k: number) => termUrl(term.kind, term.key, k + 1);
  // The first page already lists a whole last run when nothing newer exists; skip to the one before.
  const olderThanFirst = total % pageSize === 0 ? archived - 1 : archived;
  const pages = [
    listingPage(term, 1, {
      label: '最新',
      posts: term.posts.slice(0, pageSize),
      olderUrl: olderThanFirst >= 1 ? archiveUrl(olderThanFirst) : undefined,
    }),
  ];
  for (let k = 1; k <= archived; k += 1) {
    pages.push(
      listingPage(term, k + 1, {
        label: `存档第 ${k} 页`,
        posts: term.posts.slice(total - k * pageSize, total - (k - 1) * pageSize),
        newerUrl: k < archived ? archiveUrl(k + 1) : termUrl(term.kind, term.key),
        olderUrl: k > 1 ? archiveUrl(k - 1) : undefined,
      }),
    );
  }
  return pages;
}

function paginate(term: Term, pageSize: number, scheme: PaginationScheme): TermListingPage[] {
  return scheme === 'stable' ? paginateStable(term, pageSize) : paginateNewestFirst(term, pageSize);
}

/** Builds the whole index in one pass over `posts` (plus sorts). */
export function buildSiteIndex(posts: readonly IndexedPost[], options: IndexOptions): SiteIndex {
  const sorted = [...posts].sort(newestFirst);
  const categories = new Map<string, Term>();
  const tags = new Map<string, Term>();
  const months = new Map<string, MonthArchive>();
  for (const post of sorted) {
    addToTerms(categories, 'category', post.categories, post, options.categoryData);
    addToTerms(tags, 'tag', post.tags, post, options.categoryData);
    const { year, month } = wallTime(post.date, options.timeZone);
    const key = `${year}-${month}`;
    let archive = months.get(key);
    if (!archive) {
      archive = { year, month, url: archiveUrl(year, month), posts: [] };
      months.set(key, archive);
    }
    archive.posts.push(post);
  }

  // Newer/older links follow the post's first category, the one its URL starts with.
  const neighbours = new Map<string, Neighbours>();
  for (const category of categories.values()) {
    category.posts.forEach((post, index) => {
      if (post.categories[0] === undefined || termSlug(post.categories[0]) !== category.key) return;
      neighbours.set(post.id, { category, newer: category.posts[index - 1], older: category.posts[index + 1] });
    });
  }

  const categoriesBySize = [...categories.values()].sort(
    (a, b) => b.posts.length - a.posts.length || a.name.localeCompare(b.name, 'zh-CN'),
  );

  const emptyCategories = emptyCategoryTerms(categories, options.categoryData);
  const categoryPages = [...categories.values(), ...emptyCategories].flatMap((term) =>
    paginate(term, options.pageSize, options.pagination),
  );
  const redirects = sorted.flatMap((post) =>
    post.legacyPaths.map((path) => {
      const file = exactFileOf(path, post.keptExtension);
      return { path, param: routeParamForPath(path, file), file, target: post };
    }),
  );
  const taken = new Set<string>([
    ...sorted.map((post) => post.path),
    ...redirects.map((redirect) => redirect.path),
    ...categoryPages.map((page) => decodedPath(page.url)),
  ]);
  const categoryRedirects = oldCategoryUrls(categories, emptyCategories, options, taken);
  for (const redirect of categoryRedirects) taken.add(redirect.path);
  const prefixes = urlPrefixes(sorted, {
    permalink: options.permalink ?? 'date',
    timeZone: options.timeZone,
    categoryOf: (segment) => categories.get(termSlug(segment)),
    taken,
  });
  for (const prefix of prefixes) taken.add(prefix.path);

  return {
    posts: sorted,
    categories,
    tags,
    categoriesBySize,
    neighbours,
    categoryPages,
    tagPages: [...tags.values()].flatMap((term) => paginate(term, options.pageSize, options.pagination)),
    redirects,
    categoryRedirects,
    emptyCategories,
    prefixes,
    prefixPages: prefixes.flatMap((prefix) => urlPrefixPages(prefix, options.pageSize, taken)),
    // Posts are newest first, so months arrive newest first too.
    months: [...months.values()],
    categoriesByName: [...categories.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
  };
}

function decodedPath(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

/**
 * Categories the categories data names that no post has: the old site had a page for them
 * (a stub), so an old link to it still finds one, empty and saying so. They have no feed.
 */
function emptyCategoryTerms(categories: ReadonlyMap<string, Term>, data: IndexOptions['categoryData']): Term[] {
  const empty = new Map<string, Term>();
  for (const [written, { name, description }] of data) {
    const key = termSlug(written);
    if (categories.has(key) || empty.has(key)) continue;
    empty.set(key, { kind: 'category', key, name, description, url: termUrl('category', key), posts: [] });
  }
  return [...empty.values()];
}

/** The route a category redirect is rendered by: the category route owns every path below `/category/`. */
export type RedirectRoute = 'category' | 'path';

/** An old URL of a category's page that redirects to its listing. */
export interface CategoryRedirect {
  path: string;
  route: RedirectRoute;
  /** The parameter of that route. */
  param: string;
  target: Term;
}

/**
 * The old URLs of category pages (`/category/CBOT.html`, in the exact case the old site served)
 * that are not already a page of the site, each redirecting to the category's listing.
 */
function oldCategoryUrls(
  categories: ReadonlyMap<string, Term>,
  empty: readonly Term[],
  { categoryData: data, caseInsensitiveFiles }: IndexOptions,
  taken: ReadonlySet<string>,
): CategoryRedirect[] {
  const emptyByKey = new Map(empty.map((term) => [term.key, term]));
  const takenFiles = caseInsensitiveFiles ? new Set([...taken].map((path) => path.toLowerCase())) : taken;
  const redirects = new Map<string, CategoryRedirect>();
  for (const [written, { oldUrls }] of data) {
    const key = termSlug(written);
    const target = categories.get(key) ?? emptyByKey.get(key);
    if (!target) continue;
    for (const oldUrl of oldUrls ?? []) {
      const path = oldUrl.normalize('NFC');
      const file = caseInsensitiveFiles ? path.toLowerCase() : path;
      if (takenFiles.has(file) || redirects.has(file) || path === '/') continue;
      const inCategoryRoute = path.startsWith('/category/');
      redirects.set(file, {
        path,
        route: inCategoryRoute ? 'category' : 'path',
        param: routeParamForPath(inCategoryRoute ? path.slice('/category'.length) : path),
        target,
      });
    }
  }
  return [...redirects.values()];
}

/**
 * The build log's account of the pages it generated. Astro prints a line per page, which at
 * archive scale (40,000 pages for 17,000 posts) buries every warning; the build prints one line
 * per kind of page instead: how many there are, and how many were rendered rather than kept from
 * the last build. Which kind a page is comes from the build's route record where it says
 * (articles, redirects, URL folders), and from the page's path otherwise.
 */
import type { RouteRecord } from './route-record';

/** One generated page as Astro's log reports it. */
export interface GeneratedPage {
  /** Site path as Astro prints it (`/a/b.html`, decoded). */
  path: string;
  /** Rendered in this build (not kept or restored from the last one). */
  rendered: boolean;
}

/** The kinds of page, in the order the summary lists them. */
export const PAGE_KINDS = ['articles', 'redirects', 'URL folders', 'listings', 'feeds', 'other pages'] as const;

export type PageKind = (typeof PAGE_KINDS)[number];

/** What the route record says of output files, by kind. */
export type PageKindIndex = ReadonlyMap<string, PageKind>;

/** The output files the route record names, with their kinds. */
export function pageKindIndex(record: Pick<RouteRecord, 'articles' | 'redirects' | 'prefixListings'>): PageKindIndex {
  const index = new Map<string, PageKind>();
  for (const { file } of record.articles) index.set(file, 'articles');
  for (const file of record.redirects) index.set(file, 'redirects');
  for (const file of record.prefixListings) index.set(file, 'URL folders');
  return index;
}

/** The kind of the page at a site path: as the route record says, or by the path's shape. */
export function pageKind(sitePath: string, index: PageKindIndex): PageKind {
  const file = sitePath.replace(/^\/+/, '');
  const recorded = index.get(file) ?? index.get(file.endsWith('/') ? `${file}index.html` : file);
  if (recorded) return recorded;
  if (/\.(xml|opml)$/.test(file)) return 'feeds';
  if (/^(category|tag|archive)(\/|\.html$)/.test(file)) return 'listings';
  return 'other pages';
}

const count = (n: number) => n.toLocaleString('en-US');

/**
 * One line per kind of page generated, then the total, e.g.
 * `articles: 17,000 (12 rendered, 16,988 kept from the last build)`.
 */
export function summarizePages(pages: readonly GeneratedPage[], index: PageKindIndex): string[] {
  const byKind = new Map<PageKind, { all: number; rendered: number }>();
  for (const page of pages) {
    const kind = pageKind(page.path, index);
    const tally = byKind.get(kind) ?? { all: 0, rendered: 0 };
    tally.all += 1;
    if (page.rendered) tally.rendered += 1;
    byKind.set(kind, tally);
  }
  const line = (label: string, { all, rendered }: { all: number; rendered: number }) =>
    `${label}: ${count(all)} (${rendered === all ? 'all rendered' : `${count(rendered)} rendered, ${count(all - rendered)} kept from the last build`})`;
  const lines = PAGE_KINDS.filter((kind) => byKind.has(kind)).map((kind) => line(kind, byKind.get(kind)!));
  const total = { all: pages.length, rendered: pages.filter((page) => page.rendered).length };
  return [...lines, `${line('pages in all', total)}; BUILD_LOG=pages lists every page`];
}

/**
 * The pages of URL folders (`/emnews/2021/12/08/`, `/emnews/2021/`, …; see `src/lib/url-prefixes.ts`):
 * a folder of one category redirects to its listing; the others list their posts, or their
 * years and categories, with a breadcrumb that climbs the same folders.
 */
import type { PathSegment } from '../lib/permalink';
import { termSlug, type Term } from '../lib/site-index';
import { HOME_URL } from '../lib/site-urls';
import { segmentLabel, type UrlPrefix, type UrlPrefixPage } from '../lib/url-prefixes';
import { folderParam } from './article';
import { pageFrame, postItems, type PageFrameView, type PostItemView, type RouteContext, type RouteEntry } from './common';

/** A link in a breadcrumb; the last one (the page itself) has no URL. */
export interface CrumbView {
  name: string;
  url?: string | undefined;
}

/** One page of a URL folder's listing. */
export interface PrefixView {
  kind: 'prefix';
  frame: PageFrameView;
  /** `东方财富滚动新闻 · 2021年12月8日`. */
  heading: string;
  breadcrumb: CrumbView[];
  /** Posts below the folder (first page only, so later pages stay unchanged). */
  total?: number | undefined;
  /** The folders one level down, with their post counts (first page only). */
  children: { name: string; url: string; count: number }[];
  posts: PostItemView[];
  pagination: { label: string; newerUrl?: string | undefined; olderUrl?: string | undefined };
}

const DATE_KINDS = new Set<PathSegment['kind']>(['year', 'month', 'day', 'ordinal-day']);

/** The folder's name: categories and other segments apart, a date's parts together (`2021年12月8日`). */
function headingOf(segments: readonly PathSegment[], categoryOf: (segment: string) => Term | undefined): string {
  let heading = '';
  segments.forEach((segment, index) => {
    const previous = segments[index - 1];
    const joined = previous !== undefined && DATE_KINDS.has(previous.kind) && DATE_KINDS.has(segment.kind);
    heading += `${index === 0 || joined ? '' : ' · '}${segmentLabel(segment, categoryOf)}`;
  });
  return heading;
}

/** Where a link to a folder goes: a folder of one category is its listing. */
const prefixLink = (prefix: UrlPrefix) => prefix.category?.url ?? prefix.url;

/** The view of one page of a folder's listing. */
export function prefixView(context: RouteContext, page: UrlPrefixPage, parents: ReadonlyMap<string, UrlPrefix>): PrefixView {
  const { prefix } = page;
  const categoryOf = (segment: string) => context.site.categories.get(termSlug(segment));
  const heading = headingOf(prefix.segments, categoryOf);
  const title = page.number === 1 ? heading : `${heading}（第 ${page.number} 页）`;
  const ancestors: CrumbView[] = [];
  for (let depth = 1; depth < prefix.segments.length; depth += 1) {
    const ancestor = parents.get(
      `/${prefix.segments
        .slice(0, depth)
        .map((segment) => segment.text)
        .join('/')}/`,
    );
    if (ancestor) ancestors.push({ name: segmentLabel(ancestor.segments.at(-1)!, categoryOf), url: prefixLink(ancestor) });
  }
  return {
    kind: 'prefix',
    // Navigation for readers and old links: crawlers follow it to the articles, which the
    // listings and the sitemap already give them, and do not index it.
    frame: pageFrame(context, { title, description: `${heading}的文章`, url: page.url, robots: 'noindex, follow' }),
    heading: title,
    breadcrumb: [{ name: '首页', url: HOME_URL }, ...ancestors, { name: segmentLabel(prefix.segments.at(-1)!, categoryOf) }],
    total: page.number === 1 ? prefix.posts.length : undefined,
    children:
      page.number === 1
        ? prefix.children.map((child) => ({
            name: segmentLabel(child.segments.at(-1)!, categoryOf),
            url: prefixLink(child),
            count: child.posts.length,
          }))
        : [],
    posts: postItems(context, page.posts, { excerpts: false }),
    pagination: { label: `第 ${page.number} / ${page.pageCount} 页`, newerUrl: page.newerUrl, olderUrl: page.olderUrl },
  };
}

/**
 * Every listing page of URL folders, for `src/pages/[...folder]/index.astro` (which writes
 * `<folder>/index.html` itself); folders of one category redirect (`redirectRoutes`).
 */
export function prefixRoutes(context: RouteContext): RouteEntry<PrefixView>[] {
  const { site } = context;
  const parents = new Map(site.prefixes.map((prefix) => [prefix.path, prefix]));
  return site.prefixPages.map((page) => ({
    route: '[...folder]/index' as const,
    params: { folder: folderParam(page.path) },
    path: page.path,
    view: () => prefixView(context, page, parents),
  }));
}

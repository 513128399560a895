/** Category and tag listings: one page of a term's posts, newest first, with excerpts. */
import type { TermListingPage, TermKind } from '../lib/site-index';
import { redirectView, type RedirectView } from './article';
import { FEEDS_PAGE_URL, pageFrame, postItems, type PageFrameView, type PostItemView, type RouteContext, type RouteEntry } from './common';

/** The totals only a term's first page shows (archive pages stay unchanged as posts are added). */
export interface ListingSummaryView {
  total: number;
  description?: string | undefined;
  /** Categories only. */
  feedUrl?: string | undefined;
  /** The page of every feed, shown beside the category's own. */
  feedsPageUrl?: string | undefined;
  /** Set when the term has no posts (a category the old site had a page for): where all categories are. */
  allCategoriesUrl?: string | undefined;
}

/** One page of a category or tag listing. */
export interface ListingView {
  frame: PageFrameView;
  heading: string;
  summary?: ListingSummaryView | undefined;
  posts: PostItemView[];
  pagination: {
    /** Where the page stands: "第 2 / 9 页", "最新", "存档第 3 页". */
    label: string;
    newerUrl?: string | undefined;
    olderUrl?: string | undefined;
  };
}

/** The page of every category, busiest first. */
const ALL_CATEGORIES_URL = '/categories.html';

const KIND_LABEL: Record<TermKind, string> = { category: '分类', tag: '标签' };

/** The view of one listing page. */
export function listingView(context: RouteContext, page: TermListingPage): ListingView {
  const { term } = page;
  const label = KIND_LABEL[term.kind];
  const heading = page.first ? `${label}：${term.name}` : `${label}：${term.name}（${page.label}）`;
  return {
    frame: pageFrame(context, {
      title: heading,
      description: term.description ?? `${label}“${term.name}”的文章`,
      url: page.url,
      feeds: term.feedUrl ? [{ title: `${term.name} RSS`, url: term.feedUrl }] : [],
    }),
    heading,
    summary: page.first
      ? {
          total: term.posts.length,
          description: term.description,
          feedUrl: term.feedUrl,
          feedsPageUrl: term.feedUrl ? FEEDS_PAGE_URL : undefined,
          allCategoriesUrl: term.posts.length === 0 ? ALL_CATEGORIES_URL : undefined,
        }
      : undefined,
    posts: postItems(context, page.posts, { excerpts: true }),
    pagination: { label: page.label, newerUrl: page.newerUrl, olderUrl: page.olderUrl },
  };
}

/** Every listing page of categories or of tags, for `/category/[...listing]` and `/tag/[...listing]`. */
export function listingRoutes(context: RouteContext, kind: TermKind): RouteEntry<ListingView>[] {
  const pages = kind === 'category' ? context.site.categoryPages : context.site.tagPages;
  return pages.map((page) => ({
    params: { listing: page.param },
    path: `/${kind}/${page.param}.html`,
    view: listingView(context, page),
  }));
}

/** Every category listing page, then the redirects from old category URLs below `/category/`. */
export function categoryRoutes(context: RouteContext): RouteEntry<ListingView | RedirectView>[] {
  return [
    ...listingRoutes(context, 'category'),
    ...context.site.categoryRedirects
      .filter((redirect) => redirect.route === 'category')
      .map(({ path, param, target }) => ({
        params: { listing: param },
        path,
        view: redirectView(context, { title: target.name, url: target.url }, 'listing'),
      })),
  ];
}

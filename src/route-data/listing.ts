/** Category and tag listings: one page of a term's posts, newest first, with excerpts. */
import type { TermListingPage, TermKind } from '../lib/site-index';
import { CATEGORIES_URL, FEEDS_PAGE_URL } from '../lib/site-urls';
import { pageFrame, postItems, type PageFrameView, type PostItemView, type RouteContext, type RouteEntry } from './common';

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
  kind: 'listing';
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

const KIND_LABEL: Record<TermKind, string> = { category: '分类', tag: '标签' };

/** The view of one listing page. */
export function listingView(context: RouteContext, page: TermListingPage): ListingView {
  const { term } = page;
  const label = KIND_LABEL[term.kind];
  const heading = page.first ? `${label}：${term.name}` : `${label}：${term.name}（${page.label}）`;
  return {
    kind: 'listing',
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
          allCategoriesUrl: term.posts.length === 0 ? CATEGORIES_URL : undefined,
        }
      : undefined,
    posts: postItems(context, page.posts, { excerpts: true }),
    pagination: { label: page.label, newerUrl: page.newerUrl, olderUrl: page.olderUrl },
  };
}

/** The listing pages of categories or of tags, for `/category/[...listing]` or `/tag/[...listing]`. */
function termListingRoutes(context: RouteContext, kind: TermKind): RouteEntry<ListingView>[] {
  const pages = kind === 'category' ? context.site.categoryPages : context.site.tagPages;
  const route = kind === 'category' ? ('category/[...listing]' as const) : ('tag/[...listing]' as const);
  return pages.map((page) => ({
    route,
    params: { listing: page.param },
    path: `/${kind}/${page.param}.html`,
    view: () => listingView(context, page),
  }));
}

/** Every listing page: the categories', then the tags'. */
export function listingRoutes(context: RouteContext): RouteEntry<ListingView>[] {
  return [...termListingRoutes(context, 'category'), ...termListingRoutes(context, 'tag')];
}

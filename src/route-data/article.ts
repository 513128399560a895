/**
 * Article pages at their Jekyll permalinks, and redirect pages at the old URLs Jekyll gave some
 * posts: what each shows, with the body referenced by its content-addressed id.
 */
import { articleBodyFacts, type ArticleBodyFacts } from '../lib/article';
import { readBody } from '../lib/body-store';
import { viewKey } from '../lib/cache-key';
import { formatDateTime } from '../lib/dates';
import { absoluteUrl } from '../lib/feed';
import { exactFileOf, routeParamForPath, routeSafe } from '../lib/permalink';
import { termsFor, type IndexedPost, type Term } from '../lib/site-index';
import {
  dateView,
  frameWithoutDescription,
  type DateView,
  type FrameWithoutDescription,
  type PageFrameView,
  type RouteContext,
  type RouteEntry,
  type TermLinkView,
  type TitledLinkView,
} from './common';

/** The category an article is filed under: breadcrumb, back link and feed. */
export interface SectionView extends TermLinkView {
  feedUrl?: string | undefined;
}

/** An article page. Its description, reading time, source link and JSON-LD come from the body. */
export interface ArticleView {
  kind: 'article';
  /** The frame; its description is the body's excerpt. */
  frame: FrameWithoutDescription;
  title: string;
  /** Absolute URL of the page. */
  canonicalUrl: string;
  published: DateView;
  /** Year of publication in the site zone, for the search filter. */
  year: string;
  /** The content-addressed id of the excerpt and sanitized body in the body store (it ends in the digest). */
  bodyId: string;
  /** Digest of the sanitized body alone, which the search index keys the article on. */
  bodyDigest: string;
  categories: TermLinkView[];
  tags: TermLinkView[];
  /** The first category, whose posts the newer/older links follow. */
  section?: SectionView | undefined;
  /** The article's original address (原文链接), from the scraper's source link. */
  sourceUrl?: string | undefined;
  newer?: TitledLinkView | undefined;
  older?: TitledLinkView | undefined;
}

/**
 * Bump when what the search index reads of an article page changes in a way the fields of
 * {@link searchKey} do not show: the markup inside `<article data-pagefind-body>` of
 * `src/components/ArticlePage.astro` and `PostMeta.astro` (what it indexes, ignores, filters on
 * or sorts by). `tests/unit/search-key.test.ts` pins those two files: when it fails, look, bump
 * this if the index would change, and pin the new digests.
 */
export const SEARCH_VIEW_VERSION = '1';

/**
 * The key of what the search index reads of an article page: the element Pagefind indexes (the
 * title, the body, the category and year filters, the date) and the page's language, but not the
 * frame (site title, navigation, head), the tags and date line it ignores, nor the newer/older
 * links; the body by the digest of its HTML, not by where it is stored (which changes with the
 * reading settings). A change of site title, or a new post beside an old one, so re-renders
 * pages without indexing their articles again.
 */
export function searchKey(view: ArticleView): string {
  return viewKey({
    version: SEARCH_VIEW_VERSION,
    language: view.frame.site.language,
    title: view.title,
    published: view.published.iso,
    year: view.year,
    categories: view.categories.map((category) => category.name),
    body: view.bodyDigest,
  });
}

/**
 * An article page as it is shown: its view, its sanitized body, and what comes from the body —
 * the frame's description, reading time, source link, JSON-LD (see `src/lib/article.ts`).
 */
export interface ArticlePageView extends Omit<ArticleView, 'frame'> {
  frame: PageFrameView;
  /** The sanitized body HTML. */
  html: string;
  facts: ArticleBodyFacts;
}

/**
 * The article page of `view`: its body read from the store by the id the view names (by its content
 * digest, so the view's key covers the body and every fact derived from it), and the facts
 * derived from that body, once.
 */
export function articlePageView(view: ArticleView): ArticlePageView {
  const body = readBody(view.bodyId);
  const facts = articleBodyFacts(body, view, view.frame.site);
  return { ...view, frame: { ...view.frame, description: facts.description }, html: body.html, facts };
}

/** A page at an old URL (or a URL folder) that sends readers and crawlers to an article or a listing. */
export interface RedirectView {
  kind: 'redirect';
  language: string;
  siteTitle: string;
  /** The title of the page it sends to. */
  title: string;
  /** What it sends to: "本文已移至" an article, "本页已移至" a listing. */
  target: 'article' | 'listing';
  /** Site-relative URL of that page. */
  targetUrl: string;
  /** Absolute URL of that page. */
  canonicalUrl: string;
}

const termLink = (term: Term): TermLinkView => ({ name: term.name, url: term.url });
const titledLink = (post: IndexedPost | undefined): TitledLinkView | undefined => (post ? { title: post.title, url: post.url } : undefined);

// The route record (for the search index) and the article route both need every article's
// view; each is built once per site context.
const views = new WeakMap<RouteContext, WeakMap<IndexedPost, ArticleView>>();

/** The view of `post`'s article page (built once per context and post). */
export function articleView(context: RouteContext, post: IndexedPost): ArticleView {
  let byPost = views.get(context);
  if (!byPost) {
    byPost = new WeakMap();
    views.set(context, byPost);
  }
  let view = byPost.get(post);
  if (!view) {
    view = buildArticleView(context, post);
    byPost.set(post, view);
  }
  return view;
}

function buildArticleView(context: RouteContext, post: IndexedPost): ArticleView {
  const { site, settings } = context;
  const { category, newer, older } = site.neighbours.get(post.id) ?? {};
  const section = category ? { ...termLink(category), feedUrl: category.feedUrl } : undefined;
  const published = dateView(context, post.date, formatDateTime);
  return {
    kind: 'article',
    frame: frameWithoutDescription(context, {
      title: post.title,
      url: post.url,
      ogType: 'article',
      feeds: section?.feedUrl ? [{ title: `${section.name} RSS`, url: section.feedUrl }] : [],
    }),
    title: post.title,
    canonicalUrl: absoluteUrl(settings.url, post.url),
    published,
    year: published.iso.slice(0, 4),
    bodyId: post.bodyId,
    bodyDigest: post.bodyDigest,
    categories: termsFor(post.categories, site.categories).map(termLink),
    tags: termsFor(post.tags, site.tags).map(termLink),
    section,
    sourceUrl: post.sourceUrl,
    newer: titledLink(newer),
    older: titledLink(older),
  };
}

/** The view of a redirect page to the page `to`: an article, or a listing when `target` says so. */
export function redirectView(
  context: RouteContext,
  to: { title: string; url: string },
  target: RedirectView['target'] = 'article',
): RedirectView {
  const { settings } = context;
  return {
    kind: 'redirect',
    language: settings.language,
    siteTitle: settings.title,
    title: to.title,
    target,
    targetUrl: to.url,
    canonicalUrl: absoluteUrl(settings.url, to.url),
  };
}

/** Every article page, at its permalink (the `[...path]` route). */
export function articleRoutes(context: RouteContext): RouteEntry<ArticleView>[] {
  return context.site.posts.map((post) => {
    const file = exactFileOf(post.path, post.keptExtension);
    return {
      route: '[...path]' as const,
      params: { path: routeParamForPath(post.path, file) },
      path: post.path,
      file,
      view: () => articleView(context, post),
    };
  });
}

/**
 * Every redirect page: from articles' old URLs, then from old category URLs outside
 * `/category/` (both in the `[...path]` route), from old category URLs below `/category/` (the
 * category listings' route, which owns that folder), and from URL folders of one category.
 */
export function redirectRoutes(context: RouteContext): RouteEntry<RedirectView>[] {
  const { site } = context;
  const toListing = (target: { name: string; url: string }) => () =>
    redirectView(context, { title: target.name, url: target.url }, 'listing');
  return [
    ...site.redirects.map(({ path, param, file, target }) => ({
      route: '[...path]' as const,
      params: { path: param },
      path,
      file,
      view: () => redirectView(context, target),
    })),
    ...site.categoryRedirects
      .filter((redirect) => redirect.route === 'path')
      .map(({ path, param, target }) => ({ route: '[...path]' as const, params: { path: param }, path, view: toListing(target) })),
    ...site.categoryRedirects
      .filter((redirect) => redirect.route === 'category')
      .map(({ path, param, target }) => ({
        route: 'category/[...listing]' as const,
        params: { listing: param },
        path,
        view: toListing(target),
      })),
    ...site.prefixes.flatMap(({ path, category }) =>
      category ? [{ route: '[...folder]/index' as const, params: { folder: folderParam(path) }, path, view: toListing(category) }] : [],
    ),
  ];
}

/** The `[...folder]/index` route parameter of a folder path: `/a/b/` → `a/b` (`%` as in {@link routeSafe}). */
export function folderParam(path: string): string {
  return routeSafe(path.replace(/^\/+|\/+$/g, ''));
}

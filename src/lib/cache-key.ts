/**
 * Keys for Astro's incremental build: a page is rendered again only when its key changes, so a
 * key must cover everything the page shows that its code does not (post digests, neighbour
 * titles and URLs, category names). Hashed, because the keys of every page are kept between builds.
 */
import { createHash } from 'node:crypto';
import type { IndexedPost, ListingPage, Neighbours, Term } from './site-index';

/** A short, stable key for a list of values (strings, numbers, undefined). */
export function cacheKey(parts: readonly (string | number | undefined)[]): string {
  return createHash('sha1').update(JSON.stringify(parts)).digest('base64url');
}

/**
 * Whether Astro can cache the page at `path`. It names the cached copy with a URL relative to
 * its cache folder, and a first segment with a colon (`/javascript:x/…`, a category name from a
 * hostile post) parses as a URL scheme and fails the build; such pages are rendered every time.
 */
export function cacheablePath(path: string): boolean {
  return !(path.replace(/^\/+/, '').split('/')[0] ?? '').includes(':');
}

const termParts = (term: Term | undefined) => (term ? [term.url, term.name] : []);

/** An article: its post, its newer/older links, and the names of its categories and tags. */
export function articleCacheKey(post: IndexedPost, neighbours: Neighbours | undefined, terms: readonly Term[]): string {
  const { newer, older, category } = neighbours ?? {};
  return cacheKey([
    post.digest,
    newer?.url,
    newer?.title,
    older?.url,
    older?.title,
    ...termParts(category),
    ...terms.flatMap(termParts),
  ]);
}

/**
 * A listing page: its term, its place among the pages, and the posts it lists. Only the first
 * page shows the term's total, so only its key holds it.
 */
export function listingCacheKey(page: ListingPage): string {
  return cacheKey([
    ...termParts(page.term),
    page.term.description,
    page.first ? page.term.posts.length : undefined,
    page.label,
    page.newerUrl,
    page.olderUrl,
    ...page.posts.map((post) => post.digest),
  ]);
}

/** A feed: its channel and its items. */
export function feedCacheKey(term: Term, posts: readonly IndexedPost[]): string {
  return cacheKey([...termParts(term), term.description, ...posts.map((post) => post.digest)]);
}

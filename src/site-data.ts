/**
 * The site's data, loaded once per build: every page and feed imports `site` from here, so
 * the collection is read and indexed a single time (module-level await).
 */
import { getCollection } from 'astro:content';
import { buildSiteIndex, type IndexedPost } from './lib/site-index';
import { settings } from './settings';

const entries = await getCollection('posts');
const categoryEntries = await getCollection('categories');

const posts: IndexedPost[] = entries.map((entry) => ({ id: entry.id, ...entry.data }));

export const site = buildSiteIndex(posts, {
  pageSize: settings.pageSize,
  pagination: settings.pagination,
  timeZone: settings.timeZone,
  categoryData: new Map(categoryEntries.map((entry) => [entry.id, entry.data])),
});

export { settings };

/** A post's excerpt and sanitized HTML, read from the body store when a page or feed shows them. */
export { readBody as postBody, readExcerpt as postExcerpt } from './loaders/html-store';

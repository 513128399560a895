/**
 * The site's data, loaded once per build: every route imports `context` from here, so the
 * collection is read and indexed a single time (module-level await), and the route data in
 * `src/route-data/` turns it into the views pages render.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { getCollection } from 'astro:content';
import { viewKey } from './lib/cache-key';
import { outputFileForPath, writeRouteRecord } from './lib/route-record';
import { buildSiteIndex, type IndexedPost } from './lib/site-index';
import { hasCategoryEntries } from './loaders/categories-file';
import { articleView, type RouteContext } from './route-data';
import { settings } from './settings';

const entries = await getCollection('posts');
// Astro warns that a collection without entries does not exist; a site without category names is normal.
const categoryEntries = hasCategoryEntries(path.resolve('.')) ? await getCollection('categories') : [];

const posts: IndexedPost[] = entries.map((entry) => ({ id: entry.id, ...entry.data }));

export const site = buildSiteIndex(posts, {
  pageSize: settings.pageSize,
  pagination: settings.pagination,
  timeZone: settings.timeZone,
  categoryData: new Map(categoryEntries.map((entry) => [entry.id, entry.data])),
  permalink: settings.permalink,
  // The project folder holds package.json; finding it under another case means case is ignored.
  caseInsensitiveFiles: existsSync(path.resolve('PACKAGE.JSON')),
});

/** What every route's data is computed from. */
export const context: RouteContext = { site, settings };

// The post-build steps learn which outputs are articles (for the search index) and which are
// redirect pages (kept out of the sitemap) from the data that rendered them; each article comes
// with the digest of its view, so the search index re-indexes exactly the pages that changed.
// Builds run from the project root, which a relative cache folder is relative to.
writeRouteRecord(path.resolve(settings.cacheDir), {
  articles: site.posts.map((post) => ({ file: outputFileForPath(post.path), key: viewKey(articleView(context, post)) })),
  redirects: [...site.redirects, ...site.categoryRedirects, ...site.prefixes.filter((prefix) => prefix.category !== undefined)].map(
    (redirect) => outputFileForPath(redirect.path),
  ),
  prefixListings: site.prefixPages.map((page) => outputFileForPath(page.path)),
  bodyLinks: site.posts.flatMap((post) => (post.links && post.sourceFile ? [{ sourceFile: post.sourceFile, links: [...post.links] }] : [])),
});

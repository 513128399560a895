/**
 * The site's data, loaded once per build: every route imports `context` from here, so the
 * collection is read and indexed a single time (module-level await), and the route data in
 * `src/route-data/` turns it into the views pages render. Routes with parameters take their
 * pages from {@link staticPaths}, whose first call writes the route record.
 */
import path from 'node:path';
import { getCollection } from 'astro:content';
import { openBodyStore } from './lib/body-store';
import type { RoutePattern } from './lib/page-kinds';
import { writeRouteRecord } from './lib/route-record';
import { buildSiteIndex, type IndexedPost, indexOptions } from './lib/site-index';
import { hasCategoryEntries } from './loaders/categories-file';
import { caseInsensitiveFolder } from './loaders/site-links';
import { routePaths, routeRecord, type RouteContext } from './route-data';
import { currentBuildId, settings } from './settings';

openBodyStore(path.resolve(settings.cacheDir));
const entries = await getCollection('posts');
// Astro warns that a collection without entries does not exist; a site without category names is normal.
const categoryEntries = hasCategoryEntries(path.resolve('.')) ? await getCollection('categories') : [];

const posts: IndexedPost[] = entries.map((entry) => ({ id: entry.id, ...entry.data }));

export const site = buildSiteIndex(
  posts,
  indexOptions(settings, new Map(categoryEntries.map((entry) => [entry.id, entry.data])), caseInsensitiveFolder(path.resolve('.'))),
);

/** What every route's data is computed from. */
export const context: RouteContext = { site, settings };

let recorded = false;

/**
 * Writes the route record of this build's site into the cache folder, once: the post-build
 * steps learn from it which outputs are articles (for the search index, each with the digest
 * of its view, so exactly the pages that changed are indexed again) and which stay out of the
 * sitemap. Builds run from the project root, which a relative cache folder is relative to.
 */
export function recordRoutes(): void {
  if (recorded) return;
  writeRouteRecord(path.resolve(settings.cacheDir), { ...routeRecord(context), buildId: currentBuildId() });
  recorded = true;
}

/** The `getStaticPaths` result of the route `route` (the build's first call writes the route record). */
export function staticPaths(route: RoutePattern): ReturnType<typeof routePaths> {
  recordRoutes();
  return routePaths(context, route);
}

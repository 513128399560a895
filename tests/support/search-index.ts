/**
 * What a built site's search index answers for, read from its files: every page the browser can
 * find (the bundles the manifest lists, without the entries it hides), by URL,
 * with the text, meta data and filters Pagefind stored for it. An incremental build's index is
 * split differently from a clean build's, so the two are compared by this, not byte for byte.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Fragment, readFragments } from '../../src/integrations/post-build/search-index';
import { SEARCH_BUNDLES, type SearchManifest } from '../../src/lib/search-plan';

/** One page as Pagefind stored it. */
export type SearchDocument = Fragment;

/** The searchable pages of the site in `outDir`, by URL, sorted; fails if a URL is found twice. */
export function searchDocuments(outDir: string): Record<string, SearchDocument> {
  const manifest = JSON.parse(readFileSync(path.join(outDir, SEARCH_BUNDLES.manifest), 'utf8')) as SearchManifest;
  const hidden = new Set(manifest.hidden);
  // The delta's page of an article whose indexed text is unchanged has the hidden shard entry's id.
  const delta = `/${SEARCH_BUNDLES.delta}/`;
  const visible = manifest.bundles.flatMap((bundle) =>
    [...readFragments(path.join(outDir, bundle))].filter(([id]) => bundle === delta || !hidden.has(id)),
  );
  const byUrl: Record<string, SearchDocument> = {};
  for (const [, document] of visible.sort(([, a], [, b]) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0))) {
    if (byUrl[document.url]) throw new Error(`${document.url} is found twice by the search index`);
    byUrl[document.url] = document;
  }
  return byUrl;
}

/** The manifest's filter counts, which the search page shows beside its filters. */
export function searchFilterCounts(outDir: string): SearchManifest['filters'] {
  return (JSON.parse(readFileSync(path.join(outDir, SEARCH_BUNDLES.manifest), 'utf8')) as SearchManifest).filters;
}

/**
 * The search index of the article pages: Pagefind base shards and a delta bundle, as planned by
 * `planSearchIndex` (see `src/lib/search-plan.ts` for the design). Which outputs are articles,
 * and what each shows, comes from the route record the route data wrote in this build. Pagefind
 * indexes in the site's language so Chinese is segmented into words; bundles are indexed in
 * worker threads, as many at once as the machine has cores.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { gunzipSync, gzipSync } from 'node:zlib';
import { readRouteRecord, ROUTE_RECORD_FILE } from '../../lib/route-record';
import {
  type ArticleRecord,
  type BundlePlan,
  type BundleState,
  type IndexedArticle,
  isSearchFolder,
  planSearchIndex,
  type RemovedPage,
  removeHiddenPages,
  SEARCH_BUNDLES,
  type SearchIndexState,
  searchManifest,
} from '../../lib/search-plan';
import { filesBelow } from './output-folder';
import type { PostBuildStep } from './pipeline';
import type { PipelineState } from './state';

/** The output folders the index step owns; the output tidying leaves them alone. */
export function searchIndexFolders(outDir: string): string[] {
  if (!existsSync(outDir)) return [];
  return readdirSync(outDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && isSearchFolder(entry.name))
    .map((entry) => entry.name);
}

/** What the bundles hold, in the cache folder (see `SearchIndexState`). */
export const SEARCH_STATE_FILE = 'xinwen-search-index.json';

/** Bumped when the state or the bundles' layout changes, which forces new shards. */
const STATE_FORMAT = 'xinwen-search-3';

/**
 * What the search page loads of a bundle. Pagefind also writes its own search interfaces
 * (about 430 KB), which the site does not use; they are left out of the output.
 */
const BUNDLE_FILES = /^(pagefind\.js|pagefind-worker\.js|pagefind-entry\.json|wasm\..*|.*\.pf_meta|index|filter|fragment)$/;

export interface SearchIndexOptions {
  /** Site language (`zh-CN`); Pagefind takes the ISO 639-1 part. */
  language: string;
  /** False: keep the index of an earlier build (`SEARCH_INDEX=skip`). */
  enabled: boolean;
  /** Delta size that folds the delta into the shards; default `DELTA_LIMIT`. */
  deltaLimit?: number;
  /** Articles per shard; default `SHARD_SIZE`. */
  shardSize?: number;
}

/** The article pages of this build with their keys, sorted by file. */
export function articlesOfThisBuild(state: Pick<PipelineState, 'cacheDir' | 'wasWritten'>): ArticleRecord[] {
  const record = path.join(state.cacheDir, ROUTE_RECORD_FILE);
  const { articles } = readRouteRecord(state.cacheDir);
  // A record left by an earlier build would index the wrong pages.
  if (!state.wasWritten(record))
    throw new Error(`The route record ${record} is from an earlier build: the route data did not run in this one.`);
  return [...articles].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** The format this build writes: the state layout and the version of Pagefind that indexes. */
function stateFormat(): string {
  // Builds run from the project root; Pagefind's package allows no import of its manifest.
  const manifest = path.resolve('node_modules/pagefind/package.json');
  const version = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version : 'unknown';
  return `${STATE_FORMAT} pagefind-${version}`;
}

function readState(cacheDir: string): SearchIndexState | undefined {
  try {
    return JSON.parse(readFileSync(path.join(cacheDir, SEARCH_STATE_FILE), 'utf8')) as SearchIndexState;
  } catch {
    return undefined;
  }
}

/** Digest of a bundle's entry file, which names its index files: it changes with any of them. */
function entryDigest(bundleDir: string): string | undefined {
  const entry = path.join(bundleDir, 'pagefind-entry.json');
  return existsSync(entry) ? createHash('sha1').update(readFileSync(entry)).digest('hex') : undefined;
}

function folderBytes(dir: string): number {
  if (!existsSync(dir)) return 0;
  return filesBelow(dir).reduce((sum, file) => sum + statSync(path.join(dir, file)).size, 0);
}

/** A page as Pagefind stores it in a bundle's fragment files. */
export type Fragment = Record<string, unknown> & { url: string; filters?: Record<string, string[]> };

/**
 * Every page of a written bundle by Pagefind id, from its fragment files (`pagefind_dcd` and
 * gzipped JSON; a file holds one page, or a group of them by id).
 */
export function readFragments(bundleDir: string): Map<string, Fragment> {
  const pages = new Map<string, Fragment>();
  const dir = path.join(bundleDir, 'fragment');
  for (const name of existsSync(dir) ? readdirSync(dir) : []) {
    const text = gunzipSync(readFileSync(path.join(dir, name))).toString('utf8');
    const parsed = JSON.parse(text.slice(text.indexOf('{'))) as Fragment | Record<string, Fragment>;
    if (typeof parsed.url === 'string') pages.set(name.replace(/\.pf_fragment$/, ''), parsed as Fragment);
    else for (const [id, fragment] of Object.entries(parsed as Record<string, Fragment>)) pages.set(id, fragment);
  }
  return pages;
}

/**
 * Takes pages out of the fragment files of their bundles: a page's own file is deleted, a page
 * of a group file is removed from the group, which is written back in Pagefind's form. What is
 * already gone is skipped, so this can run again after an interrupted build.
 */
export function removePages(outDir: string, pages: readonly RemovedPage[]): void {
  const byFolder = Map.groupBy(pages, (page) => page.folder);
  for (const [folder, inFolder] of byFolder) {
    const dir = path.join(outDir, folder, 'fragment');
    const grouped = new Set<string>();
    for (const { id } of inFolder) {
      const file = path.join(dir, `${id}.pf_fragment`);
      if (existsSync(file)) rmSync(file);
      else grouped.add(id);
    }
    if (grouped.size === 0 || !existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      const text = gunzipSync(readFileSync(file)).toString('utf8');
      const start = text.indexOf('{');
      const group = JSON.parse(text.slice(start)) as Record<string, unknown>;
      if (typeof group.url === 'string' || !Object.keys(group).some((id) => grouped.has(id))) continue;
      for (const id of grouped) delete group[id];
      writeFileSync(file, gzipSync(`${text.slice(0, start)}${JSON.stringify(group)}`));
    }
  }
}

/** Runs Pagefind on `files` in a worker thread, writing the bundle; returns each file's URL. */
function indexInWorker(outDir: string, files: readonly string[], bundleDir: string, language: string): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./pagefind-worker.mjs', import.meta.url), {
      workerData: { outDir, files, bundleDir, language: language.split('-')[0]!.toLowerCase() },
    });
    worker.once('message', (message: { urls?: [string, string][]; error?: string }) => {
      if (message.error !== undefined) reject(new Error(message.error));
      else resolve(new Map(message.urls));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the indexing worker stopped (exit code ${code})`)));
  });
}

/** Indexes `bundle` into its folder in the output; returns what the folder then holds. */
async function writeBundle(outDir: string, bundle: BundlePlan, language: string): Promise<BundleState> {
  const bundleDir = path.join(outDir, bundle.folder);
  rmSync(bundleDir, { recursive: true, force: true });
  const urls = await indexInWorker(
    outDir,
    bundle.articles.map((article) => article.file),
    bundleDir,
    language,
  );
  for (const name of readdirSync(bundleDir)) {
    if (!BUNDLE_FILES.test(name)) rmSync(path.join(bundleDir, name), { recursive: true, force: true });
  }
  const pages = new Map([...readFragments(bundleDir)].map(([id, fragment]) => [fragment.url, { id, filters: fragment.filters ?? {} }]));
  const articles: Record<string, IndexedArticle> = {};
  for (const { file, key } of bundle.articles) {
    const url = urls.get(file);
    const page = url === undefined ? undefined : pages.get(url);
    if (!page) throw new Error(`Pagefind wrote no page for ${file}${url ? ` (${url})` : ''}`);
    articles[file] = { key, ...page };
  }
  return { folder: bundle.folder, entryDigest: entryDigest(bundleDir)!, articles };
}

/** Writes the bundles, as many at once as there are cores, in the order given. */
async function writeBundles(outDir: string, bundles: readonly BundlePlan[], language: string): Promise<BundleState[]> {
  const written: BundleState[] = new Array(bundles.length);
  let next = 0;
  const lane = async () => {
    while (next < bundles.length) {
      const index = next++;
      written[index] = await writeBundle(outDir, bundles[index]!, language);
    }
  };
  await Promise.all(Array.from({ length: Math.min(os.availableParallelism(), bundles.length) }, lane));
  return written;
}

const count = (n: number) => n.toLocaleString('en-US');

/** The search index step. */
export function searchIndexStep(options: SearchIndexOptions): PostBuildStep {
  return {
    name: 'search-index',
    required: true,
    async run(state, logger) {
      if (!options.enabled) {
        // The state still describes the bundles on disk, so a later indexing build updates them.
        logger.warn('search index not updated (SEARCH_INDEX=skip): the previous index, if any, is kept as it was');
        return;
      }
      const articles = articlesOfThisBuild(state);
      const previous = readState(state.cacheDir);
      const format = stateFormat();
      const plan = planSearchIndex(articles, {
        state: previous,
        format,
        language: options.language,
        onDisk: (folder) => entryDigest(path.join(state.outDir, folder)),
        limit: options.deltaLimit,
        shardSize: options.shardSize,
      });
      const started = performance.now();
      const deltaDir = path.join(state.outDir, SEARCH_BUNDLES.delta);
      const manifestFile = path.join(state.outDir, SEARCH_BUNDLES.manifest);
      const parts = (index: SearchIndexState) => index.shards.length + (index.delta ? 1 : 0);
      if (plan.kind === 'unchanged' && previous) {
        // Hidden pages an earlier build left in the shards (one interrupted, or of an older layout) go now.
        const { shards, remove } = removeHiddenPages(previous.shards, previous.hidden);
        if (remove.length > 0) {
          removePages(state.outDir, remove);
          writeFileSync(path.join(state.cacheDir, SEARCH_STATE_FILE), JSON.stringify({ ...previous, shards }));
        }
        if (!existsSync(manifestFile)) writeFileSync(manifestFile, JSON.stringify(searchManifest(previous)));
        logger.info(`search index: ${count(articles.length)} articles, unchanged; 0 of ${parts(previous)} parts rebuilt`);
        return;
      }
      let next: SearchIndexState;
      let rebuilt: string;
      rmSync(deltaDir, { recursive: true, force: true });
      if (plan.kind === 'delta') {
        // A hidden entry's page leaves the output: a removed or corrected article is not kept in the index's files.
        const { shards, remove } = removeHiddenPages(previous!.shards, plan.hidden);
        removePages(state.outDir, remove);
        const delta =
          plan.changed.length > 0
            ? (await writeBundles(state.outDir, [{ folder: SEARCH_BUNDLES.delta, articles: plan.changed }], options.language))[0]
            : undefined;
        next = { format, language: options.language, shards, delta, hidden: plan.hidden };
        const held = shards.reduce((sum, shard) => sum + Object.keys(shard.articles).length, 0);
        rebuilt =
          `${delta ? 1 : 0} of ${parts(next)} parts rebuilt: a delta of ${count(plan.changed.length)} added or changed articles, ` +
          `${count(plan.hidden.length)} of the ${count(held)} in the shards hidden`;
      } else {
        const rebuild = plan.kind === 'shards' ? plan.rebuild : [{ folder: SEARCH_BUNDLES.base, articles }];
        const keep = new Set(plan.kind === 'shards' ? plan.keep : []);
        const written = await writeBundles(state.outDir, rebuild, options.language);
        const kept = (previous?.shards ?? []).filter((shard) => keep.has(shard.folder));
        const shards = [...kept, ...written].sort((a, b) => a.folder.localeCompare(b.folder, 'en', { numeric: true }));
        // Shards no longer in the state (a smaller site) leave the output.
        const live = new Set(shards.map((shard) => shard.folder));
        for (const folder of searchIndexFolders(state.outDir)) {
          if (folder !== SEARCH_BUNDLES.delta && !live.has(folder))
            rmSync(path.join(state.outDir, folder), { recursive: true, force: true });
        }
        next = { format, language: options.language, shards, hidden: [] };
        const sizes = written.map((shard) => count(Object.keys(shard.articles).length)).join(' + ');
        rebuilt = `${written.length} of ${parts(next)} parts rebuilt: shards of ${sizes} articles (${plan.kind === 'shards' ? plan.reason : 'no earlier state'})`;
      }
      mkdirSync(deltaDir, { recursive: true });
      writeFileSync(manifestFile, JSON.stringify(searchManifest(next)));
      mkdirSync(state.cacheDir, { recursive: true });
      writeFileSync(path.join(state.cacheDir, SEARCH_STATE_FILE), JSON.stringify(next));
      const seconds = (performance.now() - started) / 1000;
      const megabytes =
        searchIndexFolders(state.outDir).reduce((sum, folder) => sum + folderBytes(path.join(state.outDir, folder)), 0) / 2 ** 20;
      logger.info(`search index: ${count(articles.length)} articles; ${rebuilt}; ${seconds.toFixed(1)} s, ${megabytes.toFixed(1)} MB`);
    },
  };
}

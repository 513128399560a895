/**
 * The search index of the article pages: Pagefind base shards and a delta bundle (see
 * `src/lib/search-plan.ts` for the design), in three parts — the plan (`planSearchIndex`, pure:
 * what this build does), one executor per kind of plan (the files it indexes, writes and
 * removes) and the commit (the manifest, the state and the log line). Which outputs are
 * articles, and what each shows, comes from the route record the route data wrote in this
 * build. Pagefind indexes in the site's language so Chinese is segmented into words; bundles
 * are indexed in worker threads, as many at once as the machine has cores and memory.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { gunzipSync, gzipSync } from 'node:zlib';
import { readRouteRecord, ROUTE_RECORD_FILE } from '../../lib/route-record';
import {
  type ArticleRecord,
  type BundlePlan,
  type BundleState,
  type IndexedArticle,
  indexingLanes,
  isSearchFolder,
  planSearchIndex,
  type RemovedPage,
  SEARCH_BUNDLES,
  type SearchIndexPlan,
  type SearchIndexState,
  searchManifest,
} from '../../lib/search-plan';
import type { SearchSettings } from '../../schemas/settings';
import { filesBelow } from './output-folder';
import type { PostBuildStep } from './pipeline';
import { shareSearchRuntime } from './search-runtime';
import type { PipelineState } from './state';

/** The output folders the index step owns; the output tidying leaves them alone. */
export function searchIndexFolders(outDir: string): string[] {
  if (!existsSync(outDir)) return [];
  return readdirSync(outDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && isSearchFolder(entry.name))
    .map((entry) => entry.name);
}

/** Whether an index folder is a bundle (a shard or the delta), not the shared runtime. */
function isBundleFolder(folder: string): boolean {
  return folder !== SEARCH_BUNDLES.runtime;
}

/** What the bundles hold, in the cache folder (see `SearchIndexState`). */
export const SEARCH_STATE_FILE = 'xinwen-search-index.json';

/** Bumped when the state or the bundles' layout changes (4: shards cut in date order), which forces new shards. */
const STATE_FORMAT = 'xinwen-search-4';

/**
 * What the search page loads of a bundle. Pagefind also writes its own search interfaces
 * (about 430 KB), which the site does not use; they are left out of the output.
 */
const BUNDLE_FILES = /^(pagefind\.js|pagefind-worker\.js|pagefind-entry\.json|wasm\..*|.*\.pf_meta|index|filter|fragment)$/;

/** The article pages of this build with their keys, sorted by file. */
export function articlesOfThisBuild(state: Pick<PipelineState, 'cacheDir' | 'buildId'>): ArticleRecord[] {
  const { articles, buildId } = readRouteRecord(state.cacheDir);
  // A record left by an earlier build would index the wrong pages.
  if (buildId !== state.buildId)
    throw new Error(
      `The route record ${path.join(state.cacheDir, ROUTE_RECORD_FILE)} is from an earlier build: the route data did not run in this one.`,
    );
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

/**
 * Writes the bundles in the order given, as many at once as there are cores and as the memory
 * left holds: each indexer holds its whole bundle, several GB for a shard of 10,000 articles,
 * and a runner with 4 cores and 16 GB would run out with one per core.
 */
async function writeBundles(outDir: string, bundles: readonly BundlePlan[], language: string): Promise<BundleState[]> {
  const bundleBytes = bundles.map((bundle) => bundle.articles.reduce((sum, { file }) => sum + statSync(path.join(outDir, file)).size, 0));
  const lanes = indexingLanes({ cores: os.availableParallelism(), availableMemory: process.availableMemory(), bundleBytes });
  const written: BundleState[] = new Array(bundles.length);
  let next = 0;
  const lane = async () => {
    while (next < bundles.length) {
      const index = next++;
      written[index] = await writeBundle(outDir, bundles[index]!, language);
    }
  };
  await Promise.all(Array.from({ length: Math.min(lanes, bundles.length) }, lane));
  return written;
}

/** Where the index step reads and writes, and what its bundles are indexed with. */
export interface IndexContext {
  outDir: string;
  cacheDir: string;
  /** The state's `format` this build writes. */
  format: string;
  language: string;
}

/**
 * Hands back to the system the memory the render left free before the shards' indexers start
 * beside this process: V8 keeps a heap it has grown until it needs the room, and a full index
 * runs an indexer of about 1.7 GB per lane. A memory-reducing collection took the build's
 * process from 1.6 to 1.25 GB at 20,000 posts, in half a second; a delta's small indexer does
 * not need it. `gc` is V8's own, exposed for this call.
 */
function releaseFreeMemory(): void {
  setFlagsFromString('--expose-gc');
  const collect = runInNewContext('gc') as ((options: object) => void) | undefined;
  collect?.({ type: 'major', execution: 'sync', flavor: 'last-resort' });
}

/** Empties the delta and indexes the plan's articles into shards beside those of `keep`. */
async function indexShards(rebuild: readonly BundlePlan[], keep: readonly BundleState[], context: IndexContext): Promise<SearchIndexState> {
  rmSync(path.join(context.outDir, SEARCH_BUNDLES.delta), { recursive: true, force: true });
  releaseFreeMemory();
  const written = await writeBundles(context.outDir, rebuild, context.language);
  const shards = [...keep, ...written].sort((a, b) => a.folder.localeCompare(b.folder, 'en', { numeric: true }));
  // Shards no longer in the state (a smaller site) leave the output.
  const live = new Set(shards.map((shard) => shard.folder));
  for (const folder of searchIndexFolders(context.outDir)) {
    if (!isBundleFolder(folder)) continue;
    if (folder !== SEARCH_BUNDLES.delta && !live.has(folder)) rmSync(path.join(context.outDir, folder), { recursive: true, force: true });
  }
  return { format: context.format, language: context.language, shards, hidden: [] };
}

/** Indexes the changed articles into a new delta and takes the hidden pages out of the shards. */
async function indexDelta(plan: Extract<SearchIndexPlan, { kind: 'delta' }>, context: IndexContext): Promise<SearchIndexState> {
  rmSync(path.join(context.outDir, SEARCH_BUNDLES.delta), { recursive: true, force: true });
  removePages(context.outDir, plan.remove);
  const [delta] =
    plan.changed.length > 0
      ? await writeBundles(context.outDir, [{ folder: SEARCH_BUNDLES.delta, articles: plan.changed }], context.language)
      : [];
  return { format: context.format, language: context.language, shards: plan.shards, delta, hidden: plan.hidden };
}

/** The executor of each kind of plan: the files it changes; it returns what the bundles then hold. */
function execute(plan: SearchIndexPlan, context: IndexContext): Promise<SearchIndexState> {
  switch (plan.kind) {
    case 'full':
      return indexShards(plan.rebuild, [], context);
    case 'fold':
      return indexShards(plan.rebuild, plan.keep, context);
    case 'delta':
      return indexDelta(plan, context);
    case 'unchanged':
      removePages(context.outDir, plan.remove);
      return Promise.resolve(plan.state);
  }
}

/** How long indexing took and the size of every bundle folder, for the log line. */
export interface IndexMeasures {
  seconds: number;
  megabytes: number;
}

const count = (n: number) => n.toLocaleString('en-US');

/**
 * The log line of a build's indexing: the articles, what the plan did and, when it indexed
 * anything, its time and the index's size.
 */
export function searchIndexReport(plan: SearchIndexPlan, next: SearchIndexState, articles: number, measures: IndexMeasures): string {
  const parts = next.shards.length + (next.delta ? 1 : 0);
  if (plan.kind === 'unchanged') return `search index: ${count(articles)} articles, unchanged; 0 of ${parts} parts rebuilt`;
  let rebuilt: string;
  if (plan.kind === 'delta') {
    const held = next.shards.reduce((sum, shard) => sum + Object.keys(shard.articles).length, 0);
    rebuilt =
      `${next.delta ? 1 : 0} of ${parts} parts rebuilt: a delta of ${count(plan.changed.length)} added or changed articles, ` +
      `${count(plan.hidden.length)} of the ${count(held)} in the shards hidden`;
  } else {
    const sizes = plan.rebuild.map((shard) => count(shard.articles.length)).join(' + ');
    rebuilt = `${plan.rebuild.length} of ${parts} parts rebuilt: shards of ${sizes} articles (${plan.reason})`;
  }
  return `search index: ${count(articles)} articles; ${rebuilt}; ${measures.seconds.toFixed(1)} s, ${measures.megabytes.toFixed(1)} MB`;
}

/**
 * Commits what the executor left: the manifest the search page fetches, then the state the next
 * build plans from; returns the log line.
 */
export function commitSearchIndex(
  context: Pick<IndexContext, 'outDir' | 'cacheDir'> & { widenLimit: number },
  plan: SearchIndexPlan,
  next: SearchIndexState,
  articles: number,
  started: number,
): string {
  mkdirSync(path.join(context.outDir, SEARCH_BUNDLES.delta), { recursive: true });
  const manifest = searchManifest(next, context.widenLimit);
  // A bundle without words has no index folder: its word lists cost nothing.
  manifest.wordLists = manifest.bundles.map((bundle) => {
    const index = path.join(context.outDir, bundle, 'index');
    return existsSync(index) ? readdirSync(index).length : 0;
  });
  writeFileSync(path.join(context.outDir, SEARCH_BUNDLES.manifest), JSON.stringify(manifest));
  mkdirSync(context.cacheDir, { recursive: true });
  writeFileSync(path.join(context.cacheDir, SEARCH_STATE_FILE), JSON.stringify(next));
  // An unchanged index reports no time or size: measuring would read every bundle for nothing.
  const measures =
    plan.kind === 'unchanged'
      ? { seconds: 0, megabytes: 0 }
      : {
          seconds: (performance.now() - started) / 1000,
          megabytes:
            searchIndexFolders(context.outDir).reduce((sum, folder) => sum + folderBytes(path.join(context.outDir, folder)), 0) / 2 ** 20,
        };
  return searchIndexReport(plan, next, articles, measures);
}

/** The search index step: plan, execute, commit. */
export function searchIndexStep(language: string, search: SearchSettings): PostBuildStep {
  return {
    name: 'search-index',
    required: true,
    async run(state, logger) {
      if (!search.index) {
        // The state still describes the bundles on disk, so a later indexing build updates them.
        logger.warn(
          'search index not updated (search.index is false, or SEARCH_INDEX=skip): the previous index, if any, is kept as it was',
        );
        return;
      }
      const articles = articlesOfThisBuild(state);
      const context: IndexContext = { outDir: state.outDir, cacheDir: state.cacheDir, format: stateFormat(), language };
      const plan = planSearchIndex(articles, {
        state: readState(state.cacheDir),
        format: context.format,
        language,
        onDisk: (folder) => entryDigest(path.join(state.outDir, folder)),
        search,
      });
      const started = performance.now();
      const next = await execute(plan, context);
      const { unrecognized } = shareSearchRuntime(state.outDir, searchIndexFolders(state.outDir).filter(isBundleFolder));
      if (unrecognized.length > 0) {
        logger.warn(
          `search index: the Pagefind loader of ${unrecognized.join(', ')} is not the one this version knows; ` +
            'those bundles keep their own WebAssembly, which a search downloads once per bundle',
        );
      }
      logger.info(commitSearchIndex({ ...context, widenLimit: search.widenLimit }, plan, next, articles.length, started));
    },
  };
}

/**
 * The search index of the article pages: a Pagefind base bundle and a delta bundle, as planned
 * by `planSearchIndex` (see `src/lib/search-plan.ts` for the design). Which outputs are articles,
 * and what each shows, comes from the route record the route data wrote in this build. Pagefind
 * indexes in the site's language so Chinese is segmented into words.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as pagefind from 'pagefind';
import { readRouteRecord, ROUTE_RECORD_FILE } from '../../lib/route-record';
import {
  type ArticleRecord,
  type IndexedArticle,
  planSearchIndex,
  SEARCH_BUNDLES,
  type SearchIndexState,
  searchManifest,
} from '../../lib/search-plan';
import { filesBelow } from './output-folder';
import { messageOf, type PostBuildStep } from './pipeline';
import type { PipelineState } from './state';

/** Output folders the index step owns; the output tidying leaves them alone. */
export const SEARCH_INDEX_DIRS = [SEARCH_BUNDLES.base, SEARCH_BUNDLES.delta];

/** What the bundles hold, in the cache folder (see `SearchIndexState`). */
export const SEARCH_STATE_FILE = 'xinwen-search-index.json';

/** Bumped when the state or the bundles' layout changes, which forces a new base. */
const STATE_FORMAT = 'xinwen-search-2';

/** Articles handed to Pagefind and not yet indexed: bounds memory with 5 MB pages. */
const IN_FLIGHT = 16;

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
  /** Delta size that triggers a new base; default `DELTA_LIMIT`. */
  deltaLimit?: number;
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

/** Fails with Pagefind's errors, if it reported any. */
function check(errors: readonly string[], doing: string): void {
  if (errors.length > 0) throw new Error(`Pagefind could not ${doing}: ${errors.join('; ')}`);
}

interface Fragment {
  url: string;
  filters?: Record<string, string[]>;
}

/**
 * Each page of a written bundle by URL, with its id and filters, from the bundle's fragment
 * files (`pagefind_dcd` and gzipped JSON; a file holds one page, or a group of them by id).
 */
function readFragments(bundleDir: string): Map<string, { id: string; filters: Record<string, string[]> }> {
  const pages = new Map<string, { id: string; filters: Record<string, string[]> }>();
  const dir = path.join(bundleDir, 'fragment');
  for (const name of existsSync(dir) ? readdirSync(dir) : []) {
    const text = gunzipSync(readFileSync(path.join(dir, name))).toString('utf8');
    const parsed = JSON.parse(text.slice(text.indexOf('{'))) as Fragment | Record<string, Fragment>;
    const entries: [string, Fragment][] =
      typeof parsed.url === 'string'
        ? [[name.replace(/\.pf_fragment$/, ''), parsed as Fragment]]
        : Object.entries(parsed as Record<string, Fragment>);
    for (const [id, fragment] of entries) pages.set(fragment.url, { id, filters: fragment.filters ?? {} });
  }
  return pages;
}

/** Indexes `articles` into a new bundle at `bundleDir`; returns what it holds by file. */
async function writeBundle(
  outDir: string,
  articles: readonly ArticleRecord[],
  bundleDir: string,
  language: string,
): Promise<Record<string, IndexedArticle>> {
  const urls = new Map<string, string>();
  try {
    const { errors, index } = await pagefind.createIndex({ forceLanguage: language.split('-')[0]!.toLowerCase() });
    check(errors, 'start');
    if (!index) throw new Error('Pagefind could not start');
    // Sent in sorted order, which Pagefind numbers pages by: the same articles give the same
    // index files. A few requests stay in flight so Pagefind parses while the next file is read.
    const inFlight: Promise<void>[] = [];
    const problems: string[] = [];
    for (const { file } of articles) {
      const content = await readFile(path.join(outDir, file), 'utf8');
      // A relative source path: Pagefind makes the page's URL of it, as it would in the folder.
      const added = index.addHTMLFile({ sourcePath: file, content }).then(
        (response) => {
          problems.push(...response.errors.map((error) => `${file}: ${error}`));
          if (response.file) urls.set(file, response.file.url);
        },
        (error: unknown) => void problems.push(`${file}: ${messageOf(error)}`),
      );
      inFlight.push(added);
      if (inFlight.length >= IN_FLIGHT) await inFlight.shift();
    }
    await Promise.all(inFlight);
    check(problems, 'index the articles');
    rmSync(bundleDir, { recursive: true, force: true });
    const written = await index.writeFiles({ outputPath: bundleDir });
    check(written.errors, 'write the index');
  } finally {
    await pagefind.close();
  }
  for (const name of readdirSync(bundleDir)) {
    if (!BUNDLE_FILES.test(name)) rmSync(path.join(bundleDir, name), { recursive: true, force: true });
  }
  const pages = readFragments(bundleDir);
  const held: Record<string, IndexedArticle> = {};
  for (const { file, key } of articles) {
    const url = urls.get(file);
    const page = url === undefined ? undefined : pages.get(url);
    if (!page) throw new Error(`Pagefind wrote no page for ${file}${url ? ` (${url})` : ''}`);
    held[file] = { key, ...page };
  }
  return held;
}

const count = (n: number) => n.toLocaleString('en-US');

/** The search index step. */
export function searchIndexStep(options: SearchIndexOptions): PostBuildStep {
  return {
    name: 'search-index',
    required: true,
    async run(state, logger) {
      const baseDir = path.join(state.outDir, SEARCH_BUNDLES.base);
      const deltaDir = path.join(state.outDir, SEARCH_BUNDLES.delta);
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
        onDisk: { base: entryDigest(baseDir), delta: entryDigest(deltaDir) },
        limit: options.deltaLimit,
      });
      const started = performance.now();
      let next: SearchIndexState;
      let rebuilt: string;
      const manifestFile = path.join(state.outDir, SEARCH_BUNDLES.manifest);
      if (plan.kind === 'unchanged' && previous) {
        if (!existsSync(manifestFile)) writeFileSync(manifestFile, JSON.stringify(searchManifest(previous)));
        logger.info(`search index: ${count(articles.length)} articles, unchanged; 0 of ${previous.delta ? 2 : 1} parts rebuilt`);
        return;
      }
      if (plan.kind !== 'delta') {
        const held = await writeBundle(state.outDir, articles, baseDir, options.language);
        rmSync(deltaDir, { recursive: true, force: true });
        next = { format, language: options.language, base: { entryDigest: entryDigest(baseDir)!, articles: held }, hidden: [] };
        rebuilt = `1 of 1 parts rebuilt: a new base of ${count(articles.length)} articles (${plan.kind === 'base' ? plan.reason : 'no earlier state'})`;
      } else {
        const base = previous!.base;
        rmSync(deltaDir, { recursive: true, force: true });
        let delta: SearchIndexState['delta'];
        if (plan.changed.length > 0) {
          const held = await writeBundle(state.outDir, plan.changed, deltaDir, options.language);
          delta = { entryDigest: entryDigest(deltaDir)!, articles: held };
        }
        next = { format, language: options.language, base, delta, hidden: plan.hidden };
        rebuilt =
          `${delta ? 1 : 0} of ${delta ? 2 : 1} parts rebuilt: a delta of ${count(plan.changed.length)} added or changed articles, ` +
          `${count(plan.hidden.length)} of the base's ${count(Object.keys(base.articles).length)} hidden`;
      }
      mkdirSync(deltaDir, { recursive: true });
      writeFileSync(manifestFile, JSON.stringify(searchManifest(next)));
      mkdirSync(state.cacheDir, { recursive: true });
      writeFileSync(path.join(state.cacheDir, SEARCH_STATE_FILE), JSON.stringify(next));
      const seconds = (performance.now() - started) / 1000;
      const megabytes = (folderBytes(baseDir) + folderBytes(deltaDir)) / 1024 / 1024;
      logger.info(`search index: ${count(articles.length)} articles; ${rebuilt}; ${seconds.toFixed(1)} s, ${megabytes.toFixed(1)} MB`);
    },
  };
}

/**
 * The Pagefind search index of the article pages, in the site's language so Chinese is
 * segmented into words. Which outputs are articles comes from the route record the route data
 * wrote in this build. Pagefind cannot update an index, so it is rebuilt whole — but only when
 * an article page was written or removed by this build; otherwise the index stays as it is.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as pagefind from 'pagefind';
import { readRouteRecord, ROUTE_RECORD_FILE } from '../../lib/route-record';
import { filesBelow } from './output-folder';
import { messageOf, type PostBuildStep } from './pipeline';
import type { PipelineState } from './state';

/** Folder of the index in the output, as Pagefind's browser code expects. */
export const SEARCH_INDEX_DIR = 'pagefind';

/** What was indexed last, in the cache folder: the index is current while it matches. */
export const FINGERPRINT_FILE = 'xinwen-search-index.fingerprint';

/** Articles handed to Pagefind and not yet indexed: bounds memory with 5 MB pages. */
const IN_FLIGHT = 16;

export interface SearchIndexOptions {
  /** Site language (`zh-CN`); Pagefind takes the ISO 639-1 part. */
  language: string;
  /** False: keep the index of an earlier build (`SEARCH_INDEX=skip`). */
  enabled: boolean;
}

/** The article pages of this build, relative to the output folder, sorted. */
export function articlesOfThisBuild(state: Pick<PipelineState, 'cacheDir' | 'wasWritten'>): string[] {
  const record = path.join(state.cacheDir, ROUTE_RECORD_FILE);
  const { articles } = readRouteRecord(state.cacheDir);
  // A record left by an earlier build would index the wrong pages.
  if (!state.wasWritten(record))
    throw new Error(`The route record ${record} is from an earlier build: the route data did not run in this one.`);
  return [...articles].sort();
}

/** What identifies a set of article pages: the index is rebuilt when it changes. */
export function fingerprintOf(articles: readonly string[]): string {
  return createHash('sha1').update(articles.join('\n')).digest('hex');
}

function folderMegabytes(dir: string): string {
  const bytes = filesBelow(dir).reduce((sum, file) => sum + readFileSync(path.join(dir, file)).byteLength, 0);
  return (bytes / 1024 / 1024).toFixed(1);
}

/** Fails with Pagefind's errors, if it reported any. */
function check(errors: readonly string[], doing: string): void {
  if (errors.length > 0) throw new Error(`Pagefind could not ${doing}: ${errors.join('; ')}`);
}

/** Builds the index of `articles` into `indexDir`; returns the number of pages indexed. */
async function writeIndex(outDir: string, articles: readonly string[], indexDir: string, language: string): Promise<number> {
  try {
    const { errors, index } = await pagefind.createIndex({ forceLanguage: language.split('-')[0]!.toLowerCase() });
    check(errors, 'start');
    if (!index) throw new Error('Pagefind could not start');
    // Sent in sorted order, which Pagefind numbers pages by: the same articles give the same
    // index files. A few requests stay in flight so Pagefind parses while the next file is read.
    const inFlight: Promise<void>[] = [];
    const problems: string[] = [];
    for (const file of articles) {
      const content = await readFile(path.join(outDir, file), 'utf8');
      // A relative source path: Pagefind makes the page's URL of it, as it would in the folder.
      const added = index.addHTMLFile({ sourcePath: file, content }).then(
        ({ errors }) => void problems.push(...errors.map((error) => `${file}: ${error}`)),
        (error: unknown) => void problems.push(`${file}: ${messageOf(error)}`),
      );
      inFlight.push(added);
      if (inFlight.length >= IN_FLIGHT) await inFlight.shift();
    }
    await Promise.all(inFlight);
    check(problems, 'index the articles');
    rmSync(indexDir, { recursive: true, force: true });
    const written = await index.writeFiles({ outputPath: indexDir });
    check(written.errors, 'write the index');
  } finally {
    await pagefind.close();
  }
  const entry = JSON.parse(readFileSync(path.join(indexDir, 'pagefind-entry.json'), 'utf8')) as {
    languages: Record<string, { page_count: number }>;
  };
  return Object.values(entry.languages).reduce((sum, { page_count }) => sum + page_count, 0);
}

/** The search index step. */
export function searchIndexStep(options: SearchIndexOptions): PostBuildStep {
  return {
    name: 'search-index',
    required: true,
    async run(state, logger) {
      const indexDir = path.join(state.outDir, SEARCH_INDEX_DIR);
      const fingerprintFile = path.join(state.cacheDir, FINGERPRINT_FILE);
      if (!options.enabled) {
        // Forget what was indexed, so the next indexing build does not take the index as current.
        rmSync(fingerprintFile, { force: true });
        logger.warn('search index not rebuilt (SEARCH_INDEX=skip): the previous index, if any, is kept as it was');
        return;
      }
      const articles = articlesOfThisBuild(state);
      const fingerprint = fingerprintOf(articles);
      const previous = existsSync(fingerprintFile) ? readFileSync(fingerprintFile, 'utf8') : '';
      const current = previous === fingerprint && existsSync(path.join(indexDir, 'pagefind.js'));
      if (current && !articles.some((file) => state.wasWritten(file))) {
        logger.info('search index unchanged: no article page was written or removed');
        return;
      }
      const started = performance.now();
      const pages = await writeIndex(state.outDir, articles, indexDir, options.language);
      mkdirSync(state.cacheDir, { recursive: true });
      writeFileSync(fingerprintFile, fingerprint);
      const seconds = (performance.now() - started) / 1000;
      logger.info(`search index: ${pages} articles in ${seconds.toFixed(1)} s, ${folderMegabytes(indexDir)} MB in /${SEARCH_INDEX_DIR}/`);
    },
  };
}

/**
 * Builds the Pagefind search index after `astro build`, from the article pages only (they carry
 * `data-pagefind-body`), in the site's language so Chinese is segmented into words. Pagefind
 * cannot update an index, so it rebuilds it whole — but only when an article page was written
 * or removed by this build; a rebuild that changed no article keeps the index it has.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import * as pagefind from 'pagefind';
import { buildStartTime } from './build-clock';

/** Folder of the index in the output, as Pagefind's browser code expects. */
export const SEARCH_INDEX_DIR = 'pagefind';

export interface SearchIndexOptions {
  /** Site language (`zh-CN`); Pagefind takes the ISO 639-1 part. */
  language: string;
  /** Route of the article pages, whose outputs are indexed. */
  articleRoute: string;
  /** False: keep the index of an earlier build (`SEARCH_INDEX=skip`). */
  enabled: boolean;
}

function folderSize(dir: string): number {
  let bytes = 0;
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const stats = statSync(path.join(dir, name));
    if (stats.isFile()) bytes += stats.size;
  }
  return bytes;
}

export default function searchIndex(options: SearchIndexOptions): AstroIntegration {
  let buildStarted = 0;
  let cacheDir = '';
  return {
    name: 'xinwen:search-index',
    hooks: {
      'astro:config:done': ({ config }) => {
        cacheDir = fileURLToPath(config.cacheDir);
      },
      'astro:build:start': () => {
        buildStarted = buildStartTime();
      },
      'astro:build:done': async ({ dir, assets, logger }) => {
        const outDir = fileURLToPath(dir);
        const indexDir = path.join(outDir, SEARCH_INDEX_DIR);
        const fingerprintFile = path.join(cacheDir, 'xinwen-search-index.fingerprint');
        if (!options.enabled) {
          // Forget what was indexed, so the next indexing build does not take the index as current.
          rmSync(fingerprintFile, { force: true });
          logger.warn('search index not rebuilt (SEARCH_INDEX=skip): the previous index, if any, is kept as it was');
          return;
        }
        const articles = (assets.get(options.articleRoute) ?? []).map((url) => fileURLToPath(url)).sort();
        // The index needs rebuilding when the set of article files changed or one was written now.
        const written = articles.some((file) => existsSync(file) && statSync(file).mtimeMs >= buildStarted);
        const fingerprint = createHash('sha1').update(articles.join('\n')).digest('hex');
        const previous = existsSync(fingerprintFile) ? readFileSync(fingerprintFile, 'utf8') : '';
        if (!written && previous === fingerprint && existsSync(path.join(indexDir, 'pagefind.js'))) {
          logger.info('search index unchanged: no article page was written or removed');
          return;
        }
        const started = performance.now();
        const { errors, index } = await pagefind.createIndex({ forceLanguage: options.language.split('-')[0]!.toLowerCase() });
        if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
        const added = await index.addDirectory({ path: outDir, glob: '**/*.html' });
        if (added.errors.length > 0) throw new Error(`Pagefind could not index the site: ${added.errors.join('; ')}`);
        rmSync(indexDir, { recursive: true, force: true });
        const output = await index.writeFiles({ outputPath: indexDir });
        if (output.errors.length > 0) throw new Error(`Pagefind could not write the index: ${output.errors.join('; ')}`);
        await pagefind.close();
        mkdirSync(cacheDir, { recursive: true });
        writeFileSync(fingerprintFile, fingerprint);
        const seconds = (performance.now() - started) / 1000;
        const entry = JSON.parse(readFileSync(path.join(indexDir, 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> };
        const pages = Object.values(entry.languages).reduce((sum, language) => sum + language.page_count, 0);
        logger.info(
          `search index: ${pages} articles in ${seconds.toFixed(1)} s, ${(folderSize(indexDir) / 1024 / 1024).toFixed(1)} MB in /${SEARCH_INDEX_DIR}/`,
        );
      },
    },
  };
}

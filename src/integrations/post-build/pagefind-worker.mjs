// @ts-check
/**
 * Indexes one search bundle in a worker thread. Pagefind's Node API runs one indexing service
 * per module instance, and that service uses one core; a worker thread has its own instance,
 * so the index step builds two shards at once on two cores. Plain JavaScript, as worker threads
 * load their file without the build's TypeScript transform.
 *
 * In: `workerData` = { outDir, files, bundleDir, language }. Out: one message, either
 * { urls: [file, url][] } or { error: string }.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import * as pagefind from 'pagefind';

/** Articles handed to Pagefind and not yet indexed: bounds memory with 5 MB pages. */
const IN_FLIGHT = 16;

/** @type {{ outDir: string; files: string[]; bundleDir: string; language: string }} */
const { outDir, files, bundleDir, language } = workerData;

/** @param {readonly string[]} errors @param {string} doing */
function check(errors, doing) {
  if (errors.length > 0) throw new Error(`Pagefind could not ${doing}: ${errors.join('; ')}`);
}

async function run() {
  /** @type {[string, string][]} */
  const urls = [];
  try {
    const { errors, index } = await pagefind.createIndex({ forceLanguage: language });
    check(errors, 'start');
    if (!index) throw new Error('Pagefind could not start');
    // Sent in sorted order, which Pagefind numbers pages by: the same articles give the same
    // index files. A few requests stay in flight so Pagefind parses while the next file is read.
    /** @type {Promise<void>[]} */
    const inFlight = [];
    /** @type {string[]} */
    const problems = [];
    for (const file of files) {
      const content = await readFile(path.join(outDir, file), 'utf8');
      // A relative source path: Pagefind makes the page's URL of it, as it would in the folder.
      const added = index.addHTMLFile({ sourcePath: file, content }).then(
        (response) => {
          problems.push(...response.errors.map((error) => `${file}: ${error}`));
          if (response.file) urls.push([file, response.file.url]);
        },
        (error) => void problems.push(`${file}: ${error instanceof Error ? error.message : String(error)}`),
      );
      inFlight.push(added);
      if (inFlight.length >= IN_FLIGHT) await inFlight.shift();
    }
    await Promise.all(inFlight);
    check(problems, 'index the articles');
    const written = await index.writeFiles({ outputPath: bundleDir });
    check(written.errors, 'write the index');
  } finally {
    await pagefind.close();
  }
  return urls;
}

run().then(
  (urls) => parentPort?.postMessage({ urls }),
  (error) => parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) }),
);

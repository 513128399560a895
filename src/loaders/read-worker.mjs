// @ts-check
/**
 * Reads post files in a worker thread, for {@link ../loaders/read-pool.ts}. Plain JavaScript,
 * as a worker thread loads its file without the build's TypeScript transform; the reader's own
 * modules are TypeScript that Node runs itself ({@link ./ts-resolve.mjs}).
 *
 * `workerData`: { settings }. In: { batch, now, render, jobs: { file, bytes }[] }.
 * Out: { batch, results } with one `ReadResult` per job, or { batch, error }.
 */
import { parentPort, workerData } from 'node:worker_threads';
import './ts-resolve.mjs';

const { readPostFile } = await import('../reader/read-post.ts');
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);

port.on('message', (/** @type {{ batch: number; now: Date; render: boolean; jobs: { file: string; bytes: Uint8Array }[] }} */ message) => {
  const { batch, now, render, jobs } = message;
  try {
    const results = jobs.map(({ file, bytes }) => readPostFile(file, bytes, workerData.settings, { now, render }));
    port.postMessage({ batch, results });
  } catch (error) {
    port.postMessage({ batch, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});

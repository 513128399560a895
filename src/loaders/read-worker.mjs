// @ts-check
/**
 * Reads post files in a worker thread, for {@link ../loaders/read-pool.ts}. Plain JavaScript,
 * as a worker thread loads its file without the build's TypeScript transform; the reader's own
 * modules are TypeScript that Node strips itself. They import each other without extensions,
 * as the build's bundler resolves them; the hook below resolves them the same way.
 *
 * `workerData`: { settings }. In: { batch, now, render, jobs: { file, bytes }[] }.
 * Out: { batch, results } with one `ReadResult` per job, or { batch, error }.
 */
import { registerHooks } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      const relative = specifier.startsWith('./') || specifier.startsWith('../');
      if (!relative || /** @type {{ code?: string }} */ (error).code !== 'ERR_MODULE_NOT_FOUND') throw error;
      return nextResolve(`${specifier}.ts`, context);
    }
  },
});

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

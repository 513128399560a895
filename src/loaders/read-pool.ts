/**
 * Reads post files on worker threads, one per core, in batches. Reading (front matter, Markdown,
 * sanitizing) is most of a cold content sync and of `npm run check`, and each file is read on
 * its own, so it spreads over the cores a machine has. The results are the ones
 * {@link readPostFile} gives on the calling thread: the workers run the same module.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ReadOptions, ReadResult } from '../reader/read-post';
import type { ReaderSettings } from '../reader/settings';

/** A file to read: the path shown in messages, and its bytes. */
export interface ReadJob {
  file: string;
  bytes: Uint8Array;
}

/** Files per message: large enough that a message costs little beside reading its files. */
const BATCH_SIZE = 32;
/** Batches a worker holds at once: keeps every worker busy without queueing the whole folder in memory. */
const BATCHES_IN_FLIGHT = 3;

interface Batch {
  jobs: ReadJob[];
  done: ((result: ReadResult) => void)[];
}

interface Lane {
  worker: Worker;
  inFlight: Map<number, Batch>;
}

/**
 * Whether worker threads can run the reader: they load its TypeScript with Node's own type
 * stripping (Node 23.6 and later; the project pins 24).
 */
export function workersCanRead(): boolean {
  return Boolean((process.features as { typescript?: string | false }).typescript);
}

/** The number of reading threads for a machine: one per core the process may use. */
export function readingThreads(): number {
  return os.availableParallelism();
}

/** A pool of reading workers; `close` it when done, also after a failure. */
export class ReadPool {
  readonly #lanes: Lane[];
  readonly #options: Required<ReadOptions>;
  #pending: Batch = { jobs: [], done: [] };
  #nextBatch = 0;
  #failure: Error | undefined;
  #waiting: (() => void)[] = [];

  constructor(settings: ReaderSettings, options: ReadOptions, threads: number) {
    this.#options = { now: options.now, render: options.render !== false };
    this.#lanes = Array.from({ length: threads }, () => this.#openLane(settings));
  }

  #openLane(settings: ReaderSettings): Lane {
    const worker = new Worker(new URL('./read-worker.mjs', import.meta.url), { workerData: { settings } });
    const lane: Lane = { worker, inFlight: new Map() };
    worker.on('message', (message: { batch: number; results?: ReadResult[]; error?: string }) => {
      const batch = lane.inFlight.get(message.batch);
      if (!batch) return;
      lane.inFlight.delete(message.batch);
      const { results } = message;
      if (results) {
        for (const [index, done] of batch.done.entries()) done(results[index]!);
      } else this.#fail(new Error(`Reading posts failed: ${message.error}`));
      this.#wake();
    });
    worker.on('error', (error) => this.#fail(error));
    worker.on('exit', (code) => {
      if (lane.inFlight.size > 0) this.#fail(new Error(`A post-reading worker stopped (exit code ${code})`));
    });
    return lane;
  }

  /**
   * Queues a file; `done` gets its result when its batch has been read. A failure is thrown by
   * the next {@link ready} or by {@link close}.
   */
  read(job: ReadJob, done: (result: ReadResult) => void): void {
    this.#pending.jobs.push(job);
    this.#pending.done.push(done);
    if (this.#pending.jobs.length >= BATCH_SIZE) this.#dispatch();
  }

  /** Resolves once a worker has room for more: the caller reads the next files only then. */
  async ready(): Promise<void> {
    while (!this.#failure && this.#idlestLane().inFlight.size >= BATCHES_IN_FLIGHT) {
      await new Promise<void>((wake) => this.#waiting.push(wake));
    }
    if (this.#failure) throw this.#failure;
  }

  /** Sends what is queued, waits for every result, and stops the workers. */
  async close(): Promise<void> {
    this.#dispatch();
    while (!this.#failure && this.#lanes.some((lane) => lane.inFlight.size > 0)) {
      await new Promise<void>((wake) => this.#waiting.push(wake));
    }
    await Promise.all(this.#lanes.map((lane) => lane.worker.terminate()));
    if (this.#failure) throw this.#failure;
  }

  #idlestLane(): Lane {
    return this.#lanes.reduce((idlest, lane) => (lane.inFlight.size < idlest.inFlight.size ? lane : idlest));
  }

  #dispatch(): void {
    const batch = this.#pending;
    if (batch.jobs.length === 0 || this.#failure) return;
    this.#pending = { jobs: [], done: [] };
    const lane = this.#idlestLane();
    const id = this.#nextBatch++;
    lane.inFlight.set(id, batch);
    lane.worker.postMessage({ batch: id, ...this.#options, jobs: batch.jobs });
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    for (const lane of this.#lanes) lane.inFlight.clear();
    this.#wake();
  }

  #wake(): void {
    for (const wake of this.#waiting.splice(0)) wake();
  }
}

/**
 * One build at a time per cache folder. Two builds of one checkout with the same settings share
 * Astro's cache, the incremental state and the output folder, and each would overwrite what the
 * other is writing; a second build started by a timer while a long one runs (a cold build of a
 * large archive takes minutes) stops at once instead, naming the one that runs. A lock left by
 * a build that was killed is taken over: its process is gone.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { AstroError } from 'astro/errors';

export const BUILD_LOCK_FILE = 'xinwen-build.lock';

/** Who holds the lock: written into the lock file as JSON. */
export interface LockHolder {
  pid: number;
  host: string;
  /** ISO time the build started. */
  started: string;
}

/** Whether the process `pid` of this machine is running. */
export function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Why the lock cannot be taken: the build's error, without a stack trace to bury it. */
export class BuildLockedError extends AstroError {
  constructor(
    readonly lockFile: string,
    readonly holder: LockHolder | undefined,
  ) {
    const who = holder ? `process ${holder.pid} on ${holder.host}, started ${holder.started}` : 'a build whose lock file cannot be read';
    super(
      `another build is running with this cache folder (${who})`,
      `Wait for it to end, or build into other folders (XINWEN_CACHE_DIR and XINWEN_OUT_DIR). If no build runs, delete ${lockFile}.`,
    );
    this.name = 'BuildLockedError';
    this.stack = '';
  }
}

/** The holder written in `lockFile`, or undefined when it cannot be read. */
function readHolder(lockFile: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(readFileSync(lockFile, 'utf8')) as Partial<LockHolder>;
    return typeof holder.pid === 'number' && typeof holder.host === 'string' ? (holder as LockHolder) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes the lock of `cacheDir` for this process and returns the function that gives it back;
 * throws {@link BuildLockedError} while another running build holds it. A lock whose process no
 * longer runs is taken over, and so is one written on another machine: a cache folder restored
 * on a CI runner brings the lock of a build that was killed elsewhere. (Builds of several
 * machines on one shared folder are therefore not kept apart.)
 */
export function takeBuildLock(cacheDir: string, now = new Date()): () => void {
  mkdirSync(cacheDir, { recursive: true });
  const lockFile = path.join(cacheDir, BUILD_LOCK_FILE);
  const me: LockHolder = { pid: process.pid, host: hostname(), started: now.toISOString() };
  for (let attempt = 0; ; attempt += 1) {
    let descriptor: number;
    try {
      descriptor = openSync(lockFile, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(lockFile);
      if (holder?.pid === me.pid && holder.host === me.host) return () => {};
      // A lock of another machine came with a cache restored here (a CI runner's): its build
      // does not run here. One of this machine is stale once its process is gone.
      const stale = holder !== undefined && (holder.host !== me.host || !processRuns(holder.pid));
      if (!stale || attempt > 0) throw new BuildLockedError(lockFile, holder);
      rmSync(lockFile, { force: true });
      continue;
    }
    writeSync(descriptor, JSON.stringify(me));
    closeSync(descriptor);
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      process.removeListener('exit', release);
      // Only this process's own lock: never one a later build took after this one's was removed.
      if (readHolder(lockFile)?.pid === me.pid) rmSync(lockFile, { force: true });
    };
    process.once('exit', release);
    return release;
  }
}

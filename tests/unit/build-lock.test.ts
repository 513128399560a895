/**
 * One build at a time per cache folder: the lock is taken and given back, a running build's
 * lock stops a second one with a message naming it, and a lock whose build is gone (killed here,
 * or brought from another machine with a restored cache) is taken over.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILD_LOCK_FILE, BuildLockedError, processRuns, takeBuildLock } from '../../src/integrations/build-lock';
import { temporaryDir } from '../support/build-site';

const lockOf = (cacheDir: string) => path.join(cacheDir, BUILD_LOCK_FILE);
const writeLock = (cacheDir: string, holder: object) => writeFileSync(lockOf(cacheDir), JSON.stringify(holder));
/** The id of a process that ran and has ended. */
const endedPid = () => spawnSync(process.execPath, ['-e', '']).pid!;

describe('takeBuildLock', () => {
  it('writes who holds the lock, and removes it when given back', () => {
    const cacheDir = temporaryDir('lock');
    const release = takeBuildLock(cacheDir, new Date('2026-12-07T09:00:00Z'));
    expect(JSON.parse(readFileSync(lockOf(cacheDir), 'utf8'))).toEqual({
      pid: process.pid,
      host: hostname(),
      started: '2026-12-07T09:00:00.000Z',
    });
    release();
    expect(existsSync(lockOf(cacheDir))).toBe(false);
  });

  it('stops while a running build of this machine holds it, naming that build and the way out', () => {
    const cacheDir = temporaryDir('lock');
    writeLock(cacheDir, { pid: process.ppid, host: hostname(), started: '2026-12-07T08:00:00.000Z' });
    expect(processRuns(process.ppid)).toBe(true);
    expect(() => takeBuildLock(cacheDir)).toThrow(BuildLockedError);
    try {
      takeBuildLock(cacheDir);
    } catch (error) {
      expect((error as BuildLockedError).message).toBe(
        `another build is running with this cache folder (process ${process.ppid} on ${hostname()}, started 2026-12-07T08:00:00.000Z)`,
      );
      expect((error as BuildLockedError).hint).toContain(`delete ${lockOf(cacheDir)}`);
    }
    // The running build's lock is left as it was.
    expect(JSON.parse(readFileSync(lockOf(cacheDir), 'utf8')).pid).toBe(process.ppid);
  });

  it('takes over the lock of a build that ended without giving it back', () => {
    const cacheDir = temporaryDir('lock');
    const pid = endedPid();
    expect(processRuns(pid)).toBe(false);
    writeLock(cacheDir, { pid, host: hostname(), started: '2026-12-07T08:00:00.000Z' });
    const release = takeBuildLock(cacheDir);
    expect(JSON.parse(readFileSync(lockOf(cacheDir), 'utf8')).pid).toBe(process.pid);
    release();
  });

  it('takes over a lock written on another machine, which came with a restored cache', () => {
    const cacheDir = temporaryDir('lock');
    writeLock(cacheDir, { pid: process.ppid, host: `${hostname()}-elsewhere`, started: '2026-12-07T08:00:00.000Z' });
    takeBuildLock(cacheDir)();
    expect(existsSync(lockOf(cacheDir))).toBe(false);
  });

  it('stops at a lock it cannot read: a build that has only just made it', () => {
    const cacheDir = temporaryDir('lock');
    writeFileSync(lockOf(cacheDir), '');
    expect(() => takeBuildLock(cacheDir)).toThrow(/a build whose lock file cannot be read/);
  });

  it('gives back only its own lock', () => {
    const cacheDir = temporaryDir('lock');
    const release = takeBuildLock(cacheDir);
    // Removed by hand meanwhile, and taken by another build.
    writeLock(cacheDir, { pid: process.ppid, host: hostname(), started: '2026-12-07T08:00:00.000Z' });
    release();
    expect(JSON.parse(readFileSync(lockOf(cacheDir), 'utf8')).pid).toBe(process.ppid);
  });
});

/**
 * A second build with the cache folder of one that runs stops before it reads or writes
 * anything, with a message that names the running build and no stack trace; once that build is
 * gone, its lock is taken over and the build runs, leaving no lock behind.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILD_LOCK_FILE } from '../../src/integrations/build-lock';
import { buildSite, projectRoot, temporaryDir } from '../support/build-site';

const POSTS = path.join(projectRoot, 'tests/fixtures/search-posts');

describe('one build at a time per cache folder', () => {
  it('stops a build while another holds the folder, and builds once that one is gone', () => {
    const cacheDir = temporaryDir('locked-cache');
    mkdirSync(cacheDir, { recursive: true });
    const lock = path.join(cacheDir, BUILD_LOCK_FILE);
    // This test's process stands for the build that runs.
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), started: '2026-12-07T09:00:00.000Z' }));
    const locked = buildSite({ postsDir: POSTS, cacheDir, env: { SEARCH_INDEX: 'skip' } });
    expect(locked.exitCode).not.toBe(0);
    expect(locked.output).toContain(`another build is running with this cache folder (process ${process.pid} on ${hostname()}`);
    expect(locked.output).toContain(`If no build runs, delete ${lock}.`);
    expect(locked.output).not.toMatch(/^\s+at /m);
    expect(existsSync(path.join(locked.outDir, 'index.html'))).toBe(false);

    const ended = spawnSync(process.execPath, ['-e', '']).pid!;
    writeFileSync(lock, JSON.stringify({ pid: ended, host: hostname(), started: '2026-12-07T09:00:00.000Z' }));
    const built = buildSite({ postsDir: POSTS, cacheDir, env: { SEARCH_INDEX: 'skip' } });
    expect(built.exitCode, built.output).toBe(0);
    expect(existsSync(lock)).toBe(false);
  });
});

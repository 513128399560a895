import { defineConfig } from 'vitest/config';

/**
 * This run's name, for the builds test files share within one run (tests/support/build-site.ts,
 * `sharedBuild`): never those of an earlier run, made from other sources. Vitest reads this file
 * more than once in a run, so the name is the process's own: its ID and when it started.
 */
const TEST_RUN = `${process.pid}-${Math.round(performance.timeOrigin).toString(36)}`;

export default defineConfig({
  test: {
    env: { XINWEN_TEST_RUN: TEST_RUN },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          // Vitest's default timeouts (5 s a test) hold: a unit test that needs more is doing too much.
          // One module graph for all unit files: starting a fresh worker per file cost more than the
          // tests themselves (about 20 s against 7 s on 2 cores). It holds as long as unit tests
          // restore what they change (process.env, timers, mocks).
          isolate: false,
          maxWorkers: '100%',
        },
      },
      {
        extends: true,
        test: {
          name: 'build',
          include: ['tests/build/**/*.test.ts'],
          // Real `astro build` runs, in hooks and in some tests, on 2-core machines.
          testTimeout: 60_000,
          hookTimeout: 240_000,
          // Two files at a time, with the browser files: a file keeps a core busy only part of the
          // time (servers starting, deploys waiting on loopback servers, a browser loading pages).
          // On 2 cores the build and browser files took 285 s two at a time, 452 s one at a time.
          // A build that several files read is made once (tests/support/build-site.ts, `sharedBuild`).
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 240_000,
          // Run beside the build files, two at a time in all (see above).
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});

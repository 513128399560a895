/**
 * The shared sample posts that may sit beside the checkout (`../shared/samples/posts`, or
 * `XINWEN_SAMPLES`), and the real Jekyll sites with what Jekyll made of them
 * (`../shared/real-jekyll`, or `XINWEN_REAL_JEKYLL`). A user's clone and a GitHub runner have none, so tests over them run only
 * where they are. The project's own CI (`.ci/run`) sets `XINWEN_REQUIRE_SAMPLES=1`, and there
 * their absence fails instead of leaving those tests out. `CI` cannot be the switch: GitHub sets
 * it on every runner, where the samples never are.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

const projectRoot = path.resolve(import.meta.dirname, '../..');

/** The folder of the shared sample posts. */
export const SAMPLES = process.env.XINWEN_SAMPLES ?? path.resolve(projectRoot, '../shared/samples/posts');

/** Whether the samples are there to test. */
export const SAMPLES_PRESENT = existsSync(SAMPLES);

/** Whether this run must have the samples (`XINWEN_REQUIRE_SAMPLES=1`). */
export const SAMPLES_REQUIRED = process.env.XINWEN_REQUIRE_SAMPLES === '1';

/** The message of the test that fails when the samples are required but missing. */
export const SAMPLES_MISSING = `${SAMPLES} is missing, and XINWEN_REQUIRE_SAMPLES=1 requires it (or set XINWEN_SAMPLES to the folder)`;

/** The real Jekyll sites (`sites/<name>`) and Jekyll's output for them (`oracle/<name>.json.gz`). */
export const REAL_JEKYLL = process.env.XINWEN_REAL_JEKYLL ?? path.resolve(projectRoot, '../shared/real-jekyll');

/** Whether the real Jekyll sites are there to test. */
export const REAL_JEKYLL_PRESENT = existsSync(path.join(REAL_JEKYLL, 'sites'));

/** The message of the test that fails when the real Jekyll sites are required but missing. */
export const REAL_JEKYLL_MISSING = `${REAL_JEKYLL}/sites is missing, and XINWEN_REQUIRE_SAMPLES=1 requires it (or set XINWEN_REAL_JEKYLL)`;

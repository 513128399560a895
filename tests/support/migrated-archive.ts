/**
 * The old scraper-fed Jekyll archive of `tests/fixtures/scraped-archive`, migrated as a site
 * owner would: a fresh checkout, `npm run migrate -- <site> --copy-posts --names-from-posts`,
 * `npm run check`, then the build the deploy workflow runs.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { ENVIRONMENT_VARIABLES, SETTINGS_VARIABLE } from '../../src/settings/resolve';
import { type BuiltSite, buildCheckout, freshCheckout, projectRoot, sharedOnce, temporaryDir } from './build-site';

export const ARCHIVE_FIXTURE = path.join(projectRoot, 'tests/fixtures/scraped-archive');

/** What each step printed, and the built site. */
export interface MigratedArchive {
  checkout: string;
  migrate: string;
  /** `npm run check` with its exit code. */
  check: { code: number | null; stdout: string };
  site: BuiltSite;
}

/** Runs a script of `checkout` with the checkout's tsx, as `npm run` would. */
export function runScript(checkout: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const tsx = path.join(checkout, 'node_modules/tsx/dist/cli.mjs');
  // As on a site owner's machine: none of the site's variables set.
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of [...Object.keys(ENVIRONMENT_VARIABLES), SETTINGS_VARIABLE]) delete env[name];
  const result = spawnSync(process.execPath, [tsx, ...args], { cwd: checkout, encoding: 'utf8', env });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The site paths of the files of `outDir` whose names `names` matches, outside the category and
 * tag listings' folders, sorted: the articles (and redirect pages) a migrated site has at them.
 */
export function builtArticles(outDir: string, names: RegExp): string[] {
  return readdirSync(outDir, { recursive: true, encoding: 'utf8' })
    .map((file) => `/${file.split(path.sep).join('/')}`)
    .filter((file) => names.test(file) && !/^\/(category|tag)\//.test(file))
    .sort();
}

/** Migrates, checks and builds the archive in a fresh checkout at `dir`. */
export function migratedArchive(dir: string): MigratedArchive {
  const checkout = freshCheckout(dir);
  const migrate = runScript(checkout, ['scripts/migrate.ts', ARCHIVE_FIXTURE, '--copy-posts', '--names-from-posts']);
  if (migrate.code !== 0) throw new Error(`migrate failed:\n${migrate.stdout}${migrate.stderr}`);
  const check = runScript(checkout, ['scripts/check-posts.ts']);
  const site = buildCheckout(checkout, { postsDir: 'src/content/posts' });
  if (site.exitCode !== 0) throw new Error(`build failed:\n${site.output}`);
  return { checkout, migrate: migrate.stdout, check: { code: check.code, stdout: check.stdout }, site };
}

/**
 * The archive migrated, checked and built once per test run for every test file that reads it
 * (see `sharedOnce`); its checkout is in a temporary folder, away from the project's.
 */
export function sharedMigratedArchive(): MigratedArchive {
  return sharedOnce('archive', [ARCHIVE_FIXTURE], () => migratedArchive(path.join(temporaryDir('archive'), 'site')));
}

/**
 * Runs a real `astro build` of the project on a posts folder, into its own output and cache
 * folders, and reads back what it wrote.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ENVIRONMENT_VARIABLES, SETTINGS_VARIABLE } from '../../src/settings/resolve';

export const projectRoot = path.resolve(import.meta.dirname, '../..');

export interface BuiltSite {
  outDir: string;
  cacheDir: string;
  exitCode: number;
  /** stdout and stderr of the build, without colours. */
  output: string;
}

export interface BuildOptions {
  postsDir: string;
  env?: Record<string, string>;
  /** Reuse folders (for rebuild tests); fresh temporary ones by default. */
  outDir?: string;
  cacheDir?: string;
}

/** A fresh temporary folder. */
export function temporaryDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `xinwen-${prefix}-`));
}

/**
 * Where builds write their sites: inside the project, not in /tmp. Astro renders pages from a
 * `.prerender` folder next to the output when the output is inside the project (as `dist/`
 * is), else from the project's one `.astro/.prerender`, which every build deletes when it ends:
 * two test files building at once would pull each other's chunks away. Inside the project the
 * rendering code also finds its packages in node_modules.
 */
const BUILDS_DIR = path.join(projectRoot, 'node_modules', '.cache', 'xinwen-test-builds');
const KEEP_BUILDS_MS = 24 * 60 * 60 * 1000;

/** A fresh output folder; outputs from earlier days are removed (they were kept for inspection). */
export function outputDir(): string {
  mkdirSync(BUILDS_DIR, { recursive: true });
  for (const entry of readdirSync(BUILDS_DIR)) {
    const old = path.join(BUILDS_DIR, entry);
    const stats = statSync(old, { throwIfNoEntry: false });
    if (stats && Date.now() - stats.mtimeMs > KEEP_BUILDS_MS) rmSync(old, { recursive: true, force: true });
  }
  return mkdtempSync(path.join(BUILDS_DIR, 'out-'));
}

/** Builds the site and returns where it went and what the build printed. */
export function buildSite(options: BuildOptions): BuiltSite {
  const outDir = options.outDir ?? outputDir();
  const cacheDir = options.cacheDir ?? temporaryDir('cache');
  const astro = path.join(projectRoot, 'node_modules', 'astro', 'bin', 'astro.mjs');
  // The log goes to a file: Astro exits before a pipe has taken all of a long build log.
  const logFile = path.join(cacheDir, 'build.log');
  const log = openSync(logFile, 'w');
  const result = spawnSync(process.execPath, [astro, 'build'], {
    cwd: projectRoot,
    stdio: ['ignore', log, log],
    env: {
      ...process.env,
      POSTS_DIR: options.postsDir,
      XINWEN_OUT_DIR: outDir,
      XINWEN_CACHE_DIR: cacheDir,
      NO_COLOR: '1',
      FORCE_COLOR: '0',
      ASTRO_TELEMETRY_DISABLED: '1',
      ...options.env,
    },
  });
  closeSync(log);
  if (result.error) throw result.error;
  // eslint-disable-next-line no-control-regex
  const output = readFileSync(logFile, 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
  return { outDir, cacheDir, exitCode: result.status ?? 1, output };
}

/**
 * The test run these processes belong to: `vitest.config.ts` names each run, so that builds
 * shared between test files ({@link sharedBuild}) are never taken from an earlier run, whose
 * sources may have been different.
 */
const TEST_RUN = process.env.XINWEN_TEST_RUN;
/** How long a test file waits for a shared build another file is making. */
const SHARED_WAIT_MS = 10 * 60_000;

/** A digest of a folder's file names and contents (subfolders too). */
function folderDigest(dir: string): string {
  const hash = createHash('sha256');
  for (const file of listFiles(dir))
    hash
      .update(`${file}\0`)
      .update(readFileSync(path.join(dir, file)))
      .update('\0');
  return hash.digest('hex');
}

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Makes something once per test run and hands the same result to every test file that asks for
 * it with the same `kind` and `key`: `make` gets a fresh folder inside the project for what it
 * writes, and returns a JSON-serializable result. The first file to ask makes it; a file asking
 * meanwhile (test files run side by side) waits for it. Outside a Vitest run every call makes
 * its own. The result must not be changed: a test that changes a site builds its own.
 */
export function sharedOnce<T>(kind: string, key: unknown, make: (dir: string) => T): T {
  if (!TEST_RUN) return make(outputDir());
  const digest = createHash('sha256').update(JSON.stringify(key)).digest('hex').slice(0, 16);
  const runDir = path.join(BUILDS_DIR, `shared-${TEST_RUN}`);
  const dir = path.join(runDir, `${kind}-${digest}`);
  const resultFile = path.join(dir, 'result.json');
  mkdirSync(runDir, { recursive: true });
  let mine = false;
  try {
    mkdirSync(dir);
    mine = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (mine) {
    try {
      const result = make(dir);
      writeFileSync(resultFile, JSON.stringify({ result }));
      return result;
    } catch (error) {
      writeFileSync(resultFile, JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
      throw error;
    }
  }
  const deadline = Date.now() + SHARED_WAIT_MS;
  while (!existsSync(resultFile)) {
    if (Date.now() > deadline) throw new Error(`waited ${SHARED_WAIT_MS / 1000} s for another test file to make ${dir}`);
    pause(200);
  }
  const shared = JSON.parse(readFileSync(resultFile, 'utf8')) as { result?: T; error?: string };
  if (shared.error !== undefined) throw new Error(`${kind} failed in another test file: ${shared.error}`);
  return shared.result as T;
}

/**
 * {@link buildSite} of a posts folder with the same variables, built once per test run for all
 * the test files that only read the site (see {@link sharedOnce}). Keyed by the folder's path
 * and contents and the variables; `outDir` and `cacheDir` are the shared build's own.
 */
export function sharedBuild(options: Pick<BuildOptions, 'postsDir' | 'env'>): BuiltSite {
  const postsDir = path.resolve(projectRoot, options.postsDir);
  const env = Object.entries(options.env ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  return sharedOnce('site', [postsDir, folderDigest(postsDir), env], (dir) => {
    const cacheDir = path.join(dir, 'cache');
    mkdirSync(cacheDir);
    return buildSite({ ...options, outDir: path.join(dir, 'out'), cacheDir });
  });
}

/**
 * A copy of a shared build (output and cache folders) that a test may change: copying a small
 * site takes milliseconds, building it seconds.
 */
export function copyOfSite(site: BuiltSite): BuiltSite {
  const dir = outputDir();
  const outDir = path.join(dir, 'out');
  const cacheDir = path.join(dir, 'cache');
  cpSync(site.outDir, outDir, { recursive: true });
  if (existsSync(site.cacheDir)) cpSync(site.cacheDir, cacheDir, { recursive: true });
  return { ...site, outDir, cacheDir };
}

/** Every file below `dir`, as `/`-separated relative paths, sorted. */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => statSync(path.join(dir, file)).isFile())
    .map((file) => file.split(path.sep).join('/'))
    .sort();
}

/** The file a site-relative, percent-encoded URL is served from. */
export function fileForUrl(outDir: string, url: string): string {
  const decoded = decodeURIComponent(url);
  const relative = decoded.endsWith('/') ? `${decoded}index.html` : decoded;
  return path.join(outDir, relative);
}

/** Reads the page or feed at a site URL. */
export function readUrl(outDir: string, url: string): string {
  return readFileSync(fileForUrl(outDir, url), 'utf8');
}

/**
 * The project's files as a commit of the working tree would hold them: tracked files as they
 * are now (uncommitted edits included, deleted ones left out) and new files git does not ignore.
 */
export function workingTreeFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: projectRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return [...new Set(listed.split('\0').filter(Boolean))].filter((file) => existsSync(path.join(projectRoot, file))).sort();
}

/**
 * What npm writes into node_modules besides packages. Other dot-entries are caches that builds
 * and tests leave (Astro's `.astro`, Vite's `.vite` and `.vite-temp`, `.cache`): a fresh install
 * has none, and a checkout's build must not write into the project's.
 */
const INSTALLED_DOT_ENTRIES = new Set(['.bin', '.package-lock.json']);

/**
 * Makes `dir` (emptied first) a fresh checkout of the working tree, as a CI run starts from:
 * every file new, so with a new modification time, and no output or cache folder. Its
 * node_modules links to the project's packages, which a build only reads, but is a folder of
 * its own without the caches, so the checkout's Astro cache starts empty and is not shared.
 */
export function freshCheckout(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  for (const file of workingTreeFiles()) {
    const target = path.join(dir, file);
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(path.join(projectRoot, file), target);
  }
  const modules = path.join(dir, 'node_modules');
  mkdirSync(modules, { recursive: true });
  for (const entry of readdirSync(path.join(projectRoot, 'node_modules'))) {
    if (!entry.startsWith('.') || INSTALLED_DOT_ENTRIES.has(entry))
      symlinkSync(path.join(projectRoot, 'node_modules', entry), path.join(modules, entry));
  }
  return dir;
}

export interface CheckoutBuildOptions {
  postsDir: string;
  /** Set after the environment is cleared of the site's variables, as a workflow's `env:`. */
  env?: Record<string, string>;
}

/**
 * Builds a checkout as the deployment workflow does: `astro build` in it, with the default
 * output (`dist`) and cache (`node_modules/.astro`) folders. None of the site's variables
 * reaches the build from the environment the tests run in, but `POSTS_DIR` and `options.env`.
 * The log is written next to the checkout, as `<dir>.log`.
 */
export function buildCheckout(dir: string, options: CheckoutBuildOptions): BuiltSite {
  const checkout = path.resolve(dir);
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of [...Object.keys(ENVIRONMENT_VARIABLES), SETTINGS_VARIABLE]) delete env[name];
  // The log goes to a file: Astro exits before a pipe has taken all of a long build log.
  const logFile = `${checkout}.log`;
  const log = openSync(logFile, 'w');
  const result = spawnSync(process.execPath, [path.join('node_modules', 'astro', 'bin', 'astro.mjs'), 'build'], {
    cwd: checkout,
    stdio: ['ignore', log, log],
    env: { ...env, POSTS_DIR: options.postsDir, NO_COLOR: '1', FORCE_COLOR: '0', ASTRO_TELEMETRY_DISABLED: '1', ...options.env },
  });
  closeSync(log);
  if (result.error) throw result.error;
  // eslint-disable-next-line no-control-regex
  const output = readFileSync(logFile, 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
  return {
    outDir: path.join(checkout, 'dist'),
    cacheDir: path.join(checkout, 'node_modules', '.astro'),
    exitCode: result.status ?? 1,
    output,
  };
}

/**
 * Launches Chromium through playwright-core for the browser tests. A bare machine has no
 * system browser, so the last resort is the headless Chromium that `@sparticuz/chromium` ships
 * inside node_modules: `npm ci` is all the browser tests need.
 */
import { accessSync, constants, closeSync, openSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';

/** Where a browser may be: the `CHROMIUM_PATH` override, then system installs, in order. */
export interface BrowserCandidates {
  /** `CHROMIUM_PATH`; empty counts as unset. */
  override?: string | undefined;
  system: readonly string[];
}

/** The browser to launch: a file to run, or the one packaged in node_modules (unpacked on use). */
export type BrowserChoice = { source: 'CHROMIUM_PATH' | 'system'; path: string } | { source: 'packaged' };

/** Debian/Ubuntu and Google's packages put their browsers here. */
export const SYSTEM_BROWSERS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

/**
 * Picks the browser. An override that cannot run is an error rather than a fallback: whoever
 * set it expects that browser, and silently testing another would hide the mistake.
 */
export function chooseBrowser(candidates: BrowserCandidates, isExecutable: (file: string) => boolean): BrowserChoice {
  const override = candidates.override?.trim();
  if (override) {
    if (!isExecutable(override)) {
      throw new Error(
        `CHROMIUM_PATH is set to ${override}, which is not an executable file (missing, or without execute permission). ` +
          'Point it at a Chromium or Chrome binary, or unset it to use a system Chromium or the one npm installs (@sparticuz/chromium).',
      );
    }
    return { source: 'CHROMIUM_PATH', path: override };
  }
  const system = candidates.system.find((file) => isExecutable(file));
  return system ? { source: 'system', path: system } : { source: 'packaged' };
}

/** A regular file this process may execute. */
export function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const UNPACK_LOCK = path.join(tmpdir(), 'xinwen-chromium-unpack.lock');
const STALE_LOCK_MS = 180_000;

/**
 * Runs `task` while holding a lock file. Test files may run in parallel processes (and test runs
 * side by side), and the packaged browser is unpacked into one shared path in /tmp: a second
 * process must not find, and launch, a binary that the first is still writing.
 */
async function whileLocked<T>(lock: string, task: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock left by a killed run would otherwise block every later run.
      try {
        if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) rmSync(lock, { force: true });
      } catch {
        // Released between the two calls: try again.
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return await task();
  } finally {
    rmSync(lock, { force: true });
  }
}

async function executableFor(choice: BrowserChoice): Promise<string> {
  if (choice.source !== 'packaged') return choice.path;
  const { default: packaged } = await import('@sparticuz/chromium');
  return whileLocked(UNPACK_LOCK, () => packaged.executablePath());
}

let resolved: Promise<{ choice: BrowserChoice; executable: string }> | undefined;

/** The browser this run uses, resolved (and unpacked if need be) once per process. */
export function browserExecutable(): Promise<{ choice: BrowserChoice; executable: string }> {
  resolved ??= (async () => {
    const choice = chooseBrowser({ override: process.env.CHROMIUM_PATH, system: SYSTEM_BROWSERS }, isExecutableFile);
    return { choice, executable: await executableFor(choice) };
  })();
  return resolved;
}

/** A headless Chromium that makes no network requests of its own. */
export async function launchBrowser(): Promise<Browser> {
  const { choice, executable } = await browserExecutable();
  try {
    return await chromium.launch({
      executablePath: executable,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  } catch (error) {
    if (choice.source !== 'packaged') throw error;
    // The package only checks that the file exists, so a run killed mid-unpack leaves a
    // truncated binary behind that every later run would try to start.
    throw new Error(
      `The npm-installed Chromium at ${executable} did not start; delete it to have it unpacked again.\n${(error as Error).message}`,
      { cause: error },
    );
  }
}

/**
 * Refuses every request that leaves the loopback server: a page under test may load nothing from
 * another host, and a test must not wait on the closed network.
 */
export async function stayOnLoopback(target: Pick<BrowserContext, 'route'>): Promise<void> {
  await target.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
}

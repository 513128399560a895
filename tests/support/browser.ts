/**
 * Launches Debian's Chromium through playwright-core for the browser tests. There is no
 * downloaded browser: when Chromium is missing the tests fail and say how to install it.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
  (candidate): candidate is string => Boolean(candidate),
);

/** The Chromium executable, or an error that says how to get one. */
export function chromiumPath(): string {
  const found = CANDIDATES.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new Error(
      'Browser tests need Chromium at /usr/bin/chromium (or set CHROMIUM_PATH). ' +
        'On Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y chromium',
    );
  }
  return found;
}

/** A headless Chromium that makes no network requests of its own. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

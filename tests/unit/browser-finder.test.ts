/** Which browser the browser tests launch: CHROMIUM_PATH, then a system install, then npm's. */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseBrowser, isExecutableFile, SYSTEM_BROWSERS } from '../support/browser';

const only =
  (...executable: string[]) =>
  (file: string) =>
    executable.includes(file);

describe('chooseBrowser', () => {
  const system = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

  it('takes CHROMIUM_PATH first, even when a system browser is installed', () => {
    expect(chooseBrowser({ override: '/opt/chrome/chrome', system }, only('/opt/chrome/chrome', '/usr/bin/chromium'))).toEqual({
      source: 'CHROMIUM_PATH',
      path: '/opt/chrome/chrome',
    });
  });

  it('then the first executable system browser, in order', () => {
    expect(chooseBrowser({ system }, only('/usr/bin/chromium-browser', '/usr/bin/google-chrome'))).toEqual({
      source: 'system',
      path: '/usr/bin/chromium-browser',
    });
    expect(chooseBrowser({ system }, only('/usr/bin/google-chrome', '/usr/bin/chromium'))).toEqual({
      source: 'system',
      path: '/usr/bin/chromium',
    });
  });

  it('then the one npm installs', () => {
    expect(chooseBrowser({ system }, only())).toEqual({ source: 'packaged' });
    expect(chooseBrowser({ override: undefined, system: [] }, () => true)).toEqual({ source: 'packaged' });
  });

  it('treats an empty CHROMIUM_PATH as unset', () => {
    expect(chooseBrowser({ override: '', system }, only('/usr/bin/google-chrome'))).toEqual({
      source: 'system',
      path: '/usr/bin/google-chrome',
    });
    expect(chooseBrowser({ override: '  ', system }, only())).toEqual({ source: 'packaged' });
  });

  it('refuses a CHROMIUM_PATH that cannot run, instead of testing another browser', () => {
    const choose = () => chooseBrowser({ override: '/nonexistent', system }, only('/usr/bin/chromium'));
    expect(choose).toThrow(/^CHROMIUM_PATH is set to \/nonexistent, which is not an executable file/);
    expect(choose).toThrow(/unset it to use a system Chromium or the one npm installs/);
  });

  it('looks at the usual Debian, Ubuntu and Google locations', () => {
    expect(SYSTEM_BROWSERS.slice(0, 3)).toEqual(system);
  });
});

describe('on real files', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'xinwen-browser-finder-'));
  const file = (name: string, mode: number) => {
    const full = path.join(dir, name);
    writeFileSync(full, '#!/bin/sh\n');
    chmodSync(full, mode);
    return full;
  };
  const readOnly = file('chromium', 0o644);
  const runnable = file('google-chrome', 0o755);
  const folder = path.join(dir, 'chromium-browser');
  mkdirSync(folder);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('skips a system path without execute permission (0644) and a folder', () => {
    expect(isExecutableFile(readOnly)).toBe(false);
    expect(isExecutableFile(folder)).toBe(false);
    expect(isExecutableFile(runnable)).toBe(true);
    expect(chooseBrowser({ system: [readOnly, folder, runnable] }, isExecutableFile)).toEqual({ source: 'system', path: runnable });
    expect(chooseBrowser({ system: [readOnly, folder] }, isExecutableFile)).toEqual({ source: 'packaged' });
  });

  it('names a missing or unexecutable CHROMIUM_PATH', () => {
    const missing = path.join(dir, 'missing');
    expect(() => chooseBrowser({ override: missing, system: [runnable] }, isExecutableFile)).toThrow(
      `CHROMIUM_PATH is set to ${missing}, which is not an executable file`,
    );
    expect(() => chooseBrowser({ override: readOnly, system: [runnable] }, isExecutableFile)).toThrow(
      `CHROMIUM_PATH is set to ${readOnly}`,
    );
    expect(chooseBrowser({ override: runnable, system: [] }, isExecutableFile)).toEqual({ source: 'CHROMIUM_PATH', path: runnable });
  });
});

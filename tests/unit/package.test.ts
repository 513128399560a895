/** What npm installs: Node 24 pinned, and every install script approved by name, so an install prints no warning. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
  allowScripts?: Record<string, boolean>;
};
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { hasInstallScript?: boolean }>;
};

describe('package.json', () => {
  it('pins Node 24 with the node package', () => {
    expect(manifest.devDependencies.node).toMatch(/^\^?24\./);
  });

  const withScripts = Object.entries(lock.packages)
    .filter(([, entry]) => entry.hasInstallScript)
    .map(([location]) => location.slice(location.lastIndexOf('node_modules/') + 'node_modules/'.length));

  it('approves every package that runs an install script, and no other', () => {
    expect(withScripts).toContain('node');
    expect(Object.keys(manifest.allowScripts ?? {}).sort()).toEqual([...new Set(withScripts)].sort());
    expect(Object.values(manifest.allowScripts ?? {}).every(Boolean)).toBe(true);
  });
});

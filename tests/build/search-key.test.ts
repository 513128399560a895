/**
 * What the search index indexes again, in real builds of the search fixture: a new site title
 * renders every page again but indexes no article again, and a new post is indexed alone, not
 * with the neighbours whose newer/older links it changed.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSite, projectRoot, temporaryDir } from '../support/build-site';

const FIXTURE = path.join(projectRoot, 'tests/fixtures/search-posts');

describe('the search key in real builds', () => {
  it('indexes no article again for a new site title, and only the new post when one is added', () => {
    const postsDir = temporaryDir('search-key-posts');
    cpSync(FIXTURE, postsDir, { recursive: true });
    const settings = (title: string) => ({ XINWEN_SETTINGS: JSON.stringify({ title }) });
    const first = buildSite({ postsDir, env: settings('新闻存档') });
    expect(first.exitCode, first.output).toBe(0);
    const folders = { outDir: first.outDir, cacheDir: first.cacheDir };

    const retitled = buildSite({ postsDir, ...folders, env: settings('另一个名字') });
    expect(retitled.exitCode, retitled.output).toBe(0);
    expect(retitled.output).toMatch(/pages in all: \d+ \(all rendered\)/);
    expect(retitled.output).toMatch(/search index: 7 articles, unchanged; 0 of 1 parts rebuilt/);
    expect(readFileSync(path.join(retitled.outDir, 'index.html'), 'utf8')).toContain('另一个名字');

    // A post between two others in time and in their category: their newer/older links change.
    const neighbour = readFileSync(path.join(FIXTURE, '2024-05-02-zhaiquan.md'), 'utf8');
    writeFileSync(
      path.join(postsDir, '2024-05-03-xinwen.md'),
      neighbour.replace(/^title: .*$/m, 'title: 新的一篇').replace(/^date: .*$/m, 'date: 2024-05-03 08:00:00 +0800'),
    );
    const added = buildSite({ postsDir, ...folders, env: settings('另一个名字') });
    expect(added.exitCode, added.output).toBe(0);
    expect(added.output).toMatch(
      /search index: 8 articles; 1 of 2 parts rebuilt: a delta of 1 added or changed articles?, 0 of the 7 in the shards hidden/,
    );
  });
});

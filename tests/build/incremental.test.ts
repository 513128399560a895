/**
 * Incremental rebuilds must give exactly what a clean build of the same posts gives: after
 * adding a post, editing one and deleting one, the output folder equals a fresh build's, and
 * its search index (a base and a delta, where the clean build has one base) finds the same
 * pages with the same text.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSite, listFiles, projectRoot, temporaryDir, type BuiltSite } from '../support/build-site';
import { readFragments, searchIndexFolders } from '../../src/integrations/post-build/search-index';
import { readRouteRecord } from '../../src/lib/route-record';
import { searchDocuments, searchFilterCounts } from '../support/search-index';

/** The search index's bundles, split differently by incremental and clean builds. */
const SEARCH_INDEX = /^pagefind(-delta)?\//;

const FIXTURE = path.join(projectRoot, 'tests/fixtures/build-posts');

function expectSameOutput(incremental: BuiltSite, clean: BuiltSite): void {
  const pages = (site: BuiltSite) => listFiles(site.outDir).filter((file) => !SEARCH_INDEX.test(file));
  const files = pages(clean);
  const extra = pages(incremental).filter((file) => !files.includes(file));
  const missing = files.filter((file) => !pages(incremental).includes(file));
  expect({ extra, missing }).toEqual({ extra: [], missing: [] });
  const differing = files.filter(
    (file) => !readFileSync(path.join(incremental.outDir, file)).equals(readFileSync(path.join(clean.outDir, file))),
  );
  expect(differing).toEqual([]);
  expect(searchDocuments(incremental.outDir)).toEqual(searchDocuments(clean.outDir));
  expect(searchFilterCounts(incremental.outDir)).toEqual(searchFilterCounts(clean.outDir));
}

function build(postsDir: string, folders?: { outDir: string; cacheDir: string }, env: Record<string, string> = {}): BuiltSite {
  const site = buildSite({ postsDir, env: { INVALID_POSTS: 'skip', ...env }, ...folders });
  if (site.exitCode !== 0) throw new Error(`build failed:\n${site.output}`);
  return site;
}

describe('incremental rebuilds', () => {
  it('equal clean builds after adding, editing and deleting posts', () => {
    const postsDir = temporaryDir('incremental-posts');
    cpSync(FIXTURE, postsDir, { recursive: true });
    const first = build(postsDir);
    const folders = { outDir: first.outDir, cacheDir: first.cacheDir };

    // A no-op rebuild renders no article again (BUILD_LOG=pages names each page and how it was made).
    const noop = build(postsDir, folders, { BUILD_LOG: 'pages' });
    expect(noop.output).toMatch(/\/jinrong\/2023\/03\/01\/yangshi-kuaixun\.html.*\(cached\)/);
    expect(noop.output).not.toMatch(/\/jinrong\/2023\/03\/01\/yangshi-kuaixun\.html \(\+\d+ms\)/);

    // Add a post: it is newest in "jinrong", so that listing, the feeds and its neighbour change.
    writeFileSync(
      path.join(postsDir, '2023-03-20-xinzeng.md'),
      '---\ntitle: 新增的稿件\ndate: 2023-03-20 09:00:00 +0800\ncategories: jinrong\ntags: 新增\n---\n<p>刚刚新增的稿件正文。</p>\n',
    );
    const added = build(postsDir, folders);
    // The log says what was generated in a line per kind of page, not a line per page.
    expect(added.output).not.toContain('├─');
    expect(added.output).toMatch(/\[build\] articles: \d+ \([1-9]\d* rendered, [1-9]\d* kept from the last build\)/);
    expect(added.output).toMatch(
      /\[build\] pages in all: [\d,]+ \(\d+ rendered, \d+ kept from the last build\); BUILD_LOG=pages lists every page/,
    );
    expect(readFileSync(path.join(added.outDir, 'jinrong/2023/03/20/xinzeng.html'), 'utf8')).toContain('刚刚新增的稿件正文');
    expect(readFileSync(path.join(added.outDir, 'index.html'), 'utf8')).toContain('新增的稿件');
    expect(readFileSync(path.join(added.outDir, 'category/jinrong.html'), 'utf8')).toContain('新增的稿件');
    expect(readFileSync(path.join(added.outDir, 'feed.xml'), 'utf8')).toContain('新增的稿件');
    expectSameOutput(added, build(postsDir));

    // Edit a post: its page and the feeds show the edit.
    const edited = path.join(postsDir, '2023-03-01-yangshi-kuaixun.md');
    writeFileSync(edited, readFileSync(edited, 'utf8').replace('最后一段：市场流动性保持合理充裕。', '最后一段：已更正的内容。'));
    const afterEdit = build(postsDir, folders);
    expect(readFileSync(path.join(afterEdit.outDir, 'jinrong/2023/03/01/yangshi-kuaixun.html'), 'utf8')).toContain('已更正的内容');
    expect(readFileSync(path.join(afterEdit.outDir, 'category/jinrong/feed.xml'), 'utf8')).toContain('已更正的内容');
    expectSameOutput(afterEdit, build(postsDir));

    // Delete a post: its page, and pages only it had (its tag), are gone.
    rmSync(path.join(postsDir, '2023-03-20-xinzeng.md'));
    const afterDelete = build(postsDir, folders);
    expect(listFiles(afterDelete.outDir)).not.toContain('jinrong/2023/03/20/xinzeng.html');
    expect(listFiles(afterDelete.outDir)).not.toContain('tag/新增.html');
    expectSameOutput(afterDelete, build(postsDir));
  }, 240_000);

  it('equal clean builds when a post moves to where the last build wrote a file its new URL needs as a folder, and back', () => {
    const postsDir = temporaryDir('incremental-moves');
    const post = (permalink: string) =>
      `---\ntitle: 移动的稿件\ndate: 2023-03-02 09:00:00 +0800\ncategories: jinrong\npermalink: ${permalink}\n---\n<p>正文。</p>\n`;
    cpSync(FIXTURE, postsDir, { recursive: true });
    const moving = path.join(postsDir, '2023-03-02-moving.md');
    writeFileSync(moving, post('/p/x.html'));
    const first = build(postsDir);
    const folders = { outDir: first.outDir, cacheDir: first.cacheDir };
    for (const [permalink, file] of [
      ['/p/x.html/y.html', 'p/x.html/y.html'],
      ['/p/x.html', 'p/x.html'],
      ['/q/a.shtml/', 'q/a.shtml/index.html'],
      ['/q/a.shtml', 'q/a.shtml'],
    ]) {
      writeFileSync(moving, post(permalink!));
      const moved = build(postsDir, folders);
      expect(readFileSync(path.join(moved.outDir, file!), 'utf8'), permalink).toContain('移动的稿件');
      expectSameOutput(moved, build(postsDir));
    }
  }, 240_000);

  it('leave nothing of the old posts when the posts folder is another one, the search index included', () => {
    // The example posts, then a migrated site's posts into the same output and cache folders.
    const examples = build(path.join(projectRoot, 'src/content/posts'));
    const oldTitles = readRouteRecordTitles(examples);
    expect(oldTitles.length).toBeGreaterThanOrEqual(5);
    const folders = { outDir: examples.outDir, cacheDir: examples.cacheDir };
    const migrated = build(FIXTURE, folders);
    expectSameOutput(migrated, build(FIXTURE));
    // Nothing in any file of the output, hidden search entries included, still has an old title.
    const texts = listFiles(migrated.outDir)
      .filter((file) => !/\.(pf_fragment|pf_index|pf_filter|pf_meta|pagefind|woff2?)$/.test(file))
      .map((file) => readFileSync(path.join(migrated.outDir, file), 'utf8'));
    for (const folder of searchIndexFolders(migrated.outDir)) {
      for (const page of readFragments(path.join(migrated.outDir, folder)).values()) texts.push(JSON.stringify(page));
    }
    const left = oldTitles.filter((title) => texts.some((text) => text.includes(title)));
    expect(left).toEqual([]);
  }, 240_000);
});

/** The titles of the articles a build wrote, read from their pages. */
function readRouteRecordTitles(site: BuiltSite): string[] {
  return readRouteRecord(site.cacheDir).articles.map(({ file }) => {
    const title = /<h1 data-pagefind-meta="title">([^<]*)<\/h1>/.exec(readFileSync(path.join(site.outDir, file), 'utf8'))?.[1];
    if (!title) throw new Error(`no title in ${file}`);
    return title;
  });
}

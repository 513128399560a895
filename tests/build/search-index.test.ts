/**
 * The search index step on its own, with the real Pagefind, over an output folder of small
 * article pages: which bundles each build indexes, what the manifest lists and hides, and that
 * the bundles on disk always answer for exactly the current articles (`searchDocuments`).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { AstroIntegrationLogger } from 'astro';
import { describe, expect, it } from 'vitest';
import {
  readFragments,
  removePages,
  SEARCH_STATE_FILE,
  searchIndexFolders,
  searchIndexStep,
} from '../../src/integrations/post-build/search-index';
import { runtimeDigest } from '../../src/integrations/post-build/search-runtime';
import type { PipelineState } from '../../src/integrations/post-build/state';
import { writeRouteRecord } from '../../src/lib/route-record';
import type { SearchManifest } from '../../src/lib/search-plan';
import { settingsSchema, type UserSettings } from '../../src/schemas/settings';
import { searchDocuments } from '../support/search-index';

function articlePage(title: string, text: string, category: string): string {
  return (
    `<!doctype html><html lang="zh-CN"><head><title>${title}</title></head><body><nav>导航</nav>` +
    `<article data-pagefind-body data-pagefind-sort="date:2024-05-01T09:00:00+08:00" data-pagefind-meta="date:2024-05-01T09:00:00+08:00">` +
    `<span hidden data-pagefind-ignore><span data-pagefind-filter="category">${category}</span><span data-pagefind-filter="year">2024</span></span>` +
    `<h1 data-pagefind-meta="title">${title}</h1><p>${text}</p></article></body></html>`
  );
}

/** A site: output files with their title, text and category; each page's key is its content. */
type Site = Record<string, [title: string, text: string, category: string]>;

function setup() {
  const root = mkdtempSync(path.join(tmpdir(), 'xinwen-search-index-'));
  const outDir = path.join(root, 'dist');
  const cacheDir = path.join(root, 'cache');
  mkdirSync(outDir, { recursive: true });
  const messages: string[] = [];
  const logger = {
    info: (message: string) => messages.push(message),
    warn: (message: string) => messages.push(message),
    error: (message: string) => messages.push(message),
    debug: () => {},
    fork: () => logger,
    label: 'test',
    options: {},
  } as unknown as AstroIntegrationLogger;

  /** Writes `site` as this build's output and route record, and runs the step. */
  async function build(site: Site, search: UserSettings['search'] = {}): Promise<string> {
    for (const folder of ['a', 'b', 'c']) rmSync(path.join(outDir, folder), { recursive: true, force: true });
    const articles = Object.entries(site).map(([file, [title, text, category]]) => {
      const html = articlePage(title, text, category);
      mkdirSync(path.dirname(path.join(outDir, file)), { recursive: true });
      writeFileSync(path.join(outDir, file), html);
      return { file, key: `${title}|${text}|${category}` };
    });
    writeRouteRecord(cacheDir, { articles, redirects: [], prefixListings: [], unlisted: [] });
    const state = { outDir, cacheDir, logger, wasWritten: () => true } as unknown as PipelineState;
    messages.length = 0;
    await searchIndexStep('zh-CN', settingsSchema.shape.search.parse(search)).run(state, logger);
    return messages.join('\n');
  }

  const manifest = () => JSON.parse(readFileSync(path.join(outDir, 'pagefind-delta/xinwen-search.json'), 'utf8')) as SearchManifest;
  const found = () =>
    Object.fromEntries(Object.entries(searchDocuments(outDir)).map(([url, document]) => [url, (document.meta as { title: string }).title]));
  /** The title of every page any bundle folder holds, hidden or not, sorted: what the output publishes. */
  const published = () =>
    searchIndexFolders(outDir)
      .flatMap((folder) => [...readFragments(path.join(outDir, folder)).values()].map((page) => (page.meta as { title: string }).title))
      .sort();
  return { outDir, cacheDir, build, manifest, found, published };
}

const SITE: Site = {
  'a/1.html': ['甲篇', '第一篇文章的正文', '财经'],
  'a/2.html': ['乙篇', '第二篇文章的正文', '财经'],
  'b/3.html': ['丙篇', '第三篇文章的正文', '科技'],
  'b/4.html': ['丁篇', '第四篇文章的正文', '科技'],
  'c/5.html': ['戊篇', '第五篇文章的正文', '民生'],
};
/** The titles of a site's articles, sorted. */
const current = (site: Site) =>
  Object.values(site)
    .map(([title]) => title)
    .sort();
const titles = (site: Site) =>
  Object.fromEntries(
    Object.entries(site)
      .map(([file, [title]]) => [`/${file}`, title] as const)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );

describe('search index step', () => {
  it('indexes shards, then deltas, then folds them, always answering for the current articles', async () => {
    const { outDir, build, manifest, found, published } = setup();
    const options = { shardSize: 2, deltaLimit: 4 };

    expect(await build(SITE, options)).toMatch(/5 articles; 3 of 3 parts rebuilt: shards of 2 \+ 2 \+ 1 articles \(no earlier index\)/);
    expect(searchIndexFolders(outDir).sort()).toEqual(['pagefind', 'pagefind-2', 'pagefind-3', 'pagefind-delta', 'pagefind-runtime']);
    expect(existsSync(path.join(outDir, 'pagefind/pagefind-ui.js'))).toBe(false);
    expect(manifest()).toMatchObject({ bundles: ['/pagefind/', '/pagefind-2/', '/pagefind-3/'], hidden: [] });
    expect(manifest().filters).toEqual({ category: { 财经: 2, 科技: 2, 民生: 1 }, year: { 2024: 5 } });
    expect(found()).toEqual(titles(SITE));

    expect(await build(SITE, options)).toMatch(/5 articles, unchanged; 0 of 3 parts rebuilt/);

    // One new article and one edit: a delta of two; the edited article's shard entry is hidden.
    const edited: Site = { ...SITE, 'a/2.html': ['乙篇（更正）', '第二篇文章的正文', '财经'], 'c/6.html': ['己篇', '新增的文章', '民生'] };
    expect(await build(edited, options)).toMatch(
      /6 articles; 1 of 4 parts rebuilt: a delta of 2 added or changed articles, 1 of the 5 in the shards hidden/,
    );
    expect(manifest().bundles).toEqual(['/pagefind/', '/pagefind-2/', '/pagefind-3/', '/pagefind-delta/']);
    expect(manifest().hidden).toHaveLength(1);
    expect(manifest().filters.category).toEqual({ 财经: 2, 科技: 2, 民生: 2 });
    expect(found()).toEqual(titles(edited));
    // The hidden entry's page left its shard's files: the corrected title is all the output holds.
    expect(published()).toEqual(current(edited));

    // A removed article is hidden; the delta keeps what it had.
    const { 'b/3.html': _removed, ...fewer } = edited;
    expect(await build(fewer, options)).toMatch(
      /5 articles; 1 of 4 parts rebuilt: a delta of 2 added or changed articles, 2 of the 5 in the shards hidden/,
    );
    expect(found()).toEqual(titles(fewer));
    expect(published()).toEqual(current(fewer));
    expect(published()).not.toContain('丙篇');

    // Past the limit (3 changed + 2 hidden > 4): the delta is folded into the shards it touches.
    const more: Site = { ...fewer, 'c/7.html': ['庚篇', '又一篇新文章', '民生'] };
    expect(await build(more, options)).toMatch(
      /parts rebuilt: shards of .* articles \(3 articles changed and 2 base entries hidden since the shards were built, more than 4\)/,
    );
    expect(manifest().hidden).toEqual([]);
    expect(manifest().bundles).not.toContain('/pagefind-delta/');
    expect(found()).toEqual(titles(more));

    // A much smaller site: the shards it no longer needs leave the output.
    const small: Site = { 'a/1.html': SITE['a/1.html']! };
    await build(small, { shardSize: 2, deltaLimit: 0 });
    expect(found()).toEqual(titles(small));
    expect(manifest().bundles.length).toBeLessThanOrEqual(3);
    for (const bundle of manifest().bundles) expect(existsSync(path.join(outDir, bundle, 'pagefind.js'))).toBe(true);
  }, 120_000);

  it("takes a hidden entry's page out of the output, and indexes its article in the delta when it comes back", async () => {
    const { build, found, published } = setup();
    const options = { shardSize: 2, deltaLimit: 100 };
    await build(SITE, options);
    const { 'b/3.html': _removed, ...fewer } = SITE;
    expect(await build(fewer, options)).toMatch(/a delta of 0 added or changed articles, 1 of the 5 in the shards hidden/);
    expect(published()).toEqual(current(fewer));
    expect(found()).toEqual(titles(fewer));

    // Shown as it was again: its shard's page is gone, so the delta indexes it.
    expect(await build(SITE, options)).toMatch(/a delta of 1 added or changed articles, 1 of the 5 in the shards hidden/);
    expect(found()).toEqual(titles(SITE));
    expect(published()).toEqual(current(SITE));

    // An unchanged build after all that publishes the same.
    expect(await build(SITE, options)).toMatch(/unchanged/);
    expect(published()).toEqual(current(SITE));
  }, 120_000);

  it('takes a page out of a fragment group, keeping the others of the group', () => {
    const outDir = mkdtempSync(path.join(tmpdir(), 'xinwen-fragments-'));
    const dir = path.join(outDir, 'pagefind', 'fragment');
    mkdirSync(dir, { recursive: true });
    const page = (url: string) => ({ url, content: url, meta: { title: url } });
    // Pagefind's form: a signature, then the JSON of one page or of a group of pages by id.
    const write = (name: string, value: object) => writeFileSync(path.join(dir, name), gzipSync(`pagefind_dcd${JSON.stringify(value)}`));
    write('zh_1.pf_fragment', page('/1.html'));
    write('zh_g.pf_fragment', { zh_2: page('/2.html'), zh_3: page('/3.html') });
    removePages(outDir, [
      { folder: 'pagefind', id: 'zh_1' },
      { folder: 'pagefind', id: 'zh_2' },
    ]);
    expect(readdirSync(dir)).toEqual(['zh_g.pf_fragment']);
    expect([...readFragments(path.join(outDir, 'pagefind'))].map(([id, fragment]) => [id, fragment.url])).toEqual([['zh_3', '/3.html']]);
    // Again, with everything already gone: nothing to do, nothing fails.
    removePages(outDir, [{ folder: 'pagefind', id: 'zh_2' }]);
    expect([...readFragments(path.join(outDir, 'pagefind')).keys()]).toEqual(['zh_3']);
  });

  it('indexes every shard again when a shard folder is gone, and leaves everything as it was when disabled', async () => {
    const { outDir, cacheDir, build, found } = setup();
    await build(SITE, { shardSize: 3 });
    rmSync(path.join(outDir, 'pagefind-2'), { recursive: true });
    expect(await build(SITE, { shardSize: 3 })).toMatch(/2 of 2 parts rebuilt: .*missing or was replaced/);
    expect(found()).toEqual(titles(SITE));

    const state = readFileSync(path.join(cacheDir, SEARCH_STATE_FILE), 'utf8');
    const changed: Site = { ...SITE, 'c/8.html': ['辛篇', '跳过索引时新增', '民生'] };
    expect(await build(changed, { shardSize: 3, index: false })).toMatch(/SEARCH_INDEX=skip/);
    expect(readFileSync(path.join(cacheDir, SEARCH_STATE_FILE), 'utf8')).toBe(state);
    // The next indexing build still knows what the bundles hold, and adds only what is new.
    expect(await build(changed, { shardSize: 3 })).toMatch(/a delta of 1 added or changed articles/);
    expect(found()).toEqual(titles(changed));
  }, 120_000);
});

/** Every file of an output's index folders with its bytes, to compare two states of it. */
function indexFiles(outDir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (relative: string) => {
    for (const entry of readdirSync(path.join(outDir, relative), { withFileTypes: true })) {
      const name = path.posix.join(relative, entry.name);
      if (entry.isDirectory()) walk(name);
      else files[name] = readFileSync(path.join(outDir, name)).toString('base64');
    }
  };
  for (const folder of searchIndexFolders(outDir)) walk(folder);
  return files;
}

/** The WebAssembly URL a bundle's loader asks for, as the browser resolves it for that bundle. */
function wasmUrlOf(loaderText: string, bundle: string): string {
  const template = /`\$\{this\.basePath\}[^`]*\.pagefind`/.exec(loaderText)?.[0];
  if (!template) throw new Error('no WebAssembly URL in the loader');
  // The loader's own template literal, with the values Pagefind gives it.
  const url = new Function('language', `return ${template};`).call({ basePath: `/${bundle}/` }, 'unknown') as string;
  return new URL(url, 'https://site.example/').pathname;
}

describe("the search index's shared WebAssembly", () => {
  const options = { shardSize: 2, deltaLimit: 100 };
  const bundlesOf = (outDir: string) => searchIndexFolders(outDir).filter((folder) => folder !== 'pagefind-runtime');

  it('is one copy that every bundle loads, named by its digest', async () => {
    const { outDir, build, found } = setup();
    await build(SITE, options);
    await build({ ...SITE, 'c/6.html': ['己篇', '新增的文章', '民生'] }, options);
    const copies = readdirSync(path.join(outDir, 'pagefind-runtime'));
    expect(copies).toHaveLength(1);
    const [digest] = copies as [string];
    const shared = readdirSync(path.join(outDir, 'pagefind-runtime', digest));
    expect(shared).toEqual(['wasm.unknown.pagefind']);
    const bytes = readFileSync(path.join(outDir, 'pagefind-runtime', digest, 'wasm.unknown.pagefind'));
    expect(runtimeDigest([{ name: 'wasm.unknown.pagefind', bytes }])).toBe(digest);
    // Pagefind's WebAssembly: its gzip signature, tens of KB.
    expect([...bytes.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    expect(bytes.length).toBeGreaterThan(20_000);

    // Three shards and the delta: none keeps a copy, and every module and worker asks for the shared one.
    expect(bundlesOf(outDir).sort()).toEqual(['pagefind', 'pagefind-2', 'pagefind-3', 'pagefind-delta']);
    for (const bundle of bundlesOf(outDir)) {
      expect(readdirSync(path.join(outDir, bundle)).filter((name) => name.startsWith('wasm.'))).toEqual([]);
      for (const loader of ['pagefind.js', 'pagefind-worker.js']) {
        expect(wasmUrlOf(readFileSync(path.join(outDir, bundle, loader), 'utf8'), bundle)).toBe(
          `/pagefind-runtime/${digest}/wasm.unknown.pagefind`,
        );
      }
    }
    expect(found()).toEqual(titles({ ...SITE, 'c/6.html': ['己篇', '新增的文章', '民生'] }));
  }, 120_000);

  it('converts bundles that keep their own copy without indexing them again, and leaves nothing else behind', async () => {
    const { outDir, build } = setup();
    await build(SITE, options);
    const after = indexFiles(outDir);
    const [digest] = readdirSync(path.join(outDir, 'pagefind-runtime')) as [string];
    const wasm = readFileSync(path.join(outDir, 'pagefind-runtime', digest, 'wasm.unknown.pagefind'));

    // The bundles as an older version left them: each with its own copy, its loaders fetching it.
    rmSync(path.join(outDir, 'pagefind-runtime'), { recursive: true });
    for (const bundle of ['pagefind', 'pagefind-2', 'pagefind-3']) {
      writeFileSync(path.join(outDir, bundle, 'wasm.unknown.pagefind'), wasm);
      for (const loader of ['pagefind.js', 'pagefind-worker.js']) {
        const file = path.join(outDir, bundle, loader);
        writeFileSync(file, readFileSync(file, 'utf8').replace(/\.\.\/pagefind-runtime\/[0-9a-f]{12}\//, ''));
        expect(wasmUrlOf(readFileSync(file, 'utf8'), bundle)).toBe(`/${bundle}/wasm.unknown.pagefind`);
      }
    }
    // Left by a build stopped mid-write: a copy of another digest no bundle names, a temporary file.
    mkdirSync(path.join(outDir, 'pagefind-runtime', 'ffffffffffff'), { recursive: true });
    writeFileSync(path.join(outDir, 'pagefind-runtime', 'ffffffffffff', 'wasm.unknown.pagefind'), 'old');
    writeFileSync(path.join(outDir, 'pagefind-2', 'pagefind.js.123.tmp'), 'half');

    expect(await build(SITE, options)).toMatch(/5 articles, unchanged; 0 of 3 parts rebuilt/);
    expect(indexFiles(outDir)).toEqual(after);
    // And again: nothing to convert, nothing changes.
    await build(SITE, options);
    expect(indexFiles(outDir)).toEqual(after);
  }, 120_000);

  it('leaves a bundle whose loader it does not know with its own copy, and says so', async () => {
    const { outDir, build, found } = setup();
    await build(SITE, options);
    const [digest] = readdirSync(path.join(outDir, 'pagefind-runtime')) as [string];
    const wasm = readFileSync(path.join(outDir, 'pagefind-runtime', digest, 'wasm.unknown.pagefind'));
    // A loader that builds the URL some other way (as another Pagefind might).
    writeFileSync(path.join(outDir, 'pagefind-2', 'wasm.unknown.pagefind'), wasm);
    const module = path.join(outDir, 'pagefind-2', 'pagefind.js');
    const foreign = readFileSync(module, 'utf8').replace(
      /`\$\{this\.basePath\}[^`]*\.pagefind`/,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a loader's source text
      '`${this.basePath}wasm.${language}.pagefind?v=2`',
    );
    writeFileSync(module, foreign);

    expect(await build(SITE, options)).toMatch(/the Pagefind loader of pagefind-2 is not the one this version knows/);
    expect(readFileSync(module, 'utf8')).toBe(foreign);
    expect(existsSync(path.join(outDir, 'pagefind-2', 'wasm.unknown.pagefind'))).toBe(true);
    // The other bundles still share the copy, which stays.
    expect(wasmUrlOf(readFileSync(path.join(outDir, 'pagefind', 'pagefind.js'), 'utf8'), 'pagefind')).toBe(
      `/pagefind-runtime/${digest}/wasm.unknown.pagefind`,
    );
    expect(found()).toEqual(titles(SITE));
  }, 120_000);
});

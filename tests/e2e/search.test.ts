/**
 * Search in a real browser: Pagefind's index of a fixture site of our own, queried through the
 * search page, for Chinese words, phrases and filters. Every test runs twice: on a clean build,
 * where one base index holds every article, and on a site whose index incremental builds
 * updated, where the articles are split between the base and the delta, one base entry is
 * replaced by the delta and one belongs to a removed post.
 */
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { buildSite, projectRoot, temporaryDir, type BuiltSite } from '../support/build-site';
import { serveStatic, type StaticServer } from '../support/static-server';

const FIXTURE = path.join(projectRoot, 'tests/fixtures/search-posts');

/** Posts the first incremental build lacks: the second adds them, so the delta indexes them. */
const ADDED_LATER = ['2024-04-05-guangfu-fadian.md', '2024-05-02-zhaiquan.md', '2024-03-10-hupo-shuizhi.md'];
/** A post only the first incremental build has: its base entry must be hidden afterwards. */
const REMOVED = '2024-02-01-houniao.md';
const REMOVED_POST =
  '---\ntitle: 湿地迎来候鸟\ndate: 2024-02-01 09:00:00 +0800\ncategories: huanjing\n---\n<p>成群的候鸟在湿地越冬栖息。</p>\n';
/** A post the second build changes (a tag: what it shows, not what it says). */
const EDITED = '2024-05-03-xinpian.md';

function build(postsDir: string, folders?: Pick<BuiltSite, 'outDir' | 'cacheDir'>, settings: object = {}): BuiltSite {
  const site = buildSite({ postsDir, env: { INVALID_POSTS: 'fail', XINWEN_SETTINGS: JSON.stringify(settings) }, ...folders });
  if (site.exitCode !== 0) throw new Error(`search fixture build failed:\n${site.output}`);
  return site;
}

/** The fixture built in two steps with the index `settings`; returns the second build. */
function buildIncrementally(settings: object): BuiltSite {
  const postsDir = temporaryDir('search-posts');
  cpSync(FIXTURE, postsDir, { recursive: true });
  for (const file of ADDED_LATER) rmSync(path.join(postsDir, file));
  writeFileSync(path.join(postsDir, REMOVED), REMOVED_POST);
  const first = build(postsDir, undefined, settings);
  for (const file of ADDED_LATER) cpSync(path.join(FIXTURE, file), path.join(postsDir, file));
  rmSync(path.join(postsDir, REMOVED));
  const edited = path.join(postsDir, EDITED);
  writeFileSync(edited, readFileSync(edited, 'utf8').replace('tags: 科技', 'tags: [科技, 芯片]'));
  return build(postsDir, first, settings);
}

let browser: Browser;

beforeAll(async () => {
  // First: a browser that cannot start fails the file at once, not after the builds.
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe.each([
  { shape: 'one index (clean build)', make: () => build(FIXTURE), rebuilt: /1 of 1 parts rebuilt: shards of 6 articles/ },
  {
    shape: 'shards and a delta (incremental builds)',
    // Shards of 2: the first build's 4 articles are in 2 shards.
    make: () => buildIncrementally({ searchShardSize: 2 }),
    // The 3 added posts, the edited one, and neighbours whose newer/older links changed.
    rebuilt: /1 of 3 parts rebuilt: a delta of [4-9] added or changed articles, [2-4] of the 4 in the shards hidden/,
  },
  {
    shape: 'shards after the delta was folded into them (incremental builds)',
    make: () => buildIncrementally({ searchShardSize: 2, searchDeltaLimit: 2 }),
    rebuilt:
      /[2-4] of [3-4] parts rebuilt: shards of [\d +]+ articles \(\d+ articles changed and \d+ base entries hidden since the shards were built, more than 2\)/,
  },
])('search on $shape', ({ make, rebuilt }) => {
  let site: BuiltSite;
  let server: StaticServer;
  let page: Page;

  beforeAll(async () => {
    site = make();
    server = await serveStatic(site.outDir);
    page = await browser.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
  }, 240_000);

  afterAll(async () => {
    await page?.close();
    await server?.close();
  });

  /** Titles of the results for a query (and filters), as the search page shows them. */
  async function search(query: string, params: Record<string, string> = {}): Promise<{ titles: string[]; status: string }> {
    const search = new URLSearchParams({ q: query, ...params });
    await page.goto(`${server.origin}/search.html?${search.toString()}`);
    await page.waitForFunction(() => document.getElementById('search-status')?.textContent !== '');
    return {
      titles: await page.locator('#search-results .search-title').allTextContents(),
      status: (await page.locator('#search-status').textContent()) ?? '',
    };
  }

  it('has an index after the build', () => {
    expect(site.output).toMatch(/search index: 6 articles/);
    expect(existsSync(path.join(site.outDir, 'pagefind/pagefind.js'))).toBe(true);
  });

  it('finds a two-character word', async () => {
    expect((await search('芯片')).titles).toEqual(['新一代计算设备发布']);
  });

  it('finds a four-character phrase', async () => {
    expect((await search('乡村振兴')).titles).toEqual(['山区县的新变化']);
  });

  it('finds a phrase across a punctuation mark', async () => {
    expect((await search('稳就业保民生')).titles).toEqual(['光伏产业迎来新订单']);
  });

  it('ranks the exact title match first', async () => {
    const { titles } = await search('光伏产业迎来新订单');
    expect(titles[0]).toBe('光伏产业迎来新订单');
  });

  it('narrows results with the category and year filters', async () => {
    const all = (await search('光伏')).titles;
    expect(all).toEqual(expect.arrayContaining(['光伏产业迎来新订单', '债券市场回暖', '屋顶发电走进农家']));
    expect((await search('光伏', { category: 'jinrong' })).titles).toEqual(['债券市场回暖']);
    expect((await search('光伏', { category: 'nengyuan' })).titles.sort()).toEqual(['光伏产业迎来新订单', '屋顶发电走进农家'].sort());
    expect((await search('山区')).titles).toEqual(['山区县的新变化']);
    expect((await search('山区', { year: '2023' })).titles).toEqual(['山区县的新变化']);
    expect((await search('山区', { year: '2024' })).titles).toEqual([]);
  });

  it('sorts by date when asked', async () => {
    const { titles } = await search('光伏', { sort: 'newest' });
    expect(titles).toEqual(['债券市场回暖', '光伏产业迎来新订单', '屋顶发电走进农家']);
    const details = await page.locator('#search-results .search-details').first().textContent();
    expect(details).toContain('2024-05-02');
    expect(await page.locator('#search-results .search-excerpt mark').count()).toBeGreaterThan(0);
  });

  it('shows an empty state for a word found nowhere', async () => {
    const { titles, status } = await search('量子纠缠');
    expect(titles).toEqual([]);
    expect(status).toBe('没有找到与“量子纠缠”相关的文章。');
  });

  it('lists only articles with every word of the query, and offers the others behind a button', async () => {
    // Pagefind matches the fixture on 态 (in 态势 and 状态); it has neither 量子 nor 纠缠.
    const { titles, status } = await search('量子纠缠态');
    expect(titles).toEqual([]);
    expect(status).toBe('没有找到与“量子纠缠态”相关的文章。');
    const button = page.locator('#search-partial button');
    expect(await button.isVisible()).toBe(true);
    expect(await button.textContent()).toMatch(/^显示部分匹配的 [1-9]\d* 篇$/);
    expect(await page.locator('#search-results li').count()).toBe(0);
    await button.click();
    await page.locator('#search-results .search-title').first().waitFor();
    expect(await page.locator('#search-results .search-title').allTextContents()).toContain('湖泊水质持续向好');
    expect(await page.locator('#search-partial').textContent()).toMatch(/只包含“量子纠缠态”中的部分词语/);
    expect(await button.count()).toBe(0);
  });

  it('offers no partial matches when an article has every word', async () => {
    const { titles } = await search('水质态势');
    expect(titles).toEqual(['湖泊水质持续向好']);
    expect(await page.locator('#search-partial').isHidden()).toBe(true);
  });

  it('indexes articles only: navigation and listing text find nothing', async () => {
    for (const text of ['按月归档', '订阅本分类', '跳到正文', '热门分类']) {
      expect((await search(text)).titles, text).toEqual([]);
    }
  });

  it('explains without JavaScript that search needs it', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const noScript = await context.newPage();
    await noScript.goto(`${server.origin}/search.html`);
    expect(await noScript.locator('.search-notice').isVisible()).toBe(true);
    await context.close();
  });

  it('reports which parts of the index it rebuilt', () => {
    expect(site.output).toMatch(rebuilt);
  });

  it('finds a post the last build added by a phrase only it contains, and not a removed one', async () => {
    expect((await search('绿色债券')).titles).toEqual(['债券市场回暖']);
    expect((await search('候鸟')).titles).toEqual([]);
  });

  it('counts each article once beside the filters', async () => {
    await search('芯片');
    const options = await page.locator('#search-category option').allTextContents();
    expect(options).toEqual(expect.arrayContaining(['科技（1）', 'nengyuan（2）', 'huanjing（1）']));
    expect(await page.locator('#search-year option').allTextContents()).toEqual(['全部年份', '2024（5）', '2023（1）']);
  });
});

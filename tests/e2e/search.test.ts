/**
 * Search in a real browser: Pagefind's index of a fixture site of our own, queried through the
 * search page, for Chinese words, phrases and filters, typed or linked. Every test runs on three
 * index shapes: a clean build, where one shard holds every article; a site whose index
 * incremental builds updated, where the articles are split between shards and the delta, shard
 * entries are replaced by the delta and one belongs to a removed post; and the same after the
 * delta was folded into the shards.
 */
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { buildSite, projectRoot, temporaryDir, type BuiltSite } from '../support/build-site';
import { serveStatic, type StaticServer } from '../support/static-server';

const FIXTURE = path.join(projectRoot, 'tests/fixtures/search-posts');

/** Posts the first incremental build lacks: the second adds them, so the delta indexes them. */
const ADDED_LATER = ['2024-04-05-guangfu-fadian.md', '2024-05-02-zhaiquan.md', '2024-03-10-hupo-shuizhi.md', '2024-05-04-meiguo-zhaiwu.md'];
/** A post only the first incremental build has: its base entry must be hidden afterwards. */
const REMOVED = '2024-02-01-houniao.md';
const REMOVED_POST =
  '---\ntitle: 湿地迎来候鸟\ndate: 2024-02-01 09:00:00 +0800\ncategories: huanjing\n---\n<p>成群的候鸟在湿地越冬栖息。</p>\n';
/** The post whose text has 美国债务 beside 国债, and Latin text: what the excerpts are checked on. */
const DEBT_POST = readFileSync(path.join(FIXTURE, '2024-05-04-meiguo-zhaiwu.md'), 'utf8');
/** A post the second build changes: a sentence of its text, which the index reads, and a tag, which it does not. */
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
  writeFileSync(
    edited,
    readFileSync(edited, 'utf8').replace('tags: 科技', 'tags: [科技, 芯片]').replace('提升明显。', '提升明显，功耗更低。'),
  );
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
  { shape: 'one index (clean build)', make: () => build(FIXTURE), rebuilt: /1 of 1 parts rebuilt: shards of 7 articles/ },
  {
    shape: 'shards and a delta (incremental builds)',
    // Shards of 2: the first build's 4 articles are in 2 shards.
    make: () => buildIncrementally({ search: { shardSize: 2 } }),
    // The 4 added posts and the edited one; not the neighbours, whose newer/older links changed
    // but which the index does not read. Hidden: the edited post's entry and the removed post's.
    rebuilt: /1 of 3 parts rebuilt: a delta of 5 added or changed articles, 2 of the 4 in the shards hidden/,
  },
  {
    shape: 'shards after the delta was folded into them (incremental builds)',
    make: () => buildIncrementally({ search: { shardSize: 2, deltaLimit: 2 } }),
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

  /** Titles of the results for a query (and filters) linked to, as the search page shows them. */
  async function search(query: string, params: Record<string, string> = {}): Promise<{ titles: string[]; status: string }> {
    const search = new URLSearchParams({ q: query, ...params });
    await page.goto(`${server.origin}/search.html?${search.toString()}`);
    return shown(page);
  }

  /** What `target` shows once its newest search has shown its results. */
  async function shown(target: Page): Promise<{ titles: string[]; status: string }> {
    await target.waitForFunction(
      () =>
        document.getElementById('search-status')?.textContent !== '' &&
        !document.getElementById('search-results')?.hasAttribute('aria-busy'),
    );
    return {
      titles: await target.locator('#search-results .search-title').allTextContents(),
      status: (await target.locator('#search-status').textContent()) ?? '',
    };
  }

  /**
   * The search page, with nothing searched yet, in a browser context of its own (closed by
   * `close`); `fakeClock` installs Playwright's clock first, so a test decides when timers fire.
   */
  async function openSearchPage(fakeClock = false): Promise<{ typing: Page; close: () => Promise<void> }> {
    const context = await browser.newContext();
    if (fakeClock) await context.clock.install();
    const typing = await context.newPage();
    typing.on('pageerror', (error) => {
      throw error;
    });
    await typing.goto(`${server.origin}/search.html`);
    await typing.waitForFunction(() => document.documentElement.dataset.searchReady === 'true');
    return { typing, close: () => context.close() };
  }

  /** Stops the page's clock: from now on no timer fires unless the test moves the clock on. */
  async function pauseClock(target: Page): Promise<void> {
    await target.clock.pauseAt(await target.evaluate(() => Date.now() + 1000));
  }

  /**
   * Records the searches `target` starts from now on: each one begins by writing the form into
   * the page's URL. Returns a function that reads the URLs written so far.
   */
  async function recordSearches(target: Page): Promise<() => Promise<string[]>> {
    await target.evaluate(() => {
      const started: string[] = [];
      (window as unknown as { searchesStarted: string[] }).searchesStarted = started;
      const replaceState = history.replaceState.bind(history);
      history.replaceState = (data, unused, url) => {
        started.push(String(url));
        replaceState(data, unused, url);
      };
    });
    return () => target.evaluate(() => (window as unknown as { searchesStarted: string[] }).searchesStarted);
  }

  /** A query string as the search page writes it. */
  const linkTo = (params: Record<string, string>) => `?${new URLSearchParams(params).toString()}`;

  it('has an index after the build', () => {
    expect(site.output).toMatch(/search index: 7 articles/);
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
    expect(await page.locator('#search-year option').allTextContents()).toEqual(['全部年份', '2024（6）', '2023（1）']);
  });

  it('shows results as the reader types, without Enter, and on a change of filter or order, keeping the URL linkable', async () => {
    const { typing, close } = await openSearchPage();
    try {
      await typing.locator('#search-query').pressSequentially('光伏');
      const typed = await shown(typing);
      expect(typed.titles.sort()).toEqual(['光伏产业迎来新订单', '债券市场回暖', '屋顶发电走进农家'].sort());
      expect(new URL(typing.url()).search).toBe(linkTo({ q: '光伏' }));
      await typing.locator('#search-category').selectOption('nengyuan');
      expect((await shown(typing)).titles.sort()).toEqual(['光伏产业迎来新订单', '屋顶发电走进农家'].sort());
      await typing.locator('#search-sort').selectOption('newest');
      expect((await shown(typing)).titles).toEqual(['光伏产业迎来新订单', '屋顶发电走进农家']);
      expect(new URL(typing.url()).search).toBe(linkTo({ q: '光伏', category: 'nengyuan', sort: 'newest' }));
      await typing.locator('#search-query').fill('');
      await typing.waitForURL((url) => url.search === linkTo({ category: 'nengyuan', sort: 'newest' }));
      expect(await typing.locator('#search-results li').count()).toBe(0);
    } finally {
      await close();
    }
  });

  it('runs one search for a query typed fast, once typing pauses, and at once on Enter', async () => {
    const { typing, close } = await openSearchPage(true);
    try {
      await pauseClock(typing);
      const searches = await recordSearches(typing);
      // Each prefix (光, 光伏, 光伏组) would find other articles than the whole query.
      await typing.locator('#search-query').pressSequentially('光伏组件');
      expect(await searches()).toEqual([]);
      await typing.clock.runFor(2000);
      await typing.clock.resume();
      const { titles, status } = await shown(typing);
      expect(await searches()).toEqual([linkTo({ q: '光伏组件' })]);
      expect(titles).toEqual(['光伏产业迎来新订单']);
      expect(status).toContain('“光伏组件”');

      await pauseClock(typing);
      const afterEnter = await recordSearches(typing);
      await typing.locator('#search-query').fill('山区');
      await typing.locator('#search-query').press('Enter');
      expect(await afterEnter()).toEqual([linkTo({ q: '山区' })]);
      // The search Enter ran replaces the one the typing had asked for.
      await typing.clock.runFor(2000);
      expect(await afterEnter()).toEqual([linkTo({ q: '山区' })]);
      await typing.clock.resume();
      expect((await shown(typing)).titles).toEqual(['山区县的新变化']);
    } finally {
      await close();
    }
  });

  it('does not search while Chinese input is being composed, and searches the words it gives', async () => {
    const { typing, close } = await openSearchPage(true);
    try {
      await pauseClock(typing);
      const searches = await recordSearches(typing);
      await typing.locator('#search-query').focus();
      // Chromium's own input method events: compositionstart, updates, input events while composing, compositionend.
      const devtools = await typing.context().newCDPSession(typing);
      for (const pinyin of ['g', 'guo', 'guozhai']) {
        await devtools.send('Input.imeSetComposition', { text: pinyin, selectionStart: pinyin.length, selectionEnd: pinyin.length });
      }
      expect(await typing.locator('#search-query').inputValue()).toBe('guozhai');
      await typing.clock.runFor(2000);
      expect(await searches()).toEqual([]);
      await devtools.send('Input.insertText', { text: '国债' });
      expect(await typing.locator('#search-query').inputValue()).toBe('国债');
      await typing.clock.runFor(2000);
      await typing.clock.resume();
      expect((await shown(typing)).titles).toEqual(['美国债务上限再起争议']);
      expect(await searches()).toEqual([linkTo({ q: '国债' })]);
    } finally {
      await close();
    }
  });

  it('never lets an earlier, slower query replace the results of the query typed after it', async () => {
    const { typing, close } = await openSearchPage();
    try {
      // The text of 新一代计算设备发布, the one result of 芯片, arrives only when the test lets it.
      let release = () => {};
      const released = new Promise<void>((resolve) => (release = resolve));
      let held: (request: Request) => void = () => {};
      const holding = new Promise<Request>((resolve) => (held = resolve));
      await typing.route('**/*.pf_fragment', async (route) => {
        const response = await route.fetch();
        if (
          gunzipSync(await response.body())
            .toString()
            .includes('新一代计算设备发布')
        ) {
          held(route.request());
          await released;
        }
        await route.fulfill({ response });
      });
      await typing.locator('#search-query').fill('芯片');
      const slow = await holding;
      await typing.locator('#search-query').fill('山区');
      await typing.waitForURL((url) => url.searchParams.get('q') === '山区');
      expect((await shown(typing)).titles).toEqual(['山区县的新变化']);
      const finished = typing.waitForEvent('requestfinished', (request) => request.url() === slow.url());
      release();
      await finished;
      // The 芯片 search now has what it waited for; it has had ample time to show anything it would.
      await typing.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
      const { titles, status } = await shown(typing);
      expect(titles).toEqual(['山区县的新变化']);
      expect(status).toContain('“山区”');
    } finally {
      await close();
    }
  });

  it('marks only the words of the query in an excerpt of the body: 国债, not 美国 in 美国债务', async () => {
    expect((await search('国债')).titles).toEqual(['美国债务上限再起争议']);
    const marks = await page.locator('#search-results .search-excerpt mark').allTextContents();
    expect(marks.length).toBeGreaterThan(0);
    expect(new Set(marks)).toEqual(new Set(['国债']));
    const excerpt = (await page.locator('#search-results .search-excerpt').textContent()) ?? '';
    // The first match is in the body's first clause: the excerpt is the body from its start, without the title.
    expect(excerpt.startsWith('美国债务上限谈判再度陷入僵局，')).toBe(true);
    expect(excerpt).not.toContain('美国债务上限再起争议');
  });

  it('starts an excerpt of Latin text at a word, with … where text was cut', async () => {
    expect((await search('yield')).titles).toEqual(['美国债务上限再起争议']);
    expect(await page.locator('#search-results .search-excerpt mark').allTextContents()).toEqual(['yield']);
    const excerpt = (await page.locator('#search-results .search-excerpt').textContent()) ?? '';
    expect(excerpt).toMatch(/^…\S/);
    // In the post, the excerpt's first words follow a space: they are whole words.
    const start = excerpt.slice(1, 20);
    expect(DEBT_POST).toContain(start);
    expect(DEBT_POST.charAt(DEBT_POST.indexOf(start) - 1)).toBe(' ');
  });
});

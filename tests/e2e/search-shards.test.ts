/**
 * How much of a sharded index a search downloads, in a real browser: a site of 160 generated
 * articles whose index is cut into shards of 10 in date order. A common query is answered from
 * the newest shards alone, with the older articles behind a button; newest first, the page is
 * the one a search of every shard gives; a year filter opens only the shards of that year; a
 * rare word is looked for in the newest shards up to the site's widening limit, and in the older
 * ones when the reader asks, at most that many more articles each time.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCorpus } from '../../bench/corpus';
import { readFragments } from '../../src/integrations/post-build/search-index';
import { nextScope, WORD_LISTS_BY_ITSELF, wordListsFor } from '../../src/lib/search-scope';
import { launchBrowser } from '../support/browser';
import { buildSite, temporaryDir, type BuiltSite } from '../support/build-site';
import { serveStatic, type StaticServer } from '../support/static-server';

const ARTICLES = 160;
const SHARD_SIZE = 10;
/** Articles a search looks through by itself: seven shards of the twelve. */
const WIDEN_LIMIT = 70;
/** Two words the generated articles use all the time. */
const COMMON = '经济发展';
/** A word no generated article has. */
const ABSENT = '量子';
/** Six words, never all together in an article: each is searched in every shard it opens. */
const PHRASE_OF_SIX = '没有任何文章包含的词语';
/** A common word and a word no article has: Pagefind matches almost every article on the first. */
const COMMON_AND_ABSENT = `经济${ABSENT}`;

let browser: Browser;
let site: BuiltSite;
let server: StaticServer;

beforeAll(async () => {
  browser = await launchBrowser();
  const postsDir = temporaryDir('search-shards');
  writeCorpus(postsDir, { count: ARTICLES, categories: 5 });
  site = buildSite({
    postsDir,
    env: { INVALID_POSTS: 'fail', XINWEN_SETTINGS: JSON.stringify({ search: { shardSize: SHARD_SIZE, widenLimit: WIDEN_LIMIT } }) },
  });
  if (site.exitCode !== 0) throw new Error(`build failed:\n${site.output}`);
  server = await serveStatic(site.outDir);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Manifest {
  bundles: string[];
  sizes: number[];
  years: string[][];
  wordLists: number[];
}

const manifest = () => JSON.parse(readFileSync(path.join(site.outDir, 'pagefind-delta/xinwen-search.json'), 'utf8')) as Manifest;

/** The publication times of a shard's articles, as its index holds them. */
function shardTimes(folder: string): number[] {
  return [...readFragments(path.join(site.outDir, folder)).values()].map((page) => Date.parse((page.meta as { date?: string }).date ?? ''));
}

/** Opens a search in a fresh page; returns the result titles and dates, and the index folders it fetched from. */
async function search(
  params: Record<string, string>,
  page?: Page,
): Promise<{ page: Page; titles: string[]; dates: string[]; folders: Set<string> }> {
  const target = page ?? (await (await browser.newContext()).newPage());
  const folders = new Set<string>();
  target.on('request', (request) => {
    const folder = /^\/(pagefind(?:-\d+|-delta)?)\/(?!xinwen-search\.json)/.exec(new URL(request.url()).pathname)?.[1];
    if (folder) folders.add(folder);
  });
  target.on('pageerror', (error) => {
    throw error;
  });
  await target.goto(`${server.origin}/search.html?${new URLSearchParams(params).toString()}`);
  await settled(target);
  return { page: target, ...(await results(target)), folders };
}

async function settled(target: Page): Promise<void> {
  await target.waitForFunction(
    () =>
      document.getElementById('search-status')?.textContent !== '' && !document.getElementById('search-results')?.hasAttribute('aria-busy'),
  );
}

/**
 * Presses the older-articles button until it is gone; returns, for each press, the articles its
 * label offered and the index folders that press opened.
 */
async function pressOlderUntilDone(target: Page, folders: Set<string>): Promise<{ offered: number; opened: number }[]> {
  const presses: { offered: number; opened: number }[] = [];
  while (await target.locator('#search-older button').isVisible()) {
    presses.push(...(await pressOnce(target, folders)));
    if (presses.length > ARTICLES) throw new Error('the button never went away');
  }
  return presses;
}

/** Presses the older-articles button once; returns the articles it offered and the index folders the press opened. */
async function pressOnce(target: Page, folders: Set<string>): Promise<{ offered: number; opened: number }[]> {
  const button = target.locator('#search-older button');
  const label = (await button.textContent()) ?? '';
  const offered = Number(/在更早的 ([\d,]+) 篇文章中继续搜索/.exec(label)?.[1]?.replaceAll(',', ''));
  const before = folders.size;
  await button.click();
  // The press's search is done when its results are shown, with or without a further button.
  await target.waitForFunction(() => !document.getElementById('search-results')?.hasAttribute('aria-busy'));
  await settled(target);
  return [{ offered, opened: folders.size - before }];
}

async function results(target: Page): Promise<{ titles: string[]; dates: string[] }> {
  return {
    titles: await target.locator('#search-results .search-title').allTextContents(),
    dates: await target.locator('#search-results time').evaluateAll((times) => times.map((time) => time.getAttribute('datetime') ?? '')),
  };
}

describe('a search over shards cut in date order', () => {
  it('cuts the shards in date order, the newest articles in the last', () => {
    const shards = manifest().bundles.filter((bundle) => bundle !== '/pagefind-delta/');
    expect(shards).toHaveLength(ARTICLES / SHARD_SIZE);
    const ranges = shards.map((bundle) => shardTimes(bundle.slice(1, -1)));
    for (let index = 1; index < ranges.length; index += 1) {
      expect(Math.min(...ranges[index]!)).toBeGreaterThanOrEqual(Math.max(...ranges[index - 1]!));
    }
  });

  it('answers a common query from the newest shards, and offers the older articles behind a button', async () => {
    const shards = manifest()
      .bundles.filter((bundle) => bundle !== '/pagefind-delta/')
      .map((bundle) => bundle.slice(1, -1));
    const { page, titles, folders } = await search({ q: COMMON });
    expect(titles).toHaveLength(30);
    // The newest shards, as many as a page of 30 results needs, and none of the older ones.
    expect(folders.size).toBeLessThan(shards.length);
    expect([...folders].sort()).toEqual(shards.slice(-folders.size).sort());
    const older = page.locator('#search-older button');
    await expect.poll(() => older.isVisible()).toBe(true);
    expect(await older.textContent()).toMatch(/在更早的 \d+ 篇文章中继续搜索/);
    await pressOlderUntilDone(page, folders);
    expect(folders).toEqual(new Set(shards));
    await page.context().close();
  });

  it('newest first, shows the page a search of every shard shows', async () => {
    const scoped = await search({ q: COMMON, sort: 'newest' });
    const every = await search({ q: COMMON, sort: 'newest' });
    await pressOlderUntilDone(every.page, every.folders);
    expect(every.folders.size).toBe(ARTICLES / SHARD_SIZE);
    expect(scoped.folders.size).toBeLessThan(every.folders.size);
    const all = await results(every.page);
    expect(scoped.dates).toEqual([...scoped.dates].sort().reverse());
    expect(scoped.titles).toEqual(all.titles);
    await scoped.page.context().close();
    await every.page.context().close();
  });

  it('with a year chosen, opens only the shards that have articles of that year', async () => {
    const { bundles, years } = manifest();
    const oldest = years[0]![0]!;
    const withYear = bundles.filter((_, index) => years[index]!.includes(oldest)).map((bundle) => bundle.slice(1, -1));
    expect(withYear.length).toBeLessThan(bundles.length);
    const { page, dates, folders } = await search({ q: COMMON, year: oldest });
    expect(dates.length).toBeGreaterThan(0);
    expect(dates.every((date) => date.startsWith(oldest))).toBe(true);
    for (const folder of folders) expect(withYear).toContain(folder);
    await page.context().close();
  });

  it('looks for a word no article has in the newest shards up to the limit, and in the rest when asked', async () => {
    const shards = manifest().bundles.map((bundle) => bundle.slice(1, -1));
    const { page, titles, folders } = await search({ q: ABSENT });
    expect(titles).toEqual([]);
    // Rounds of 1, 2 and 4 shards, then three more (not four): 70 articles, the limit.
    expect([...folders].sort()).toEqual(shards.slice(-WIDEN_LIMIT / SHARD_SIZE).sort());
    expect(await page.locator('#search-status').textContent()).toBe(`在最新的 ${WIDEN_LIMIT} 篇文章中没有找到与“${ABSENT}”相关的文章。`);
    // Each press: the next older shards, at most the limit's articles (7 shards of 10), then the rest.
    const presses = await pressOlderUntilDone(page, folders);
    expect(presses).toEqual([
      { offered: WIDEN_LIMIT, opened: WIDEN_LIMIT / SHARD_SIZE },
      { offered: ARTICLES - 2 * WIDEN_LIMIT, opened: (ARTICLES - 2 * WIDEN_LIMIT) / SHARD_SIZE },
    ]);
    expect(folders).toEqual(new Set(shards));
    expect(await page.locator('#search-status').textContent()).toBe(`没有找到与“${ABSENT}”相关的文章。`);
    await page.context().close();
  });

  it('keeps the focus of a reader who presses the button from the keyboard', async () => {
    const { page } = await search({ q: ABSENT });
    const older = page.locator('#search-older button');
    await older.focus();
    // A press's search can take seconds on a loaded machine: its end is awaited, not guessed.
    const focused = () => page.evaluate(() => document.activeElement?.id || (document.activeElement?.textContent ?? ''));
    await page.keyboard.press('Enter');
    await settled(page);
    await expect.poll(focused, { timeout: 10_000 }).toBe(`在更早的 ${ARTICLES - 2 * WIDEN_LIMIT} 篇文章中继续搜索`);
    // The last press: no button is left, and the focus is on what the search found.
    await page.keyboard.press('Enter');
    await settled(page);
    await expect.poll(focused, { timeout: 10_000 }).toBe('search-status');
    expect(await page.locator('#search-status').textContent()).toBe(`没有找到与“${ABSENT}”相关的文章。`);
    await page.context().close();
  });

  /**
   * The index folders, newest first, a query of `words` words searches by itself, by the
   * manifest's sizes and word-list files (a clean build has no delta), and their word lists.
   */
  function widenedBy(words: number): { folders: string[]; lists: number[] } {
    const { bundles, sizes, wordLists } = manifest();
    const order = bundles.map((_, index) => index).reverse();
    const sizesInOrder = order.map((index) => sizes[index]!);
    const lists = order.map((index) => wordListsFor(words, wordLists[index]));
    let scope = 1;
    for (
      let next = nextScope(sizesInOrder, scope, WIDEN_LIMIT, lists);
      next !== undefined;
      next = nextScope(sizesInOrder, scope, WIDEN_LIMIT, lists)
    )
      scope = next;
    return { folders: order.slice(0, scope).map((index) => bundles[index]!.slice(1, -1)), lists: lists.slice(0, scope) };
  }

  it('widens a query of many words no further than its word lists allow', async () => {
    const widened = widenedBy(6);
    // Shards of ten articles have a few word-list files each: six words stop short of the limit.
    expect(widened.folders.length).toBeLessThan(WIDEN_LIMIT / SHARD_SIZE);
    server.served.length = 0;
    const { page, titles, folders } = await search({ q: PHRASE_OF_SIX });
    expect(titles).toEqual([]);
    expect([...folders].sort()).toEqual(widened.folders.sort());
    const downloaded = server.served.filter((file) => file.path.endsWith('.pf_index')).length;
    expect(downloaded).toBeLessThanOrEqual(Math.max(widened.lists[0]!, WORD_LISTS_BY_ITSELF));
    await page.context().close();
  });

  it("checks the text of a page's worth of the articles that lack a word, not of every one", async () => {
    server.served.length = 0;
    const { page, titles } = await search({ q: COMMON_AND_ABSENT });
    expect(titles).toEqual([]);
    const searched = widenedBy(2).folders.length * SHARD_SIZE;
    expect(await page.locator('#search-status').textContent()).toBe(
      `在最新的 ${searched} 篇文章中没有找到与“${COMMON_AND_ABSENT}”相关的文章。`,
    );
    const partlyMatched = Number(/显示部分匹配的 (\d+) 篇/.exec((await page.locator('#search-partial button').textContent()) ?? '')?.[1]);
    expect(partlyMatched).toBeGreaterThan(30);
    expect(server.served.filter((file) => file.path.endsWith('.pf_fragment')).length).toBeLessThanOrEqual(30);
    // Asked for, they are listed: the first page of them.
    await page.locator('#search-partial button').click();
    await page.locator('#search-results .search-title').first().waitFor();
    expect(await page.locator('#search-results .search-title').count()).toBe(30);
    await page.context().close();
  });

  it("downloads Pagefind's WebAssembly once, however many shards a search opens", async () => {
    server.served.length = 0;
    const { page, folders } = await search({ q: PHRASE_OF_SIX });
    await pressOlderUntilDone(page, folders);
    await page.waitForLoadState('networkidle');
    expect(folders.size).toBe(ARTICLES / SHARD_SIZE);
    const sent = server.served.map((file) => file.path);
    // Each shard's module and worker (a module holds one WebAssembly instance), one WebAssembly.
    expect(sent.filter((file) => file.endsWith('/pagefind.js'))).toHaveLength(folders.size);
    expect(sent.filter((file) => file.includes('/wasm.'))).toEqual([
      expect.stringMatching(/^\/pagefind-runtime\/[0-9a-f]{12}\/wasm\.unknown\.pagefind$/),
    ]);
    await page.context().close();
  });
});

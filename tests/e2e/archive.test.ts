/**
 * A reader of the migrated scraper-fed archive (`tests/fixtures/scraped-archive`), in a real
 * browser: the back links the scrapers wrote for a layout the site never had — to the old host's
 * category, to `../` — land on listings, through the site's URL folders; the one that leads
 * nowhere (`../emnews/`) is in the link report. Old category URLs at their exact case land on
 * their listings, and a shortened article URL on the posts of its day, month and year.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { HtmlValidate } from 'html-validate';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINK_REPORT_FILE, type LinkCheckResult } from '../../src/integrations/post-build/link-check';
import { siteTarget, writtenLinks } from '../../src/lib/body-links';
import { launchBrowser, stayOnLoopback } from '../support/browser';
import { fileForUrl, readUrl } from '../support/build-site';
import { ARCHIVE_FIXTURE, type MigratedArchive, sharedMigratedArchive } from '../support/migrated-archive';
import { serveStatic, type StaticServer } from '../support/static-server';

const OLD_HOST = 'finews.withounder.com';

let archive: MigratedArchive;
let server: StaticServer;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  browser = await launchBrowser();
  archive = sharedMigratedArchive();
  server = await serveStatic(archive.site.outDir);
  context = await browser.newContext();
  await stayOnLoopback(context);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The back links a scraped post's file writes: every link whose text starts with 返回. */
function backLinks(file: string): string[] {
  const text = readFileSync(path.join(ARCHIVE_FIXTURE, '_posts', file), 'utf8');
  const written = new Set(writtenLinks(text, 1, { markdown: true }).map((link) => link.href));
  return [...text.matchAll(/\[返回[^\]]*\]\(([^)]+)\)/g)].map((match) => match[1]!).filter((href) => written.has(href));
}

/** Opens `url` and waits until the page stops redirecting; gives the page and where it ended. */
async function land(url: string): Promise<{ page: Page; status: number | undefined; path: string }> {
  const page = await context.newPage();
  // Every page the tab loads answers with a status; the last one is the page it ends on.
  const statuses = new Map<string, number>();
  page.on('response', (response) => {
    if (response.request().isNavigationRequest()) statuses.set(new URL(response.url()).pathname, response.status());
  });
  const requested = new URL(`${server.origin}${url}`).pathname;
  // A redirect page refreshes at once: wait for the page it leads to. Whether it is one is read
  // from the file, as the browser may have left it before its body can be read.
  const file = fileForUrl(archive.site.outDir, requested);
  const redirect = existsSync(file) && /http-equiv="refresh"/.test(readFileSync(file, 'utf8'));
  await page.goto(`${server.origin}${url}`);
  if (redirect) await page.waitForURL((next) => next.pathname !== requested);
  await page.waitForLoadState('load');
  const status = statuses.get(new URL(page.url()).pathname);
  return { page, status, path: decodeURIComponent(new URL(page.url()).pathname) };
}

/** What a listing page shows: its heading and the posts it links to. */
async function listing(page: Page): Promise<{ heading: string; posts: string[]; folders: string[] }> {
  return {
    heading: (await page.locator('h1').textContent()) ?? '',
    posts: await page.locator('.post-list .post-link').allTextContents(),
    folders: await page.locator('.category-list a').allTextContents(),
  };
}

describe('the scrapers’ back links', () => {
  const FIRST = { file: '2021-12-08-202112082206703990.md', url: '/emnews/2021/12/08/202112082206703990.html' };
  const SECOND = { file: '2021-12-09-202112092207000001.md', url: '/emnews/2021/12/09/202112092207000001.html' };

  it('to the old host’s category land on the category’s listing, with the post in it', async () => {
    const links = backLinks(FIRST.file);
    expect(links).toEqual([`//${OLD_HOST}/emnews/`, `//${OLD_HOST}/`]);
    const target = siteTarget(links[0]!, FIRST.url, [OLD_HOST]);
    expect(target).toBe('/emnews/');
    const { page, status, path: landed } = await land(target!);
    expect(status).toBe(200);
    expect(landed).toBe('/category/emnews.html');
    const shown = await listing(page);
    expect(shown.heading).toBe('分类：东方财富新闻');
    expect(shown.posts).toContain('机构上调目标价');
    await page.close();
  });

  it('to ../ land on the listing of the post’s month, with the post in it', async () => {
    const links = backLinks(SECOND.file);
    expect(links).toEqual(['../emnews/', '../']);
    const target = siteTarget('../', SECOND.url, [OLD_HOST]);
    expect(target).toBe('/emnews/2021/12/');
    const { page, status, path: landed } = await land(target!);
    expect(status).toBe(200);
    expect(landed).toBe('/emnews/2021/12/');
    const shown = await listing(page);
    expect(shown.heading).toBe('东方财富新闻 · 2021年12月');
    expect(shown.posts).toEqual(['央行开展逆回购操作', '机构上调目标价']);
    expect(shown.folders).toEqual(['9日', '8日']);
    await page.close();
  });

  it('to ../emnews/ lead nowhere, and the link report counts them apart, as links the page does not show', async () => {
    const target = siteTarget('../emnews/', SECOND.url, [OLD_HOST]);
    expect(target).toBe('/emnews/2021/12/emnews/');
    const { page, status } = await land(target!);
    expect(status).toBe(404);
    await page.close();
    const report = JSON.parse(readFileSync(path.join(archive.site.cacheDir, LINK_REPORT_FILE), 'utf8')) as LinkCheckResult;
    expect(report.bodyLinks!.notShown).toContainEqual(
      expect.objectContaining({
        file: `src/content/posts/${SECOND.file}`,
        field: 'link',
        href: '../emnews/',
        path: '/emnews/2021/12/emnews/',
      }),
    );
    expect(report.bodyLinks!.broken.map((problem) => problem.message)).not.toContainEqual(expect.stringContaining('../emnews/'));
  });

  it('are replaced on the page by the site’s own link to the category, which a reader can follow', async () => {
    const { page } = await land(SECOND.url);
    // The body keeps its own link (to a special) and none of the scraper's back links.
    await expect(page.locator('.article-body a').allTextContents()).resolves.toEqual(['年终专题']);
    await page.locator('.back-links a', { hasText: '返回“东方财富新闻”' }).click();
    await page.waitForURL(`${server.origin}/category/emnews.html`);
    expect((await listing(page)).posts).toContain('央行开展逆回购操作');
    await page.close();
  });
});

describe('a reader who shortens an article URL', () => {
  it.each([
    ['/emnews/2021/12/08/', '东方财富新闻 · 2021年12月8日', ['机构上调目标价']],
    ['/emnews/2021/12/', '东方财富新闻 · 2021年12月', ['央行开展逆回购操作', '机构上调目标价']],
    ['/emnews/2021/', '东方财富新闻 · 2021年', []],
    ['/2021/12/10/', '2021年12月10日', ['202112102208000003']],
  ])('lands on %s: %s', async (url, heading, posts) => {
    const { page, status, path: landed } = await land(url);
    expect([status, landed]).toEqual([200, url]);
    const shown = await listing(page);
    expect(shown.heading).toBe(heading);
    expect(shown.posts).toEqual(posts);
    // Each level links up through the breadcrumb and down through its folders or posts.
    expect(await page.locator('.breadcrumb a').first().getAttribute('href')).toBe('/');
    expect(shown.posts.length + shown.folders.length).toBeGreaterThan(0);
    await page.close();
  });
});

describe('old category URLs', () => {
  it.each([
    ['/category/CBOT.html', '/category/cbot.html', '分类：芝加哥期货新闻'],
    ['/category/Techweb.html', '/category/techweb.html', '分类：TechWeb新闻'],
    ['/category/21sj.html', '/category/21shijijingjibaodao 21caijingapp.html', '分类：21世纪经济报道'],
  ])('%s lands on %s', async (oldUrl, listingUrl, heading) => {
    const { page, status, path: landed } = await land(oldUrl);
    expect([status, landed]).toEqual([200, listingUrl]);
    expect((await listing(page)).heading).toBe(heading);
    await page.close();
  });

  it('a category without posts says so and leads to all categories', async () => {
    const { page } = await land('/category/kong.html');
    await expect(page.locator('.listing-empty').textContent()).resolves.toBe('这个分类还没有文章。请看全部分类。');
    await page.locator('.listing-empty a').click();
    await page.waitForURL(`${server.origin}/categories.html`);
    await page.close();
  });
});

describe('the new kinds of page', () => {
  it.each([
    ['a day folder', '/emnews/2021/12/08/'],
    ['a month folder', '/emnews/2021/12/'],
    ['a year folder', '/emnews/2021/'],
    ['a folder of an uncategorised post', '/2021/12/10/'],
    ['a one-category folder (a redirect)', '/emnews/'],
    ['an old category URL (a redirect)', '/category/CBOT.html'],
    ['an empty category listing', '/category/kong.html'],
  ])('%s has HTML without validation errors', async (_name, url) => {
    const validator = new HtmlValidate({
      extends: ['html-validate:recommended'],
      rules: { 'no-inline-style': 'off', 'void-style': 'off' },
    });
    const report = await validator.validateString(readUrl(archive.site.outDir, url));
    expect(report.results.flatMap((result) => result.messages.map((message) => `${message.ruleId}: ${message.message}`))).toEqual([]);
  });
});

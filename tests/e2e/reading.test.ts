/**
 * Reading in a real browser: a fixture site of our own, walked like a reader would, checked at
 * phone and desktop widths, with axe-core and html-validate, and photographed in light and dark.
 * A second site, from the shared sample posts and the widest stress posts, has every kind of
 * page checked for sideways overflow: our own fixture is too tidy to show it.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { HtmlValidate } from 'html-validate';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, stayOnLoopback } from '../support/browser';
import { buildSite, type BuiltSite, copyOfSite, listFiles, projectRoot, readUrl, sharedBuild, temporaryDir } from '../support/build-site';
import { readerDifferences, readFeeds, urlsOf } from '../support/feed-reader';
import { SAMPLES, SAMPLES_MISSING, SAMPLES_PRESENT, SAMPLES_REQUIRED } from '../support/shared-samples';
import { serveStatic, type StaticServer } from '../support/static-server';
import { WIDE_POSTS, writePosts } from '../support/stress-posts';

const FIXTURE = path.join(projectRoot, 'tests/fixtures/reading-posts');
const SCREENSHOTS = path.join(projectRoot, 'test-output/screenshots');
const LONG_ARTICLE = '/caijing/yaowen/2024/03/01/chang-wen.html';
const PAGES = { home: '/', category: '/category/caijing.html', article: LONG_ARTICLE, notFound: '/no/such/page.html' };

let site: BuiltSite;
let server: StaticServer;
let browser: Browser;
let context: BrowserContext;
let wideSite: BuiltSite | undefined;
let wideServer: StaticServer | undefined;

beforeAll(async () => {
  // First: a browser that cannot start fails the file at once, not after the build.
  browser = await launchBrowser();
  // The feeds tests' build, made once for both; copied, since an image is added below.
  const shared = sharedBuild({ postsDir: FIXTURE, env: { INVALID_POSTS: 'fail' } });
  if (shared.exitCode !== 0) throw new Error(`reading fixture build failed:\n${shared.output}`);
  site = copyOfSite(shared);
  // The long article shows a local image far wider than any screen.
  mkdirSync(path.join(site.outDir, 'fixture-images'), { recursive: true });
  writeFileSync(
    path.join(site.outDir, 'fixture-images/wide.svg'),
    '<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="400"><rect width="1600" height="400" fill="#7a9cc6"/></svg>',
  );
  server = await serveStatic(site.outDir);
  context = await browser.newContext();
  // Nothing on these pages may come from another host.
  await stayOnLoopback(context);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await wideServer?.close();
});

async function open(url: string, options: { width?: number; dark?: boolean; origin?: string } = {}): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize({ width: options.width ?? 1280, height: 900 });
  await page.emulateMedia({ colorScheme: options.dark ? 'dark' : 'light' });
  await page.goto(`${options.origin ?? server.origin}${url}`, { waitUntil: 'load' });
  return page;
}

/**
 * How far the page reaches past the right edge of the window, and the elements that stick out
 * (their tag and class, and how far). What a scrolling or clipping box holds is not counted
 * where the box itself fits: a wide table scrolls inside the article without widening the page.
 */
async function overflowOf(page: Page): Promise<{ overflow: number; wide: string[] }> {
  return page.evaluate(() => {
    const limit = window.innerWidth + 0.5;
    const clipped = (element: Element): boolean => {
      for (let parent = element.parentElement; parent; parent = parent.parentElement) {
        if (getComputedStyle(parent).overflowX !== 'visible' && parent.getBoundingClientRect().right <= limit) return true;
      }
      return false;
    };
    const wide: string[] = [];
    for (const element of document.body.querySelectorAll('*')) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if ((box.right > limit || box.width > limit) && !clipped(element)) {
        wide.push(
          `${element.tagName.toLowerCase()}.${[...element.classList].join('.')} ${Math.round(box.width)}px wide, right edge at ${Math.round(box.right)}px`,
        );
      }
    }
    return { overflow: document.documentElement.scrollWidth - window.innerWidth, wide: wide.slice(0, 5) };
  });
}

describe('a reader', () => {
  it('walks home → category → article → newer/older → back to the category', async () => {
    const page = await open('/');
    expect(await page.title()).toBe('新闻存档');
    await page.getByRole('link', { name: '财经', exact: true }).first().click();
    await page.waitForURL(`${server.origin}/category/caijing.html`);
    expect(await page.locator('h1').textContent()).toBe('分类：财经');

    await page.getByRole('link', { name: '财经第二篇：央行公开市场操作' }).click();
    await page.waitForURL(`${server.origin}/caijing/2024/03/02/caijing-2.html`);
    expect(await page.locator('h1').textContent()).toBe('财经第二篇：央行公开市场操作');

    await page.locator('.post-nav a[rel="prev"]').click();
    await page.waitForURL(`${server.origin}/caijing/2024/03/03/caijing-3.html`);
    expect(await page.title()).toBe('财经第三篇：债券市场回暖 | 新闻存档');

    await page.locator('.post-nav a[rel="next"]').click();
    await page.waitForURL(`${server.origin}/caijing/2024/03/02/caijing-2.html`);
    await page.locator('.post-nav a[rel="next"]').click();
    await page.waitForURL(`${server.origin}${LONG_ARTICLE}`);
    expect(await page.locator('.article-source a').getAttribute('href')).toBe('https://news.example.org/2024/03/01/chang-wen.html');
    expect(await page.locator('.post-meta').textContent()).toMatch(/2024年3月1日 09:00.*阅读约 1 分钟/);

    await page.getByRole('link', { name: '« 返回“财经”' }).click();
    await page.waitForURL(`${server.origin}/category/caijing.html`);
    await page.close();
  });

  it.each([375, 1280])('sees nothing overflow sideways at %i px, and every image fits', async (width) => {
    for (const url of Object.values(PAGES)) {
      const page = await open(url, { width });
      const { overflow, wide } = await overflowOf(page);
      expect(overflow, `${url} at ${width}px`).toBeLessThanOrEqual(0);
      expect(wide, `${url} at ${width}px`).toEqual([]);
      const wideImages = await page.evaluate(() =>
        [...document.images].filter((image) => image.getBoundingClientRect().right > window.innerWidth + 0.5).map((image) => image.src),
      );
      expect(wideImages, `${url} at ${width}px`).toEqual([]);
      await page.close();
    }
    // The wide table scrolls inside the article instead of widening the page.
    const page = await open(LONG_ARTICLE, { width });
    const table = await page.evaluate(() => {
      const element = document.querySelector('.article-body table')!;
      return { overflowX: getComputedStyle(element).overflowX, fits: element.getBoundingClientRect().right <= window.innerWidth + 0.5 };
    });
    expect(table).toEqual({ overflowX: 'auto', fits: true });
    await page.close();
  });

  it('builds the shared samples beside the checkout (and must, where XINWEN_REQUIRE_SAMPLES=1)', () => {
    expect(SAMPLES_PRESENT || !SAMPLES_REQUIRED, SAMPLES_MISSING).toBe(true);
  });

  describe.runIf(SAMPLES_PRESENT)('on a site of real and stress posts', () => {
    let wide: Record<string, string> = {};

    beforeAll(async () => {
      const postsDir = temporaryDir('wide-posts');
      cpSync(SAMPLES, postsDir, { recursive: true });
      writePosts(postsDir, WIDE_POSTS);
      // Two posts a listing page, so that categories with three posts have a later page.
      wideSite = buildSite({
        postsDir,
        env: { INVALID_POSTS: 'skip', SEARCH_INDEX: 'skip', XINWEN_SETTINGS: JSON.stringify({ pageSize: 2 }) },
      });
      if (wideSite.exitCode !== 0) throw new Error(`samples and stress build failed:\n${wideSite.output}`);
      wideServer = await serveStatic(wideSite.outDir);
      const files = listFiles(wideSite.outDir);
      const first = (pattern: RegExp): string => {
        const file = files.find((name) => pattern.test(name));
        if (!file) throw new Error(`no output file matches ${pattern}`);
        return `/${file.split('/').map(encodeURIComponent).join('/')}`;
      };
      wide = {
        home: '/',
        'sample article': first(/^emnews\/.*\.html$/),
        'one-line article': first(/\/one-line\.html$/),
        '10,000-tag article': first(/\/many-tags\.html$/),
        'long-word article': first(/\/long-words\.html$/),
        'category page 1': '/category/stress.html',
        'category later page': first(/^category\/stress\/page\/\d+\.html$/),
        'long-word category': first(/^category\/pneumono[a-z]+\.html$/),
        'tag page': '/tag/t9999.html',
        'long-URL tag page': first(/^tag\/https:.*\.html$/),
        'archive index': '/archive.html',
        'archive month': '/archive/2023/06.html',
        categories: '/categories.html',
        'categories by name': '/categories-by-name.html',
        search: '/search.html',
        '404': '/no/such/page.html',
      };
    }, 300_000);

    it.each([375, 1280])('sees no page overflow sideways at %i px', async (width) => {
      const found: Record<string, { overflow: number; wide: string[] }> = {};
      for (const [name, url] of Object.entries(wide)) {
        const page = await open(url, { width, origin: wideServer!.origin });
        const result = await overflowOf(page);
        if (result.overflow > 0 || result.wide.length > 0) found[`${name} (${url})`] = result;
        await page.close();
      }
      expect(found).toEqual({});
    });

    it('runs nothing from any sample article: no script, handler, javascript: link, dialog or request elsewhere', async () => {
      const articles = listFiles(wideSite!.outDir)
        .filter((file) => file.endsWith('.html'))
        .filter((file) => readFileSync(path.join(wideSite!.outDir, file), 'utf8').includes('<article class="article"'));
      expect(articles.length).toBeGreaterThanOrEqual(10);
      const found: Record<string, string[]> = {};
      for (const file of articles) {
        const page = await context.newPage();
        const seen: string[] = [];
        page.on('dialog', (dialog) => {
          seen.push(`dialog: ${dialog.message()}`);
          void dialog.dismiss();
        });
        page.on('pageerror', (error) => seen.push(`error: ${error.message}`));
        // Images hot-linked from news sites are the only requests elsewhere a page may make.
        page.on('request', (request) => {
          if (new URL(request.url()).hostname !== '127.0.0.1' && request.resourceType() !== 'image') {
            seen.push(`request (${request.resourceType()}): ${request.url()}`);
          }
        });
        await page.goto(`${wideServer!.origin}/${file.split('/').map(encodeURIComponent).join('/')}`, { waitUntil: 'load' });
        seen.push(
          ...(await page.evaluate(() =>
            [...document.querySelectorAll('*')].flatMap((element) => [
              ...(element.tagName === 'SCRIPT' && element.getAttribute('type') !== 'application/ld+json' ? ['script element'] : []),
              ...[...element.attributes]
                .filter((attribute) => /^on/i.test(attribute.name) || /^\s*javascript:/i.test(attribute.value))
                .map((attribute) => `${element.tagName.toLowerCase()}[${attribute.name}]`),
            ]),
          )),
        );
        if (seen.length > 0) found[file] = seen;
        await page.close();
      }
      expect(found).toEqual({});
    });

    it('gives feed readers the sample articles as the pages show them: titles and descriptions as text, absolute links', async () => {
      const items = await readFeeds(wideSite!.outDir);
      expect(new Set(items.map((item) => item.link)).size).toBeGreaterThanOrEqual(10);
      const relative = items.flatMap((item) =>
        urlsOf(item)
          .filter((url) => !URL.canParse(url))
          .map((url) => `${item.link}: ${url}`),
      );
      expect(relative).toEqual([]);
      // Links to the archive's old hosts lead to the site in a reader too.
      const oldHosts = items.flatMap((item) => urlsOf(item).filter((url) => /\/\/finews\.withounder\.com\//.test(url)));
      expect(oldHosts).toEqual([]);
      const page = await context.newPage();
      const differences = await readerDifferences(page, wideServer!.origin, wideSite!.outDir, items, '新闻存档');
      await page.close();
      expect(differences).toEqual([]);
    }, 120_000);
  });

  it('finds no serious or critical accessibility violations (axe-core)', async () => {
    const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
    // The site's CSP refuses injected scripts, as it should; axe runs in a context that bypasses it.
    const axeContext = await browser.newContext({ bypassCSP: true });
    await stayOnLoopback(axeContext);
    for (const dark of [false, true]) {
      for (const url of Object.values(PAGES)) {
        const page = await axeContext.newPage();
        await page.emulateMedia({ colorScheme: dark ? 'dark' : 'light' });
        await page.goto(`${server.origin}${url}`);
        await page.addScriptTag({ path: axeSource });
        const violations = await page.evaluate(async () => {
          const axe = (
            window as unknown as {
              axe: { run: () => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> };
            }
          ).axe;
          const result = await axe.run();
          return result.violations
            .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
            .map(
              (violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
            );
        });
        expect(violations, `${url}${dark ? ' (dark)' : ''}`).toEqual([]);
        await page.close();
      }
    }
    await axeContext.close();
  });

  it('gets HTML without validation errors', async () => {
    const validator = new HtmlValidate({
      extends: ['html-validate:recommended'],
      rules: { 'no-inline-style': 'off', 'void-style': 'off' },
    });
    const files = {
      home: '/index.html',
      category: PAGES.category,
      article: PAGES.article,
      notFound: '/404.html',
      archive: '/archive.html',
      byName: '/categories-by-name.html',
    };
    for (const [name, url] of Object.entries(files)) {
      const report = await validator.validateString(readUrl(site.outDir, url));
      expect(
        report.results.flatMap((result) => result.messages.map((message) => `${message.ruleId}: ${message.message}`)),
        name,
      ).toEqual([]);
    }
  });

  it('serves a 404 page for a missing URL', async () => {
    const response = await (await context.newPage()).goto(`${server.origin}${PAGES.notFound}`);
    expect(response?.status()).toBe(404);
    expect(await response?.text()).toContain('页面不存在');
  });

  it('leaves screenshots for review: light and dark, phone and desktop', async () => {
    // Only these pictures need CJK fonts (Debian: fonts-noto-cjk), or the Chinese text shows as
    // boxes; no assertion in these tests depends on the fonts installed, so CI does without.
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const [device, width] of [
      ['phone', 375],
      ['desktop', 1280],
    ] as const) {
      for (const dark of [false, true]) {
        for (const [name, url] of Object.entries({ home: PAGES.home, article: PAGES.article })) {
          const page = await open(url, { width, dark });
          // Lazy images in view load just after the load event; wait for them.
          await page.evaluate(() => Promise.all([...document.images].map((image) => image.decode().catch(() => undefined))));
          const file = path.join(SCREENSHOTS, `${name}-${device}-${dark ? 'dark' : 'light'}.png`);
          await page.screenshot({ path: file, fullPage: device !== 'phone' });
          await page.close();
        }
      }
    }
  });
});

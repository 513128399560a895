/**
 * Subscribing, in a real browser: feeds show as readable pages through a CSS stylesheet (no
 * XSLT, which browsers drop), the feeds page lists every feed, the OPML list names only feeds
 * the build wrote, and the header's RSS link leads to the feeds page.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { HtmlValidate } from 'html-validate';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, stayOnLoopback } from '../support/browser';
import { type BuiltSite, fileForUrl, listFiles, projectRoot, readUrl, sharedBuild } from '../support/build-site';
import { serveStatic, type StaticServer } from '../support/static-server';

const FIXTURE = path.join(projectRoot, 'tests/fixtures/reading-posts');
const CATEGORY_FEED = '/category/caijing/feed.xml';

let site: BuiltSite;
let server: StaticServer;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  browser = await launchBrowser();
  // The same build as the reading tests': made once for both.
  site = sharedBuild({ postsDir: FIXTURE, env: { INVALID_POSTS: 'fail' } });
  if (site.exitCode !== 0) throw new Error(`reading fixture build failed:\n${site.output}`);
  server = await serveStatic(site.outDir);
  context = await browser.newContext();
  await stayOnLoopback(context);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Site URLs of every category feed the build wrote. */
function categoryFeedUrls(): string[] {
  return listFiles(site.outDir)
    .filter((file) => /^category\/[^/]+\/feed\.xml$/.test(file))
    .map((file) => `/${file}`);
}

const xml = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'outline' });

function channelTitle(feedUrl: string): string {
  return (xml.parse(readUrl(site.outDir, feedUrl)) as { rss: { channel: { title: string } } }).rss.channel.title;
}

/** A page and what its console said. */
async function open(url: string): Promise<{ page: Page; console: string[]; stylesheets: number[] }> {
  const page = await context.newPage();
  const console: string[] = [];
  const stylesheets: number[] = [];
  page.on('console', (message) => console.push(message.text()));
  page.on('response', (response) => {
    if (new URL(response.url()).pathname === '/feed.css') stylesheets.push(response.status());
  });
  await page.goto(`${server.origin}${url}`, { waitUntil: 'load' });
  return { page, console, stylesheets };
}

describe('a feed opened in the browser', () => {
  it('finds category feeds to check', () => {
    expect(categoryFeedUrls()).toContain(CATEGORY_FEED);
  });

  it.each(['/feed.xml', CATEGORY_FEED])('%s is styled XML with a CSS stylesheet, not XSLT', async (url) => {
    const file = readUrl(site.outDir, url);
    const instructions = [...file.matchAll(/<\?xml-stylesheet\s([^?]*)\?>/g)].map((match) => match[1]!.trim());
    expect(instructions).toEqual(['type="text/css" href="/feed.css"']);
    expect(file).not.toMatch(/xsl/i);

    const { page, console, stylesheets } = await open(url);
    expect(stylesheets).toEqual([200]);
    // No XSLT ran: the document is still the feed (a transform would have made it HTML), and
    // the browser said nothing about XSLT.
    expect(await page.evaluate(() => document.documentElement.localName)).toBe('rss');
    // Chromium recognises the feed (`application/rss+xml`) and still renders it.
    expect(await page.evaluate(() => document.contentType)).toMatch(/^application\/(?:rss\+)?xml$/);
    expect(console.filter((text) => /xslt|xsl/i.test(text))).toEqual([]);

    const title = page.locator('channel > title');
    expect(await title.isVisible()).toBe(true);
    expect(await title.textContent()).toBe(channelTitle(url));
    // The stylesheet is what shows it: a heading-sized block, not the browser's XML tree.
    expect(await title.evaluate((element) => getComputedStyle(element).display)).toBe('block');
    expect(Number.parseFloat(await title.evaluate((element) => getComputedStyle(element).fontSize))).toBeGreaterThan(20);
    expect(await page.getByText('This XML file does not appear to have any style information').count()).toBe(0);

    const items = page.locator('channel > item');
    expect(await items.count()).toBeGreaterThan(0);
    expect(await items.first().locator('title').isVisible()).toBe(true);
    expect(await items.first().locator('description').isVisible()).toBe(true);
    // The full HTML body would show as markup; the excerpt stands for it.
    const encoded = await page.evaluate(
      () => document.getElementsByTagNameNS('http://purl.org/rss/1.0/modules/content/', 'encoded').length,
    );
    expect(encoded).toBeGreaterThan(0);
    expect(
      await page.evaluate(() =>
        [...document.getElementsByTagNameNS('http://purl.org/rss/1.0/modules/content/', 'encoded')].every(
          (element) => getComputedStyle(element).display === 'none',
        ),
      ),
    ).toBe(true);
    await page.close();
  });
});

describe('the feeds page', () => {
  it('is where the header RSS link goes, and pages advertise the OPML list', async () => {
    const { page } = await open('/');
    expect(await page.locator('head link[rel="outline"]').getAttribute('href')).toBe('/feeds.opml');
    expect(await page.locator('head link[rel="outline"]').getAttribute('type')).toBe('text/x-opml');
    await page.locator('.site-header nav').getByRole('link', { name: 'RSS', exact: true }).click();
    await page.waitForURL(`${server.origin}/feeds.html`);
    expect(await page.locator('h1').textContent()).toBe('RSS 订阅');
    await page.close();
  });

  it('lists the site feed, the OPML list and every category feed by its display name', async () => {
    const { page } = await open('/feeds.html');
    expect(await page.locator('a[href="/feed.xml"]').count()).toBeGreaterThan(0);
    expect(await page.locator('a[href="/feeds.opml"]').count()).toBeGreaterThan(0);
    const links = await page
      .locator('.feed-list a')
      .evaluateAll((anchors) => anchors.map((anchor) => ({ href: anchor.getAttribute('href')!, text: anchor.textContent!.trim() })));
    const expected = categoryFeedUrls();
    expect(links.map((link) => decodeURIComponent(link.href)).sort()).toEqual(expected.map((url) => decodeURIComponent(url)).sort());
    for (const link of links) expect(`${link.text} | 新闻存档`).toBe(channelTitle(link.href));
    await page.close();
  });

  it('is linked from a category page, apart from the post count, and from the category lists', async () => {
    const { page } = await open('/category/caijing.html');
    const summary = page.locator('.listing-summary');
    expect(await summary.locator(`a[href="${CATEGORY_FEED}"]`).textContent()).toBe('订阅本分类 RSS');
    expect(await summary.locator('a[href="/feeds.html"]').count()).toBe(1);
    // The count and the links read as separate pieces, not "共 3 篇订阅本分类 RSS".
    expect((await summary.textContent())!.trim()).toMatch(/^共 \d+ 篇\s*·\s*订阅本分类 RSS\s*·\s*全部订阅源$/);
    const separator = summary.locator('.separator').first();
    expect(Number.parseFloat(await separator.evaluate((element) => getComputedStyle(element).marginLeft))).toBeGreaterThan(0);
    await page.close();
    for (const url of ['/categories.html', '/categories-by-name.html']) {
      const html = readUrl(site.outDir, url);
      expect(html, url).toContain('href="/feeds.opml"');
      expect(html, url).toContain('href="/feeds.html"');
    }
  });

  it('is valid, accessible HTML', async () => {
    const validator = new HtmlValidate({ extends: ['html-validate:recommended'] });
    const report = await validator.validateString(readUrl(site.outDir, '/feeds.html'));
    expect(report.results.flatMap((result) => result.messages.map((message) => `${message.ruleId}: ${message.message}`))).toEqual([]);

    const axeContext = await browser.newContext({ bypassCSP: true });
    await stayOnLoopback(axeContext);
    for (const dark of [false, true]) {
      const page = await axeContext.newPage();
      await page.emulateMedia({ colorScheme: dark ? 'dark' : 'light' });
      await page.goto(`${server.origin}/feeds.html`);
      await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
      const violations = await page.evaluate(async () => {
        const { axe } = window as unknown as {
          axe: { run: () => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> };
        };
        const result = await axe.run();
        return result.violations
          .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
          .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
      });
      expect(violations, dark ? 'dark' : 'light').toEqual([]);
      await page.close();
    }
    await axeContext.close();
  });
});

interface Outline {
  '@_text': string;
  '@_title'?: string;
  '@_type'?: string;
  '@_xmlUrl'?: string;
  '@_htmlUrl'?: string;
  outline?: Outline[];
}

describe('the OPML list', () => {
  it('names the site feed and every category feed, each a file of the build', async () => {
    const { page } = await open('/feeds.html');
    const response = await page.request.get(`${server.origin}/feeds.opml`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('text/x-opml');
    await page.close();

    const text = await response.text();
    const opml = (xml.parse(text) as { opml: { '@_version': string; head: { title: string }; body: { outline: Outline[] } } }).opml;
    expect(opml['@_version']).toBe('2.0');
    const feeds: Outline[] = [];
    const walk = (outlines: Outline[]) => {
      for (const outline of outlines) {
        if (outline['@_xmlUrl']) feeds.push(outline);
        if (outline.outline) walk(outline.outline);
      }
    };
    walk(opml.body.outline);

    const paths = feeds.map((feed) => new URL(feed['@_xmlUrl']!).pathname);
    expect(paths.sort()).toEqual(['/feed.xml', ...categoryFeedUrls()].sort());
    for (const feed of feeds) {
      expect(feed['@_type']).toBe('rss');
      expect(feed['@_title']).toBe(feed['@_text']);
      for (const url of [feed['@_xmlUrl']!, feed['@_htmlUrl']!]) {
        const absolute = new URL(url);
        expect(absolute.protocol, url).toBe('https:');
        expect(existsSync(fileForUrl(site.outDir, absolute.pathname)), url).toBe(true);
      }
    }
    const caijing = feeds.find((feed) => feed['@_xmlUrl']!.endsWith(CATEGORY_FEED))!;
    expect(`${caijing['@_text']} | 新闻存档`).toBe(channelTitle(CATEGORY_FEED));
    expect(readFileSync(fileForUrl(site.outDir, '/feeds.opml'), 'utf8')).toBe(text);
  });
});

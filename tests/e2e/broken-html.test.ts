/**
 * Builds a site with one post per construct of `tests/fixtures/broken-html-posts/constructs.ts`
 * (markup a page cut mid-tag leaves open), each followed by a marker paragraph, then checks in
 * Chromium that every article still shows its marker, once, outside any link to another host,
 * and that the feeds' `content:encoded` HTML does the same.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { DomUtils, ElementType, parseDocument } from 'htmlparser2';
import type { Browser, Page } from 'playwright-core';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROKEN_CONSTRUCTS } from '../fixtures/broken-html-posts/constructs';
import { launchBrowser, stayOnLoopback } from '../support/browser';
import { buildSite, listFiles, readUrl, temporaryDir, type BuiltSite } from '../support/build-site';
import { serveStatic, type StaticServer } from '../support/static-server';

const marker = (index: number) => `之后的文字仍在，第${index + 1}号。`;
/** Categories enough that every post is in its category's feed, which holds the newest 20. */
const FEED_CATEGORIES = Math.ceil(BROKEN_CONSTRUCTS.length / 20);
const slug = (index: number) => `broken-${String(index + 1).padStart(3, '0')}`;

/** Posts written for the test: the construct table is the fixture's one source. */
function writePosts(): string {
  const postsDir = temporaryDir('broken-html-posts');
  BROKEN_CONSTRUCTS.forEach(({ group, name, html }, index) => {
    const day = String(1 + (index % 28)).padStart(2, '0');
    const month = index < 28 ? '06' : '07';
    const title = `残缺标记：${group} ${name}`.replace(/'/g, "''");
    writeFileSync(
      path.join(postsDir, `2023-${month}-${day}-${slug(index)}.html`),
      // Each category feed holds at most 20 items, and every post must be in one.
      `---\ntitle: '${title}'\ncategories: broken-${index % FEED_CATEGORIES}\ndate: 2023-${month}-${day} 10:00:00 +0800\n---\n${html}\n<p>${marker(index)}</p>\n`,
    );
  });
  return postsDir;
}

/** Hrefs of the links around each occurrence of `text`, in HTML parsed outside a browser. */
function linksAround(html: string, text: string): { count: number; hrefs: string[] } {
  const document = parseDocument(html);
  const hrefs: string[] = [];
  for (const node of DomUtils.filter((child) => child.type === ElementType.Text && DomUtils.textContent(child).includes(text), document)) {
    for (let parent = node.parent; parent; parent = parent.parent) {
      if ('name' in parent && parent.name === 'a') hrefs.push(parent.attribs.href ?? '');
    }
  }
  return { count: DomUtils.textContent(document).split(text).length - 1, hrefs };
}

const isOffSite = (href: string) => /^\s*(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(href);

let site: BuiltSite;
let server: StaticServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  site = buildSite({ postsDir: writePosts(), env: { INVALID_POSTS: 'fail' } });
  if (site.exitCode !== 0) throw new Error(`broken-HTML fixture build failed:\n${site.output}`);
  server = await serveStatic(site.outDir);
  page = await browser.newPage();
  await stayOnLoopback(page);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const articleUrls = () => {
  const urls = new Map<string, string>();
  for (const file of listFiles(site.outDir)) {
    const match = /\/(broken-\d{3})\.html$/.exec(`/${file}`);
    if (match) urls.set(match[1]!, `/${file}`);
  }
  return urls;
};

describe('markup left open in an article', () => {
  it.each(BROKEN_CONSTRUCTS.map((construct, index) => ({ ...construct, index })))(
    'the page shows the text after $group: $name',
    async ({ index }) => {
      const url = articleUrls().get(slug(index));
      expect(url, `article page of ${slug(index)}`).toBeDefined();
      await page.goto(`${server.origin}${url}`, { waitUntil: 'load' });
      const text = marker(index);
      await expect.poll(() => page.getByText(text, { exact: true }).isVisible()).toBe(true);
      const body = page.locator('.article-body');
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text, what a reader sees, is the point
      expect((await body.innerText()).split(text).length - 1).toBe(1);
      const offSiteLinks = await body.evaluate((root, wanted) => {
        const found: string[] = [];
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (!node.textContent?.includes(wanted)) continue;
          const link = node.parentElement?.closest('a[href]') as HTMLAnchorElement | null;
          if (link && new URL(link.href).host !== location.host) found.push(link.href);
        }
        return found;
      }, text);
      expect(offSiteLinks).toEqual([]);
    },
    30_000,
  );
});

describe('markup left open in the feeds', () => {
  it('every feed item shows its marker once, outside links to another host', async () => {
    const parser = new Parser();
    const seen = new Set<number>();
    const problems: string[] = [];
    for (const feed of listFiles(site.outDir).filter((file) => file.endsWith('feed.xml'))) {
      const parsed = await parser.parseString(readUrl(site.outDir, `/${feed}`));
      for (const item of parsed.items) {
        const html = String((item as Record<string, unknown>)['content:encoded'] ?? '');
        const index = BROKEN_CONSTRUCTS.findIndex((_construct, i) => html.includes(marker(i)));
        if (index < 0) {
          problems.push(`${feed}: ${item.title}: no marker in ${html}`);
          continue;
        }
        seen.add(index);
        const { count, hrefs } = linksAround(html, marker(index));
        if (count !== 1) problems.push(`${feed}: ${item.title}: marker shown ${count} times in ${html}`);
        if (hrefs.some(isOffSite)) problems.push(`${feed}: ${item.title}: marker inside a link to ${hrefs.join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
    expect(seen.size).toBe(BROKEN_CONSTRUCTS.length);
  });
});

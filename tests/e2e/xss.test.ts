/**
 * Builds a fixture site whose posts carry our XSS corpus in bodies, titles, tags, category names
 * and Markdown links, then loads every page, and every feed item as a feed reader shows it (parsed
 * with an RSS parser; channel title, item title, description and content rendered as HTML,
 * without the site's CSP), in Chromium, recording any script execution, dialog, CSP violation,
 * navigation or request to another host. None may happen; the text after each payload must still
 * be visible; nothing in an article may be positioned over the page; a reader shows each title
 * and description as the article page does.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRouteRecord } from '../../src/lib/route-record';
import { resolves } from '../../src/lib/route-record';
import { launchBrowser } from '../support/browser';
import { buildSite, listFiles, temporaryDir, type BuiltSite } from '../support/build-site';
import { readerDifferences, readFeeds, type ReaderItem, urlsOf, writeReaderPages } from '../support/feed-reader';
import { serveStatic, type StaticServer } from '../support/static-server';
import { BODY_PAYLOADS, CATEGORY_PAYLOADS, TAG_PAYLOADS, TITLE_PAYLOADS, payloadCount } from '../fixtures/xss-payloads';

/** The site's `url` setting: feeds write the site's own links and images as absolute URLs to it. */
const SITE_URL = 'https://finews.example.com';
/** The site's `title` setting, which ends every channel title. */
const SITE_TITLE = '新闻存档';

const yamlQuote = (text: string) => `'${text.replace(/'/g, "''")}'`;

interface Fixture {
  postsDir: string;
  /** Marker text that must be visible after each body payload, by post slug. */
  markers: Map<string, string>;
}

function writeFixture(): Fixture {
  const postsDir = temporaryDir('xss-posts');
  const markers = new Map<string, string>();
  let number = 0;
  const write = (front: string[], body: string) => {
    number += 1;
    const slug = `xss-${String(number).padStart(3, '0')}`;
    const day = String(1 + (number % 28)).padStart(2, '0');
    const marker = `后文标记${number}号`;
    markers.set(slug, marker);
    writeFileSync(
      path.join(postsDir, `2023-05-${day}-${slug}.md`),
      `---\n${front.join('\n')}\ndate: 2023-05-${day} 10:${String(number % 60).padStart(2, '0')}:00 +0800\n---\n<p>前文标记${number}号</p>\n\n${body}\n\n<p>${marker}</p>\n`,
    );
  };
  for (const [group, payloads] of Object.entries(BODY_PAYLOADS)) {
    for (const payload of payloads) write([`title: ${yamlQuote(`正文载荷：${group}`)}`, 'categories: xss', 'tags: 安全'], payload);
  }
  for (const title of TITLE_PAYLOADS) write([`title: ${yamlQuote(title)}`, 'categories: xss'], '<p>标题载荷。</p>');
  for (const tag of TAG_PAYLOADS) write(['title: 标签载荷', 'categories: xss', `tags: [${yamlQuote(tag)}]`], '<p>标签载荷。</p>');
  for (const category of CATEGORY_PAYLOADS) write(['title: 分类载荷', `categories: [${yamlQuote(category)}]`], '<p>分类载荷。</p>');
  return { postsDir, markers };
}

const INIT_SCRIPT = `(() => {
  const events = [];
  Object.defineProperty(window, '__xssEvents', { value: events });
  for (const name of ['alert', 'confirm', 'prompt', 'print', 'open']) {
    window[name] = (...args) => { events.push(name + '(' + String(args[0]) + ')'); };
  }
  document.addEventListener('securitypolicyviolation', (event) => {
    events.push('csp ' + event.violatedDirective + ' ' + event.blockedURI + ' ' + (event.sample || ''));
  }, true);
})();`;

interface PageResult {
  url: string;
  problems: string[];
}

async function inspect(page: Page, origin: string, url: string, marker: string | undefined): Promise<PageResult> {
  const problems: string[] = [];
  const target = `${origin}${url}`;
  const onDialog = (dialog: { message(): string; dismiss(): Promise<void> }) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  };
  const onNavigate = (frame: { url(): string }) => {
    if (frame === page.mainFrame() && frame.url() !== target && frame.url() !== 'about:blank') problems.push(`navigated to ${frame.url()}`);
  };
  // The page before is unloaded first: a script of its own still running (the search page
  // writes its query into the URL once its index opens) must not count as this page navigating.
  await page.goto('about:blank');
  page.on('dialog', onDialog);
  page.on('framenavigated', onNavigate);
  try {
    await page.goto(target, { waitUntil: 'load' });
    // Let timers, meta refreshes and lazy loads have their moment.
    await page.waitForTimeout(150);
    if (page.url() !== target) problems.push(`left the page for ${page.url()}`);
    const events = await page.evaluate(() => (window as unknown as { __xssEvents: string[] }).__xssEvents.slice());
    problems.push(...events);
    // A `javascript:` link runs when clicked, which no load shows: every URL, as this browser
    // parses it, must be one that loads or leads somewhere, never one that runs script.
    const scriptUrls = await page.evaluate(() => {
      const found: string[] = [];
      for (const element of document.querySelectorAll('*')) {
        for (const attribute of element.attributes) {
          const name = attribute.name.toLowerCase();
          if (!['href', 'xlink:href', 'src', 'srcset', 'action', 'formaction', 'cite', 'poster', 'data', 'background'].includes(name))
            continue;
          const values =
            name === 'srcset' ? attribute.value.split(',').map((candidate) => candidate.trim().split(/\s+/)[0] ?? '') : [attribute.value];
          for (const value of values) {
            let protocol = '';
            try {
              protocol = new URL(value, document.baseURI).protocol;
            } catch {
              continue;
            }
            const image = name === 'src' || name === 'srcset';
            if (protocol === 'javascript:' || protocol === 'vbscript:' || (protocol === 'data:' && !image)) {
              found.push(`${element.localName} ${name}="${attribute.value.slice(0, 60)}"`);
            }
          }
        }
      }
      return found;
    });
    for (const url of scriptUrls) problems.push(`script URL: ${url}`);
    if (marker !== undefined && !(await page.getByText(marker, { exact: true }).isVisible())) {
      problems.push(`text after the payload ("${marker}") is not visible`);
    }
    const positioned = await page.evaluate(() =>
      [...document.querySelectorAll('.article-body *, body > *:not(header):not(main):not(footer):not(a.skip-link)')]
        .filter((element) => ['fixed', 'absolute', 'sticky'].includes(getComputedStyle(element).position))
        .map((element) => element.outerHTML.slice(0, 80)),
    );
    for (const element of positioned) problems.push(`positioned element in the page: ${element}`);
    const covered = await page.evaluate(() => {
      const center = [window.innerWidth / 2, window.innerHeight / 2] as const;
      const hit = document.elementFromPoint(...center);
      return hit !== null && hit.closest('.article-body') !== null && getComputedStyle(hit).position !== 'static';
    });
    if (covered) problems.push('an article element covers the viewport');
  } finally {
    page.off('dialog', onDialog);
    page.off('framenavigated', onNavigate);
  }
  return { url, problems };
}

let fixture: Fixture;
let site: BuiltSite;
let readerItems: ReaderItem[];
let server: StaticServer;
let browser: Browser;
let context: BrowserContext;
const outsideRequests: string[] = [];

beforeAll(async () => {
  // First: a browser that cannot start fails the file at once, not after the build.
  browser = await launchBrowser();
  fixture = writeFixture();
  site = buildSite({ postsDir: fixture.postsDir, env: { INVALID_POSTS: 'fail' } });
  if (site.exitCode !== 0) throw new Error(`XSS fixture build failed:\n${site.output}`);
  readerItems = await readFeeds(site.outDir);
  server = await serveStatic(site.outDir);
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(INIT_SCRIPT);
  await context.route('**/*', (route) => {
    const requested = new URL(route.request().url());
    if (requested.hostname === '127.0.0.1') return route.continue();
    // Feed items link to the site by its absolute URL (the `url` setting), not to this server.
    if (requested.origin !== SITE_URL) outsideRequests.push(route.request().url());
    return route.abort();
  });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the browser hooks', () => {
  // Pages that do each forbidden thing: if a hook missed one, the corpus test would prove nothing.
  const CONTROLS: Record<string, string> = {
    'inline script': '<script>alert(1)</script><p>after</p>',
    'javascript: link': '<a href="javascript:alert(1)">x</a><p>after</p>',
    'event handler': '<img src="missing.png" onerror="alert(1)"><p>after</p>',
    'handler blocked by CSP': `<meta http-equiv="Content-Security-Policy" content="script-src 'self'"><img src="missing.png" onerror="alert(1)"><p>after</p>`,
    'request elsewhere': '<img src="http://evil.test/x.png"><p>after</p>',
    navigation: '<meta http-equiv="refresh" content="0;url=/index.html"><p>after</p>',
    overlay: '<div class="article-body"><div style="position:fixed;inset:0;background:#fff">x</div></div><p>after</p>',
    'hidden text': '<p style="display:none">after</p>',
  };

  it.each(Object.keys(CONTROLS))('catch a page with %s', async (name) => {
    const dir = path.join(site.outDir, '__controls');
    mkdirSync(dir, { recursive: true });
    const file = `${name.replace(/\W+/g, '-')}.html`;
    writeFileSync(
      path.join(dir, file),
      `<!doctype html><html lang="en"><meta charset="utf-8"><title>control</title><body>${CONTROLS[name]}</body></html>`,
    );
    const page = await context.newPage();
    const before = outsideRequests.length;
    const result = await inspect(page, server.origin, `/__controls/${file}`, 'after');
    await page.close();
    const requestedElsewhere = outsideRequests.splice(before).length > 0;
    expect(result.problems.length > 0 || requestedElsewhere, `${name}: ${result.problems.join(' | ')}`).toBe(true);
  });
});

describe('the XSS corpus in a real browser', () => {
  it('runs nothing, loads nothing from elsewhere, and keeps every article readable', async () => {
    const count = payloadCount();
    console.log(
      `XSS payloads: ${count} (${Object.entries(BODY_PAYLOADS)
        .map(([group, list]) => `${group} ${list.length}`)
        .join(', ')}, titles ${TITLE_PAYLOADS.length}, tags ${TAG_PAYLOADS.length}, categories ${CATEGORY_PAYLOADS.length})`,
    );
    expect(count).toBeGreaterThanOrEqual(100);

    // Redirect pages are the site's own navigation (a category's URL folder to its listing): they
    // are checked below to lead to a page of the site, and left out of the walk, which would
    // report their navigation.
    const redirects = new Set(readRouteRecord(site.cacheDir).redirects);
    for (const file of redirects) {
      const refresh = /<meta http-equiv="refresh" content="0; url=([^"]*)"/.exec(readFileSync(path.join(site.outDir, file), 'utf8'))?.[1];
      expect(refresh, file).toMatch(/^\/[^/\\]/);
      const target = new URL(refresh!.replace(/&amp;/g, '&'), 'http://site.invalid/');
      expect(target.origin, file).toBe('http://site.invalid');
      expect(resolves(decodeURIComponent(target.pathname), new Set(listFiles(site.outDir))), `${file} → ${target.pathname}`).toBe(true);
    }
    expect(redirects.size).toBeGreaterThan(0);
    const htmlPages = listFiles(site.outDir)
      .filter((file) => file.endsWith('.html') && !file.startsWith('__') && !redirects.has(file))
      .map((file) => `/${file.split('/').map(encodeURIComponent).join('/')}`);
    const feedPages = writeReaderPages(site.outDir, readerItems);
    const work = [
      ...htmlPages.map((url) => {
        const slug = /\/(xss-\d{3})\.html$/.exec(url)?.[1];
        return { url, marker: slug ? fixture.markers.get(slug) : undefined };
      }),
      ...feedPages.map((url, index) => ({ url, marker: /后文标记\d+号/.exec(readerItems[index]!.content)?.[0] })),
    ];
    const articleCount = work.filter((item) => item.marker !== undefined && !item.url.startsWith('/__feed')).length;
    expect(articleCount).toBe(fixture.markers.size);

    const results: PageResult[] = [];
    const workers = await Promise.all(Array.from({ length: 4 }, () => context.newPage()));
    let next = 0;
    await Promise.all(
      workers.map(async (page) => {
        while (next < work.length) {
          const item = work[next++]!;
          results.push(await inspect(page, server.origin, item.url, item.marker));
        }
      }),
    );
    console.log(`XSS pages checked: ${htmlPages.length} site pages, ${feedPages.length} feed items`);

    const failures = results
      .filter((result) => result.problems.length > 0)
      .map((result) => `${decodeURIComponent(result.url)}: ${result.problems.join(' | ')}`);
    expect(failures).toEqual([]);
    expect(outsideRequests).toEqual([]);
  }, 300_000);
});

describe('the feeds as a feed reader renders them', () => {
  it('read with an RSS parser, hold each category’s newest articles, hostile titles among them', () => {
    const links = new Set(readerItems.map((item) => item.link));
    // The xss category's feed has its newest 50; each hostile category's feed its one post.
    expect(links.size).toBeGreaterThan(50);
    // Read from the XML, a title is HTML: one written with `<` carries it escaped.
    expect(readerItems.some((item) => item.title.includes('&lt;'))).toBe(true);
    expect(new Set(readerItems.map((item) => item.feed)).size).toBeGreaterThan(CATEGORY_PAYLOADS.length);
  });

  it('show each title, description and category as the article page shows them, and each channel title whole', async () => {
    const page = await context.newPage();
    const differences = await readerDifferences(page, server.origin, site.outDir, readerItems, SITE_TITLE);
    await page.close();
    expect(differences).toEqual([]);
  }, 300_000);

  it('list in the OPML names that a reader importing it, which renders them as HTML, shows as text', async () => {
    const page = await context.newPage();
    // A page without the site's Content-Security-Policy, as a reader's own page is.
    mkdirSync(path.join(site.outDir, '__controls'), { recursive: true });
    writeFileSync(
      path.join(site.outDir, '__controls', 'opml-reader.html'),
      '<!doctype html><html lang="en"><meta charset="utf-8"><title>reader</title><body></body></html>',
    );
    await page.goto(`${server.origin}/__controls/opml-reader.html`);
    // OPML 2.0: `text` "may contain encoded HTML markup". A control name shows the check sees markup.
    const control = '<img src=x onerror=alert(1)>';
    const rendered = await page.evaluate(async (control) => {
      const opml = new DOMParser().parseFromString(await (await fetch('/feeds.opml')).text(), 'text/xml');
      const names = [...opml.querySelectorAll('outline')].map((outline) => outline.getAttribute('text') ?? '');
      const shown = (html: string) => {
        const box = document.createElement('div');
        box.innerHTML = html;
        document.body.append(box);
        return { html, elements: box.querySelectorAll('*').length, text: box.textContent ?? '' };
      };
      return { names: names.map(shown), control: shown(control) };
    }, control);
    // The control's image fails to load, and its handler runs: wait for it, then read what ran.
    await page.waitForFunction(() => (window as unknown as { __xssEvents: string[] }).__xssEvents.length > 0, undefined, {
      timeout: 10_000,
    });
    await page.waitForTimeout(200);
    const ran = await page.evaluate(() => [...(window as unknown as { __xssEvents: string[] }).__xssEvents]);
    await page.close();
    expect(rendered.control.elements).toBe(1);
    expect(rendered.names.length).toBeGreaterThan(CATEGORY_PAYLOADS.length);
    expect(rendered.names.filter((name) => name.elements > 0)).toEqual([]);
    for (const payload of CATEGORY_PAYLOADS)
      expect(rendered.names.some((name) => name.text.includes(payload.trim().slice(0, 8)))).toBe(true);
    // Only the control ran.
    expect(ran).toEqual(['alert(1)']);
  });

  it('link and show images only by absolute URLs', () => {
    const relative = readerItems.flatMap((item) =>
      urlsOf(item)
        .filter((url) => !URL.canParse(url))
        .map((url) => `${item.link}: ${url}`),
    );
    expect(relative).toEqual([]);
  });
});

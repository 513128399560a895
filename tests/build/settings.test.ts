/**
 * Settings change what a build writes: the fixture in tests/fixtures/settings-posts is built
 * under a few combinations of `XINWEN_SETTINGS` and the files on disk are checked — article
 * paths for each permalink style, redirect pages at old URLs, which posts each listing page
 * holds and where its newer/older links go. Invalid settings stop the build before it starts.
 *
 * The fixture: five posts in `caijing` (more than one page at page sizes 2 and 3), one in two
 * categories (`keji`, `chanye`), one without a category, a file name in Chinese, and two
 * unquoted dates without an offset: 07:30 (Jekyll's UTC reading, 15:30 in Shanghai, is the
 * same day) and 20:30 (Jekyll's reading is the next day, so the old URL moves).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'node-html-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSite, listFiles, projectRoot, readUrl, type BuiltSite } from '../support/build-site';

const FIXTURE = path.join(projectRoot, 'tests/fixtures/settings-posts');
const SITE_URL = 'https://news.example.org';

/** Builds the fixture with `settings` over the site's own; the search index is not needed. */
function build(settings: Record<string, unknown>): BuiltSite {
  return buildSite({
    postsDir: FIXTURE,
    env: { INVALID_POSTS: 'fail', SEARCH_INDEX: 'skip', XINWEN_SETTINGS: JSON.stringify({ url: SITE_URL, ...settings }) },
  });
}

function buildOk(settings: Record<string, unknown>): BuiltSite {
  const site = build(settings);
  if (site.exitCode !== 0) throw new Error(`build with ${JSON.stringify(settings)} failed:\n${site.output}`);
  return site;
}

/** A decoded site path as links write it: each segment percent-encoded. */
const encoded = (decoded: string) => decoded.split('/').map(encodeURIComponent).join('/');

/** Article pages and redirect pages on disk (decoded `/` paths), with each redirect's target. */
/**
 * The articles and redirect pages of a build: redirects to articles (old URLs) apart from those
 * of URL folders of one category to its listing.
 */
function pages(site: BuiltSite): { articles: string[]; redirects: Record<string, string>; folders?: Record<string, string> } {
  const articles: string[] = [];
  const redirects: Record<string, string> = {};
  const folders: Record<string, string> = {};
  for (const file of listFiles(site.outDir).filter((name) => name.endsWith('.html'))) {
    const html = readFileSync(path.join(site.outDir, file), 'utf8');
    if (html.includes('<article class="article"')) articles.push(`/${file}`);
    if (!html.includes('http-equiv="refresh"')) continue;
    const page = parse(html);
    const target = page.querySelector('body a')?.getAttribute('href') ?? '';
    // The three ways a redirect page sends readers and crawlers on must agree.
    expect(page.querySelector('meta[http-equiv="refresh"]')?.getAttribute('content'), file).toBe(`0; url=${target}`);
    expect(page.querySelector('link[rel="canonical"]')?.getAttribute('href'), file).toBe(`${SITE_URL}${target}`);
    expect(page.querySelector('meta[name="robots"]')?.getAttribute('content'), file).toBe('noindex');
    if (target.startsWith('/category/')) folders[`/${file}`] = target;
    else redirects[`/${file}`] = target;
  }
  return { articles: articles.sort(), redirects, folders };
}

/** One listing page: the posts it links to, in order, and its newer/older links. */
function listing(site: BuiltSite, url: string): { posts: string[]; newer?: string | undefined; older?: string | undefined } {
  const page = parse(readUrl(site.outDir, url));
  return {
    posts: page.querySelectorAll('.post-list a.post-link').map((link) => link.getAttribute('href') ?? ''),
    newer: page.querySelector('.pagination a[rel="prev"]')?.getAttribute('href'),
    older: page.querySelector('.pagination a[rel="next"]')?.getAttribute('href'),
  };
}

/** The listing files of a category: its pages and its feed. */
const categoryFiles = (site: BuiltSite, key: string) =>
  listFiles(site.outDir).filter((file) => file === `category/${key}.html` || file.startsWith(`category/${key}/`));

describe('permalink "date", stable pagination, 2 posts a page', () => {
  let site: BuiltSite;
  const url = {
    gonggao: '/2024/01/15/gonggao.html',
    xinpian: '/keji/chanye/2024/02/10/xinpian.html',
    jiangzhun: '/caijing/2024/03/01/jiangzhun.html',
    gushi: '/caijing/2024/03/02/gushi.html',
    zhaishi: '/caijing/2024/03/04/债市回暖.html',
    zaopan: '/caijing/2024/03/05/zaopan.html',
    wanjian: '/caijing/2024/03/06/wanjian.html',
  };

  beforeAll(() => {
    site = buildOk({ permalink: 'date', pagination: 'stable', pageSize: 2 });
  });

  it('writes each article at /:categories/:year/:month/:day/:title.html, dates read in the site zone', () => {
    expect(pages(site).articles).toEqual(Object.values(url).sort());
    const zaopan = parse(readUrl(site.outDir, url.zaopan));
    expect(zaopan.querySelector('h1')?.text).toBe('早盘快讯：A股小幅高开');
    expect(zaopan.querySelector('article time')?.getAttribute('datetime')).toBe('2024-03-05T07:30:00+08:00');
    expect(parse(readUrl(site.outDir, url.wanjian)).querySelector('article time')?.getAttribute('datetime')).toBe(
      '2024-03-06T20:30:00+08:00',
    );
  });

  it("redirects Jekyll's URL only where its UTC reading of the date names another day", () => {
    expect(pages(site).redirects).toEqual({ '/caijing/2024/03/07/wanjian.html': url.wanjian });
    // The folder of each first category leads to its listing.
    expect(pages(site).folders).toEqual({ '/caijing/index.html': '/category/caijing.html', '/keji/index.html': '/category/keji.html' });
    expect(site.output).toMatch(/posts: 7 valid, 0 invalid.* 1 redirects/);
  });

  it('numbers listing pages after the first from the oldest post', () => {
    expect(categoryFiles(site, 'caijing')).toEqual([
      'category/caijing.html',
      'category/caijing/feed.xml',
      'category/caijing/page/2.html',
      'category/caijing/page/3.html',
    ]);
    expect(listing(site, '/category/caijing.html')).toEqual({
      posts: [url.wanjian, url.zaopan],
      newer: undefined,
      older: '/category/caijing/page/3.html',
    });
    expect(listing(site, '/category/caijing/page/3.html')).toEqual({
      posts: [url.zaopan, encoded(url.zhaishi)],
      newer: '/category/caijing.html',
      older: '/category/caijing/page/2.html',
    });
    expect(listing(site, '/category/caijing/page/2.html')).toEqual({
      posts: [url.gushi, url.jiangzhun],
      newer: '/category/caijing/page/3.html',
      older: undefined,
    });
  });

  it('gives a category with fewer posts than a page one page and no page links', () => {
    expect(categoryFiles(site, 'keji')).toEqual(['category/keji.html', 'category/keji/feed.xml']);
    expect(listing(site, '/category/keji.html')).toEqual({ posts: [url.xinpian], newer: undefined, older: undefined });
  });
});

describe('a custom permalink pattern, legacyPermalink "none", newest-first pagination, 3 posts a page', () => {
  let site: BuiltSite;
  const url = {
    gonggao: '/2024/1/15/12-00-gonggao.html',
    xinpian: '/keji/chanye/2024/2/10/14-00-xinpian.html',
    jiangzhun: '/caijing/2024/3/1/09-00-jiangzhun.html',
    gushi: '/caijing/2024/3/2/15-30-gushi.html',
    zhaishi: '/caijing/2024/3/4/11-00-债市回暖.html',
    // 07-30: the unquoted time is read in the site zone (Jekyll's UTC reading would be 15-30).
    zaopan: '/caijing/2024/3/5/07-30-zaopan.html',
    wanjian: '/caijing/2024/3/6/20-30-wanjian.html',
  };

  beforeAll(() => {
    site = buildOk({
      permalink: '/:categories/:year/:i_month/:i_day/:hour-:minute-:title.html',
      legacyPermalink: 'none',
      pagination: 'newest-first',
      pageSize: 3,
    });
  });

  it('writes each article where the pattern says', () => {
    expect(pages(site).articles).toEqual(Object.values(url).sort());
  });

  it('leaves a redirect page at every old /:categories/:title.html URL', () => {
    expect(pages(site).redirects).toEqual({
      '/gonggao.html': url.gonggao,
      '/keji/chanye/xinpian.html': url.xinpian,
      '/caijing/jiangzhun.html': url.jiangzhun,
      '/caijing/gushi.html': url.gushi,
      '/caijing/债市回暖.html': encoded(url.zhaishi),
      '/caijing/zaopan.html': url.zaopan,
      '/caijing/wanjian.html': url.wanjian,
    });
    expect(parse(readUrl(site.outDir, '/caijing/%E5%80%BA%E5%B8%82%E5%9B%9E%E6%9A%96.html')).querySelector('title')?.text).toMatch(
      /^债券市场回暖 收益率下行 \| /,
    );
  });

  it('numbers listing pages from the newest post', () => {
    expect(categoryFiles(site, 'caijing')).toEqual(['category/caijing.html', 'category/caijing/feed.xml', 'category/caijing/page/2.html']);
    expect(listing(site, '/category/caijing.html')).toEqual({
      posts: [url.wanjian, url.zaopan, encoded(url.zhaishi)],
      newer: undefined,
      older: '/category/caijing/page/2.html',
    });
    expect(listing(site, '/category/caijing/page/2.html')).toEqual({
      posts: [url.gushi, url.jiangzhun],
      newer: '/category/caijing.html',
      older: undefined,
    });
  });
});

describe('permalink "pretty", legacyPermalink "ordinal", the default page size', () => {
  let site: BuiltSite;
  const url = {
    gonggao: '/2024/01/15/gonggao/',
    xinpian: '/keji/chanye/2024/02/10/xinpian/',
    jiangzhun: '/caijing/2024/03/01/jiangzhun/',
    gushi: '/caijing/2024/03/02/gushi/',
    zhaishi: '/caijing/2024/03/04/债市回暖/',
    zaopan: '/caijing/2024/03/05/zaopan/',
    wanjian: '/caijing/2024/03/06/wanjian/',
  };

  beforeAll(() => {
    site = buildOk({ permalink: 'pretty', legacyPermalink: 'ordinal' });
  });

  it('writes each article as <title>/index.html', () => {
    expect(pages(site).articles).toEqual(
      Object.values(url)
        .map((folder) => `${folder}index.html`)
        .sort(),
    );
  });

  it('leaves a redirect page at every old /:categories/:year/:y_day/:title.html URL, with the day Jekyll read', () => {
    expect(pages(site).redirects).toEqual({
      '/2024/015/gonggao.html': url.gonggao,
      '/keji/chanye/2024/041/xinpian.html': url.xinpian,
      '/caijing/2024/061/jiangzhun.html': url.jiangzhun,
      '/caijing/2024/062/gushi.html': url.gushi,
      '/caijing/2024/064/债市回暖.html': encoded(url.zhaishi),
      '/caijing/2024/065/zaopan.html': url.zaopan,
      // 20:30 read as UTC is 7 March in Shanghai: day 067, not 066.
      '/caijing/2024/067/wanjian.html': url.wanjian,
    });
  });

  it('lists the folder URLs in the sitemap, and leaves no intermediate page file behind', () => {
    const sitemap = readFileSync(path.join(site.outDir, 'sitemap-0.xml'), 'utf8');
    const locations = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]!);
    for (const folder of Object.values(url)) expect(locations).toContain(`${SITE_URL}${encoded(folder)}`);
    expect(listFiles(site.outDir).filter((file) => file.includes('index.folder'))).toEqual([]);
    expect(sitemap).not.toContain('index.folder');
  });

  it('lists a whole category on one page', () => {
    expect(categoryFiles(site, 'caijing')).toEqual(['category/caijing.html', 'category/caijing/feed.xml']);
    expect(listing(site, '/category/caijing.html')).toEqual({
      posts: [url.wanjian, url.zaopan, encoded(url.zhaishi), url.gushi, url.jiangzhun],
      newer: undefined,
      older: undefined,
    });
  });
});

describe.each([
  {
    permalink: 'ordinal',
    articles: [
      '/2024/015/gonggao.html',
      '/caijing/2024/061/jiangzhun.html',
      '/caijing/2024/062/gushi.html',
      '/caijing/2024/064/债市回暖.html',
      '/caijing/2024/065/zaopan.html',
      '/caijing/2024/066/wanjian.html',
      '/keji/chanye/2024/041/xinpian.html',
    ],
    // Jekyll's UTC reading of 20:30 +0800 on 6 March is day 067.
    redirects: { '/caijing/2024/067/wanjian.html': '/caijing/2024/066/wanjian.html' },
  },
  {
    permalink: 'none',
    articles: [
      '/caijing/gushi.html',
      '/caijing/jiangzhun.html',
      '/caijing/wanjian.html',
      '/caijing/zaopan.html',
      '/caijing/债市回暖.html',
      '/gonggao.html',
      '/keji/chanye/xinpian.html',
    ],
    // Without a date in the URL, Jekyll's reading of the date moves nothing.
    redirects: {},
  },
])('permalink "$permalink" as the site style', ({ permalink, articles, redirects }) => {
  let site: BuiltSite;

  beforeAll(() => {
    site = buildOk({ permalink });
  });

  it("writes each article at its URL, and redirects only where Jekyll's differs", () => {
    expect(pages(site)).toMatchObject({ articles: [...articles].sort(), redirects });
  });
});

describe('invalid settings', () => {
  let site: BuiltSite;

  beforeAll(() => {
    site = build({ pageSize: 0, permalink: '/:year/:month/' });
  });

  it('stop the build before any post is read', () => {
    expect(site.exitCode).not.toBe(0);
    expect(site.output).not.toMatch(/posts: \d+ valid/);
    expect(listFiles(site.outDir)).toEqual([]);
  });

  it('are each named with the value given and the reason, without a stack trace', () => {
    expect(site.output).toMatch(/^.*\bpageSize\b.*(?<![\w.])0(?![\w.]).*must be at least 1/m);
    expect(site.output).toMatch(/^.*\bpermalink\b.*"\/:year\/:month\/".*:title, :slug or :name/m);
    expect(site.output).not.toMatch(/^\s+at /m);
  });
});

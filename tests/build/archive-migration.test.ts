/**
 * A real archive's defects, end to end: the scraper-fed Jekyll site of
 * `tests/fixtures/scraped-archive` (no timezone and no description, stubs with a wrong title,
 * capitals, spaces, case twins and no posts, a category with posts but no stub; posts with a
 * blank first line, the three kinds of back link and an HTML line followed by a Markdown link;
 * pages, an images folder and an analytics key), migrated, checked and built. Every category is
 * named, and what migrate did not carry is said; every old URL and every folder of an article
 * URL leads somewhere; every link that leads nowhere is named.
 */
import { copyFileSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'node-html-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { LINK_REPORT_FILE, type LinkCheckResult } from '../../src/integrations/post-build/link-check';
import { OLD_SITE_FILE, parseOldSite } from '../../src/lib/old-site';
import { resolves } from '../../src/lib/route-record';
import { readPostsFolder } from '../../src/loaders/posts-folder';
import { expectedFiles } from '../../src/loaders/site-links';
import { readerSettings } from '../../src/reader/settings';
import { settingsSchema } from '../../src/schemas/settings';
import siteSettings from '../../src/site.config';
import { listFiles, projectRoot, readUrl, temporaryDir } from '../support/build-site';
import { ARCHIVE_FIXTURE, type MigratedArchive, runScript, sharedMigratedArchive } from '../support/migrated-archive';

let archive: MigratedArchive;

beforeAll(() => {
  archive = sharedMigratedArchive();
}, 300_000);

const page = (url: string) => parse(readUrl(archive.site.outDir, url));

/** The page a URL ends on after redirect pages (meta refresh) are followed, and the hops. */
function follow(url: string): { url: string; hops: string[] } {
  const hops = [url];
  let current = url;
  for (let hop = 0; hop < 5; hop += 1) {
    const refresh = page(current).querySelector('meta[http-equiv="refresh"]')?.getAttribute('content');
    const target = refresh ? /url=(.+)$/.exec(refresh)?.[1] : undefined;
    if (!target) return { url: current, hops };
    current = new URL(target, `http://site.invalid${current}`).pathname;
    hops.push(current);
  }
  throw new Error(`redirect loop from ${url}: ${hops.join(' → ')}`);
}

/** Whether a page is a listing: category listings and URL folders have a heading and a list. */
function isListing(url: string): boolean {
  const html = page(url);
  return html.querySelector('h1') !== null && (html.querySelector('.post-list') !== null || html.querySelector('.category-list') !== null);
}

/** The lines of a section (`not mapped:`, `to check:`) of migrate's output, without their indent. */
function section(output: string, heading: string): string[] {
  const lines = output.split('\n');
  const start = lines.indexOf(heading);
  if (start === -1) return [];
  const end = lines.findIndex((line, index) => index > start && !line.startsWith('  '));
  return lines.slice(start + 1, end === -1 ? undefined : end).map((line) => line.slice(2));
}

describe('what migrate says and writes', () => {
  const POSTS = path.join(ARCHIVE_FIXTURE, '_posts');

  it('names the category that has posts but no stub by the tag its posts carry, and the site shows that name', () => {
    expect(section(archive.migrate, 'to check:')).toContain(
      'category names: named by the tag most of their posts carry, having no stub title: yicai "第一财经新闻" (1 of 1 post)',
    );
    expect(archive.migrate).toContain(
      `6 category names written to src/data/categories.yml (2 without a post in ${POSTS}, which has 6 valid posts)\n`,
    );
    expect(readFileSync(path.join(archive.checkout, 'src/data/categories.yml'), 'utf8')).toContain('\nyicai:\n  name: 第一财经新闻\n');
    // Where a category's name shows: its listing, an article's breadcrumb, its feed and the OPML.
    expect(page('/category/yicai.html').querySelector('h1')!.text).toBe('分类：第一财经新闻');
    expect(page('/yicai/2021/12/09/202112092207000002.html').querySelector('.breadcrumb')!.text).toContain('第一财经新闻');
    expect(readUrl(archive.site.outDir, '/category/yicai/feed.xml')).toContain('<title>第一财经新闻 | 财经新闻存档</title>');
    expect(readUrl(archive.site.outDir, '/feeds.opml')).toContain('text="第一财经新闻"');
    expect(readUrl(archive.site.outDir, '/feeds.opml')).not.toContain('text="yicai"');
  });

  it('without --names-from-posts, lists in one line the category that would show its slug, and how to name it', () => {
    const work = temporaryDir('archive-migrate');
    const config = path.join(work, 'site.config.ts');
    const categories = path.join(work, 'categories.yml');
    copyFileSync(path.join(projectRoot, 'src/site.config.ts'), config);
    copyFileSync(path.join(projectRoot, 'src/data/categories.yml'), categories);
    const result = runScript(archive.checkout, ['scripts/migrate.ts', ARCHIVE_FIXTURE, '--config', config, '--categories', categories]);
    expect(result.code).toBe(0);
    expect(section(result.stdout, 'to check:').filter((line) => line.startsWith('category names:'))).toEqual([
      `category names: with no stub title and no entry in ${categories}, headings, breadcrumbs, feed titles and the OPML show these categories ` +
        `as their posts write them: yicai (its posts' tag: "第一财经新闻", 1 of 1 post); rerun with --names-from-posts to name them by their ` +
        `posts' tags, or name them in ${categories}`,
    ]);
  });

  it('names the pages and the analytics key it did not carry, each with what to do', () => {
    expect(section(archive.migrate, 'not mapped:')).toEqual([
      'google_analytics: "UA-12345678-1" — analytics, not carried over: xinwen\'s pages load no script from another host. ' +
        "To keep it, put the provider's snippet in a <script> in src/layouts/BaseLayout.astro (Astro writes it to a file of the site; " +
        "an is:inline script is refused), and add the provider's hosts to script-src and connect-src in src/lib/security.ts: " +
        "its Content-Security-Policy allows only the site's own scripts",
      '404.md: a page at /404.html — xinwen writes its own /404.html (src/pages/404.astro): copy into it any text of this one you want kept',
      'about.md: a page at /about/ — not built (xinwen builds posts, not pages), so /about/ leads nowhere; ' +
        'to keep it, write its text into src/pages/about/index.astro, a page in BaseLayout as src/pages/404.astro is',
      'index.html: a page at / — xinwen writes its own home page (src/pages/index.astro: the newest posts and the busiest categories): ' +
        'copy into it anything of this one you want kept',
    ]);
    // Not carried, as it says: the page the site shows at /404.html is its own.
    expect(page('/404.html').querySelector('h1')!.text).toBe('页面不存在');
    expect(listFiles(archive.site.outDir).filter((file) => /^about\//.test(file))).toEqual([]);
  });

  it('copies the static files into public/, which the site then serves, and writes down the old site’s pages and files', () => {
    const bytes = statSync(path.join(ARCHIVE_FIXTURE, 'images/logo.svg')).size;
    expect(archive.migrate).toContain(`\n1 static file (${bytes} bytes) copied from ${ARCHIVE_FIXTURE} into public/: images/ (1)\n`);
    expect(readFileSync(path.join(archive.checkout, 'public/images/logo.svg'))).toEqual(
      readFileSync(path.join(ARCHIVE_FIXTURE, 'images/logo.svg')),
    );
    expect(listFiles(archive.site.outDir)).toContain('images/logo.svg');
    expect(archive.migrate).toContain("the old site's 1 page and 1 static file written down in src/data/old-site.yml: ");
    expect(parseOldSite(readFileSync(path.join(archive.checkout, OLD_SITE_FILE), 'utf8'))).toEqual({
      pages: ['/about/'],
      files: ['/images/logo.svg'],
    });
  });

  it('says which times readers will see change, with one of the archive’s posts', () => {
    expect(section(archive.migrate, 'to check:')[1]).toBe(
      "times: the old site showed dates in UTC (its build machine's zone) and xinwen shows them in Asia/Shanghai (timeZone), " +
        `so 5 of the 6 posts show another time than before, some on another day: ${POSTS}/2021-12-08-202112082206703990.md, ` +
        'dated 2021-12-08 07:06:00 +0800, was shown as 2021-12-07 23:06 by the old site and as 2021-12-08 07:06 by xinwen',
    );
    // As the site shows it.
    expect(page('/emnews/2021/12/08/202112082206703990.html').querySelector('time')!.getAttribute('datetime')).toBe(
      '2021-12-08T07:06:00+08:00',
    );
  });

  it('replaces the example description by one made from the title, which the pages and feeds then carry', () => {
    expect(section(archive.migrate, 'to check:')).toContain(
      `description: _config.yml has none, so the example's "财经与时事新闻存档" is replaced by "财经新闻存档的全部文章", made from the title; ` +
        "it is shown in the footer, the feeds and search engines' results: write the site's own in src/site.config.ts",
    );
    expect(readFileSync(path.join(archive.checkout, 'src/site.config.ts'), 'utf8')).toContain("  description: '财经新闻存档的全部文章',\n");
    expect(page('/').querySelector('meta[name="description"]')!.getAttribute('content')).toBe('财经新闻存档的全部文章');
    expect(readUrl(archive.site.outDir, '/feed.xml')).toContain('<description>财经新闻存档的全部文章</description>');
    expect(readUrl(archive.site.outDir, '/feed.xml')).not.toContain('财经与时事新闻存档');
  });
});

describe('old URLs of a migrated archive', () => {
  it.each([
    ['/category/CBOT.html', '/category/cbot.html', '芝加哥期货新闻'],
    ['/category/TechWeb.html', '/category/techweb.html', 'TechWeb新闻'],
    ['/category/Techweb.html', '/category/techweb.html', 'TechWeb新闻'],
    ['/category/21sj.html', '/category/21shijijingjibaodao%2021caijingapp.html', '21世纪经济报道'],
    ['/category/kong.html', '/category/kong.html', '空分类'],
    ['/category/emnews.html', '/category/emnews.html', '东方财富新闻'],
  ])('the stub URL %s, at its exact case, leads to the listing %s', (oldUrl, listing, name) => {
    const { url } = follow(oldUrl);
    expect(url).toBe(listing);
    expect(page(listing).querySelector('h1')!.text).toBe(`分类：${name}`);
  });

  it('shows a category without posts as an empty listing that says so and links to all categories', () => {
    for (const listing of ['/category/kong.html', '/category/21shijijingjibaodao%2021caijingapp.html']) {
      const empty = page(listing);
      expect(empty.querySelector('.listing-empty')!.text).toBe('这个分类还没有文章。请看全部分类。');
      expect(empty.querySelector('.listing-empty a')!.getAttribute('href')).toBe('/categories.html');
      expect(empty.querySelectorAll('.post-list li')).toHaveLength(0);
    }
  });

  it('redirects the old URL of a post whose day was another one in the old site’s zone (UTC)', () => {
    expect(follow('/emnews/2021/12/07/202112082206703990.html').url).toBe('/emnews/2021/12/08/202112082206703990.html');
    expect(follow('/cbot/2021/12/10/202112112209000004.html').url).toBe('/cbot/2021/12/11/202112112209000004.html');
    // 09:15 +0800 is the same day in UTC: no old URL of its own.
    expect(listFiles(path.join(archive.site.outDir, 'emnews/2021/12')).filter((file) => file.startsWith('08/'))).toEqual([
      '08/202112082206703990.html',
      '08/index.html',
    ]);
  });
});

describe('scraped posts as Jekyll read them', () => {
  it('keeps the link of a Markdown line right after a line of HTML, as the one 原文链接', () => {
    const article = page('/cbot/2021/12/11/202112112209000004.html');
    expect(article.querySelector('.article-body')!.text.trim()).toBe('芝加哥大豆期货周五收涨。');
    expect(article.querySelectorAll('a[href="https://futures.example.com/cbot/20211211.html"]')).toHaveLength(1);
    expect(article.querySelector('.article-source')!.text).toBe('原文链接：https://futures.example.com/cbot/20211211.html');
  });

  it('builds the post whose front matter follows a blank line as Jekyll did, under its file name', () => {
    const article = page('/2021/12/10/202112102208000003.html');
    expect(article.querySelector('h1')!.text).toBe('202112102208000003');
    expect(article.querySelector('.article-body')!.text).toContain('title: 前面多了一个空行');
    expect(archive.check.stdout).toContain('2021-12-10-202112102208000003.md:2: front matter: starts after 1 blank line');
  });
});

describe('hackable URLs', () => {
  const ARTICLE = '/emnews/2021/12/08/202112082206703990.html';

  it('makes every folder of an article URL lead to a listing', () => {
    const segments = ARTICLE.split('/').slice(1, -1);
    for (let depth = 1; depth <= segments.length; depth += 1) {
      const prefix = `/${segments.slice(0, depth).join('/')}/`;
      const { url } = follow(prefix);
      expect(isListing(url), `${prefix} → ${url}`).toBe(true);
    }
    expect(follow('/emnews/').url).toBe('/category/emnews.html');
  });

  it('lists a day’s, a month’s and a year’s posts of the category', () => {
    const titles = (url: string) =>
      page(url)
        .querySelectorAll('.post-list .post-link')
        .map((link) => link.text);
    expect(titles('/emnews/2021/12/08/')).toEqual(['机构上调目标价']);
    expect(titles('/emnews/2021/12/')).toEqual(['央行开展逆回购操作', '机构上调目标价']);
    expect(
      page('/emnews/2021/')
        .querySelectorAll('.category-list a')
        .map((link) => [link.text, link.getAttribute('href')]),
    ).toEqual([['12月', '/emnews/2021/12/']]);
    expect(page('/emnews/2021/12/08/').querySelector('h1')!.text).toBe('东方财富新闻 · 2021年12月8日');
  });

  it('gives an uncategorised post (front matter after a blank line) its own date folders', () => {
    expect(listFiles(path.join(archive.site.outDir, '2021/12/10'))).toEqual(['202112102208000003.html', 'index.html']);
    expect(page('/2021/12/').querySelector('h1')!.text).toBe('2021年12月');
    expect(
      page('/2021/12/10/')
        .querySelectorAll('.post-link')
        .map((link) => link.getAttribute('href')),
    ).toEqual(['/2021/12/10/202112102208000003.html']);
  });
});

describe('links that lead nowhere', () => {
  // Two posts link to a special the archive never had: one group, both files named.
  const GROUP =
    '//finews.withounder.com/zhuanti/nianzhong/ → /zhuanti/nianzhong/ does not exist: 2 posts, e.g. ' +
    'src/content/posts/2021-12-08-202112082206703990.md:10, src/content/posts/2021-12-09-202112092207000001.md:9';
  // The scraper's back links that lead nowhere: taken out of the page, so only counted.
  const NOT_SHOWN = [
    'src/content/posts/2021-12-09-202112092207000001.md:13: link: ../emnews/ → /emnews/2021/12/emnews/ does not exist',
    'src/content/posts/2021-12-12-202112122210000005.md:10: link: ../TechWeb/ → /techweb/2021/12/TechWeb/ does not exist',
  ];
  const lines = (problems: { file: string; line?: number; field: string; message: string }[]) =>
    problems.map((problem) => `${problem.file}:${problem.line}: ${problem.field}: ${problem.message}`);

  it('are grouped by link and target in the build log, with every one in the JSON report, and the build still succeeds', () => {
    expect(archive.site.output).toContain(`link     ${GROUP}\n`);
    expect(archive.site.output).toContain(
      'post links: 7 links into the site checked, 2 lead nowhere (and 2 more in content the page does not show)',
    );
    // The site's own links are all sound: the posts' links are not reported a second time by page.
    expect(archive.site.output).toMatch(/links: \d+ pages written, \d+ links into the site checked in \d+ ms, none broken/);
    const report = JSON.parse(readFileSync(path.join(archive.site.cacheDir, LINK_REPORT_FILE), 'utf8')) as LinkCheckResult;
    expect(report.broken).toEqual([]);
    expect(report.bodyLinks!.checked).toBe(7);
    expect(lines(report.bodyLinks!.broken)).toEqual([
      'src/content/posts/2021-12-08-202112082206703990.md:10: link: //finews.withounder.com/zhuanti/nianzhong/ → /zhuanti/nianzhong/ does not exist',
      'src/content/posts/2021-12-09-202112092207000001.md:9: link: //finews.withounder.com/zhuanti/nianzhong/ → /zhuanti/nianzhong/ does not exist',
    ]);
    expect(lines(report.bodyLinks!.notShown ?? [])).toEqual(NOT_SHOWN);
  });

  it('are named the same by npm run check, which does not fail for them, and leaves the back links out', () => {
    expect(archive.check.code).toBe(0);
    expect(archive.check.stdout).toContain(`link     ${GROUP}\n`);
    expect(archive.check.stdout).not.toContain('../emnews/');
    expect(archive.check.stdout).toContain('2 of 7 links lead nowhere (and 2 more in content the page does not show, not listed)');
  });

  it('include none of the back links that resolve: the old host’s category and the month folder', () => {
    for (const url of ['/emnews/', '/', '/emnews/2021/12/']) {
      expect(resolves(url, new Set(listFiles(archive.site.outDir))), url).toBe(true);
    }
  });
});

describe('the pages npm run check expects', () => {
  it('are exactly the pages and feeds the build wrote', async () => {
    // The checkout's posts and categories data, read as the check reads them; of the settings,
    // only those that decide pages matter, and migrate left them as they are.
    const settings = settingsSchema.parse(siteSettings);
    const postsDir = path.join(archive.checkout, 'src/content/posts');
    const { entries } = await readPostsFolder(
      readerSettings({ ...settings, postsDir, legacyTimeZone: 'UTC', legacyHosts: ['finews.withounder.com'] }),
      { dir: postsDir, displayDir: 'src/content/posts' },
      { render: false },
    );
    const { files } = expectedFiles(entries.values(), settings, archive.checkout);
    const written = listFiles(archive.site.outDir).filter(
      (file) => !/^(pagefind[^/]*|_astro)\//.test(file) && !/^sitemap-\d+\.xml$/.test(file),
    );
    expect([...files].sort()).toEqual(written);
  });
});

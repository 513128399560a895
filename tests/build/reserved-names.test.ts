/**
 * Categories and URL folders named like the site's own routes (`tests/fixtures/reserved-names`):
 * a category `Archive` heads `/archive/2018/01/15/…` where the site's month archives are, a
 * category `Search` heads `/search/…` beside `/search.html`, a category `Tag` heads `/tag/…`, a
 * post's own permalink `/Feeds/…`, a tag `search`. The build keeps both: every article at its
 * Jekyll URL, every page of the site at its own, no route conflict, no link that leads nowhere;
 * `npm run check` names each collision once, as a warning.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'node-html-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { LINK_REPORT_FILE, type LinkCheckResult } from '../../src/integrations/post-build/link-check';
import { reservedRoute } from '../../src/lib/reserved-routes';
import { type BuiltSite, buildSite, fileForUrl, projectRoot, readUrl } from '../support/build-site';

const POSTS = path.join(projectRoot, 'tests/fixtures/reserved-names');

/** Each fixture post's Jekyll URL and title. */
const ARTICLES: Record<string, string> = {
  '/archive/2018/01/15/zhang-san.html': '张三的自述',
  '/archive/2018/01/16/li-si.html': '李四的来信',
  '/archive/2018/02/03/wang-wu.html': '王五谈检索',
  '/search/2018/02/04/zhao-liu.html': '赵六的搜索笔记',
  '/news/2018/02/05/qian-qi.html': '钱七的新闻',
  '/Feeds/sun-ba.html': '孙八的订阅指南',
  '/tag/2018/03/02/zhou-jiu.html': '周九的标签',
};

let site: BuiltSite;

beforeAll(() => {
  site = buildSite({ postsDir: POSTS, env: { INVALID_POSTS: 'fail' } });
  if (site.exitCode !== 0) throw new Error(`build failed:\n${site.output}`);
}, 240_000);

const hrefs = (url: string) =>
  parse(readUrl(site.outDir, url))
    .querySelectorAll('a')
    .map((link) => link.getAttribute('href'));

describe('a site whose categories and URL folders are named like its own routes', () => {
  it('builds without a route conflict', () => {
    expect(site.output).not.toMatch(/conflicts with higher priority route/);
    expect(site.output).not.toMatch(/Could not render/);
  });

  it.each(Object.entries(ARTICLES))('serves the article at its Jekyll URL %s', (url, title) => {
    expect(parse(readUrl(site.outDir, url)).querySelector('h1')?.text).toContain(title);
  });

  it("keeps the site's month archives and their index at their URLs, listing the articles", () => {
    const january = hrefs('/archive/2018/01.html');
    expect(january).toEqual(expect.arrayContaining(['/archive/2018/01/15/zhang-san.html', '/archive/2018/01/16/li-si.html']));
    expect(hrefs('/archive/2018/02.html')).toEqual(
      expect.arrayContaining(['/archive/2018/02/03/wang-wu.html', '/search/2018/02/04/zhao-liu.html', '/news/2018/02/05/qian-qi.html']),
    );
    expect(hrefs('/archive.html')).toEqual(
      expect.arrayContaining(['/archive/2018/01.html', '/archive/2018/02.html', '/archive/2018/03.html']),
    );
  });

  it("keeps the site's search and feeds pages", () => {
    expect(readUrl(site.outDir, '/search.html')).toContain('id="search-query"');
    expect(readUrl(site.outDir, '/feeds.html')).toContain('/feeds.opml');
  });

  it('makes no URL folder page below a name of the site, and keeps those of other folders', () => {
    for (const folder of [
      '/archive/',
      '/archive/2018/',
      '/archive/2018/01/',
      '/archive/2018/01/15/',
      '/search/',
      '/search/2018/',
      '/Feeds/',
      '/tag/2018/',
    ]) {
      expect(existsSync(fileForUrl(site.outDir, folder)), folder).toBe(false);
    }
    for (const folder of ['/news/2018/', '/news/2018/02/', '/news/2018/02/05/']) {
      expect(existsSync(fileForUrl(site.outDir, folder)), folder).toBe(true);
    }
  });

  it("has the colliding category's listing, linked from its articles and from all categories", () => {
    const listing = hrefs('/category/archive.html');
    expect(listing).toEqual(
      expect.arrayContaining(['/archive/2018/01/15/zhang-san.html', '/archive/2018/01/16/li-si.html', '/archive/2018/02/03/wang-wu.html']),
    );
    expect(hrefs('/archive/2018/01/15/zhang-san.html')).toContain('/category/archive.html');
    expect(hrefs('/search/2018/02/04/zhao-liu.html')).toContain('/category/search.html');
    expect(hrefs('/categories.html')).toEqual(
      expect.arrayContaining(['/category/archive.html', '/category/search.html', '/category/tag.html']),
    );
  });

  it('lists the tag search at /tag/search.html, linked from its articles', () => {
    expect(hrefs('/tag/search.html')).toEqual(
      expect.arrayContaining(['/archive/2018/02/03/wang-wu.html', '/news/2018/02/05/qian-qi.html']),
    );
    expect(hrefs('/archive/2018/02/03/wang-wu.html')).toContain('/tag/search.html');
  });

  it('has no link that leads nowhere', () => {
    const report = JSON.parse(readFileSync(path.join(site.cacheDir, LINK_REPORT_FILE), 'utf8')) as LinkCheckResult;
    expect(report.broken).toEqual([]);
    expect(report.links).toBeGreaterThan(0);
    expect(site.output).toMatch(/none broken/);
  });

  it('writes at the root only names the site knows as its own, and the free folders of articles', () => {
    const publicFiles = readdirSync(path.join(projectRoot, 'public'));
    const unknown = readdirSync(site.outDir).filter((name) => !reservedRoute(name) && !publicFiles.includes(name));
    expect(unknown).toEqual(['news']);
  });
});

describe('npm run check on those posts', () => {
  const result = () =>
    spawnSync(
      process.execPath,
      [path.join(projectRoot, 'node_modules/tsx/dist/cli.mjs'), 'scripts/check-posts.ts', 'tests/fixtures/reserved-names'],
      {
        cwd: projectRoot,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      },
    );

  it('names each collision once, as a warning, with its posts, and passes', () => {
    const { status, stdout } = result();
    expect(status).toBe(0);
    const warnings = stdout.split('\n').filter((line) => line.startsWith('warning  '));
    expect(warnings).toEqual([
      expect.stringMatching(
        /^warning {2}category Archive \(URL folder \/archive\/\) is named like the site's own \/archive\.html, \/archive\/<year>\/<month>\.html: .*no URL folder pages are made below \/archive\/; Archive is listed at \/category\/archive\.html — 3 posts: .*2018-01-15-zhang-san\.md, .*2018-01-16-li-si\.md, .*2018-02-03-wang-wu\.md$/,
      ),
      expect.stringMatching(
        /^warning {2}URL folder \/Feeds\/ is named like the site's own \/feeds\.html: .*— 1 post: .*2018-03-01-sun-ba\.md$/,
      ),
      expect.stringMatching(
        /^warning {2}category Search \(URL folder \/search\/\) is named like the site's own \/search\.html: .*— 1 post: .*2018-02-04-zhao-liu\.md$/,
      ),
      expect.stringMatching(
        /^warning {2}category Tag \(URL folder \/tag\/\) is named like the site's own \/tag\/<tag>\.html: .*— 1 post: .*2018-03-02-zhou-jiu\.md$/,
      ),
    ]);
    expect(stdout).toMatch(/posts: 7 valid, 0 invalid, 0 warnings, .*, 4 URLs named like the site's own pages/);
  });
});

/**
 * `npm run migrate`'s module: `_config.yml` carried over (the example's description replaced,
 * analytics and comments named with what to do), categories named by their posts whether or
 * not they have a stub, pages and static files that are not carried over, and the times readers
 * will see change; then the whole migration on small sites in temporary folders.
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import {
  type CategoryTally,
  commonTag,
  groupStubs,
  nameCategories,
  readStub,
  type Stub,
  tallyCategories,
} from '../../src/migrate/category-names';
import { type DatedPost, displayedTimesNote, timeChanges } from '../../src/migrate/displayed-times';
import { parseOldSite } from '../../src/lib/old-site';
import { MigrateInputError, type MigrateOptions, migrateSite, migrationReport } from '../../src/migrate/migrate-site';
import { descriptionFromTitle, mapJekyllConfig } from '../../src/migrate/site-config';
import {
  astroPageFor,
  copyStaticFiles,
  listPublicFiles,
  listSiteFiles,
  notCarriedFiles,
  oldSiteRecord,
  pageUrl,
  shownSize,
  staticFilesToCopy,
} from '../../src/migrate/site-files';
import { REAL_JEKYLL } from '../support/shared-samples';

const root = path.resolve(import.meta.dirname, '../..');
const EXAMPLE = { title: '新闻存档', description: '财经与时事新闻存档', language: 'zh-CN', timeZone: 'Asia/Shanghai' };

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A fresh folder holding `files` (path → content). */
function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'xinwen-migrate-'));
  folders.push(dir);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

const post = (front: Record<string, string>) =>
  `---\n${Object.entries(front)
    .map(([key, value]) => `${key}: ${value}`)
    .join('\n')}\n---\n<p>正文。</p>\n`;

describe('mapJekyllConfig', () => {
  it('replaces the example description by one made from the title, and says so', () => {
    const { settings, toCheck } = mapJekyllConfig({ title: '财经新闻存档' }, EXAMPLE);
    expect(settings.description).toBe('财经新闻存档的全部文章');
    // Title first, then the description, whatever the order of _config.yml.
    expect(Object.keys(settings).slice(0, 2)).toEqual(['title', 'description']);
    expect(toCheck.description).toBe(
      `description: _config.yml has none, so the example's "财经与时事新闻存档" is replaced by "财经新闻存档的全部文章", made from the title; ` +
        "it is shown in the footer, the feeds and search engines' results: write the site's own in src/site.config.ts",
    );
    expect(toCheck.title).toBeUndefined();
  });

  it('replaces it when the settings file has no description at all (the default is the example)', () => {
    expect(mapJekyllConfig({ title: 'Market Wire', lang: 'en' }, { title: EXAMPLE.title }).settings.description).toBe(
      'All articles of Market Wire',
    );
    expect(descriptionFromTitle('财经', 'zh-Hant-TW')).toBe('财经的全部文章');
  });

  it('keeps a description the site already has, and a title the site already has makes one when _config.yml has none', () => {
    const own = mapJekyllConfig({ title: '财经新闻存档' }, { ...EXAMPLE, description: '本站自己的描述' });
    expect(own.settings.description).toBeUndefined();
    expect(own.toCheck.description).toBeUndefined();
    const titled = mapJekyllConfig({}, { ...EXAMPLE, title: '旧站' });
    expect(titled.settings.description).toBe('旧站的全部文章');
    expect(titled.toCheck.title).toBeUndefined();
  });

  it('carries a description _config.yml has, as it is', () => {
    const { settings, toCheck } = mapJekyllConfig({ title: '码志', description: '个人博客' }, EXAMPLE);
    expect(settings.description).toBe('个人博客');
    expect(toCheck.description).toBeUndefined();
  });

  it('says the example title and description stay when _config.yml has neither (nor a theme’s name:)', () => {
    const { settings, toCheck } = mapJekyllConfig({}, EXAMPLE);
    expect(settings.title).toBeUndefined();
    expect(settings.description).toBeUndefined();
    expect(toCheck.title).toBe(
      `title: _config.yml has none (nor name:), so the example's "新闻存档" stays; write the site's own in src/site.config.ts`,
    );
    expect(toCheck.description).toBe(
      `description: _config.yml has none, nor a title to make one from, so the example's "财经与时事新闻存档" stays; write the site's own in src/site.config.ts`,
    );
  });

  it('sets legacyTimeZone to UTC without a timezone, and knows the old site showed dates in UTC', () => {
    const mapping = mapJekyllConfig({ title: 'x' }, EXAMPLE);
    expect(mapping.settings.legacyTimeZone).toBe('UTC');
    expect(mapping.settings.timeZone).toBeUndefined();
    expect(mapping.oldTimeZone).toBe('UTC');
    expect(mapping.siteTimeZone).toBe('Asia/Shanghai');
    expect(mapping.toCheck.timeZone).toMatch(/^timezone: not set — the old site ran in its build machine's zone, UTC on GitHub Pages/);
  });

  it('takes a timezone as both zones, and leaves a refused one to the settings file', () => {
    const set = mapJekyllConfig({ timezone: 'Asia/Hong_Kong' }, EXAMPLE);
    expect([set.settings.timeZone, set.oldTimeZone, set.siteTimeZone, set.toCheck.timeZone]).toEqual([
      'Asia/Hong_Kong',
      'Asia/Hong_Kong',
      'Asia/Hong_Kong',
      undefined,
    ]);
    const refused = mapJekyllConfig({ timezone: 'Asia/Shangai' }, { ...EXAMPLE, timeZone: 'Europe/Berlin' });
    // Jekyll ran such a site in UTC (glibc reads a zone it cannot find as UTC): redirects from there.
    expect(refused.oldTimeZone).toBe('UTC');
    expect(refused.settings.legacyTimeZone).toBe('UTC');
    expect(refused.siteTimeZone).toBe('Europe/Berlin');
    expect(refused.unmapped[0]).toMatch(/^timezone: "Asia\/Shangai" is not an IANA time zone/);
    // A POSIX rule counts its offset west of UTC, as Etc/GMT+8 does.
    expect(mapJekyllConfig({ timezone: 'UTC+8' }, EXAMPLE).settings.legacyTimeZone).toBe('Etc/GMT+8');
    expect(mapJekyllConfig({ future: true }, EXAMPLE).settings.includeFuture).toBe(true);
  });

  it('names analytics, comment and verification keys with what to do, one line per kind', () => {
    const { unmapped } = mapJekyllConfig(
      {
        title: 'x',
        google_analytics: 'UA-12345678-1',
        baidu_tongji: 'abc123',
        disqus: { shortname: 'finews' },
        comments_provider: 'giscus',
        google_site_verification: 'token',
        paginate: 20,
      },
      EXAMPLE,
    );
    expect(unmapped).toContain('paginate: 20 — no xinwen setting');
    const analytics = unmapped.find((line) => line.startsWith('google_analytics'));
    expect(analytics).toBe(
      'google_analytics: "UA-12345678-1", baidu_tongji: "abc123" — analytics, not carried over: ' +
        "xinwen's pages load no script from another host. To keep it, put the provider's snippet in a <script> in src/layouts/BaseLayout.astro " +
        "(Astro writes it to a file of the site; an is:inline script is refused), and add the provider's hosts to script-src and connect-src " +
        "in src/lib/security.ts: its Content-Security-Policy allows only the site's own scripts",
    );
    expect(unmapped.find((line) => line.startsWith('disqus'))).toMatch(
      /^disqus, comments_provider: "giscus" — comments, not carried over: .*src\/components\/ArticlePage\.astro.*frame-src in src\/lib\/security\.ts/,
    );
    expect(unmapped.find((line) => line.startsWith('google_site_verification'))).toMatch(
      /^google_site_verification: "token" — site verification, not carried over: .*<head> of src\/layouts\/BaseLayout\.astro/,
    );
  });

  it('finds services inside a theme’s blocks, but not a list that only shares a name', () => {
    const { unmapped } = mapJekyllConfig(
      {
        JB: { version: '0.3.0', comments: { provider: 'gitalk' }, analytics: { provider: 'baidu' } },
        compress_html: { clippings: 'all', comments: ['<!--', '-->'] },
      },
      EXAMPLE,
    );
    expect(unmapped).toContain(
      'JB: {"version":"0.3.0","comments":{"provider":"gitalk"},"anal... — no xinwen setting; it holds JB.comments (comments) and JB.analytics (analytics): see below',
    );
    expect(unmapped.some((line) => line.startsWith('JB.analytics — analytics, not carried over'))).toBe(true);
    expect(unmapped.some((line) => line.startsWith('JB.comments — comments, not carried over'))).toBe(true);
    expect(unmapped.find((line) => line.startsWith('compress_html'))).toMatch(/— no xinwen setting$/);
  });

  it('says nothing of an empty baseurl, and what a path baseurl means', () => {
    expect(mapJekyllConfig({ baseurl: null }, EXAMPLE).unmapped).toEqual([]);
    expect(mapJekyllConfig({ baseurl: '' }, EXAMPLE).unmapped).toEqual([]);
    expect(mapJekyllConfig({ baseurl: '/blog' }, EXAMPLE).unmapped).toEqual([
      'baseurl: "/blog" — xinwen builds the site for the root of its host: serve it from a custom domain or a <user>.github.io repository, or links to /blog/… lead nowhere',
    ]);
  });
});

/** A category's tally from `[tags…]` per post. */
function tally(written: string, posts: string[][]): CategoryTally {
  return tallyCategories(posts.map((tags) => ({ categories: [written], tags }))).get(written.toLowerCase())!;
}

function stub(file: string, front: string): Stub {
  const read = readStub(file, Buffer.from(`---\nlayout: category\n${front}---\n`));
  if (!('stub' in read)) throw new Error(read.problem);
  return read.stub;
}

describe('tallyCategories and commonTag', () => {
  it('counts a post once per category whatever its case, and each tag once a post', () => {
    const tallies = tallyCategories([
      { categories: ['CBOT', 'cbot'], tags: ['芝加哥期货新闻', '芝加哥期货新闻'] },
      { categories: ['cbot'], tags: [] },
    ]);
    expect(tallies.get('cbot')).toEqual({ written: 'CBOT', posts: 2, tagged: 1, tags: new Map([['芝加哥期货新闻', 1]]) });
  });

  it('gives the most common tag, the first seen on a tie, and how common it is', () => {
    expect(commonTag(tally('a', [['x', 'y'], ['y'], ['x']]))).toMatchObject({ tag: 'x', count: 2, majority: true });
    expect(commonTag(tally('a', [['x'], ['y']]))).toMatchObject({ tag: 'x', majority: false, majorityOfTagged: false });
    expect(commonTag(tally('a', [['x'], ['x'], [], [], []]))).toMatchObject({ tag: 'x', majority: false, majorityOfTagged: true });
    expect(commonTag(tally('a', [[], []]))).toBeUndefined();
    expect(commonTag(undefined)).toBeUndefined();
  });
});

describe('nameCategories', () => {
  const FILE = 'src/data/categories.yml';
  const stubs = groupStubs([stub('CBOT.html', 'title: 芝加哥期货\n'), stub('kong.html', 'title: 空分类\n')]).byKey;
  const tallies = new Map([
    ['cbot', tally('CBOT', [['芝加哥期货新闻'], ['芝加哥期货新闻']])],
    ['yicai', tally('yicai', [['第一财经新闻'], ['第一财经新闻', '港股'], ['港股']])],
    ['partial', tally('Partial', [['新浪财经'], ['新浪财经'], [], [], []])],
    ['archive', tally('Archive', [['新冠肺炎'], ['审查'], ['香港']])],
    ['bare', tally('Bare', [[], []])],
  ]);

  it('with --names-from-posts, names every category with posts by its posts, with or without a stub', () => {
    const { names, toCheck } = nameCategories({ stubs, tallies, existing: {}, namesFromPosts: true, categoriesFile: FILE });
    expect(names).toEqual({
      cbot: { name: '芝加哥期货新闻', oldUrls: ['/category/CBOT.html'] },
      kong: { name: '空分类' },
      yicai: { name: '第一财经新闻' },
      // Not a majority of all its posts, but of those with tags: scrapers that wrote no tags for a while.
      partial: { name: '新浪财经' },
    });
    expect(toCheck).toEqual([
      'category/CBOT.html: named "芝加哥期货新闻" from its posts (the stub said "芝加哥期货")',
      'category names: named by the tag most of their posts carry, having no stub title: yicai "第一财经新闻" (2 of 3 posts)',
      'category names: named by the tag more than half of their posts with tags carry, though not more than half of all their posts; ' +
        `check them in ${FILE}: partial "新浪财经" (2 of 5 posts, 2 of the 2 with tags)`,
      // Tags that no majority shares are topics: a name from them would be wrong.
      `category names: with no stub title, no entry in ${FILE} and no tag on more than half of their posts, ` +
        'headings, breadcrumbs, feed titles and the OPML show these categories as their posts write them: ' +
        `Archive (its posts' most common tag: "新冠肺炎", 1 of 3 posts), Bare (its posts carry no tags); name them in ${FILE}`,
    ]);
  });

  it('without it, lists in one line every category with posts that will show its slug, and what the flag would do', () => {
    const { names, toCheck } = nameCategories({
      stubs,
      tallies,
      existing: { archive: { name: '存档' } },
      namesFromPosts: false,
      categoriesFile: FILE,
    });
    expect(names).toEqual({ cbot: { name: '芝加哥期货', oldUrls: ['/category/CBOT.html'] }, kong: { name: '空分类' } });
    expect(toCheck).toEqual([
      `category/CBOT.html: title "芝加哥期货" but its 2 posts mostly carry the tag "芝加哥期货新闻" (2 of 2); run with --names-from-posts to use the posts' name`,
      // archive has a name in categories.yml: it is not listed.
      `category names: with no stub title and no entry in ${FILE}, headings, breadcrumbs, feed titles and the OPML show these categories as their posts write them: ` +
        `yicai (its posts' tag: "第一财经新闻", 2 of 3 posts), Partial (its posts' most common tag: "新浪财经", 2 of 5 posts), Bare (its posts carry no tags); ` +
        `rerun with --names-from-posts to name them by their posts' tags, or name them in ${FILE}`,
    ]);
  });

  it('lists nothing when every category with posts has a name', () => {
    const { toCheck } = nameCategories({
      stubs: groupStubs([stub('CBOT.html', 'title: 芝加哥期货新闻\n')]).byKey,
      tallies: new Map([['cbot', tally('CBOT', [['芝加哥期货新闻']])]]),
      existing: {},
      namesFromPosts: false,
      categoriesFile: FILE,
    });
    expect(toCheck).toEqual([]);
  });

  it('names a stub without a title by its posts, and keeps a categories.yml entry’s other fields', () => {
    const { names, toCheck } = nameCategories({
      stubs: groupStubs([stub('weiming.html', '')]).byKey,
      tallies: new Map([
        ['weiming', tally('weiming', [['光明日报新闻']])],
        ['yicai', tally('yicai', [['第一财经新闻']])],
      ]),
      existing: { yicai: { name: '一财', description: '第一财经的稿件' } },
      namesFromPosts: true,
      categoriesFile: FILE,
    });
    expect(names).toEqual({ weiming: { name: '光明日报新闻' }, yicai: { name: '第一财经新闻', description: '第一财经的稿件' } });
    expect(toCheck).toEqual([
      'category names: named by the tag most of their posts carry, having no stub title: weiming "光明日报新闻" (1 of 1 post), ' +
        `yicai "第一财经新闻" (1 of 1 post; ${FILE} said "一财")`,
    ]);
  });

  it('writes but does not list a name that is the category as its posts write it', () => {
    const { names, toCheck } = nameCategories({
      stubs: new Map(),
      tallies: new Map([['css', tally('css', [['css']])]]),
      existing: {},
      namesFromPosts: true,
      categoriesFile: FILE,
    });
    expect(names).toEqual({ css: { name: 'css' } });
    expect(toCheck).toEqual([]);
  });
});

describe('listSiteFiles and notCarriedFiles', () => {
  const site = folderWith({
    '_config.yml': 'title: x\n',
    '_posts/2021-12-08-a.md': post({ title: 'a' }),
    '_layouts/default.html': '<html></html>',
    '_includes/head.html': '<head></head>',
    '_site/index.html': '<html></html>',
    '.git/HEAD': 'ref: refs/heads/main\n',
    'category/CBOT.html': '---\ntitle: 芝加哥期货\n---\n',
    '404.md': '---\nlayout: page\npermalink: /404.html\n---\n找不到。\n',
    'about.md': '---\nlayout: page\npermalink: /about/\n---\n关于。\n',
    'contact.html': '---\nlayout: page\n---\n联系。\n',
    'index.html': '---\nlayout: home\n---\n',
    'atom.xml': '---\nlayout: null\n---\n<feed></feed>\n',
    'feed.xml': '---\nlayout: null\n---\n<rss></rss>\n',
    'robots.txt': 'User-agent: *\n',
    'favicon.ico': 'icon',
    CNAME: 'finews.withounder.com\n',
    Gemfile: "source 'https://rubygems.org'\n",
    'README.md': '# 旧站\n',
    'images/logo.svg': '<svg></svg>',
    'images/2021/chart.png': 'png',
    'assets/css/site.css': 'body {}',
    'tag/CBOT.md': '---\ntitle: CBOT\n---\n',
    'news/_posts/2021-12-09-b.md': post({ title: 'b' }),
  });

  it('lists what Jekyll published besides posts and stubs, as Jekyll chose it', () => {
    const { files, nestedPosts } = listSiteFiles(site, { exclude: ['README.md'] });
    expect(files.map((file) => [file.path, file.page, file.permalink])).toEqual([
      ['404.md', true, '/404.html'],
      ['CNAME', false, undefined],
      ['about.md', true, '/about/'],
      ['assets/css/site.css', false, undefined],
      ['atom.xml', true, undefined],
      ['contact.html', true, undefined],
      ['favicon.ico', false, undefined],
      ['feed.xml', true, undefined],
      ['images/2021/chart.png', false, undefined],
      ['images/logo.svg', false, undefined],
      ['index.html', true, undefined],
      ['robots.txt', false, undefined],
      ['tag/CBOT.md', true, undefined],
    ]);
    expect(nestedPosts).toEqual([{ path: 'news/_posts', files: 1 }]);
  });

  it('says of each page where its URL leads now and what to do', () => {
    const { files } = listSiteFiles(site, { exclude: ['README.md'] });
    expect(notCarriedFiles(files, new Set(['feed.css']))).toEqual([
      '404.md: a page at /404.html — xinwen writes its own /404.html (src/pages/404.astro): copy into it any text of this one you want kept',
      'about.md: a page at /about/ — not built (xinwen builds posts, not pages), so /about/ leads nowhere; ' +
        'to keep it, write its text into src/pages/about/index.astro, a page in BaseLayout as src/pages/404.astro is',
      "atom.xml: a page at /atom.xml — not built: xinwen's feed is /feed.xml (RSS 2.0), so readers subscribed to /atom.xml lose it unless the host redirects /atom.xml to /feed.xml",
      'contact.html: a page at /contact.html — not built (xinwen builds posts, not pages), so /contact.html leads nowhere; ' +
        'to keep it, write its text into src/pages/contact.astro, a page in BaseLayout as src/pages/404.astro is',
      'feed.xml: a page at /feed.xml — xinwen writes its own /feed.xml (src/pages/feed.xml.ts), so this page is not needed',
      'index.html: a page at / — xinwen writes its own home page (src/pages/index.astro: the newest posts and the busiest categories): ' +
        'copy into it anything of this one you want kept',
      'tag/CBOT.md: a page at /tag/CBOT.html — not built: xinwen writes its own pages under /tag/ (such as /tag/<name>.html), ' +
        'so /tag/CBOT.html leads nowhere unless it is one of them',
      'CNAME: the custom domain of GitHub Pages — not used when GitHub Actions publishes the site: set the domain in Settings → Pages → Custom domain',
      'robots.txt: a file at /robots.txt — xinwen writes its own (src/pages/robots.txt.ts), so this one is not needed',
      // Static files are copied (assets/, images/, favicon.ico): nothing to say of them.
    ]);
  });

  it('names the old files that would replace the project’s own in public/', () => {
    const { files } = listSiteFiles(site, {});
    expect(notCarriedFiles(files, new Set(['favicon.ico', 'images/logo.svg'])).filter((line) => /^(favicon|images)/.test(line))).toEqual([
      "favicon.ico: a file at /favicon.ico — not copied: xinwen has its own (public/favicon.ico); copy this one over it to keep the old site's",
      "images/logo.svg: a file at /images/logo.svg — not copied: xinwen has its own (public/images/logo.svg); copy this one over it to keep the old site's",
    ]);
  });

  it('reads include: and glob excludes as Jekyll does', () => {
    const dir = folderWith({
      '_pages/about.md': '---\ntitle: 关于\n---\n',
      'logs/build.log': 'log',
      'notes.txt~': 'backup',
      'draft.md': 'draft',
    });
    const { files } = listSiteFiles(dir, { include: ['_pages'], exclude: ['*.log', 'draft.md'] });
    expect(files.map((file) => file.path)).toEqual(['_pages/about.md']);
  });

  it('gives a page the URL Jekyll gave it, and the Astro page that would serve it', () => {
    expect(pageUrl({ path: 'about.md', permalink: undefined })).toBe('/about.html');
    expect(pageUrl({ path: 'docs/index.md', permalink: undefined })).toBe('/docs/');
    expect(pageUrl({ path: 'docs/guide.markdown', permalink: '/:path/:basename:output_ext' })).toBe('/docs/guide.html');
    expect(pageUrl({ path: 'search.json', permalink: undefined })).toBe('/search.json');
    expect(astroPageFor('/about.html')).toBe('src/pages/about.astro');
    expect(astroPageFor('/about/')).toBe('src/pages/about/index.astro');
    expect(astroPageFor('/about')).toBe('src/pages/about.astro');
    expect(astroPageFor('/search.json')).toBe('src/pages/search.json.ts');
  });
});

describe('displayed times', () => {
  const at = (iso: string) => new Date(iso);
  const POSTS: DatedPost[] = [
    // Dated from its file name: the same wall time on both sites.
    { file: '_posts/2021-12-07-a.md', date: at('2021-12-06T16:00:00Z'), dateText: undefined },
    // No offset: read as written on both.
    { file: '_posts/2021-12-08-b.md', date: at('2021-12-08T02:00:00Z'), dateText: '"2021-12-08 10:00:00"', plainDate: undefined },
    {
      file: '_posts/2021-12-09-c.md',
      date: at('2021-12-09T13:15:00Z'),
      dateText: '2021-12-09 21:15:00 +0800',
      plainDate: '2021-12-09 21:15:00 +0800',
    },
    {
      file: '_posts/2021-12-10-d.md',
      date: at('2021-12-09T23:06:00Z'),
      dateText: '2021-12-10 07:06:00 +0800',
      plainDate: '2021-12-10 07:06:00 +0800',
    },
  ];

  it('names the posts an old site in UTC showed at another time, with the first as the example', () => {
    expect(timeChanges(POSTS, 'UTC', 'Asia/Shanghai').map((change) => change.post.file)).toEqual([
      '_posts/2021-12-09-c.md',
      '_posts/2021-12-10-d.md',
    ]);
    expect(displayedTimesNote(POSTS, { old: 'UTC', oldLabel: "UTC (its build machine's zone)", site: 'Asia/Shanghai' })).toBe(
      "times: the old site showed dates in UTC (its build machine's zone) and xinwen shows them in Asia/Shanghai (timeZone), " +
        'so 2 of the 4 posts show another time than before, some on another day: _posts/2021-12-09-c.md, dated 2021-12-09 21:15:00 +0800, ' +
        'was shown as 13:15 by the old site and as 21:15 by xinwen',
    );
  });

  it('shows the day too when it differs', () => {
    expect(displayedTimesNote(POSTS.slice(3), { old: 'UTC', oldLabel: 'UTC', site: 'Asia/Shanghai' })).toMatch(
      /so 1 of the 1 posts show another time than before, some on another day: .* was shown as 2021-12-09 23:06 by the old site and as 2021-12-10 07:06 by xinwen$/,
    );
  });

  it('says the same when the old timezone was another zone than the site’s', () => {
    expect(displayedTimesNote(POSTS, { old: 'America/New_York', oldLabel: 'America/New_York', site: 'Asia/Shanghai' })).toMatch(
      /^times: the old site showed dates in America\/New_York and xinwen shows them in Asia\/Shanghai \(timeZone\), so 2 of the 4 posts .* was shown as 08:15 by the old site and as 21:15 by xinwen$/,
    );
  });

  it('says nothing when the zones show the same times', () => {
    expect(displayedTimesNote(POSTS, { old: 'Asia/Shanghai', oldLabel: 'Asia/Shanghai', site: 'Asia/Shanghai' })).toBeUndefined();
    expect(displayedTimesNote(POSTS.slice(0, 2), { old: 'UTC', oldLabel: 'UTC', site: 'Asia/Shanghai' })).toBeUndefined();
  });

  it('counts the date without an offset that Jekyll read as UTC, where the old zone was not UTC', () => {
    const plain: DatedPost = {
      file: '_posts/2021-12-08-e.md',
      date: at('2021-12-08T12:30:00Z'),
      dateText: '2021-12-08 20:30:00',
      plainDate: '2021-12-08 20:30:00',
    };
    // Jekyll in Shanghai read 20:30 as UTC and showed 04:30 the next day; xinwen shows 20:30.
    expect(timeChanges([plain], 'Asia/Shanghai', 'Asia/Shanghai')).toHaveLength(1);
    // In UTC it showed 20:30, as xinwen does.
    expect(timeChanges([plain], 'UTC', 'Asia/Shanghai')).toEqual([]);
  });
});

describe('migrateSite', () => {
  /** A site and a project's settings and categories files, and migrate's options over them. */
  function project(files: Record<string, string>, extra: Partial<MigrateOptions> = {}): MigrateOptions {
    const site = folderWith(files);
    const work = folderWith({ 'categories.yml': 'caijing:\n  name: 财经\n' });
    copyFileSync(path.join(root, 'src/site.config.ts'), path.join(work, 'site.config.ts'));
    // The project's own public/ files, in a folder of the test's: migrate copies into it.
    cpSync(path.join(root, 'public'), path.join(work, 'public'), { recursive: true });
    return {
      site,
      config: path.join(work, 'site.config.ts'),
      categories: path.join(work, 'categories.yml'),
      posts: path.join(work, 'posts'),
      publicDir: path.join(work, 'public'),
      oldSite: path.join(work, 'old-site.yml'),
      copyPosts: false,
      namesFromPosts: false,
      now: new Date('2026-11-28T00:00:00Z'),
      ...extra,
    };
  }
  const SITE = {
    '_config.yml': 'title: 财经新闻存档\nurl: https://finews.withounder.com\ngoogle_analytics: UA-12345678-1\n',
    '_posts/2021-12-08-a.md': post({
      title: '机构上调目标价',
      date: '2021-12-08 07:06:00 +0800',
      categories: 'emnews',
      tags: '东方财富新闻',
    }),
    '_posts/2021-12-09-b.md': post({ title: '港股收盘点评', date: '2021-12-09 21:15:00 +0800', categories: 'yicai', tags: '第一财经新闻' }),
    'category/emnews.html': '---\ntitle: 新浪财经滚动新闻\n---\n',
    '404.md': '---\npermalink: /404.html\n---\n',
    'images/logo.svg': '<svg></svg>',
  };

  it('writes the settings, the description and the names, and reports in order what it did not carry and what to check', async () => {
    const options = project(SITE, { namesFromPosts: true });
    const result = await migrateSite(options);
    const config = readFileSync(options.config, 'utf8');
    expect(config).toContain("  description: '财经新闻存档的全部文章',\n");
    expect(config).toContain("  legacyTimeZone: 'UTC',\n});\n");
    expect(YAML.parse(readFileSync(options.categories, 'utf8'))).toEqual({
      caijing: { name: '财经' },
      emnews: { name: '东方财富新闻' },
      yicai: { name: '第一财经新闻' },
    });
    const report = migrationReport(result);
    expect(report.slice(0, 8)).toEqual([
      `settings written to ${options.config}:`,
      '  title: 财经新闻存档',
      '  description: 财经新闻存档的全部文章',
      '  url: https://finews.withounder.com',
      '  legacyHosts: finews.withounder.com',
      '  legacyTimeZone: UTC',
      `2 category names written to ${options.categories} (0 without a post in ${path.join(options.site, '_posts')}, which has 2 valid posts)`,
      `posts stay in place: build with POSTS_DIR=${path.join(options.site, '_posts')}`,
    ]);
    expect(readFileSync(path.join(options.publicDir!, 'images/logo.svg'), 'utf8')).toBe('<svg></svg>');
    expect(report.slice(8, 10)).toEqual([
      `1 static file (11 bytes) copied from ${options.site} into ${options.publicDir}/: images/ (1)`,
      `the old site's 0 pages and 1 static file written down in ${options.oldSite}: ` +
        "npm run check and the build name posts' links to those this site does not serve apart from links that lead nowhere",
    ]);
    expect(YAML.parse(readFileSync(options.oldSite!, 'utf8'))).toEqual({ pages: [], files: ['/images/logo.svg'] });
    // What it did not carry and what to check, in order: tests/unit/migrate-plan.test.ts.
    expect(report).toContain(
      `  times: the old site showed dates in UTC (its build machine's zone) and xinwen shows them in Asia/Shanghai (timeZone), ` +
        `so 2 of the 2 posts show another time than before, some on another day: ${path.join(options.site, '_posts')}/2021-12-08-a.md, ` +
        'dated 2021-12-08 07:06:00 +0800, was shown as 2021-12-07 23:06 by the old site and as 2021-12-08 07:06 by xinwen',
    );
    expect(report.slice(10)).toEqual([
      'not mapped:',
      ...result.unmapped.map((line) => `  ${line}`),
      'to check:',
      ...result.toCheck.map((line) => `  ${line}`),
    ]);
  });

  it('with --copy-posts, copies the posts and writes the names without the example categories', async () => {
    const withoutStubs = Object.fromEntries(Object.entries(SITE).filter(([file]) => !file.startsWith('category/')));
    const options = project(withoutStubs, { namesFromPosts: true, copyPosts: true });
    const result = await migrateSite(options);
    // The example categories go with the example posts (the names: tests/unit/migrate-plan.test.ts).
    expect(YAML.parse(readFileSync(options.categories, 'utf8'))).toEqual({
      emnews: { name: '东方财富新闻' },
      yicai: { name: '第一财经新闻' },
    });
    expect(existsSync(path.join(options.posts, '2021-12-09-b.md'))).toBe(true);
    expect(migrationReport(result)).toContain(`posts copied from ${path.join(options.site, '_posts')} to ${options.posts}`);
  });

  it('stops before writing anything when the site has no _config.yml, or one that is not YAML', async () => {
    const options = project({ '_posts/2021-12-08-a.md': post({ title: 'a' }) });
    const before = readFileSync(options.config, 'utf8');
    await expect(migrateSite(options)).rejects.toThrow(
      new MigrateInputError(`${path.join(options.site, '_config.yml')} not found: give the folder of a Jekyll site`),
    );
    const broken = project({ '_config.yml': 'title: [unclosed\n' });
    await expect(migrateSite(broken)).rejects.toThrow(/_config\.yml: cannot be read \(.*\); fix its YAML and run migrate again$/);
    expect(readFileSync(options.config, 'utf8')).toBe(before);
  });
});

/** Migrates a real Jekyll site into a fresh folder of the test's, posts left in place. */
async function migrateRealSite(site: string, options: Pick<MigrateOptions, 'namesFromPosts'>) {
  const work = folderWith({});
  copyFileSync(path.join(root, 'src/site.config.ts'), path.join(work, 'site.config.ts'));
  const result = await migrateSite({
    site,
    config: path.join(work, 'site.config.ts'),
    categories: path.join(work, 'categories.yml'),
    posts: path.join(work, 'posts'),
    publicDir: path.join(work, 'public'),
    oldSite: path.join(work, 'old-site.yml'),
    copyPosts: false,
    now: new Date('2026-11-28T00:00:00Z'),
    ...options,
  });
  return { work, result };
}

// A real Jekyll news archive, where the shared data is there at all.
const TERMINUS = path.join(REAL_JEKYLL, 'sites/terminus2049');

describe.runIf(existsSync(TERMINUS))('migrateSite on a real archive (terminus2049)', () => {
  it('names what readers will see change, and leaves topic tags out of category names', async () => {
    const { work, result } = await migrateRealSite(TERMINUS, { namesFromPosts: true });
    // No timezone and Beijing offsets: the old site showed those dates in UTC, 8 hours earlier;
    // its dates alone with an offset (2018-02-24  +0800) Jekyll read without it, as xinwen does.
    const times = result.toCheck.find((line) => line.startsWith('times:'));
    expect(times).toMatch(
      /so 8 of the 613 posts show another time than before: .*\.md, dated \d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)? \+0800, was shown as /,
    );
    // Its theme calls the title name:.
    expect(result.settings.title).toBe('端点星');
    expect(result.toCheck).toContain(
      `title: _config.yml has none, so its name: "端点星" is the title, as Jekyll-Now themes show it; ` +
        'it is in every page title and the feeds: change it in src/site.config.ts if it is not the title',
    );
    expect(result.settings.description).toBe('离银河中心最远的行星');
    // Archive's posts carry topic tags, none on more than half of them: no name from them.
    expect(YAML.parse(readFileSync(path.join(work, 'categories.yml'), 'utf8')).archive).toBeUndefined();
    expect(result.toCheck.at(-2)).toMatch(
      /^category names: .* show these categories as their posts write them: Archive \(its posts' most common tag: /,
    );
    // Its category Archive heads /archive/2018/01/15/zhang-yun-fan.html, where the site's month archives are: said once.
    expect(result.toCheck.at(-1)).toMatch(
      /^category Archive \(URL folder \/archive\/\) is named like the site's own \/archive\.html, \/archive\/<year>\/<month>\.html: the articles keep their URLs .*; Archive is listed at \/category\/archive\.html — 607 posts: .*2016-12-01-YueXin-zishu-2016\.md, .*, …$/,
    );
  });
});

describe('mapJekyllConfig: the keys other themes use for the title and the address', () => {
  const EXAMPLE_SITE = { ...EXAMPLE, url: 'https://finews.example.com', legacyHosts: ['finews.example.com', 'finews.withounder.com'] };

  it('takes a Jekyll-Now name: as the title when there is no title:, says so, and makes the description from it', () => {
    const { settings, unmapped, toCheck } = mapJekyllConfig({ name: '端点星', url: 'https://terminus2049.github.io' }, EXAMPLE_SITE);
    expect(settings.title).toBe('端点星');
    expect(settings.description).toBe('端点星的全部文章');
    expect(toCheck.title).toBe(
      `title: _config.yml has none, so its name: "端点星" is the title, as Jekyll-Now themes show it; ` +
        'it is in every page title and the feeds: change it in src/site.config.ts if it is not the title',
    );
    expect(unmapped.filter((line) => line.startsWith('name:'))).toEqual([]);
  });

  it('keeps title: over name:, and lists name: as a key it does not map', () => {
    const { settings, unmapped, toCheck } = mapJekyllConfig({ title: '码志', name: 'Zhuang Ma' }, EXAMPLE_SITE);
    expect(settings.title).toBe('码志');
    expect(toCheck.title).toBeUndefined();
    expect(unmapped).toContain('name: "Zhuang Ma" — no xinwen setting');
  });

  it('takes Jekyll-Bootstrap’s production_url: as the address when there is no url:, and says so', () => {
    const { settings, unmapped, toCheck } = mapJekyllConfig({ title: '颜海镜', production_url: 'http://yanhaijing.com' }, EXAMPLE_SITE);
    expect(settings.url).toBe('http://yanhaijing.com');
    expect(settings.legacyHosts).toEqual(['yanhaijing.com']);
    expect(toCheck.url).toBe(
      `url: _config.yml has none, so its production_url: "http://yanhaijing.com" is the site's address (http://yanhaijing.com), ` +
        'and links in posts to yanhaijing.com become links within the site; check both in src/site.config.ts',
    );
    expect(unmapped.filter((line) => line.startsWith('production_url'))).toEqual([]);
  });

  it('keeps url: over production_url:, which it then lists', () => {
    const { settings, unmapped, toCheck } = mapJekyllConfig(
      { url: 'https://news.example.net', production_url: 'http://old.example.net' },
      EXAMPLE_SITE,
    );
    expect(settings.url).toBe('https://news.example.net');
    expect(toCheck.url).toBeUndefined();
    expect(unmapped).toContain('production_url: "http://old.example.net" — no xinwen setting');
  });

  it('without an address, leaves the example’s url flagged and removes the example’s old hosts', () => {
    const { settings, toCheck } = mapJekyllConfig({ title: '旧站' }, EXAMPLE_SITE);
    expect(settings.url).toBeUndefined();
    expect(settings.legacyHosts).toEqual([]);
    expect(toCheck.url).toBe(
      "url: _config.yml has none (nor production_url:), so migrate cannot tell the site's address: the example's https://finews.example.com " +
        "stays, and feeds, the sitemap and canonical links point there; the example's old hosts (finews.example.com, finews.withounder.com) " +
        "are removed from legacyHosts: write the site's url in src/site.config.ts, and in legacyHosts the hosts the old site was served from",
    );
    // A settings file without url or legacyHosts has the example's too (the schema's defaults).
    expect(mapJekyllConfig({ title: '旧站' }, EXAMPLE).settings.legacyHosts).toEqual([]);
  });

  it('says what it could not read in a production_url: that is not an address', () => {
    const { settings, unmapped, toCheck } = mapJekyllConfig({ production_url: 'yanhaijing.com' }, EXAMPLE_SITE);
    expect(settings.url).toBeUndefined();
    expect(unmapped).toContain('production_url: "yanhaijing.com" is not an absolute URL');
    expect(toCheck.url).toMatch(/^url: _config\.yml has no usable address \(production_url: "yanhaijing\.com"\), so migrate cannot tell/);
  });

  it('leaves a site’s own url and old hosts as they are when _config.yml has no address', () => {
    const own = { ...EXAMPLE, url: 'https://news.example.net', legacyHosts: ['old.example.net'] };
    const { settings, toCheck } = mapJekyllConfig({ title: '旧站' }, own);
    expect(settings.url).toBeUndefined();
    expect(settings.legacyHosts).toBeUndefined();
    expect(toCheck.url).toBeUndefined();
  });
});

const YANHAIJING = path.join(REAL_JEKYLL, 'sites/yanhaijing');

describe.runIf(existsSync(YANHAIJING))('migrateSite on a Jekyll-Bootstrap site (yanhaijing)', () => {
  it('takes production_url: as the address, and prints it with the settings', async () => {
    const { work, result } = await migrateRealSite(YANHAIJING, { namesFromPosts: false });
    const config = readFileSync(path.join(work, 'site.config.ts'), 'utf8');
    expect(config).toContain("  url: 'http://yanhaijing.com',\n");
    expect(config).toContain("  legacyHosts: ['yanhaijing.com'],\n");
    expect(result.toCheck.some((line) => line.startsWith('url: _config.yml has none, so its production_url: '))).toBe(true);
  });
});

describe('static files, pages and collections of the old site', () => {
  const SITE = {
    '_config.yml':
      'title: 码志\nurl: https://mazhuang.org\ncollections:\n  wiki:\n    output: true\n    permalink: /wiki/:path/\n  drafts_notes:\n    output: false\n',
    '_posts/2021-12-08-a.md': post({ title: 'a', date: '2021-12-08 07:06:00 +0800' }),
    '_wiki/vim.md': '---\ntitle: Vim\n---\n笔记\n',
    '_wiki/tools/git.md': '---\ntitle: Git\n---\n笔记\n',
    '_wiki/raw.txt': 'no front matter',
    '_drafts_notes/n.md': '---\ntitle: n\n---\n',
    'about.md': '---\nlayout: page\npermalink: /about/\n---\n关于\n',
    // Without front matter Jekyll copies a file as it is, whatever its name.
    'README.md': '# 码志\n',
    'google0123.html': 'google-site-verification: google0123.html',
    'images/posts/a.png': 'png-a',
    'images/logo.svg': '<svg>old</svg>',
    'favicon.ico': 'old-icon',
    'robots.txt': 'User-agent: *\n',
    CNAME: 'mazhuang.org\n',
  };

  it('takes a file with front matter for a page and any other for a static file, and lists a collection’s pages with their URLs', () => {
    const site = folderWith(SITE);
    const { files, collections } = listSiteFiles(site, YAML.parse(SITE['_config.yml']));
    expect(files.map((file) => [file.path, file.page])).toEqual([
      ['CNAME', false],
      ['README.md', false],
      ['about.md', true],
      ['favicon.ico', false],
      ['google0123.html', false],
      ['images/logo.svg', false],
      ['images/posts/a.png', false],
      ['robots.txt', false],
    ]);
    expect(collections.map(({ name, pages }) => [name, pages.map((page) => [page.path, pageUrl(page)])])).toEqual([
      [
        'wiki',
        [
          ['_wiki/tools/git.md', '/wiki/tools/git/'],
          ['_wiki/vim.md', '/wiki/vim/'],
        ],
      ],
    ]);
  });

  it('copies every static file but CNAME, those xinwen writes and its own, and says what it did not', () => {
    const site = folderWith(SITE);
    const publicDir = folderWith({ 'favicon.ico': 'xinwen-icon', 'feed.css': 'css' });
    const { files, collections } = listSiteFiles(site, YAML.parse(SITE['_config.yml']));
    const own = listPublicFiles(publicDir);
    const toCopy = staticFilesToCopy(files, own);
    expect(toCopy.map((file) => file.path)).toEqual(['README.md', 'google0123.html', 'images/logo.svg', 'images/posts/a.png']);
    const copied = copyStaticFiles(site, toCopy, publicDir);
    expect(copied).toEqual({
      files: 4,
      bytes: 9 + 41 + 14 + 5,
      byFolder: new Map([
        ['README.md', 1],
        ['google0123.html', 1],
        ['images/', 2],
      ]),
    });
    expect(readFileSync(path.join(publicDir, 'images/posts/a.png'), 'utf8')).toBe('png-a');
    expect(readFileSync(path.join(publicDir, 'favicon.ico'), 'utf8')).toBe('xinwen-icon');
    expect(notCarriedFiles(files, own, collections)).toEqual([
      'about.md: a page at /about/ — not built (xinwen builds posts, not pages), so /about/ leads nowhere; ' +
        'to keep it, write its text into src/pages/about/index.astro, a page in BaseLayout as src/pages/404.astro is',
      '_wiki/: a collection of 2 pages at /wiki/… (such as /wiki/tools/git/) — not built (xinwen builds posts, not pages), so they lead nowhere; ' +
        "npm run check names the posts' links to them apart, as links to the old site's pages. To keep them, move them into _posts/ as posts, " +
        'or write pages for them under src/pages/wiki/',
      'CNAME: the custom domain of GitHub Pages — not used when GitHub Actions publishes the site: set the domain in Settings → Pages → Custom domain',
      "favicon.ico: a file at /favicon.ico — not copied: xinwen has its own (public/favicon.ico); copy this one over it to keep the old site's",
      'robots.txt: a file at /robots.txt — xinwen writes its own (src/pages/robots.txt.ts), so this one is not needed',
    ]);
    expect(oldSiteRecord(files, collections)).toEqual({
      pages: ['/about/', '/wiki/tools/git/', '/wiki/vim/'],
      files: ['/README.md', '/favicon.ico', '/google0123.html', '/images/logo.svg', '/images/posts/a.png'],
    });
    expect(shownSize(1023)).toBe('1023 bytes');
    expect(shownSize(12.5 * 1024 * 1024)).toBe('12.5 MB');
  });

  /** Migrate options over SITE, with a project whose public/ holds xinwen's own files. */
  function options(extra: Partial<MigrateOptions> = {}): MigrateOptions {
    const work = folderWith({ 'public/favicon.ico': 'xinwen-icon', 'public/feed.css': 'css' });
    copyFileSync(path.join(root, 'src/site.config.ts'), path.join(work, 'site.config.ts'));
    return {
      site: folderWith(SITE),
      config: path.join(work, 'site.config.ts'),
      categories: path.join(work, 'categories.yml'),
      posts: path.join(work, 'posts'),
      publicDir: path.join(work, 'public'),
      oldSite: path.join(work, 'data/old-site.yml'),
      copyPosts: false,
      namesFromPosts: false,
      now: new Date('2026-11-28T00:00:00Z'),
      ...extra,
    };
  }

  it('copies them in a migration, writes down the old site’s pages and files, and copies them again when run again', async () => {
    const first = options();
    const report = migrationReport(await migrateSite(first));
    const copiedLine = `4 static files (69 bytes) copied from ${first.site} into ${first.publicDir}/: README.md, google0123.html, images/ (2)`;
    expect(report).toContain(copiedLine);
    expect(report).toContain(
      `the old site's 3 pages and 5 static files written down in ${first.oldSite}: ` +
        "npm run check and the build name posts' links to those this site does not serve apart from links that lead nowhere",
    );
    expect(parseOldSite(readFileSync(first.oldSite!, 'utf8')).pages).toEqual(['/about/', '/wiki/tools/git/', '/wiki/vim/']);
    // A second run takes the files it copied for the old site's, not for xinwen's own.
    const again = migrationReport(await migrateSite(first));
    expect(again).toContain(copiedLine);
    expect(again.filter((line) => /not copied: xinwen has its own/.test(line))).toEqual([
      "  favicon.ico: a file at /favicon.ico — not copied: xinwen has its own (public/favicon.ico); copy this one over it to keep the old site's",
    ]);
    expect(readFileSync(path.join(first.publicDir!, 'favicon.ico'), 'utf8')).toBe('xinwen-icon');
    // A copy edited since is the project's own: never replaced.
    writeFileSync(path.join(first.publicDir!, 'images/logo.svg'), '<svg>edited</svg>');
    await migrateSite(first);
    expect(readFileSync(path.join(first.publicDir!, 'images/logo.svg'), 'utf8')).toBe('<svg>edited</svg>');
  });

  it('with --no-static-files, copies nothing and says what the link checks will call them', async () => {
    const skip = options({ copyStatic: false });
    const report = migrationReport(await migrateSite(skip));
    expect(report).toContain(
      `4 static files of ${skip.site} not copied (--no-static-files): posts' links to them are reported as links to the old site's files`,
    );
    expect(listPublicFiles(skip.publicDir!)).toEqual(new Set(['favicon.ico', 'feed.css']));
    expect(parseOldSite(readFileSync(skip.oldSite!, 'utf8')).files).toContain('/images/posts/a.png');
  });
});

/**
 * `planMigration`: what `npm run migrate` writes and reports, decided from a site held in memory
 * (no folders): the settings, the category names, the static files and the old site's record,
 * and the `not mapped:` and `to check:` lines, in order.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { migrationReport, type MigrationResult } from '../../src/migrate/migrate-site';
import {
  MigrateInputError,
  type MigrationInput,
  type MigrationPlan,
  planMigration,
  type PostsInput,
  postsFolderOf,
  postsReadSettings,
} from '../../src/migrate/plan';
import type { CurrentSettings } from '../../src/migrate/site-config';
import type { SiteFile } from '../../src/migrate/site-files';
import { decodePost } from '../../src/reader/decode';
import { readFrontMatter } from '../../src/reader/front-matter';
import { readPostFile } from '../../src/reader/read-post';
import type { ReadPost } from '../../src/schemas/post';

/** The example project's settings (src/site.config.ts as shipped). */
const EXAMPLE: CurrentSettings = {
  title: '新闻存档',
  description: '财经与时事新闻存档',
  language: 'zh-CN',
  url: 'https://finews.example.com',
  timeZone: 'Asia/Shanghai',
  legacyHosts: ['finews.example.com', 'finews.withounder.com'],
};
const SITE = 'old/finews';
const POSTS_DIR = postsFolderOf(SITE);
const CATEGORIES = 'src/data/categories.yml';
const NOW = new Date('2026-11-28T00:00:00Z');

const post = (front: Record<string, string>, body = '<p>正文。</p>\n') =>
  `---\n${Object.entries(front)
    .map(([key, value]) => `${key}: ${value}`)
    .join('\n')}\n---\n${body}`;

/** The posts of `files` (`_posts/…`), read as the shell reads them, without a folder. */
function postsOf(files: Record<string, string>, input: Pick<MigrationInput, 'site' | 'config' | 'settings'>): PostsInput | undefined {
  const names = Object.keys(files)
    .filter((file) => file.startsWith('_posts/'))
    .sort();
  if (names.length === 0) return undefined;
  const texts = names.map((file) => {
    const decoded = decodePost(Buffer.from(files[file]!));
    return { file, front: decoded.ok ? readFrontMatter(decoded.text, { repairTitles: true }) : undefined };
  });
  const reading = postsReadSettings(input);
  if (!reading.ok) return { files: texts, read: undefined };
  const posts: ReadPost[] = [];
  let invalid = 0;
  for (const file of names) {
    const shown = path.posix.join(POSTS_DIR, path.posix.relative('_posts', file));
    const read = readPostFile(shown, Buffer.from(files[file]!), reading.settings, { now: NOW, render: false });
    if (read.status === 'post') posts.push(read.post);
    else if (read.status === 'invalid') invalid += 1;
  }
  return { files: texts, read: { posts, invalid } };
}

/** The plan for a site held in `files` (path → text) and the example project. */
function planFor(files: Record<string, string>, extra: Partial<MigrationInput> = {}): MigrationPlan {
  const config = (YAML.parse(files['_config.yml'] ?? '') ?? {}) as Record<string, unknown>;
  const settings = 'settings' in extra ? extra.settings : EXAMPLE;
  const inFolder = (folder: string) =>
    Object.entries(files)
      .filter(([file]) => file.startsWith(`${folder}/`))
      .map(([file, text]) => [file.slice(folder.length + 1), text] as const);
  return planMigration({
    site: SITE,
    siteName: 'finews',
    config,
    settingsFile: 'src/site.config.ts',
    settings,
    stubs: inFolder('category').map(([file, text]) => ({ file, bytes: Buffer.from(text) })),
    posts: postsOf(files, { site: SITE, config, settings }),
    categoriesFile: CATEGORIES,
    categoriesText: 'caijing:\n  name: 财经\n',
    ownPublicFiles: new Set(['favicon.ico', 'feed.css']),
    siteFiles: { files: [], nestedPosts: [], collections: [] },
    nestedPosts: { copies: [], notCopied: [] },
    includes: new Map(inFolder('_includes')),
    oldSiteExists: false,
    copyPosts: false,
    namesFromPosts: false,
    ...extra,
  });
}

/** What migrate prints for a plan, as if the posts stayed in place and no file was copied. */
function reportOf(plan: MigrationPlan): string[] {
  const result: MigrationResult = {
    options: {
      site: SITE,
      config: 'src/site.config.ts',
      categories: CATEGORIES,
      posts: 'src/content/posts',
      copyPosts: false,
      namesFromPosts: false,
    },
    settings: plan.settings,
    categoriesWritten: plan.categories.written,
    withoutPosts: plan.categories.withoutPosts,
    postsDir: POSTS_DIR,
    postsExist: true,
    postsRead: plan.postsRead,
    replaced: 0,
    nestedCopies: plan.nestedCopies,
    excludedPosts: [],
    staticFiles: { toCopy: plan.staticFiles.length, copied: undefined },
    oldSiteWritten: undefined,
    unmapped: plan.unmapped,
    toCheck: plan.toCheck,
  };
  return migrationReport(result);
}

const SITE_FILES = {
  '_config.yml': 'title: 财经新闻存档\nurl: https://finews.withounder.com\ngoogle_analytics: UA-12345678-1\n',
  '_posts/2021-12-08-a.md': post({
    title: '机构上调目标价',
    date: '2021-12-08 07:06:00 +0800',
    categories: 'emnews',
    tags: '东方财富新闻',
  }),
  '_posts/2021-12-09-b.md': post({ title: '港股收盘点评', date: '2021-12-09 21:15:00 +0800', categories: 'yicai', tags: '第一财经新闻' }),
  'category/emnews.html': '---\ntitle: 新浪财经滚动新闻\n---\n',
};
/** What listSiteFiles gives for the site's 404 page and its image. */
const PAGE_AND_IMAGE: SiteFile[] = [
  { path: '404.md', page: true, permalink: '/404.html' },
  { path: 'images/logo.svg', page: false },
];

describe('planMigration', () => {
  it('decides the settings, the description and the names, and what it did not carry and what to check, in order', () => {
    const plan = planFor(SITE_FILES, { namesFromPosts: true, siteFiles: { files: PAGE_AND_IMAGE, nestedPosts: [], collections: [] } });
    expect(plan.settings).toEqual({
      title: '财经新闻存档',
      description: '财经新闻存档的全部文章',
      url: 'https://finews.withounder.com',
      legacyHosts: ['finews.withounder.com'],
      legacyTimeZone: 'UTC',
    });
    expect(YAML.parse(plan.categories.text)).toEqual({
      caijing: { name: '财经' },
      emnews: { name: '东方财富新闻' },
      yicai: { name: '第一财经新闻' },
    });
    expect(plan.categories.text).toMatch(
      /^# Display names of categories, .*\n# Written by npm run migrate from finews\/category\/ and the tags of finews\/_posts; edit freely\.\n/,
    );
    expect([plan.categories.written, plan.categories.withoutPosts, plan.postsRead]).toEqual([
      ['emnews', 'yicai'],
      0,
      { valid: 2, invalid: 0 },
    ]);
    expect(plan.unmapped.map((line) => line.split(' — ')[0])).toEqual(['google_analytics: "UA-12345678-1"', '404.md: a page at /404.html']);
    // The images are copied, and the old site's files written down (its 404 page is xinwen's own).
    expect(plan.staticFiles.map((file) => file.path)).toEqual(['images/logo.svg']);
    expect(plan.oldSite?.record).toEqual({ pages: [], files: ['/images/logo.svg'] });
    expect(plan.toCheck.map((line) => line.split(':')[0])).toEqual([
      'timezone',
      'times',
      'description',
      'category/emnews.html',
      'category names',
    ]);
    expect(plan.toCheck).toContain(
      `times: the old site showed dates in UTC (its build machine's zone) and xinwen shows them in Asia/Shanghai (timeZone), ` +
        `so 2 of the 2 posts show another time than before, some on another day: ${POSTS_DIR}/2021-12-08-a.md, ` +
        'dated 2021-12-08 07:06:00 +0800, was shown as 2021-12-07 23:06 by the old site and as 2021-12-08 07:06 by xinwen',
    );
  });

  it('carries a _config.yml value the posts print into liquid.site, shows the setting as written, and lists the key as mapped', () => {
    const plan = planFor({
      ...SITE_FILES,
      '_config.yml': 'title: 财经新闻存档\nurl: https://finews.withounder.com\nweibo: finews\n',
      '_posts/2021-12-10-c.md': `---\ntitle: 关注我们\ndate: 2021-12-10 08:00:00 +0800\n---\n微博：{{ site.weibo }}\n`,
    });
    expect(plan.settings.liquid).toEqual({ site: { weibo: 'finews' } });
    const report = reportOf(plan);
    expect(report).toContain('  liquid: {"site":{"weibo":"finews"}}');
    expect(report.join('\n')).not.toMatch(/^ {2}weibo:/m);
  });

  it('carries the includes the posts run from the old site’s _includes/, and none from outside it', () => {
    const plan = planFor({
      ...SITE_FILES,
      '_includes/note.html': '<p>{{ site.title }}</p>',
      '_posts/2021-12-10-c.md': post({ title: '说明' }, '{% include note.html %}\n{% include ../secret.txt %}\n'),
    });
    expect(plan.settings.liquid).toEqual({ includes: { 'note.html': '<p>{{ site.title }}</p>' } });
    expect(plan.toCheck.filter((line) => line.startsWith('liquid:'))).toEqual([
      expect.stringMatching(
        /^liquid: \{% include \.\.\/secret\.txt %\} is used by 1 post \(_posts\/2021-12-10-c\.md\), and _includes\/\.\.\/secret\.txt is not/,
      ),
    ]);
  });

  it('without --names-from-posts, names the category that will show its slug', () => {
    const plan = planFor(SITE_FILES);
    expect(plan.toCheck).toContain(
      `category names: with no stub title and no entry in ${CATEGORIES}, headings, breadcrumbs, feed titles and the OPML show these categories ` +
        `as their posts write them: yicai (its posts' tag: "第一财经新闻", 1 of 1 post); rerun with --names-from-posts to name them by their posts' tags, ` +
        `or name them in ${CATEGORIES}`,
    );
    expect(Object.keys(YAML.parse(plan.categories.text))).toEqual(['caijing', 'emnews']);
  });

  it('names categories by their posts on a site without stubs, and with --copy-posts drops the example categories', () => {
    const withoutStubs = Object.fromEntries(Object.entries(SITE_FILES).filter(([file]) => !file.startsWith('category/')));
    const plan = planFor(withoutStubs, { namesFromPosts: true, copyPosts: true });
    // The example categories go with the example posts.
    expect(YAML.parse(plan.categories.text)).toEqual({
      emnews: { name: '东方财富新闻' },
      yicai: { name: '第一财经新闻' },
    });
    expect(plan.copyPosts).toBe(true);
    expect(plan.toCheck.at(-1)).toBe(
      'category names: named by the tag most of their posts carry, having no stub title: emnews "东方财富新闻" (1 of 1 post), yicai "第一财经新闻" (1 of 1 post)',
    );
  });

  it('writes no record for a site with nothing but posts, and replaces a record of an earlier run', () => {
    const bare = { '_config.yml': 'title: x\nurl: https://x.example\n', '_posts/2021-12-08-a.md': post({ title: 'a' }) };
    const plan = planFor(bare);
    expect(plan.oldSite).toBeUndefined();
    expect(plan.staticFiles).toEqual([]);
    expect(planFor(bare, { oldSiteExists: true }).oldSite?.record).toEqual({ pages: [], files: [] });
  });

  it('reads stubs with the reader’s front matter, and names the ones it cannot read or that have no title', () => {
    const plan = planFor({
      ...SITE_FILES,
      'category/broken.html': '---\ntitle: [unclosed\n---\n',
      'category/weiming.html': '---\nlayout: category\n---\n',
      // A title YAML reads as a number is the text written, as in the reader.
      'category/2021.html': '---\ntitle: 2021\npermalink: /category/2021/\n---\n',
    });
    expect(plan.unmapped.filter((line) => line.startsWith('category/'))).toEqual([
      expect.stringMatching(/^category\/broken\.html:3: front matter: .* — not read, so it names no category$/),
      'category/weiming.html: no title: in its front matter; named "weiming", its category, so its old URL keeps working',
    ]);
    expect(YAML.parse(plan.categories.text)['2021']).toEqual({ name: '2021', oldUrls: ['/category/2021/'] });
  });

  it('does not read the posts with settings the schema refuses, and says so', () => {
    // No timezone: in _config.yml: the posts would be read in the settings file's zone, which is none.
    const plan = planFor(SITE_FILES, { settings: { ...EXAMPLE, timeZone: 'Asia/Shangai' } });
    expect(plan.postsRead).toBeUndefined();
    expect(
      plan.toCheck.some((line) => line.startsWith(`category names and times: not checked against ${POSTS_DIR}: its settings are refused`)),
    ).toBe(true);
  });

  it('stops when there are settings to write and no settings file, or a categories file it cannot read', () => {
    expect(() => planFor(SITE_FILES, { settings: undefined })).toThrow(
      new MigrateInputError("src/site.config.ts not found: give --config the site's settings file (src/site.config.ts)"),
    );
    expect(() => planFor(SITE_FILES, { categoriesText: 'caijing: [unclosed\n' })).toThrow(
      /^src\/data\/categories\.yml: cannot be read \(.*\); fix its YAML$/,
    );
  });
});

/**
 * The old site's pages and files (`src/data/old-site.yml`, written by `npm run migrate`): links
 * in posts to those the new site does not serve are reported apart from links that lead nowhere,
 * by `npm run check` and the build alike; on a real blog whose images were not brought, its
 * links to /images/… and /wiki/… are the old site's files and pages, not broken links.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { AstroIntegrationLogger } from 'astro';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { linkCheckStep } from '../../src/integrations/post-build/link-check';
import { buildStartTime, createPipelineState } from '../../src/integrations/post-build/state';
import { OLD_SITE_FILE, oldSiteLookup, oldSiteText, parseOldSite } from '../../src/lib/old-site';
import { writeRouteRecord } from '../../src/lib/route-record';
import { checkBodyLinks } from '../../src/lib/site-pages';
import { readPostsFolder } from '../../src/loaders/posts-folder';
import { oldSiteLinkLines } from '../../src/loaders/report';
import { expectedFiles } from '../../src/loaders/site-links';
import { mapJekyllConfig } from '../../src/migrate/site-config';
import { renderedLinks } from '../../src/reader/read-post';
import { readerSettings } from '../../src/reader/settings';
import { settingsSchema } from '../../src/schemas/settings';
import { REAL_JEKYLL, REAL_JEKYLL_PRESENT } from '../support/shared-samples';

const RECORD = { pages: ['/about/', '/tags.html', '/wiki/vim/'], files: ['/images/logo.png', '/ads.txt'] };

describe('the record of the old site', () => {
  it('is written with what it is and read back; what is not a site path is left out', () => {
    const text = oldSiteText(RECORD, 'mzlogin');
    expect(text.split('\n')[0]).toBe('# The pages and static files of the old Jekyll site (mzlogin), written by npm run migrate.');
    expect(parseOldSite(text)).toEqual(RECORD);
    expect(parseOldSite('pages: [/a/, 3, about.html]\n')).toEqual({ pages: ['/a/'], files: [] });
    expect(parseOldSite('pages: [unclosed\n')).toEqual({ pages: [], files: [] });
  });

  it('finds a path as static hosts serve it: a page with or without its slash, a file by its name', () => {
    const lookup = oldSiteLookup(RECORD);
    expect(['/about/', '/about', '/tags.html', '/tags', '/wiki/vim/', '/images/logo.png', '/ads.txt'].map(lookup)).toEqual([
      'page',
      'page',
      'page',
      'page',
      'page',
      'file',
      'file',
    ]);
    expect(['/images/other.png', '/wiki/', '/about.html'].map(lookup)).toEqual([undefined, undefined, undefined]);
  });
});

describe('checkBodyLinks with the old site', () => {
  const link = (line: number, href: string, shown?: false) => ({ line, href, path: href, ...(shown === false ? { shown } : {}) });
  const posts = [
    {
      sourceFile: '_posts/2021-12-08-a.md',
      links: [
        link(3, '/images/logo.png'),
        link(4, '/about/'),
        link(5, '/nowhere.html'),
        link(6, '/feed.xml'),
        link(7, '/tags.html', false),
      ],
    },
  ];

  it('names links to the old site’s pages and files apart, with what they lead to, and leaves the rest as they were', () => {
    const check = checkBodyLinks(posts, new Set(['feed.xml']), undefined, oldSiteLookup(RECORD));
    expect(check.checked).toBe(5);
    expect(check.broken.map((problem) => problem.message)).toEqual(['/nowhere.html → /nowhere.html does not exist']);
    expect(check.oldSite).toEqual([
      expect.objectContaining({
        line: 3,
        kind: 'file',
        message: '/images/logo.png → /images/logo.png is a file of the old site that is not in public/',
      }),
      expect.objectContaining({
        line: 4,
        kind: 'page',
        message: '/about/ → /about/ is a page of the old site that this site does not have',
      }),
    ]);
    // Content the page does not show is not reported, whatever it leads to.
    expect(check.notShown?.map((problem) => problem.line)).toEqual([7]);
  });

  it('without a record, reports them all as leading nowhere, as before', () => {
    const check = checkBodyLinks(posts, new Set(['feed.xml']));
    expect(check.broken.map((problem) => problem.line)).toEqual([3, 4, 5]);
    expect(check.oldSite).toBeUndefined();
  });

  it('groups the old site’s links by kind and folder, biggest first, with what to do', () => {
    const many = [1, 2, 3, 4].map((n) => ({ sourceFile: `_posts/${n}.md`, links: [link(n, `/images/${n % 2}.png`)] }));
    const record = { pages: ['/about/'], files: ['/images/0.png', '/images/1.png'] };
    const check = checkBodyLinks([...many, ...posts.slice(0, 1)], new Set(), undefined, oldSiteLookup(record));
    expect(oldSiteLinkLines(check)).toEqual([
      "old site /images/…: 4 links in 4 posts to 2 files of the old site that are not in public/: bring them from the old site's images/ into public/images/; " +
        'e.g. _posts/1.md:1, _posts/2.md:2, _posts/3.md:3, …',
      'old site _posts/2021-12-08-a.md:4: link: /about/ → /about/ is a page of the old site that this site does not have',
    ]);
  });
});

describe('the build’s link check with the old site', () => {
  it('says the links to the old site’s pages and files apart from those that lead nowhere, and counts them', async () => {
    const dir = (name: string) => mkdtempSync(path.join(tmpdir(), `xinwen-old-site-${name}-`));
    const [outDir, cacheDir, root] = [dir('out'), dir('cache'), dir('root')];
    writeFileSync(path.join(outDir, 'index.html'), '<a href="/">home</a>');
    mkdirSync(path.join(root, 'src/data'), { recursive: true });
    writeFileSync(path.join(root, OLD_SITE_FILE), oldSiteText(RECORD, 'old'));
    writeRouteRecord(cacheDir, {
      articles: [],
      redirects: [],
      prefixListings: [],
      unlisted: [],
      bodyLinks: [
        {
          sourceFile: 'posts/2021-12-08-a.md',
          links: [
            { line: 3, href: '/images/logo.png', path: '/images/logo.png' },
            { line: 4, href: '/nowhere/', path: '/nowhere/' },
          ],
        },
      ],
    });
    const log: [string, string][] = [];
    const logger = {
      info: (message: string) => log.push(['info', message]),
      warn: (message: string) => log.push(['warn', message]),
    } as unknown as AstroIntegrationLogger;
    const dirUrl = pathToFileURL(`${outDir}/`);
    const state = createPipelineState({
      cacheDir,
      publicDir: path.join(root, 'public'),
      root,
      buildStarted: buildStartTime(),
      buildId: 'build-1',
      report: { dir: dirUrl, pages: [{ pathname: '' }], assets: new Map([['/', [new URL('index.html', dirUrl)]]]) },
      logger,
    } as Parameters<typeof createPipelineState>[0]);
    await linkCheckStep().run(state, logger);
    expect(log.slice(0, 3)).toEqual([
      ['warn', 'link     posts/2021-12-08-a.md:4: link: /nowhere/ → /nowhere/ does not exist'],
      [
        'info',
        'old site posts/2021-12-08-a.md:3: link: /images/logo.png → /images/logo.png is a file of the old site that is not in public/',
      ],
      [
        'info',
        "post links: 2 links into the site checked, 1 lead nowhere, 1 lead to the old site's pages and files that this site does not have",
      ],
    ]);
    for (const folder of [outDir, cacheDir, root]) rmSync(folder, { recursive: true, force: true });
  });
});

const MZLOGIN = path.join(REAL_JEKYLL, 'sites/mzlogin');

describe.runIf(REAL_JEKYLL_PRESENT)('a real blog whose static files were not brought (mzlogin)', () => {
  it('reports its posts’ links to the old site’s images and wiki as the old site’s files and pages, not as broken', async () => {
    const jekyll = YAML.parse(readFileSync(path.join(MZLOGIN, '_config.yml'), 'utf8')) as Record<string, unknown>;
    const mapping = mapJekyllConfig(jekyll, {});
    const postsDir = path.join(MZLOGIN, '_posts');
    const settings = settingsSchema.parse({
      ...mapping.settings,
      timeZone: mapping.siteTimeZone,
      postsDir,
      invalidPosts: 'skip',
      includeFuture: true,
    });
    const reader = readerSettings(settings);
    const now = new Date('2026-11-28T00:00:00Z');
    const { entries } = await readPostsFolder(reader, { dir: postsDir, displayDir: postsDir }, { render: false, now });
    // The site has none of xinwen's public/ files, and the old site's are not in its folder.
    const { posts, files } = expectedFiles(entries.values(), settings, path.join(MZLOGIN, 'no-project'));
    // What migrate writes down from a site's folder, here from what Jekyll published (the
    // folder in the shared data has no images): its pages and its static files.
    const oracle = JSON.parse(gunzipSync(readFileSync(path.join(REAL_JEKYLL, 'oracle/mzlogin.json.gz'))).toString()) as {
      site_files: string[];
    };
    const record = {
      pages: oracle.site_files.filter((file) => file.endsWith('.html')).map((file) => `/${file.replace(/(^|\/)index\.html$/, '$1')}`),
      files: oracle.site_files.filter((file) => !file.endsWith('.html')).map((file) => `/${file}`),
    };
    const rendered = ({ sourceFile }: { sourceFile?: string | undefined }) =>
      sourceFile === undefined ? undefined : renderedLinks(sourceFile, readFileSync(sourceFile), reader, now);
    const check = checkBodyLinks(posts, files, rendered, oldSiteLookup(record));
    const byFolder = (links: { path: string }[]) =>
      Object.fromEntries(
        [...new Set(links.map((link) => /^\/[^/]+\//.exec(link.path)?.[0] ?? link.path))].map((folder) => [
          folder,
          links.filter((link) => link.path.startsWith(folder)).length,
        ]),
      );
    expect(byFolder(check.oldSite ?? [])).toEqual({
      '/images/': 316,
      '/assets/': 7,
      '/wiki/': 4,
      '/favicon.ico': 1,
      '/about/': 1,
      '/links/': 1,
    });
    expect(check.oldSite?.length).toBe(330);
    // What is left leads nowhere on the old site either: another project's site on the same host, and typos.
    expect(byFolder(check.broken)).toEqual({ '/guanggoo-android/': 11, '/2017/': 2, '/images/': 1 });
  }, 30_000);
});

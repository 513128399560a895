/**
 * The post-build pipeline's steps on temporary folders: output tidying, the link check, the
 * search index's decision to keep an index, the sitemap call, and the order of the steps.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import { describe, expect, it } from 'vitest';
import { writeRouteRecord } from '../../src/lib/route-record';
import { INTEGRATION_NAME, postBuildSteps } from '../../src/integrations/post-build/index';
import { legacyFeedsStep } from '../../src/integrations/post-build/legacy-feeds';
import {
  checkLinks,
  LINK_REPORT_FILE,
  linkCheckStep,
  linksOf,
  linkTarget,
  pagesWritten,
} from '../../src/integrations/post-build/link-check';
import { resolves } from '../../src/lib/route-record';
import type { BodyLinkCheck } from '../../src/lib/site-pages';
import type { BundleState, SearchIndexPlan, SearchIndexState } from '../../src/lib/search-plan';
import { settingsSchema } from '../../src/schemas/settings';
import {
  decodeFileNames,
  decodeName,
  filesBelow,
  outputFolderStep,
  pruneStaleFiles,
} from '../../src/integrations/post-build/output-folder';
import { runSteps, type PostBuildStep } from '../../src/integrations/post-build/pipeline';
import {
  articlesOfThisBuild,
  commitSearchIndex,
  SEARCH_STATE_FILE,
  searchIndexReport,
  searchIndexStep,
} from '../../src/integrations/post-build/search-index';
import { pageOutput, sitemapPages, sitemapSetupHooks, sitemapStep } from '../../src/integrations/post-build/sitemap';
import { buildStartTime, createPipelineState, type PipelineState } from '../../src/integrations/post-build/state';

/** The search settings' defaults. */
const SEARCH = settingsSchema.parse({}).search;

const HOUR_AGO = (Date.now() - 3_600_000) / 1000;

function temporaryDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `xinwen-post-build-${prefix}-`));
}

/** Writes `files` (relative path → content) below `dir`; `old` ones get a time before the build. */
function writeFiles(dir: string, files: Record<string, string>, old: readonly string[] = []): void {
  for (const [file, content] of Object.entries(files)) {
    const full = path.join(dir, file);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
    if (old.includes(file)) utimesSync(full, HOUR_AGO, HOUR_AGO);
  }
}

interface Logged {
  level: 'info' | 'warn' | 'error';
  label: string;
  message: string;
}

/** A logger that keeps what it is told, with the label of the fork that said it. */
function recordingLogger(log: Logged[] = [], label = 'test'): AstroIntegrationLogger {
  const logger = {
    label,
    info: (message: string) => log.push({ level: 'info', label, message }),
    warn: (message: string) => log.push({ level: 'warn', label, message }),
    error: (message: string) => log.push({ level: 'error', label, message }),
    debug: () => {},
    fork: (child: string) => recordingLogger(log, child),
  };
  return logger as unknown as AstroIntegrationLogger;
}

/** A pipeline state for an output folder whose routes produced `outputs` (as Astro names them). */
function stateFor(options: {
  outDir: string;
  cacheDir?: string;
  publicDir?: string;
  outputs?: string[];
  log?: Logged[];
  buildId?: string;
  site?: string;
}): PipelineState {
  const dir = pathToFileURL(`${options.outDir}/`);
  return createPipelineState({
    cacheDir: options.cacheDir ?? temporaryDir('cache'),
    publicDir: options.publicDir ?? path.join(options.outDir, '..', 'no-public-folder'),
    // A second back: files a test wrote just before count as this build's even when the clock
    // passed a whole second in between (the start is rounded down to one).
    buildStarted: buildStartTime(Date.now() - 1000),
    buildId: options.buildId ?? 'build-1',
    report: {
      dir,
      pages: (options.outputs ?? []).map((file) => ({ pathname: file.replace(/\.html$/, '') })),
      // As Astro makes them: the path is encoded once more, so `%3F` stays in the file name.
      assets: new Map([['/[...path]', (options.outputs ?? []).map((file) => new URL(encodeURI(file), dir))]]),
    },
    logger: recordingLogger(options.log),
    ...(options.site === undefined ? {} : { site: options.site }),
  });
}

describe('pipeline', () => {
  it('runs sitemap, output tidying, search index and link check, in that order', () => {
    const steps = postBuildSteps({ language: 'zh-CN', search: SEARCH }, { name: 'sitemap', hooks: {} });
    expect(steps.map((step) => step.name)).toEqual(['sitemap', 'output-folder', 'legacy-feeds', 'search-index', 'link-check']);
    expect(steps.map((step) => step.required)).toEqual([true, true, true, true, false]);
  });

  it('runs steps in order, each logging under its own label', async () => {
    const log: Logged[] = [];
    const step = (name: string): PostBuildStep => ({ name, required: true, run: (_state, logger) => logger.info(`ran ${name}`) });
    await runSteps([step('one'), step('two')], stateFor({ outDir: temporaryDir('out'), log }), INTEGRATION_NAME);
    expect(log).toEqual([
      { level: 'info', label: 'xinwen:post-build:one', message: 'ran one' },
      { level: 'info', label: 'xinwen:post-build:two', message: 'ran two' },
      { level: 'info', label: 'xinwen:post-build', message: expect.stringMatching(/^post-build steps: one \d+\.\d s, two \d+\.\d s$/) },
    ]);
  });

  it('names a failed required step and runs nothing after it', async () => {
    const ran: string[] = [];
    const steps: PostBuildStep[] = [
      {
        name: 'breaks',
        required: true,
        run: () => {
          throw new Error('disk full');
        },
      },
      { name: 'after', required: true, run: () => void ran.push('after') },
    ];
    await expect(runSteps(steps, stateFor({ outDir: temporaryDir('out') }), INTEGRATION_NAME)).rejects.toThrow(
      'post-build step "breaks" failed: disk full',
    );
    expect(ran).toEqual([]);
  });

  it('reports a failed advisory step as a warning and goes on', async () => {
    const log: Logged[] = [];
    const ran: string[] = [];
    const steps: PostBuildStep[] = [
      {
        name: 'advice',
        required: false,
        run: async () => {
          throw new Error('unreadable page');
        },
      },
      { name: 'after', required: true, run: () => void ran.push('after') },
    ];
    await runSteps(steps, stateFor({ outDir: temporaryDir('out'), log }), INTEGRATION_NAME);
    expect(ran).toEqual(['after']);
    expect(log).toEqual([
      { level: 'warn', label: 'xinwen:post-build:advice', message: 'step "advice" failed, the build goes on without it: unreadable page' },
      { level: 'info', label: 'xinwen:post-build', message: expect.stringMatching(/^post-build steps: advice .*, after /) },
    ]);
  });
});

describe('pipeline state', () => {
  it('lists the route outputs relative to the output folder', () => {
    const outDir = temporaryDir('out');
    expect(stateFor({ outDir, outputs: ['index.html', '财经 要闻%3F/b.html'] }).outputs).toEqual(['index.html', '财经 要闻%3F/b.html']);
  });

  it('counts a file as written when it changed after the build started', () => {
    const outDir = temporaryDir('out');
    writeFiles(outDir, { 'new.html': 'n', 'old.html': 'o' }, ['old.html']);
    const state = stateFor({ outDir });
    expect(state.wasWritten('new.html')).toBe(true);
    expect(state.wasWritten(path.join(outDir, 'new.html'))).toBe(true);
    expect(state.wasWritten('old.html')).toBe(false);
    expect(state.wasWritten('missing.html')).toBe(false);
  });

  it('starts the build clock at a whole second', () => {
    expect(buildStartTime(1_700_000_000_999)).toBe(1_700_000_000_000);
  });
});

describe('output folder', () => {
  it('decodes only Astro’s ? and # escapes and the route parameters’ stand-ins', () => {
    expect(decodeName('财经 要闻%3F')).toBe('财经 要闻?');
    expect(decodeName('a%23b%3f')).toBe('a#b?');
    expect(decodeName('a%20b')).toBe('a%20b');
    // A literal %3F in a path reaches Astro with its % as the stand-in, and comes back as written.
    expect(decodeName('a\uE0253F/b%3F.html')).toBe('a%3F/b?.html');
  });

  it('renames escaped files and folders, merging into a folder of the decoded name', () => {
    const dir = temporaryDir('decode');
    writeFiles(dir, { 'a%3F/2023/x.html': 'x', 'a?/2022/y.html': 'y', 'tag/c%23.html': 'c', 'plain/z.html': 'z' });
    expect(decodeFileNames(dir, ['a%3F/2023/x.html', 'tag/c%23.html', 'plain/z.html'])).toBe(2);
    expect(filesBelow(dir).sort()).toEqual(['a?/2022/y.html', 'a?/2023/x.html', 'plain/z.html', 'tag/c#.html']);
  });

  it('prunes files neither kept nor written, then empty folders', () => {
    const dir = temporaryDir('prune');
    writeFiles(dir, { 'kept/old.html': 'k', 'gone/old.html': 'g', 'gone/deeper/old.css': 'c', 'fresh.xml': 'f' }, [
      'kept/old.html',
      'gone/old.html',
      'gone/deeper/old.css',
    ]);
    const written = (file: string) => file === 'fresh.xml';
    expect(pruneStaleFiles(dir, new Set(['kept/old.html']), written)).toBe(2);
    expect(filesBelow(dir).sort()).toEqual(['fresh.xml', 'kept/old.html']);
    expect(existsSync(path.join(dir, 'gone'))).toBe(false);
  });

  it('keeps route outputs, public files and the search index; removes the rest of an earlier build', async () => {
    const root = temporaryDir('tidy');
    const outDir = path.join(root, 'dist');
    const publicDir = path.join(root, 'public');
    writeFiles(publicDir, { 'favicon.svg': '<svg/>' });
    writeFiles(
      outDir,
      {
        'index.html': 'rendered now',
        'cached.html': 'kept from the cache',
        '财经%3F/a.html': 'rendered now, escaped',
        'favicon.svg': '<svg/>',
        'pagefind/pagefind.js': 'index',
        'deleted-post.html': 'an earlier build',
        '_astro/old.css': 'an earlier build',
        'sitemap-0.xml': 'written now',
      },
      ['cached.html', 'favicon.svg', 'pagefind/pagefind.js', 'deleted-post.html', '_astro/old.css'],
    );
    const log: Logged[] = [];
    const state = stateFor({ outDir, publicDir, outputs: ['index.html', 'cached.html', '财经%3F/a.html'], log });
    await outputFolderStep(['pagefind']).run(state, state.logger);
    expect(filesBelow(outDir).sort()).toEqual([
      'cached.html',
      'favicon.svg',
      'index.html',
      'pagefind/pagefind.js',
      'sitemap-0.xml',
      '财经?/a.html',
    ]);
    expect(log.map(({ message }) => message)).toEqual([
      'renamed 1 output files and folders to their final names (? and # decoded, folder pages as index.html)',
      'removed 2 output files of an earlier build',
    ]);
  });
});

describe('link check', () => {
  it('reads href and src of tags only, in any quoting, with entities decoded', () => {
    const html = [
      '<a href="/a.html?x=1&amp;y=2">a</a>',
      "<img src='/b.png' alt='c src=/not-a-link.png'>",
      '<link rel=stylesheet href=/c.css />',
      '<p>text href="/not-a-tag.html" &lt;a href="/escaped.html"&gt;</p>',
      '<a title="a > b" HREF="/d.html">d</a>',
      '<a data-href="/no.html" href="/%E6%96%B0.html">e</a>',
      "<a title=it's href=/f.html href=/second.html>f</a>",
    ].join('\n');
    expect(linksOf(html)).toEqual(['/a.html?x=1&y=2', '/b.png', '/c.css', '/d.html', '/%E6%96%B0.html', '/f.html']);
  });

  it('resolves links into the site and ignores the rest', () => {
    expect(linkTarget('a/b.html', '/x/y.html')).toBe('/x/y.html');
    expect(linkTarget('a/b.html', 'c.html')).toBe('/a/c.html');
    expect(linkTarget('a/b.html', '../c.html#top')).toBe('/c.html');
    expect(linkTarget('index.html', '/search.html?q=经济')).toBe('/search.html');
    expect(linkTarget('index.html', '/%E8%B4%A2%E7%BB%8F%20%E8%A6%81%E9%97%BB%3F/a.html')).toBe('/财经 要闻?/a.html');
    expect(linkTarget('财经 要闻?/a.html', 'b.html')).toBe('/财经 要闻?/b.html');
    for (const external of [
      '#main',
      '?page=2',
      'https://example.com/a.html',
      '//cdn.example.com/a.js',
      'mailto:a@example.com',
      'javascript:void(0)',
      'data:image/png;base64,AAAA',
      '',
    ]) {
      expect(linkTarget('index.html', external), external).toBeUndefined();
    }
    expect(linkTarget('index.html', '/bad%E0%A4%A.html')).toBe('/bad%E0%A4%A.html');
  });

  it('finds /x/ as x/index.html and /x as x, x.html or x/index.html', () => {
    const files = new Set(['index.html', 'feed.xml', 'a.html', 'b/index.html', '财经 要闻?/c.html']);
    for (const found of ['/', '/feed.xml', '/a', '/a.html', '/b', '/b/', '/b/index.html', '/财经 要闻?/c.html'])
      expect(resolves(found, files), found).toBe(true);
    for (const missing of ['/a/', '/b.html', '/feed', '/c.html', '/财经 要闻/c.html'])
      expect(resolves(missing, files), missing).toBe(false);
  });

  it('lists each broken link once per page', () => {
    const dir = temporaryDir('links');
    writeFiles(dir, {
      'index.html': '<a href="/a.html">a</a><a href="/gone.html">x</a><a href="/gone.html">again</a><img src="x">',
      'a.html': '<a href="/">home</a><a href="https://example.com/gone.html">out</a><a href="/gone.html">x</a>',
    });
    const result = checkLinks(dir, ['index.html', 'a.html'], new Set(filesBelow(dir)));
    expect(result).toEqual({
      pages: 2,
      links: 6,
      broken: [
        { page: '/a.html', link: '/gone.html' },
        { page: '/index.html', link: '/gone.html' },
        { page: '/index.html', link: 'x' },
      ],
    });
  });

  it("leaves the article body's links to the posts' check, which names their files and lines", () => {
    const dir = temporaryDir('links');
    writeFiles(dir, {
      'a.html':
        '<a href="/gone-nav.html">nav</a><article class="article"><h1>t</h1>' +
        '<div class="article-body" data-pagefind-ignore="all"><div><p><a href="/gone-body.html">x</a></p></div></div>' +
        '<p class="article-source">原文链接：<a href="https://example.com/">x</a></p></article><a href="/gone-footer.html">f</a>',
    });
    expect(checkLinks(dir, ['a.html'], new Set(filesBelow(dir))).broken.map((broken) => broken.link)).toEqual([
      '/gone-nav.html',
      '/gone-footer.html',
    ]);
  });

  it('checks the pages this build wrote, under their decoded names', () => {
    const outDir = temporaryDir('out');
    writeFiles(outDir, { 'new.html': '', 'old.html': '', 'a?/b.html': '', 'feed.xml': '' }, ['old.html']);
    expect(pagesWritten(stateFor({ outDir, outputs: ['new.html', 'old.html', 'a%3F/b.html', 'feed.xml'] })).sort()).toEqual([
      'a?/b.html',
      'new.html',
    ]);
  });

  it('warns with the count and the first 20, writes them all to the cache folder, and never fails', async () => {
    const outDir = temporaryDir('out');
    const cacheDir = temporaryDir('cache');
    const links = Array.from({ length: 25 }, (_, index) => `<a href="/missing-${String(index).padStart(2, '0')}.html">m</a>`).join('');
    writeFiles(outDir, { 'index.html': `<a href="/">home</a>${links}` });
    writeRouteRecord(cacheDir, { articles: [], redirects: [], prefixListings: [], unlisted: [] });
    const log: Logged[] = [];
    const state = stateFor({ outDir, cacheDir, outputs: ['index.html'], log });
    const step = linkCheckStep();
    expect(step.required).toBe(false);
    await step.run(state, state.logger);
    expect(log.map(({ message }) => message.split('\n')[0])).toEqual([
      'post links: 0 links into the site checked, 0 lead nowhere',
      expect.stringMatching(/^25 broken links/),
    ]);
    const warning = log[1];
    expect(warning!.level).toBe('warn');
    expect(warning!.message).toMatch(/^25 broken links \(1 pages written, 26 links into the site checked in \d+ ms\)/);
    expect(warning!.message).toContain('/index.html → /missing-00.html');
    expect(warning!.message).toContain('/index.html → /missing-19.html');
    expect(warning!.message).not.toContain('/missing-20.html');
    expect(warning!.message).toContain('… and 5 more');
    const report = JSON.parse(readFileSync(path.join(cacheDir, LINK_REPORT_FILE), 'utf8')) as { broken: unknown[] };
    expect(report.broken).toHaveLength(25);
  });
});

describe('link check of the posts’ own links', () => {
  it('names each body link that leads nowhere by file and line, in the log and the report, and never fails', async () => {
    const outDir = temporaryDir('out');
    const cacheDir = temporaryDir('cache');
    writeFiles(outDir, { 'index.html': '<a href="/">home</a>', 'emnews/2021/12/index.html': 'month', 'category/emnews.html': 'listing' });
    writeRouteRecord(cacheDir, {
      articles: [],
      redirects: [],
      prefixListings: [],
      unlisted: [],
      bodyLinks: [
        {
          sourceFile: 'posts/2021-12-08-b.md',
          links: [
            { line: 9, href: '../emnews/', path: '/emnews/2021/12/emnews/' },
            { line: 9, href: '../', path: '/emnews/2021/12/' },
          ],
        },
        { sourceFile: 'posts/2021-12-08-a.md', links: [{ line: 7, href: '/category/emnews', path: '/category/emnews' }] },
      ],
    });
    const log: Logged[] = [];
    const state = stateFor({ outDir, cacheDir, outputs: ['index.html'], log });
    await linkCheckStep().run(state, state.logger);
    expect(log.map(({ level, message }) => [level, message])).toEqual([
      ['warn', 'link     posts/2021-12-08-b.md:9: link: ../emnews/ → /emnews/2021/12/emnews/ does not exist'],
      ['info', 'post links: 3 links into the site checked, 1 lead nowhere'],
      ['info', expect.stringMatching(/^links: 1 pages written/)],
    ]);
    const report = JSON.parse(readFileSync(path.join(cacheDir, LINK_REPORT_FILE), 'utf8')) as { bodyLinks: unknown };
    expect(report.bodyLinks).toEqual({
      checked: 3,
      broken: [
        {
          file: 'posts/2021-12-08-b.md',
          line: 9,
          field: 'link',
          message: '../emnews/ → /emnews/2021/12/emnews/ does not exist',
          href: '../emnews/',
          path: '/emnews/2021/12/emnews/',
        },
      ],
      notShown: [],
    });
  });

  it('lists a link written in many posts once, with their count, and leaves out the links the pages do not show', async () => {
    const outDir = temporaryDir('out');
    const cacheDir = temporaryDir('cache');
    writeFiles(outDir, { 'index.html': '<a href="/">home</a>' });
    const post = (day: number, links: { line: number; href: string; path: string; shown?: false }[]) => ({
      sourceFile: `posts/2021-12-0${day}-x.md`,
      links,
    });
    writeRouteRecord(cacheDir, {
      articles: [],
      redirects: [],
      prefixListings: [],
      unlisted: [],
      bodyLinks: [
        post(1, [{ line: 5, href: '/zhuanti/', path: '/zhuanti/' }]),
        post(2, [
          { line: 6, href: '/zhuanti/', path: '/zhuanti/' },
          { line: 9, href: '../emnews/', path: '/emnews/2021/12/emnews/', shown: false },
        ]),
        post(3, [
          { line: 4, href: '/zhuanti/', path: '/zhuanti/' },
          { line: 8, href: '/tupian/a.png', path: '/tupian/a.png' },
          { line: 9, href: '../emnews/', path: '/emnews/2021/12/emnews/', shown: false },
        ]),
      ],
    });
    const log: Logged[] = [];
    const state = stateFor({ outDir, cacheDir, outputs: ['index.html'], log });
    await linkCheckStep().run(state, state.logger);
    expect(log.map(({ level, message }) => [level, message]).slice(0, 3)).toEqual([
      [
        'warn',
        'link     /zhuanti/ → /zhuanti/ does not exist: 3 posts, e.g. posts/2021-12-01-x.md:5, posts/2021-12-02-x.md:6, posts/2021-12-03-x.md:4',
      ],
      ['warn', 'link     posts/2021-12-03-x.md:8: link: /tupian/a.png → /tupian/a.png does not exist'],
      ['info', 'post links: 6 links into the site checked, 4 lead nowhere (and 2 more in content the page does not show)'],
    ]);
    const report = JSON.parse(readFileSync(path.join(cacheDir, LINK_REPORT_FILE), 'utf8')) as { bodyLinks: BodyLinkCheck };
    expect(report.bodyLinks.broken.map(({ file, line }) => `${file}:${line}`)).toEqual([
      'posts/2021-12-01-x.md:5',
      'posts/2021-12-02-x.md:6',
      'posts/2021-12-03-x.md:4',
      'posts/2021-12-03-x.md:8',
    ]);
    expect(report.bodyLinks.notShown!.map(({ file, line }) => `${file}:${line}`)).toEqual([
      'posts/2021-12-02-x.md:9',
      'posts/2021-12-03-x.md:9',
    ]);
  });
});

describe('search index', () => {
  it('takes the articles and their keys from the route record this build wrote', () => {
    const cacheDir = temporaryDir('cache');
    const state = stateFor({ outDir: temporaryDir('out'), cacheDir });
    expect(() => articlesOfThisBuild(state)).toThrow(/route record .* cannot be read/);
    const articles = [
      { file: 'b/2.html', key: 'k2' },
      { file: 'a/1.html', key: 'k1' },
    ];
    writeRouteRecord(cacheDir, { buildId: 'build-1', articles, redirects: [], prefixListings: [], unlisted: [] });
    expect(articlesOfThisBuild(state)).toEqual([articles[1], articles[0]]);
    // A later build's state: the record was left by the one before, however new its file looks.
    expect(() => articlesOfThisBuild(stateFor({ outDir: temporaryDir('out'), cacheDir, buildId: 'build-2' }))).toThrow(
      /from an earlier build/,
    );
  });

  it('when disabled, leaves the index and what it knows of it as they were', async () => {
    const cacheDir = temporaryDir('cache');
    writeFileSync(path.join(cacheDir, SEARCH_STATE_FILE), 'state');
    const log: Logged[] = [];
    const state = stateFor({ outDir: temporaryDir('out'), cacheDir, log });
    await searchIndexStep('zh-CN', { ...SEARCH, index: false }).run(state, state.logger);
    expect(readFileSync(path.join(cacheDir, SEARCH_STATE_FILE), 'utf8')).toBe('state');
    expect(log[0]!.level).toBe('warn');
  });
});

describe('search index commit', () => {
  /** A shard holding `files`, each shown with key `1`. */
  const shard = (folder: string, files: string[]): BundleState => ({
    folder,
    entryDigest: `${folder}-digest`,
    articles: Object.fromEntries(files.map((file) => [file, { key: '1', id: `id_${file}`, filters: { category: ['财经'] } }])),
  });
  const records = (files: string[]) => files.map((file) => ({ file, key: '1' }));
  const measures = { seconds: 1.44, megabytes: 110.63 };
  const shards = [shard('pagefind', ['a.html', 'b.html']), shard('pagefind-2', ['c.html'])];
  const next = (extra: Partial<SearchIndexState> = {}): SearchIndexState => ({
    format: 'f',
    language: 'zh-CN',
    shards,
    hidden: [],
    ...extra,
  });

  it.each<[string, SearchIndexPlan, SearchIndexState, string]>([
    [
      'a full index',
      {
        kind: 'full',
        reason: 'no earlier index',
        rebuild: [
          { folder: 'pagefind', articles: records(['a.html', 'b.html']) },
          { folder: 'pagefind-2', articles: records(['c.html']) },
        ],
      },
      next(),
      'search index: 3 articles; 2 of 2 parts rebuilt: shards of 2 + 1 articles (no earlier index); 1.4 s, 110.6 MB',
    ],
    [
      'a fold',
      {
        kind: 'fold',
        reason: '3 articles changed and 1 base entries hidden since the shards were built, more than 2',
        rebuild: [{ folder: 'pagefind-2', articles: records(['c.html']) }],
        keep: [shards[0]!],
      },
      next(),
      'search index: 3 articles; 1 of 2 parts rebuilt: shards of 1 articles (3 articles changed and 1 base entries hidden since the shards were built, more than 2); 1.4 s, 110.6 MB',
    ],
    [
      'a delta',
      {
        kind: 'delta',
        changed: records(['b.html', 'd.html']),
        hidden: ['b.html'],
        shards,
        remove: [{ folder: 'pagefind', id: 'id_b.html' }],
      },
      next({ delta: shard('pagefind-delta', ['b.html', 'd.html']), hidden: ['b.html'] }),
      'search index: 4 articles; 1 of 3 parts rebuilt: a delta of 2 added or changed articles, 1 of the 3 in the shards hidden; 1.4 s, 110.6 MB',
    ],
    [
      'a removal only',
      { kind: 'delta', changed: [], hidden: ['c.html'], shards, remove: [] },
      next({ hidden: ['c.html'] }),
      'search index: 2 articles; 0 of 2 parts rebuilt: a delta of 0 added or changed articles, 1 of the 3 in the shards hidden; 1.4 s, 110.6 MB',
    ],
    ['nothing', { kind: 'unchanged', state: next(), remove: [] }, next(), 'search index: 3 articles, unchanged; 0 of 2 parts rebuilt'],
  ])('reports %s', (_name, plan, state, line) => {
    const articles = Number(line.match(/^search index: (\d+)/)![1]);
    expect(searchIndexReport(plan, state, articles, measures)).toBe(line);
  });

  it('counts articles with thousands separators', () => {
    const plan: SearchIndexPlan = { kind: 'delta', changed: records(['x.html']), hidden: [], shards, remove: [] };
    expect(searchIndexReport(plan, next({ delta: shard('pagefind-delta', ['x.html']) }), 20_100, measures)).toMatch(
      /^search index: 20,100 articles;/,
    );
  });

  it('writes the manifest and the state, and returns the line', () => {
    const outDir = temporaryDir('out');
    const cacheDir = temporaryDir('cache');
    const state = next({ delta: shard('pagefind-delta', ['d.html']), hidden: ['b.html'] });
    const plan: SearchIndexPlan = { kind: 'delta', changed: records(['d.html']), hidden: ['b.html'], shards, remove: [] };
    mkdirSync(path.join(outDir, 'pagefind-2/index'), { recursive: true });
    for (const chunk of ['zh_1.pf_index', 'zh_2.pf_index']) writeFileSync(path.join(outDir, 'pagefind-2/index', chunk), '');
    const line = commitSearchIndex({ outDir, cacheDir, widenLimit: 7 }, plan, state, 3, performance.now());
    expect(line).toMatch(/^search index: 3 articles; 1 of 3 parts rebuilt: .*; \d+\.\d s, 0\.0 MB$/);
    expect(JSON.parse(readFileSync(path.join(cacheDir, SEARCH_STATE_FILE), 'utf8'))).toEqual(state);
    expect(JSON.parse(readFileSync(path.join(outDir, 'pagefind-delta/xinwen-search.json'), 'utf8'))).toEqual({
      bundles: ['/pagefind/', '/pagefind-2/', '/pagefind-delta/'],
      sizes: [1, 1, 1],
      years: [[], [], []],
      hidden: ['id_b.html'],
      filters: { category: { 财经: 3 } },
      widenLimit: 7,
      wordLists: [0, 2, 0],
    });
  });
});

describe('sitemap step', () => {
  it('calls the sitemap integration’s own end-of-build hook with new page objects each time', async () => {
    const calls: string[][] = [];
    const integration: AstroIntegration = {
      name: 'fake-sitemap',
      hooks: {
        'astro:build:done': ({ pages }) => {
          calls.push(pages.map(({ pathname }) => pathname));
          for (const page of pages) page.pathname = 'changed';
        },
      },
    };
    const cacheDir = temporaryDir('cache');
    writeRouteRecord(cacheDir, { articles: [{ file: 'a.html', key: 'k' }], redirects: [], prefixListings: [], unlisted: [] });
    const state = stateFor({ outDir: temporaryDir('out'), cacheDir, outputs: ['a.html'] });
    const step = sitemapStep(integration);
    await step.run(state, state.logger);
    await step.run(state, state.logger);
    expect(calls).toEqual([['a.html'], ['a.html']]);
    expect(state.report.pages).toEqual([{ pathname: 'a' }]);
  });

  it('writes the sitemap only when the pages it lists change, and keeps the files it left', async () => {
    const calls: string[][] = [];
    const integration: AstroIntegration = {
      name: 'fake-sitemap',
      hooks: {
        'astro:build:done': ({ pages, dir }) => {
          calls.push(pages.map(({ pathname }) => pathname));
          writeFileSync(new URL('sitemap-index.xml', dir), 'index');
          writeFileSync(new URL('sitemap-0.xml', dir), pages.map(({ pathname }) => pathname).join('\n'));
        },
      },
    };
    const cacheDir = temporaryDir('cache');
    const outDir = temporaryDir('out');
    writeRouteRecord(cacheDir, { articles: [{ file: 'a.html', key: 'k' }], redirects: [], prefixListings: [], unlisted: [] });
    const build = async (outputs: string[], site = 'https://example.com') => {
      for (const file of outputs) writeFileSync(path.join(outDir, file), file);
      const state = stateFor({ outDir, cacheDir, outputs, site });
      await sitemapStep(integration).run(state, state.logger);
      await outputFolderStep([]).run(state, state.logger);
      return state;
    };
    await build(['a.html']);
    const unchanged = await build(['a.html']);
    expect(calls).toEqual([['a.html']]);
    expect([...unchanged.kept].sort()).toEqual(['sitemap-0.xml', 'sitemap-index.xml']);
    // The tidying keeps what the step kept.
    expect(filesBelow(outDir).sort()).toEqual(['a.html', 'sitemap-0.xml', 'sitemap-index.xml']);
    await build(['a.html', 'b.html']);
    await build(['a.html', 'b.html'], 'https://other.example.com');
    expect(calls).toEqual([['a.html'], ['a.html', 'b.html'], ['a.html', 'b.html']]);
    // A sitemap file gone from the output is written again.
    rmSync(path.join(outDir, 'sitemap-0.xml'));
    await build(['a.html', 'b.html'], 'https://other.example.com');
    expect(calls).toHaveLength(4);
    expect(readFileSync(path.join(outDir, 'sitemap-0.xml'), 'utf8')).toBe('a.html\nb.html');
  });

  it('lists each page at its canonical URL, without redirect pages, URL folder pages or the 404 page', async () => {
    const calls: string[][] = [];
    const integration: AstroIntegration = {
      name: 'fake-sitemap',
      hooks: { 'astro:build:done': ({ pages }) => void calls.push(pages.map(({ pathname }) => pathname)) },
    };
    const cacheDir = temporaryDir('cache');
    writeRouteRecord(cacheDir, {
      articles: [{ file: 'a/b.html', key: 'k' }],
      redirects: ['a/old.html', 'old/folder/index.html'],
      prefixListings: ['a/2024/index.html'],
      unlisted: ['a/old.html', 'old/folder/index.html', 'a/2024/index.html', '404.html'],
    });
    const outputs = [
      'index.html',
      'a/2024/index.folder.html',
      'a/b.html',
      'a/old.html',
      'old/folder/index.folder.html',
      'x/index.folder.html',
      'search.html',
      '404.html',
    ];
    const state = stateFor({ outDir: temporaryDir('out'), cacheDir, outputs });
    await sitemapStep(integration).run(state, state.logger);
    expect(calls).toEqual([['', 'a/b.html', 'x/', 'search.html']]);
  });

  it('maps Astro’s page names to output files and canonical paths', () => {
    expect(pageOutput('')).toEqual({ file: 'index.html', path: '' });
    expect(pageOutput('archive/2024/03')).toEqual({ file: 'archive/2024/03.html', path: 'archive/2024/03.html' });
    expect(pageOutput('a/b/index.folder')).toEqual({ file: 'a/b/index.html', path: 'a/b/' });
    expect(pageOutput('tag/why%3F')).toEqual({ file: 'tag/why?.html', path: 'tag/why?.html' });
  });

  it('percent-encodes the listed paths as links are, and matches redirects by decoded file', () => {
    expect(sitemapPages(['tag/why%3F', 'caijing/债市 回暖', 'category/a(b)', 'old/债市'], new Set(['old/债市.html']))).toEqual([
      'tag/why%3F.html',
      'caijing/%E5%80%BA%E5%B8%82%20%E5%9B%9E%E6%9A%96.html',
      'category/a(b).html',
    ]);
  });

  it('gives the integration no routes to list besides the pages', async () => {
    const seen: unknown[] = [];
    const integration: AstroIntegration = {
      name: 'fake-sitemap',
      hooks: { 'astro:routes:resolved': ({ routes }) => void seen.push(routes) },
    };
    const params = { routes: [{ pattern: '/search' }], logger: recordingLogger() } as unknown as Parameters<
      ReturnType<typeof sitemapSetupHooks>['astro:routes:resolved']
    >[0];
    await sitemapSetupHooks(integration)['astro:routes:resolved'](params);
    expect(seen).toEqual([[]]);
  });
});

describe('the old feed addresses (legacyFeedUrls)', () => {
  it('writes a copy of the site feed at each, folders made, after the tidying', async () => {
    const outDir = temporaryDir('out');
    writeFileSync(path.join(outDir, 'feed.xml'), '<rss version="2.0"><channel><title>x</title></channel></rss>');
    const log: Logged[] = [];
    const state = stateFor({ outDir, outputs: ['feed.xml'], log });
    await legacyFeedsStep(['/atom.xml', '/blog/rss.xml']).run(state, state.logger);
    for (const copy of ['atom.xml', 'blog/rss.xml'])
      expect(readFileSync(path.join(outDir, copy), 'utf8')).toBe(readFileSync(path.join(outDir, 'feed.xml'), 'utf8'));
    expect(log.map((entry) => entry.message)).toContain('the site feed copied to the old feed addresses /atom.xml, /blog/rss.xml');
  });

  it("refuses an address of the site's own pages", async () => {
    const outDir = temporaryDir('out');
    writeFileSync(path.join(outDir, 'feed.xml'), '<rss/>');
    const state = stateFor({ outDir, outputs: ['feed.xml'] });
    await expect(async () => legacyFeedsStep(['/category/news/feed.xml']).run(state, state.logger)).rejects.toThrow(
      /^legacyFeedUrls: \/category\/news\/feed\.xml is the file of one of the site's own listings or feeds/,
    );
  });

  it('refuses an address a page of the site has', async () => {
    const outDir = temporaryDir('out');
    writeFileSync(path.join(outDir, 'feed.xml'), '<rss/>');
    mkdirSync(path.join(outDir, 'news'));
    writeFileSync(path.join(outDir, 'news/atom.xml'), '<html></html>');
    const state = stateFor({ outDir, outputs: ['feed.xml', 'news/atom.xml'] });
    await expect(async () => legacyFeedsStep(['/news/atom.xml']).run(state, state.logger)).rejects.toThrow(
      'legacyFeedUrls: /news/atom.xml is a page of the site; remove it from legacyFeedUrls or move that page',
    );
    expect(readFileSync(path.join(outDir, 'news/atom.xml'), 'utf8')).toBe('<html></html>');
  });
});

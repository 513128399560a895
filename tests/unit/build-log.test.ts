/**
 * The build log: a line per kind of page generated instead of Astro's line per page, with the
 * kinds the route record names, and every other message passed on as Astro writes it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import type { AstroLoggerMessage } from 'astro';
import { afterEach, describe, expect, it, vi } from 'vitest';
import buildLog, { type BuildLogConfig, configureBuildLog } from '../../src/integrations/build-log';
import { pageKind, pageKindIndex, summarizePages } from '../../src/lib/build-log';
import { writeRouteRecord } from '../../src/lib/route-record';

const record = {
  articles: [{ file: 'emnews/2021/12/09/a.html', key: 'k' }],
  redirects: ['emnews/2021/12/10/a.html'],
  prefixListings: ['emnews/2021/12/index.html'],
  unlisted: [],
};

describe('pageKind', () => {
  const index = pageKindIndex(record);

  it.each([
    ['/emnews/2021/12/09/a.html', 'articles'],
    ['/emnews/2021/12/10/a.html', 'redirects'],
    ['/emnews/2021/12/index.html', 'URL folders'],
    ['/category/emnews.html', 'listings'],
    ['/category/emnews/page/2.html', 'listings'],
    ['/tag/央行.html', 'listings'],
    ['/archive.html', 'listings'],
    ['/archive/2021/12.html', 'listings'],
    ['/feed.xml', 'feeds'],
    ['/category/emnews/feed.xml', 'feeds'],
    ['/feeds.opml', 'feeds'],
    ['/index.html', 'other pages'],
    ['/search.html', 'other pages'],
    ['/robots.txt', 'other pages'],
    ['/categorys.html', 'other pages'],
  ])('%s is one of the %s', (sitePath, kind) => {
    expect(pageKind(sitePath, index)).toBe(kind);
  });

  it('knows only the path shape without a record', () => {
    expect(pageKind('/emnews/2021/12/09/a.html', new Map())).toBe('other pages');
  });
});

describe('summarizePages', () => {
  it('gives a line per kind, in a fixed order, with what was rendered, then the total', () => {
    const pages = [
      { path: '/category/emnews.html', rendered: true },
      { path: '/emnews/2021/12/09/a.html', rendered: false },
      { path: '/feed.xml', rendered: true },
      { path: '/emnews/2021/12/index.html', rendered: false },
    ];
    expect(summarizePages(pages, pageKindIndex(record))).toEqual([
      'articles: 1 (0 rendered, 1 kept from the last build)',
      'URL folders: 1 (0 rendered, 1 kept from the last build)',
      'listings: 1 (all rendered)',
      'feeds: 1 (all rendered)',
      'pages in all: 4 (2 rendered, 2 kept from the last build); BUILD_LOG=pages lists every page',
    ]);
  });

  it('counts with thousands separators', () => {
    const pages = Array.from({ length: 12_345 }, (_, index) => ({ path: `/x/${index}.html`, rendered: index < 1_000 }));
    expect(summarizePages(pages, new Map()).at(-1)).toBe(
      'pages in all: 12,345 (1,000 rendered, 11,345 kept from the last build); BUILD_LOG=pages lists every page',
    );
  });
});

describe('the build log destination', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    configureBuildLog({ pages: 'summary', cacheDir: 'node_modules/.astro' });
  });

  /** What the destination writes to the terminal for `messages`. */
  function written(messages: AstroLoggerMessage[], config: BuildLogConfig): string {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    configureBuildLog(config);
    const destination = buildLog();
    for (const message of messages) destination.write(message);
    vi.restoreAllMocks();
    return stripVTControlCharacters(out.join(''));
  }

  const info = (label: string | null, message: string, newLine = true): AstroLoggerMessage => ({ label, level: 'info', message, newLine });
  // As Astro writes them: the page line without a line end, then its time or state.
  const generation = [
    info('SKIP_FORMAT', '\n\u001b[42m generating static routes \u001b[49m'),
    info(null, '  \u001b[34m├─\u001b[39m \u001b[2m/emnews/2021/12/09/a.html\u001b[22m', false),
    info('SKIP_FORMAT', ' \u001b[2m(+3ms)\u001b[22m '),
    info(null, '  \u001b[32m├─\u001b[39m \u001b[2m/feed.xml\u001b[22m', false),
    info('SKIP_FORMAT', ' \u001b[32m(cached)\u001b[39m'),
    info(null, '  \u001b[32m├─\u001b[39m \u001b[2m/tag/央行.html\u001b[22m', false),
    info('SKIP_FORMAT', ' \u001b[32m(restored)\u001b[39m'),
    info(null, '\u001b[32m✓ Completed in 12ms.\n\u001b[39m'),
    info('build', '3 page(s) built in 1.2s'),
  ];

  it('replaces the page lines with a line per kind, read with the route record', () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'xinwen-build-log-'));
    writeRouteRecord(cacheDir, record);
    const log = written(generation, { pages: 'summary', cacheDir });
    expect(log).not.toContain('├─');
    expect(log).not.toContain('(cached)');
    expect(log).toContain('generating static routes');
    expect(log).toMatch(/\[build\] articles: 1 \(all rendered\)\n/);
    expect(log).toMatch(/\[build\] listings: 1 \(0 rendered, 1 kept from the last build\)\n/);
    expect(log).toMatch(/\[build\] pages in all: 3 \(1 rendered, 2 kept from the last build\)/);
    // The summary comes before Astro's line that ends the generation; everything else is kept.
    expect(log.indexOf('pages in all')).toBeLessThan(log.indexOf('✓ Completed in 12ms.'));
    expect(log).toContain('[build] 3 page(s) built in 1.2s');
  });

  it('writes every page line with BUILD_LOG=pages', () => {
    const log = written(generation, { pages: 'pages', cacheDir: tmpdir() });
    expect(log).toContain('├─ /emnews/2021/12/09/a.html (+3ms)');
    expect(log).toContain('├─ /feed.xml (cached)');
    expect(log).not.toContain('pages in all');
  });

  it('passes on messages of other commands as they are, warnings included', () => {
    const warning: AstroLoggerMessage = { label: 'content', level: 'warn', message: 'posts: 1 invalid', newLine: true };
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
    configureBuildLog({ pages: 'summary', cacheDir: tmpdir() });
    const destination = buildLog();
    destination.write(info('content', 'Synced content'));
    destination.write(warning);
    vi.restoreAllMocks();
    expect(out.join('')).toContain('Synced content');
    expect(out.join('')).toContain('posts: 1 invalid');
  });
});

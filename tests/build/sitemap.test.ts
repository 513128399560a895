/**
 * The sitemap as a crawler uses it: every URL it lists is the canonical URL of a page of the
 * site and is served by a plain static host; redirect pages, the pages of URL folders (which
 * ask not to be indexed) and the 404 page are not listed.
 * The fixture has redirect pages at old URLs, folder URLs (`pretty` permalinks), a category
 * with a space and a `?`, and listings of several pages.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, listFiles, projectRoot, type BuiltSite } from '../support/build-site';
import { serveStatic, type StaticServer } from '../support/static-server';

const FIXTURE = path.join(projectRoot, 'tests/fixtures/build-posts');
const SITE_URL = 'https://news.example.org';

let site: BuiltSite;
let server: StaticServer;
/** Every URL the sitemap files list. */
let listed: string[];
/** Output HTML files (relative) that are redirect pages, and the canonical URLs of all others. */
let redirectFiles: string[];
/** Output HTML files that ask not to be indexed: the pages of URL folders. */
let unindexed: string[];
let canonical: Map<string, string>;

const xml = new XMLParser({ isArray: (name) => name === 'url' || name === 'sitemap' });

function readOutput(file: string): string {
  return readFileSync(path.join(site.outDir, file), 'utf8');
}

/** The output file a site URL names, as a plain static host finds it. */
function fileOf(url: string): string {
  const pathname = decodeURIComponent(new URL(url).pathname).slice(1);
  return pathname === '' || pathname.endsWith('/') ? `${pathname}index.html` : pathname;
}

beforeAll(async () => {
  site = buildSite({
    postsDir: FIXTURE,
    env: {
      INVALID_POSTS: 'skip',
      SEARCH_INDEX: 'skip',
      XINWEN_SETTINGS: JSON.stringify({ url: SITE_URL, permalink: 'pretty', legacyPermalink: 'ordinal', pageSize: 2 }),
    },
  });
  if (site.exitCode !== 0) throw new Error(`sitemap fixture build failed:\n${site.output}`);

  const index = xml.parse(readOutput('sitemap-index.xml')) as { sitemapindex: { sitemap: { loc: string }[] } };
  listed = index.sitemapindex.sitemap.flatMap(({ loc }) => {
    const file = xml.parse(readOutput(fileOf(loc))) as { urlset: { url?: { loc: string }[] } };
    return (file.urlset.url ?? []).map((url) => url.loc);
  });

  redirectFiles = [];
  unindexed = [];
  canonical = new Map();
  for (const file of listFiles(site.outDir).filter((name) => name.endsWith('.html'))) {
    const page = parse(readOutput(file));
    if (page.querySelector('meta[http-equiv="refresh"]')) redirectFiles.push(file);
    else if (page.querySelector('meta[name="robots"]')?.getAttribute('content')?.includes('noindex')) unindexed.push(file);
    else {
      const href = page.querySelector('link[rel="canonical"]')?.getAttribute('href');
      if (href !== undefined) canonical.set(file, href);
    }
  }
  server = await serveStatic(site.outDir);
}, 300_000);

afterAll(async () => {
  await server?.close();
});

describe('the sitemap', () => {
  it('is built from a fixture with redirect pages, folder pages and several listing pages', () => {
    expect(redirectFiles.length).toBeGreaterThan(5);
    expect(listed.some((url) => url.endsWith('/') && url !== `${SITE_URL}/`)).toBe(true);
    expect(listed.some((url) => /\/page\/\d+\.html$/.test(url))).toBe(true);
    expect(listed.some((url) => url.includes('%3F'))).toBe(true);
  });

  it('lists exactly the canonical URLs of the pages that are neither redirects nor unindexed', () => {
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual([...new Set(canonical.values())].sort());
    expect(listed).toContain(`${SITE_URL}/`);
  });

  it('lists each page at the URL of its own file', () => {
    for (const url of listed) expect(canonical.get(fileOf(url)), url).toBe(url);
  });

  it('lists no redirect page, no page of a URL folder and no 404 page', () => {
    const files = new Set(listed.map(fileOf));
    expect(redirectFiles.filter((file) => files.has(file))).toEqual([]);
    expect(unindexed.length).toBeGreaterThan(0);
    expect(unindexed.filter((file) => files.has(file))).toEqual([]);
    expect(files.has('404.html')).toBe(false);
  });

  it('lists only URLs a plain static server answers with 200', async () => {
    const failed: string[] = [];
    for (const url of listed) {
      const response = await fetch(`${server.origin}${new URL(url).pathname}`);
      await response.arrayBuffer();
      if (response.status !== 200) failed.push(`${response.status} ${url}`);
    }
    expect(failed).toEqual([]);
  });
});

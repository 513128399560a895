/**
 * The deploy's pure parts: targets, durations, headers, redirect pages, upload order and the
 * plan that decides what goes up, what stays and what is deleted.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { durationProblem, parseDuration } from '../../src/deploy/duration';
import type { LocalFile } from '../../src/deploy/files';
import { headerDigest, headersFor, IMMUTABLE, REVALIDATE, redirectTarget } from '../../src/deploy/headers';
import { invalidationPaths } from '../../src/deploy/invalidate';
import { type DeployManifest, decodeManifest, encodeManifest } from '../../src/deploy/manifest';
import {
  incompleteBuild,
  manifestAfter,
  manifestWithUploads,
  type PlanLimits,
  planDeploy,
  type RemoteObject,
  remoteFromManifest,
  UPLOAD_GROUPS,
  uploadGroup,
} from '../../src/deploy/plan';
import { deployLine, formatBytes } from '../../src/deploy/report';
import { compareKeys, listingRanges } from '../../src/deploy/storage';
import { deployTargetProblem, parseDeployTarget } from '../../src/deploy/target';

describe('deploy target', () => {
  it.each([
    ['s3://news', { bucket: 'news', prefix: '' }],
    ['s3://news/', { bucket: 'news', prefix: '' }],
    ['s3://news-archive/site', { bucket: 'news-archive', prefix: 'site/' }],
    ['s3://news.example.com/a/b/', { bucket: 'news.example.com', prefix: 'a/b/' }],
    ['  s3://news/新闻  ', { bucket: 'news', prefix: '新闻/' }],
  ])('%s', (text, target) => {
    expect(deployTargetProblem(text)).toBeUndefined();
    expect(parseDeployTarget(text)).toEqual(target);
  });

  it.each([
    ['news', /s3:\/\/BUCKET/],
    ['https://news.s3.amazonaws.com/site', /s3:\/\/BUCKET/],
    ['s3://', /bucket name ""/],
    ['s3://News', /bucket name "News"/],
    ['s3://ab', /bucket name "ab"/],
    ['s3://news_archive', /bucket name/],
    ['s3://-news', /bucket name/],
    ['s3://a..b', /bucket name/],
    ['s3://192.168.1.2', /bucket name/],
    ['s3://news//site', /empty/],
    ['s3://news/a/../b', /"\.\."/],
  ])('%s is named as wrong', (text, reason) => {
    expect(deployTargetProblem(text)).toMatch(reason);
    expect(() => parseDeployTarget(text)).toThrow(/deploy target/);
  });
});

describe('durations', () => {
  it.each([
    ['0', 0],
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['24h', 86_400_000],
    ['1.5h', 5_400_000],
    ['7d', 604_800_000],
  ])('%s is %i ms', (text, ms) => {
    expect(durationProblem(text)).toBeUndefined();
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '10', '-1h', '1w', 'h', '1h30m'])('%j is refused', (text) => {
    expect(durationProblem(text)).toMatch(/unit/);
    expect(() => parseDuration(text)).toThrow();
  });
});

describe('headers', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8', REVALIDATE],
    ['caijing/2026/11/20/shichang-zhoubao.html', 'text/html; charset=utf-8', REVALIDATE],
    ['feed.xml', 'application/xml; charset=utf-8', REVALIDATE],
    ['index.rss', 'application/xml; charset=utf-8', REVALIDATE],
    ['blog/atom.atom', 'application/xml; charset=utf-8', REVALIDATE],
    ['category/caijing/feed.xml', 'application/xml; charset=utf-8', REVALIDATE],
    ['sitemap-0.xml', 'application/xml; charset=utf-8', REVALIDATE],
    ['feeds.opml', 'text/x-opml; charset=utf-8', REVALIDATE],
    ['robots.txt', 'text/plain; charset=utf-8', REVALIDATE],
    ['feed.css', 'text/css; charset=utf-8', REVALIDATE],
    ['favicon.svg', 'image/svg+xml; charset=utf-8', REVALIDATE],
    ['favicon.ico', 'image/vnd.microsoft.icon', REVALIDATE],
    ['_astro/BaseLayout.DXzQSBad.css', 'text/css; charset=utf-8', IMMUTABLE],
    ['_astro/search.astro_astro_type_script_index_0_lang.kQErjHfQ.js', 'text/javascript; charset=utf-8', IMMUTABLE],
    ['pagefind/pagefind.js', 'text/javascript; charset=utf-8', REVALIDATE],
    ['pagefind/pagefind-entry.json', 'application/json; charset=utf-8', REVALIDATE],
    ['pagefind-delta/xinwen-search.json', 'application/json; charset=utf-8', REVALIDATE],
    // Pagefind's runtime keeps its name from one version to the next: not immutable.
    ['pagefind/wasm.unknown.pagefind', 'application/octet-stream', REVALIDATE],
    // The one copy every bundle shares is named by its digest.
    ['pagefind-runtime/0123456789ab/wasm.unknown.pagefind', 'application/octet-stream', IMMUTABLE],
    ['pagefind-runtime/wasm.unknown.pagefind', 'application/octet-stream', REVALIDATE],
    ['pagefind-runtime/0123456789ab/nested/wasm.unknown.pagefind', 'application/octet-stream', REVALIDATE],
    ['pagefind/pagefind.zh_8df5e983dd.pf_meta', 'application/octet-stream', IMMUTABLE],
    ['pagefind/index/zh_3b7b564.pf_index', 'application/octet-stream', IMMUTABLE],
    ['pagefind-2/fragment/zh_322fd69.pf_fragment', 'application/octet-stream', IMMUTABLE],
    ['pagefind/filter/zh_35d1489.pf_filter', 'application/octet-stream', IMMUTABLE],
    ['images/照片.JPG', 'image/jpeg', REVALIDATE],
    ['CNAME', 'application/octet-stream', REVALIDATE],
    ['downloads/data.xyz', 'application/octet-stream', REVALIDATE],
  ])('%s', (key, contentType, cacheControl) => {
    expect(headersFor(key)).toEqual({ contentType, cacheControl, redirectLocation: undefined });
  });

  it('serves a page as HTML whatever its name (a post whose own permalink is `x.shtml`)', () => {
    expect(headersFor('a/x.shtml', undefined, { page: true }).contentType).toBe('text/html; charset=utf-8');
    expect(headersFor('a/x.shtml').contentType).toBe('application/octet-stream');
  });

  it('a new redirect target, type or policy changes the digest', () => {
    const base = headerDigest(headersFor('a.html'));
    expect(headerDigest(headersFor('a.html'))).toBe(base);
    expect(headerDigest(headersFor('a.html', '/b.html'))).not.toBe(base);
    expect(headerDigest({ ...headersFor('a.html'), cacheControl: 'no-cache' })).not.toBe(base);
    expect(headerDigest(headersFor('a.txt'))).not.toBe(base);
  });
});

describe('redirect pages', () => {
  const page = (content: string, extra = '') =>
    `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>科技 | 新闻存档</title>${extra}<meta name="robots" content="noindex"><meta http-equiv="refresh" content="${content}"></head><body><p>本页已移至 <a href="/category/keji.html">科技</a>。</p></body></html>`;

  it.each([
    ['0; url=/category/keji.html', 'keji/index.html', '/category/keji.html'],
    ['0;URL=/a.html', 'x.html', '/a.html'],
    ["0; url='/a.html'", 'x.html', '/a.html'],
    ['0; url=/search.html?q=a&amp;b=c#top', 'x.html', '/search.html?q=a&b=c#top'],
    // Relative to the page's own address, as a browser reads it.
    ['0; url=../2024/b.html', 'news/2023/a.html', '/news/2024/b.html'],
    // Non-ASCII becomes percent-encoded: header values are ASCII.
    ['0; url=/category/财经.html', 'x.html', '/category/%E8%B4%A2%E7%BB%8F.html'],
    ['0; url=https://elsewhere.example/a', 'x.html', 'https://elsewhere.example/a'],
  ])('%s on %s leads to %s', (content, key, location) => {
    expect(redirectTarget(page(content), key)).toBe(location);
  });

  it.each([
    ['a delayed refresh', page('5; url=/a.html')],
    ['a refresh without a URL', page('30')],
    ['a javascript: URL', page('0; url=javascript:alert(1)')],
    ['an ordinary page', '<!DOCTYPE html><html><head><title>a</title></head><body><p>text</p></body></html>'],
    [
      'a refresh written in the body',
      '<!DOCTYPE html><html><head><title>a</title></head><body><meta http-equiv="refresh" content="0; url=/a.html"></body></html>',
    ],
  ])('%s is no redirect', (_name, html) => {
    expect(redirectTarget(html, 'x.html')).toBeUndefined();
  });
});

describe('upload order', () => {
  it.each([
    // Before the modules that fetch it.
    ['pagefind-runtime/0123456789ab/wasm.unknown.pagefind', 'search runtime'],
    ['_astro/BaseLayout.DXzQSBad.css', 'assets'],
    ['pagefind/index/zh_3b7b564.pf_index', 'assets'],
    ['pagefind/pagefind.js', 'assets'],
    ['pagefind-2/pagefind-worker.js', 'assets'],
    ['favicon.ico', 'assets'],
    ['pagefind/pagefind-entry.json', 'search entry'],
    ['pagefind-delta/xinwen-search.json', 'search entry'],
    ['feed.xml', 'feeds'],
    ['category/keji/feed.xml', 'feeds'],
    ['sitemap-index.xml', 'feeds'],
    ['feeds.opml', 'feeds'],
    ['caijing/2026/11/20/shichang-zhoubao.html', 'pages'],
    ['404.html', 'pages'],
    ['a-post-at-the-root.html', 'pages'],
    ['category/keji.html', 'listings'],
    ['tag/ai/page/2.html', 'listings'],
    ['archive/2026/11.html', 'listings'],
    ['archive.html', 'listings'],
    ['search.html', 'listings'],
    ['caijing/2026/index.html', 'listings'],
    ['index.html', 'home'],
  ])('%s goes up with the %s', (key, group) => {
    expect(uploadGroup(key)).toBe(group);
  });
});

function localFile(key: string, content = key, redirect?: string): LocalFile {
  const headers = headersFor(key, redirect);
  return {
    key,
    path: `/out/${key}`,
    size: Buffer.byteLength(content),
    md5: createHash('md5').update(content).digest('hex'),
    headers,
    headerDigest: headerDigest(headers),
  };
}

const SITE = ['index.html', '404.html', 'search.html', 'feed.xml', '_astro/a.1234abcd.css', 'news/2026/01/01/a.html', 'category/a.html'];
const site = (keys = SITE) => keys.map((key) => localFile(key));
const HOUR = 3_600_000;
const LIMITS: PlanLimits = { graceMs: HOUR, maxDeleteShare: 0.5, minSizeShare: 0.5 };
const NOW = new Date('2026-12-06T10:00:00Z');

/** The bucket and manifest after a complete deploy of `files`. */
function deployed(files: LocalFile[], at = NOW): { remote: Map<string, RemoteObject>; manifest: DeployManifest } {
  const remote = new Map(files.map((file) => [file.key, { etag: file.md5, size: file.size }]));
  const plan = planDeploy(files, new Map(), undefined, at, LIMITS);
  return { remote, manifest: manifestAfter(files, plan, new Map(files.map((file) => [file.key, file.md5])), undefined, at) };
}

describe('the deploy plan', () => {
  it('sends every file to an empty bucket, referenced files first and the home page last', () => {
    const plan = planDeploy(site(), new Map(), undefined, NOW, LIMITS);
    expect(plan.refusals).toEqual([]);
    expect(plan.uploads.map((upload) => upload.reason)).toEqual(Array(SITE.length).fill('new'));
    const groups = plan.uploads.map((upload) => UPLOAD_GROUPS.indexOf(upload.group));
    expect(groups).toEqual([...groups].sort((a, b) => a - b));
    expect(plan.uploads[0]!.file.key).toBe('_astro/a.1234abcd.css');
    expect(plan.uploads.at(-1)!.file.key).toBe('index.html');
  });

  it("sends the search index's shared WebAssembly before the modules that fetch it", () => {
    const keys = ['pagefind/pagefind.js', 'pagefind-2/pagefind-worker.js', 'pagefind-runtime/0123456789ab/wasm.unknown.pagefind', ...SITE];
    const plan = planDeploy(site(keys), new Map(), undefined, NOW, LIMITS);
    expect(plan.uploads.slice(0, 4).map((upload) => upload.file.key)).toEqual([
      'pagefind-runtime/0123456789ab/wasm.unknown.pagefind',
      '_astro/a.1234abcd.css',
      'pagefind-2/pagefind-worker.js',
      'pagefind/pagefind.js',
    ]);
  });

  it('sends nothing when the bucket holds the build', () => {
    const { remote, manifest } = deployed(site());
    const plan = planDeploy(site(), remote, manifest, NOW, LIMITS);
    expect(plan).toMatchObject({ uploads: [], unchanged: SITE.length, deletions: [], kept: [], refusals: [] });
  });

  it('sends a changed file, a file whose headers changed, and files the bucket does not prove', () => {
    const { remote, manifest } = deployed(site());
    manifest.files['feed.xml']!.headers = 'written-by-an-older-table';
    // Changed outside the deploy (or by a deploy that was cut short): the listing disagrees.
    remote.set('category/a.html', { etag: 'ffffffffffffffffffffffffffffffff', size: 3 });
    delete manifest.files['search.html'];
    remote.delete('404.html');
    const files = site().map((file) => (file.key === 'news/2026/01/01/a.html' ? localFile(file.key, 'new text') : file));
    const plan = planDeploy(files, remote, manifest, NOW, LIMITS);
    expect(Object.fromEntries(plan.uploads.map((upload) => [upload.file.key, upload.reason]))).toEqual({
      'feed.xml': 'headers',
      'category/a.html': 'unverified',
      'search.html': 'unverified',
      '404.html': 'new',
      'news/2026/01/01/a.html': 'changed',
    });
    expect(plan.unchanged).toBe(SITE.length - 5);
  });

  it('trusts the ETag a service gave instead of the MD5 when the manifest recorded it', () => {
    const files = site();
    const { remote, manifest } = deployed(files);
    remote.set('feed.xml', { etag: 'kms-etag-1', size: files[3]!.size });
    manifest.files['feed.xml']!.etag = 'kms-etag-1';
    expect(planDeploy(files, remote, manifest, NOW, LIMITS).uploads).toEqual([]);
  });

  it('keeps a file that left the build for the grace period, then deletes it', () => {
    const old = site([...SITE, 'news/2025/gone.html']);
    const { remote, manifest } = deployed(old);
    const first = planDeploy(site(), remote, manifest, NOW, LIMITS);
    expect(first.deletions).toEqual([]);
    expect(first.kept).toEqual([{ key: 'news/2025/gone.html', until: new Date(NOW.getTime() + HOUR) }]);
    expect(first.newlyRemoved).toEqual(['news/2025/gone.html']);
    const after = manifestAfter(site(), first, new Map(), manifest, NOW);
    expect(after.removed).toEqual({ 'news/2025/gone.html': NOW.toISOString() });

    // A later deploy keeps the first sighting's time: the grace period does not restart.
    const later = new Date(NOW.getTime() + HOUR / 2);
    const second = planDeploy(site(), remote, after, later, LIMITS);
    expect(second.kept.map((kept) => kept.until)).toEqual([new Date(NOW.getTime() + HOUR)]);
    expect(second.newlyRemoved).toEqual([]);
    expect(manifestAfter(site(), second, new Map(), after, later).removed).toEqual(after.removed);

    const third = planDeploy(site(), remote, after, new Date(NOW.getTime() + HOUR), LIMITS);
    expect(third.deletions).toEqual(['news/2025/gone.html']);
    expect(manifestAfter(site(), third, new Map(), after, NOW).removed).toEqual({});

    // With no grace, at once.
    expect(planDeploy(site(), remote, manifest, NOW, { ...LIMITS, graceMs: 0 }).deletions).toEqual(['news/2025/gone.html']);
  });

  it('forgets a removal when the file comes back', () => {
    const { remote, manifest } = deployed(site());
    manifest.removed['feed.xml'] = NOW.toISOString();
    const plan = planDeploy(site(), remote, manifest, NOW, LIMITS);
    expect(plan.kept).toEqual([]);
    expect(manifestAfter(site(), plan, new Map(), manifest, NOW).removed).toEqual({});
  });

  it('refuses an empty or incomplete build whatever is forced', () => {
    expect(planDeploy([], new Map(), undefined, NOW, LIMITS).refusals).toEqual([
      { message: expect.stringMatching(/no files/), forceable: false },
    ]);
    const incomplete = site(SITE.filter((key) => key !== '404.html' && key !== 'search.html'));
    expect(planDeploy(incomplete, new Map(), undefined, NOW, LIMITS).refusals).toEqual([
      { message: expect.stringMatching(/no 404\.html, search\.html/), forceable: false },
    ]);
  });

  it('refuses, unless forced, a build far smaller than the last deploy, or one that removes much of the site', () => {
    const big = site([...SITE, ...Array.from({ length: 20 }, (_, n) => `news/old-${n}.html`)]);
    const { remote, manifest } = deployed(big);
    const plan = planDeploy(site(), remote, manifest, NOW, LIMITS);
    expect(plan.refusals).toEqual([
      { message: expect.stringMatching(/has 7 files, the last deploy had 27/), forceable: true },
      { message: expect.stringMatching(/lacks 20 of the 27 files .*more than 50%/), forceable: true },
    ]);
    // Removals within the limit go ahead.
    const some = site([...SITE, ...Array.from({ length: 20 }, (_, n) => `news/old-${n}.html`)].slice(0, -10));
    expect(planDeploy(some, remote, manifest, NOW, LIMITS).refusals).toEqual([]);
  });

  it('names the files whose type the table does not know', () => {
    expect(planDeploy(site([...SITE, 'CNAME', 'a/data.xyz']), new Map(), undefined, NOW, LIMITS).unknownTypes).toEqual([
      'CNAME',
      'data.xyz',
    ]);
  });

  it('records the ETag a service answered only when it is not the MD5', () => {
    const files = site();
    const plan = planDeploy(files, new Map(), undefined, NOW, LIMITS);
    const etags = new Map(files.map((file) => [file.key, file.key === 'feed.xml' ? 'kms-etag' : file.md5]));
    const manifest = manifestAfter(files, plan, etags, undefined, NOW);
    expect(manifest.files['feed.xml']).toEqual({
      md5: files[3]!.md5,
      size: files[3]!.size,
      headers: files[3]!.headerDigest,
      etag: 'kms-etag',
    });
    expect(manifest.files['index.html']).not.toHaveProperty('etag');
  });
});

describe('the plan from the manifest alone, before the listing', () => {
  it('sends what the build changed and nothing else, as the listing of that bucket would', () => {
    const old = site([...SITE, 'news/2025/gone.html']);
    const { remote, manifest } = deployed(old);
    const files = [...site().map((file) => (file.key === 'feed.xml' ? localFile(file.key, 'new feed') : file)), localFile('news/new.html')];
    const fromManifest = planDeploy(files, remoteFromManifest(manifest), manifest, NOW, LIMITS);
    const fromListing = planDeploy(files, remote, manifest, NOW, LIMITS);
    expect(fromManifest).toEqual(fromListing);
    expect(fromManifest.uploads.map((upload) => [upload.file.key, upload.reason])).toEqual([
      ['news/new.html', 'new'],
      ['feed.xml', 'changed'],
    ]);
  });

  it('counts files kept for their grace period as present, and sends one that comes back', () => {
    const { manifest } = deployed(site());
    const gone = 'news/2026/01/01/a.html';
    delete manifest.files[gone];
    manifest.removed[gone] = NOW.toISOString();
    const remote = remoteFromManifest(manifest);
    expect(remote.has(gone)).toBe(true);
    expect(planDeploy(site(SITE.filter((key) => key !== gone)), remote, manifest, NOW, LIMITS)).toMatchObject({
      uploads: [],
      kept: [{ key: gone }],
      newlyRemoved: [],
    });
    expect(planDeploy(site(), remote, manifest, NOW, LIMITS).uploads.map((upload) => [upload.file.key, upload.reason])).toEqual([
      [gone, 'unverified'],
    ]);
  });

  it('records the uploads, so the listing that follows finds them as the manifest says', () => {
    const { remote, manifest } = deployed(site());
    const files = site().map((file) => (file.key === 'feed.xml' ? localFile(file.key, 'new feed') : file));
    const feed = files.find((file) => file.key === 'feed.xml')!;
    const early = planDeploy(files, remoteFromManifest(manifest), manifest, NOW, LIMITS);
    const etags = new Map([['feed.xml', feed.md5]]);
    remote.set('feed.xml', { etag: feed.md5, size: feed.size });
    const known = manifestWithUploads(manifest, files, etags);
    expect(known.files['feed.xml']).toEqual({ md5: feed.md5, size: feed.size, headers: feed.headerDigest });
    expect(known.removed).toBe(manifest.removed);
    expect(planDeploy(files, remote, known, NOW, LIMITS).uploads).toEqual([]);
    // An object that is not what the manifest says is found by the listing alone.
    remote.set('category/a.html', { etag: 'ffffffffffffffffffffffffffffffff', size: 3 });
    expect(early.uploads.map((upload) => upload.file.key)).toEqual(['feed.xml']);
    expect(planDeploy(files, remote, known, NOW, LIMITS).uploads.map((upload) => [upload.file.key, upload.reason])).toEqual([
      ['category/a.html', 'unverified'],
    ]);
  });
});

describe('CloudFront invalidation paths', () => {
  it('names changed pages at every URL they are served from, leaving content-hashed files out', () => {
    const changed = ['index.html', 'caijing/index.html', 'feed.xml', '新闻/中文 标题.html', '_astro/a.1234abcd.css'];
    expect(invalidationPaths(changed.map((key) => ({ key, headers: headersFor(key) })))).toEqual(
      [
        '/',
        '/caijing/',
        '/caijing/index.html',
        '/feed.xml',
        '/index.html',
        '/%E6%96%B0%E9%97%BB/%E4%B8%AD%E6%96%87%20%E6%A0%87%E9%A2%98.html',
      ].sort(),
    );
    // Deleted files have no headers left to read: they are named all the same.
    expect(invalidationPaths([{ key: 'gone.html' }])).toEqual(['/gone.html']);
    expect(invalidationPaths([{ key: '_astro/a.1234abcd.css', headers: headersFor('_astro/a.1234abcd.css') }])).toEqual([]);
  });

  it('becomes one wildcard past the limit, which CloudFront prices as one path', () => {
    const many = Array.from({ length: 16 }, (_, n) => ({ key: `p${n}.html` }));
    expect(invalidationPaths(many)).toEqual(['/*']);
    expect(invalidationPaths(many.slice(0, 15))).toHaveLength(15);
  });
});

describe('listing ranges', () => {
  // S3 lists keys by their UTF-8 bytes: "-" before "/", "Z" before "a", U+20000 after U+E000.
  const KEYS = ['pagefind-2/a', 'pagefind/a', 'a b', 'Z', '新/1', '\uE000', '𠀀', 'index.html', '404.html', 'a/b/c'];

  it('orders keys as S3 lists them', () => {
    expect([...KEYS].sort(compareKeys)).toEqual([
      '404.html',
      'Z',
      'a b',
      'a/b/c',
      'index.html',
      'pagefind-2/a',
      'pagefind/a',
      '新/1',
      '\uE000',
      '𠀀',
    ]);
    // JavaScript's own order puts the astral character first: it compares UTF-16 units.
    expect([...KEYS].sort().slice(-2)).toEqual(['𠀀', '\uE000']);
  });

  it('covers every key, each in the range that holds it, whatever the build lacks', () => {
    const expected = Array.from({ length: 100 }, (_, n) => `k/${String(n * 2).padStart(3, '0')}`);
    const ranges = listingRanges(expected, 4, 10);
    expect(ranges).toHaveLength(4);
    expect(ranges[0]).toEqual({ startAfter: undefined, end: 'k/050' });
    expect(ranges[1]).toEqual({ startAfter: 'k/048', end: 'k/100' });
    expect(ranges.at(-1)!.end).toBeUndefined();
    const inRange = (key: string, range: (typeof ranges)[number]) =>
      (range.startAfter === undefined || compareKeys(key, range.startAfter) > 0) &&
      (range.end === undefined || compareKeys(key, range.end) < 0);
    const every = ['', 'a', 'k/', ...Array.from({ length: 200 }, (_, n) => `k/${String(n).padStart(3, '0')}`), 'k/999x', 'z', '新'];
    for (const key of every)
      expect(
        ranges.some((range) => inRange(key, range)),
        key,
      ).toBe(true);
  });

  it('lists a small site in one range', () => {
    expect(listingRanges(['a', 'b'], 16)).toEqual([{ startAfter: undefined, end: undefined }]);
    expect(listingRanges([], 16)).toEqual([{ startAfter: undefined, end: undefined }]);
  });
});

describe('the deploy manifest', () => {
  it('reads back what it wrote, and refuses what is not one', () => {
    const { manifest } = deployed(site());
    expect(decodeManifest(encodeManifest(manifest))).toEqual(manifest);
    expect(() => decodeManifest(encodeManifest({ ...manifest, version: 2 } as unknown as DeployManifest))).toThrow(/not a deploy manifest/);
    expect(() => decodeManifest(Buffer.from('{}'))).toThrow();
  });
});

describe('the deploy report', () => {
  const files = site([...SITE, 'gone.html']);
  const { remote, manifest } = deployed(files);
  const plan = planDeploy(site(), remote, manifest, NOW, LIMITS);
  const result = {
    plan,
    dryRun: false,
    uploaded: 612,
    bytesUploaded: 20.1 * 2 ** 20,
    deleted: 3,
    keptUntil: plan.kept[0]!.until,
    requests: 1234,
    seconds: 14.23,
    liveSeconds: 3.1,
    warnings: [],
    invalidations: [],
  };

  it('is one line, times in the site’s zone', () => {
    expect(deployLine(result, 'Asia/Shanghai', NOW)).toBe(
      'deploy: 612 uploaded (20.1 MB), 7 unchanged, 3 deleted, 1 kept until 19:00; 14.2 s, 1,234 requests, live after 3.1 s',
    );
    // Nothing sent, or sent only once the listing was done: no earlier moment to name.
    expect(deployLine({ ...result, uploaded: 0 }, 'Asia/Shanghai', NOW)).toMatch(/1,234 requests$/);
    expect(deployLine({ ...result, liveSeconds: 14.23 }, 'Asia/Shanghai', NOW)).toMatch(/1,234 requests$/);
    expect(deployLine(result, 'UTC', new Date('2026-12-05T10:00:00Z'))).toMatch(/kept until 2026-12-06 11:00;/);
    const invalidations = [
      { id: 'I1', paths: ['/', '/index.html'] },
      { id: 'I2', paths: ['/*'] },
    ];
    expect(deployLine({ ...result, invalidations }, 'UTC', NOW)).toMatch(
      /1,234 requests, live after 3.1 s; CloudFront invalidation I1 of 2 paths; CloudFront invalidation I2 of 1 paths$/,
    );
    expect(deployLine({ ...result, dryRun: true }, 'UTC', NOW)).toMatch(
      /^deploy \(dry run, nothing sent\): would upload 0 \(0 B\), 7 unchanged, would delete 0, 1 kept/,
    );
  });

  it.each([
    [0, '0 B'],
    [812, '812 B'],
    [20.1 * 1024, '20.1 KB'],
    [3 * 2 ** 30, '3.0 GB'],
  ])('%i bytes are %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('what object storage needs of the order, the keys and the redirect targets', () => {
  it('uploads articles before the feeds, sitemaps and search entry files that list them', () => {
    const order = (key: string) => UPLOAD_GROUPS.indexOf(uploadGroup(key));
    const article = order('caijing/2026/11/20/shichang-zhoubao.html');
    for (const listing of [
      'feed.xml',
      'category/keji/feed.xml',
      'sitemap-0.xml',
      'pagefind/pagefind-entry.json',
      'pagefind-delta/xinwen-search.json',
    ])
      expect(order(listing)).toBeGreaterThan(article);
  });

  it('names a redirect target with a + as %2B, which S3 does not read as a space', () => {
    expect(redirectTarget('<meta http-equiv="refresh" content="0; url=/category/c++.html">', 'c++/index.html')).toBe(
      '/category/c%2B%2B.html',
    );
  });

  it('refuses a build whose keys S3 cannot store', () => {
    const long = `${'类'.repeat(340)}/a.html`;
    const files = [...site(), localFile(long)];
    expect(
      incompleteBuild(files, 'site/')
        .map((refusal) => refusal.message)
        .join('\n'),
    ).toMatch(/longer than S3's 1024 bytes/);
    expect(incompleteBuild(site(), 'site/')).toEqual([]);
  });
});

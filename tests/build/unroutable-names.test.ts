/**
 * Names Astro's router cannot carry, and names the site's own files take. Each of these once
 * failed the whole build from one post (a route that never found its static path, or a folder
 * where a file is): `%` in a category, tag or permalink (Astro decodes `%41` to `A` and fails on
 * a lone `%`), `\` (URLs read it as `/`), a tab, a category or tag `index` or `a.html`, a
 * permalink ending in `/index.html`. Now every such post is served at its Jekyll URL and listed,
 * and a post whose URL the site's own files take (a category `feed.xml`, a `permalink:
 * /search.html`) is an invalid post, named with its field and reason, never a crash.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploySite } from '../../src/deploy/deploy';
import { encodePath } from '../../src/lib/permalink';
import { termSlug } from '../../src/lib/site-index';
import { type BuiltSite, buildSite, listFiles, temporaryDir } from '../support/build-site';
import { clientFor, createBucket, startS3rver } from '../support/s3-server';
import { serveStatic, type StaticServer } from '../support/static-server';

const yaml = (text: string) => JSON.stringify(text);

interface Case {
  /** Front-matter lines besides title and date. */
  front: string[];
  /** The article's decoded path, as Jekyll gives it; undefined for a post that cannot be served. */
  path?: string;
  /** For an invalid post: the field its report names. */
  field?: string;
  /** Listings (`category`/`tag` and the name as written) that must link to the article. */
  listed?: ['category' | 'tag', string][];
  /** The post's file name, when not the numbered one. */
  fileName?: string;
  /** The page's file is named exactly as its path, without `.html` added. */
  exact?: true;
  /** The page's file, when it is not the one its path names (`/x/index` is `x/index.html`). */
  file?: string;
  /** For an invalid post: what its report says, when not that its URL meets the site's own files. */
  message?: RegExp;
}

const CASES: Case[] = [
  { front: [`categories: [${yaml('a\tb')}]`], path: '/a b/2023/04/01/p01.html', listed: [['category', 'a b']] },
  { front: ['categories: news', `tags: [${yaml('a\tb')}]`], path: '/news/2023/04/02/p02.html', listed: [['tag', 'a b']] },
  { front: [`categories: [${yaml('pct%41')}]`], path: '/pct%41/2023/04/03/p03.html', listed: [['category', 'pct%41']] },
  {
    front: ['categories: news', `tags: [${yaml('100%纯')}, ${yaml('pct%41')}, index, "b.xml", "a.html"]`],
    path: '/news/2023/04/04/p04.html',
    listed: [
      ['tag', '100%纯'],
      ['tag', 'pct%41'],
      ['tag', 'index'],
      ['tag', 'b.xml'],
      ['tag', 'a.html'],
    ],
  },
  { front: ['permalink: /custom/%41.html'], path: '/custom/%41.html' },
  { front: ['permalink: /custom/100%.html'], path: '/custom/100%.html' },
  { front: [`categories: [${yaml('5%增长')}]`], path: '/5%增长/2023/04/07/p07.html', listed: [['category', '5%增长']] },
  { front: ['categories: [index]'], path: '/index/2023/04/08/p08.html', listed: [['category', 'index']] },
  // Categories head URLs in lower case: `Index.HTML` heads `/index.html/…`, the home page's file.
  { front: ['categories: [Index.HTML]'], field: 'categories' },
  { front: [`categories: [${yaml('\\evil')}]`], path: '/\\evil/2023/04/10/p10.html', listed: [['category', '\\evil']] },
  { front: [`categories: [${yaml('%2e%2e')}]`], path: '/%2e%2e/2023/04/11/p11.html', listed: [['category', '%2e%2e']] },
  { front: [`permalink: ${yaml('/\\evil.example/x.html')}`], path: '/\\evil.example/x.html' },
  { front: ['permalink: /custom/index.html'], path: '/custom/index.html' },
  { front: [`categories: [${yaml('{% raw %}')}]`], path: '/{% raw %}/2023/04/14/p14.html', listed: [['category', '{% raw %}']] },
  { front: ['categories: ["a.html"]'], path: '/a.html/2023/04/15/p15.html', listed: [['category', 'a.html']] },
  // A post's own permalink with an extension other than `.html` names its file, as Jekyll writes it.
  {
    front: ['categories: news', 'permalink: /a/20230904/12345.shtml'],
    path: '/a/20230904/12345.shtml',
    listed: [['category', 'news']],
    exact: true,
  },
  { front: ['permalink: /show.php'], path: '/show.php', exact: true },
  { front: [`permalink: ${yaml('/show.asp?id=123')}`], path: '/show.asp?id=123', exact: true },
  { front: ['permalink: /news/v1.2'], path: '/news/v1.2', exact: true },
  { front: ['permalink: /news/x.htm'], path: '/news/x.htm', exact: true },
  // A file name whose slug is nothing: Jekyll's page is `.html` in the day's folder.
  {
    fileName: '2023-04-16-①②.md',
    front: ['categories: news'],
    path: '/news/2023/04/16/.html',
    listed: [['category', 'news']],
    exact: true,
  },
  // An HTML post file keeps its extension as written: Jekyll's converter for HTML gives it as `:output_ext`.
  {
    fileName: '2023-04-17-upper.HTML',
    front: ['categories: news'],
    path: '/news/2023/04/17/upper.HTML',
    listed: [['category', 'news']],
    exact: true,
  },
  // Line and paragraph separators, which Astro's route patterns do not match.
  { front: ['categories: news', 'permalink: /sep/tag.html', 'tags: ["a\\u2028b"]'], path: '/sep/tag.html', listed: [['tag', 'a b']] },
  { front: ['permalink: "/sep/a\\u2029b.html"'], path: '/sep/a\u2029b.html' },
  // Found by fuzzing: each of these once failed the whole build.
  {
    fileName: '2023-04-18-x.html.md',
    front: ['categories: news'],
    path: '/news/2023/04/18/x.html.html',
    listed: [['category', 'news']],
    exact: true,
  },
  { front: ['permalink: /pi/index'], path: '/pi/index', file: 'pi/index.html' },
  {
    front: ['permalink: /pf/index.folder.html'],
    field: 'permalink',
    message: /a part named index\.folder\.html, the name the build gives folder pages/,
  },
  { front: ['permalink: /sep/cat.html', 'categories: "a\\u2029b"'], path: '/sep/cat.html', listed: [['category', 'a b']] },
  {
    front: ['categories: news', 'permalink: /sep/folder.html', 'tags: [index.folder]'],
    path: '/sep/folder.html',
    listed: [['tag', 'index.folder']],
  },
  { front: ['permalink: /index'], field: 'permalink', message: /is written to \/index\.html/ },
  { front: ['permalink: /search'], field: 'permalink', message: /is written to \/search\.html/ },
  { front: ['categories: [news, index.html]'], field: 'categories', message: /lies below \/news\/index\.html/ },
  { front: ['permalink: /category/news.html'], field: 'permalink', message: /the file of one of the site's own listings/ },
  { front: ['permalink: /archive/2023/04.html'], field: 'permalink', message: /the file of one of the site's own listings/ },
  { front: ['permalink: "/x/a\\uE100.html"'], field: 'permalink', message: /private-use character/ },
  { front: ['permalink: "/x/a\\u0000b.html"'], field: 'permalink', message: /NUL/ },
  { front: ['categories: *nope'], field: 'front matter', message: /cannot be read: .*alias/i },
  { front: ['permalink: /feed.xml.html'], path: '/feed.xml.html', exact: true },
  { front: ['permalink: /pc/x.html'], path: '/pc/x.html' },
  { front: ['permalink: /pc/x.html/y.html'], field: 'permalink', message: /a file cannot also be a folder/ },
  {
    front: ['permalink: /category/news.html/'],
    field: 'permalink',
    message: /lies below \/category\/news\.html, one of the site's own listings/,
  },
  { front: ['permalink: /n/x'], path: '/n/x', file: 'n/x.html' },
  { front: ['permalink: /n/x.html'], field: 'permalink', message: /is also the URL of/ },
  // The site's own files and folders.
  ...['feed.xml', 'robots.txt', 'favicon.ico', 'pagefind', 'pagefind-runtime', '_astro', 'index.html', 'sitemap-index.xml', '404.html'].map(
    (category): Case => ({ front: [`categories: [${yaml(category)}]`], field: 'categories' }),
  ),
  ...['/feed.xml', '/index.html', '/search.html', '/archive.html'].map(
    (permalink): Case => ({ front: [`permalink: ${permalink}`], field: 'permalink' }),
  ),
];
// 28 posts a month from April 2023, so that every number is a real date.
const fileOf = (number: number) =>
  `2023-${String(4 + Math.floor((number - 1) / 28)).padStart(2, '0')}-${String(((number - 1) % 28) + 1).padStart(2, '0')}-p${String(number).padStart(2, '0')}.md`;

function writePosts(): string {
  const dir = temporaryDir('unroutable');
  CASES.forEach((entry, index) => {
    const number = index + 1;
    writeFileSync(
      path.join(dir, entry.fileName ?? fileOf(number)),
      `---\ntitle: 标题${number}号\n${entry.front.join('\n')}\n---\n<p>正文${number}号</p>\n`,
    );
  });
  return dir;
}

function digests(dir: string): Map<string, string> {
  return new Map(
    listFiles(dir).map((file) => [
      file,
      createHash('sha256')
        .update(readFileSync(path.join(dir, file)))
        .digest('hex'),
    ]),
  );
}

const CRASHES = /NoMatchingStaticPathFound|Invalid URL encoding|ENOTDIR|EISDIR|ENOENT|Missing parameter|\n\s+at /;

let postsDir: string;
let site: BuiltSite;
let server: StaticServer;

beforeAll(async () => {
  postsDir = writePosts();
  site = buildSite({ postsDir, env: { INVALID_POSTS: 'skip' } });
  server = await serveStatic(site.outDir);
}, 240_000);

afterAll(async () => {
  await server?.close();
});

describe('posts whose names a route cannot carry', () => {
  it('build, with no route that fails and no stack trace', () => {
    expect(site.exitCode, site.output).toBe(0);
    expect(site.output).not.toMatch(CRASHES);
  });

  const served = CASES.map((entry, index) => ({ ...entry, number: index + 1 })).filter((entry) => entry.path !== undefined);

  // A URL without an extension is its file with `.html` added: GitHub Pages finds it, this server and S3 do not.
  it.each(served.map((entry) => [entry.path!, entry.number, entry.file] as const))(
    'serve %s at its Jekyll URL',
    async (articlePath, number, file) => {
      const response = await fetch(`${server.origin}${encodePath(file === undefined ? articlePath : `/${file}`)}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain(`标题${number}号`);
    },
  );

  it.each(served.flatMap((entry) => (entry.listed ?? []).map(([kind, name]) => [kind, name, entry.path!] as const)))(
    'list the article in the %s %s',
    async (kind, name, articlePath) => {
      const response = await fetch(`${server.origin}/${kind}/${encodePath(termSlug(name))}.html`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain(`href="${encodePath(articlePath)}"`);
    },
  );

  it('give every category with articles a feed that names them', async () => {
    for (const entry of served.filter((one) => one.listed?.some(([kind]) => kind === 'category'))) {
      const [, name] = entry.listed!.find(([kind]) => kind === 'category')!;
      const response = await fetch(`${server.origin}/category/${encodePath(termSlug(name))}/feed.xml`);
      expect(response.status, name).toBe(200);
      expect(await response.text(), name).toContain(encodePath(entry.path!));
    }
  });

  it('write a page named by its own permalink by that exact name, with no `.html` added', () => {
    for (const entry of served.filter((one) => one.exact)) {
      expect(existsSync(path.join(site.outDir, entry.file ?? entry.path!)), entry.path).toBe(true);
      expect(existsSync(path.join(site.outDir, `${entry.path!}.html`)), entry.path).toBe(false);
      expect(readFileSync(path.join(site.outDir, 'sitemap-0.xml'), 'utf8'), entry.path).toContain(encodePath(entry.path!));
    }
  });

  it('leave no file under a stand-in name, and find every link into the site', () => {
    expect(listFiles(site.outDir).filter((file) => /[\uE000-\uE1FF]/.test(file))).toEqual([]);
    expect(site.output).toMatch(/links into the site checked in \d+ ms, none broken/);
    expect(site.output).toMatch(/post links: \d+ links into the site checked, 0 lead nowhere/);
  });

  it('build again to the same files, nothing rendered that did not change', () => {
    const before = digests(site.outDir);
    const again = buildSite({ postsDir, outDir: site.outDir, cacheDir: site.cacheDir, env: { INVALID_POSTS: 'skip' } });
    expect(again.exitCode, again.output).toBe(0);
    expect(again.output).not.toMatch(CRASHES);
    expect(digests(site.outDir)).toEqual(before);
  }, 240_000);
});

describe('posts whose URL the site’s own files take', () => {
  const refused = CASES.map((entry, index) => ({ ...entry, number: index + 1 })).filter((entry) => entry.field !== undefined);

  it('are invalid posts, each named with its field and the reason', () => {
    const report = JSON.parse(readFileSync(path.join(site.cacheDir, 'xinwen-posts-report.json'), 'utf8')) as {
      invalid: { file: string; problems: { field: string; message: string }[] }[];
    };
    for (const entry of refused) {
      const found = report.invalid.find((invalid) => invalid.file.endsWith(fileOf(entry.number)));
      expect(found, fileOf(entry.number)).toBeDefined();
      expect(found!.problems[0]!.field).toBe(entry.field);
      expect(found!.problems[0]!.message).toMatch(entry.message ?? /the URL \/\S* (lies below|lies in|is the address of)/);
    }
    expect(report.invalid).toHaveLength(refused.length);
  });

  it('leave the site’s own files as the site writes them', () => {
    expect(readFileSync(path.join(site.outDir, 'feed.xml'), 'utf8')).toMatch(/^<\?xml/);
    expect(readFileSync(path.join(site.outDir, 'search.html'), 'utf8')).toContain('search-form');
    expect(existsSync(path.join(site.outDir, 'pagefind', 'pagefind.js'))).toBe(true);
  });

  it('fail a build that does not skip invalid posts, listing each, with no stack trace', () => {
    const strict = buildSite({ postsDir, env: { INVALID_POSTS: 'fail' } });
    expect(strict.exitCode).not.toBe(0);
    expect(strict.output).not.toMatch(CRASHES);
    for (const entry of refused) expect(strict.output).toMatch(new RegExp(`${fileOf(entry.number)}(:\\d+)?: ${entry.field}: `));
  }, 240_000);
});

describe('a deploy of those names to object storage (s3rver)', () => {
  it('stores each article under its Jekyll path as the key, and a second deploy sends nothing', async () => {
    const server = await startS3rver();
    const client = clientFor(server);
    const environment = {
      AWS_ENDPOINT_URL_S3: server.endpoint,
      AWS_ACCESS_KEY_ID: server.accessKeyId,
      AWS_SECRET_ACCESS_KEY: server.secretAccessKey,
      AWS_REGION: 'us-east-1',
    };
    const saved = Object.fromEntries(Object.keys(environment).map((name) => [name, process.env[name]]));
    Object.assign(process.env, environment);
    try {
      await createBucket(server, 'site');
      const deploy = () =>
        deploySite({
          outDir: site.outDir,
          target: { bucket: 'site', prefix: '' },
          storage: { pathStyle: true, concurrency: 8, maxAttempts: 5 },
          limits: { graceMs: 0, maxDeleteShare: 0.2, minSizeShare: 0.5 },
        });
      const first = await deploy();
      expect(first.uploaded).toBeGreaterThan(0);
      const keys = new Set<string>();
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: 'site', ContinuationToken: token }));
        for (const object of page.Contents ?? []) keys.add(object.Key!);
        token = page.NextContinuationToken;
      } while (token);
      const served = CASES.map((entry, index) => ({ ...entry, number: index + 1 })).filter((entry) => entry.path !== undefined);
      for (const entry of served) {
        const key = entry.file ?? entry.path!.slice(1);
        expect(keys.has(key), key).toBe(true);
        const object = await client.send(new GetObjectCommand({ Bucket: 'site', Key: key }));
        expect(await object.Body!.transformToString(), key).toContain(`标题${entry.number}号`);
        // `x.shtml` and `show.php` are pages too: a browser shows them rather than saving them.
        expect(object.ContentType, key).toBe('text/html; charset=utf-8');
      }
      expect([...keys].filter((key) => /[\uE000-\uE1FF]/.test(key))).toEqual([]);
      const second = await deploy();
      expect(second.uploaded).toBe(0);
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      client.destroy();
      await server.stop();
    }
  }, 120_000);
});

/**
 * `npm run deploy` against real S3-compatible servers started on the loopback address: s3rver
 * (from npm, always) and moto_server (stricter: conditional writes, S3's own errors) where the
 * machine has it. Real requests, real listings; faults come from a proxy on the wire.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CloudFrontClient, CreateDistributionCommand, GetInvalidationCommand } from '@aws-sdk/client-cloudfront';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeployOptions, DeployRefused, deploySite } from '../../src/deploy/deploy';
import { type DeployManifest, decodeManifest, encodeManifest, MANIFEST_KEY, PROGRESS_KEY } from '../../src/deploy/manifest';
import { Bucket, LockedError } from '../../src/deploy/storage';
import { buildSite, listFiles, projectRoot, temporaryDir } from '../support/build-site';
import {
  clientFor,
  createBucket,
  type FaultyProxy,
  MOTO_REQUIRED,
  motoServerPath,
  type S3Server,
  startFaultyProxy,
  startMoto,
  startS3rver,
} from '../support/s3-server';

const HOUR = 3_600_000;
const work = temporaryDir('deploy-storage');
let builtSite: string;

beforeAll(() => {
  const built = buildSite({ postsDir: path.join(projectRoot, 'src/content/posts') });
  if (built.exitCode !== 0) throw new Error(`the example site did not build:\n${built.output}`);
  builtSite = built.outDir;
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

let copies = 0;
/** A copy of the built site that a test may change. */
function siteCopy(): string {
  const dir = path.join(work, `out-${++copies}`);
  cpSync(builtSite, dir, { recursive: true });
  return dir;
}

const md5 = (bytes: Buffer | string) => createHash('md5').update(bytes).digest('hex');

/** The environment the AWS SDK reads: the deploy gets its endpoint and credentials as a site owner's would. */
function storageEnvironment(server: Pick<S3Server, 'endpoint' | 'accessKeyId' | 'secretAccessKey'>): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_S3: server.endpoint,
    AWS_ACCESS_KEY_ID: server.accessKeyId,
    AWS_SECRET_ACCESS_KEY: server.secretAccessKey,
    AWS_REGION: 'us-east-1',
  };
}

/** Runs `work` with the SDK's environment pointing at `endpoint` (and `extra`), then restores it. */
async function withStorageEnvironment<T>(
  server: S3Server,
  endpoint: string,
  extra: Record<string, string>,
  work: () => Promise<T>,
): Promise<T> {
  const environment = { ...storageEnvironment({ ...server, endpoint }), ...extra };
  const saved = Object.fromEntries(Object.keys(environment).map((name) => [name, process.env[name]]));
  Object.assign(process.env, environment);
  try {
    return await work();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** Runs the deploy in this process with the SDK's environment pointing at `endpoint`. */
function deploy(
  server: S3Server,
  endpoint: string,
  outDir: string,
  bucket: string,
  options: Partial<DeployOptions> & { prefix?: string; environment?: Record<string, string> } = {},
) {
  return withStorageEnvironment(server, endpoint, options.environment ?? {}, () =>
    deploySite({
      outDir,
      target: { bucket, prefix: options.prefix ?? 'site/' },
      storage: { pathStyle: true, concurrency: 8, maxAttempts: 10 },
      limits: { graceMs: 24 * HOUR, maxDeleteShare: 0.2, minSizeShare: 0.5 },
      ...options,
    }),
  );
}

/** `npm run deploy` as a site owner runs it: a child process, its settings from the environment. */
function deployCommand(
  server: S3Server,
  endpoint: string,
  outDir: string,
  target: string,
  args: string[] = [],
  env: Record<string, string> = {},
) {
  // One process, as `tsx` would start two: a kill must reach the deploy itself.
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/deploy.ts', ...args], {
    cwd: projectRoot,
    env: { ...process.env, ...storageEnvironment({ ...server, endpoint }), XINWEN_OUT_DIR: outDir, XINWEN_DEPLOY_TARGET: target, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, output })),
  );
  return { child, done };
}

interface StoredObject {
  etag: string;
  size: number;
}

async function listBucket(client: S3Client, bucket: string, prefix = ''): Promise<Map<string, StoredObject>> {
  const objects = new Map<string, StoredObject>();
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const object of page.Contents ?? []) objects.set(object.Key!, { etag: object.ETag!.replace(/"/g, ''), size: object.Size! });
    token = page.NextContinuationToken;
  } while (token);
  return objects;
}

/** The site's objects below `prefix`: key relative to it → MD5 of the stored bytes as the ETag says. */
async function siteObjects(client: S3Client, bucket: string, prefix = 'site/'): Promise<Record<string, string>> {
  const objects = await listBucket(client, bucket, prefix);
  return Object.fromEntries(
    [...objects]
      .filter(([key]) => !key.startsWith(`${prefix}.xinwen-deploy/`))
      .map(([key, object]) => [key.slice(prefix.length), object.etag]),
  );
}

/** What the bucket must hold to serve `outDir`: each file's key and MD5. */
function buildObjects(outDir: string): Record<string, string> {
  return Object.fromEntries(listFiles(outDir).map((key) => [key, md5(readFileSync(path.join(outDir, key)))]));
}

async function readObject(client: S3Client, bucket: string, key: string): Promise<Buffer> {
  const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await answer.Body!.transformToByteArray());
}

async function readManifest(client: S3Client, bucket: string, prefix = 'site/'): Promise<DeployManifest> {
  return decodeManifest(await readObject(client, bucket, `${prefix}${MANIFEST_KEY}`));
}

const sitePuts = (proxy: FaultyProxy, from = 0) =>
  proxy.requests.slice(from).filter((request) => request.method === 'PUT' && !request.path.includes('/.xinwen-deploy/'));

const servers: { name: string; start: () => Promise<S3Server>; present: boolean }[] = [
  { name: 's3rver', start: startS3rver, present: true },
  { name: 'moto_server', start: startMoto, present: motoServerPath() !== undefined },
];

it('finds moto_server where it is required', () => {
  if (MOTO_REQUIRED) expect(motoServerPath(), 'XINWEN_REQUIRE_MOTO=1 but moto_server is not on the PATH').toBeDefined();
});

describe.each(servers)('deploys to $name', ({ name, start, present }) => {
  let server: S3Server;
  let proxy: FaultyProxy;
  let client: S3Client;
  let buckets = 0;

  beforeAll(async () => {
    if (!present) return;
    server = await start();
    proxy = await startFaultyProxy(server);
    client = clientFor(server);
  });
  afterAll(async () => {
    client?.destroy();
    await proxy?.stop();
    await server?.stop();
  });

  async function newBucket(): Promise<string> {
    const bucket = `${name.replace('_', '-')}-${++buckets}`;
    await createBucket(server, bucket);
    proxy.fault = () => 'pass';
    return bucket;
  }

  it.skipIf(!present)('first deploy: every file, with its type, caching and redirect; then an unchanged deploy sends no file', async () => {
    const bucket = await newBucket();
    const outDir = siteCopy();
    const files = listFiles(outDir);
    const from = proxy.requests.length;
    const first = await deploy(server, proxy.endpoint, outDir, bucket);
    expect(first.uploaded).toBe(files.length);
    expect(first.plan.unchanged).toBe(0);
    expect(await siteObjects(client, bucket)).toEqual(buildObjects(outDir));
    expect(sitePuts(proxy, from)).toHaveLength(files.length);
    // Referenced files before those that reference them, the home page last.
    const order = sitePuts(proxy, from).map((request) => request.path.replace(`/${bucket}/site/`, ''));
    expect(order.at(-1)).toBe('index.html');
    expect(order.indexOf('pagefind/pagefind-entry.json')).toBeGreaterThan(
      Math.max(...order.map((key, index) => (key.startsWith('pagefind/') && key.endsWith('pf_fragment') ? index : -1))),
    );
    // Articles before the feeds, sitemaps and search entry files that list them.
    const lastArticle = Math.max(
      ...order.map((key, index) => (/^[^/]+\/\d{4}\/\d{2}\/\d{2}\/[^/]+\.html$/.test(key) && !key.endsWith('/index.html') ? index : -1)),
    );
    expect(lastArticle).toBeGreaterThan(-1);
    expect(order.indexOf('feed.xml')).toBeGreaterThan(lastArticle);
    expect(order.indexOf('sitemap-0.xml')).toBeGreaterThan(lastArticle);
    expect(order.indexOf('pagefind-delta/xinwen-search.json')).toBeGreaterThan(lastArticle);
    expect(order.indexOf('feed.xml')).toBeLessThan(order.indexOf('category/keji.html'));

    const head = (key: string) => client.send(new HeadObjectCommand({ Bucket: bucket, Key: `site/${key}` }));
    const page = await head('index.html');
    expect([page.ContentType, page.CacheControl]).toEqual(['text/html; charset=utf-8', 'public, max-age=300, must-revalidate']);
    expect((await head('feed.xml')).ContentType).toBe('application/xml; charset=utf-8');
    const css = files.find((key) => key.startsWith('_astro/') && key.endsWith('.css'))!;
    expect((await head(css)).CacheControl).toBe('public, max-age=31536000, immutable');
    const fragment = files.find((key) => key.endsWith('.pf_fragment'))!;
    expect((await head(fragment)).ContentType).toBe('application/octet-stream');
    // An old category URL: the HTML page stays, and the object carries the redirect.
    expect((await head('keji/index.html')).WebsiteRedirectLocation).toBe('/category/keji.html');
    expect((await head('category/keji.html')).WebsiteRedirectLocation).toBeUndefined();
    expect(await readObject(client, bucket, 'site/index.html')).toEqual(readFileSync(path.join(outDir, 'index.html')));

    const manifest = await readManifest(client, bucket);
    expect(Object.keys(manifest.files).sort()).toEqual(files);

    const before = proxy.requests.length;
    const again = await deploy(server, proxy.endpoint, outDir, bucket);
    expect(again).toMatchObject({ uploaded: 0, deleted: 0, plan: { unchanged: files.length } });
    expect(sitePuts(proxy, before)).toEqual([]);
    // The lock, the listing, the manifest: a handful of requests, not one per file.
    expect(proxy.requests.length - before).toBeLessThan(12);
  });

  it.skipIf(!present)(
    'posts added, changed and removed: only they go up; a removed page stays for the grace period, then goes',
    async () => {
      const bucket = await newBucket();
      const outDir = siteCopy();
      await deploy(server, proxy.endpoint, outDir, bucket);
      const removed = listFiles(outDir).find((key) => /^keji\/\d{4}\/\d{2}\/\d{2}\/[^/]+\.html$/.test(key))!;
      rmSync(path.join(outDir, removed));
      mkdirSync(path.join(outDir, 'caijing/2026/12/06'), { recursive: true });
      writeFileSync(path.join(outDir, 'caijing/2026/12/06/xin-wen.html'), '<!DOCTYPE html><title>新</title><p>新文章</p>');
      appendFileSync(path.join(outDir, 'feed.xml'), '\n');
      const now = new Date();
      const from = proxy.requests.length;
      const added = await deploy(server, proxy.endpoint, outDir, bucket, { now: () => now });
      expect(added).toMatchObject({ uploaded: 2, deleted: 0 });
      expect(sitePuts(proxy, from).map((request) => request.path)).toEqual([
        `/${bucket}/site/caijing/2026/12/06/xin-wen.html`,
        `/${bucket}/site/feed.xml`,
      ]);
      expect(added.plan.kept).toEqual([{ key: removed, until: new Date(now.getTime() + 24 * HOUR) }]);
      expect(await siteObjects(client, bucket)).toEqual({
        ...buildObjects(outDir),
        [removed]: md5(readFileSync(path.join(builtSite, removed))),
      });

      const later = new Date(now.getTime() + 25 * HOUR);
      const after = await deploy(server, proxy.endpoint, outDir, bucket, { now: () => later });
      expect(after).toMatchObject({ uploaded: 0, deleted: 1 });
      expect(await siteObjects(client, bucket)).toEqual(buildObjects(outDir));
      expect((await readManifest(client, bucket)).removed).toEqual({});
    },
  );

  it.skipIf(!present)(
    'what the build changed goes up before the listing; an object changed outside is found by the listing and sent again',
    async () => {
      const bucket = await newBucket();
      const outDir = siteCopy();
      await deploy(server, proxy.endpoint, outDir, bucket);
      appendFileSync(path.join(outDir, 'index.html'), '\n');
      appendFileSync(path.join(outDir, 'feed.xml'), '\n');
      // Changed in the bucket by hand since: the manifest no longer says what it holds.
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'site/search.html', Body: 'changed by hand' }));
      const from = proxy.requests.length;
      const result = await deploy(server, proxy.endpoint, outDir, bucket);
      const requests = proxy.requests.slice(from);
      const firstListing = requests.findIndex((request) => request.method === 'GET' && request.query.includes('list-type=2'));
      const putAt = (key: string) => requests.findIndex((request) => request.method === 'PUT' && request.path === `/${bucket}/site/${key}`);
      expect(putAt('feed.xml')).toBeGreaterThan(-1);
      expect(putAt('feed.xml')).toBeLessThan(putAt('index.html'));
      expect(putAt('index.html')).toBeLessThan(firstListing);
      expect(putAt('search.html')).toBeGreaterThan(firstListing);
      expect(result.plan.uploads.map((upload) => [upload.file.key, upload.reason])).toEqual([
        ['feed.xml', 'changed'],
        ['index.html', 'changed'],
        ['search.html', 'unverified'],
      ]);
      expect(result.liveSeconds).toBeLessThan(result.seconds);
      expect(await siteObjects(client, bucket)).toEqual(buildObjects(outDir));
      expect((await listBucket(client, bucket, 'site/.xinwen-deploy/')).size).toBe(1);
    },
  );

  it.skipIf(!present)(
    'a deploy that failed after its first change leaves a mark: the next lists first, and a file changed back is sent',
    async () => {
      const bucket = await newBucket();
      const outDir = siteCopy();
      await deploy(server, proxy.endpoint, outDir, bucket);
      const original = readFileSync(path.join(outDir, 'feed.xml'));
      appendFileSync(path.join(outDir, 'feed.xml'), '<!-- a feed that did not last -->');
      appendFileSync(path.join(outDir, 'index.html'), '\n');
      proxy.fault = (request) => (request.method === 'PUT' && request.path.endsWith('/site/index.html') ? 'deny' : 'pass');
      await expect(deploy(server, proxy.endpoint, outDir, bucket)).rejects.toThrow(/upload \S+\/index\.html: AccessDenied/);
      proxy.fault = () => 'pass';
      expect(md5(await readObject(client, bucket, 'site/feed.xml'))).toBe(md5(readFileSync(path.join(outDir, 'feed.xml'))));
      expect((await listBucket(client, bucket, 'site/.xinwen-deploy/unfinished.json')).size).toBe(1);

      // The build goes back to the feed the manifest still records: the failed deploy's record of
      // what it sent, checked against the listing, shows the bucket holds another.
      writeFileSync(path.join(outDir, 'feed.xml'), original);
      const from = proxy.requests.length;
      const rerun = await deploy(server, proxy.endpoint, outDir, bucket);
      const requests = proxy.requests.slice(from);
      const firstListing = requests.findIndex((request) => request.method === 'GET' && request.query.includes('list-type=2'));
      const firstSitePut = requests.findIndex((request) => request.method === 'PUT' && !request.path.includes('/.xinwen-deploy/'));
      expect(firstListing).toBeGreaterThan(-1);
      expect(firstListing).toBeLessThan(firstSitePut);
      expect(rerun.plan.uploads.map((upload) => [upload.file.key, upload.reason])).toEqual([
        ['feed.xml', 'changed'],
        ['index.html', 'changed'],
      ]);
      expect(await siteObjects(client, bucket)).toEqual(buildObjects(outDir));
      expect((await listBucket(client, bucket, 'site/.xinwen-deploy/')).size).toBe(1);
    },
  );

  it.skipIf(!present)('a bucket that holds the site without a manifest is sent again whole, and says why', async () => {
    const bucket = await newBucket();
    const outDir = siteCopy();
    await deploy(server, proxy.endpoint, outDir, bucket);
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: `site/${MANIFEST_KEY}` }));
    const again = await deploy(server, proxy.endpoint, outDir, bucket);
    expect(again.uploaded).toBe(listFiles(outDir).length);
    expect(again.warnings.join('\n')).toMatch(/holds the site's files but no deploy manifest/);
    // A first deploy to an empty bucket has nothing to say.
    const fresh = await deploy(server, proxy.endpoint, siteCopy(), await newBucket());
    expect(fresh.warnings).toEqual([]);
  });

  it.skipIf(!present)('a header change is seen from the manifest and sent again', async () => {
    const bucket = await newBucket();
    const outDir = siteCopy();
    await deploy(server, proxy.endpoint, outDir, bucket);
    // As an earlier release with another header table left it: same bytes, other headers.
    const manifest = await readManifest(client, bucket);
    const changed = ['feed.xml', 'index.html', 'keji/index.html'];
    for (const key of changed) {
      manifest.files[key]!.headers = 'older-table';
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: `site/${key}`,
          Body: readFileSync(path.join(outDir, key)),
          ContentType: 'application/octet-stream',
        }),
      );
    }
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: `site/${MANIFEST_KEY}`, Body: encodeManifest(manifest) }));
    const result = await deploy(server, proxy.endpoint, outDir, bucket);
    expect(result.plan.uploads.map((upload) => [upload.file.key, upload.reason])).toEqual(
      [...changed].sort((a, b) => (a === 'index.html' ? 1 : b === 'index.html' ? -1 : a < b ? -1 : 1)).map((key) => [key, 'headers']),
    );
    for (const key of changed) {
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: `site/${key}` }));
      expect(head.ContentType).toMatch(/charset=utf-8$/);
    }
    expect((await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'site/keji/index.html' }))).WebsiteRedirectLocation).toBe(
      '/category/keji.html',
    );
  });

  it.skipIf(!present)('an empty, partial or much smaller build is refused, and the bucket is left as it was', async () => {
    const bucket = await newBucket();
    const outDir = siteCopy();
    await deploy(server, proxy.endpoint, outDir, bucket);
    const before = await listBucket(client, bucket);

    const empty = path.join(work, `empty-${bucket}`);
    mkdirSync(empty);
    const from = proxy.requests.length;
    await expect(deploy(server, proxy.endpoint, empty, bucket)).rejects.toThrow(/no files/);
    await expect(deploy(server, proxy.endpoint, path.join(work, 'missing'), bucket)).rejects.toThrow(/no files/);
    const partial = siteCopy();
    rmSync(path.join(partial, 'index.html'));
    await expect(deploy(server, proxy.endpoint, partial, bucket)).rejects.toThrow(/no index\.html/);
    // Refused before the bucket was asked anything.
    expect(proxy.requests.length).toBe(from);

    const smaller = siteCopy();
    for (const key of listFiles(smaller).filter((key) => key.startsWith('pagefind/') || key.startsWith('tag/')))
      rmSync(path.join(smaller, key));
    const refused = await deploy(server, proxy.endpoint, smaller, bucket).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DeployRefused);
    expect((refused as DeployRefused).reasons.join('\n')).toMatch(/lacks \d+ of the \d+ files the site has \(more than 20%\).*--force/);
    expect(sitePuts(proxy, from)).toEqual([]);
    expect(await listBucket(client, bucket)).toEqual(new Map([...before].filter(([key]) => !key.endsWith('lock.json'))));

    const forced = await deploy(server, proxy.endpoint, smaller, bucket, {
      force: true,
      limits: { graceMs: 0, maxDeleteShare: 0.2, minSizeShare: 0.5 },
    });
    expect(forced.deleted).toBeGreaterThan(0);
    expect(await siteObjects(client, bucket)).toEqual(buildObjects(smaller));
  });

  it.skipIf(!present)('a dry run reads and sends nothing', async () => {
    const bucket = await newBucket();
    const outDir = siteCopy();
    const from = proxy.requests.length;
    const plan = await deploy(server, proxy.endpoint, outDir, bucket, { dryRun: true });
    expect(plan.plan.uploads).toHaveLength(listFiles(outDir).length);
    expect(new Set(proxy.requests.slice(from).map((request) => request.method))).toEqual(new Set(['GET']));
    expect(await listBucket(client, bucket)).toEqual(new Map());
  });

  it.skipIf(!present)('throttled and dropped requests are retried until the site is whole', async () => {
    const bucket = await newBucket();
    const outDir = siteCopy();
    proxy.fault = (_request, n) => (n % 5 === 0 ? 'throttle' : n % 11 === 0 ? 'drop' : 'pass');
    const from = proxy.requests.length;
    const result = await deploy(server, proxy.endpoint, outDir, bucket);
    proxy.fault = () => 'pass';
    expect(result.uploaded).toBe(listFiles(outDir).length);
    expect(result.requests).toBeGreaterThan(listFiles(outDir).length * 1.2);
    expect(proxy.requests.length - from).toBeGreaterThan(listFiles(outDir).length * 1.2);
    expect(await siteObjects(client, bucket)).toEqual(buildObjects(outDir));
  });

  it.skipIf(!present)('a request the network stalls fails and is retried, rather than holding the deploy forever', async () => {
    const bucket = await newBucket();
    const outDir = siteCopy();
    let stalled = 0;
    proxy.fault = (request) => (request.method === 'PUT' && request.path.endsWith('/site/feed.xml') && stalled++ === 0 ? 'hang' : 'pass');
    const result = await deploy(server, proxy.endpoint, outDir, bucket, {
      storage: { pathStyle: true, concurrency: 8, maxAttempts: 10, stallTimeoutMs: 1_000 },
    });
    proxy.fault = () => 'pass';
    expect(stalled).toBe(2);
    expect(result.uploaded).toBe(listFiles(outDir).length);
    expect(await siteObjects(client, bucket)).toEqual(buildObjects(outDir));
  });

  it.skipIf(!present)('objects outside the prefix are never touched', async () => {
    const bucket = await newBucket();
    const outside = ['index.html', 'other/page.html', 'site-old/index.html', 'sitemap.xml'];
    for (const key of outside) await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `outside ${key}` }));
    const outDir = siteCopy();
    await deploy(server, proxy.endpoint, outDir, bucket);
    // Under the prefix, a file the build does not have: deleted, with no grace.
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'site/stale.html', Body: 'stale' }));
    const result = await deploy(server, proxy.endpoint, outDir, bucket, { limits: { graceMs: 0, maxDeleteShare: 0.2, minSizeShare: 0.5 } });
    expect(result.deleted).toBe(1);
    for (const key of outside) expect((await readObject(client, bucket, key)).toString()).toBe(`outside ${key}`);
    expect(await siteObjects(client, bucket)).toEqual(buildObjects(outDir));
  });

  it.skipIf(!present)('Chinese names, spaces and reserved characters keep their keys', async () => {
    const bucket = await newBucket();
    const outDir = siteCopy();
    const odd = ['新闻/中文 标题.html', 'tag/a b+c.html', '100%/x&y=z.html', 'images/照片 (1).jpg'];
    for (const key of odd) {
      mkdirSync(path.dirname(path.join(outDir, key)), { recursive: true });
      writeFileSync(path.join(outDir, key), `content of ${key}`);
    }
    await deploy(server, proxy.endpoint, outDir, bucket, { prefix: '新闻站/' });
    expect(await siteObjects(client, bucket, '新闻站/')).toEqual(buildObjects(outDir));
    for (const key of odd) expect((await readObject(client, bucket, `新闻站/${key}`)).toString()).toBe(`content of ${key}`);
    expect(await deploy(server, proxy.endpoint, outDir, bucket, { prefix: '新闻站/' })).toMatchObject({ uploaded: 0 });
  });

  it.skipIf(!present)('more than 1,000 deletions go in batches of at most 1,000', async () => {
    const bucket = await newBucket();
    const outDir = siteCopy();
    const extra = Array.from({ length: 1_050 }, (_, n) => `archive/old/${String(n).padStart(4, '0')}.html`);
    mkdirSync(path.join(outDir, 'archive/old'), { recursive: true });
    for (const key of extra) writeFileSync(path.join(outDir, key), key);
    await deploy(server, proxy.endpoint, outDir, bucket);
    rmSync(path.join(outDir, 'archive/old'), { recursive: true });
    const from = proxy.requests.length;
    const result = await deploy(server, proxy.endpoint, outDir, bucket, {
      force: true,
      limits: { graceMs: 0, maxDeleteShare: 0.2, minSizeShare: 0.5 },
    });
    expect(result.deleted).toBe(1_050);
    const batches = proxy.requests.slice(from).filter((request) => request.method === 'POST' && request.query.includes('delete'));
    const keysOf = (request: (typeof batches)[number]) =>
      [...request.body.toString().matchAll(/<Key>([^<]+)<\/Key>/g)].map((match) => match[1]);
    // A batch the server was slow to answer may be sent again: what matters is each batch's size.
    expect(Math.max(...batches.map((request) => keysOf(request).length))).toBe(1_000);
    expect(new Set(batches.flatMap(keysOf)).size).toBe(1_050);
    expect(await siteObjects(client, bucket)).toEqual(buildObjects(outDir));
  });

  it.skipIf(!present)('of two deploys at once, one goes ahead and the other is refused', async () => {
    const bucket = await newBucket();
    const outDir = siteCopy();
    const results = await Promise.allSettled([
      deploy(server, proxy.endpoint, outDir, bucket),
      deploy(server, proxy.endpoint, outDir, bucket),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((result) => result.status === 'rejected')!.reason;
    expect(refused).toBeInstanceOf(LockedError);
    expect(String(refused.message)).toMatch(/another deploy (is running|took the lock)/);
    expect(await siteObjects(client, bucket)).toEqual(buildObjects(outDir));
    // The lock is given back: the next deploy goes ahead.
    expect(await deploy(server, proxy.endpoint, outDir, bucket)).toMatchObject({ uploaded: 0 });
  });

  it.skipIf(!present)('a listing in ranges side by side finds every object, those the build lacks included', async () => {
    const bucket = await newBucket();
    const keys = Array.from({ length: 240 }, (_, n) => `site/${['a', 'b b', '新闻', 'z'][n % 4]}/${String(n).padStart(3, '0')}.html`);
    for (let start = 0; start < keys.length; start += 40) {
      await Promise.all(keys.slice(start, start + 40).map((Key) => client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: Key }))));
    }
    const storage = new Bucket({ bucket, prefix: 'site/' }, { pathStyle: true, concurrency: 8 });
    try {
      // The build knows every third key: the others must be found all the same.
      const expected = keys.filter((_, n) => n % 3 === 0).map((key) => key.slice('site/'.length));
      const listed = await withStorageEnvironment(server, server.endpoint, {}, () => storage.list(expected, 10));
      expect([...listed.keys()].sort()).toEqual(keys.map((key) => key.slice('site/'.length)).sort());
      expect(listed.get('新闻/002.html')).toEqual({ etag: md5('site/新闻/002.html'), size: Buffer.byteLength('site/新闻/002.html') });
    } finally {
      storage.destroy();
    }
  });

  // s3rver ignores conditional writes; the lock's read-back covers it there.
  it.skipIf(!present || name !== 'moto_server')('a manifest another deploy wrote meanwhile is not overwritten', async () => {
    const bucket = await newBucket();
    await deploy(server, proxy.endpoint, siteCopy(), bucket);
    const storage = new Bucket({ bucket, prefix: 'site/' }, { pathStyle: true, concurrency: 1 });
    try {
      await withStorageEnvironment(server, server.endpoint, {}, async () => {
        const read = await storage.readManifest();
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: `site/${MANIFEST_KEY}`,
            Body: encodeManifest({ ...read.manifest!, deployedAt: new Date(0).toISOString() }),
          }),
        );
        await expect(storage.writeManifest(read.manifest!, read.etag)).rejects.toThrow(/another deploy wrote the deploy manifest/);
        await expect(storage.writeManifest(read.manifest!, undefined)).rejects.toThrow(/another deploy wrote the deploy manifest/);
      });
    } finally {
      storage.destroy();
    }
  });

  it.skipIf(!present)('killed mid-deploy, the next deploy converges to the build', async () => {
    const bucket = await newBucket();
    const outDir = siteCopy();
    await deploy(server, proxy.endpoint, outDir, bucket);
    const pages = listFiles(outDir).filter((key) => key.endsWith('.html'));
    for (const key of pages) appendFileSync(path.join(outDir, key), '<!-- rebuilt -->');
    const from = proxy.requests.length;
    const run = deployCommand(server, proxy.endpoint, outDir, `s3://${bucket}/site`);
    // Five pages go up, the sixth stalls on the network, and the deploy is killed.
    proxy.fault = (request) => {
      if (request.method !== 'PUT' || request.path.includes('/.xinwen-deploy/') || sitePuts(proxy, from).length <= 5) return 'pass';
      run.child.kill('SIGKILL');
      return 'hang';
    };
    const killed = await run.done;
    proxy.fault = () => 'pass';
    expect(killed.signal).toBe('SIGKILL');
    expect((await listBucket(client, bucket, 'site/.xinwen-deploy/unfinished.json')).size).toBe(1);
    const halfway = await siteObjects(client, bucket);
    const target = buildObjects(outDir);
    expect(Object.keys(target).filter((key) => halfway[key] !== target[key]).length).toBeGreaterThan(0);

    const rerun = await deployCommand(server, proxy.endpoint, outDir, `s3://${bucket}/site`).done;
    expect(rerun.output).toMatch(/^deploy: \d+ uploaded/m);
    expect(rerun.code).toBe(0);
    expect(await siteObjects(client, bucket)).toEqual(target);
    const manifest = await readManifest(client, bucket);
    expect(Object.fromEntries(Object.entries(manifest.files).map(([key, entry]) => [key, entry.md5]))).toEqual(target);
  });

  it.skipIf(!present)('killed before its last group, the next deploy sends again only what the record of its progress lacks', async () => {
    const bucket = await newBucket();
    const outDir = siteCopy();
    const from = proxy.requests.length;
    const run = deployCommand(server, proxy.endpoint, outDir, `s3://${bucket}/site`);
    // Every group but the home page's is up when the deploy is killed.
    proxy.fault = (request) => {
      if (request.method !== 'PUT' || !request.path.endsWith('/site/index.html')) return 'pass';
      run.child.kill('SIGKILL');
      return 'hang';
    };
    const killed = await run.done;
    proxy.fault = () => 'pass';
    expect(killed.signal).toBe('SIGKILL');
    const sentBefore = sitePuts(proxy, from).length;
    expect(sentBefore).toBeGreaterThan(listFiles(outDir).length / 2);
    expect((await listBucket(client, bucket, `site/${PROGRESS_KEY}`)).size).toBe(1);

    const again = proxy.requests.length;
    const rerun = await deployCommand(server, proxy.endpoint, outDir, `s3://${bucket}/site`).done;
    expect(rerun.code, rerun.output).toBe(0);
    // The home page, and at most the uploads in flight when the record was last written.
    expect(sitePuts(proxy, again).map((request) => request.path)).toEqual([`/${bucket}/site/index.html`]);
    expect(await siteObjects(client, bucket)).toEqual(buildObjects(outDir));
    expect((await listBucket(client, bucket, 'site/.xinwen-deploy/')).size).toBe(1);
  });

  it.skipIf(!present)(
    'stopped by SIGTERM, it finishes the uploads in flight, gives the lock back, and the next deploy finishes the job',
    async () => {
      const bucket = await newBucket();
      const outDir = siteCopy();
      const from = proxy.requests.length;
      const run = deployCommand(server, proxy.endpoint, outDir, `s3://${bucket}/site`);
      let signalled = false;
      proxy.fault = (request) => {
        if (!signalled && request.method === 'PUT' && request.path.endsWith('.html')) {
          signalled = true;
          run.child.kill('SIGTERM');
        }
        return 'pass';
      };
      const stopped = await run.done;
      proxy.fault = () => 'pass';
      expect(stopped.code, stopped.output).toBe(1);
      expect(stopped.output).toMatch(/SIGTERM: finishing the uploads in flight/);
      expect(stopped.output).toMatch(/stopped when asked, after \d+ uploads; the lock is given back/);
      expect(stopped.output).not.toMatch(/\n\s+at /);
      // Another runner may deploy at once: no lock waits to expire.
      expect((await listBucket(client, bucket, 'site/.xinwen-deploy/lock.json')).size).toBe(0);
      expect((await listBucket(client, bucket, 'site/.xinwen-deploy/unfinished.json')).size).toBe(1);
      const sent = sitePuts(proxy, from).length;
      expect(sent).toBeLessThan(listFiles(outDir).length);

      const again = proxy.requests.length;
      const rerun = await deployCommand(server, proxy.endpoint, outDir, `s3://${bucket}/site`).done;
      expect(rerun.code, rerun.output).toBe(0);
      expect(sitePuts(proxy, again).length).toBe(listFiles(outDir).length - sent);
      expect(await siteObjects(client, bucket)).toEqual(buildObjects(outDir));
    },
  );

  it.skipIf(!present)('an object the service refuses fails the deploy, naming it; the next deploy converges', async () => {
    const bucket = await newBucket();
    const outDir = siteCopy();
    proxy.fault = (request) => (request.method === 'PUT' && request.path.endsWith('/feeds.opml') ? 'deny' : 'pass');
    const failed = await deployCommand(server, proxy.endpoint, outDir, `s3://${bucket}/site`).done;
    proxy.fault = () => 'pass';
    expect(failed.code).toBe(1);
    expect(failed.output).toContain(`failed: upload s3://${bucket}/site/feeds.opml: AccessDenied (HTTP 403): Access Denied`);
    // Pages that reference the feeds were held back, and no manifest claims a whole site.
    const halfway = await siteObjects(client, bucket);
    expect(halfway['index.html']).toBeUndefined();
    expect((await listBucket(client, bucket, `site/${MANIFEST_KEY}`)).size).toBe(0);

    const rerun = await deployCommand(server, proxy.endpoint, outDir, `s3://${bucket}/site`).done;
    expect(rerun.code).toBe(0);
    expect(await siteObjects(client, bucket)).toEqual(buildObjects(outDir));
  });

  it.skipIf(!present)('a service without redirect headers is named with the setting that does without them', async () => {
    const bucket = await newBucket();
    const outDir = siteCopy();
    // As Cloudflare R2 answers a header it does not implement.
    proxy.fault = (request) => (request.headers['x-amz-website-redirect-location'] ? 'unimplemented' : 'pass');
    try {
      const failed = await deployCommand(server, proxy.endpoint, outDir, `s3://${bucket}/site`).done;
      expect(failed.code).toBe(1);
      expect(failed.output).toMatch(
        /upload s3:\/\/\S+\/site\/\S+\/index\.html: NotImplemented \(HTTP 501\).*set deployRedirectHeaders: false/,
      );
      const plain = await deployCommand(server, proxy.endpoint, outDir, `s3://${bucket}/site`, [], { XINWEN_DEPLOY_REDIRECT_HEADERS: '0' })
        .done;
      expect(plain.code).toBe(0);
    } finally {
      proxy.fault = () => 'pass';
    }
    expect(await siteObjects(client, bucket)).toEqual(buildObjects(outDir));
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'site/keji/index.html' }));
    expect(head.WebsiteRedirectLocation).toBeUndefined();
  });

  it.skipIf(!present)('a bucket that does not exist fails with the service’s answer and a non-zero exit', async () => {
    const outDir = siteCopy();
    const result = await deployCommand(server, proxy.endpoint, outDir, 's3://no-such-bucket-here/site').done;
    expect(result.code).toBe(1);
    expect(result.output).toMatch(
      /deploy to s3:\/\/no-such-bucket-here\/site\/ failed: \w+ s3:\/\/no-such-bucket-here\/site\/\S+: NoSuchBucket \(HTTP 404\)/,
    );
    expect(result.output).not.toMatch(/\n\s+at /);
  });
});

describe.skipIf(!motoServerPath())('deploys behind CloudFront (moto_server)', () => {
  let server: S3Server;
  let client: S3Client;
  let cloudFront: CloudFrontClient;
  let distribution: string;
  beforeAll(async () => {
    server = await startMoto();
    client = clientFor(server);
    await createBucket(server, 'site');
    cloudFront = new CloudFrontClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    });
    const created = await cloudFront.send(
      new CreateDistributionCommand({
        DistributionConfig: {
          CallerReference: 'xinwen-test',
          Comment: '',
          Enabled: true,
          Origins: {
            Quantity: 1,
            Items: [
              {
                Id: 'site',
                DomainName: 'site.s3-website-us-east-1.amazonaws.com',
                OriginPath: '/site',
                CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'http-only' },
              },
            ],
          },
          DefaultCacheBehavior: {
            TargetOriginId: 'site',
            ViewerProtocolPolicy: 'redirect-to-https',
            CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
          },
        },
      }),
    );
    distribution = created.Distribution!.Id!;
  });
  afterAll(async () => {
    client.destroy();
    cloudFront.destroy();
    await server.stop();
  });

  const invalidated = async (id: string) =>
    (await cloudFront.send(new GetInvalidationCommand({ DistributionId: distribution, Id: id }))).Invalidation?.InvalidationBatch?.Paths
      ?.Items;

  it('invalidates what a deploy changed or deleted, and nothing for a first deploy', async () => {
    const outDir = siteCopy();
    const options = {
      cloudFrontDistribution: distribution,
      environment: { AWS_ENDPOINT_URL_CLOUDFRONT: server.endpoint },
      limits: { graceMs: 0, maxDeleteShare: 0.2, minSizeShare: 0.5 },
    };
    const first = await deploy(server, server.endpoint, outDir, 'site', options);
    expect(first.invalidations).toEqual([]);

    appendFileSync(path.join(outDir, 'index.html'), '\n');
    appendFileSync(path.join(outDir, 'feed.xml'), '\n');
    rmSync(path.join(outDir, 'keji/index.html'));
    writeFileSync(path.join(outDir, 'new.html'), 'new');
    const second = await deploy(server, server.endpoint, outDir, 'site', options);
    // What changed as soon as it is up; what the listing found gone once it is deleted.
    expect(second.invalidations.map((invalidation) => invalidation.paths)).toEqual([
      ['/', '/feed.xml', '/index.html'],
      ['/keji/', '/keji/index.html'],
    ]);
    for (const invalidation of second.invalidations) expect(await invalidated(invalidation.id)).toEqual(invalidation.paths);

    for (const key of listFiles(outDir).filter((key) => key.endsWith('.html'))) appendFileSync(path.join(outDir, key), '\n');
    const third = await deploy(server, server.endpoint, outDir, 'site', options);
    expect(third.invalidations).toHaveLength(1);
    expect(await invalidated(third.invalidations[0]!.id)).toEqual(['/*']);
  });
});

describe('deploys with a wrong target or credentials', () => {
  let server: S3Server;
  beforeAll(async () => {
    server = await startS3rver();
    await createBucket(server, 'site');
  });
  afterAll(() => server.stop());

  it('a malformed target is named, and nothing is sent', async () => {
    const proxy = await startFaultyProxy(server);
    try {
      const result = await deployCommand(server, proxy.endpoint, siteCopy(), 's3://Site_Bucket/news').done;
      expect(result.code).toBe(2);
      expect(result.output).toMatch(
        /deployTarget: "s3:\/\/Site_Bucket\/news" \(from XINWEN_DEPLOY_TARGET\) has the bucket name "Site_Bucket"/,
      );
      const flag = await deployCommand(server, proxy.endpoint, siteCopy(), 's3://site/', ['--grace', '10']).done;
      expect(flag.code).toBe(2);
      expect(flag.output).toMatch(/--grace "10" must be 0 or a number with a unit/);
      expect(proxy.requests).toEqual([]);
    } finally {
      await proxy.stop();
    }
  });

  it('fail with the service’s answer, naming what was asked', async () => {
    const result = await deployCommand({ ...server, accessKeyId: 'NOT-A-KEY' }, server.endpoint, siteCopy(), 's3://site/').done;
    expect(result.code).toBe(1);
    expect(result.output).toMatch(
      /deploy to s3:\/\/site\/ failed: read s3:\/\/site\/\.xinwen-deploy\/lock\.json: InvalidAccessKeyId \(HTTP 403\)/,
    );
  });
});

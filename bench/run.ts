/**
 * `npm run bench [-- --posts 20000 --steps cold,noop,edit,add,check,search]`: builds the whole
 * site from a generated corpus and prints, per step, the posts, the pages written, wall and CPU
 * seconds with the search index's share, the index parts rebuilt, peak memory (the build's
 * process, and all processes together) and the output folder's size; for edit and add, the
 * deploy delta (files and bytes that differ from the previous output). It prints figures; it
 * passes or fails on nothing.
 *
 * Steps: cold (empty output and cache), noop (nothing changed), edit (one post's text),
 * add (100 new posts), check (`npm run check`), search (what a browser with an empty cache
 * downloads, and how long it waits, for a two-word Chinese query; needs Chromium, as the
 * browser tests do), deploy (not in the default steps; see below).
 *
 * deploy: `deploySite` (src/deploy/deploy.ts, what `npm run deploy` runs) publishes the output
 * folder to a bucket on an S3-compatible server the bench starts on 127.0.0.1 at its first
 * deploy step and stops at the end (tests/support/s3-server.ts): moto_server where the machine
 * has it, else s3rver (`--s3 s3rver|moto` chooses), each in a process of its own. The bucket starts empty; every deploy step deploys
 * the output as the steps before it left it, with 16 uploads in flight and `--grace` (default
 * 24h, as `npm run deploy`). A deploy step is named after the builds since the previous deploy:
 * `deploy-first` (empty bucket), `deploy-noop` (none), `deploy-add`, `deploy-edit`,
 * `deploy-cold`; `--steps cold,deploy,deploy,add,deploy` gives deploy-first, deploy-noop and
 * deploy-add. For each: seconds, the deploy's CPU seconds, requests, files and bytes uploaded,
 * unchanged, deleted and kept (left the build, inside the grace period), against the files that
 * differ from the output last deployed (what it should upload); and, measured alone after it,
 * the two reads every deploy makes in full: reading and hashing the output folder, and listing
 * the bucket (one request per 1,000 objects, one after another).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseDuration } from '../src/deploy/duration';
import { createBucket, motoServerPath } from '../tests/support/s3-server';
import { corpusPost, writeCorpus } from './corpus';
import { type LiveMeasure, measureLive } from './live';
import { measureHugo, singleIndexSite } from './yardsticks';

const STEPS = ['cold', 'noop', 'edit', 'add', 'check', 'search', 'deploy', 'live', 'single', 'hugo'] as const;
type Step = (typeof STEPS)[number];
const DEFAULT_STEPS: readonly Step[] = ['cold', 'noop', 'edit', 'add', 'check', 'search'];
const SERVERS = ['s3rver', 'moto'] as const;
type ServerKind = (typeof SERVERS)[number];

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '20000' },
    steps: { type: 'string', default: DEFAULT_STEPS.join(',') },
    work: { type: 'string', default: path.join(os.tmpdir(), 'xinwen-bench') },
    s3: { type: 'string' },
    grace: { type: 'string', default: '24h' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(`usage: npm run bench -- [--posts N] [--steps STEP,STEP,...] [--work DIR] [--s3 moto|s3rver (moto where present)] [--grace 24h]

Steps, in the order given (default ${DEFAULT_STEPS.join(',')}):
  cold    build with an empty output folder and cache
  noop    build again, nothing changed
  edit    change one post's text, build
  add     add 100 posts dated after all others, build
  check   npm run check
  search  a two-word query in Chromium with an empty cache
  deploy  deploy the output to an empty bucket on a local S3-compatible server (--s3; started
          at the first deploy), named by what ran since the last deploy: deploy-first,
          deploy-noop, deploy-add, deploy-edit, deploy-cold
  live    a new post through the shipped workflow's steps in a fresh clone of HEAD: npm ci,
          the checks beside the cache restore, build, deploy, cache save (tar + zstd, as
          actions/cache) (bench/live.ts)
  single  one Pagefind index of the same articles (pagefind --site) and its cold query
  hugo    Hugo (where installed) building the same posts, cold and unchanged
e.g. --steps cold,deploy,deploy,add,deploy: first deploy, unchanged deploy, deploy after add 100.
  --grace D  deploys keep files that left the build for D (0 deletes them at once)`);
  process.exit(0);
}

const count = Number(values.posts);
const steps = values.steps.split(',').map((step) => step.trim()) as Step[];
for (const step of steps) {
  if (!STEPS.includes(step)) throw new Error(`unknown step "${step}"; steps are ${STEPS.join(', ')}`);
}
// moto_server where the machine has it: s3rver's listing skips keys past a page boundary when
// one folder's name begins another's (`pagefind/` and `pagefind-2/`), so every deploy to it
// uploads thousands of files again.
const serverKind = (values.s3 ?? (motoServerPath() ? 'moto' : 's3rver')) as ServerKind;
if (!SERVERS.includes(serverKind)) throw new Error(`unknown --s3 "${values.s3}"; servers are ${SERVERS.join(', ')}`);
const graceMs = parseDuration(values.grace);
const root = path.resolve(import.meta.dirname, '..');
const work = path.resolve(values.work, String(count));
const postsDir = path.join(work, 'posts');
const outDir = path.join(work, 'dist');
const cacheDir = path.join(work, 'cache');
const timeBinary = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

interface Measure {
  step: string;
  posts: number;
  pages: number | undefined;
  rendered: number | undefined;
  wall: number;
  cpu: number | undefined;
  rssMb: number | undefined;
  /** The largest sum of the memory of the build and every process it started (its search indexers), sampled. */
  allMb?: number | undefined;
  /** Seconds of the search index step, from the build's own step timings. */
  searchSeconds?: number | undefined;
  /** `N of M` index parts rebuilt. */
  partsRebuilt?: string | undefined;
  outputMb?: number | undefined;
}

/** Each output file's size, time and digest: what a deploy compares. */
type Snapshot = Map<string, { size: number; mtime: number; digest: string }>;

/** The output folder now; digests of files whose size and time did not change are taken from `previous`. */
function snapshotOutput(previous: Snapshot = new Map()): Snapshot {
  const snapshot: Snapshot = new Map();
  if (!existsSync(outDir)) return snapshot;
  for (const entry of readdirSync(outDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const stats = statSync(file);
    const known = previous.get(file);
    const digest =
      known && known.size === stats.size && known.mtime === stats.mtimeMs
        ? known.digest
        : createHash('sha1').update(readFileSync(file)).digest('hex');
    snapshot.set(file, { size: stats.size, mtime: stats.mtimeMs, digest });
  }
  return snapshot;
}

/** Files and bytes a deploy of `after` uploads over `before`, the output's total, and where they are. */
function deployDelta(before: Snapshot, after: Snapshot): string {
  let files = 0;
  let bytes = 0;
  let total = 0;
  const byFolder = new Map<string, number>();
  for (const [file, { size, digest }] of after) {
    total += size;
    if (before.get(file)?.digest !== digest) {
      files += 1;
      bytes += size;
      const relative = path.relative(outDir, file).split(path.sep);
      const folder = relative.length > 1 ? `${relative[0]}/` : relative[0]!;
      byFolder.set(folder, (byFolder.get(folder) ?? 0) + size);
    }
  }
  const removed = [...before.keys()].filter((file) => !after.has(file)).length;
  const largest = [...byFolder]
    .sort((x, y) => y[1] - x[1])
    .slice(0, 6)
    .map(([folder, size]) => `${folder} ${(size / 2 ** 20).toFixed(1)} MB`)
    .join(', ');
  return (
    `${files} files (${(bytes / 2 ** 20).toFixed(1)} MB, ${((100 * bytes) / total).toFixed(2)}% of the output's ` +
    `${(total / 2 ** 20).toFixed(0)} MB in ${after.size} files) differ from the previous output; ${removed} removed; ` +
    `largest: ${largest}`
  );
}

/**
 * Samples the memory of every process this one starts (bench/tree-memory.mjs) until the
 * returned function is called, which gives the peak sum in MB; undefined off Linux.
 */
function sampleTreeMemory(): () => number | undefined {
  if (!existsSync('/proc/self/status')) return () => undefined;
  const file = path.join(os.tmpdir(), `xinwen-bench-memory-${process.pid}`);
  rmSync(file, { force: true });
  const sampler = spawn(process.execPath, [path.join(root, 'bench/tree-memory.mjs'), String(process.pid), file], { stdio: 'ignore' });
  return () => {
    sampler.kill('SIGTERM');
    // The sampler writes its peak as it exits; this thread may block, as spawnSync already does.
    const pause = new Int32Array(new SharedArrayBuffer(4));
    for (let waited = 0; !existsSync(file) && waited < 5000; waited += 20) Atomics.wait(pause, 0, 0, 20);
    const peak = existsSync(file) ? Number(readFileSync(file, 'utf8')) : undefined;
    rmSync(file, { force: true });
    return peak;
  };
}

/** Runs a command under /usr/bin/time (when there) for CPU time and peak memory. */
function measure(step: string, posts: number, command: string[], env: Record<string, string>): { measure: Measure; output: string } {
  const stopSampling = sampleTreeMemory();
  const started = performance.now();
  const args = timeBinary ? [timeBinary, '-f', 'XINWEN_TIME %U %S %M', ...command] : command;
  // Output goes to a file: Astro exits before a pipe has taken all of a 20,000-page log.
  mkdirSync(work, { recursive: true });
  const logFile = path.join(work, `${step.replace(/\W+/g, '-')}.log`);
  const log = openSync(logFile, 'w');
  const result = spawnSync(args[0]!, args.slice(1), {
    cwd: root,
    stdio: ['ignore', log, log],
    env: { ...process.env, NO_COLOR: '1', ASTRO_TELEMETRY_DISABLED: '1', ...env },
  });
  closeSync(log);
  const wall = (performance.now() - started) / 1000;
  const allMb = stopSampling();
  const output = readFileSync(logFile, 'utf8');
  if (result.status !== 0 && step !== 'check') {
    console.error(output.slice(-5000));
    throw new Error(`${step} failed with exit code ${result.status}`);
  }
  const time = /XINWEN_TIME ([\d.]+) ([\d.]+) (\d+)/.exec(output);
  // The build log's summary: `pages in all: 40,425 (57 rendered, 40,368 kept from the last build)`.
  const summary = /pages in all: ([\d,]+) \((all rendered|([\d,]+) rendered)/.exec(output);
  const built = /page\(s\) built/.test(output) && summary !== null;
  const number = (text: string | undefined) => Number((text ?? '').replace(/,/g, ''));
  const pageCount = summary ? number(summary[1]) : 0;
  const rendered = summary ? (summary[2] === 'all rendered' ? pageCount : number(summary[3])) : 0;
  const searchSeconds = /post-build steps: .*search-index ([\d.]+) s/.exec(output)?.[1];
  const parts = /search index: .*?(\d+ of \d+) parts rebuilt/.exec(output)?.[1];
  return {
    output,
    measure: {
      step,
      posts,
      pages: built ? pageCount : undefined,
      rendered: built ? rendered : undefined,
      wall,
      cpu: time ? Number(time[1]) + Number(time[2]) : undefined,
      rssMb: time ? Number(time[3]) / 1024 : undefined,
      allMb,
      searchSeconds: searchSeconds === undefined ? undefined : Number(searchSeconds),
      partsRebuilt: parts,
      outputMb: built ? folderBytes(outDir) / 2 ** 20 : undefined,
    },
  };
}

/**
 * The output's bytes by kind, per 1,000 posts: article pages, redirects, URL folders' pages,
 * listings and other pages, the site feed, category feeds, the search index, the sitemap, the
 * rest (styles, scripts, fonts, public files). Kinds come from the build's route record.
 */
async function outputByKind(postCount: number): Promise<string> {
  const { readRouteRecord } = await import('../src/lib/route-record');
  const record = readRouteRecord(cacheDir);
  const articles = new Set(record.articles.map((article) => article.file));
  const redirects = new Set(record.redirects);
  const folders = new Set(record.prefixListings);
  const bytes = new Map<string, number>();
  for (const entry of readdirSync(outDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const file = path.relative(outDir, full).split(path.sep).join('/');
    const kind = /^pagefind(-\d+|-delta)?\//.test(file)
      ? 'search index'
      : articles.has(file)
        ? 'articles'
        : redirects.has(file)
          ? 'redirects'
          : folders.has(file)
            ? 'URL folders'
            : file === 'feed.xml'
              ? 'site feed'
              : file.endsWith('/feed.xml')
                ? 'category feeds'
                : /^sitemap-.*\.xml$/.test(file)
                  ? 'sitemap'
                  : file.endsWith('.html')
                    ? 'listings and other pages'
                    : 'other files';
    bytes.set(kind, (bytes.get(kind) ?? 0) + statSync(full).size);
  }
  const total = [...bytes.values()].reduce((sum, size) => sum + size, 0);
  const per1000 = (size: number) => ((size / 2 ** 20) * 1000) / postCount;
  return (
    `output per 1,000 posts: ${per1000(total).toFixed(1)} MB — ` +
    [...bytes]
      .sort((a, b) => b[1] - a[1])
      .map(([kind, size]) => `${kind} ${per1000(size).toFixed(2)}`)
      .join(', ') +
    `; as a Pages artifact (tar, deflated at level 6 as upload-artifact does) ${per1000(pagesArtifactBytes()).toFixed(1)} MB`
  );
}

/**
 * The output's size as GitHub Pages stores and moves it: upload-pages-artifact tars the folder
 * and upload-artifact deflates the tar at level 6; gzip at level 6 compresses the same way.
 */
function pagesArtifactBytes(): number {
  const packed = spawnSync('sh', ['-c', 'tar --dereference -cf - -C "$1" . | gzip -6 | wc -c', 'sh', outDir], { encoding: 'utf8' });
  if (packed.status !== 0) throw new Error(`measuring the Pages artifact failed: ${packed.stderr}`);
  return Number(packed.stdout.trim());
}

function folderBytes(dir: string): number {
  let bytes = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) bytes += statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return bytes;
}

const node = process.execPath;
const astro = path.join(root, 'node_modules/astro/bin/astro.mjs');
const buildEnv = { POSTS_DIR: postsDir, XINWEN_OUT_DIR: outDir, XINWEN_CACHE_DIR: cacheDir, INVALID_POSTS: 'skip' };
function build(step: string, posts: number): { measure: Measure; output: string } {
  const built = measure(step, posts, [node, astro, 'build'], buildEnv);
  const indexed = /search index: .*/.exec(built.output);
  if (indexed) console.log(`${step}: ${indexed[0]}`);
  return built;
}

/** The 1- and 5-minute load averages: other work on the machine skews every figure. */
function loadAverage(): string {
  return os
    .loadavg()
    .slice(0, 2)
    .map((load) => load.toFixed(2))
    .join(', ');
}

const results: Measure[] = [];
// Without a cold step the corpus is reused as earlier steps left it (with any posts added).
let posts = !steps.includes('cold') && existsSync(postsDir) ? readdirSync(postsDir).length : count;

console.log(`xinwen bench: ${count} posts, steps ${steps.join(', ')}, in ${work}`);
console.log(
  `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ` +
    `load average ${loadAverage()}`,
);

if (!existsSync(postsDir) || steps.includes('cold')) {
  const started = performance.now();
  writeCorpus(postsDir, { count });
  console.log(`generated ${count} posts in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** A deploy step's figures (the `deploy` step; see the module comment). */
interface DeployMeasure {
  step: string;
  posts: number;
  server: string;
  outputFiles: number;
  outputMb: number;
  seconds: number;
  /** The bench process's CPU seconds during the deploy: the deploy's own, the server runs apart. */
  cpu: number;
  requests: number;
  uploaded: number;
  mbUploaded: number;
  unchanged: number;
  deleted: number;
  kept: number;
  /** Files that differ from the output last deployed (all, the first time): what should go up. */
  changed: number;
  /** Uploaded though unchanged since the last deploy, and changed but not uploaded. */
  uploadedUnchanged: number;
  changedNotUploaded: number;
  /** Measured alone after the deploy: reading and hashing the output folder, listing the bucket. */
  readSeconds: number;
  listSeconds: number;
  listRequests: number;
}

/** The `live` steps' figures (bench/live.ts). */
const lives: LiveMeasure[] = [];

/** Deploys `dir` to the bench's bucket as `npm run deploy` does (the `live` step's deploy job). */
async function deployFolder(dir: string): Promise<{ seconds: number; liveSeconds: number; uploaded: number }> {
  const { deploySite } = await import('../src/deploy/deploy');
  const firstDeploy = storage === undefined;
  const { bucket } = await ensureStorage();
  const options = {
    target: { bucket, prefix: '' },
    storage: { pathStyle: true, concurrency: 16 },
    limits: { graceMs, maxDeleteShare: 0.2, minSizeShare: 0.5 },
  };
  if (firstDeploy) {
    // An empty bucket: the site as it was before the post, first, as the last run left it.
    const seeded = await deploySite({ outDir, ...options });
    console.log(`live: the bucket seeded with the output before the new post (${seeded.uploaded} files, ${seeded.seconds.toFixed(1)} s)`);
  }
  const result = await deploySite({ outDir: dir, ...options });
  return { seconds: result.seconds, liveSeconds: result.liveSeconds ?? result.seconds, uploaded: result.uploaded };
}

// Build steps since the last deploy step, which name the next one.
const builtSinceDeploy: string[] = [];
const deploys: DeployMeasure[] = [];
/** `aws s3 sync` beside each deploy step. */
const syncs: { step: string; seconds: number; uploaded: number; deleted: number }[] = [];

let storage: { server: { name: string; endpoint: string; stop(): Promise<void> }; bucket: string; deployed: Snapshot } | undefined;

/** The bench's S3-compatible server and bucket, started at the first step that deploys. */
async function ensureStorage(): Promise<NonNullable<typeof storage>> {
  const support = await import('../tests/support/s3-server');
  if (!storage) {
    // Both run in processes of their own: the server's work is not done on the deploy's thread.
    const server = await (serverKind === 'moto' ? support.startMoto() : support.startS3rver());
    storage = { server, bucket: 'xinwen-bench', deployed: new Map() };
    try {
      await support.createBucket(server, storage.bucket);
    } catch (error) {
      await server.stop();
      storage = undefined;
      throw error;
    }
    // The deploy reads its endpoint and credentials as `npm run deploy` does: the SDK's own way.
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_S3: server.endpoint,
      AWS_ACCESS_KEY_ID: server.accessKeyId,
      AWS_SECRET_ACCESS_KEY: server.secretAccessKey,
      AWS_REGION: 'us-east-1',
    });
    console.log(`deploys go to s3://${storage.bucket}/ on ${server.name} at ${server.endpoint}`);
  }
  return storage;
}

/** One deploy of the output folder as it is now, measured; see the module comment. */
async function measureDeploy(): Promise<void> {
  const { deploySite } = await import('../src/deploy/deploy');
  const { readOutputFolder } = await import('../src/deploy/files');
  const { Bucket } = await import('../src/deploy/storage');
  const first = storage === undefined;
  await ensureStorage();
  if (!storage) throw new Error('no storage');
  const label = first ? 'deploy-first' : builtSinceDeploy.length === 0 ? 'deploy-noop' : `deploy-${builtSinceDeploy.join('+')}`;
  builtSinceDeploy.length = 0;

  // What should go up: the files that differ from the output last deployed.
  const now = snapshotOutput(storage.deployed);
  const key = (file: string) => path.relative(outDir, file).split(path.sep).join('/');
  const changed = new Set(
    [...now].filter(([file, { digest }]) => storage!.deployed.get(file)?.digest !== digest).map(([file]) => key(file)),
  );
  let outputBytes = 0;
  for (const { size } of now.values()) outputBytes += size;

  const target = { bucket: storage.bucket, prefix: '' };
  const options = { pathStyle: true, concurrency: 16 };
  const cpuBefore = process.cpuUsage();
  const result = await deploySite({
    outDir,
    target,
    storage: options,
    limits: { graceMs, maxDeleteShare: 0.2, minSizeShare: 0.5 },
  });
  const cpu = process.cpuUsage(cpuBefore);
  storage.deployed = now;

  const uploadedKeys = new Set(result.plan.uploads.map((upload) => upload.file.key));
  const uploadedUnchanged = result.plan.uploads.filter((upload) => !changed.has(upload.file.key));
  const changedNotUploaded = [...changed].filter((file) => !uploadedKeys.has(file));

  // The two reads every deploy makes in full, alone: the output folder (read and MD5), the listing.
  let started = performance.now();
  readOutputFolder(outDir);
  const readSeconds = (performance.now() - started) / 1000;
  const bucket = new Bucket(target, options);
  started = performance.now();
  try {
    await bucket.list();
  } finally {
    bucket.destroy();
  }
  const listSeconds = (performance.now() - started) / 1000;

  const measured: DeployMeasure = {
    step: label,
    posts,
    server: storage.server.name,
    outputFiles: now.size,
    outputMb: outputBytes / 2 ** 20,
    seconds: result.seconds,
    cpu: (cpu.user + cpu.system) / 1e6,
    requests: result.requests,
    uploaded: result.uploaded,
    mbUploaded: result.bytesUploaded / 2 ** 20,
    unchanged: result.plan.unchanged,
    deleted: result.deleted,
    kept: result.plan.kept.length,
    changed: changed.size,
    uploadedUnchanged: uploadedUnchanged.length,
    changedNotUploaded: changedNotUploaded.length,
    readSeconds,
    listSeconds,
    listRequests: bucket.requests,
  };
  deploys.push(measured);
  const number = (value: number) => value.toLocaleString('en-US');
  console.log(
    `${label}: ${number(result.uploaded)} uploaded (${measured.mbUploaded.toFixed(1)} MB), ${number(result.plan.unchanged)} unchanged, ` +
      `${number(result.deleted)} deleted, ${number(measured.kept)} kept; ${result.seconds.toFixed(1)} s ` +
      `(changed files up after ${(result.liveSeconds ?? result.seconds).toFixed(1)} s), ` +
      `${number(result.requests)} requests, CPU ${measured.cpu.toFixed(1)} s; ` +
      `${number(changed.size)} files differ from the output last deployed (${number(now.size)} files, ${measured.outputMb.toFixed(0)} MB)`,
  );
  if (uploadedUnchanged.length > 0 || changedNotUploaded.length > 0) {
    // A deploy that sends more than changed: the listing or the manifest disagreed with the bucket
    // ("new": the listing lacked the object; s3rver's misses keys when one folder's name is a
    // prefix of another's, e.g. pagefind-2/ after pagefind/, as it lists folder by folder).
    const tally = (names: string[]) => {
      const counts = new Map<string, number>();
      for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
      return [...counts].map(([name, n]) => `${number(n)} ${name}`).join(', ');
    };
    const folder = (file: string) => (file.includes('/') ? `${file.slice(0, file.indexOf('/'))}/` : file);
    console.log(
      `  uploaded though unchanged since the last deploy: ${number(uploadedUnchanged.length)}` +
        (uploadedUnchanged.length > 0
          ? ` (${tally(uploadedUnchanged.map((upload) => upload.reason))}; in ${tally(uploadedUnchanged.map((upload) => folder(upload.file.key)))})`
          : '') +
        `; changed but not uploaded: ${number(changedNotUploaded.length)}` +
        (changedNotUploaded.length > 0 ? ` (e.g. ${changedNotUploaded.slice(0, 3).join(', ')})` : ''),
    );
  }
  for (const warning of result.warnings) console.log(`  warning: ${warning}`);
  console.log(
    `  measured alone after it: reading and hashing the output folder ${readSeconds.toFixed(1)} s, ` +
      `listing the bucket ${listSeconds.toFixed(1)} s (${bucket.requests} requests); load average ${loadAverage()}`,
  );
  await measureSync(label, storage.server, first);
}

/**
 * The tool a site owner would pick instead, in the same run: `aws s3 sync` of the same output to
 * a bucket of its own on the same server, where the AWS CLI is installed. It compares sizes and
 * modification times, so a build that rewrites a file with the same bytes sends it again.
 */
async function measureSync(label: string, server: { endpoint: string }, first: boolean): Promise<void> {
  const aws = spawnSync('sh', ['-c', 'command -v aws'], { encoding: 'utf8' }).stdout.trim();
  if (aws === '') {
    if (first) console.log('  aws s3 sync: not measured, the AWS CLI is not installed');
    return;
  }
  const bucket = 'xinwen-bench-sync';
  if (first) {
    await createBucket(
      { endpoint: server.endpoint, accessKeyId: process.env.AWS_ACCESS_KEY_ID!, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY! },
      bucket,
    );
  }
  const started = performance.now();
  const sync = spawnSync(aws, ['s3', 'sync', outDir, `s3://${bucket}/`, '--endpoint-url', server.endpoint, '--no-progress', '--delete'], {
    encoding: 'utf8',
    maxBuffer: 256 * 2 ** 20,
  });
  const seconds = (performance.now() - started) / 1000;
  if (sync.status !== 0) {
    console.log(`  aws s3 sync failed (${sync.status}): ${sync.stderr.trim().split('\n').slice(-2).join(' ')}`);
    return;
  }
  const uploads = sync.stdout.split('\n').filter((line) => line.startsWith('upload:')).length;
  const deletes = sync.stdout.split('\n').filter((line) => line.startsWith('delete:')).length;
  syncs.push({ step: label, seconds, uploaded: uploads, deleted: deletes });
  console.log(
    `  aws s3 sync of the same output, same server: ${uploads.toLocaleString('en-US')} uploaded, ${deletes} deleted; ${seconds.toFixed(1)} s`,
  );
}

try {
  for (const step of steps) {
    if (step === 'cold' || step === 'noop' || step === 'edit' || step === 'add') builtSinceDeploy.push(step);
    if (step === 'cold') {
      rmSync(outDir, { recursive: true, force: true });
      rmSync(cacheDir, { recursive: true, force: true });
      // The live step's saved cache entry continues the build it was made from, not this one.
      rmSync(path.join(work, 'live'), { recursive: true, force: true });
      results.push(build('cold build', posts).measure);
      console.log(`cold build, ${await outputByKind(posts)}`);
    } else if (step === 'noop') {
      results.push(build('no-op rebuild', posts).measure);
    } else if (step === 'edit') {
      const { name } = corpusPost(Math.floor(count / 2));
      const file = path.join(postsDir, name);
      writeFileSync(file, readFileSync(file, 'utf8').replace(/\n---\n/, `\n---\n<p>编辑于 ${new Date().toISOString()}。</p>\n`));
      const before = snapshotOutput();
      results.push(build('edit one post', posts).measure);
      console.log(`edit one post, deploy delta: ${deployDelta(before, snapshotOutput(before))}`);
    } else if (step === 'add') {
      // A scraper's new posts: dated after everything already there.
      const added = writeCorpus(postsDir, { count: 100, first: posts, append: true, fresh: true });
      posts += 100;
      const before = snapshotOutput();
      results.push(build('add 100 posts', posts).measure);
      console.log(`add 100 posts, deploy delta: ${deployDelta(before, snapshotOutput(before))}`);
      console.log(`add 100 posts, ${await outputByKind(posts)}`);
      const home = readFileSync(path.join(outDir, 'index.html'), 'utf8');
      const feed = readFileSync(path.join(outDir, 'feed.xml'), 'utf8');
      let onCategoryPage = 0;
      let inCategoryFeed = 0;
      for (const name of added) {
        const text = readFileSync(path.join(postsDir, name), 'utf8');
        const category = /^categories: (\S+)/m.exec(text)![1]!;
        const id = name.replace(/^\d{4}-\d\d-\d\d-/, '').replace(/\.md$/, '');
        if (readFileSync(path.join(outDir, 'category', `${category}.html`), 'utf8').includes(id)) onCategoryPage += 1;
        if (readFileSync(path.join(outDir, 'category', category, 'feed.xml'), 'utf8').includes(id)) inCategoryFeed += 1;
      }
      const ids = added.map((name) => name.replace(/^\d{4}-\d\d-\d\d-/, '').replace(/\.md$/, ''));
      console.log(
        `add 100: new posts on the home page ${ids.filter((id) => home.includes(id)).length} (it shows the newest 30), ` +
          `in the site feed ${ids.filter((id) => feed.includes(id)).length} (newest 50), ` +
          `on their category's first page ${onCategoryPage}, in their category feed ${inCategoryFeed}`,
      );
    } else if (step === 'search') {
      await measureSearch(outDir, 'xinwen');
    } else if (step === 'check') {
      results.push(
        // As package.json's `check` runs it.
        measure('npm run check', posts, [node, '--import', './src/loaders/ts-resolve.mjs', 'scripts/check-posts.ts', postsDir], {}).measure,
      );
    } else if (step === 'deploy') {
      await measureDeploy();
    } else if (step === 'live') {
      lives.push(await measureLive({ root, work, postsDir, outDir, cacheDir, posts, deploy: deployFolder }));
      posts += 1;
    } else if (step === 'single' || step === 'hugo') {
      // A yardstick that fails (a tool missing or changed) is reported; xinwen's figures stand.
      try {
        if (step === 'hugo') measureHugo(postsDir, work);
        else await measureSearch(singleIndexSite(root, outDir, work, 'zh-CN').dir, 'single Pagefind index');
      } catch (error) {
        console.log(`${step}: not measured: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
} finally {
  await storage?.server.stop();
}

/**
 * What a reader with an empty browser cache waits for: the search page opened with a two-word
 * query, until the results are shown. Bytes as served (uncompressed) and as gzip would send
 * them; Pagefind's index files are compressed already.
 */
async function measureSearch(siteDir: string, label: string): Promise<void> {
  // Two words every article of the corpus uses (the longest word lists there can be), and a
  // phrase no article has, which a sharded index looks for as far as a search widens by itself
  // (the most bundles a query opens before the reader asks for more).
  const queries = [
    { query: '经济发展', what: 'two words' },
    { query: '没有任何文章包含的词语', what: 'a phrase no article has' },
  ];
  // By kind of file: the runtime (module, worker, WebAssembly), metadata, word lists, pages' text.
  const kinds: [string, RegExp][] = [
    ['runtime (pagefind.js, worker, wasm)', /\/(pagefind(-worker)?\.js|wasm\.[^/]*)$/],
    ['metadata (pf_meta, entry)', /\.pf_meta$|pagefind-entry\.json$/],
    ['word lists (pf_index)', /\.pf_index$/],
    ['filters (pf_filter)', /\.pf_filter$/],
    ["articles' text (pf_fragment)", /\.pf_fragment$/],
  ];
  const onDisk = readdirSync(siteDir).filter((name) => /^pagefind(-\d+|-delta)?$/.test(name));
  // The shared WebAssembly's folder is part of the index on disk, not a bundle.
  const indexFolders = readdirSync(siteDir).filter((name) => /^pagefind(-\d+|-delta|-runtime)?$/.test(name));
  const { launchBrowser } = await import('../tests/support/browser');
  const { serveStatic } = await import('../tests/support/static-server');
  const server = await serveStatic(siteDir);
  /** What the server sent since the log was emptied, with each file's gzipped size. */
  const sentFiles = () =>
    server.served.map(({ path: url, bytes }) => ({
      url,
      bytes,
      gzip: gzipSync(readFileSync(path.join(siteDir, decodeURIComponent(url)))).length,
    }));
  const browser = await launchBrowser();
  try {
    for (const { query, what } of queries) {
      // A context of its own: an empty cache for each query.
      const context = await browser.newContext();
      const page = await context.newPage();
      // What the server sent, file by file: a file the browser took from its cache is not counted,
      // one it fetched twice is counted twice.
      server.served.length = 0;
      const started = performance.now();
      await page.goto(`${server.origin}/search.html?q=${encodeURIComponent(query)}`);
      await page.waitForFunction(() => (document.getElementById('search-status')?.textContent ?? '') !== '', undefined, {
        timeout: 60_000,
      });
      const seconds = (performance.now() - started) / 1000;
      await page.waitForLoadState('networkidle');
      const status = await page.locator('#search-status').textContent();
      const sizes = sentFiles().map(({ url, bytes, gzip }) => [url, { bytes, gzip }] as const);
      const sum = (filter: (url: string) => boolean) => {
        const entries = sizes.filter(([url]) => filter(url));
        const kb = (key: 'bytes' | 'gzip') => (entries.reduce((total, [, size]) => total + size[key], 0) / 1024).toFixed(0);
        return `${kb('bytes')} KB (${kb('gzip')} KB gzipped) in ${entries.length} files`;
      };
      const bundles = new Set(sizes.map(([url]) => url).flatMap((url) => /^\/(pagefind(?:-\d+|-delta)?)\//.exec(url)?.[1] ?? []));
      console.log(`search "${query}" (${what}), ${label}, empty cache: results shown in ${seconds.toFixed(2)} s; ${status}`);
      console.log(`  downloaded ${sum(() => true)}, from ${bundles.size} of the ${onDisk.length} index folders`);
      for (const [kind, pattern] of kinds) console.log(`  ${kind}: ${sum((url) => pattern.test(url))}`);
      // The reader who then asks for the older articles: what that one click costs.
      const older = page.locator('#search-older button');
      if (what === 'a phrase no article has' && (await older.isVisible())) {
        const label = await older.textContent();
        server.served.length = 0;
        const clicked = performance.now();
        await older.click();
        await page.waitForFunction(() => document.getElementById('search-older')?.hidden === true, undefined, { timeout: 300_000 });
        await page.waitForFunction(() => !document.getElementById('search-results')?.hasAttribute('aria-busy'), undefined, {
          timeout: 300_000,
        });
        const clickSeconds = (performance.now() - clicked) / 1000;
        await page.waitForLoadState('networkidle');
        const sent = sentFiles();
        const kb = (key: 'bytes' | 'gzip') => (sent.reduce((total, size) => total + size[key], 0) / 1024).toFixed(0);
        console.log(
          `  then "${label}": answered in ${clickSeconds.toFixed(2)} s, downloaded ${kb('bytes')} KB (${kb('gzip')} KB gzipped) in ${sent.length} files`,
        );
      }
      await context.close();
    }
    const indexBytes = indexFolders.reduce((total, folder) => total + folderBytes(path.join(siteDir, folder)), 0);
    console.log(`search index on disk: ${(indexBytes / 2 ** 20).toFixed(1)} MB in ${indexFolders.length} folders`);
  } finally {
    await browser.close();
    await server.close();
  }
}

const format = (value: number | undefined, digits = 1) => (value === undefined ? 'n/a' : value.toFixed(digits));
const rows = [
  [
    'step',
    'posts',
    'pages',
    'rendered',
    'wall s',
    'search s (share)',
    'index parts rebuilt',
    'CPU s',
    'peak RSS MB',
    'all processes MB',
    'output MB',
  ],
  ...results.map((result) => [
    result.step,
    String(result.posts),
    result.pages === undefined ? '–' : String(result.pages),
    result.rendered === undefined ? '–' : String(result.rendered),
    format(result.wall),
    result.searchSeconds === undefined
      ? '–'
      : `${format(result.searchSeconds)} (${((100 * result.searchSeconds) / result.wall).toFixed(0)}%)`,
    result.partsRebuilt ?? '–',
    format(result.cpu),
    format(result.rssMb, 0),
    format(result.allMb, 0),
    format(result.outputMb, 0),
  ]),
];
function printTable(table: string[][]): void {
  const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
  for (const [index, row] of table.entries()) {
    console.log(`| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`);
    if (index === 0) console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  }
}
console.log(`\nload average at the end: ${loadAverage()}`);
if (results.length > 0) {
  console.log('');
  printTable(rows);
}
if (deploys.length > 0) {
  const deployRows = [
    [
      'step',
      'posts',
      'output files',
      'output MB',
      'seconds',
      'CPU s',
      'requests',
      'uploaded',
      'MB uploaded',
      'unchanged',
      'deleted',
      'kept',
      'changed since last deploy',
      'read s',
      'list s',
    ],
    ...deploys.map((deploy) => [
      deploy.step,
      String(deploy.posts),
      String(deploy.outputFiles),
      format(deploy.outputMb, 0),
      format(deploy.seconds),
      format(deploy.cpu),
      String(deploy.requests),
      String(deploy.uploaded),
      format(deploy.mbUploaded),
      String(deploy.unchanged),
      String(deploy.deleted),
      String(deploy.kept),
      String(deploy.changed),
      format(deploy.readSeconds),
      format(deploy.listSeconds),
    ]),
  ];
  console.log('');
  console.log(
    `deploys to ${deploys[0]!.server} on 127.0.0.1 (read s, list s: the output folder's reading and the bucket's listing, measured alone):`,
  );
  printTable(deployRows);
  if (syncs.length > 0) {
    console.log('');
    console.log('aws s3 sync of the same output after each deploy step, to its own bucket on the same server:');
    printTable([
      ['step', 'seconds', 'uploaded', 'deleted'],
      ...syncs.map((sync) => [sync.step, format(sync.seconds), String(sync.uploaded), String(sync.deleted)]),
    ]);
  }
}
mkdirSync(work, { recursive: true });
writeFileSync(path.join(work, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
if (deploys.length > 0) writeFileSync(path.join(work, 'deploys.json'), `${JSON.stringify(deploys, null, 2)}\n`);

/**
 * The `live` step of `npm run bench`: what a scraper's post waits for in the shipped workflow
 * (`.github/workflows/deploy.yml`), step by step, on this machine. The build job checks the
 * project out afresh, runs `npm ci`, starts the workflow's checks (its steps between the install
 * and the restore: type check, lint, unit tests, in the background), restores the build cache
 * (`node_modules/.astro` but Astro's copies of the pages, and `dist`, a tar archive compressed
 * with `zstd -T0 --long=30`, as `actions/cache` stores it on Linux), waits for the checks (its
 * steps between the restore and the build), builds with one new post, deploys to the storage,
 * and saves the cache. The clone is of the project's committed HEAD, in a folder of its own: the cache it
 * restores was made in another folder, as on a runner.
 *
 * Not measured: the runners' queue and start-up, `actions/checkout` (a shallow fetch), and the
 * cache service's upload and download, which depend on GitHub's network.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { memoryMountsBelow } from '../tests/support/mounts';
import { writeCorpus } from './corpus';

export interface LiveContext {
  /** The project folder, whose HEAD is cloned. */
  root: string;
  /** The bench's folder for this corpus size. */
  work: string;
  postsDir: string;
  /** The bench's output and cache folders: the first live step's cache is made of them. */
  outDir: string;
  cacheDir: string;
  /** Posts in the folder now: the new post is numbered after them. */
  posts: number;
  /**
   * Deploys `outDir` to the bench's bucket: seconds in all, seconds until the changed files were
   * up, files uploaded.
   */
  deploy(outDir: string): Promise<{ seconds: number; liveSeconds: number; uploaded: number }>;
}

export interface LiveMeasure {
  posts: number;
  npmCiSeconds: number;
  /**
   * What the workflow's checks (the type check, lint and unit tests) cost the post: starting them
   * before the restore, and waiting for them after it.
   */
  checkSeconds: number;
  /** How long the checks ran, beside the restore. */
  checksRanSeconds: number;
  restoreSeconds: number;
  /** Whether the workflow kept the restored folders in memory (its tmpfs step), or on disk. */
  inMemory: boolean;
  /** The cache entry as `actions/cache` would store it. */
  archiveMb: number;
  /** What the entry holds, uncompressed. */
  cacheMb: number;
  buildSeconds: number;
  rendered: string;
  saveSeconds: number;
  deploySeconds: number;
  /** Of the deploy: until every file the build changed was up, before the listing proves the rest. */
  deployLiveSeconds: number;
  uploaded: number;
  /**
   * The build job's steps until the post is live: npm ci, starting the checks, the restore,
   * waiting for the checks, the build, and the deploy until the changed files are up.
   */
  totalSeconds: number;
}

function run(command: string, cwd: string, env: Record<string, string> = {}): { seconds: number; output: string } {
  const started = performance.now();
  const result = spawnSync('sh', ['-c', command], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 512 * 2 ** 20,
    env: { ...process.env, CI: 'true', NO_COLOR: '1', ASTRO_TELEMETRY_DISABLED: '1', ...env },
  });
  const seconds = (performance.now() - started) / 1000;
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0) throw new Error(`live: "${command}" failed (${result.status}):\n${output.slice(-4000)}`);
  return { seconds, output };
}

/**
 * `tar | zstd` of `folders` below `dir` into `archive`, as actions/cache saves, without
 * `leftOut` (the workflow's `!` paths: Astro's copies of the pages).
 */
function save(dir: string, folders: string, leftOut: string, archive: string, transform = ''): number {
  rmSync(archive, { force: true });
  const exclude = `--anchored --exclude=${JSON.stringify(leftOut)}`;
  return run(`tar ${exclude} ${transform} -cf - ${folders} | zstd -T0 --long=30 -q -o ${JSON.stringify(archive)}`, dir).seconds;
}

const mb = (bytes: number) => bytes / 2 ** 20;

/** Gives back the memory of the folders the workflow mounted below `dir`, as the runner's end does. */
function unmountBelow(dir: string): void {
  for (const point of memoryMountsBelow(dir)) run(`umount ${JSON.stringify(point)}`, '/');
}

function folderMb(dir: string): number {
  return mb(Number(run(`du -sb ${JSON.stringify(dir)} | cut -f1`, '/').output.trim()));
}

interface CommandStep {
  run: string;
  env?: Record<string, string>;
}

/**
 * The commands of the workflow's checks, with their variables: the build job's steps between its
 * install and its restore start them, those between the restore and the build wait for them.
 */
function checkSteps(root: string): { start: CommandStep[]; wait: CommandStep[] } {
  const workflow = YAML.parse(readFileSync(path.join(root, '.github/workflows/deploy.yml'), 'utf8')) as {
    jobs: { build: { steps: { run?: string; uses?: string; env?: Record<string, string> }[] } };
  };
  const steps = workflow.jobs.build.steps;
  const install = steps.findIndex((step) => step.run === 'npm ci');
  const restore = steps.findIndex((step) => step.uses?.startsWith('actions/cache/restore@'));
  const build = steps.findIndex((step) => step.run === 'npm run build');
  if (install < 0 || restore < install || build < restore)
    throw new Error('live: the build job has no install, restore and build in order');
  const commands = (from: number, to: number): CommandStep[] =>
    steps.slice(from, to).flatMap((step) => (step.run === undefined ? [] : [{ run: step.run, ...(step.env ? { env: step.env } : {}) }]));
  return { start: commands(install + 1, restore), wait: commands(restore + 1, build) };
}

export async function measureLive(context: LiveContext): Promise<LiveMeasure> {
  const liveDir = path.join(context.work, 'live');
  const archive = path.join(liveDir, 'build-cache.tar.zst');
  mkdirSync(liveDir, { recursive: true });
  if (!existsSync(archive)) {
    // The first entry: the bench's own build, under the workflow's folder names.
    save(
      context.work,
      `${path.basename(context.cacheDir)} ${path.basename(context.outDir)}`,
      `${path.basename(context.cacheDir)}/dist`,
      archive,
      `--transform ${JSON.stringify(`s,^${path.basename(context.cacheDir)},node_modules/.astro,`)} --transform ${JSON.stringify(`s,^${path.basename(context.outDir)},dist,`)}`,
    );
  }

  const checkout = path.join(liveDir, 'xinwen');
  unmountBelow(checkout);
  rmSync(checkout, { recursive: true, force: true });
  run(`git clone -q ${JSON.stringify(context.root)} ${JSON.stringify(checkout)}`, liveDir);
  const npmCi = run('npm ci --no-audit --no-fund', checkout).seconds;
  // The workflow's own check steps, `${{ runner.temp }}` as `$RUNNER_TEMP`.
  const runnerTemp = path.join(liveDir, 'runner-temp');
  rmSync(runnerTemp, { recursive: true, force: true });
  mkdirSync(runnerTemp);
  const runSteps = (commands: CommandStep[]): number =>
    commands.reduce((seconds, step) => {
      const env = Object.fromEntries(
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a template
        Object.entries(step.env ?? {}).map(([name, value]) => [name, value.replaceAll('${{ runner.temp }}', runnerTemp)]),
      );
      return seconds + run(step.run, checkout, { RUNNER_TEMP: runnerTemp, ...env }).seconds;
    }, 0);
  const { start, wait } = checkSteps(context.root);
  const checksStarted = Date.now();
  const startSeconds = runSteps(start);
  const restore = run(`zstd -d --long=30 -q -c ${JSON.stringify(archive)} | tar -xf -`, checkout).seconds;
  const inMemory = memoryMountsBelow(checkout).includes(path.join(checkout, 'dist'));
  const checks = startSeconds + runSteps(wait);
  // The checks' last act is to write their exit status.
  const statusFile = path.join(runnerTemp, 'checks.status');
  const checksRan = existsSync(statusFile) ? (statSync(statusFile).mtimeMs - checksStarted) / 1000 : Number.NaN;
  const archiveMb = mb(statSync(archive).size);

  // The scraper's commit: one post dated after all others.
  const [added] = writeCorpus(context.postsDir, { count: 1, first: context.posts, append: true, fresh: true });
  const built = run(`${JSON.stringify(process.execPath)} node_modules/astro/bin/astro.mjs build`, checkout, {
    POSTS_DIR: context.postsDir,
    INVALID_POSTS: 'skip',
  });
  const id = added!.replace(/^\d{4}-\d\d-\d\d-/, '').replace(/\.md$/, '');
  const page = run(`find dist -name ${JSON.stringify(`${id}.html`)} | head -1`, checkout).output.trim();
  if (page === '') throw new Error(`live: the new post ${added} has no page in the build`);
  const rendered = /pages in all: ([\d,]+) \(([^)]*)\)/.exec(built.output)?.[0] ?? 'pages: see the build log';
  const deployed = await context.deploy(path.join(checkout, 'dist'));

  const astroCopies = path.join(checkout, 'node_modules/.astro/dist');
  const cacheMb =
    folderMb(path.join(checkout, 'node_modules/.astro')) -
    (existsSync(astroCopies) ? folderMb(astroCopies) : 0) +
    folderMb(path.join(checkout, 'dist'));
  const saved = save(checkout, 'node_modules/.astro dist', 'node_modules/.astro/dist', `${archive}.next`);
  run(`mv ${JSON.stringify(`${archive}.next`)} ${JSON.stringify(archive)}`, liveDir);
  unmountBelow(checkout);

  const measure: LiveMeasure = {
    posts: context.posts + 1,
    npmCiSeconds: npmCi,
    checkSeconds: checks,
    checksRanSeconds: checksRan,
    restoreSeconds: restore,
    inMemory,
    archiveMb: mb(statSync(archive).size),
    cacheMb,
    buildSeconds: built.seconds,
    rendered,
    saveSeconds: saved,
    deploySeconds: deployed.seconds,
    deployLiveSeconds: deployed.liveSeconds,
    uploaded: deployed.uploaded,
    totalSeconds: npmCi + checks + restore + built.seconds + deployed.liveSeconds,
  };
  const s = (value: number) => `${value.toFixed(1)} s`;
  console.log(
    `live: a new post at ${measure.posts} posts, in the shipped workflow's steps: npm ci ${s(npmCi)}, ` +
      `cache restore ${s(restore)} (${archiveMb.toFixed(0)} MB with zstd; ${cacheMb.toFixed(0)} MB unpacked, ${inMemory ? 'in memory' : 'on disk'}), ` +
      `checks beside it ${s(checksRan)} (types, lint, unit tests; the post waited ${s(checks)} for them), ` +
      `build ${s(built.seconds)} (${rendered}), ` +
      `deploy ${s(deployed.seconds)} (${deployed.uploaded} files, ` +
      `the changed files up after ${s(deployed.liveSeconds)}, then the bucket's listing), ` +
      `cache save after it ${s(saved)} (${measure.archiveMb.toFixed(0)} MB); ` +
      `commit to live ${s(measure.totalSeconds)} plus the runners' start-up, checkout and the cache service's transfers`,
  );
  return measure;
}

/**
 * The deployment workflow's step that keeps Astro's cache and the output in memory, run as a
 * runner runs it, in a fresh checkout. Where the machine lets it (root or passwordless sudo, and
 * 12 GiB of memory or more) both folders become tmpfs mounts, and builds in them, from nothing
 * and then after an edit, write the pages a build on disk writes; elsewhere the step says why and
 * leaves both on disk. Either way the builds are compared with one on disk.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { buildCheckout, freshCheckout, listFiles, projectRoot, temporaryDir } from '../support/build-site';
import { memoryMountsBelow } from '../support/mounts';

const MEMORY_STEP = "Keep the build's files in memory";
const FIXTURE = path.join(projectRoot, 'tests/fixtures/build-posts');
// The search index records what was indexed when (its delta), so its folders depend on the
// builds before; the pages do not.
const SEARCH_INDEX_FOLDERS = ['pagefind/', 'pagefind-delta/'];

const workflow = YAML.parse(readFileSync(path.join(projectRoot, '.github/workflows/deploy.yml'), 'utf8')) as {
  jobs: { build: { steps: { name?: string; run?: string; uses?: string }[] } };
};
const steps = workflow.jobs.build.steps;
const memoryStep = steps.find((step) => step.name === MEMORY_STEP);

const root = userInfo().uid === 0;
const sudo = root || spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
const memoryGiB = Math.floor(Number(/^MemTotal:\s+(\d+)/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0) / 2 ** 20);
/** Whether the step should mount the folders on this machine. */
const mountable = sudo && memoryGiB >= 12;

function pagesOf(outDir: string): Map<string, Buffer> {
  return new Map(
    listFiles(outDir)
      .filter((file) => !SEARCH_INDEX_FOLDERS.some((folder) => file.startsWith(folder)))
      .map((file) => [file, readFileSync(path.join(outDir, file))]),
  );
}

describe('the workflow keeps the build in memory where the runner has room for it', () => {
  let checkout: string;
  let step: { status: number | null; output: string };

  beforeAll(() => {
    checkout = freshCheckout(path.join(temporaryDir('in-memory'), 'xinwen'));
    const ran = spawnSync('bash', ['--noprofile', '--norc', '-e', '-c', memoryStep!.run!], {
      cwd: checkout,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CI: 'true' },
    });
    step = { status: ran.status, output: `${ran.stdout}${ran.stderr}` };
  });

  afterAll(() => {
    // The runner's VM ends with the job; here the mounts go before the checkout does.
    for (const point of checkout ? memoryMountsBelow(checkout) : []) {
      spawnSync(root ? 'umount' : 'sudo', root ? [point] : ['umount', point], { stdio: 'ignore' });
    }
  });

  it('comes after the install, before the checks start and before the restore', () => {
    const at = (found: (step: { name?: string; run?: string; uses?: string }) => boolean) => steps.findIndex(found);
    const memory = at((step) => step.name === MEMORY_STEP);
    expect(memory).toBeGreaterThan(at((step) => step.run === 'npm ci'));
    expect(memory).toBeLessThan(at((step) => step.name === 'Start the checks'));
    expect(memory).toBeLessThan(at((step) => step.uses?.startsWith('actions/cache/restore@') ?? false));
  });

  it(`mounts dist and node_modules/.astro in memory, or says why not (here: ${mountable ? 'mounts' : 'on disk'})`, () => {
    expect(step.status, step.output).toBe(0);
    const mounted = memoryMountsBelow(checkout).sort();
    if (mountable) {
      expect(mounted).toEqual([path.join(checkout, 'dist'), path.join(checkout, 'node_modules/.astro')].sort());
    } else {
      expect(mounted).toEqual([]);
      expect(step.output).toMatch(/stay on disk|could not be mounted/);
    }
  });

  it('builds there, from nothing and after an edit, the pages a build on disk writes', () => {
    const postsDir = path.join(temporaryDir('in-memory-posts'), 'posts');
    cpSync(FIXTURE, postsDir, { recursive: true });
    const env = { INVALID_POSTS: 'skip' };
    const first = buildCheckout(checkout, { postsDir, env });
    expect(first.exitCode, first.output).toBe(0);

    const edited = path.join(postsDir, '2023-03-01-yangshi-kuaixun.md');
    writeFileSync(edited, `${readFileSync(edited, 'utf8')}\n<p>编辑后加上的一段。</p>\n`);
    const again = buildCheckout(checkout, { postsDir, env });
    expect(again.exitCode, again.output).toBe(0);
    // Incremental: the edit was rendered, and most pages were kept from the build in memory.
    expect(again.output).toMatch(/pages in all: \d+ \(\d+ rendered, \d+ kept from the last build\)/);

    const onDisk = buildCheckout(freshCheckout(path.join(temporaryDir('on-disk'), 'xinwen')), { postsDir, env });
    expect(onDisk.exitCode, onDisk.output).toBe(0);
    const inMemory = pagesOf(again.outDir);
    expect([...inMemory.keys()].sort()).toEqual([...pagesOf(onDisk.outDir).keys()].sort());
    for (const [file, bytes] of pagesOf(onDisk.outDir)) expect(inMemory.get(file)?.equals(bytes), file).toBe(true);
    expect(readFileSync(path.join(again.outDir, 'jinrong/2023/03/01/yangshi-kuaixun.html'), 'utf8')).toContain('编辑后加上的一段');
  });
});

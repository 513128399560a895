/** The deployment workflow is valid YAML and runs the README's own commands. */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';

const root = path.resolve(import.meta.dirname, '../..');

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}

interface Job {
  steps: Step[];
  needs?: string | string[];
  permissions?: Record<string, string>;
}

/** `path:` of a cache step, one folder a line. */
function cachedPaths(step: Step | undefined): string[] {
  return String(step?.with?.path).trim().split('\n');
}

/** A step's script with its own `env:` filled in, as the runner's shell would see it. */
function expanded(step: Step): string {
  return (step.run ?? '').replace(/\$\{?([A-Z_]+)\}?/g, (whole, name: string) => step.env?.[name] ?? whole);
}

/** A GitHub Actions expression, as the workflow spells it. */
function expression(text: string): string {
  return `\${{ ${text} }}`;
}

function hasCommand(command: string): boolean {
  return spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;
}

describe('.github/workflows/deploy.yml', () => {
  const document = YAML.parseDocument(readFileSync(path.join(root, '.github/workflows/deploy.yml'), 'utf8'));
  const workflow = document.toJS() as {
    on: Record<string, unknown>;
    concurrency: { group: string; 'cancel-in-progress': boolean };
    jobs: Record<string, Job>;
  };
  const build = workflow.jobs.build!;
  const steps = build.steps;
  const install = steps.findIndex((step) => step.run === 'npm ci');
  const buildStep = steps.findIndex((step) => step.run === 'npm run build');
  const restore = steps.findIndex((step) => step.uses?.startsWith('actions/cache/restore@'));
  const save = steps.findIndex((step) => step.uses?.startsWith('actions/cache/save@'));
  const prune = steps.findIndex((step) => step.run?.includes('gh cache delete'));
  const restorePrefixes = String(steps[restore]?.with?.['restore-keys']).trim().split('\n');
  const saveKey = String(steps[save]?.with?.key);

  it('is valid YAML', () => {
    expect(document.errors).toEqual([]);
  });

  it('builds on push and on a schedule', () => {
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['push', 'schedule']));
  });

  it("runs the README's commands, in order", () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const runs = steps.filter((step) => step.run?.startsWith('npm ')).map((step) => step.run!);
    expect(runs).toEqual(['npm ci', 'npm run build', 'npm run --silent report >> "$GITHUB_STEP_SUMMARY"']);
    for (const command of ['npm install', 'npm run build', 'npm run report']) expect(readme).toContain(command);
    expect(readme).toContain('npm ci');
    expect(steps[buildStep]!.env?.INVALID_POSTS).toBe('skip');
  });

  it('puts every skipped or warned post on the run’s summary page, also after a failed build', () => {
    const report = steps.find((step) => step.run?.includes('npm run --silent report'));
    expect(report?.if).toBe('always()');
    expect(steps.indexOf(report!)).toBe(buildStep + 1);
  });

  it('publishes only what passed the type check, lint and unit tests', () => {
    const checks = workflow.jobs.check!.steps.filter((step) => step.run).map((step) => step.run!);
    expect(checks).toEqual(['npm ci', 'npm run check:types', 'npm run lint', 'npm run test:unit']);
    const packageScripts = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
      .scripts;
    for (const script of ['check:types', 'lint', 'test:unit']) expect(packageScripts[script], script).toBeDefined();
    expect([workflow.jobs.deploy!.needs].flat()).toEqual(expect.arrayContaining(['check', 'build']));
    // astro check syncs the collections, reading every post: an invalid scraped post must not
    // fail it when the build leaves that post out, or nothing would ever be published.
    const typeCheck = workflow.jobs.check!.steps.find((step) => step.run === 'npm run check:types');
    expect(typeCheck?.env?.INVALID_POSTS).toBe(steps[buildStep]!.env?.INVALID_POSTS);
  });

  it("restores Astro's cache and the output after npm ci and before the build, and publishes dist/", () => {
    expect(install).toBeGreaterThanOrEqual(0);
    expect(restore).toBeGreaterThan(install);
    expect(buildStep).toBeGreaterThan(restore);
    // Both the cache and the output: an empty dist/ means every page and the search index again.
    expect(cachedPaths(steps[restore])).toEqual(['node_modules/.astro', 'dist']);
    expect(steps.find((step) => step.uses?.startsWith('actions/upload-pages-artifact'))?.with?.path).toBe('dist');
    // The all-in-one action saves under its own key when the job ends, whatever restored.
    expect(steps.filter((step) => step.uses?.startsWith('actions/cache@'))).toEqual([]);
  });

  it('saves the same folders after a successful build only, under a key of its own run', () => {
    expect(save).toBeGreaterThan(buildStep);
    expect(steps[save]!.if ?? 'success()').toBe('success()');
    // The cache version is a digest of the paths: other paths would never be restored.
    expect(cachedPaths(steps[save])).toEqual(cachedPaths(steps[restore]));
    // Entries cannot be overwritten: a key shared by two runs (or two attempts) keeps the first.
    expect(saveKey).toContain(expression('github.run_id'));
    expect(saveKey).toContain(expression('github.run_attempt'));
  });

  it('restores the newest saved entry by a prefix of the save key', () => {
    expect(restorePrefixes).toHaveLength(1);
    const [prefix] = restorePrefixes as [string];
    expect(saveKey.startsWith(prefix)).toBe(true);
    // A prefix naming the run would match nothing but this run's own entry.
    expect(prefix).not.toContain('github.run');
    expect(prefix.length).toBeLessThan(saveKey.length);
  });

  it('deletes the older entries of that prefix once this run has saved, with the right to do so', () => {
    expect(prune).toBeGreaterThan(save);
    const step = steps[prune]!;
    const script = expanded(step);
    expect(script).toContain(`gh cache list --key "${restorePrefixes[0]}"`);
    expect(script).toContain(`"${saveKey}"`);
    expect(step.env?.GH_TOKEN).toBe(expression('github.token'));
    expect(step.env?.GH_REPO).toBe(expression('github.repository'));
    expect(build.permissions).toEqual({ contents: 'read', actions: 'write' });
  });

  it('runs one build at a time, so each restores the entry the one before saved', () => {
    expect(workflow.concurrency).toEqual({ group: 'pages', 'cancel-in-progress': false });
  });

  describe.skipIf(!hasCommand('bash') || !hasCommand('jq'))('the pruning script', () => {
    const step = steps[prune]!;
    const env = { PREFIX: 'xinwen-build-Linux-', KEEP: 'xinwen-build-Linux-30-1', GITHUB_REF: 'refs/heads/main' };
    const entry = (id: number, key: string) => ({ id, key, createdAt: `2024-03-01T12:${String(id).padStart(2, '0')}:00Z` });

    /** Runs the step with a stand-in `gh` that lists `entries` (newest first); returns its calls and output. */
    function runPrune(entries: object[]): { deleted: string[]; output: string; status: number | null } {
      const bin = mkdtempSync(path.join(tmpdir(), 'xinwen-gh-'));
      try {
        const calls = path.join(bin, 'calls');
        writeFileSync(calls, '');
        writeFileSync(
          path.join(bin, 'gh'),
          `#!/bin/bash\nif [ "$1 $2" = "cache list" ]; then cat "${path.join(bin, 'list.json')}"; else echo "$*" >> "${calls}"; fi\n`,
        );
        chmodSync(path.join(bin, 'gh'), 0o755);
        writeFileSync(path.join(bin, 'list.json'), JSON.stringify(entries));
        // The runner's shell for `run:` steps.
        const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], {
          encoding: 'utf8',
          env: { ...process.env, ...env, PATH: `${bin}${path.delimiter}${process.env.PATH}` },
        });
        const deleted = readFileSync(calls, 'utf8').split('\n').filter(Boolean);
        return { deleted, output: result.stdout + result.stderr, status: result.status };
      } finally {
        rmSync(bin, { recursive: true, force: true });
      }
    }

    it('deletes every entry older than the one just saved', () => {
      const result = runPrune([entry(30, env.KEEP), entry(20, 'xinwen-build-Linux-20-2'), entry(10, 'xinwen-build-Linux-10-1')]);
      expect(result.status).toBe(0);
      expect(result.deleted).toEqual(['cache delete 20', 'cache delete 10']);
    });

    it('keeps every entry when this run saved none, so the next run still restores one', () => {
      const result = runPrune([entry(20, 'xinwen-build-Linux-20-2'), entry(10, 'xinwen-build-Linux-10-1')]);
      expect(result.status).toBe(0);
      expect(result.deleted).toEqual([]);
      expect(result.output).toContain('::warning::');
    });
  });
});

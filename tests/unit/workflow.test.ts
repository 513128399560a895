/**
 * The deployment workflow is valid YAML, runs the README's own commands, and publishes to one
 * place: GitHub Pages, or the bucket the repository variable XINWEN_DEPLOY_TARGET names.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';

const root = path.resolve(import.meta.dirname, '../..');

interface Step {
  id?: string;
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
  if?: string;
  permissions?: Record<string, string>;
  outputs?: Record<string, string>;
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

/**
 * Whether a job or step with `condition` runs when the repository's variables are `vars` (an
 * unset variable reads as '') and the steps before it have passed. It knows the forms the workflow
 * uses, `vars.NAME == ''` and `vars.NAME != ''` joined by `&&`, with `always()` (which also runs
 * after a failed step, so it is true here too), and fails on any other, which must then be
 * taught here.
 */
function runsWith(condition: string | undefined, vars: Record<string, string>): boolean {
  if (condition === undefined) return true;
  const inner = /^\$\{\{\s*(.*?)\s*\}\}$/.exec(condition.trim())?.[1] ?? condition.trim();
  return inner.split(' && ').every((term) => {
    if (term === 'always()') return true;
    const match = /^vars\.([A-Z0-9_]+) (==|!=) ''$/.exec(term);
    if (!match) throw new Error(`cannot evaluate ${JSON.stringify(condition)}`);
    const empty = (vars[match[1]!] ?? '') === '';
    return match[2] === '==' ? empty : !empty;
  });
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
  const startChecks = steps.findIndex((step) => step.name === 'Start the checks');
  const waitForChecks = steps.findIndex((step) => step.name === 'Wait for the checks');
  const checks = [startChecks, waitForChecks];
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
    // The checks, in the background: the type check, then lint, then the unit tests.
    const started = steps[startChecks]?.run ?? '';
    const order = ['npm run check:types', 'npm run lint', 'npm run test:unit'].map((command) => started.indexOf(command));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    for (const command of ['npm install', 'npm run build', 'npm run report']) expect(readme).toContain(command);
    expect(readme).toContain('npm ci');
    expect(steps[buildStep]!.env?.INVALID_POSTS).toBe('skip');
  });

  it('puts every skipped or warned post on the run’s summary page, also after a failed build', () => {
    const report = steps.find((step) => step.run?.includes('npm run --silent report'));
    expect(report?.if).toBe("always() && steps.build.outcome != 'skipped'");
    expect(steps.indexOf(report!)).toBe(buildStep + 1);
  });

  it('checks the code (type check, lint, unit tests) while the cache is restored, and builds only once they passed', () => {
    const packageScripts = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
      .scripts;
    for (const script of ['check:types', 'lint', 'test:unit']) expect(packageScripts[script], script).toBeDefined();
    expect(startChecks).toBeGreaterThan(install);
    expect(startChecks).toBeLessThan(restore);
    expect(waitForChecks).toBeGreaterThan(restore);
    expect(waitForChecks).toBeLessThan(buildStep);
    for (const check of checks) {
      // A check that may fail without stopping the job would publish what failed it.
      expect(steps[check]!.if, steps[check]!.name).toBeUndefined();
      expect((steps[check] as { 'continue-on-error'?: boolean })['continue-on-error'], steps[check]!.name).toBeUndefined();
    }
    // One job builds and deploys: a second would install and restore the archive again, and the
    // post would wait for both.
    expect(Object.keys(workflow.jobs).sort()).toEqual(['build', 'deploy']);
    expect([workflow.jobs.deploy!.needs].flat()).toEqual(['build']);
    // astro check syncs the collections: it checks the code against the empty folder the step
    // before made, not the archive the build reads (longer than the build at 100,000 posts), so
    // neither a scraped post nor the archive's size holds a deploy back.
    // Nor does the empty collection's content store land where the restore and the build put
    // theirs. The bash test below checks that lint and the unit tests run without these.
    const started = steps[startChecks]!.run!;
    expect(started).toContain('mkdir -p "$RUNNER_TEMP/no-posts"');
    expect(started).toContain('POSTS_DIR="$RUNNER_TEMP/no-posts" XINWEN_CACHE_DIR="$RUNNER_TEMP/no-posts-cache" npm run check:types');
    expect(steps[startChecks]!.env).toBeUndefined();
    expect(steps[buildStep]!.env?.POSTS_DIR).toBeUndefined();
  });

  it("restores Astro's cache and the output after npm ci and before the build, and publishes dist/", () => {
    expect(install).toBeGreaterThanOrEqual(0);
    expect(restore).toBeGreaterThan(install);
    expect(buildStep).toBeGreaterThan(restore);
    // Both the cache and the output: an empty dist/ means every page and the search index again.
    // Astro's copies of the pages (node_modules/.astro/dist) are only for a missing dist/.
    expect(cachedPaths(steps[restore])).toEqual(['node_modules/.astro', '!node_modules/.astro/dist', 'dist']);
    expect(steps.find((step) => step.uses?.startsWith('actions/upload-pages-artifact'))?.with?.path).toBe('dist');
    // The all-in-one action saves under its own key when the job ends, whatever restored.
    expect(steps.filter((step) => step.uses?.startsWith('actions/cache@'))).toEqual([]);
  });

  it('saves the same folders after a successful build, also when the deploy failed, under a key of its own run', () => {
    expect(save).toBeGreaterThan(buildStep);
    // always() lets a failed deploy through; the build's outcome keeps a failed build's state out.
    expect(steps[buildStep]!.id).toBe('build');
    expect(steps[save]!.if).toBe("always() && steps.build.outcome == 'success'");
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
    expect(steps[save]!.id).toBe('save');
    expect(step.if).toBe("always() && steps.save.outcome == 'success'");
    const script = expanded(step);
    expect(script).toContain(`gh cache list --key "${restorePrefixes[0]}"`);
    expect(script).toContain(`"${saveKey}"`);
    expect(step.env?.GH_TOKEN).toBe(expression('github.token'));
    expect(step.env?.GH_REPO).toBe(expression('github.repository'));
    expect(build.permissions).toEqual({ contents: 'read', actions: 'write', 'id-token': 'write' });
  });

  it('runs one build at a time, so each restores the entry the one before saved', () => {
    expect(workflow.concurrency).toEqual({ group: 'pages', 'cancel-in-progress': false });
  });

  describe.skipIf(!hasCommand('bash'))('the checks in the background', () => {
    /**
     * Runs the start step, then `between` (the restore, here), then the wait step, in the
     * runner's shell (bash -e), with a stand-in `npm` that logs each call with the variables it
     * got, holds until the gate file exists, and exits 3 for the script named in `FAIL`. A stand-in
     * whose shell was killed is left without a parent: it gives up once the test's folder is gone.
     */
    function runChecks(options: { fail?: string; between?: (temp: string, gate: string) => void } = {}) {
      const dir = mkdtempSync(path.join(tmpdir(), 'xinwen-checks-'));
      const bin = path.join(dir, 'bin');
      const temp = path.join(dir, 'temp');
      const gate = path.join(dir, 'gate');
      for (const folder of [bin, temp]) mkdirSync(folder);
      writeFileSync(
        path.join(bin, 'npm'),
        // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansions
        '#!/bin/bash\nwhile [ ! -f "$GATE" ]; do [ -d "${GATE%/*}" ] || exit 1; sleep 0.05; done\n' +
          // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansions
          'echo "npm $* posts=${POSTS_DIR-unset} cache=${XINWEN_CACHE_DIR-unset}"\n[ "$2" = "$FAIL" ] && exit 3\nexit 0\n',
      );
      chmodSync(path.join(bin, 'npm'), 0o755);
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        PATH: `${bin}${path.delimiter}${process.env.PATH}`,
        RUNNER_TEMP: temp,
        GATE: gate,
        FAIL: options.fail ?? '',
      };
      for (const name of ['POSTS_DIR', 'XINWEN_CACHE_DIR']) delete env[name];
      const run = (script: string) => spawnSync('bash', ['--noprofile', '--norc', '-e', '-c', script], { encoding: 'utf8', env });
      try {
        const started = run(steps[startChecks]!.run!);
        // The step is done while the checks still wait at the gate: the restore runs beside them.
        const doneAtStart = readdirSync(temp).includes('checks.status');
        if (options.between) options.between(temp, gate);
        else writeFileSync(gate, '');
        const waited = run(steps[waitForChecks]!.run!);
        writeFileSync(gate, '');
        return { startStatus: started.status, doneAtStart, status: waited.status, output: waited.stdout + waited.stderr };
      } finally {
        writeFileSync(gate, '');
        rmSync(dir, { recursive: true, force: true });
      }
    }

    it('starts the checks and goes on, then waits for them and shows their output', () => {
      const result = runChecks();
      expect(result.startStatus).toBe(0);
      expect(result.doneAtStart).toBe(false);
      expect(result.status).toBe(0);
      const lines = result.output.split('\n').filter((line) => line.startsWith('npm '));
      expect(lines).toEqual([
        expect.stringMatching(/^npm run check:types posts=\S+\/no-posts cache=\S+\/no-posts-cache$/),
        'npm run lint posts=unset cache=unset',
        'npm run test:unit posts=unset cache=unset',
      ]);
    });

    it('fails the job before the build when a check fails, and runs none after it', () => {
      const result = runChecks({ fail: 'lint' });
      expect(result.status).not.toBe(0);
      expect(result.output).toContain('::error::the type check, lint or unit tests failed (exit status 3)');
      expect(result.output).toContain('npm run lint');
      expect(result.output).not.toContain('npm run test:unit');
    });

    it('fails the job when the checks die without an exit status', () => {
      const result = runChecks({
        between: (temp) => {
          const pid = Number(readFileSync(path.join(temp, 'checks.pid'), 'utf8'));
          process.kill(pid, 'SIGKILL');
        },
      });
      expect(result.status).not.toBe(0);
      expect(result.output).toContain('::error::the type check, lint or unit tests failed (exit status none)');
    });
  });

  describe('publishing to object storage instead, when XINWEN_DEPLOY_TARGET is set', () => {
    const pagesJob = workflow.jobs.deploy!;
    const pagesUpload = steps.find((step) => step.uses?.startsWith('actions/upload-pages-artifact'));
    const guard = steps.findIndex((step) => step.run?.includes('git ls-remote'));
    const role = steps.findIndex((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    const deploy = steps.findIndex((step) => step.run?.includes('npm run --silent deploy'));
    const summary = steps.findIndex((step) => step.run?.includes('## Deploy to'));
    const storageSteps = [guard, role, deploy, summary].map((index) => steps[index]!);
    const bucket = { XINWEN_DEPLOY_TARGET: 's3://news-archive/site' };

    it('publishes to one place: Pages without the variable, the bucket with it', () => {
      for (const [target, toPages] of [
        ['', true],
        ['s3://news-archive/site', false],
      ] as const) {
        const vars = { XINWEN_DEPLOY_TARGET: target, AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/deploy' };
        expect(runsWith(pagesUpload?.if, vars), `Pages upload, target ${JSON.stringify(target)}`).toBe(toPages);
        expect(runsWith(pagesJob.if, vars), `Pages deploy, target ${JSON.stringify(target)}`).toBe(toPages);
        for (const step of storageSteps) expect(runsWith(step.if, vars), `${step.name}, target ${JSON.stringify(target)}`).toBe(!toPages);
      }
      // The build itself is the same either way: checked, incremental, with its cache and report.
      expect(build.if).toBeUndefined();
      const publishing = new Set([pagesUpload, ...storageSteps]);
      for (const [index, step] of steps.entries()) {
        if (publishing.has(step) || index >= save) continue;
        expect(step.if === undefined || step.if.startsWith('always() && steps.'), step.name ?? step.run ?? step.uses).toBe(true);
      }
    });

    it('deploys only what passed the type check, lint and unit tests, and built', () => {
      expect(deploy).toBeGreaterThan(Math.max(...checks, buildStep));
      // Without a status function a step runs only if every step before it passed.
      expect(steps[deploy]!.if).not.toMatch(/always\(\)|failure\(\)|cancelled\(\)|success\(\)/);
      expect(steps[guard]!.if).not.toMatch(/always\(\)|failure\(\)|cancelled\(\)|success\(\)/);
    });

    it("deploys this job's build as soon as it is built: before the cache is saved", () => {
      expect(deploy).toBeGreaterThan(buildStep);
      expect(deploy).toBeLessThan(save);
      expect(guard).toBeLessThan(deploy);
    });

    it('runs `npm run deploy` for the target the variable names, as the README says', () => {
      expect(steps[deploy]?.env?.XINWEN_DEPLOY_TARGET).toBe(expression('vars.XINWEN_DEPLOY_TARGET'));
      const packageScripts = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
        .scripts;
      expect(packageScripts.deploy).toBeDefined();
      const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
      expect(readme).toContain('npm run deploy');
      expect(readme).toContain('XINWEN_DEPLOY_TARGET');
    });

    it('takes keys from an OIDC role or from secrets, and the endpoint and region from variables', () => {
      expect(role).toBeGreaterThan(buildStep);
      expect(role).toBeLessThan(deploy);
      const roleStep = steps[role]!;
      expect(runsWith(roleStep.if, { ...bucket, AWS_ROLE_ARN: '' })).toBe(false);
      expect(runsWith(roleStep.if, { ...bucket, AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/deploy' })).toBe(true);
      expect(roleStep.with?.['role-to-assume']).toBe(expression('vars.AWS_ROLE_ARN'));
      expect(roleStep.with?.['output-credentials']).toBe(true);
      const env = steps[deploy]!.env ?? {};
      for (const [variable, output] of [
        ['AWS_ACCESS_KEY_ID', 'aws-access-key-id'],
        ['AWS_SECRET_ACCESS_KEY', 'aws-secret-access-key'],
      ] as const) {
        expect(env[variable], variable).toBe(expression(`steps.${roleStep.id}.outputs.${output} || secrets.${variable}`));
      }
      expect(env.AWS_SESSION_TOKEN).toBe(expression(`steps.${roleStep.id}.outputs.aws-session-token`));
      expect(env.AWS_REGION).toBe(expression('vars.AWS_REGION'));
      expect(env.AWS_ENDPOINT_URL_S3).toBe(expression('vars.AWS_ENDPOINT_URL_S3'));
    });

    it("puts the deploy's report on the run's summary page, also after a refused or failed deploy", () => {
      expect(summary).toBeGreaterThan(deploy);
      expect(steps[summary]!.if).toBe("always() && vars.XINWEN_DEPLOY_TARGET != ''");
    });

    describe.skipIf(!hasCommand('bash'))('the deploy, report and re-run scripts', () => {
      const DEPLOYED = 'deploy: 28 uploaded (1.7 MB), 62,621 unchanged, 0 deleted; 31.6 s, 97 requests';
      const REFUSED =
        'deploy to s3://news-archive/site/: deploy refused, nothing was sent:\n  - the build lacks 9000 of the 40000 files the site has';
      const SHA = '3f786850e387550fdab836ed7e6dc881de23001b';
      const NEWER = '89e6c98d92887913cadf06b2adb97f26cde4849b';

      /** A folder with `bin/` (stand-in commands, first on the PATH), `temp/` and a summary file. */
      function runner(commands: Record<string, string>, env: Record<string, string>) {
        const dir = mkdtempSync(path.join(tmpdir(), 'xinwen-deploy-steps-'));
        const bin = path.join(dir, 'bin');
        const temp = path.join(dir, 'temp');
        const summaryFile = path.join(dir, 'summary.md');
        for (const folder of [bin, temp]) mkdirSync(folder);
        writeFileSync(summaryFile, '');
        for (const [name, script] of Object.entries(commands)) {
          writeFileSync(path.join(bin, name), `#!/bin/bash\n${script}\n`);
          chmodSync(path.join(bin, name), 0o755);
        }
        const shellEnv = {
          ...process.env,
          FORCE: '',
          TARGET: 's3://news-archive/site',
          GITHUB_REF: 'refs/heads/main',
          GITHUB_SHA: SHA,
          GITHUB_RUN_ATTEMPT: '1',
          ...env,
          PATH: `${bin}${path.delimiter}${process.env.PATH}`,
          RUNNER_TEMP: temp,
          GITHUB_STEP_SUMMARY: summaryFile,
        };
        // The runner's shell for a `run:` step that names none: bash -e, without pipefail.
        const run = (script: string) =>
          spawnSync('bash', ['--noprofile', '--norc', '-e', '-c', script], { encoding: 'utf8', env: shellEnv });
        return { dir, run, summary: () => readFileSync(summaryFile, 'utf8') };
      }

      /**
       * Runs the deploy step (unless `npm` is null: a step before it failed) with a stand-in `npm`
       * running `npm` as its script, then the report step; returns what each left.
       */
      function runStorageSteps(npm: string | null, env: Record<string, string> = {}) {
        const shell = runner(npm === null ? {} : { npm }, env);
        try {
          const deployed = npm === null ? undefined : shell.run(steps[deploy]!.run!);
          const reported = shell.run(steps[summary]!.run!);
          return {
            status: deployed?.status,
            output: deployed ? deployed.stdout + deployed.stderr : '',
            reportStatus: reported.status,
            summary: shell.summary(),
          };
        } finally {
          rmSync(shell.dir, { recursive: true, force: true });
        }
      }

      /** Runs the re-run guard with a stand-in `git` whose branch is at `newest`. */
      function runGuard(attempt: string, newest: string) {
        const shell = runner(
          { git: `[ "$1 $2 $3" = "ls-remote origin refs/heads/main" ] || exit 9\necho "${newest}	refs/heads/main"` },
          {
            GITHUB_RUN_ATTEMPT: attempt,
          },
        );
        try {
          const result = shell.run(steps[guard]!.run!);
          return { status: result.status, output: result.stdout + result.stderr };
        } finally {
          rmSync(shell.dir, { recursive: true, force: true });
        }
      }

      it("writes the deploy's line to the summary after a deploy", () => {
        const result = runStorageSteps(`echo '${DEPLOYED}'`);
        expect(result.status).toBe(0);
        expect(result.output).toContain(DEPLOYED);
        expect(result.summary).toContain('s3://news-archive/site');
        expect(result.summary).toContain(DEPLOYED);
      });

      it('writes why to the summary when the deploy refuses, and fails the step', () => {
        const result = runStorageSteps(`printf '%b\\n' '${REFUSED}' >&2; exit 1`);
        expect(result.status).not.toBe(0);
        expect(result.reportStatus).toBe(0);
        expect(result.summary).toContain('deploy refused, nothing was sent');
        expect(result.summary).toContain('the build lacks 9000 of the 40000 files');
      });

      it('says so on the summary when the deploy never ran', () => {
        const result = runStorageSteps(null);
        expect(result.reportStatus).toBe(0);
        expect(result.summary).toContain('did not run');
      });

      it('passes --force only when the run asks for it', () => {
        const echo = 'echo "args: $*"';
        expect(runStorageSteps(echo).summary).toContain('args: run --silent deploy --\n');
        expect(runStorageSteps(echo, { FORCE: '--force' }).summary).toContain('args: run --silent deploy -- --force\n');
        expect(steps[deploy]!.env?.FORCE).toBe(expression("inputs.force && '--force' || ''"));
        expect(Object.keys((workflow.on.workflow_dispatch as { inputs?: object } | null)?.inputs ?? {})).toContain('force');
      });

      it("deploys a run's first attempt, and a re-run whose commit is still the branch's newest", () => {
        expect(runGuard('1', NEWER).status).toBe(0);
        expect(runGuard('2', SHA).status).toBe(0);
      });

      it('stops a re-run of an older commit before it deploys over a newer one, and says why', () => {
        const result = runGuard('3', NEWER);
        expect(result.status).not.toBe(0);
        expect(result.output).toContain('::error::');
        expect(result.output).toContain(NEWER);
      });
    });
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

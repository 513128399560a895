/**
 * The deployment workflow's checks (the build job's steps between its install and its cache
 * restore), run as a GitHub runner runs them: in a fresh checkout with
 * nothing beside it (no shared samples), `CI=true`, no stdin, and none of the project's own
 * variables. A test that needs files from outside the checkout fails here before it can keep
 * every deploy of a user's site from publishing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { freshCheckout, projectRoot, temporaryDir } from '../support/build-site';

interface Step {
  run?: string;
  env?: Record<string, string>;
}

interface WorkflowStep extends Step {
  uses?: string;
}

const workflow = YAML.parse(readFileSync(path.join(projectRoot, '.github/workflows/deploy.yml'), 'utf8')) as {
  jobs: Record<string, { steps: WorkflowStep[] }>;
};
const buildSteps = workflow.jobs.build!.steps;
/**
 * The checks' commands: after the install (the checkout has the project's packages), before the
 * restore.
 */
const commands = buildSteps
  .slice(
    buildSteps.findIndex((step) => step.run === 'npm ci') + 1,
    buildSteps.findIndex((step) => step.uses?.startsWith('actions/cache/restore@')),
  )
  .filter((step) => step.run !== undefined);

/** The runner's temporary folder (`$RUNNER_TEMP`, `${{ runner.temp }}` in the workflow). */
let runnerTemp: string;

/** The environment of a runner: the test run's, less what a runner would not have. */
function runnerEnvironment(step: Step): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    // The project's own variables (samples, settings) and those of the Vitest run around this one.
    if (/^(XINWEN_|VITEST|POSTS_DIR$|INVALID_POSTS$|FUTURE_POSTS$|NODE_ENV$|TEST$)/.test(name)) continue;
    env[name] = value;
  }
  const stepEnv = Object.fromEntries(
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a template
    Object.entries(step.env ?? {}).map(([name, value]) => [name, value.replaceAll('${{ runner.temp }}', runnerTemp)]),
  );
  return { ...env, CI: 'true', NO_COLOR: '1', ASTRO_TELEMETRY_DISABLED: '1', RUNNER_TEMP: runnerTemp, ...stepEnv };
}

/** Runs a step's command in `cwd` as a runner would; resolves with its exit code and output. */
function runStep(step: Step, cwd: string): Promise<{ status: number | null; output: string }> {
  const child = spawn('sh', ['-c', step.run!], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: runnerEnvironment(step) });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output }));
  });
}

describe("the workflow's checks in a clone with nothing beside it", () => {
  let checkout: string;
  /** Each command's run, started side by side: the type check alone keeps one core busy. */
  const runs = new Map<string, Promise<{ status: number | null; output: string }>>();

  beforeAll(() => {
    const jobDir = temporaryDir('github-check');
    checkout = freshCheckout(path.join(jobDir, 'xinwen'));
    runnerTemp = path.join(jobDir, 'runner-temp');
    // Steps that prepare the job (not npm scripts) run first, in order, as on the runner.
    const preparing = commands.filter((step) => !step.run!.startsWith('npm '));
    for (const step of preparing) {
      const result = spawnSync('sh', ['-c', step.run!], { cwd: checkout, env: runnerEnvironment(step), encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`${step.run} failed: ${result.stderr}`);
    }
    for (const step of commands.filter((step) => !preparing.includes(step))) {
      const run = runStep(step, checkout);
      run.catch(() => undefined);
      runs.set(step.run!, run);
    }
  });

  it('has the commands to run: type check (on an empty posts folder), lint, unit tests', () => {
    expect(commands.map((step) => step.run)).toEqual([
      'mkdir -p "$RUNNER_TEMP/no-posts"',
      'npm run check:types',
      'npm run lint',
      'npm run test:unit',
    ]);
  });

  it('runs where no shared samples are beside the checkout', () => {
    expect(existsSync(path.resolve(checkout, '../shared'))).toBe(false);
  });

  it.each(commands.filter((step) => step.run!.startsWith('npm ')).map((step) => [step.run!] as const))(
    '%s passes',
    async (command) => {
      const result = await runs.get(command)!;
      expect(result.status, `${command} failed in ${checkout}:\n${result.output.slice(-6000)}`).toBe(0);
    },
    180_000,
  );
});

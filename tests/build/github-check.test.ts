/**
 * The deployment workflow's checks (the build job's steps that start them, between its install
 * and its cache restore, and wait for them, before its build), run as a GitHub runner runs them: in a fresh checkout with
 * nothing beside it (no shared samples), `CI=true`, no stdin, and none of the project's own
 * variables. A test that needs files from outside the checkout fails here before it can keep
 * every deploy of a user's site from publishing.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { freshCheckout, projectRoot, temporaryDir } from '../support/build-site';

interface Step {
  name?: string;
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
const indexOf = (found: (step: WorkflowStep) => boolean): number => buildSteps.findIndex(found);
const restore = indexOf((step) => step.uses?.startsWith('actions/cache/restore@') ?? false);
/** The step that mounts the build's folders in memory, run by tests/build/build-in-memory.test.ts instead. */
const MEMORY_STEP = "Keep the build's files in memory";
/**
 * The checks' steps: those after the install (the checkout has the project's packages) and before
 * the restore, which start the checks, and those after the restore and before the build, which
 * wait for them.
 */
const commands = [
  ...buildSteps.slice(indexOf((step) => step.run === 'npm ci') + 1, restore),
  ...buildSteps.slice(
    restore + 1,
    indexOf((step) => step.run === 'npm run build'),
  ),
].filter((step) => step.run !== undefined && step.name !== MEMORY_STEP);

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
  const child = spawn('bash', ['--noprofile', '--norc', '-e', '-c', step.run!], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: runnerEnvironment(step),
  });
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
  /** The steps' runs, one after the other as on the runner: the last waits for the checks. */
  let runs: Promise<{ status: number | null; output: string }[]>;

  beforeAll(() => {
    const jobDir = temporaryDir('github-check');
    checkout = freshCheckout(path.join(jobDir, 'xinwen'));
    runnerTemp = path.join(jobDir, 'runner-temp');
    mkdirSync(runnerTemp);
    runs = (async () => {
      const results = [];
      for (const step of commands) results.push(await runStep(step, checkout));
      return results;
    })();
    runs.catch(() => undefined);
  });

  it('starts the type check (on an empty posts folder), lint and the unit tests, then waits for them', () => {
    expect(commands.map((step) => step.name)).toEqual(['Start the checks', 'Wait for the checks']);
  });

  it('runs where no shared samples are beside the checkout', () => {
    expect(existsSync(path.resolve(checkout, '../shared'))).toBe(false);
  });

  it('passes every check', async () => {
    const results = await runs;
    for (const [index, result] of results.entries()) {
      expect(result.status, `${commands[index]!.name} failed in ${checkout}:\n${result.output.slice(-6000)}`).toBe(0);
    }
    const output = results.at(-1)!.output;
    for (const script of ['check:types', 'lint', 'test:unit']) expect(output).toMatch(new RegExp(`^> xinwen@\\S+ ${script}$`, 'm'));
  }, 300_000);
});

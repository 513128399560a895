/** The deployment workflow is valid YAML and runs the README's own commands. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';

const root = path.resolve(import.meta.dirname, '../..');

interface Step {
  run?: string;
  uses?: string;
  with?: Record<string, unknown>;
}

describe('.github/workflows/deploy.yml', () => {
  const document = YAML.parseDocument(readFileSync(path.join(root, '.github/workflows/deploy.yml'), 'utf8'));
  const workflow = document.toJS() as { on: Record<string, unknown>; jobs: Record<string, { steps: Step[]; needs?: string | string[] }> };
  const steps = workflow.jobs.build!.steps;

  it('is valid YAML', () => {
    expect(document.errors).toEqual([]);
  });

  it('builds on push and on a schedule', () => {
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['push', 'schedule']));
  });

  it("runs the README's commands, in order", () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const runs = steps.filter((step) => step.run).map((step) => step.run!);
    expect(runs).toEqual(['npm ci', 'npm run build']);
    for (const command of ['npm install', 'npm run build']) expect(readme).toContain(command);
    expect(readme).toContain('npm ci');
  });

  it('publishes only what passed the type check, lint and unit tests', () => {
    const checks = workflow.jobs.check!.steps.filter((step) => step.run).map((step) => step.run!);
    expect(checks).toEqual(['npm ci', 'npm run check:types', 'npm run lint', 'npm run test:unit']);
    const packageScripts = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
      .scripts;
    for (const script of ['check:types', 'lint', 'test:unit']) expect(packageScripts[script], script).toBeDefined();
    expect([workflow.jobs.deploy!.needs].flat()).toEqual(expect.arrayContaining(['check', 'build']));
  });

  it("keeps Astro's cache and the output between runs, restored after npm ci, and publishes dist/", () => {
    const install = steps.findIndex((step) => step.run === 'npm ci');
    const cache = steps.findIndex((step) => step.uses?.startsWith('actions/cache'));
    expect(cache).toBeGreaterThan(install);
    // Both the cache and the output: an empty dist/ means every page and the search index again.
    expect(String(steps[cache]!.with?.path).trim().split('\n')).toEqual(['node_modules/.astro', 'dist']);
    expect(steps.find((step) => step.uses?.startsWith('actions/upload-pages-artifact'))?.with?.path).toBe('dist');
  });
});

/** `npm run check`: the build's validation without the build, for authors. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../support/build-site';

function check(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [path.join(projectRoot, 'node_modules/tsx/dist/cli.mjs'), 'scripts/check-posts.ts', ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run check', () => {
  it('passes the example posts', () => {
    const result = check([]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/posts: 6 valid, 0 invalid/);
    expect(result.code).toBe(0);
  });

  it('lists every problem as path:line: field: reason and exits 1', () => {
    const result = check(['tests/fixtures/build-posts']);
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines).toContainEqual(
      expect.stringMatching(/^invalid {2}tests\/fixtures\/build-posts\/2023-03-09-huai-biaoti\.md:3: title: .+escape/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^invalid {2}tests\/fixtures\/build-posts\/2023-03-10-huai-riqi\.md:4: date: /));
    expect(lines).toContainEqual(
      expect.stringMatching(/^invalid {2}tests\/fixtures\/build-posts\/2023-03-10-huai-riqi\.md:6: published: /),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^invalid {2}.*2023-03-11-chongfu-b\.md: permalink: .*chongfu-a\.md/));
    expect(lines).toContainEqual(expect.stringMatching(/^warning {2}.*-20230313-meiyou-riqi\.md: file name: /));
    expect(result.stdout).toMatch(/posts: 10 valid, 3 invalid, \d+ warnings, 0 repaired, 1 unpublished, 1 future, 1 redirects/);
  });

  it('repairs unescaped title quotes in lenient mode, and says so', () => {
    const result = check(['tests/fixtures/build-posts'], { INVALID_POSTS: 'skip' });
    expect(result.stdout).toMatch(
      /^repaired .*2023-03-09-huai-biaoti\.md:3: title: repaired unescaped double quotes; read as 专家称"稳增长"仍有空间/m,
    );
    expect(result.stdout).toMatch(/posts: 11 valid, 2 invalid \(2 skipped\)/);
    expect(result.code).toBe(1);
  });

  it('writes the same as JSON with --json', () => {
    const result = check(['--json', 'tests/fixtures/build-posts']);
    const report = JSON.parse(result.stdout) as {
      valid: number;
      invalid: { file: string; problems: { line?: number; field: string }[] }[];
      future: string[];
    };
    expect(report.valid).toBe(10);
    expect(report.invalid.map((entry) => path.basename(entry.file)).sort()).toEqual([
      '2023-03-09-huai-biaoti.md',
      '2023-03-10-huai-riqi.md',
      '2023-03-11-chongfu-b.md',
    ]);
    expect(report.future).toEqual(['tests/fixtures/build-posts/2099-12-31-weilai.md']);
    expect(result.code).toBe(1);
  });
});

describe('npm run check on posts that publish differently from what their files say (tests/fixtures/warned-posts)', () => {
  it('warns, once each, about a missing title, an element left open and front matter after a blank line, without failing', () => {
    const result = check(['tests/fixtures/warned-posts']);
    const warnings = result.stdout.split('\n').filter((line) => line.startsWith('warning  '));
    expect(result.code).toBe(0);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^warning {2}tests\/fixtures\/warned-posts\/2024-03-01-wu-biaoti\.md:1: title: is missing, so the post is titled "Wu Biaoti" from its file name/,
      ),
      expect.stringMatching(
        /^warning {2}tests\/fixtures\/warned-posts\/2024-03-02-weibihe\.md:8: body: <strong> is never closed, .* \(and 1 more element left open\); close it with <\/strong>/,
      ),
      expect.stringMatching(
        /^warning {2}tests\/fixtures\/warned-posts\/2024-03-03-kongxing\.md:2: front matter: starts after 1 blank line/,
      ),
    ]);
  });
});

/** `npm run check`: the build's validation without the build, for authors. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LINK_REPORT_FILE, type LinkCheckResult } from '../../src/integrations/post-build/link-check';
import type { BodyLinkCheck } from '../../src/lib/site-pages';
import { type BuiltSite, buildSite, projectRoot, readUrl } from '../support/build-site';

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

const WARNED = 'tests/fixtures/warned-posts';

// What both the check and the build say about the links of tests/fixtures/warned-posts: the
// scraper's back link in three posts (../kuaixun/) and a frame's source are not shown by the
// pages, so only the counts name them.
const LINK_LINES = [
  `link     /zhuanti/ → /zhuanti/ does not exist: 3 posts, e.g. ${WARNED}/2024-03-04-lianjie-yi.md:7, ${WARNED}/2024-03-05-lianjie-er.md:7, ${WARNED}/2024-03-06-lianjie-san.md:7`,
  `link     ${WARNED}/2024-03-06-lianjie-san.md:8: link: /tupian/que.png → /tupian/que.png does not exist`,
];

describe(`posts that publish differently from what their files say (${WARNED})`, () => {
  it('npm run check warns, once each, about a missing title, an element left open and front matter after a blank line, without failing', () => {
    const result = check([WARNED]);
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
      expect.stringMatching(
        /^warning {2}tests\/fixtures\/warned-posts\/2024-03-07-shipin\.md:7: body: <iframe> is removed with its content/,
      ),
    ]);
  });

  it('npm run check lists a link written in many posts once, and none the pages do not show; the JSON keeps every link', () => {
    const result = check([WARNED]);
    expect(result.stdout.split('\n').filter((line) => line.startsWith('link '))).toEqual(LINK_LINES);
    expect(result.stdout).toContain('4 of 11 links lead nowhere (and 4 more in content the page does not show, not listed)');
    const json = JSON.parse(check(['--json', WARNED]).stdout) as { links: BodyLinkCheck };
    expect(json.links.broken.map(({ file, line }) => `${path.basename(file)}:${line}`)).toEqual([
      '2024-03-04-lianjie-yi.md:7',
      '2024-03-05-lianjie-er.md:7',
      '2024-03-06-lianjie-san.md:7',
      '2024-03-06-lianjie-san.md:8',
    ]);
    expect(json.links.notShown!.map(({ href, path: target }) => `${href} → ${target}`)).toEqual([
      '../kuaixun/ → /kuaixun/2024/03/kuaixun/',
      '../kuaixun/ → /kuaixun/2024/03/kuaixun/',
      '../kuaixun/ → /kuaixun/2024/03/kuaixun/',
      '/zhibo/ → /zhibo/',
    ]);
  });

  describe('the build', () => {
    let site: BuiltSite;
    beforeAll(() => {
      site = buildSite({ postsDir: WARNED });
    });

    it('logs the same warnings and link lines as the check, and builds', () => {
      expect(site.exitCode).toBe(0);
      for (const line of LINK_LINES) expect(site.output).toContain(line);
      expect(site.output).not.toMatch(/link {5}.*(?:kuaixun\/|zhibo)/);
      expect(site.output).toContain(
        'post links: 11 links into the site checked, 4 lead nowhere (and 4 more in content the page does not show)',
      );
      expect(site.output).toMatch(/2024-03-02-weibihe\.md:8: body: <strong> is never closed/);
      expect(site.output).toMatch(/2024-03-01-wu-biaoti\.md:1: title: is missing/);
    });

    it('keeps every link in its link report, and gives the job summary a table of the links and where they lead', () => {
      const report = JSON.parse(readFileSync(path.join(site.cacheDir, LINK_REPORT_FILE), 'utf8')) as LinkCheckResult;
      expect(report.bodyLinks).toMatchObject({ checked: 11, broken: { length: 4 }, notShown: { length: 4 } });
      const summary = spawnSync(process.execPath, [path.join(projectRoot, 'node_modules/tsx/dist/cli.mjs'), 'scripts/posts-report.ts'], {
        cwd: projectRoot,
        encoding: 'utf8',
        env: { ...process.env, XINWEN_CACHE_DIR: site.cacheDir },
      }).stdout;
      expect(summary).toContain('4 of 11 links the posts write into the site lead nowhere (and 4 more in content the page does not show');
      expect(summary).toContain(
        `| /zhuanti/ | /zhuanti/ | 3 | ${WARNED}/2024-03-04-lianjie-yi.md:7, ${WARNED}/2024-03-05-lianjie-er.md:7, ${WARNED}/2024-03-06-lianjie-san.md:7 |`,
      );
      expect(summary).toContain(`| /tupian/que.png | /tupian/que.png | 1 | ${WARNED}/2024-03-06-lianjie-san.md:8 |`);
      expect(summary).not.toContain('kuaixun/2024/03/kuaixun');
    });

    it('shows front matter after a blank line as Jekyll did: a rule and a paragraph (its last --- an em dash), not a heading', () => {
      const article = readUrl(site.outDir, '/2024/03/03/kongxing.html');
      expect(article).toMatch(
        /<hr \/>\s*<p>layout: post\ntitle: 前面有空行\ndate: 2024-03-03 09:00:00 \+0800\ncategories: kuaixun\n—<\/p>/,
      );
      expect(article).not.toMatch(/<h2[^>]*>layout: post/);
    });
  });
});

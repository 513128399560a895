/**
 * The posts report as Markdown for a CI job summary: counts, then every skipped, warned and
 * repaired post with file, line, field and reason, in table cells that a `|` cannot break.
 */
import { describe, expect, it } from 'vitest';
import type { BodyLinkCheck, BrokenLink } from '../../src/lib/site-pages';
import { formatReport, linkLines, type PostsReport, reportMarkdown } from '../../src/loaders/report';

const report: PostsReport = {
  postsDir: '_posts',
  mode: 'skip',
  files: 5,
  valid: 2,
  unpublished: ['_posts/2024-01-03-draft.md'],
  future: ['_posts/2030-01-01-later.md'],
  invalid: [
    {
      file: '_posts/2024-01-01-bad.md',
      problems: [{ file: '_posts/2024-01-01-bad.md', line: 3, field: 'date', message: 'is not a date | use 2024-01-01 10:00:00' }],
    },
  ],
  warnings: [{ file: '_posts/2024-01-02-x.md', line: 2, field: 'front matter', message: 'starts on line 2, after a blank line' }],
  repairs: [],
  redirects: [{ from: '/a/2024/01/02/x.html', to: '/a/2024/01/01/x.html' }],
};

describe('reportMarkdown', () => {
  it('lists every left-out and warned post with its reason', () => {
    const markdown = reportMarkdown(report);
    expect(markdown).toContain(
      '2 built, 1 invalid (skipped), 1 warnings, 0 repaired, 1 unpublished, 1 future, 1 redirects — from 5 files in `_posts`.',
    );
    expect(markdown).toContain('### Skipped: invalid posts left out of the site');
    expect(markdown).toContain('| _posts/2024-01-01-bad.md | 3 | date | is not a date \\| use 2024-01-01 10:00:00 |');
    expect(markdown).toContain('| _posts/2024-01-02-x.md | 2 | front matter | starts on line 2, after a blank line |');
    expect(markdown).toContain('- _posts/2024-01-03-draft.md');
    expect(markdown).toContain('- _posts/2030-01-01-later.md');
    expect(markdown).not.toContain('### Repaired');
  });

  it('says only the counts when nothing was left out', () => {
    const clean: PostsReport = { ...report, mode: 'fail', invalid: [], warnings: [], unpublished: [], future: [], valid: 5 };
    expect(reportMarkdown(clean).trim().split('\n')).toHaveLength(3);
  });
});

const broken = (file: string, line: number, href: string, path: string): BrokenLink => ({
  file,
  line,
  field: 'link',
  message: `${href} → ${path} does not exist`,
  href,
  path,
});

// The scraper's back link in posts of one month, and a picture one post lost.
const links: BodyLinkCheck = {
  checked: 12,
  broken: [
    ...['09', '10', '11', '12', '13'].map((day) => broken(`_posts/2021-12-${day}-x.md`, 12, '../zhuanti/', '/emnews/2021/12/zhuanti/')),
    broken('_posts/2021-12-14-y.md', 8, '/tupian/a.png', '/tupian/a.png'),
    broken('_posts/2021-12-14-y.md', 9, '/tupian/a.png', '/tupian/a.png'),
    broken('_posts/2021-12-15-z.md', 4, '/category/kuaixun', '/category/kuaixun'),
  ],
  notShown: [broken('_posts/2021-12-09-x.md', 14, '../emnews/', '/emnews/2021/12/emnews/')],
};

describe('linkLines', () => {
  it('lists one line per link and target, biggest first, a link written once by its file and line', () => {
    expect(linkLines(links, 50, 'the JSON report')).toEqual([
      'link     ../zhuanti/ → /emnews/2021/12/zhuanti/ does not exist: 5 posts, e.g. _posts/2021-12-09-x.md:12, _posts/2021-12-10-x.md:12, _posts/2021-12-11-x.md:12, …',
      'link     /tupian/a.png → /tupian/a.png does not exist: 2 links in 1 post, e.g. _posts/2021-12-14-y.md:8, _posts/2021-12-14-y.md:9',
      'link     _posts/2021-12-15-z.md:4: link: /category/kuaixun → /category/kuaixun does not exist',
    ]);
  });

  it('says how many links and targets are not listed, and where they all are', () => {
    expect(linkLines(links, 1, 'dist/links.json').slice(1)).toEqual([
      'link     … and 3 more links to 2 more targets (all in dist/links.json)',
    ]);
  });

  it('lists nothing when no link leads nowhere', () => {
    expect(linkLines({ checked: 3, broken: [] }, 50, 'the JSON report')).toEqual([]);
    expect(linkLines(undefined, 50, 'the JSON report')).toEqual([]);
  });
});

describe('the link check in the report', () => {
  it('ends the summary with the count, and how many more lead nowhere where the page does not show them', () => {
    expect(formatReport({ ...report, links }).at(-1)).toMatch(
      /, 8 of 12 links lead nowhere \(and 1 more in content the page does not show, not listed\) — from 5 files in _posts$/,
    );
  });

  it('is a table of the links and targets in the job summary, with counts and the first files', () => {
    const markdown = reportMarkdown({ ...report, links });
    expect(markdown).toContain(
      "8 of 12 links the posts write into the site lead nowhere (and 1 more in content the page does not show, such as the scraper's back links, not listed).",
    );
    expect(markdown).toContain(
      [
        '### Links that lead nowhere',
        '',
        '| Link | Leads to | Posts | Where |',
        '|---|---|---|---|',
        '| ../zhuanti/ | /emnews/2021/12/zhuanti/ | 5 | _posts/2021-12-09-x.md:12, _posts/2021-12-10-x.md:12, _posts/2021-12-11-x.md:12, … |',
        '| /tupian/a.png | /tupian/a.png | 1 (2 links) | _posts/2021-12-14-y.md:8, _posts/2021-12-14-y.md:9 |',
        '| /category/kuaixun | /category/kuaixun | 1 | _posts/2021-12-15-z.md:4 |',
      ].join('\n'),
    );
  });
});

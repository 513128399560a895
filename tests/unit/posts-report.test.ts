/**
 * The posts report as Markdown for a CI job summary: counts, then every skipped, warned and
 * repaired post with file, line, field and reason, in table cells that a `|` cannot break.
 */
import { describe, expect, it } from 'vitest';
import { type PostsReport, reportMarkdown } from '../../src/loaders/report';

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

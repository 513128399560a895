/**
 * The account a posts load gives of itself: what was built, what was left out and why.
 * Printed after every load and by `npm run check`, and written as JSON for tools and tests.
 */
import type { BodyLinkCheck } from '../lib/site-pages';
import type { Problem } from '../reader/problem';

/** Name of the JSON report written into Astro's cache folder after each load. */
export const REPORT_FILE = 'xinwen-posts-report.json';

/** What one read of a posts folder found, file by file. */
export interface PostsReport {
  /** The posts folder as the site owner wrote it. */
  postsDir: string;
  /** The `invalidPosts` setting the folder was read with. */
  mode: 'fail' | 'skip';
  /** Files read (post candidates by extension). */
  files: number;
  /** Posts in the collection. */
  valid: number;
  /** Posts not built: `published: false`. */
  unpublished: string[];
  /** Posts not built: dated after the build's clock. */
  future: string[];
  /** Files that are not valid posts, each with every problem found. */
  invalid: { file: string; problems: Problem[] }[];
  /** Problems that do not keep a post out (and files that are not posts at all). */
  warnings: Problem[];
  /** What lenient mode repaired (unescaped quotes in titles). */
  repairs: Problem[];
  /** Old Jekyll URLs (decoded paths) that get a redirect page to the post's URL. */
  redirects: { from: string; to: string }[];
  /** The posts' links into the site, checked against the pages the site has (`npm run check`, the build's link check). */
  links?: BodyLinkCheck | undefined;
}

/** `path:line: field: message`, the one format for problems everywhere. */
export function formatProblem(problem: Problem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  return `${where}: ${problem.field}: ${problem.message}`;
}

/** Redirects listed one per line up to this many; the JSON report has them all. */
const REDIRECTS_LISTED = 20;

/** Links that lead nowhere listed one per line up to this many; the JSON report has them all. */
const LINKS_LISTED = 50;

/** The human summary, one line per problem, counts last. */
export function formatReport(report: PostsReport): string[] {
  const lines: string[] = [];
  for (const { problems } of report.invalid) {
    for (const problem of problems) lines.push(`invalid  ${formatProblem(problem)}`);
  }
  for (const warning of report.warnings) lines.push(`warning  ${formatProblem(warning)}`);
  for (const repair of report.repairs) lines.push(`repaired ${formatProblem(repair)}`);
  for (const { from, to } of report.redirects.slice(0, REDIRECTS_LISTED)) lines.push(`redirect ${from} → ${to}`);
  if (report.redirects.length > REDIRECTS_LISTED) {
    lines.push(`redirect … and ${report.redirects.length - REDIRECTS_LISTED} more (all in the JSON report)`);
  }
  const broken = report.links?.broken ?? [];
  for (const link of broken.slice(0, LINKS_LISTED)) lines.push(`link     ${formatProblem(link)}`);
  if (broken.length > LINKS_LISTED) lines.push(`link     … and ${broken.length - LINKS_LISTED} more (all in the JSON report)`);
  const skipped = report.mode === 'skip' && report.invalid.length > 0 ? ` (${report.invalid.length} skipped)` : '';
  lines.push(
    `posts: ${report.valid} valid, ${report.invalid.length} invalid${skipped}, ${report.warnings.length} warnings, ` +
      `${report.repairs.length} repaired, ${report.unpublished.length} unpublished, ${report.future.length} future, ` +
      `${report.redirects.length} redirects${report.links ? `, ${broken.length} of ${report.links.checked} links lead nowhere` : ''} — ` +
      `from ${report.files} files in ${report.postsDir}`,
  );
  return lines;
}

/** A table cell: one line, no pipe that would end the cell. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

/** Rows listed per table in the Markdown summary; the JSON report has them all. */
const ROWS_LISTED = 200;

/**
 * The report as Markdown, for a CI job's summary page (`$GITHUB_STEP_SUMMARY`): the counts, then
 * every post left out or warned about, with file, line, field and reason.
 */
export function reportMarkdown(report: PostsReport): string {
  const lines = [
    '## Posts',
    '',
    `${report.valid} built, ${report.invalid.length} invalid${report.mode === 'skip' ? ' (skipped)' : ''}, ` +
      `${report.warnings.length} warnings, ${report.repairs.length} repaired, ${report.unpublished.length} unpublished, ` +
      `${report.future.length} future, ${report.redirects.length} redirects — from ${report.files} files in \`${report.postsDir}\`.`,
  ];
  const table = (title: string, rows: { kind?: string; problem: Problem }[]) => {
    if (rows.length === 0) return;
    lines.push('', `### ${title}`, '', '| File | Line | Field | Reason |', '|---|---|---|---|');
    for (const { problem } of rows.slice(0, ROWS_LISTED)) {
      lines.push(`| ${cell(problem.file)} | ${problem.line ?? ''} | ${cell(problem.field)} | ${cell(problem.message)} |`);
    }
    if (rows.length > ROWS_LISTED) lines.push('', `… and ${rows.length - ROWS_LISTED} more (all in the JSON report).`);
  };
  table(
    report.mode === 'skip' ? 'Skipped: invalid posts left out of the site' : 'Invalid posts',
    report.invalid.flatMap(({ problems }) => problems.map((problem) => ({ problem }))),
  );
  table(
    'Warnings: published, but not as the author may have meant',
    report.warnings.map((problem) => ({ problem })),
  );
  table(
    'Repaired',
    report.repairs.map((problem) => ({ problem })),
  );
  if (report.links) {
    lines.push('', `${report.links.broken.length} of ${report.links.checked} links the posts write into the site lead nowhere.`);
    table(
      'Links that lead nowhere',
      report.links.broken.map((problem) => ({ problem })),
    );
  }
  for (const [title, files] of [
    ['Not published (`published: false`)', report.unpublished],
    ['Dated in the future', report.future],
  ] as const) {
    if (files.length === 0) continue;
    lines.push('', `### ${title}`, '', ...files.slice(0, ROWS_LISTED).map((file) => `- ${cell(file)}`));
  }
  return `${lines.join('\n')}\n`;
}

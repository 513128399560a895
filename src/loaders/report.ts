/**
 * The account a posts load gives of itself: what was built, what was left out and why.
 * Printed after every load and by `npm run check`, and written as JSON for tools and tests.
 */
import { collisionMessage, type RouteCollision } from '../lib/reserved-routes';
import { termSlug } from '../lib/site-index';
import { termUrl } from '../lib/site-urls';
import { type BodyLinkCheck, type BrokenLinkGroup, groupBrokenLinks, type OldSiteLink } from '../lib/site-pages';
import type { Problem } from '../lib/problem';

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
  /** Article URLs whose first folder or name is one of the site's own (`npm run check`): warnings, not errors. */
  routes?: RouteCollision[] | undefined;
}

/** The report of a folder before any file of it is read. */
export function emptyPostsReport(postsDir: string, mode: PostsReport['mode']): PostsReport {
  return { postsDir, mode, files: 0, valid: 0, unpublished: [], future: [], invalid: [], warnings: [], repairs: [], redirects: [] };
}

/** `path:line: field: message`, the one format for problems everywhere. */
export function formatProblem(problem: Problem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  return `${where}: ${problem.field}: ${problem.message}`;
}

/** Redirects listed one per line up to this many; the JSON report has them all. */
const REDIRECTS_LISTED = 20;

/** Groups of links that lead nowhere listed one per line up to this many; the JSON report has every link. */
const LINK_GROUPS_LISTED = 50;

/** Files and lines named for a group of links that lead nowhere. */
const LINK_EXAMPLES = 3;

/** How many posts (and links, when a post has more than one) a group is. */
function groupSize({ links, posts }: BrokenLinkGroup): string {
  const inPosts = `${posts} post${posts === 1 ? '' : 's'}`;
  return links.length === posts ? inPosts : `${links.length} links in ${inPosts}`;
}

/** The first files and lines of a group, `path:line`, with `…` when there are more. */
function groupExamples({ links }: BrokenLinkGroup): string {
  const named = links.slice(0, LINK_EXAMPLES).map((link) => (link.line === undefined ? link.file : `${link.file}:${link.line}`));
  return `${named.join(', ')}${links.length > LINK_EXAMPLES ? ', …' : ''}`;
}

/**
 * The `link` lines for the links that lead nowhere: one per written link and target, biggest
 * first (a link written once as `path:line: link: …`, one written in many posts with its count
 * and the first files), up to `listed` lines; then how many more, all of them in `where`.
 */
export function linkLines(check: BodyLinkCheck | undefined, listed: number, where: string): string[] {
  const groups = groupBrokenLinks(check?.broken ?? []);
  const lines = groups.slice(0, listed).map((group) => {
    if (group.links.length === 1) return `link     ${formatProblem(group.links[0]!)}`;
    return `link     ${group.href} → ${group.path} does not exist: ${groupSize(group)}, e.g. ${groupExamples(group)}`;
  });
  const rest = groups.slice(listed);
  if (rest.length > 0) {
    const links = rest.reduce((sum, group) => sum + group.links.length, 0);
    lines.push(
      `link     … and ${links} more link${links === 1 ? '' : 's'} to ${rest.length} more target${rest.length === 1 ? '' : 's'} (all in ${where})`,
    );
  }
  return lines;
}

/** `, N URLs named like the site's own pages`, when there are any. */
function routeCount(collisions: readonly RouteCollision[] | undefined): string {
  const count = collisions?.length ?? 0;
  return count === 0 ? '' : `, ${count} URL${count === 1 ? '' : 's'} named like the site's own pages`;
}

/** Links to the old site's pages and files: one group per kind and top folder (`/images/`). */
interface OldSiteGroup {
  kind: OldSiteLink['kind'];
  folder: string;
  links: OldSiteLink[];
}

/**
 * The `old site` lines: the posts' links to pages and files the old Jekyll site served that this
 * site does not (see `src/lib/old-site.ts`), one line per kind and top folder, biggest first, with
 * how many links, posts and targets, what to do, and the first files and lines.
 */
export function oldSiteLinkLines(check: BodyLinkCheck | undefined): string[] {
  const groups = new Map<string, OldSiteGroup>();
  for (const link of check?.oldSite ?? []) {
    const folder = /^\/[^/]+\//.exec(link.path)?.[0] ?? '/';
    const key = `${link.kind} ${folder}`;
    const group = groups.get(key) ?? { kind: link.kind, folder, links: [] };
    group.links.push(link);
    groups.set(key, group);
  }
  return [...groups.values()]
    .sort((a, b) => b.links.length - a.links.length || (a.folder < b.folder ? -1 : 1))
    .map(({ kind, folder, links }) => {
      if (links.length === 1) return `old site ${formatProblem(links[0]!)}`;
      const targets = new Set(links.map((link) => link.path)).size;
      const posts = new Set(links.map((link) => link.file)).size;
      const what =
        kind === 'file'
          ? `${targets} file${targets === 1 ? '' : 's'} of the old site that ${targets === 1 ? 'is' : 'are'} not in public/: bring ${targets === 1 ? 'it' : 'them'} from the old site${folder === '/' ? '' : `'s ${folder.slice(1)}`} into public${folder}`
          : `${targets} page${targets === 1 ? '' : 's'} of the old site that this site does not have: write ${targets === 1 ? 'it' : 'them'} under src/pages${folder}, or leave the links`;
      const named = links.slice(0, LINK_EXAMPLES).map((link) => (link.line === undefined ? link.file : `${link.file}:${link.line}`));
      return (
        `old site ${folder}…: ${links.length} links in ${posts} post${posts === 1 ? '' : 's'} to ${what}; ` +
        `e.g. ${named.join(', ')}${links.length > LINK_EXAMPLES ? ', …' : ''}`
      );
    });
}

/** `N of M links lead nowhere`, how many lead to the old site's pages and files, and how many more lead nowhere in content the page does not show. */
function linkCounts(check: BodyLinkCheck): string {
  const hidden = check.notShown?.length ?? 0;
  const old = check.oldSite?.length ?? 0;
  return (
    `${check.broken.length} of ${check.checked} links lead nowhere` +
    `${old > 0 ? `, ${old} to the old site's pages and files that this site does not have` : ''}` +
    `${hidden > 0 ? ` (and ${hidden} more in content the page does not show, not listed)` : ''}`
  );
}

/** A category's listing as a site path, for messages: `/category/archive.html`. */
export const categoryListingPath = (category: string): string => decodeURI(termUrl('category', termSlug(category)));

/** One `warning` line per name of the site's own that article URLs have (`/archive/…`). */
export function routeLines(collisions: readonly RouteCollision[] | undefined): string[] {
  return (collisions ?? []).map((collision) => `warning  ${collisionMessage(collision, categoryListingPath)}`);
}

/**
 * The `warning` lines: one per warning, but warnings of one kind in several files (a Liquid
 * include every post of a site runs) once, with the number of posts and the first files and
 * lines, where the first of them stands.
 */
export function warningLines(warnings: readonly Problem[]): string[] {
  const groups = new Map<string, Problem[]>();
  const order: (Problem | Problem[])[] = [];
  for (const warning of warnings) {
    if (warning.group === undefined) {
      order.push(warning);
      continue;
    }
    const group = groups.get(warning.group);
    if (group) group.push(warning);
    else {
      const started = [warning];
      groups.set(warning.group, started);
      order.push(started);
    }
  }
  return order.map((entry) => {
    if (!Array.isArray(entry)) return `warning  ${formatProblem(entry)}`;
    const [first] = entry;
    if (entry.length === 1) return `warning  ${formatProblem(first!)}`;
    const named = entry
      .slice(0, LINK_EXAMPLES)
      .map((problem) => (problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`));
    return `warning  ${first!.field}: ${first!.message} — ${entry.length} posts, e.g. ${named.join(', ')}${entry.length > LINK_EXAMPLES ? ', …' : ''}`;
  });
}

/** The human summary, one line per problem, counts last. */
export function formatReport(report: PostsReport): string[] {
  const lines: string[] = [];
  for (const { problems } of report.invalid) {
    for (const problem of problems) lines.push(`invalid  ${formatProblem(problem)}`);
  }
  lines.push(...warningLines(report.warnings));
  for (const repair of report.repairs) lines.push(`repaired ${formatProblem(repair)}`);
  lines.push(...routeLines(report.routes));
  for (const { from, to } of report.redirects.slice(0, REDIRECTS_LISTED)) lines.push(`redirect ${from} → ${to}`);
  if (report.redirects.length > REDIRECTS_LISTED) {
    lines.push(`redirect … and ${report.redirects.length - REDIRECTS_LISTED} more (all in the JSON report)`);
  }
  lines.push(...linkLines(report.links, LINK_GROUPS_LISTED, 'the JSON report'));
  lines.push(...oldSiteLinkLines(report.links));
  const skipped = report.mode === 'skip' && report.invalid.length > 0 ? ` (${report.invalid.length} skipped)` : '';
  lines.push(
    `posts: ${report.valid} valid, ${report.invalid.length} invalid${skipped}, ${report.warnings.length} warnings, ` +
      `${report.repairs.length} repaired, ${report.unpublished.length} unpublished, ${report.future.length} future, ` +
      `${report.redirects.length} redirects${routeCount(report.routes)}${report.links ? `, ${linkCounts(report.links)}` : ''} — ` +
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
    const hidden = report.links.notShown?.length ?? 0;
    lines.push(
      '',
      `${report.links.broken.length} of ${report.links.checked} links the posts write into the site lead nowhere` +
        `${hidden > 0 ? ` (and ${hidden} more in content the page does not show, such as the scraper's back links, not listed)` : ''}.`,
    );
    const groups = groupBrokenLinks(report.links.broken);
    if (groups.length > 0) {
      lines.push('', '### Links that lead nowhere', '', '| Link | Leads to | Posts | Where |', '|---|---|---|---|');
      for (const group of groups.slice(0, ROWS_LISTED)) {
        const posts = group.links.length === group.posts ? `${group.posts}` : `${group.posts} (${group.links.length} links)`;
        lines.push(
          `| ${cell(group.href ?? group.links[0]!.message)} | ${cell(group.path ?? '')} | ${posts} | ${cell(groupExamples(group))} |`,
        );
      }
      if (groups.length > ROWS_LISTED) lines.push('', `… and ${groups.length - ROWS_LISTED} more (every link is in the JSON report).`);
    }
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

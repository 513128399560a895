/**
 * The real Jekyll sites of `../shared/real-jekyll` and what Jekyll 4.3 made of each post, for
 * comparing xinwen's reading with Jekyll's: the oracle's posts, the visible text of a body, and
 * how alike two texts are. The sites and the oracle are read where they are; nothing of them is
 * kept in the project.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { diffArrays, diffChars } from 'diff';
import { parse, type HTMLElement, type Node, NodeType } from 'node-html-parser';
import YAML from 'yaml';
import { ENVIRONMENT_VARIABLES, SETTINGS_VARIABLE } from '../../src/settings/resolve';
import { fileForUrl, freshCheckout } from './build-site';
import { REAL_JEKYLL } from './shared-samples';

/** The three sites, by folder name under `sites/`. */
export const REAL_SITES = ['terminus2049', 'mzlogin', 'yanhaijing'] as const;
export type RealSite = (typeof REAL_SITES)[number];

/** One post as Jekyll published it. */
export interface OraclePost {
  url: string;
  /** The source file, relative to the site (`_posts/…`). */
  path: string;
  title: string;
  /** `%Y-%m-%d %H:%M:%S %z`, in the zone Jekyll ran in. */
  date: string;
  categories: string[];
  tags: string[];
  body_html: string;
}

export interface Oracle {
  posts: OraclePost[];
  /** Every file of Jekyll's `_site`. */
  site_files: string[];
}

/** The folder of a site's sources. */
export const siteFolder = (site: RealSite): string => path.join(REAL_JEKYLL, 'sites', site);

/** What Jekyll made of a site. */
export function readOracle(site: RealSite): Oracle {
  return JSON.parse(gunzipSync(readFileSync(path.join(REAL_JEKYLL, 'oracle', `${site}.json.gz`))).toString('utf8')) as Oracle;
}

// Elements that start a line of their own when a browser lays the text out.
const BLOCK = new Set(
  'address article aside blockquote br dd details div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th thead tr ul'.split(
    ' ',
  ),
);
const HIDDEN = new Set(['script', 'style', 'template', 'noscript']);

/**
 * The text a reader sees in a body, with every run of white space as one space: what differs in
 * markup alone (an id, a class, `<br>` against a line break) does not count, what a reader reads
 * does. Images count by their alternative text.
 */
export function visibleText(html: string): string {
  const parts: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === NodeType.TEXT_NODE) {
      parts.push(node.text);
      return;
    }
    if (node.nodeType !== NodeType.ELEMENT_NODE) return;
    const element = node as HTMLElement;
    const tag = element.rawTagName?.toLowerCase() ?? '';
    if (HIDDEN.has(tag)) return;
    if (tag === 'img') parts.push(` ${element.getAttribute('alt') ?? ''} `);
    const block = BLOCK.has(tag);
    if (block) parts.push(' ');
    for (const child of element.childNodes) walk(child);
    if (block) parts.push(' ');
  };
  walk(parse(html, { comment: false, blockTextElements: { script: true, style: true, noscript: true, template: true } }));
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/** How alike two texts are: twice the characters they share in order, over both lengths (1 is equal). */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const total = a.length + b.length;
  if (total === 0) return 1;
  let common = 0;
  // Character by character where the texts are close; word by word (a Han character is a word)
  // where they are far apart, which a character diff would take seconds over.
  const changes = diffChars(a, b, { maxEditLength: 500 });
  if (changes) {
    for (const change of changes) if (!change.added && !change.removed) common += change.value.length;
  } else {
    const words = (text: string) => text.match(/\p{Script=Han}|[^\s\p{Script=Han}]+|\s+/gu) ?? [];
    for (const change of diffArrays(words(a), words(b)))
      if (!change.added && !change.removed) common += change.value.reduce((sum, word) => sum + word.length, 0);
  }
  return (2 * common) / total;
}

/** The first place two texts differ, with some context on each side, for reports. */
export function firstDifference(expected: string, actual: string, context = 40): { expected: string; actual: string } {
  let at = 0;
  while (at < expected.length && at < actual.length && expected[at] === actual[at]) at += 1;
  const from = Math.max(0, at - context);
  return { expected: expected.slice(from, at + context), actual: actual.slice(from, at + context) };
}

/** What a first difference between Jekyll's body text and xinwen's comes from, as far as its text tells. */
export type DifferenceCause =
  | 'Liquid'
  | '原文链接 line'
  | 'table'
  | 'stray end tag shown as text by kramdown'
  | 'HTML shown as text by kramdown'
  | 'HTML shown as text by xinwen'
  | 'backslash escape'
  | 'code fence or span (backticks)'
  | 'emphasis markers'
  | 'Markdown shown as text by kramdown'
  | 'Markdown shown as text by xinwen'
  | 'white space'
  | 'control character'
  | 'other';

/** A first difference: where, what only Jekyll's text has there, what only xinwen's has, and its cause. */
export interface Difference {
  cause: DifferenceCause;
  /** Jekyll's text around the first difference. */
  expected: string;
  /** xinwen's text around the first difference. */
  actual: string;
  /** What only Jekyll's text has at the first difference. */
  removed: string;
  /** What only xinwen's text has there. */
  added: string;
}

const LIQUID = /\{%|%\}|\{\{|\}\}|\{post_url\b/;
/** A cell's tag, or the `|` of a kramdown table row (which kramdown makes of any line with one). */
const TABLE = /<\/?t[dhr]\b|\|/i;
const END_TAG = /<\/[a-z][a-z0-9]*\s*>/i;
const TAG = /<\/?[a-z!][^>]*>?/i;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const MARKDOWN_AT_START = /^\s*(?:#{1,6}\s|\d+\.\s|[-+*]\s|>\s|!\[|\[)/;
const MARKDOWN_LINK = /\]\(|\]\[|!\[/;

/**
 * Names the cause of the first difference between Jekyll's visible text of a body and xinwen's,
 * from the text alone: the first run of characters one side has and the other has not, and what
 * stands around it. The first match in this order wins: Liquid left in either text, the
 * 原文链接 line, a table, tags kramdown shows as text (a stray end tag such as `</figcaption>`
 * first), a backslash escape, tags xinwen shows as text, backticks, emphasis markers, a control
 * character, white space alone, other Markdown one side shows as text.
 */
export function differenceCause(expected: string, actual: string): Difference {
  let at = 0;
  while (at < expected.length && at < actual.length && expected[at] === actual[at]) at += 1;
  // The first change: what each side has until both agree again on a few characters.
  let removed = '';
  let added = '';
  for (const change of diffChars(expected.slice(at, at + 300), actual.slice(at, at + 300))) {
    if (change.added) added += change.value;
    else if (change.removed) removed += change.value;
    else if (change.value.length >= 3) break;
    else {
      // A character or two in common inside a change belongs to it.
      removed += change.value;
      added += change.value;
    }
  }
  const around = (text: string) => text.slice(Math.max(0, at - 20), at + 80);
  const ahead = (text: string) => text.slice(at, at + 80);
  const either = (pattern: RegExp) => pattern.test(removed) || pattern.test(added);
  const cause = ((): DifferenceCause => {
    if (LIQUID.test(ahead(expected)) || LIQUID.test(ahead(actual))) return 'Liquid';
    if (around(expected).includes('原文链接') || around(actual).includes('原文链接')) return '原文链接 line';
    if (either(TABLE)) return 'table';
    if (END_TAG.test(removed) && !/<[a-z]/i.test(removed)) return 'stray end tag shown as text by kramdown';
    if (TAG.test(removed) && /[a-z]/i.test(removed)) return 'HTML shown as text by kramdown';
    if (/^\\+$/.test(removed.trim()) || /^\\+$/.test(added.trim())) return 'backslash escape';
    if (TAG.test(added) && /[a-z]/i.test(added)) return 'HTML shown as text by xinwen';
    if (either(/`/)) return 'code fence or span (backticks)';
    if (/^[*_~]+$/.test(removed.trim()) || /^[*_~]+$/.test(added.trim())) return 'emphasis markers';
    if (either(CONTROL)) return 'control character';
    if (removed.trim() === '' && added.trim() === '') return 'white space';
    if (MARKDOWN_AT_START.test(removed) || MARKDOWN_LINK.test(ahead(expected))) return 'Markdown shown as text by kramdown';
    if (MARKDOWN_AT_START.test(added) || MARKDOWN_LINK.test(ahead(actual))) return 'Markdown shown as text by xinwen';
    return 'other';
  })();
  const { expected: expectedAround, actual: actualAround } = firstDifference(expected, actual);
  return { cause, expected: expectedAround, actual: actualAround, removed, added };
}

/** A command's exit code and what it printed (stdout and stderr together, without colours). */
export interface Run {
  code: number | null;
  output: string;
}

/** A real site migrated into a fresh checkout, checked and built as its owner would. */
export interface MigratedRealSite {
  site: RealSite;
  checkout: string;
  migrate: Run;
  /** `npm run check`. */
  check: Run;
  /** `astro build`, its log also in `<checkout>.log`. */
  build: Run;
  outDir: string;
  cacheDir: string;
  /** Wall-clock seconds of each step. */
  seconds: { migrate: number; check: number; build: number };
}

/** Runs node with `args` in `checkout`, none of the site's variables set but `env`; the output goes to `logFile`. */
function runNode(checkout: string, args: string[], logFile: string, env: Record<string, string> = {}): Promise<Run> {
  const environment: NodeJS.ProcessEnv = { ...process.env };
  for (const name of [...Object.keys(ENVIRONMENT_VARIABLES), SETTINGS_VARIABLE]) delete environment[name];
  // To a file, not a pipe: Astro exits before a pipe has taken all of a long build log.
  const log = openSync(logFile, 'w');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: checkout,
      stdio: ['ignore', log, log],
      env: { ...environment, NO_COLOR: '1', FORCE_COLOR: '0', ASTRO_TELEMETRY_DISABLED: '1', ...env },
    });
    child.on('error', (error) => {
      closeSync(log);
      reject(error);
    });
    child.on('close', (code) => {
      closeSync(log);
      resolve({ code, output: readFileSync(logFile, 'utf8').replace(/\x1b\[[0-9;]*m/g, '') });
    });
  });
}

/**
 * Migrates a real site into a fresh checkout at `dir` (`npm run migrate -- <site> --copy-posts
 * --names-from-posts`), runs `npm run check` and builds it, without the search index (nothing
 * compared reads it; the link check does not need it). Asynchronous, so that the three sites
 * build side by side.
 */
export async function migrateRealSite(site: RealSite, dir: string): Promise<MigratedRealSite> {
  const checkout = freshCheckout(dir);
  const tsx = path.join('node_modules', 'tsx', 'dist', 'cli.mjs');
  const seconds = { migrate: 0, check: 0, build: 0 };
  const timed = async (step: keyof typeof seconds, run: () => Promise<Run>) => {
    const start = performance.now();
    const result = await run();
    seconds[step] = (performance.now() - start) / 1000;
    return result;
  };
  const migrate = await timed('migrate', () =>
    runNode(checkout, [tsx, 'scripts/migrate.ts', siteFolder(site), '--copy-posts', '--names-from-posts'], `${checkout}.migrate.log`),
  );
  if (migrate.code !== 0) throw new Error(`migrate of ${site} failed:\n${migrate.output}`);
  const check = await timed('check', () => runNode(checkout, [tsx, 'scripts/check-posts.ts'], `${checkout}.check.log`));
  const build = await timed('build', () =>
    runNode(checkout, [path.join('node_modules', 'astro', 'bin', 'astro.mjs'), 'build'], `${checkout}.log`, {
      POSTS_DIR: 'src/content/posts',
      SEARCH_INDEX: 'skip',
    }),
  );
  const outDir = path.join(checkout, 'dist');
  const cacheDir = path.join(checkout, 'node_modules', '.astro');
  return { site, checkout, migrate, check, build, outDir, cacheDir, seconds };
}

/** What an article page shows of its post. */
export interface ArticleShown {
  /** The `<h1>`. */
  title: string;
  /** The `datetime` of the date it shows, in the site's zone. */
  datetime: string;
  /** The names of the categories and tags it lists. */
  categories: string[];
  tags: string[];
  /** The visible text of the body and of the 原文链接 line below it, if any. */
  text: string;
}

/** Reads an article page; undefined if the page has no article body. */
export function articleShown(html: string): ArticleShown | undefined {
  const page = parse(html);
  const body = page.querySelector('.article-body');
  if (!body) return undefined;
  const source = page.querySelector('.article-source');
  const names = (selector: string) => page.querySelectorAll(`.post-meta ${selector} a`).map((link) => link.text.trim());
  return {
    title: page.querySelector('article h1')?.text.trim() ?? '',
    datetime: page.querySelector('.post-meta time')?.getAttribute('datetime') ?? '',
    categories: names('.post-categories'),
    tags: names('.post-tags'),
    text: visibleText(`${body.innerHTML}${source ? `<p>${source.innerHTML}</p>` : ''}`),
  };
}

/** The redirect target of a redirect page (meta refresh), as a site path. */
function redirectTarget(html: string, from: string): string | undefined {
  const refresh = parse(html).querySelector('meta[http-equiv="refresh"]')?.getAttribute('content');
  const target = refresh ? /url=(.+)$/i.exec(refresh)?.[1] : undefined;
  return target ? new URL(target, `http://site.invalid${from}`).pathname : undefined;
}

/** A post whose page shows something else than Jekyll's, by its source file. */
export interface PostMismatch {
  file: string;
  expected: string;
  actual: string;
}

/** A cause of body differences: how many posts, and the first few. */
export interface CauseCount {
  count: number;
  examples: (PostMismatch & { removed: string; added: string })[];
}

/** How one built site compares with what Jekyll made of it. */
export interface SiteComparison {
  site: string;
  posts: number;
  /** Oracle URLs with no page, or a page without an article. */
  missing: string[];
  /** Oracle URLs that are a redirect to the article (followed). */
  redirected: string[];
  titles: PostMismatch[];
  days: PostMismatch[];
  categories: PostMismatch[];
  tags: PostMismatch[];
  /** Posts whose body text is Jekyll's. */
  bodyEqual: number;
  /** The sum of the body texts' similarities (missing pages count 0). */
  similaritySum: number;
  causes: Partial<Record<DifferenceCause, CauseCount>>;
}

const EXAMPLES_PER_CAUSE = 3;

/** The count of a cause, started at none. */
function causeCount(causes: SiteComparison['causes'], cause: DifferenceCause): CauseCount {
  const counted = causes[cause] ?? { count: 0, examples: [] };
  causes[cause] = counted;
  return counted;
}

/** The day (`YYYY-MM-DD`) of an instant in a time zone. */
export function dayIn(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** The instant of an oracle date, `%Y-%m-%d %H:%M:%S %z`. */
export function oracleInstant(date: string): Date {
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) ([+-]\d{2})(\d{2})$/.exec(date);
  if (!match) throw new Error(`not an oracle date: ${date}`);
  return new Date(`${match[1]}T${match[2]}${match[3]}:${match[4]}`);
}

/** A front-matter `date:` with a time and an offset (`2018-01-15 18:49 +0800`): an instant wherever it is read. */
const DATE_WITH_OFFSET =
  /^date:\s*['"]?\d{4}-\d{1,2}-\d{1,2}[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)['"]?\s*$/im;

/**
 * The day a post's date falls on in the migrated site's zone. A date written with an offset is an
 * instant: its day in `timeZone`. A date without one, or the file name's, is a day and time on the
 * clock, which Jekyll read in the zone it ran in and xinwen reads in the site's: the day written,
 * as the oracle gives it.
 */
export function expectedDay(post: OraclePost, source: string, timeZone: string): string {
  const frontMatter = /^---\r?\n([\s\S]*?)\r?\n---/.exec(source.replace(/^\uFEFF/, ''))?.[1] ?? '';
  return DATE_WITH_OFFSET.test(frontMatter) ? dayIn(oracleInstant(post.date), timeZone) : post.date.slice(0, 10);
}

/** A title as a heading shows it: white space collapsed and trimmed. */
const shownTitle = (title: string) => title.replace(/\s+/g, ' ').trim();

/** Names compared as a set, case aside: xinwen keys categories (and shows tags) by their lower case. */
const nameSet = (names: readonly string[]) => [...new Set(names.map((name) => name.toLowerCase()))].sort().join(', ');

/** A comparison of `posts` posts with nothing counted yet. */
function emptyComparison(site: SiteComparison['site'], posts: number): SiteComparison {
  return {
    site,
    posts,
    missing: [],
    redirected: [],
    titles: [],
    days: [],
    categories: [],
    tags: [],
    bodyEqual: 0,
    similaritySum: 0,
    causes: {},
  };
}

/**
 * Compares every oracle post with the built site in `outDir`: the page at Jekyll's URL (a
 * redirect page is followed), its title as a heading shows it, the day of its date in `timeZone`
 * (`expectedDay`), its categories as
 * `categoryNames` (the migrated `src/data/categories.yml`, slug → name) names them, its tags,
 * and its body text.
 */
export function compareSite(
  site: RealSite,
  oracle: Oracle,
  outDir: string,
  timeZone: string,
  categoryNames: Record<string, { name?: string } | null>,
): SiteComparison {
  const result = emptyComparison(site, oracle.posts.length);
  for (const post of oracle.posts) {
    let url = post.url;
    let html = existsSync(fileForUrl(outDir, url)) ? readFileSync(fileForUrl(outDir, url), 'utf8') : undefined;
    for (let hop = 0; html !== undefined && hop < 3; hop += 1) {
      const target = redirectTarget(html, url);
      if (target === undefined) break;
      if (hop === 0) result.redirected.push(post.url);
      url = target;
      html = existsSync(fileForUrl(outDir, url)) ? readFileSync(fileForUrl(outDir, url), 'utf8') : undefined;
    }
    const shown = html === undefined ? undefined : articleShown(html);
    if (!shown) {
      result.missing.push(post.url);
      continue;
    }
    const file = `${site}/${post.path}`;
    if (shownTitle(shown.title) !== shownTitle(post.title)) result.titles.push({ file, expected: post.title, actual: shown.title });
    const day = expectedDay(post, readFileSync(path.join(siteFolder(site), post.path), 'utf8'), timeZone);
    if (shown.datetime.slice(0, 10) !== day) result.days.push({ file, expected: day, actual: shown.datetime });
    const categories = nameSet(post.categories.map((category) => categoryNames[category.toLowerCase()]?.name ?? category));
    if (nameSet(shown.categories) !== categories) result.categories.push({ file, expected: categories, actual: nameSet(shown.categories) });
    if (nameSet(shown.tags) !== nameSet(post.tags)) result.tags.push({ file, expected: nameSet(post.tags), actual: nameSet(shown.tags) });
    const expected = visibleText(post.body_html);
    result.similaritySum += similarity(expected, shown.text);
    if (expected === shown.text) {
      result.bodyEqual += 1;
      continue;
    }
    const difference = differenceCause(expected, shown.text);
    const cause = causeCount(result.causes, difference.cause);
    cause.count += 1;
    if (cause.examples.length < EXAMPLES_PER_CAUSE) cause.examples.push({ file, ...difference });
  }
  return result;
}

/** The comparisons of several sites as one. */
export function combineComparisons(comparisons: readonly SiteComparison[]): SiteComparison {
  const all = emptyComparison('all', 0);
  for (const one of comparisons) {
    all.posts += one.posts;
    all.bodyEqual += one.bodyEqual;
    all.similaritySum += one.similaritySum;
    for (const key of ['missing', 'redirected'] as const) all[key].push(...one[key].map((url) => `${one.site} ${url}`));
    for (const key of ['titles', 'days', 'categories', 'tags'] as const) all[key].push(...one[key]);
    for (const [cause, counted] of Object.entries(one.causes) as [DifferenceCause, CauseCount][]) {
      const combined = causeCount(all.causes, cause);
      combined.count += counted.count;
      combined.examples.push(...counted.examples.slice(0, Math.max(0, EXAMPLES_PER_CAUSE - combined.examples.length)));
    }
  }
  return all;
}

/** The numbers a summary gives of a comparison. */
export function comparisonNumbers(comparison: SiteComparison): { bodyEqualShare: number; meanSimilarity: number } {
  return {
    bodyEqualShare: comparison.posts === 0 ? 1 : comparison.bodyEqual / comparison.posts,
    meanSimilarity: comparison.posts === 0 ? 1 : comparison.similaritySum / comparison.posts,
  };
}

/** A comparison as lines for the test's output: the numbers, then each kind of mismatch and cause with examples. */
export function comparisonLines(comparison: SiteComparison): string[] {
  const { bodyEqualShare, meanSimilarity } = comparisonNumbers(comparison);
  const lines = [
    `${comparison.site}: ${comparison.posts} posts, body text equal for ${comparison.bodyEqual} (${(bodyEqualShare * 100).toFixed(1)} %), ` +
      `mean similarity ${meanSimilarity.toFixed(5)}; ${comparison.missing.length} missing, ${comparison.redirected.length} redirected, ` +
      `${comparison.titles.length} titles, ${comparison.days.length} days, ${comparison.categories.length} category lists and ` +
      `${comparison.tags.length} tag lists differ`,
  ];
  for (const url of comparison.missing) lines.push(`  missing: ${url}`);
  for (const key of ['titles', 'days', 'categories', 'tags'] as const) {
    for (const { file, expected, actual } of comparison[key].slice(0, 5))
      lines.push(`  ${key}: ${file}: Jekyll ${JSON.stringify(expected)}, xinwen ${JSON.stringify(actual)}`);
  }
  const causes = (Object.entries(comparison.causes) as [DifferenceCause, CauseCount][]).sort((a, b) => b[1].count - a[1].count);
  for (const [cause, { count, examples }] of causes) {
    lines.push(`  ${count} × ${cause}`);
    for (const example of examples)
      lines.push(`      ${example.file}: Jekyll …${JSON.stringify(example.expected)}… xinwen …${JSON.stringify(example.actual)}…`);
  }
  return lines;
}

/** The migrated site's time zone, as `npm run migrate` wrote it into `src/site.config.ts`. */
export function migratedTimeZone(checkout: string): string {
  const zone = /^\s*timeZone: '([^']+)'/m.exec(readFileSync(path.join(checkout, 'src/site.config.ts'), 'utf8'))?.[1];
  if (!zone) throw new Error(`no timeZone in ${checkout}/src/site.config.ts`);
  return zone;
}

/** The migrated category names (`src/data/categories.yml`): slug → `{ name }`. */
export function migratedCategoryNames(checkout: string): Record<string, { name?: string } | null> {
  return (YAML.parse(readFileSync(path.join(checkout, 'src/data/categories.yml'), 'utf8')) ?? {}) as Record<
    string,
    { name?: string } | null
  >;
}

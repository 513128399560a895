/**
 * Reads one Jekyll post file into a post, or into the problems that keep it out. Pure apart
 * from the clock passed in: the loader, the `check` command and the tests all use it, so a
 * file means the same thing everywhere.
 */
import { markdownToHtml } from 'satteri';
import YAML, { LineCounter, isMap, isScalar, type Document } from 'yaml';
import { parseDate } from '../lib/dates';
import { excerpt, htmlToText } from '../lib/excerpt';
import { postPermalink } from '../lib/permalink';
import { stripXmlForbidden } from '../lib/xml';
import { createFrontMatterSchema, type FrontMatter, type ReadPost } from '../schemas/post';

/** One thing wrong with a file: where, which field, why, and how to fix it. */
export interface Problem {
  /** File path as given to {@link readPostFile}. */
  file: string;
  /** 1-based line in the file, when known. */
  line?: number;
  /** Front-matter field, `file name`, `front matter`, `body`, or `file` (the whole file, e.g. its encoding). */
  field: string;
  message: string;
}

/** Settings a post is read with (a subset of the site config). */
export interface ReadOptions {
  timeZone: string;
  permalink: string;
  excerptLength: number;
  includeFuture: boolean;
  /** Sanitizes rendered body HTML. */
  sanitize: (html: string) => string;
  /** The build's clock, for future posts. */
  now: Date;
  /** Render and sanitize the body (the build does; `npm run check` only validates). Default true. */
  render?: boolean;
  /**
   * Repair the one common scraper mistake, a double-quoted `title:` with unescaped inner quotes,
   * and report it as a repair (lenient mode only). Default false.
   */
  repairTitles?: boolean;
  /**
   * The permalink style the old Jekyll site used, when it differs from `permalink`: each post's
   * old URL then gets a redirect page.
   */
  legacyPermalink?: string | undefined;
}

/** What a file turned out to be. `repairs` lists what lenient mode fixed in the file. */
export type ReadResult = { warnings: Problem[]; repairs: Problem[] } & (
  | { status: 'post'; post: ReadPost; html: string }
  | { status: 'unpublished' | 'future' }
  | { status: 'invalid'; problems: Problem[] }
  | { status: 'not-a-post' }
);

/** Jekyll's rule for post file names: `YYYY-MM-DD-name.ext` (Jekyll matches extensions in any case). */
const POST_FILE_NAME = /^(\d{4})-(\d{1,2})-(\d{1,2})-(.+)\.(md|markdown|html)$/i;
const POST_EXTENSIONS = /\.(md|markdown|html)$/i;
// Jekyll's front matter: "---" on the first line, closed by "---" or "..." on a line of its own.
const FRONT_MATTER = /^---[ \t]*\n([\s\S]*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|$)/;
const KNOWN_LAYOUTS = new Set(['post', 'default']);
// Psych's timestamp rule (ScalarScanner::TIME) without an offset: only a plain `date:` of this
// shape became a UTC time in Jekyll. Anything else without an offset (no seconds, say) stayed
// text that Jekyll read in the site zone, so its URL is the one xinwen gives.
const PSYCH_TIME_WITHOUT_OFFSET = /^-?\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|\s+)\d{1,2}:\d\d:\d\d(?:\.\d*)?$/;
// Psych reads a plain `~`, `null` (any case) or empty value as nil.
const YAML_NULL = /^(?:~|null)?$/i;

const utf8 = new TextDecoder('utf-8', { fatal: true });

const schemas = new Map<string, ReturnType<typeof createFrontMatterSchema>>();
function frontMatterSchemaFor(timeZone: string) {
  let schema = schemas.get(timeZone);
  if (!schema) {
    schema = createFrontMatterSchema({ timeZone });
    schemas.set(timeZone, schema);
  }
  return schema;
}

/** Jekyll's `titleize_slug`: words of the slug, each capitalised. */
export function titleFromSlug(slug: string): string {
  return slug
    .split('-')
    .filter((word) => word !== '')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase())
    .join(' ');
}

/** Whether a path in the posts folder is a candidate post (by extension) at all. */
export function isPostCandidate(fileName: string): boolean {
  return POST_EXTENSIONS.test(fileName);
}

/**
 * Reads a post file. `file` is the path shown in messages and stored as the post's source;
 * only its last segment is matched against the `YYYY-MM-DD-name` rule.
 */
export function readPostFile(file: string, bytes: Uint8Array, options: ReadOptions): ReadResult {
  const warnings: Problem[] = [];
  const problem = (field: string, message: string, line?: number): Problem =>
    line === undefined ? { file, field, message } : { file, line, field, message };

  const baseName = file.split('/').pop()!;
  const nameMatch = POST_FILE_NAME.exec(baseName);

  const repairs: Problem[] = [];
  const unreadable = (reason: Problem): ReadResult =>
    nameMatch ? { status: 'invalid', problems: [reason], warnings, repairs } : { status: 'not-a-post', warnings: [reason], repairs };

  // A NUL byte never occurs in text; such a file is an image or an archive with a post's name.
  if (bytes.includes(0)) return unreadable(problem('file', 'is a binary file, not text; remove it from the posts folder'));
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return unreadable(problem('file', 'is not valid UTF-8 (a GBK or binary file?); convert it to UTF-8', firstInvalidUtf8Line(bytes)));
  }
  text = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  // An empty file is a scraper's failed write, not a post: there is nothing to publish.
  if (text.trim() === '') return unreadable(problem('file', 'is empty; write front matter and a body, or remove the file'));

  const parsed = parseFrontMatter(text, problem, options.repairTitles === true);
  repairs.push(...parsed.repairs);
  const schema = frontMatterSchemaFor(options.timeZone);
  const result = parsed.problems.length > 0 ? undefined : schema.safeParse(parsed.data);
  const frontMatterProblems = result?.success === false
    ? result.error.issues.map((issue) => {
        const field = String(issue.path[0] ?? 'front matter');
        return problem(field, issue.message, parsed.lineOf(field));
      })
    : parsed.problems;
  const rawTitle = parsed.data.title;
  if ('title' in parsed.data && (rawTitle === null || (typeof rawTitle === 'string' && rawTitle.trim() === ''))) {
    warnings.push(problem('title', 'is empty; the title is taken from the file name instead', parsed.lineOf('title')));
  }

  if (!nameMatch) {
    // Jekyll ignores such files without a word; xinwen says so, with what else is wrong.
    const extra = [...frontMatterProblems, ...warnings].map((p) => `${p.field}: ${p.message}`);
    warnings.length = 0;
    warnings.push(
      problem(
        'file name',
        `does not match YYYY-MM-DD-name.(md|markdown|html), so it is not a post; rename it to start with its date` +
          (extra.length ? ` (it also has: ${extra.join('; ')})` : ''),
      ),
    );
    return { status: 'not-a-post', warnings, repairs };
  }

  const [, year, month, day, fileSlug, extension] = nameMatch;
  const fileDate = parseDate(`${year}-${month}-${day}`, options.timeZone);
  // Every problem of the file is listed at once, so one fix-and-rebuild round is enough.
  const problems = fileDate.ok
    ? frontMatterProblems
    : [...frontMatterProblems, problem('file name', `date ${fileDate.reason}; rename the file to start with the post's real date`)];
  if (!result?.success || !fileDate.ok) return { status: 'invalid', problems, warnings, repairs };

  const frontMatter: FrontMatter = result.data;
  if (frontMatter.layout !== undefined && !KNOWN_LAYOUTS.has(frontMatter.layout)) {
    warnings.push(problem('layout', `"${frontMatter.layout}" is not a layout here; the post is shown with the post layout (write layout: post or remove the line)`, parsed.lineOf('layout')));
  }

  if (!frontMatter.published) return { status: 'unpublished', warnings, repairs };
  const date = frontMatter.date?.date ?? fileDate.date;
  if (!options.includeFuture && date.getTime() > options.now.getTime()) return { status: 'future', warnings, repairs };

  const slug = frontMatter.slug ?? fileSlug!;
  const style = frontMatter.permalink ?? options.permalink;
  const permalinkInput = { categories: frontMatter.categories, slug, timeZone: options.timeZone };
  const { path, url } = postPermalink(style, { ...permalinkInput, date });

  // The URL Jekyll gave the post, when it differs: the old site's permalink style, and
  // Psych's reading of an unquoted date without an offset as UTC (which may name another day).
  // That old URL gets a redirect page.
  const rawDate = parsed.plainDate;
  const jekyllDate =
    rawDate && frontMatter.date && !frontMatter.date.hasOffset && PSYCH_TIME_WITHOUT_OFFSET.test(rawDate.trim())
      ? parseDate(`${rawDate} +0000`, options.timeZone)
      : undefined;
  const jekyllStyle = frontMatter.permalink ?? options.legacyPermalink ?? style;
  const jekyllPath = postPermalink(jekyllStyle, { ...permalinkInput, date: jekyllDate?.ok ? jekyllDate.date : date }).path;
  const legacyPaths = jekyllPath === path ? [] : [jekyllPath];

  let html = '';
  if (options.render !== false) {
    const rendered = extension!.toLowerCase() === 'html' ? parsed.body : markdownToHtml(parsed.body, { features: { gfm: true, frontmatter: false } }).html;
    // Control characters and lone surrogates are not allowed in HTML or XML documents.
    html = stripXmlForbidden(options.sanitize(rendered));
  }

  const post: ReadPost = {
    title: frontMatter.title ?? titleFromSlug(fileSlug!),
    date,
    categories: frontMatter.categories,
    tags: frontMatter.tags,
    path,
    url,
    legacyPaths,
    excerpt: excerpt(htmlToText(html), options.excerptLength),
    sourceFile: file,
  };
  return { status: 'post', post, html, warnings, repairs };
}

interface ParsedFrontMatter {
  repairs: Problem[];
  data: Record<string, unknown>;
  body: string;
  problems: Problem[];
  /** Line in the file where a front-matter key stands. */
  lineOf: (key: string) => number | undefined;
  /** The `date:` value when YAML saw it as a plain (unquoted) scalar. */
  plainDate?: string;
}

// A scraper's `title: "专家称"稳增长"政策仍有空间"`: double quotes around a value with more inside.
const UNESCAPED_QUOTED_TITLE = /^title:[ \t]*"(.*".*)"[ \t]*$/;

/**
 * The front matter with each broken double-quoted title line rewritten in single quotes, and
 * the lines changed; the caller keeps it only if the YAML then reads without errors.
 */
function repairQuotedTitles(yamlText: string): { text: string; lines: { line: number; title: string }[] } {
  const lines: { line: number; title: string }[] = [];
  const text = yamlText
    .split('\n')
    .map((line, index) => {
      const match = UNESCAPED_QUOTED_TITLE.exec(line);
      if (!match || /\\"/.test(match[1]!)) return line;
      lines.push({ line: index + 1, title: match[1]! });
      return `title: '${match[1]!.replace(/'/g, "''")}'`;
    })
    .join('\n');
  return { text, lines };
}

function parseFrontMatter(
  text: string,
  problem: (field: string, message: string, line?: number) => Problem,
  repairTitles: boolean,
): ParsedFrontMatter {
  const match = FRONT_MATTER.exec(text);
  if (!match) return { data: {}, body: text, problems: [], repairs: [], lineOf: () => undefined };

  const original = match[1] ?? '';
  let yamlText = original;
  const repairs: Problem[] = [];
  if (repairTitles) {
    const repaired = repairQuotedTitles(original);
    if (repaired.lines.length > 0 && YAML.parseDocument(original, { schema: 'failsafe' }).errors.length > 0) {
      if (YAML.parseDocument(repaired.text, { schema: 'failsafe', uniqueKeys: true }).errors.length === 0) {
        yamlText = repaired.text;
        for (const { line, title } of repaired.lines) {
          repairs.push(problem('title', `repaired unescaped double quotes; read as ${title} (quote it with '…' to silence this)`, line + 1));
        }
      }
    }
  }
  const body = text.slice(match[0].length);
  const lineCounter = new LineCounter();
  // Line 1 of the file is the opening "---"; YAML's line 1 is the file's line 2.
  const fileLine = (yamlLine: number) => yamlLine + 1;
  const yamlLines = yamlText.split('\n');

  let document: Document.Parsed;
  try {
    // The failsafe schema keeps every scalar as the text the author wrote: "+0800" stays a
    // string, not the number 800, and the schema decides what each field means.
    document = YAML.parseDocument(yamlText, { lineCounter, uniqueKeys: true, schema: 'failsafe' });
  } catch (error) {
    return { data: {}, body, problems: [problem('front matter', `cannot be read: ${String(error)}`)], repairs, lineOf: () => undefined };
  }

  const lineOf = (key: string): number | undefined => {
    if (!isMap(document.contents)) return undefined;
    for (const pair of document.contents.items) {
      if (isScalar(pair.key) && String(pair.key.value) === key && pair.key.range) {
        return fileLine(lineCounter.linePos(pair.key.range[0]).line);
      }
    }
    return undefined;
  };

  if (document.errors.length > 0) {
    const problems = document.errors.map((error) => {
      const yamlLine = lineCounter.linePos(error.pos[0]).line;
      const lineText = yamlLine ? yamlLines[yamlLine - 1] ?? '' : '';
      const field = /^([A-Za-z_][\w-]*)\s*:/.exec(lineText)?.[1] ?? 'front matter';
      return problem(field, yamlErrorReason(error.code, error.message, lineText), yamlLine ? fileLine(yamlLine) : undefined);
    });
    return { data: {}, body, problems, repairs, lineOf };
  }

  // The failsafe schema has no null; Jekyll (Psych) has, and `categories: ~` or an empty
  // `category:` must not become a category named "null" or "".
  YAML.visit(document, {
    Scalar(key, node) {
      if (key !== 'key' && node.type === 'PLAIN' && !node.tag && typeof node.value === 'string' && YAML_NULL.test(node.value)) {
        node.value = null;
      }
    },
  });
  const data: unknown = document.toJS();
  if (data === null || data === undefined) return { data: {}, body, problems: [], repairs, lineOf };
  if (typeof data !== 'object' || Array.isArray(data)) {
    return { data: {}, body, problems: [problem('front matter', 'must be "key: value" lines between the two --- lines', 2)], repairs, lineOf };
  }
  const dateNode = isMap(document.contents) ? document.contents.get('date', true) : undefined;
  const plainDate = isScalar(dateNode) && dateNode.type === 'PLAIN' && typeof dateNode.value === 'string' ? dateNode.value : undefined;
  return { data: data as Record<string, unknown>, body, problems: [], repairs, lineOf, plainDate };
}

/** 1-based line of the first bytes that are not UTF-8 (a newline byte is never inside a UTF-8 or GBK character). */
function firstInvalidUtf8Line(bytes: Uint8Array): number | undefined {
  let start = 0;
  for (let line = 1; start <= bytes.length; line += 1) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    try {
      utf8.decode(bytes.subarray(start, end));
    } catch {
      return line;
    }
    start = end + 1;
  }
  return undefined;
}

function yamlErrorReason(code: string, message: string, lineText: string): string {
  const reason = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  const value = lineText.replace(/^[^:]*:\s*/, '');
  if (code === 'DUPLICATE_KEY') return `${reason}: keep only one of them`;
  if (value.startsWith('"') && code === 'UNEXPECTED_TOKEN') {
    return `${reason}: the value has an unescaped " inside double quotes; write it in single quotes ('…') or escape each inner " as \\"`;
  }
  if (code === 'BLOCK_AS_IMPLICIT_KEY' || /: /.test(value)) {
    return `${reason}: the value contains ": "; put the whole value in quotes`;
  }
  if (/^[[{]/.test(value)) {
    return `${reason}: a value starting with [ or { is read as a list or map; put the whole value in quotes`;
  }
  return reason;
}

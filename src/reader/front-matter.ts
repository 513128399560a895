/**
 * Text to front matter: Jekyll's `---` block read as YAML, the body after it, and where each key
 * stands in the file. YAML is read with the failsafe schema, so every scalar stays the text the
 * author wrote (`+0800` is not the number 800) and the schema stage decides what each field means.
 */
import YAML, { LineCounter, isMap, isScalar, isSeq, type Document, type Scalar } from 'yaml';
import { finding, type Finding } from '../lib/problem';
import { psychScalar } from '../lib/psych-scalar';
import { repairQuotedTitles } from './title-repair';

// Jekyll's front matter: "---" on the first line, closed by "---" or "..." on a line of its own;
// the YAML between them is the last group. The one splitter of a post's text.
const FRONT_MATTER_BLOCK = String.raw`---[ \t]*\n([\s\S]*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|$)`;
const FRONT_MATTER = new RegExp(`^${FRONT_MATTER_BLOCK}`);
// Psych reads a plain `~`, `null` (any case) or empty value as nil.
const YAML_NULL = /^(?:~|null)?$/i;

// Front matter that would be read if the blank lines before it were not there.
const DISPLACED_FRONT_MATTER = new RegExp(String.raw`^((?:[ \t]*\n)+)${FRONT_MATTER_BLOCK}`);

/**
 * A file whose `---` block starts after blank lines: Jekyll (and so xinwen) reads no front
 * matter then, and the post gets the file name as its title and the YAML as body text. Said as
 * a warning, so the scraper's habit is seen rather than published silently.
 */
export function displacedFrontMatter(text: string): Finding | undefined {
  const match = DISPLACED_FRONT_MATTER.exec(text);
  if (!match) return undefined;
  const line = match[1]!.split('\n').length;
  return finding(
    'front matter',
    `starts after ${line - 1} blank line${line === 2 ? '' : 's'}, so it is not read (as in Jekyll): the post has no title, date or categories from it and shows the YAML as text; remove the blank lines before ---`,
    line,
  );
}

/**
 * A file that has no front matter at all: Jekyll publishes it with the title and date from its
 * name and no categories, and so does xinwen; a post meant that way is rare in a news archive.
 */
export function missingFrontMatter(text: string): Finding | undefined {
  if (/^\uFEFF?---[ \t]*\r?$/m.test(text.split('\n', 1)[0]!) || DISPLACED_FRONT_MATTER.test(text)) return undefined;
  return finding(
    'front matter',
    'is missing (the file does not start with ---), so the post has the title and date of its file name and no categories or tags, as in Jekyll; start the file with --- and the fields, then ---',
    1,
  );
}

/** The file line (1-based) a body starts on: `text` is the whole file, `body` its body part. */
export function bodyFirstLine(text: string, body: string): number {
  return text.slice(0, text.length - body.length).split('\n').length;
}

/** How front matter is read. */
export interface FrontMatterOptions {
  /**
   * Repair the one common scraper mistake, a double-quoted `title:` with unescaped inner quotes,
   * and report it as a repair (lenient mode only).
   */
  repairTitles: boolean;
}

/** A post's text split into front matter and body. */
export interface FrontMatterText {
  /** The YAML mapping, scalars as text and YAML nulls as null; empty when absent or unreadable. */
  data: Record<string, unknown>;
  /** Everything after the closing `---`, or the whole text when there is no front matter. */
  body: string;
  /** File line (1-based) of each top-level key; the first one when a key is repeated. */
  keyLines: ReadonlyMap<string, number>;
  /** The `date:` value when written as a plain (unquoted) scalar: Psych read some of those as UTC. */
  plainDate?: string;
  /**
   * `categories:` and `tags:` when their value is a plain scalar Psych (Jekyll's YAML 1.1 reader)
   * reads as no text: `tags: 404` is a number there, `categories: yes` a boolean, `tags: 2019-01-01`
   * a date. Jekyll reads those keys only as text or a list.
   */
  notText?: ReadonlyMap<string, 'number' | 'boolean' | 'date'>;
  /** Why the YAML cannot be used; `data` is empty when there are any. */
  problems: Finding[];
  /** What was read as Jekyll reads it but is likely a mistake: a key written twice. */
  warnings?: Finding[];
  /** What lenient mode repaired. */
  repairs: Finding[];
}

// Line 1 of the file is the opening "---"; YAML's line 1 is the file's line 2.
const fileLine = (yamlLine: number) => yamlLine + 1;

/** Splits a post's text (LF line endings) and reads its front matter. */
export function readFrontMatter(text: string, options: FrontMatterOptions): FrontMatterText {
  const match = FRONT_MATTER.exec(text);
  if (!match) return { data: {}, body: text, keyLines: new Map(), problems: [], repairs: [] };

  const body = text.slice(match[0].length);
  const { yamlText, repairs } = options.repairTitles ? repairedYaml(match[1] ?? '') : { yamlText: match[1] ?? '', repairs: [] };
  const lineCounter = new LineCounter();

  let document: Document.Parsed;
  try {
    // Psych keeps the last of a repeated key, and so does this; each repeat is warned about.
    document = YAML.parseDocument(yamlText, { lineCounter, uniqueKeys: false, schema: 'failsafe' });
  } catch (error) {
    return { data: {}, body, keyLines: new Map(), problems: [finding('front matter', `cannot be read: ${String(error)}`)], repairs };
  }
  const keyLines = topLevelKeyLines(document, lineCounter);

  if (document.errors.length > 0) {
    const yamlLines = yamlText.split('\n');
    const problems = document.errors.map((error) => {
      const yamlLine = lineCounter.linePos(error.pos[0]).line;
      const lineText = yamlLine ? (yamlLines[yamlLine - 1] ?? '') : '';
      const field = /^([A-Za-z_][\w-]*)\s*:/.exec(lineText)?.[1] ?? 'front matter';
      return finding(field, yamlErrorReason(error.code, error.message, lineText), yamlLine ? fileLine(yamlLine) : undefined);
    });
    return { data: {}, body, keyLines, problems, repairs };
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
  const renamedTerms = psychTermNames(document, lineCounter);
  let data: unknown;
  try {
    // toJS throws on an alias with no anchor before it (`categories: *x`) and on alias bombs.
    data = document.toJS();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { data: {}, body, keyLines, problems: [finding('front matter', `cannot be read: ${message}`, 2)], repairs };
  }
  if (data === null || data === undefined) return { data: {}, body, keyLines, problems: [], repairs };
  if (typeof data !== 'object' || Array.isArray(data)) {
    return {
      data: {},
      body,
      keyLines,
      problems: [finding('front matter', 'must be "key: value" lines between the two --- lines', 2)],
      repairs,
    };
  }
  const dateNode = isMap(document.contents) ? document.contents.get('date', true) : undefined;
  const plainDate = isScalar(dateNode) && dateNode.type === 'PLAIN' && typeof dateNode.value === 'string' ? dateNode.value : undefined;
  const read: FrontMatterText = { data: data as Record<string, unknown>, body, keyLines, problems: [], repairs };
  const repeated = repeatedKeys(document, lineCounter);
  const quoted = quotedPublished(document, keyLines);
  const warnings = [...repeated, ...(quoted ? [quoted] : []), ...renamedTerms];
  if (warnings.length > 0) read.warnings = warnings;
  if (plainDate !== undefined) read.plainDate = plainDate;
  const notText = notTextScalars(document);
  if (notText.size > 0) read.notText = notText;
  return read;
}

// The keys Jekyll reads only as text or a list (`pluralized_array_from_hash`).
const TERM_KEYS = new Set(['categories', 'tags']);
const NOT_TEXT: Partial<Record<ReturnType<typeof psychScalar>['kind'], 'number' | 'boolean' | 'date'>> = {
  integer: 'number',
  float: 'number',
  boolean: 'boolean',
  date: 'date',
  time: 'date',
};

/** `categories:` and `tags:` whose plain scalar value Psych reads as a number, boolean or date. */
function notTextScalars(document: Document.Parsed): Map<string, 'number' | 'boolean' | 'date'> {
  const found = new Map<string, 'number' | 'boolean' | 'date'>();
  if (!isMap(document.contents)) return found;
  for (const pair of document.contents.items) {
    if (!isScalar(pair.key) || !TERM_KEYS.has(String(pair.key.value))) continue;
    if (!isScalar(pair.value) || pair.value.type !== 'PLAIN' || pair.value.tag) continue;
    const text = typeof pair.value.value === 'string' ? pair.value.value.trim() : '';
    const kind = NOT_TEXT[psychScalar(text).kind];
    if (kind) found.set(String(pair.key.value), kind);
  }
  return found;
}

// The keys whose names Jekyll makes with `to_s`: the items of any of them, and a singular key's
// own value (a plural key's lone scalar is no name at all; see `notTextScalars`).
const NAME_KEYS = new Set(['categories', 'tags', 'category', 'tag']);
const SINGULAR_KEYS = new Set(['category', 'tag']);

/**
 * Category and tag names written unquoted that Psych reads as something else than text:
 * `categories: [yes, 012]` names the categories "true" and "10" on a Jekyll site, and its URLs
 * carry those names. The nodes get Jekyll's names, so URLs stay as Jekyll made them, and each
 * key gets a warning that says how to keep a name as written.
 */
function psychTermNames(document: Document.Parsed, lineCounter: LineCounter): Finding[] {
  if (!isMap(document.contents)) return [];
  const warnings: Finding[] = [];
  for (const pair of document.contents.items) {
    if (!isScalar(pair.key) || !NAME_KEYS.has(String(pair.key.value))) continue;
    const key = String(pair.key.value);
    const names = isSeq(pair.value) ? pair.value.items : SINGULAR_KEYS.has(key) ? [pair.value] : [];
    const renamed: string[] = [];
    for (const node of names) {
      if (!isScalar(node) || node.type !== 'PLAIN' || node.tag || typeof node.value !== 'string') continue;
      const written = node.value;
      const read = psychScalar(written.trim());
      if (read.kind === 'string' || read.kind === 'time' || read.kind === 'symbol' || read.text === null) continue;
      (node as Scalar).value = read.text;
      if (read.text !== written) renamed.push(`${written} as ${read.text}`);
    }
    if (renamed.length === 0) continue;
    const line = pair.key.range ? fileLine(lineCounter.linePos(pair.key.range[0]).line) : undefined;
    warnings.push(
      finding(
        key,
        `Jekyll's YAML reads ${renamed.join(', ')}, and names the ${key.startsWith('tag') ? 'tag' : 'category'} so (as in its URLs); xinwen does the same; put a name in quotes to keep it as written`,
        line,
      ),
    );
  }
  return warnings;
}

/** The YAML text to read: the repaired one only when the original has errors and the repair has none. */
function repairedYaml(original: string): { yamlText: string; repairs: Finding[] } {
  const repaired = repairQuotedTitles(original);
  if (repaired.lines.length === 0 || YAML.parseDocument(original, { schema: 'failsafe' }).errors.length === 0) {
    return { yamlText: original, repairs: [] };
  }
  if (YAML.parseDocument(repaired.text, { schema: 'failsafe', uniqueKeys: false }).errors.length > 0) {
    return { yamlText: original, repairs: [] };
  }
  const repairs = repaired.lines.map(({ line, title }) =>
    finding('title', `repaired unescaped double quotes; read as ${title} (quote it with '…' to silence this)`, fileLine(line)),
  );
  return { yamlText: repaired.text, repairs };
}

/**
 * A warning for `published: "false"` (or another flag word) in quotes: Psych reads it as text,
 * which Jekyll takes as true and published the post; here the word counts, as its author meant.
 */
function quotedPublished(document: Document.Parsed, keyLines: ReadonlyMap<string, number>): Finding | undefined {
  const node = isMap(document.contents) ? document.contents.get('published', true) : undefined;
  if (!isScalar(node) || node.type === 'PLAIN') return undefined;
  const word = typeof node.value === 'string' ? String(node.value).trim() : '';
  if (psychScalar(word).kind !== 'boolean') return undefined;
  return finding(
    'published',
    `"${word}" is in quotes, which makes it text to Jekyll, and Jekyll published the post whatever the word; here ${word} counts, so the old site may have had this post; write it without quotes`,
    keyLines.get('published'),
  );
}

/** A warning for each top-level key written more than once, at its last line, whose value is used. */
function repeatedKeys(document: Document.Parsed, lineCounter: LineCounter): Finding[] {
  if (!isMap(document.contents)) return [];
  const lines = new Map<string, number[]>();
  for (const pair of document.contents.items) {
    if (!isScalar(pair.key) || !pair.key.range) continue;
    const key = String(pair.key.value);
    lines.set(key, [...(lines.get(key) ?? []), fileLine(lineCounter.linePos(pair.key.range[0]).line)]);
  }
  return [...lines]
    .filter(([, at]) => at.length > 1)
    .map(([key, at]) =>
      finding(
        key,
        `is written ${at.length} times (lines ${at.join(', ')}); the last one is used, as in Jekyll; keep only one of them`,
        at.at(-1),
      ),
    );
}

function topLevelKeyLines(document: Document.Parsed, lineCounter: LineCounter): Map<string, number> {
  const lines = new Map<string, number>();
  if (!isMap(document.contents)) return lines;
  for (const pair of document.contents.items) {
    if (isScalar(pair.key) && pair.key.range) {
      const key = String(pair.key.value);
      if (!lines.has(key)) lines.set(key, fileLine(lineCounter.linePos(pair.key.range[0]).line));
    }
  }
  return lines;
}

/** The YAML library's message, first line only, with what to do about the usual scraper mistakes. */
export function yamlErrorReason(code: string, message: string, lineText: string): string {
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

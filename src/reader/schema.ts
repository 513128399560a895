/**
 * Front matter to a validated {@link FrontMatter}: the zod schema of `src/schemas/post.ts`
 * applied to the YAML data, each problem placed on the line of its key.
 */
import { createFrontMatterSchema, type FrontMatter } from '../schemas/post';
import { finding, type Finding } from '../lib/problem';

/** Validated front matter, or every reason it is not. */
export type CheckedFrontMatter = { ok: true; frontMatter: FrontMatter } | { ok: false; problems: Finding[] };

// One schema per zone: building it per post would cost more than validating.
const schemas = new Map<string, ReturnType<typeof createFrontMatterSchema>>();

function schemaFor(timeZone: string): ReturnType<typeof createFrontMatterSchema> {
  let schema = schemas.get(timeZone);
  if (!schema) {
    schema = createFrontMatterSchema({ timeZone });
    schemas.set(timeZone, schema);
  }
  return schema;
}

/**
 * Validates front-matter data read from YAML. `keyLines` places each problem on its key's line;
 * `timeZone` is the site zone dates without an offset are read in.
 */
export function checkFrontMatter(
  data: Record<string, unknown>,
  keyLines: ReadonlyMap<string, number>,
  timeZone: string,
): CheckedFrontMatter {
  const result = schemaFor(timeZone).safeParse(data);
  if (result.success) return { ok: true, frontMatter: result.data };
  const problems = result.error.issues.map((issue) => {
    const field = String(issue.path[0] ?? 'front matter');
    return finding(field, issue.message, keyLines.get(field));
  });
  return { ok: false, problems };
}

/**
 * The warning for front matter that gives the post no title, so that it is titled from its file
 * name: `title:` missing (Jekyll did the same, silently) or empty (Jekyll showed an empty title).
 * Either way the post is published under a name its author never wrote, so both say which title
 * it gets and how to give it its own. `fileTitle` is the title the file name gives (undefined for
 * a file whose name is not a post's); a missing title is placed on the front matter's first line.
 */
export function untitledWarning(
  data: Record<string, unknown>,
  keyLines: ReadonlyMap<string, number>,
  fileTitle?: string,
): Finding | undefined {
  const gets =
    fileTitle === undefined
      ? 'the title is taken from the file name'
      : `the post is titled ${JSON.stringify(fileTitle)} from its file name`;
  if (!('title' in data)) return finding('title', `is missing, so ${gets} (as in Jekyll); write the article's title in a title: line`, 1);
  const { title } = data;
  if (title !== null && !(typeof title === 'string' && title.trim() === '')) return undefined;
  return finding('title', `is empty, so ${gets} instead; write the article's title after title:`, keyLines.get('title'));
}

// The plural keys Jekyll reads only as text or a list, with the singular that wins over one
// (`tag` over `tags`; `category` is added after `categories`, which counts either way).
const PLURAL_KEYS = [
  ['categories', undefined],
  ['tags', 'tag'],
] as const;

/**
 * `categories:` and `tags:` whose value Psych reads as no text (`tags: 404` is a number,
 * `categories: 2019-01-01` a date): Jekyll takes the plural keys only as text or a list, so such
 * a post has none, nor a category in its URL. xinwen reads them the same way, so URLs stay
 * Jekyll's: `data` without those keys, and a warning that says how to keep the value.
 */
export function ignoredTerms(
  data: Record<string, unknown>,
  keyLines: ReadonlyMap<string, number>,
  notText: ReadonlyMap<string, 'number' | 'boolean' | 'date'> | undefined,
): { data: Record<string, unknown>; warnings: Finding[] } {
  const kept = { ...data };
  const warnings: Finding[] = [];
  for (const [plural, singular] of PLURAL_KEYS) {
    const kind = notText?.get(plural);
    if (kind === undefined || (singular !== undefined && data[singular] !== undefined && data[singular] !== null)) continue;
    const text = String(data[plural]);
    delete kept[plural];
    const lost = plural === 'categories' ? 'no categories, nor a category in its URL' : 'no tags';
    warnings.push(
      finding(
        plural,
        `${text} is read as a ${kind}, not text, and Jekyll gives such a post ${lost}, so xinwen does too; write ${plural}: "${text}" to make it one${
          plural === 'categories' ? ' (the URL changes)' : ''
        }`,
        keyLines.get(plural),
      ),
    );
  }
  return { data: warnings.length > 0 ? kept : data, warnings };
}

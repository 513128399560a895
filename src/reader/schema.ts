/**
 * Front matter to a validated {@link FrontMatter}: the zod schema of `src/schemas/post.ts`
 * applied to the YAML data, each problem placed on the line of its key.
 */
import { createFrontMatterSchema, type FrontMatter } from '../schemas/post';
import { finding, type Finding } from './problem';

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

/**
 * The warning for `categories:` or `tags:` written as a bare number or boolean (`tags: 404`,
 * `categories: 2019`): YAML reads it as a number, and Jekyll takes the plural keys only as text
 * or a list, so the post gets no such category or tag — and, for categories, none in its URL.
 * xinwen does the same, so URLs stay Jekyll's; the warning says how to keep the value.
 */
export function ignoredTermsWarning(data: Record<string, unknown>, keyLines: ReadonlyMap<string, number>): Finding | undefined {
  for (const [plural, singular] of [
    ['categories', 'category'],
    ['tags', 'tag'],
  ] as const) {
    const value = data[plural];
    if (data[singular] !== undefined && data[singular] !== null) continue;
    if (typeof value !== 'number' && typeof value !== 'boolean') continue;
    return finding(
      plural,
      `${String(value)} is read as a ${typeof value}, not text, and Jekyll gives such a post no ${plural} (nor ${
        plural === 'categories' ? 'a category in its URL' : 'tag'
      }), so neither does xinwen; write ${plural}: "${String(value)}" to make it one (and the URL changes)`,
      keyLines.get(plural),
    );
  }
  return undefined;
}

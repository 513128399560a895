/**
 * Front matter to a validated {@link FrontMatter}: the zod schema of `src/schemas/post.ts`
 * applied to the YAML data, each problem placed on the line of its key.
 */
import { createFrontMatterSchema, type FrontMatter } from '../schemas/post';
import { finding, type Finding } from './problem';

/** Validated front matter, or every reason it is not. Warnings come either way. */
export type CheckedFrontMatter =
  | { ok: true; frontMatter: FrontMatter; warnings: Finding[] }
  | { ok: false; problems: Finding[]; warnings: Finding[] };

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
  const warnings: Finding[] = [];
  const title = data.title;
  if ('title' in data && (title === null || (typeof title === 'string' && title.trim() === ''))) {
    warnings.push(finding('title', 'is empty; the title is taken from the file name instead', keyLines.get('title')));
  }
  const result = schemaFor(timeZone).safeParse(data);
  if (result.success) return { ok: true, frontMatter: result.data, warnings };
  const problems = result.error.issues.map((issue) => {
    const field = String(issue.path[0] ?? 'front matter');
    return finding(field, issue.message, keyLines.get(field));
  });
  return { ok: false, problems, warnings };
}

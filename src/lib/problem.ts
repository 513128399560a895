/**
 * What keeps a file out of the site, or what a site owner should know about it. Reading
 * stages see only a file's bytes or text, so they report {@link Finding}s; the step that knows
 * the file's path turns them into {@link Problem}s.
 */

/** One thing wrong with a file: where, which field, why, and how to fix it. */
export interface Problem {
  /** File path as given to `readPostFile`. */
  file: string;
  /** 1-based line in the file, when known. */
  line?: number;
  /** Front-matter field, `file name`, `front matter`, `body`, or `file` (the whole file, e.g. its encoding). */
  field: string;
  message: string;
  /**
   * Warnings of one kind across files (`liquid include JB/liquid_raw`): a report names the kind
   * once, with the files that have it.
   */
  group?: string;
}

/** A {@link Problem} inside a file whose path is not known yet. */
export type Finding = Omit<Problem, 'file'>;

/** A finding; `line` is left out, not set to undefined, when unknown. */
export function finding(field: string, message: string, line?: number): Finding {
  return line === undefined ? { field, message } : { line, field, message };
}

/** The finding as a problem of `file`, keys in the order the JSON report shows them. */
export function inFile(file: string, { line, field, message, group }: Finding): Problem {
  const problem: Problem = line === undefined ? { file, field, message } : { file, line, field, message };
  if (group !== undefined) problem.group = group;
  return problem;
}

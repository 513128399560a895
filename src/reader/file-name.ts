/**
 * Jekyll's rules for the names of post files: which files are candidates at all, which are
 * posts (`YYYY-MM-DD-name.ext`), and what the name gives a post (its date and slug).
 */
import { parseDate } from '../lib/dates';
import { finding, type Finding } from '../lib/problem';

/**
 * The extensions of posts: Jekyll's Markdown ones (its default `markdown_ext`), `.html` and
 * `.htm`, in any case. Jekyll also publishes other files of `_posts` as posts, unconverted
 * (`x.txt`, `x.md.bak`, served as text or as a download): those are reported here, not published.
 */
const EXTENSIONS = 'md|markdown|mkdown|mkdn|mkd|html|htm';
const HTML_EXTENSION = /^html?$/i;

/** Whether a post file's extension (as {@link PostFileName} gives it) is HTML's, whose body is not Markdown and whose page keeps it. */
export function isHtmlExtension(extension: string): boolean {
  return HTML_EXTENSION.test(extension);
}
/** Jekyll's rule for post file names: `YYYY-MM-DD-name.ext`. */
const POST_FILE_NAME = new RegExp(`^(\\d{4})-(\\d{1,2})-(\\d{1,2})-(.+)\\.(${EXTENSIONS})$`, 'i');
const POST_EXTENSIONS = new RegExp(`\\.(${EXTENSIONS})$`, 'i');

/** What a post's file name says, as written. */
export interface PostFileName {
  year: string;
  month: string;
  day: string;
  /**
   * The name without the date prefix, the extension and trailing dots (Jekyll's "slugs shouldn't
   * end with a period"): the post's slug unless `slug:` is set.
   */
  slug: string;
  /** As written (`md`, `MD`, `markdown`, `mkd`, `html`…). */
  extension: string;
  /** The whole name without its extension (`2023-09-18-name`): what Jekyll's `:name` is made of. */
  stem: string;
}

/** Whether a path in the posts folder is a candidate post (by extension) at all. */
export function isPostCandidate(fileName: string): boolean {
  return POST_EXTENSIONS.test(fileName);
}

/** The parts of a post file name; only the last segment of `file` counts. Undefined when it is not one. */
export function parsePostFileName(file: string): PostFileName | undefined {
  const match = POST_FILE_NAME.exec(file.split('/').pop()!);
  if (!match) return undefined;
  const [, year, month, day, written, extension] = match;
  // A name of dots only keeps them: an empty slug would name no page.
  const slug = written!.replace(/\.+$/, '') || written!;
  return { year: year!, month: month!, day: day!, slug, extension: extension!, stem: `${year}-${month}-${day}-${written}` };
}

/** Midnight of the file-name date in the site zone, or why that date does not exist. */
export function fileNameDate(name: PostFileName, timeZone: string): { ok: true; date: Date } | { ok: false; problem: Finding } {
  const parsed = parseDate(`${name.year}-${name.month}-${name.day}`, timeZone);
  if (parsed.ok) return { ok: true, date: parsed.date };
  return { ok: false, problem: finding('file name', `date ${parsed.reason}; rename the file to start with the post's real date`) };
}

/**
 * The one warning for a candidate whose name has no date. Jekyll ignores such files without a
 * word; this says so, together with whatever else is wrong with the file.
 */
export function notAPostWarning(alsoWrong: readonly Finding[]): Finding {
  const extra = alsoWrong.map((found) => `${found.field}: ${found.message}`);
  return finding(
    'file name',
    `does not match YYYY-MM-DD-name.(md|markdown|html), so it is not a post; rename it to start with its date` +
      (extra.length ? ` (it also has: ${extra.join('; ')})` : ''),
  );
}

/** Jekyll's `titleize_slug`: words of the slug, each capitalised. */
export function titleFromSlug(slug: string): string {
  return slug
    .split('-')
    .filter((word) => word !== '')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase())
    .join(' ');
}

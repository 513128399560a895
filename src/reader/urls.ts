/**
 * A post's URL, and the URL Jekyll gave it when that differs: the old site's permalink style
 * (`legacyPermalink`) or zone (`legacyTimeZone`), or Psych's reading of an unquoted date without an offset as UTC, which
 * may name another day. Each old URL gets a redirect page.
 */
import { parseDate } from '../lib/dates';
import { keptFileExtension, outputExtension, postPermalink, routeSafe } from '../lib/permalink';
import { type Finding, finding } from '../lib/problem';
import { termSlug } from '../lib/site-index';

// Psych's timestamp rule (ScalarScanner::TIME) without an offset: only a plain `date:` of this
// shape became a UTC time in Jekyll. Anything else without an offset (no seconds, say) stayed
// text that Jekyll read in the site zone, so its URL is the one xinwen gives.
const PSYCH_TIME_WITHOUT_OFFSET = /^-?\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|\s+)\d{1,2}:\d\d:\d\d(?:\.\d*)?$/;

/** The site's URL settings. */
export interface UrlSettings {
  /** IANA zone the URL's date parts are taken in. */
  timeZone: string;
  /** The site's permalink style or pattern. */
  permalink: string;
  /** The old Jekyll site's style, when it differs from `permalink`. */
  legacyPermalink: string | undefined;
  /** The old Jekyll site's zone, when it differs from `timeZone`. */
  legacyTimeZone: string | undefined;
}

/** What a post's URLs are built from. */
export interface UrlInput {
  categories: readonly string[];
  slug: string;
  /** The file's name without its extension, for `:name`. */
  fileStem?: string | undefined;
  /** The file's path below the posts folder without its extension, for `:path`. */
  sourcePath?: string | undefined;
  /** What the post's converter gives as its output extension: `.html`, or an HTML file's own (`.HTML`). */
  convertedExt?: string | undefined;
  /** The post's date. */
  date: Date;
  /** The post's own `permalink:`, which wins over the site's styles, old and new. */
  permalink: string | undefined;
  /** The date Jekyll read, when it differs from `date` (see {@link jekyllUtcDate}). */
  jekyllDate?: Date | undefined;
  /** The front matter's date named its offset, so it is one instant whatever the zone. */
  dateHasOffset?: boolean | undefined;
}

/** Decoded path, percent-encoded URL, the decoded old paths that redirect to it, and the extension their files keep. */
export interface PostUrls {
  path: string;
  url: string;
  legacyPaths: string[];
  keptExtension: string | undefined;
}

/**
 * The instant Jekyll gave a `date:` written as a plain YAML scalar without an offset
 * (`date: 2021-12-08 20:30:00`): Psych read it as UTC. Undefined for every other date.
 */
export function jekyllUtcDate(plainDate: string | undefined, date: { hasOffset: boolean } | undefined, timeZone: string): Date | undefined {
  if (!plainDate || !date || date.hasOffset || !PSYCH_TIME_WITHOUT_OFFSET.test(plainDate.trim())) return undefined;
  const parsed = parseDate(`${plainDate} +0000`, timeZone);
  return parsed.ok ? parsed.date : undefined;
}

/** A post's URL and its old Jekyll URL, when that is another one. */
export function postUrls(input: UrlInput, settings: UrlSettings): PostUrls {
  const style = input.permalink ?? settings.permalink;
  const permalinkInput = {
    categories: input.categories,
    slug: input.slug,
    fileStem: input.fileStem,
    sourcePath: input.sourcePath,
    outputExt: outputExtension(input.permalink, input.convertedExt),
    timeZone: settings.timeZone,
  };
  const { path, url } = postPermalink(style, { ...permalinkInput, date: input.date });
  const jekyllStyle = input.permalink ?? settings.legacyPermalink ?? style;
  // A date without an offset (or from the file name) was read in the old zone as written, so its
  // day is the same in both; only an instant (an offset, or Psych's UTC) may fall on another day.
  const instant = input.jekyllDate !== undefined || input.dateHasOffset === true;
  const jekyllZone = instant ? (settings.legacyTimeZone ?? settings.timeZone) : settings.timeZone;
  const jekyllPath = postPermalink(jekyllStyle, {
    ...permalinkInput,
    timeZone: jekyllZone,
    date: input.jekyllDate ?? input.date,
  }).path;
  return {
    path,
    url,
    legacyPaths: jekyllPath === path ? [] : [jekyllPath],
    // The path's segments are NFC and well-formed (permalinkSegments); the extension must be too, or
    // exactFileOf appends it a second time and the search index looks for a file never written.
    keptExtension: keptFileExtension(input.permalink, input.convertedExt)?.normalize('NFC').toWellFormed(),
  };
}

// The longest file or folder name file systems hold (ext4, APFS, NTFS), in UTF-8 bytes, less room
// for what the build adds to a name: `.html`, and a mark or a `-` of its own.
const NAME_BYTES = 255 - 10;

// A path's limit (PATH_MAX, 4,096 bytes on Linux) less room for the output folder before it.
const PATH_BYTES = 3072;

// The build's own stand-ins (`ROUTE_STAND_INS`, `EXACT_FILE_MARK`), turned back into `%`, `\\`…
// or taken off when the pages are written: a name that holds one names a file never written.
const STAND_IN = /[\uE000-\uE1FF]/;

const nameBytes = (segment: string) => Buffer.byteLength(routeSafe(segment), 'utf8');

/** What the names of a post give its files, and where each comes from. */
export interface NamedUrls {
  path: string;
  legacyPaths: readonly string[];
  categories: readonly string[];
  tags: readonly string[];
  /** The post has its own `permalink:` (else its last segment comes from its slug). */
  ownPermalink: boolean;
}

/**
 * A name of a post's files longer than a file system holds (a category of about 80 Chinese
 * characters): the build could not write the page or listing, so the post is invalid, with the
 * field the name comes from. Jekyll failed on such a post too.
 */
export function overlongName(urls: NamedUrls, keyLines: ReadonlyMap<string, number>): Finding | undefined {
  const tooLong = (what: string, name: string, field: string) =>
    finding(
      field,
      `${what} "${name.slice(0, 24)}…" is ${nameBytes(name).toLocaleString('en-US')} bytes as a file name, and a file or folder name ` +
        `holds at most ${NAME_BYTES} bytes here (about 80 Chinese characters); shorten it`,
      keyLines.get(field),
    );
  for (const [kind, names] of [
    ['categories', urls.categories],
    ['tags', urls.tags],
  ] as const) {
    const name = names.find((one) => nameBytes(termSlug(one)) > NAME_BYTES);
    if (name !== undefined) return tooLong(kind === 'categories' ? 'the category' : 'the tag', name, kind);
    const marked = names.find((one) => STAND_IN.test(one));
    if (marked !== undefined) {
      return finding(
        kind,
        `"${marked}" holds a private-use character (U+E000–U+E1FF) the build uses itself; remove it`,
        keyLines.get(kind),
      );
    }
  }
  const field = (last: boolean) => (urls.ownPermalink ? 'permalink' : last ? 'slug' : 'categories');
  for (const path of [urls.path, ...urls.legacyPaths]) {
    const bytes = Buffer.byteLength(routeSafe(path), 'utf8');
    if (bytes > PATH_BYTES) {
      return finding(
        field(false),
        `the URL is ${bytes.toLocaleString('en-US')} bytes as a path, and a path holds at most ${PATH_BYTES.toLocaleString('en-US')} bytes here; shorten it`,
        keyLines.get(field(false)),
      );
    }
    if (STAND_IN.test(path)) {
      return finding(
        field(true),
        `the URL ${path} holds a private-use character (U+E000–U+E1FF) the build uses itself; remove it`,
        keyLines.get(field(true)),
      );
    }
  }
  for (const path of [urls.path, ...urls.legacyPaths]) {
    const segments = path.split('/');
    const index = segments.findIndex((segment) => nameBytes(segment) > NAME_BYTES);
    if (index === -1) continue;
    return tooLong('a part of its URL', segments[index]!, urls.ownPermalink || index === segments.length - 1 ? field(true) : 'permalink');
  }
  return undefined;
}

/**
 * Jekyll's permalinks, so that every old link and feed subscription keeps working:
 * the same placeholders, the same styles, the same slug rules, with two fixes
 * (`?`, `#` and `%` are percent-encoded; Jekyll leaves `?` raw and breaks the link).
 */
import { dayOfYear, wallTime } from './dates';

/** Jekyll's named styles and the patterns they stand for. */
export const PERMALINK_STYLES: Record<string, string> = {
  date: '/:categories/:year/:month/:day/:title:output_ext',
  pretty: '/:categories/:year/:month/:day/:title/',
  ordinal: '/:categories/:year/:y_day/:title:output_ext',
  none: '/:categories/:title:output_ext',
  weekdate: '/:categories/:year/W:week/:short_day/:title:output_ext',
};

/** What a permalink is built from. */
export interface PermalinkInput {
  /** Categories as written in the front matter (case kept; lower-cased here like Jekyll). */
  categories: readonly string[];
  /** The post's instant; its wall time in `timeZone` gives the date parts. */
  date: Date;
  /** `slug:` from the front matter, else the file name after the date prefix. */
  slug: string;
  /** The file's name without its extension (`2023-09-18-name`), for `:name`; the slug stands in without one. */
  fileStem?: string | undefined;
  /** The file's path below the posts folder without its extension (`sub/2023-09-18-name`), for `:path`; the stem stands in without one. */
  sourcePath?: string | undefined;
  /** `:output_ext` ({@link outputExtension}); `.html` without one. */
  outputExt?: string | undefined;
  timeZone: string;
}

/** A post's address: `path` is decoded (it names the file on disk), `url` is what links use. */
export interface Permalink {
  path: string;
  url: string;
}

/** Resolves a style name (`date`, `pretty`, …) or passes a custom pattern through. */
export function permalinkPattern(style: string): string {
  const pattern = PERMALINK_STYLES[style] ?? style;
  if (!pattern.startsWith('/')) {
    throw new Error(`Permalink style "${style}" is neither date, pretty, ordinal, weekdate, none nor a pattern starting with "/"`);
  }
  return pattern;
}

// Jekyll's "pretty" slug mode: runs of anything but letters, digits and ._~!$&'()+,;=@ become "-".
// Digits are decimal digits only (\p{Nd}, as in Jekyll's regexps): ①, ² or 〇 become "-" there,
// and an old URL only keeps working if they do here too.
const PRETTY_SLUG_DISALLOWED = /[^\p{L}\p{Nd}\p{M}._~!$&'()+,;=@]+/gu;
const DEFAULT_SLUG_DISALLOWED = /[^\p{L}\p{Nd}\p{M}]+/gu;

/** Jekyll's `slugify(text, mode: "pretty", cased: true)`, used for `:title`. */
export function prettySlug(text: string): string {
  return text.replace(PRETTY_SLUG_DISALLOWED, '-').replace(/^-+|-+$/g, '');
}

/** Jekyll's default `slugify(text)`, used for `:slug`: lower case, only letters and digits. */
export function defaultSlug(text: string): string {
  return text
    .replace(DEFAULT_SLUG_DISALLOWED, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
}

/** Lower-cased, de-duplicated categories: what `:categories` and category pages are keyed by. */
export function categoryKeys(categories: readonly string[]): string[] {
  return [...new Set(categories.map((category) => category.toLowerCase()))];
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

const PLACEHOLDER_NAMES = [
  'short_year',
  'short_month',
  'long_month',
  'short_day',
  'long_day',
  'slugified_categories',
  'categories',
  'collection',
  'output_ext',
  'i_month',
  'i_day',
  'y_day',
  'w_year',
  'w_day',
  'week',
  'year',
  'month',
  'day',
  'hour',
  'minute',
  'second',
  'title',
  'slug',
  'name',
  'path',
];

// Longest names first, so ":i_month" is not read as ":i" + "_month".
const PLACEHOLDER = new RegExp(`:(${PLACEHOLDER_NAMES.join('|')})`, 'g');
const KNOWN_PLACEHOLDERS = new Set(PLACEHOLDER_NAMES);

/** The placeholders, as a message lists them. */
export const PERMALINK_PLACEHOLDERS = PLACEHOLDER_NAMES.map((name) => `:${name}`).join(', ');

/**
 * The first placeholder of a pattern that Jekyll does not know, as written (`:nonsense`), or
 * undefined. Jekyll reads a placeholder as the longest run of `a`–`z` and `_` after a colon, one
 * trailing `_` aside (`:year_` is the year and a `_`), and stops the whole build on a name it
 * does not have: `:titles` is no `:title` followed by an `s` there.
 */
export function unknownPlaceholder(pattern: string): string | undefined {
  for (const [written, name = ''] of pattern.matchAll(/:([a-z_]+)/g)) {
    if (!KNOWN_PLACEHOLDERS.has(name.endsWith('_') ? name.slice(0, -1) : name)) return written;
  }
  return undefined;
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The ISO 8601 week of a day (`%V`) and the year it belongs to (`%G`), as Ruby's strftime gives them. */
function isoWeek(wall: { year: number; month: number; day: number }): { week: number; year: number } {
  const day = new Date(Date.UTC(wall.year, wall.month - 1, wall.day));
  // The Thursday of the day's week decides the week's year.
  const thursday = new Date(day.getTime() + (3 - ((day.getUTCDay() + 6) % 7)) * 86_400_000);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  return { week: 1 + Math.floor((thursday.getTime() - yearStart) / (7 * 86_400_000)), year: thursday.getUTCFullYear() };
}

/**
 * Why a site-wide permalink style cannot be used, or undefined when it can: it must be a named
 * style or a pattern starting with "/", use only Jekyll's placeholders, and name each post
 * (`:title`, `:slug` or `:name`), or every post of a day would claim one URL.
 */
export function permalinkStyleProblem(style: string): string | undefined {
  const pattern = PERMALINK_STYLES[style] ?? style;
  if (!pattern.startsWith('/')) return 'must be date, pretty, ordinal, weekdate, none, or a pattern starting with "/"';
  const unknown = unknownPlaceholder(pattern);
  if (unknown) return `has unknown placeholder ${unknown}; use ${PERMALINK_PLACEHOLDERS}`;
  if (!/:(?:title|slug|name)/.test(pattern)) return 'must contain :title, :slug or :name, or posts of the same day share one URL';
  return undefined;
}

/** What a segment of a post's path stands for: hackable URLs list a category's posts, a year's, … */
export type SegmentKind = 'category' | 'year' | 'month' | 'day' | 'ordinal-day' | 'other';

/** One segment of a decoded post path, with what it stands for. */
export interface PathSegment {
  text: string;
  kind: SegmentKind;
}

// A pattern segment that is exactly one of these placeholders gives its segment this kind.
const SEGMENT_KINDS: Record<string, SegmentKind> = {
  ':categories': 'category',
  ':year': 'year',
  ':month': 'month',
  ':i_month': 'month',
  ':day': 'day',
  ':i_day': 'day',
  ':y_day': 'ordinal-day',
};

/**
 * The segments of the decoded path of a post, as Jekyll's URL class builds it, each with its kind;
 * {@link permalinkPath} joins them. The path is a folder (`…/`) when the pattern ends with "/".
 */
export function permalinkSegments(pattern: string, input: PermalinkInput): PathSegment[] {
  const wall = wallTime(input.date, input.timeZone);
  // Each value is worked out only when the pattern asks for it: this runs for every post on
  // every build, and most patterns name four placeholders of the twenty-odd.
  const weekday = () => new Date(Date.UTC(wall.year, wall.month - 1, wall.day)).getUTCDay();
  const placeholderValue = (name: string): string => {
    switch (name) {
      case 'categories':
        return categoryKeys(input.categories).join('/');
      case 'slugified_categories':
        return [...new Set(input.categories.map((category) => defaultSlug(category)))].join('/');
      case 'collection':
        return 'posts';
      case 'year':
        return String(wall.year);
      case 'short_year':
        return pad(wall.year % 100);
      case 'month':
        return pad(wall.month);
      case 'i_month':
        return String(wall.month);
      case 'day':
        return pad(wall.day);
      case 'i_day':
        return String(wall.day);
      case 'y_day':
        return pad(dayOfYear(wall), 3);
      // Jekyll's week placeholders: ISO week and its year (`%V`, `%G`), weekday 1–7 from Monday (`%u`).
      case 'week':
        return pad(isoWeek(wall).week);
      case 'w_year':
        return String(isoWeek(wall).year);
      case 'w_day':
        return String(((weekday() + 6) % 7) + 1);
      case 'short_month':
        return MONTH_NAMES[wall.month - 1]!.slice(0, 3);
      case 'long_month':
        return MONTH_NAMES[wall.month - 1]!;
      case 'short_day':
        return DAY_NAMES[weekday()]!.slice(0, 3);
      case 'long_day':
        return DAY_NAMES[weekday()]!;
      case 'hour':
        return pad(wall.hour);
      case 'minute':
        return pad(wall.minute);
      case 'second':
        return pad(wall.second);
      case 'title':
        return prettySlug(input.slug);
      case 'slug':
        return defaultSlug(input.slug);
      // Jekyll's `:name`: the file's whole name, date included, slugified.
      case 'name':
        return defaultSlug(input.fileStem ?? input.slug);
      // Jekyll's `:path`: the file's path from the posts folder, not slugified, trailing dots off.
      case 'path':
        return `/${input.sourcePath ?? input.fileStem ?? input.slug}`.replace(/\.+$/, '');
      case 'output_ext':
        return input.outputExt ?? '.html';
      default:
        // PLACEHOLDER matches the names above only.
        throw new Error(`no value for the permalink placeholder :${name}`);
    }
  };
  const segments = pattern.split('/').flatMap((part) => {
    const kind = SEGMENT_KINDS[part] ?? 'other';
    // Empty segments (no categories) go; so do segments of dots only, as in Jekyll's sanitize_url:
    // a category ".." would otherwise climb out of the output folder and break the link.
    // NFC, as Astro normalizes route parameters: the link and the file must name the same bytes.
    // A lone surrogate cannot be percent-encoded; it becomes U+FFFD rather than a crash.
    return part
      .replace(PLACEHOLDER, (_, name: string) => placeholderValue(name))
      .split('/')
      .filter((segment) => segment !== '' && !/^\.+$/.test(segment))
      .map((segment) => ({ text: segment.normalize('NFC').toWellFormed(), kind }));
  });
  // Dots inside a segment: sanitize_url also turns `..` into `/` and drops `./` (`a..b` is
  // `a/b`, a category `a.` joins the next segment). Such a path keeps Jekyll's text, and its
  // segments no longer stand for what the pattern says.
  const joined = segments.map((segment) => segment.text).join('/');
  if (!joined.includes('..') && !joined.includes('./')) return segments;
  const sanitized = jekyllSanitizedPath(joined);
  if (sanitized === joined) return segments;
  return sanitized
    .split('/')
    .filter((segment) => segment !== '')
    .map((text) => ({ text, kind: 'other' as const }));
}

/**
 * A path written whole (a `redirect_from:` entry) as Jekyll's `URL#sanitize_url` makes it, NFC and
 * well-formed as the post paths are: `..` as `/`, `./` removed, `/` runs squeezed, so no path
 * climbs out of the output folder.
 */
export function sanitizedUrlPath(path: string): string {
  const trailing = path.endsWith('/') && path.length > 1 ? '/' : '';
  const sanitized = jekyllSanitizedPath(path.replace(/^\/+/, '')).replace(/\/+$/, '');
  return `/${sanitized.normalize('NFC').toWellFormed()}${sanitized === '' ? '' : trailing}`;
}

/** Jekyll's `URL#sanitize_url` on a path without its leading `/`: `..` as `/`, `./` removed, `/` runs squeezed. */
function jekyllSanitizedPath(path: string): string {
  return `/${path}`
    .replaceAll('..', '/')
    .replaceAll('./', '')
    .replace(/\/{2,}/g, '/')
    .slice(1);
}

/** Builds the decoded path of a post from a pattern, as Jekyll's URL class does. */
export function permalinkPath(pattern: string, input: PermalinkInput): string {
  const segments = permalinkSegments(pattern, input).map((segment) => segment.text);
  return `/${segments.join('/')}${pattern.endsWith('/') && segments.length > 0 ? '/' : ''}`;
}

// Characters left raw in a path segment: RFC 3986 unreserved and sub-delims, ":" and "@";
// everything else (CJK, spaces, "?", "#", "%") is percent-encoded as UTF-8. `encodeURIComponent`
// leaves the unreserved ones and `!*'()` raw; these are the others it encodes.
const SUB_DELIMS_ENCODED = /%(?:24|26|2B|2C|3B|3D|3A|40)/g;

/** Percent-encodes one path segment the way Jekyll's URL escaping does, plus `?`, `#` and `%`. */
export function encodePathSegment(segment: string): string {
  return encodeURIComponent(segment).replace(SUB_DELIMS_ENCODED, decodeURIComponent);
}

/** Percent-encodes a decoded path, segment by segment. */
export function encodePath(path: string): string {
  return path.split('/').map(encodePathSegment).join('/');
}

/** A post's permalink under a style or pattern. */
export function postPermalink(style: string, input: PermalinkInput): Permalink {
  const path = permalinkPath(permalinkPattern(style), input);
  return { path, url: encodePath(path) };
}

/**
 * The last segment of the route parameter of a folder URL (`/a/b/`, Jekyll's `pretty` style).
 * Astro 7 reads a request for `/a/b/index.html` as `/a/b`, so a page whose parameter ends in
 * `index` never finds its own static path; such a page is rendered as `a/b/index.folder.html`
 * and the output step renames it to `a/b/index.html` (see {@link FOLDER_PAGE_FILE}).
 */
export const FOLDER_PAGE_PARAM = 'index.folder';

/** The file name Astro writes a folder URL's page to, before the output step renames it. */
export const FOLDER_PAGE_FILE = `${FOLDER_PAGE_PARAM}.html`;

/**
 * Characters a route parameter cannot carry to its page, each with what stands for it in the
 * parameter and in the file Astro writes from it, until the output step renames the file. Astro
 * decodes a requested path until it no longer changes, so a page of `/5%增长/` (a Jekyll category
 * `5%增长`) or `/pct%41/` never finds its own static path; URL parsing turns `\` into `/` and
 * drops tabs and line breaks; Astro's route patterns match no line terminator (U+2028 and U+2029
 * among them). The stand-ins are in Unicode's private use area (U+E000 plus the character's
 * code, U+E0A8 and U+E0A9 for the two separators): they reach the file name unchanged and name
 * no real path.
 */
export const ROUTE_STAND_INS: Readonly<Record<string, string>> = {
  '%': '\uE025',
  '\\': '\uE05C',
  '\t': '\uE009',
  '\n': '\uE00A',
  '\r': '\uE00D',
  '\u2028': '\uE0A8',
  '\u2029': '\uE0A9',
};
const UNROUTABLE = /[%\\\t\n\r\u2028\u2029]/g;

/** `text` with the characters a route parameter cannot carry as their {@link ROUTE_STAND_INS}. */
export function routeSafe(text: string): string {
  return text.replace(UNROUTABLE, (character) => ROUTE_STAND_INS[character]!);
}

/**
 * Ends the route parameter of a page whose file is named exactly as its path, not with `.html`
 * added: Astro writes `a/x.shtml` + this + `.html`, and the output step takes the two off. A
 * private-use character, like {@link ROUTE_STAND_INS}, that no real path names.
 */
export const EXACT_FILE_MARK = '\u{E100}';

/** Ruby's `File.extname`: the last dot's part of the last segment, '' for a dot file (`.html`). */
function rubyExtname(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1).replace(/^\.+/, '');
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot);
}

/**
 * Jekyll's output extension of a post (`:output_ext`): the one its own `permalink:` names, else
 * what its converter gives, `.html` for Markdown and the file's own for an HTML file (`.HTML`).
 */
export function outputExtension(ownPermalink: string | undefined, converted = '.html'): string {
  if (ownPermalink === undefined || ownPermalink.endsWith('/')) return converted;
  return rubyExtname(ownPermalink) || converted;
}

/**
 * The extension a post's file keeps when its output extension is not `.html`: a permalink of its
 * own such as `/a/20230904/12345.shtml`, or an HTML file named `x.HTML`. Jekyll writes such a post
 * to the file its URL names, where it adds `.html` to the URL of a site-wide pattern
 * (`/:title.htm` is `x.htm.html`). Undefined for every other post.
 */
export function keptFileExtension(ownPermalink: string | undefined, converted = '.html'): string | undefined {
  const extension = outputExtension(ownPermalink, converted);
  return extension === '.html' ? undefined : extension;
}

/** The decoded output file of a post's page at `path` (with a leading `/`), when it is not the one {@link routeParamForPath} alone gives. */
export function exactFileOf(path: string, keptExtension: string | undefined): string | undefined {
  if (keptExtension === undefined) return undefined;
  // A folder URL (`/x/`) is its folder's `index.html`, whatever the post's file is named (`x.HTML`).
  if (path.endsWith('/')) return undefined;
  return path.endsWith(keptExtension) ? path : `${path}${keptExtension}`;
}

/**
 * The Astro route parameter that writes `path` to the right file under `build.format: 'file'`:
 * `/a/b.html` → `a/b`, `/a/b/` and `/a/b/index.html` → `a/b/index.folder` (renamed to
 * `a/b/index.html` after the build, since Astro reads `a/b/index` as `a/b/`), `/a/b` (no
 * extension) → `a/b`; with {@link routeSafe}'s stand-ins. `exactFile` ({@link exactFileOf}),
 * and a file named only `.html` (a slug of nothing), are written by that exact name.
 */
export function routeParamForPath(path: string, exactFile?: string): string {
  if (exactFile !== undefined) return `${routeSafe(exactFile.replace(/^\/+/, ''))}${EXACT_FILE_MARK}`;
  const trimmed = routeSafe(path.replace(/^\/+/, ''));
  if (trimmed === '') return 'index';
  if (trimmed === '.html' || trimmed.endsWith('/.html')) return `${trimmed}${EXACT_FILE_MARK}`;
  // `x.html.html` (slug `x.html`) would be the parameter `x.html`, which Astro reads as `x`;
  // `feed.xml.html` (slug `feed.xml`) the parameter `feed.xml`, which is the site feed's own path
  // to Astro (only one of the two is rendered); and `x/index.folder.html` the folder page's own
  // parameter. A name with an extension before `.html` is written by its exact name.
  const bare = trimmed.endsWith('.html') ? trimmed.slice(0, -'.html'.length) : undefined;
  if (
    (bare !== undefined && /\.[^./]+$/.test(bare.slice(bare.lastIndexOf('/') + 1))) ||
    trimmed === FOLDER_PAGE_FILE ||
    trimmed.endsWith(`/${FOLDER_PAGE_FILE}`)
  ) {
    return `${trimmed}${EXACT_FILE_MARK}`;
  }
  // `x/index` (no extension) is `x/` to Astro; Jekyll writes it to x/index.html, as it writes `x/`.
  if (trimmed === 'index' || trimmed.endsWith('/index')) return `${trimmed.slice(0, -'index'.length)}${FOLDER_PAGE_PARAM}`;
  if (trimmed.endsWith('/')) return `${trimmed}${FOLDER_PAGE_PARAM}`;
  if (trimmed.endsWith('/index.html')) return `${trimmed.slice(0, -'index.html'.length)}${FOLDER_PAGE_PARAM}`;
  return trimmed.replace(/\.html$/, '');
}

/** The output file (relative, with the stand-ins) that {@link routeParamForPath}'s parameter is written to, before the output step renames it. */
export function outputFileOfParam(param: string): string {
  if (param.endsWith(EXACT_FILE_MARK)) return param.slice(0, -EXACT_FILE_MARK.length);
  if (param === FOLDER_PAGE_PARAM || param.endsWith(`/${FOLDER_PAGE_PARAM}`))
    return `${param.slice(0, -FOLDER_PAGE_PARAM.length)}index.html`;
  return `${param}.html`;
}

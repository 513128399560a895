/**
 * Front-matter defaults, as Jekyll's `defaults:` gives them to posts: sets of values for the
 * posts under a path of the posts folder, which a post's own front matter overrides. A migrated
 * site keeps the categories, permalinks and `published:` its old `_config.yml` gave its posts
 * this way (`npm run migrate` carries the sets), and a scraper that drops its files into a folder
 * of its own can have them categorised there.
 *
 * Jekyll's rules (4.3, `FrontmatterDefaults` and `Document#merge_data!`): a set applies when its
 * path is empty or a prefix of the post's path (as text: `news` also covers `newsletter/…`; with
 * `*` a glob); of the sets that apply, one with a longer path wins, and at equal length the later
 * one; nested mappings merge key by key, and an empty (null) value in a post keeps the default.
 * `categories` alone adds up: the defaults' categories first, then the post's own.
 */

/** One set of defaults: `path` relative to the posts folder (`''` for every post). */
export interface PostDefaultSet {
  path: string;
  values: Readonly<Record<string, unknown>>;
}

/** Whether a set's path covers the post at `file` (relative to the posts folder, `/`-separated). */
export function setApplies(setPath: string, file: string): boolean {
  const scope = setPath.replace(/^\/+/, '');
  if (scope === '') return true;
  if (!scope.includes('*')) return file.startsWith(scope);
  // Jekyll globs the scope among the site's files and takes the paths found as prefixes: a post
  // is covered when some of its leading path segments match the glob.
  return globPrefix(scope).test(file);
}

/**
 * A glob of paths as regular-expression source: `*` and `?` within a segment, `**` across
 * segments (`**` then a slash for any number of folders), everything else as written.
 */
export function globPattern(glob: string): string {
  let pattern = '';
  for (let index = 0; index < glob.length; index += 1) {
    const char = glob[index]!;
    if (char === '*' && glob[index + 1] === '*') {
      const slash = glob[index + 2] === '/';
      pattern += slash ? '(?:[^/]*/)*' : '.*';
      index += slash ? 2 : 1;
    } else if (char === '*') pattern += '[^/]*';
    else if (char === '?') pattern += '[^/]';
    else pattern += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return pattern;
}

/** A pattern matching a path whose leading segments match `glob`. */
function globPrefix(glob: string): RegExp {
  return new RegExp(`^${globPattern(glob)}(?:/|$)`);
}

/** The defaults for the post at `file` (relative to the posts folder), the sets merged by Jekyll's precedence. */
export function defaultsFor(file: string, sets: readonly PostDefaultSet[]): Record<string, unknown> {
  let defaults: Record<string, unknown> = {};
  let winning = -1;
  for (const set of sets) {
    if (!setApplies(set.path, file)) continue;
    const length = set.path.replace(/^\/+/, '').length;
    if (length >= winning) {
      defaults = mergeValues(defaults, set.values);
      winning = length;
    } else {
      defaults = mergeValues(set.values, defaults);
    }
  }
  return defaults;
}

/** A post's own front matter over its defaults: `own` wins, except where it is null; categories add up. */
export function withDefaults(defaults: Readonly<Record<string, unknown>>, own: Readonly<Record<string, unknown>>): Record<string, unknown> {
  if (Object.keys(defaults).length === 0) return { ...own };
  const merged = mergeValues(defaults, own);
  const fromDefaults = categoryList(defaults.categories);
  const fromPost = categoryList(own.categories);
  if (fromDefaults !== undefined && fromPost !== undefined) merged.categories = [...new Set([...fromDefaults, ...fromPost])];
  return merged;
}

/** `categories` as Jekyll merges them: text split at white space, a list as it is; null is none. */
function categoryList(value: unknown): unknown[] | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value.split(/\s+/).filter((name) => name !== '');
  return Array.isArray(value) ? value : [value];
}

const isMapping = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Jekyll's `deep_merge_hashes`: `over` wins key by key, mappings merge, and null in `over` keeps `under`'s value. */
function mergeValues(under: Readonly<Record<string, unknown>>, over: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...under };
  for (const [key, value] of Object.entries(over)) {
    const before = merged[key];
    if (value === null && key in merged) continue;
    merged[key] = isMapping(before) && isMapping(value) ? mergeValues(before, value) : value;
  }
  return merged;
}

/**
 * A value from the settings in the shape the reader gives front matter (YAML's failsafe schema):
 * numbers and booleans as text, as a post would have written them; lists and mappings within.
 */
export function asFrontMatterValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(asFrontMatterValue);
  if (isMapping(value)) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, asFrontMatterValue(inner)]));
  return value;
}

/**
 * A Jekyll `_config.yml`'s `defaults:` carried into xinwen's `postDefaults`: the sets that apply
 * to the posts of `_posts/`, their paths made relative to the posts folder, with the values
 * xinwen reads from front matter. Sets for pages, drafts or other collections, and values only a
 * theme used (`layout`, `author`, `comments`), are named as not carried.
 */
import { globPattern, type PostDefaultSet } from '../lib/post-defaults';

/** The front-matter keys xinwen reads, and so the values a default set carries. */
const READ_KEYS = new Set(['title', 'date', 'categories', 'category', 'tags', 'tag', 'permalink', 'published', 'slug']);

const POSTS_FOLDER = '_posts';

export interface CarriedDefaults {
  /** The sets, in the order of `_config.yml`. */
  sets: PostDefaultSet[];
  /** What was not carried, one line each. */
  notCarried: string[];
}

const isMapping = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The path of a Jekyll scope (relative to the site) as xinwen's (relative to the posts folder),
 * or undefined when the scope covers no file of `_posts/`. Jekyll matches a scope path as a
 * prefix of the post's path (`_posts/news/…`), or as a glob of the site's files.
 */
function postsPath(scopePath: string): string | undefined {
  const path = scopePath.replace(/^\/+/, '');
  if (path.startsWith(`${POSTS_FOLDER}/`)) return path.slice(POSTS_FOLDER.length + 1);
  if (POSTS_FOLDER.startsWith(path) && !path.includes('*')) return '';
  // A glob whose first segment matches `_posts` (`*/news`, `_*/x`) reaches into it.
  const [first, ...rest] = path.split('/');
  const segment = new RegExp(`^${globPattern(first!)}$`);
  if (!path.includes('*') || !segment.test(POSTS_FOLDER)) return undefined;
  return first === '**' ? path : rest.join('/');
}

/**
 * The sets of `defaults` (the parsed `_config.yml` value) that apply to posts, in their order.
 * Their paths lose the `_posts/` they all had, so the longer-path-wins rule compares them as
 * Jekyll did; only `''` and `_posts`, both every post now, are no longer told apart by length.
 */
export function carryDefaults(defaults: unknown): CarriedDefaults {
  const notCarried: string[] = [];
  if (defaults === undefined || defaults === null) return { sets: [], notCarried };
  if (!Array.isArray(defaults)) return { sets: [], notCarried: [`defaults: not a list of sets, so Jekyll used none either`] };
  const sets: PostDefaultSet[] = [];
  const otherTypes = new Set<string>();
  const themeKeys = new Set<string>();
  defaults.forEach((entry, index) => {
    if (!isMapping(entry) || !isMapping(entry.values)) {
      notCarried.push(`defaults[${index}]: no values: mapping, so Jekyll skipped it too`);
      return;
    }
    const scope = isMapping(entry.scope) ? entry.scope : {};
    const type = scope.type === undefined ? undefined : String(scope.type);
    if (type !== undefined && type !== 'posts' && type !== 'post') {
      otherTypes.add(type);
      return;
    }
    const jekyllPath = typeof scope.path === 'string' ? scope.path.replace(/^\/+/, '') : '';
    const path = postsPath(jekyllPath);
    if (path === undefined) return;
    const values: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(entry.values)) {
      if (READ_KEYS.has(key)) values[key] = value instanceof Date ? value.toISOString() : value;
      else themeKeys.add(key);
    }
    if (Object.keys(values).length > 0) sets.push({ path, values });
  });
  if (otherTypes.size > 0)
    notCarried.push(`defaults for ${[...otherTypes].join(', ')} — xinwen's pages are its own; only the sets for posts are carried`);
  if (themeKeys.size > 0) notCarried.push(`defaults' ${[...themeKeys].join(', ')} — values the old theme read; xinwen does not use them`);
  return { sets, notCarried };
}

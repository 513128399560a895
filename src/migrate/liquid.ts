/**
 * The `liquid` setting a migrated site's posts need, so that their Liquid prints what it printed
 * in Jekyll without an edit: the `_config.yml` values they read as `site.*`, the includes they
 * run (from the old site's `_includes/`), and the variables those includes set with a plain
 * value (`{% assign BLOG_IMG = "/blog/" %}` in a Jekyll-Bootstrap `JB/setup`). What it cannot
 * find is named, each with the posts that use it, for the `to check:` lines. Pure: the caller
 * reads the posts and the includes.
 */
import { KNOWN_INCLUDES, liquidUses, renderLiquid } from '../lib/liquid';

/** One post's body, with the file it came from. */
export interface PostBody {
  file: string;
  body: string;
}

/** The setting to write (undefined when the posts need nothing), and what could not be decided. */
export interface LiquidMigration {
  setting?: { site?: Record<string, unknown>; variables?: Record<string, unknown>; includes?: Record<string, string> };
  toCheck: string[];
}

// `site.*` keys every xinwen site has from its own settings.
const SITE_OWN = new Set(['title', 'description', 'url', 'baseurl']);

// `{% assign NAME = "text" %}`: a value migrate can carry without running the include.
const PLAIN_ASSIGN = /\{%-?\s*assign\s+([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')\s*-?%\}/g;

/** The variables an include sets to plain text, the last value of each. */
export function plainAssigns(source: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const match of source.matchAll(PLAIN_ASSIGN)) values.set(match[1]!, match[2] ?? match[3] ?? '');
  return values;
}

/** Every variable an include sets, plainly or not. */
const assignedNames = (source: string): Set<string> =>
  new Set([...source.matchAll(/\{%-?\s*(?:assign|capture)\s+([\w-]+)/g)].map((match) => match[1]!));

/** Files that use something, for a message: the count and the first two. */
function usedBy(files: readonly string[]): string {
  const named = files.slice(0, 2).join(', ');
  return `${files.length} post${files.length === 1 ? '' : 's'} (${named}${files.length > 2 ? ', …' : ''})`;
}

/**
 * The `liquid` setting for `posts`, from the old site's `_config.yml` (`config`) and its
 * includes (`readInclude(name)`: the file's text, or undefined when the site has none).
 */
export function migrateLiquid(
  posts: readonly PostBody[],
  config: Readonly<Record<string, unknown>>,
  readInclude: (name: string) => string | undefined,
): LiquidMigration {
  const includes = new Map<string, string[]>();
  const siteKeys = new Map<string, string[]>();
  const variables = new Map<string, string[]>();
  const add = (into: Map<string, string[]>, name: string, file: string) => into.set(name, [...(into.get(name) ?? []), file]);
  for (const { file, body } of posts) {
    const uses = liquidUses(body);
    for (const name of uses.includes) add(includes, name, file);
    for (const key of uses.site) add(siteKeys, key, file);
    for (const name of uses.variables) add(variables, name, file);
  }

  const toCheck: string[] = [];
  const site: Record<string, unknown> = {};
  for (const [key, files] of siteKeys) {
    if (SITE_OWN.has(key)) continue;
    if (key in config) site[key] = config[key];
    else
      toCheck.push(
        `liquid: {{ site.${key} }} is used by ${usedBy(files)} and is not in _config.yml (Jekyll made it, or a plugin); it prints nothing; ` +
          `give it in liquid.site in src/site.config.ts, or write its value in the posts`,
      );
  }

  const carried: Record<string, string> = {};
  const setByIncludes = new Map<string, string>();
  const knownSet = new Set(Object.values(KNOWN_INCLUDES).flatMap((source) => [...assignedNames(source)]));
  const builtIn = new Set(Object.keys(KNOWN_INCLUDES));
  for (const [name, files] of includes) {
    const source = readInclude(name);
    if (source === undefined) {
      if (!builtIn.has(name)) {
        toCheck.push(
          `liquid: {% include ${name} %} is used by ${usedBy(files)}, and _includes/${name} is not in the old site; it is shown as written; ` +
            `give its output in liquid.includes in src/site.config.ts ("" for nothing)`,
        );
      }
      continue;
    }
    for (const [variable, value] of plainAssigns(source)) setByIncludes.set(variable, value);
    if (builtIn.has(name)) continue;
    // An include that prints nothing (it only sets variables) is carried as nothing; one that
    // prints is carried as its Liquid, run in each post as Jekyll ran it.
    const tried = renderLiquid(source, { site: config, variables: {}, includes: {} }, {}, { markdown: true });
    carried[name] = tried.issues.length === 0 && tried.body.trim() === '' ? '' : source;
  }

  const values: Record<string, unknown> = {};
  for (const [name, files] of variables) {
    if (knownSet.has(name)) continue;
    const value = setByIncludes.get(name);
    if (value !== undefined) {
      values[name] = value;
      continue;
    }
    toCheck.push(
      `liquid: {{ ${name} }} is used by ${usedBy(files)}, and nothing the old site has sets it (its layouts or an include not found); ` +
        `it prints nothing, as in Jekyll without it; give its value in liquid.variables in src/site.config.ts`,
    );
  }

  const setting: NonNullable<LiquidMigration['setting']> = {};
  if (Object.keys(site).length > 0) setting.site = site;
  if (Object.keys(values).length > 0) setting.variables = values;
  if (Object.keys(carried).length > 0) setting.includes = carried;
  return Object.keys(setting).length > 0 ? { setting, toCheck } : { toCheck };
}

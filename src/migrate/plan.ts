/**
 * What `npm run migrate` does to a project, decided from what was read: the settings to write,
 * the category names, the static files to copy, the record of the old site's pages and files,
 * and the lines that say what was not carried over (`not mapped:`) and what to look at
 * (`to check:`). Pure: `migrateSite` (migrate-site.ts) reads the old site and the project,
 * calls {@link planMigration}, and writes what it returns.
 *
 * The old site's posts are read as the build will read them, with the settings the plan gives
 * the site: {@link postsReadSettings} says which, so the shell reads them before planning.
 */
import path from 'node:path';
import YAML from 'yaml';
import { collisionMessage, routeCollisions, unservablePath } from '../lib/reserved-routes';
import { type OldSiteRecord, oldSiteText } from '../lib/old-site';
import { CategoriesFileError, categoryEntriesOf } from '../loaders/categories-file';
import { categoryListingPath } from '../loaders/report';
import type { FrontMatterText } from '../reader/front-matter';
import { type ReaderSettings, readerSettings } from '../reader/settings';
import type { ReadPost } from '../schemas/post';
import { settingsSchema } from '../schemas/settings';
import { groupStubs, nameCategories, readStub, STUB_FOLDER, type Stub, tallyCategories } from './category-names';
import { type DatedPost, displayedTimesNote } from './displayed-times';
import { migrateLiquid } from './liquid';
import { type CurrentSettings, mapJekyllConfig, type SettingValue } from './site-config';
import type { PostDefaultSet } from '../lib/post-defaults';
import type { NestedPostsCopy } from './nested-posts';
import {
  type CollectionPages,
  type NestedPosts,
  notCarriedFiles,
  oldFeedUrls,
  oldSiteRecord,
  type SiteFile,
  staticFilesToCopy,
} from './site-files';

/** A problem with migrate's input that ends it before anything is written. */
export class MigrateInputError extends Error {
  override name = 'MigrateInputError';
}

/** A file of the old site's `_posts`, its front matter read by the reader's own stages. */
export interface PostText {
  /** The file relative to the old site, `/`-separated (`_posts/2021-12-08-a.md`), as messages name it. */
  file: string;
  /** `readFrontMatter` of its decoded text (titles repaired, as lenient mode reads them); undefined when it is no text. */
  front: FrontMatterText | undefined;
}

/** The old site's `_posts` folder, read. */
export interface PostsInput {
  /** Its post files (Markdown and HTML, subfolders too), in file-name order. */
  files: readonly PostText[];
  /**
   * Its valid posts as the build reads them with {@link postsReadSettings}, in file-name order,
   * and how many files were invalid; undefined when those settings are refused.
   */
  read: { posts: readonly ReadPost[]; invalid: number } | undefined;
}

/** Everything migrate decides from, as read from the old site and the project. */
export interface MigrationInput {
  /** The old site's folder, as the site owner gave it (for messages). */
  site: string;
  /** Its folder's name, for the headers of the files written. */
  siteName: string;
  /** Its `_config.yml`, parsed. */
  config: Readonly<Record<string, unknown>>;
  /** The settings file, as the site owner named it. */
  settingsFile: string;
  /** The settings file's literal values (see {@link currentSettings}); undefined when there is no settings file. */
  settings: CurrentSettings | undefined;
  /** The stub pages of the old site's category folder (files {@link isStubFile} accepts), each with its bytes. */
  stubs: readonly { file: string; bytes: Uint8Array }[];
  /** The old site's `_posts`; undefined when it has none. */
  posts: PostsInput | undefined;
  /** The categories file, as the site owner named it, and its text (undefined: there is none). */
  categoriesFile: string;
  categoriesText: string | undefined;
  /** The project's own files in `public/` (`ownPublicFiles`): never replaced. */
  ownPublicFiles: ReadonlySet<string>;
  /** The old site's files besides posts and stubs (`listSiteFiles`). */
  siteFiles: { files: readonly SiteFile[]; nestedPosts: readonly NestedPosts[]; collections: readonly CollectionPages[] };
  /**
   * The `_posts` folders below other folders that `--copy-posts` copies (`planNestedPosts`), and
   * the lines for those it does not; without `--copy-posts`, none and a line for each.
   */
  nestedPosts: { copies: readonly NestedPostsCopy[]; notCopied: readonly string[] };
  /** The text of each file of the old site's `_includes/`, by its path below that folder (`JB/setup`). */
  includes: ReadonlyMap<string, string>;
  /** Whether the record of the old site's pages and files (`src/data/old-site.yml`) of an earlier run is there. */
  oldSiteExists: boolean;
  /** `--copy-posts`: the old site's posts replace the example posts, and their categories the example's. */
  copyPosts: boolean;
  /** `--names-from-posts` (see `nameCategories`). */
  namesFromPosts: boolean;
}

/** What to write, and what to tell the site owner. */
export interface MigrationPlan {
  /** Settings to write into the settings file, in the order they are printed (none: it is left alone). */
  settings: Record<string, SettingValue>;
  /** The categories file's new text; the keys of the names written, and how many of them no post of the old site has. */
  categories: { text: string; written: string[]; withoutPosts: number };
  /** The old site's static files to copy into `public/`. */
  staticFiles: SiteFile[];
  /** The record of the old site's pages and files, and its text; undefined when there is nothing to write. */
  oldSite: { record: OldSiteRecord; text: string } | undefined;
  /** What reading the old site's posts gave (undefined: not read). */
  postsRead: { valid: number; invalid: number } | undefined;
  /** Copy the old site's `_posts` over the project's posts. */
  copyPosts: boolean;
  /** The nested `_posts` folders copied with them, each into its own subfolder. */
  nestedCopies: readonly NestedPostsCopy[];
  /** Not carried over, each with what to do. */
  unmapped: string[];
  /** Carried over, but worth a look. */
  toCheck: string[];
}

/** The literal string values (and lists of strings) of the settings file's object. */
export function currentSettings(settingsObject: Readonly<Record<string, unknown>>): CurrentSettings {
  const literal = (key: string) => (typeof settingsObject[key] === 'string' ? (settingsObject[key] as string) : undefined);
  const list = (key: string) => {
    const value = settingsObject[key];
    if (!Array.isArray(value)) return undefined;
    const items = [...value];
    return items.every((item) => typeof item === 'string') ? (items as string[]) : undefined;
  };
  return {
    title: literal('title'),
    description: literal('description'),
    language: literal('language'),
    timeZone: literal('timeZone'),
    url: literal('url'),
    legacyHosts: list('legacyHosts'),
  };
}

/** The folder of the old site's posts, as messages name it. */
export const postsFolderOf = (site: string) => path.join(site, '_posts');

/**
 * The settings the old site's posts are read with: those the plan gives the site, invalid
 * posts skipped and future ones included; or why they are refused (the posts are then not read).
 */
export function postsReadSettings(
  input: Pick<MigrationInput, 'site' | 'config' | 'settings'>,
): { ok: true; settings: ReaderSettings } | { ok: false; problem: string } {
  const mapping = mapJekyllConfig({ ...input.config }, input.settings ?? {});
  const postsDir = postsFolderOf(input.site);
  const readWith = settingsSchema.safeParse({
    ...mapping.settings,
    timeZone: mapping.siteTimeZone,
    postsDir,
    invalidPosts: 'skip',
    includeFuture: true,
  });
  if (readWith.success) return { ok: true, settings: readerSettings(readWith.data) };
  const issue = readWith.error.issues[0];
  return {
    ok: false,
    problem: `category names and times: not checked against ${postsDir}: its settings are refused (${issue?.path.join('.')}: ${issue?.message})`,
  };
}

/** The categories file's entries that stay: none when the old site's posts replace the example's. */
function existingCategories(input: MigrationInput): Record<string, unknown> {
  if (input.copyPosts || input.categoriesText === undefined) return {};
  try {
    return categoryEntriesOf(input.categoriesText, input.categoriesFile);
  } catch (error) {
    if (error instanceof CategoriesFileError) throw new MigrateInputError(error.message);
    throw error;
  }
}

/** The old site's stubs, in file-name order, and the stubs that cannot be read. */
function readStubs(files: MigrationInput['stubs']): { stubs: Stub[]; problems: string[] } {
  const stubs: Stub[] = [];
  const problems: string[] = [];
  for (const { file, bytes } of [...files].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))) {
    const read = readStub(file, bytes);
    if ('stub' in read) stubs.push(read.stub);
    else problems.push(read.problem);
  }
  return { stubs, problems };
}

/** The include `name` of the old site's `_includes/` (undefined when it has none, or the name leads outside it). */
function includeOf(includes: ReadonlyMap<string, string>, name: string): string | undefined {
  const normalized = path.posix.normalize(name);
  return normalized.startsWith('../') || path.posix.isAbsolute(normalized) ? undefined : includes.get(normalized);
}

/** Decides everything migrate writes and reports, from what was read. */
export function planMigration(input: MigrationInput): MigrationPlan {
  const { config, site } = input;
  const mapping = mapJekyllConfig({ ...config }, input.settings ?? {});
  if (Object.keys(mapping.settings).length > 0 && input.settings === undefined) {
    throw new MigrateInputError(`${input.settingsFile} not found: give --config the site's settings file (src/site.config.ts)`);
  }

  const { stubs, problems: stubProblems } = readStubs(input.stubs);
  const groups = groupStubs(stubs);

  // The old site's posts, read as the build reads them (invalid ones skipped and counted,
  // future ones included): their tags name categories, their dates show what readers see change.
  const postsDir = postsFolderOf(site);
  const postsProblems: string[] = [];
  const read = input.posts?.read;
  if (input.posts && !read) {
    const reading = postsReadSettings(input);
    if (!reading.ok) postsProblems.push(reading.problem);
  }
  const posts = read?.posts ?? [];
  // Posts come in file-name order: ties between tags go to the first seen.
  const tallies = tallyCategories(posts);
  // A post's source file is its file below the posts folder, named from the folder as messages name it.
  const fronts = new Map(
    (input.posts?.files ?? []).map(({ file, front }) => [
      path.posix.join(postsDir.split(path.sep).join('/'), path.posix.relative('_posts', file)),
      front,
    ]),
  );
  const dated = posts.map((post): DatedPost => {
    const front = fronts.get(post.sourceFile);
    const written = front?.data.date;
    return front === undefined
      ? { file: post.sourceFile, date: post.date, dateText: undefined }
      : { file: post.sourceFile, date: post.date, dateText: typeof written === 'string' ? written : undefined, plainDate: front.plainDate };
  });

  const existing = existingCategories(input);
  const naming = nameCategories({
    stubs: groups.byKey,
    tallies,
    existing,
    namesFromPosts: input.namesFromPosts,
    categoriesFile: input.categoriesFile,
  });

  const times =
    mapping.oldTimeZone === undefined
      ? undefined
      : displayedTimesNote(dated, {
          old: mapping.oldTimeZone,
          oldLabel: mapping.toCheck.timeZone === undefined ? mapping.oldTimeZone : "UTC (its build machine's zone)",
          site: mapping.siteTimeZone,
        });
  // The values and includes the posts' Liquid reads, so that it prints what it printed in Jekyll.
  const bodies = (input.posts?.files ?? []).flatMap(({ file, front }) => (front ? [{ file, body: front.body }] : []));
  const liquid = migrateLiquid(bodies, config, (name) => includeOf(input.includes, name));
  if (liquid.setting) mapping.settings.liquid = liquid.setting;

  const { files, collections } = input.siteFiles;
  const record = oldSiteRecord(files, collections);
  // The old site's feed addresses get copies of the site feed, so their subscribers keep it.
  const feeds = oldFeedUrls(files).filter(
    (url) => settingsSchema.shape.legacyFeedUrls.safeParse([url]).success && unservablePath(url) === undefined,
  );
  if (feeds.length > 0) mapping.settings.legacyFeedUrls = feeds;
  // Posts of nested `_posts` folders get their folders' categories from a set of their own, after
  // the sets `defaults:` carried (so that the longer-path rule reads them as it would have).
  const nestedCopies = input.nestedPosts.copies;
  if (nestedCopies.length > 0) {
    const carried = (Array.isArray(mapping.settings.postDefaults) ? mapping.settings.postDefaults : []) as unknown as PostDefaultSet[];
    mapping.settings.postDefaults = [...carried, ...nestedCopies.map((copy) => copy.set)] as unknown as SettingValue;
  }
  // A _config.yml key the posts print is carried into liquid.site: not "not mapped".
  const carriedToLiquid = new Set(Object.keys(liquid.setting?.site ?? {}));
  const unmapped = [
    ...mapping.unmapped.filter((line) => !carriedToLiquid.has(line.slice(0, line.indexOf(':')))),
    ...stubProblems,
    ...groups.unmapped,
    ...notCarriedFiles(files, input.ownPublicFiles, collections, new Set(feeds)),
    ...input.nestedPosts.notCopied,
  ];
  const toCheck = [
    mapping.toCheck.timeZone,
    times,
    mapping.toCheck.title,
    mapping.toCheck.url,
    mapping.toCheck.description,
    ...groups.toCheck,
    ...postsProblems,
    ...naming.toCheck,
    ...liquid.toCheck,
    ...nestedDefaultsNote(nestedCopies, mapping.settings.postDefaults),
    ...routeCollisions(posts).map((collision) => collisionMessage(collision, categoryListingPath)),
  ].filter((line): line is string => line !== undefined);

  const written = Object.keys(naming.names);
  return {
    settings: mapping.settings,
    categories: {
      text:
        '# Display names of categories, keyed by the category as written in URLs (lower case).\n' +
        `# Written by npm run migrate from ${input.siteName}/${STUB_FOLDER}/ and the tags of ${input.siteName}/_posts; edit freely.\n` +
        YAML.stringify({ ...existing, ...naming.names }),
      written,
      withoutPosts: written.filter((key) => !tallies.has(key)).length,
    },
    staticFiles: staticFilesToCopy(files, input.ownPublicFiles),
    // Written when there is something to write, or a record of an earlier run to replace.
    oldSite:
      record.pages.length + record.files.length > 0 || input.oldSiteExists
        ? { record, text: oldSiteText(record, input.siteName) }
        : undefined,
    postsRead: read && { valid: read.posts.length, invalid: read.invalid },
    copyPosts: input.copyPosts && (input.posts !== undefined || nestedCopies.length > 0),
    nestedCopies,
    unmapped,
    toCheck,
  };
}

/**
 * Jekyll matched `defaults:` paths against the site's paths (`news/_posts/…`), and the carried
 * sets against the posts folder's (`news/…`): a set of `_posts` or of `news` reaches copied
 * nested posts otherwise than it reached them, so its values on those posts are worth a look.
 */
function nestedDefaultsNote(copies: readonly NestedPostsCopy[], postDefaults: SettingValue | undefined): string[] {
  if (copies.length === 0 || !Array.isArray(postDefaults) || postDefaults.length <= copies.length) return [];
  const folders = copies.map((copy) => `${copy.to}/`).join(', ');
  return [
    `postDefaults: the sets carried from defaults: now also reach the posts copied into ${folders} of the posts folder, ` +
      "as their paths are read from the posts folder, where Jekyll read them from the site's: check those posts' categories, permalinks and published:",
  ];
}

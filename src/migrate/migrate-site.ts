/**
 * `npm run migrate`'s work: carries a Jekyll site's settings, category names and old category
 * URLs over into `src/site.config.ts` and `src/data/categories.yml`, copies its static files
 * into `public/` and writes down its pages and files (`src/data/old-site.yml`), optionally
 * copies its posts, and says what it did not carry and what readers will see change.
 * `scripts/migrate.ts` only parses the arguments and prints {@link migrationReport}.
 *
 * A thin shell around {@link planMigration} (plan.ts), which decides everything: this module
 * reads the old site and the project, hands them to the plan, then writes what it returns. The
 * settings file is edited as a syntax tree (any layout and comments survive).
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateCode, loadFile } from 'magicast';
import { getDefaultExportOptions } from 'magicast/helpers';
import YAML from 'yaml';
import { OLD_SITE_FILE } from '../lib/old-site';
import { readPostsFolder } from '../loaders/posts-folder';
import { decodePost } from '../reader/decode';
import { isPostCandidate } from '../reader/file-name';
import { readFrontMatter } from '../reader/front-matter';
import type { ReadPost } from '../schemas/post';
import { isStubFile, STUB_FOLDER } from './category-names';
import { counted } from './counted';
import { type NestedPostsCopy, nestedPostsInPlace, planNestedPosts } from './nested-posts';
import {
  currentSettings,
  MigrateInputError,
  type MigrationInput,
  type PostText,
  type PostsInput,
  planMigration,
  postsFolderOf,
  postsReadSettings,
} from './plan';
import type { SettingValue } from './site-config';
import {
  type CopiedFiles,
  copyStaticFiles,
  excludedPostFiles,
  listPublicFiles,
  listSiteFiles,
  ownPublicFiles,
  shownSize,
} from './site-files';

export { MigrateInputError } from './plan';

/** What to migrate, and where to write. */
export interface MigrateOptions {
  /** The Jekyll site's folder (with `_config.yml`). */
  site: string;
  /** The settings file to edit (`src/site.config.ts`). */
  config: string;
  /** The category names to write (`src/data/categories.yml`). */
  categories: string;
  /** Where `copyPosts` puts the posts (`src/content/posts`). */
  posts: string;
  /** The project's `public/` folder, where the old site's static files are copied (never over xinwen's own). Default: `public`. */
  publicDir?: string;
  /** Copy the old site's static files (its files without front matter) into `publicDir`. Default: true. */
  copyStatic?: boolean;
  /** Where the old site's pages and files are written down for the link checks. Default: `src/data/old-site.yml`. */
  oldSite?: string;
  /** Copy `_posts` into `posts`, replacing the example posts and categories. */
  copyPosts: boolean;
  /** Name categories by the tag most of their posts carry (see `nameCategories`). */
  namesFromPosts: boolean;
  /** The clock for reading posts (future posts are read too). Default: now. */
  now?: Date;
}

/** What was written, and what the site owner should know. */
export interface MigrationResult {
  options: MigrateOptions;
  /** Settings written into the settings file. */
  settings: Record<string, SettingValue>;
  /** Keys of the category names written. */
  categoriesWritten: string[];
  /** Of those, the ones no post of the old site has. */
  withoutPosts: number;
  /** The old site's `_posts`, and what reading it gave (undefined: not read). */
  postsDir: string;
  postsExist: boolean;
  postsRead: { valid: number; invalid: number } | undefined;
  /** Post files of `options.posts` that the copied posts replaced. */
  replaced: number;
  /** The nested `_posts` folders copied, each into its subfolder of `options.posts`. */
  nestedCopies: readonly NestedPostsCopy[];
  /** Files of the old `_posts/` that its `exclude:` names, relative to the site: never copied. */
  excludedPosts: string[];
  /** The old site's static files: how many there were to copy, and what was copied (undefined: not copied). */
  staticFiles: { toCopy: number; copied: CopiedFiles | undefined };
  /** The record of the old site's pages and files, when written. */
  oldSiteWritten: { file: string; pages: number; files: number } | undefined;
  /** Not carried over, each with what to do. */
  unmapped: string[];
  /** Carried over, but worth a look. */
  toCheck: string[];
}

/** The stub pages of the site's category folder, each with its bytes. */
function readStubFiles(site: string): MigrationInput['stubs'] {
  const folder = path.join(site, STUB_FOLDER);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter(isStubFile)
    .map((file) => ({ file, bytes: readFileSync(path.join(folder, file)) }));
}

/** The post files of a folder, relative to it, `/`-separated, in file-name order. */
function postFilesOf(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .sort()
    .filter((name) => isPostCandidate(name) && statSync(path.join(folder, name)).isFile())
    .map((name) => name.split(path.sep).join('/'));
}

/**
 * The old site's posts: each post file's front matter (Markdown and HTML, subfolders too, in
 * file-name order), and the folder read as the build reads it with the plan's settings; then the
 * same of each nested `_posts` folder migrate copies, read with its folders' categories.
 */
async function readPosts(
  input: Pick<MigrationInput, 'site' | 'config' | 'settings'>,
  nested: readonly NestedPostsCopy[],
  now: Date,
): Promise<PostsInput | undefined> {
  const postsDir = postsFolderOf(input.site);
  const folders = [
    ...(existsSync(postsDir) ? [{ from: '_posts', defaults: [] }] : []),
    ...nested.map((copy) => ({ from: copy.from, defaults: [{ path: '', values: copy.set.values }] })),
  ];
  if (folders.length === 0) return undefined;
  const files: PostText[] = [];
  for (const { from } of folders) {
    for (const name of postFilesOf(path.join(input.site, from))) {
      const decoded = decodePost(readFileSync(path.join(input.site, from, name)));
      // Named as in the old site: `_posts/…`, `news/_posts/…`.
      files.push({ file: `${from}/${name}`, front: decoded.ok ? readFrontMatter(decoded.text, { repairTitles: true }) : undefined });
    }
  }
  const reading = postsReadSettings(input);
  if (!reading.ok) return { files, read: undefined };
  const posts: ReadPost[] = [];
  let invalid = 0;
  for (const { from, defaults } of folders) {
    const folder = path.join(input.site, from);
    const settings = defaults.length > 0 ? { ...reading.settings, postsDir: folder, postDefaults: defaults } : reading.settings;
    const { report, entries } = await readPostsFolder(settings, { dir: path.resolve(folder), displayDir: folder }, { render: false, now });
    posts.push(...[...entries.values()].map((entry) => entry.post));
    invalid += report.invalid.length;
  }
  return { files, read: { posts, invalid } };
}

/** The text of every file of the site's `_includes/`, by its `/`-separated path below it. */
function readIncludes(site: string): Map<string, string> {
  const folder = path.join(site, '_includes');
  const includes = new Map<string, string>();
  if (!existsSync(folder)) return includes;
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    includes.set(path.relative(folder, file).split(path.sep).join('/'), readFileSync(file, 'utf8'));
  }
  return includes;
}

/** Reads the old site and the project, plans the migration, then writes the settings, the category names, the files and the posts. */
export async function migrateSite(options: MigrateOptions): Promise<MigrationResult> {
  const configFile = path.join(options.site, '_config.yml');
  if (!existsSync(configFile)) throw new MigrateInputError(`${configFile} not found: give the folder of a Jekyll site`);
  let config: Record<string, unknown>;
  try {
    config = (YAML.parse(readFileSync(configFile, 'utf8')) ?? {}) as Record<string, unknown>;
  } catch (error) {
    throw new MigrateInputError(
      `${configFile}: cannot be read (${(error as Error).message.split('\n')[0]}); fix its YAML and run migrate again`,
    );
  }
  const siteFiles = listSiteFiles(options.site, config);
  const nestedPosts = options.copyPosts
    ? planNestedPosts(siteFiles.nestedPosts, (folder) => postFilesOf(path.join(options.site, folder)))
    : { copies: [], notCopied: nestedPostsInPlace(siteFiles.nestedPosts) };
  const settingsModule = existsSync(options.config) ? await loadFile(options.config) : undefined;
  const settingsObject = settingsModule ? (getDefaultExportOptions(settingsModule) as Record<string, unknown>) : undefined;
  const settings = settingsObject && currentSettings(settingsObject);
  const publicDir = options.publicDir ?? 'public';
  const oldSiteFile = options.oldSite ?? OLD_SITE_FILE;

  const plan = planMigration({
    site: options.site,
    siteName: path.basename(path.resolve(options.site)),
    config,
    settingsFile: options.config,
    settings,
    stubs: readStubFiles(options.site),
    posts: await readPosts({ site: options.site, config, settings }, nestedPosts.copies, options.now ?? new Date()),
    categoriesFile: options.categories,
    categoriesText: existsSync(options.categories) ? readFileSync(options.categories, 'utf8') : undefined,
    // The project's own files in public/: what is there but the old site's files an earlier run copied.
    ownPublicFiles: ownPublicFiles(listPublicFiles(publicDir), publicDir, options.site),
    siteFiles,
    nestedPosts,
    includes: readIncludes(options.site),
    oldSiteExists: existsSync(oldSiteFile),
    copyPosts: options.copyPosts,
    namesFromPosts: options.namesFromPosts,
  });

  if (settingsModule && settingsObject && Object.keys(plan.settings).length > 0) {
    for (const [key, value] of Object.entries(plan.settings)) settingsObject[key] = value;
    // Printed as the file is written: two-space indents, trailing commas, a final newline.
    const { code } = generateCode(settingsModule, { format: false, quote: 'single', tabWidth: 2, trailingComma: true });
    writeFileSync(options.config, code.endsWith('\n') ? code : `${code}\n`);
  }
  writeFileSync(options.categories, plan.categories.text);
  const copied = options.copyStatic === false ? undefined : copyStaticFiles(options.site, plan.staticFiles, publicDir);
  if (plan.oldSite) {
    mkdirSync(path.dirname(oldSiteFile), { recursive: true });
    writeFileSync(oldSiteFile, plan.oldSite.text);
  }

  const postsDir = postsFolderOf(options.site);
  const excludedPosts = excludedPostFiles(options.site, config);
  let replaced = 0;
  if (plan.copyPosts) {
    // The site's posts replace the example posts rather than joining them.
    if (existsSync(options.posts)) {
      for (const entry of readdirSync(options.posts, { recursive: true, withFileTypes: true })) {
        if (entry.isFile() && isPostCandidate(entry.name)) {
          rmSync(path.join(entry.parentPath, entry.name));
          replaced += 1;
        }
      }
    }
    const excluded = new Set(excludedPosts.map((file) => path.join(options.site, file)));
    if (existsSync(postsDir)) cpSync(postsDir, options.posts, { recursive: true, filter: (source) => !excluded.has(source) });
    for (const copy of plan.nestedCopies)
      cpSync(path.join(options.site, copy.from), path.join(options.posts, copy.to), { recursive: true });
  }

  return {
    options,
    settings: plan.settings,
    categoriesWritten: plan.categories.written,
    withoutPosts: plan.categories.withoutPosts,
    postsDir,
    postsExist: existsSync(postsDir),
    postsRead: plan.postsRead,
    replaced,
    nestedCopies: plan.nestedCopies,
    excludedPosts,
    staticFiles: { toCopy: plan.staticFiles.length, copied },
    oldSiteWritten: plan.oldSite
      ? { file: oldSiteFile, pages: plan.oldSite.record.pages.length, files: plan.oldSite.record.files.length }
      : undefined,
    unmapped: plan.unmapped,
    toCheck: plan.toCheck,
  };
}

/** Folders and files shown by name in the static files' line; the rest are counted. */
const FOLDERS_SHOWN = 8;

/** What migrate did with the old site's static files, and where it wrote down the old site's pages and files. */
function staticFilesReport(result: MigrationResult): string[] {
  const { options, staticFiles, oldSiteWritten } = result;
  const publicDir = options.publicDir ?? 'public';
  const lines: string[] = [];
  const { copied, toCopy } = staticFiles;
  if (copied && copied.files > 0) {
    const folders = [...copied.byFolder].map(([folder, count]) => (folder.endsWith('/') ? `${folder} (${count})` : folder));
    lines.push(
      `${counted(copied.files, 'static file')} (${shownSize(copied.bytes)}) copied from ${options.site} into ${publicDir}/: ` +
        `${folders.slice(0, FOLDERS_SHOWN).join(', ')}${folders.length > FOLDERS_SHOWN ? `, and ${folders.length - FOLDERS_SHOWN} more` : ''}`,
    );
  } else if (!copied && toCopy > 0) {
    lines.push(
      `${counted(toCopy, 'static file')} of ${options.site} not copied (--no-static-files): posts' links to them are reported as links to the old site's files`,
    );
  }
  if (oldSiteWritten) {
    lines.push(
      `the old site's ${counted(oldSiteWritten.pages, 'page')} and ${counted(oldSiteWritten.files, 'static file')} written down in ${oldSiteWritten.file}: ` +
        "npm run check and the build name posts' links to those this site does not serve apart from links that lead nowhere",
    );
  }
  return lines;
}

/** What migrate prints: what it wrote, then `not mapped:` and `to check:`, one line each. */
export function migrationReport(result: MigrationResult): string[] {
  const { options, postsDir, postsRead } = result;
  const lines = [`settings written to ${options.config}:`];
  for (const [key, value] of Object.entries(result.settings)) {
    const shown = Array.isArray(value)
      ? value.length === 0
        ? '(none)'
        : value.map((item) => (typeof item === 'object' && item !== null ? JSON.stringify(item) : String(item))).join(', ')
      : typeof value === 'object'
        ? JSON.stringify(value)
        : value;
    lines.push(`  ${key}: ${shown}`);
  }
  lines.push(
    `${result.categoriesWritten.length} category names written to ${options.categories}` +
      (postsRead
        ? ` (${result.withoutPosts} without a post in ${postsDir}, which has ${counted(postsRead.valid, 'valid post')}` +
          `${postsRead.invalid === 0 ? '' : `; ${counted(postsRead.invalid, 'invalid file')} not read, see npm run check -- ${postsDir}`})`
        : ''),
  );
  if (result.categoriesWritten.length > 0 && !result.postsExist)
    lines.push(`category names not checked against posts: ${postsDir} does not exist`);
  if (result.postsExist) {
    lines.push(
      options.copyPosts
        ? `posts copied from ${postsDir} to ${options.posts}${result.replaced > 0 ? `, replacing the ${result.replaced} posts that were there` : ''}`
        : `posts stay in place: build with POSTS_DIR=${postsDir}`,
    );
  }
  for (const copy of result.nestedCopies) {
    const categories = (copy.set.values.categories as string[]).map((name) => `"${name}"`).join(', ');
    lines.push(
      `${counted(copy.files, 'file')} of ${path.join(options.site, copy.from)} copied to ${path.join(options.posts, copy.to)}, ` +
        `their posts given ${categories} from their folders (as Jekyll gave them) by the postDefaults set for ${copy.set.path}`,
    );
  }
  if (result.excludedPosts.length > 0) {
    const files = result.excludedPosts;
    const named = `${files.slice(0, 5).join(', ')}${files.length > 5 ? `, and ${files.length - 5} more` : ''}`;
    lines.push(
      options.copyPosts
        ? `${counted(files.length, 'file')} of ${postsDir} not copied: the site's exclude: names them, so Jekyll never published them (${named})`
        : `${counted(files.length, 'file')} of ${postsDir}: the site's exclude: names them, so Jekyll never published them, but a build from the folder reads them; move them out of it, or migrate with --copy-posts, which leaves them out (${named})`,
    );
  }
  lines.push(...staticFilesReport(result));
  for (const [heading, items] of [
    ['not mapped:', result.unmapped],
    ['to check:', result.toCheck],
  ] as const) {
    if (items.length === 0) continue;
    lines.push(heading);
    for (const item of items) lines.push(`  ${item}`);
  }
  return lines;
}

/**
 * `npm run migrate`'s work: carries a Jekyll site's settings, category names and old category
 * URLs over into `src/site.config.ts` and `src/data/categories.yml`, copies its static files
 * into `public/` and writes down its pages and files (`src/data/old-site.yml`), optionally
 * copies its posts, and says what it did not carry and what readers will see change. `scripts/migrate.ts`
 * only parses the arguments and prints {@link migrationReport}.
 *
 * Everything is read and decided first, then written: the settings file is edited as a syntax
 * tree (any layout and comments survive), each value checked by the settings schema.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateCode, loadFile } from 'magicast';
import { getDefaultExportOptions } from 'magicast/helpers';
import YAML from 'yaml';
import { collisionMessage, type RouteCollision, routeCollisions } from '../lib/reserved-routes';
import { readPostsFolder } from '../loaders/posts-folder';
import { categoryListingPath } from '../loaders/report';
import { decodePost } from '../reader/decode';
import { readFrontMatter } from '../reader/front-matter';
import { OLD_SITE_FILE, oldSiteText } from '../lib/old-site';
import { readerSettings } from '../reader/settings';
import { settingsSchema } from '../schemas/settings';
import {
  type CategoryTally,
  groupStubs,
  isStubFile,
  nameCategories,
  readStub,
  STUB_FOLDER,
  type Stub,
  tallyCategories,
} from './category-names';
import { type DatedPost, displayedTimesNote } from './displayed-times';
import { includeReader, migrateLiquid, readPostBodies } from './liquid';
import { type CurrentSettings, mapJekyllConfig, type SettingValue } from './site-config';
import {
  type CopiedFiles,
  copyStaticFiles,
  listPublicFiles,
  listSiteFiles,
  notCarriedFiles,
  oldSiteRecord,
  ownPublicFiles,
  shownSize,
  staticFilesToCopy,
} from './site-files';

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

/** A problem with migrate's input that ends it before anything is written. */
export class MigrateInputError extends Error {
  override name = 'MigrateInputError';
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
  /** The old site's static files: how many there were to copy, and what was copied (undefined: not copied). */
  staticFiles: { toCopy: number; copied: CopiedFiles | undefined };
  /** The record of the old site's pages and files, when written. */
  oldSiteWritten: { file: string; pages: number; files: number } | undefined;
  /** Not carried over, each with what to do. */
  unmapped: string[];
  /** Carried over, but worth a look. */
  toCheck: string[];
}

/** The literal string values (and lists of strings) of the settings object, if the file has one. */
function currentSettings(settingsObject: Record<string, unknown> | undefined): CurrentSettings {
  const literal = (key: string) => (typeof settingsObject?.[key] === 'string' ? (settingsObject[key] as string) : undefined);
  const list = (key: string) => {
    const value = settingsObject?.[key];
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

/** The stubs of the site's category folder, in file-name order, and the stubs that cannot be read. */
function readStubs(site: string): { stubs: Stub[]; problems: string[] } {
  const folder = path.join(site, STUB_FOLDER);
  const stubs: Stub[] = [];
  const problems: string[] = [];
  if (!existsSync(folder)) return { stubs, problems };
  for (const file of readdirSync(folder).filter(isStubFile).sort()) {
    const read = readStub(file, readFileSync(path.join(folder, file), 'utf8'));
    if ('stub' in read) stubs.push(read.stub);
    else problems.push(read.problem);
  }
  return { stubs, problems };
}

/** A valid post's date as its front matter writes it, read with the reader's own stages. */
function datedPost(file: string, date: Date): DatedPost {
  const decoded = decodePost(readFileSync(path.resolve(file)));
  if (!decoded.ok) return { file, date, dateText: undefined };
  const front = readFrontMatter(decoded.text, { repairTitles: true });
  const written = front.data.date;
  return { file, date, dateText: typeof written === 'string' ? written : undefined, plainDate: front.plainDate };
}

/** Reads and decides everything, then writes the settings, the category names and the posts. */
export async function migrateSite(options: MigrateOptions): Promise<MigrationResult> {
  const configFile = path.join(options.site, '_config.yml');
  if (!existsSync(configFile)) throw new MigrateInputError(`${configFile} not found: give the folder of a Jekyll site`);
  let jekyll: Record<string, unknown>;
  try {
    jekyll = (YAML.parse(readFileSync(configFile, 'utf8')) ?? {}) as Record<string, unknown>;
  } catch (error) {
    throw new MigrateInputError(
      `${configFile}: cannot be read (${(error as Error).message.split('\n')[0]}); fix its YAML and run migrate again`,
    );
  }

  const settingsModule = existsSync(options.config) ? await loadFile(options.config) : undefined;
  const settingsObject = settingsModule ? (getDefaultExportOptions(settingsModule) as Record<string, unknown>) : undefined;
  const mapping = mapJekyllConfig(jekyll, currentSettings(settingsObject));
  if (Object.keys(mapping.settings).length > 0 && !settingsObject) {
    throw new MigrateInputError(`${options.config} not found: give --config the site's settings file (src/site.config.ts)`);
  }

  const { stubs, problems: stubProblems } = readStubs(options.site);
  const groups = groupStubs(stubs);

  // The old site's posts, read as the build reads them (invalid ones skipped and counted,
  // future ones included): their tags name categories, their dates show what readers see change.
  const postsDir = path.join(options.site, '_posts');
  const postsExist = existsSync(postsDir);
  const postsProblems: string[] = [];
  let tallies = new Map<string, CategoryTally>();
  let postsRead: MigrationResult['postsRead'];
  const dated: DatedPost[] = [];
  let collisions: RouteCollision[] = [];
  if (postsExist) {
    const readWith = settingsSchema.safeParse({
      ...mapping.settings,
      timeZone: mapping.siteTimeZone,
      postsDir,
      invalidPosts: 'skip',
      includeFuture: true,
    });
    if (!readWith.success) {
      const issue = readWith.error.issues[0];
      postsProblems.push(
        `category names and times: not checked against ${postsDir}: its settings are refused (${issue?.path.join('.')}: ${issue?.message})`,
      );
    } else {
      const { report, entries } = await readPostsFolder(
        readerSettings(readWith.data),
        { dir: path.resolve(postsDir), displayDir: postsDir },
        { render: false, now: options.now ?? new Date() },
      );
      postsRead = { valid: report.valid, invalid: report.invalid.length };
      // Entries come in file-name order: ties between tags go to the first seen.
      const posts = [...entries.values()].map((entry) => entry.post);
      tallies = tallyCategories(posts);
      for (const post of posts) dated.push(datedPost(post.sourceFile, post.date));
      collisions = routeCollisions(posts);
    }
  }

  // With the site's own posts copied in, the example categories go with the example posts.
  const existing =
    !options.copyPosts && existsSync(options.categories)
      ? ((YAML.parse(readFileSync(options.categories, 'utf8')) ?? {}) as Record<string, unknown>)
      : {};
  const naming = nameCategories({
    stubs: groups.byKey,
    tallies,
    existing,
    namesFromPosts: options.namesFromPosts,
    categoriesFile: options.categories,
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
  const liquid = migrateLiquid(readPostBodies(postsDir), jekyll, includeReader(options.site));
  if (liquid.setting) mapping.settings.liquid = liquid.setting;
  // The project's own files in public/: what is there but the old site's files an earlier run copied.
  const publicDir = options.publicDir ?? 'public';
  const oldSiteFile = options.oldSite ?? OLD_SITE_FILE;
  const ownFiles = ownPublicFiles(listPublicFiles(publicDir), publicDir, options.site);
  const { files, nestedPosts, collections } = listSiteFiles(options.site, jekyll);
  const toCopy = staticFilesToCopy(files, ownFiles);
  const record = oldSiteRecord(files, collections);
  const notCarried = notCarriedFiles(files, nestedPosts, ownFiles, collections);
  // A _config.yml key the posts print is carried into liquid.site: not "not mapped".
  const carriedToLiquid = new Set(Object.keys(liquid.setting?.site ?? {}));
  const unmapped = [
    ...mapping.unmapped.filter((line) => !carriedToLiquid.has(line.slice(0, line.indexOf(':')))),
    ...stubProblems,
    ...groups.unmapped,
    ...notCarried,
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
    ...collisions.map((collision) => collisionMessage(collision, categoryListingPath)),
  ].filter((line): line is string => line !== undefined);

  if (settingsModule && settingsObject && Object.keys(mapping.settings).length > 0) {
    for (const [key, value] of Object.entries(mapping.settings)) settingsObject[key] = value;
    // Printed as the file is written: two-space indents, trailing commas, a final newline.
    const { code } = generateCode(settingsModule, { format: false, quote: 'single', tabWidth: 2, trailingComma: true });
    writeFileSync(options.config, code.endsWith('\n') ? code : `${code}\n`);
  }
  const siteName = path.basename(path.resolve(options.site));
  writeFileSync(
    options.categories,
    '# Display names of categories, keyed by the category as written in URLs (lower case).\n' +
      `# Written by npm run migrate from ${siteName}/${STUB_FOLDER}/ and the tags of ${siteName}/_posts; edit freely.\n` +
      YAML.stringify({ ...existing, ...naming.names }),
  );

  const copied = options.copyStatic === false ? undefined : copyStaticFiles(options.site, toCopy, publicDir);
  // Written when there is something to write, or a record of an earlier run to replace.
  const writeRecord = record.pages.length + record.files.length > 0 || existsSync(oldSiteFile);
  if (writeRecord) {
    mkdirSync(path.dirname(oldSiteFile), { recursive: true });
    writeFileSync(oldSiteFile, oldSiteText(record, siteName));
  }

  let replaced = 0;
  if (options.copyPosts && postsExist) {
    // The site's posts replace the example posts rather than joining them.
    if (existsSync(options.posts)) {
      for (const entry of readdirSync(options.posts, { recursive: true, withFileTypes: true })) {
        if (entry.isFile() && /\.(md|markdown|html)$/.test(entry.name)) {
          rmSync(path.join(entry.parentPath, entry.name));
          replaced += 1;
        }
      }
    }
    cpSync(postsDir, options.posts, { recursive: true });
  }

  const categoriesWritten = Object.keys(naming.names);
  return {
    options,
    settings: mapping.settings,
    categoriesWritten,
    withoutPosts: categoriesWritten.filter((key) => !tallies.has(key)).length,
    postsDir,
    postsExist,
    postsRead,
    replaced,
    staticFiles: { toCopy: toCopy.length, copied },
    oldSiteWritten: writeRecord ? { file: oldSiteFile, pages: record.pages.length, files: record.files.length } : undefined,
    unmapped,
    toCheck,
  };
}

const counted = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

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
        : value.join(', ')
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

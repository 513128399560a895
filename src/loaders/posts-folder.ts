/**
 * Reads a whole posts folder: lists the files, reads each post (or reuses an unchanged one),
 * settles URL conflicts and accounts for every file in a report. The content loader and
 * `npm run check` both use it, so they always agree on what is valid.
 */
import { readFileSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { categoryKeys, exactFileOf, outputFileOfParam, routeParamForPath } from '../lib/permalink';
import { unservablePath } from '../lib/reserved-routes';
import { isPostCandidate } from '../reader/file-name';
import type { Problem } from '../lib/problem';
import { type ReadResult, readPostFile } from '../reader/read-post';
import type { ReaderSettings } from '../reader/settings';
import type { ReadPost } from '../schemas/post';
import { ReadPool, readingThreads, workersCanRead } from './read-pool';
import { emptyPostsReport, type PostsReport } from './report';

/** A post read from the folder, or reused from an earlier build. */
export interface FolderEntry {
  id: string;
  post: ReadPost;
  /** Sanitized body; absent when reused or when reading without rendering. */
  html?: string;
  /** Content digest, when read with a cache. */
  digest?: string;
  /** `size:mtime` of the file when it was read, when read with a cache. */
  stamp?: string;
  reused: boolean;
  warnings: Problem[];
  repairs: Problem[];
}

/** A post kept from an earlier read, with the messages its file gave then. */
export type StoredPost = Pick<FolderEntry, 'post' | 'warnings' | 'repairs'>;

/**
 * What an earlier build remembers, so unchanged files are not read again. Digests and stamps
 * are only meaningful under the reader settings the cache was made with; the cache answers
 * for those.
 */
export interface ReaderCache {
  /** Content digest of a file (its path below the folder and its bytes). */
  digest(file: string, bytes: Uint8Array): string;
  /** The digest the entry's file had when it last had this `size:mtime` stamp: the file is then not read at all. */
  digestForStamp(id: string, stamp: string): string | undefined;
  /** The stored post of the entry, if it was read from content with this digest. */
  storedPost(id: string, digest: string): StoredPost | undefined;
}

/** A posts folder: where it is, and how messages name it. */
export interface PostsFolder {
  /** Absolute path. */
  dir: string;
  /** The folder as the site owner wrote it. */
  displayDir: string;
}

/** How a folder is read, besides the reader settings. */
export interface FolderReadOptions {
  /** The build's clock, for future posts. Default: now. */
  now?: Date;
  /** Render and sanitize bodies (the build does; `npm run check` only validates). Default true. */
  render?: boolean;
  /** Skips unchanged files; entries then carry digests and stamps to store. */
  cache?: ReaderCache;
  /** Threads that read files; 1 reads on the calling thread. Default: one per core. */
  threads?: number;
}

/** Files read on the calling thread before the rest go to worker threads, whose start costs about this much reading. */
const INLINE_READS = 200;

/** The posts folder of the settings, resolved against the project root. */
export function postsFolder(settings: Pick<ReaderSettings, 'postsDir'>, root: string): PostsFolder {
  return { dir: path.resolve(root, settings.postsDir), displayDir: settings.postsDir };
}

/** Every file below `dir`, as `/`-separated paths relative to it, sorted; hidden ones left out. */
export async function listPostsFolder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .filter((file) => !file.split('/').some((segment) => segment.startsWith('.')))
    .sort();
}

/** An entry id from a file path: the path without its extension. */
export function entryId(file: string): string {
  return file.replace(/\.[^./]+$/, '');
}

/** Reads the folder; throws only when the folder itself cannot be read. */
export async function readPostsFolder(
  settings: ReaderSettings,
  folder: PostsFolder,
  options: FolderReadOptions = {},
): Promise<{ report: PostsReport; entries: Map<string, FolderEntry> }> {
  const { cache } = options;
  const readOptions = { now: options.now ?? new Date(), render: options.render !== false };
  let files: string[];
  try {
    files = await listPostsFolder(folder.dir);
  } catch (error) {
    throw new Error(`Cannot read the posts folder ${folder.dir}: ${(error as Error).message}. Set POSTS_DIR to an existing folder.`);
  }
  const shown = (file: string) => path.posix.join(folder.displayDir.split(path.sep).join('/'), file);
  const report = emptyPostsReport(folder.displayDir, settings.invalidPosts);
  const entries = new Map<string, FolderEntry>();
  // What each file adds to the report and the entries, applied in file order once all are read,
  // so files read on other threads give the same report, in the same order, as on this one.
  const outcomes: (() => void)[] = [];
  // Takes the stored post of an unchanged file, when the cache has one for this digest.
  const reused = (id: string, digest: string | undefined, stamp: string | undefined): boolean => {
    const stored = digest === undefined ? undefined : cache?.storedPost(id, digest);
    if (!stored) return false;
    outcomes.push(() => {
      entries.set(id, { id, digest, stamp, reused: true, ...stored });
      report.warnings.push(...stored.warnings);
      report.repairs.push(...stored.repairs);
    });
    return true;
  };
  const take = (id: string, file: string, digest: string | undefined, stamp: string | undefined, result: ReadResult) => {
    report.warnings.push(...result.warnings);
    report.repairs.push(...result.repairs);
    if (result.status === 'invalid') report.invalid.push({ file: shown(file), problems: result.problems });
    else if (result.status === 'unpublished') report.unpublished.push(shown(file));
    else if (result.status === 'future') report.future.push(shown(file));
    else if (result.status === 'post') {
      entries.set(id, {
        id,
        post: result.post,
        html: result.html,
        digest,
        stamp,
        reused: false,
        warnings: result.warnings,
        repairs: result.repairs,
      });
    }
  };
  const threads = options.threads ?? (workersCanRead() ? readingThreads() : 1);
  let pool: ReadPool | undefined;
  let readHere = 0;

  // Entries are keyed by path without extension; `a.md` beside `a.html` would silently replace it.
  const filesById = new Map<string, string>();

  try {
    for (const file of files) {
      // Jekyll leaves out a folder of the posts folder whose name starts with `_`, `#` or `~`
      // (`_posts/_old/…`), and reads the folders below (`_posts/2023/_x/…`): its entry filter
      // looks at the path's first character.
      const [first, ...below] = file.split('/');
      if (below.length > 0 && /^[_#~]/.test(first!)) {
        outcomes.push(() =>
          report.warnings.push({
            file: shown(file),
            field: 'file name',
            message: `is in the folder ${first}, and Jekyll does not read a folder of the posts folder whose name starts with _, # or ~, so it is not a post; move it out of that folder to publish it`,
          }),
        );
        continue;
      }
      if (!isPostCandidate(file)) {
        outcomes.push(() =>
          report.warnings.push({
            file: shown(file),
            field: 'file name',
            message: 'is not a post file (.md, .markdown, .mkd, .mkdn, .mkdown, .html or .htm) and is ignored',
          }),
        );
        continue;
      }
      report.files += 1;
      const id = entryId(file);
      const namesake = filesById.get(id);
      if (namesake !== undefined) {
        const problem = {
          file: shown(file),
          field: 'file name',
          message: `differs from ${shown(namesake)} only in its extension, so both would be one post; rename or remove one of them`,
        };
        outcomes.push(() => report.invalid.push({ file: shown(file), problems: [problem] }));
        continue;
      }
      filesById.set(id, file);
      const full = path.join(folder.dir, file);
      const stamp = cache ? fileStamp(full) : undefined;
      if (reused(id, stamp === undefined ? undefined : cache?.digestForStamp(id, stamp), stamp)) continue;
      // Synchronous reads: for thousands of small files they beat the thread pool's round trips.
      const bytes = readFileSync(full);
      const digest = cache?.digest(file, bytes);
      if (reused(id, digest, stamp)) continue;
      const slot = outcomes.push(() => {}) - 1;
      // A few files are read here: starting the workers would cost more than reading them.
      if (threads > 1 && readHere >= INLINE_READS) {
        pool ??= new ReadPool(settings, readOptions, threads);
        await pool.ready();
        pool.read({ file: shown(file), bytes }, (result) => {
          outcomes[slot] = () => take(id, file, digest, stamp, result);
        });
      } else {
        readHere += 1;
        const result = readPostFile(shown(file), bytes, settings, readOptions);
        outcomes[slot] = () => take(id, file, digest, stamp, result);
      }
    }
  } finally {
    await pool?.close();
  }
  for (const outcome of outcomes) outcome();

  // A post no URL can serve claims none from the others.
  refuseUnservableUrls(entries, report);
  settleUrlConflicts(entries, report);
  for (const { post } of entries.values()) {
    for (const from of post.legacyPaths) report.redirects.push({ from, to: post.path });
  }
  report.valid = entries.size;
  return { report, entries };
}

/**
 * A post whose URL the site's own files take (a category `feed.xml` puts it below `/feed.xml`, a
 * `permalink: /search.html` on the search page) cannot be served: it is invalid, reported with
 * the field its URL comes from, rather than failing the build where the pages are written.
 */
function refuseUnservableUrls(entries: Map<string, FolderEntry>, report: PostsReport): void {
  for (const [id, { post }] of entries) {
    for (const claimed of [post.path, ...post.legacyPaths]) {
      const reason = unservablePath(claimed);
      if (reason === undefined) continue;
      // The field is the categories when one of them heads or names the part of the URL at fault.
      const segments = claimed.split('/').map((segment) => segment.toLowerCase());
      const fromCategory = categoryKeys(post.categories).some((key) => segments.includes(key));
      const problem = post.redirectFrom?.includes(claimed)
        ? { field: 'redirect_from', message: `the URL ${claimed} ${reason}; remove it from redirect_from:` }
        : fromCategory
          ? { field: 'categories', message: `the URL ${claimed} ${reason}; rename the category or give the post a permalink: of its own` }
          : { field: 'permalink', message: `the URL ${claimed} ${reason}; give the post a permalink: of its own` };
      report.invalid.push({ file: post.sourceFile, problems: [{ file: post.sourceFile, ...problem }] });
      entries.delete(id);
      break;
    }
  }
}

/** `size:mtime`: a file with the same stamp is taken to have the same content. */
function fileStamp(file: string): string {
  const stats = statSync(file);
  return `${stats.size}:${stats.mtimeMs}`;
}

/**
 * Two files at one URL: Jekyll silently lets the last one win. Here the first file (by path)
 * keeps the URL and every other one is reported with the name of the first.
 */
function settleUrlConflicts(entries: Map<string, FolderEntry>, report: PostsReport): void {
  const owners = new Map<string, ReadPost>();
  // The folders the files of each post lie in: a file of one post cannot be a folder of another's.
  const folderOwners = new Map<string, ReadPost>();
  const fileOwners = new Map<string, ReadPost>();
  // A post's own URLs first, then the old paths its redirect_from: names: those give way.
  const phases = [
    (post: ReadPost) => [post.path, ...post.legacyPaths.filter((claimed) => !post.redirectFrom?.includes(claimed))],
    (post: ReadPost) => post.redirectFrom ?? [],
  ];
  for (const claimsOf of phases) {
    for (const [id, { post }] of entries) {
      for (const claimed of claimsOf(post)) {
        // Two paths can name one file (`/a/x` and `/a/x.html`, `/a/` and `/a/index.html`): key by the file.
        const file = routeParamForPath(claimed, exactFileOf(claimed, post.keptExtension));
        const written = outputFileOfParam(file);
        const folders = written
          .split('/')
          .slice(0, -1)
          .map((_, index, parts) => parts.slice(0, index + 1).join('/'));
        const sameFile = owners.get(file);
        const fileOfFolder = folders.map((folder) => fileOwners.get(folder)).find((one) => one !== undefined && one !== post);
        const owner = sameFile ?? folderOwners.get(written) ?? fileOfFolder;
        if (owner && owner !== post) {
          const redirect = post.redirectFrom?.includes(claimed) === true;
          const fix = redirect ? 'remove it from redirect_from:' : undefined;
          const message =
            owner === sameFile
              ? `${claimed} is also the URL of ${owner.sourceFile}; ${fix ?? 'change the slug or date of one of them'}`
              : `${claimed} is written to ${written}, and ${owner.sourceFile}'s page needs ${owner === fileOfFolder ? 'a file where this needs a folder' : 'that name as a folder'} (a file cannot also be a folder); ${fix ?? 'change the slug, category or permalink of one of them'}`;
          report.invalid.push({
            file: post.sourceFile,
            problems: [{ file: post.sourceFile, field: redirect ? 'redirect_from' : 'permalink', message }],
          });
          entries.delete(id);
          break;
        }
        owners.set(file, post);
        fileOwners.set(written, post);
        for (const folder of folders) folderOwners.set(folder, post);
      }
    }
  }
}

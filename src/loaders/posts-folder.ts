/**
 * Reads a whole posts folder: lists the files, reads each post (or reuses an unchanged one),
 * settles URL conflicts and accounts for every file in a report. The content loader and
 * `npm run check` both use it, so they always agree on what is valid.
 */
import { readFileSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { ReadPost } from '../schemas/post';
import type { InvalidPostsMode } from '../schemas/settings';
import { isPostCandidate, readPostFile, type Problem, type ReadOptions } from './post-file';
import type { PostsReport } from './report';

/** A post read from the folder, or reused from an earlier build. */
export interface FolderEntry {
  id: string;
  post: ReadPost;
  /** Sanitized body; absent when reused or when reading without rendering. */
  html?: string;
  digest?: string;
  /** `size:mtime` of the file when it was read. */
  stamp?: string;
  reused: boolean;
  warnings: Problem[];
  repairs: Problem[];
}

export interface FolderOptions extends ReadOptions {
  /** Absolute path of the posts folder. */
  postsDir: string;
  /** The folder as the site owner wrote it, for messages. */
  displayDir: string;
  mode: InvalidPostsMode;
  /** Content digest of a file; entries carry it so the caller can skip unchanged files next time. */
  digest?: (file: string, bytes: Uint8Array) => string;
  /** A stored post for an unchanged file (same id and digest), with the warnings it had. */
  reuse?: (id: string, digest: string) => Pick<FolderEntry, 'post' | 'warnings' | 'repairs'> | undefined;
  /**
   * The digest the file had when it last had this size and modification time, if known: the
   * file is then not read at all. Entries carry `size:mtime` as `stamp` for the next time.
   */
  digestByStamp?: (id: string, stamp: string) => string | undefined;
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
export async function readPostsFolder(options: FolderOptions): Promise<{ report: PostsReport; entries: Map<string, FolderEntry> }> {
  let files: string[];
  try {
    files = await listPostsFolder(options.postsDir);
  } catch (error) {
    throw new Error(`Cannot read the posts folder ${options.postsDir}: ${(error as Error).message}. Set POSTS_DIR to an existing folder.`);
  }
  const shown = (file: string) => path.posix.join(options.displayDir.split(path.sep).join('/'), file);
  const report: PostsReport = {
    postsDir: options.displayDir,
    mode: options.mode,
    files: 0,
    valid: 0,
    unpublished: [],
    future: [],
    invalid: [],
    warnings: [],
    repairs: [],
    redirects: [],
  };
  const entries = new Map<string, FolderEntry>();

  for (const file of files) {
    if (!isPostCandidate(file)) {
      report.warnings.push({ file: shown(file), field: 'file name', message: 'is not a post file (.md, .markdown or .html) and is ignored' });
      continue;
    }
    report.files += 1;
    const id = entryId(file);
    const full = path.join(options.postsDir, file);
    const stats = options.digestByStamp ? statSync(full) : undefined;
    const stamp = stats ? `${stats.size}:${stats.mtimeMs}` : undefined;
    const knownDigest = stamp === undefined ? undefined : options.digestByStamp?.(id, stamp);
    const known = knownDigest === undefined ? undefined : options.reuse?.(id, knownDigest);
    if (known) {
      entries.set(id, { id, digest: knownDigest, stamp, reused: true, ...known });
      report.warnings.push(...known.warnings);
      report.repairs.push(...known.repairs);
      continue;
    }
    // Synchronous reads: for thousands of small files they beat the thread pool's round trips.
    const bytes = readFileSync(full);
    const digest = options.digest?.(file, bytes);
    const reused = digest === undefined ? undefined : options.reuse?.(id, digest);
    if (reused) {
      entries.set(id, { id, digest, stamp, reused: true, ...reused });
      report.warnings.push(...reused.warnings);
      report.repairs.push(...reused.repairs);
      continue;
    }
    const result = readPostFile(shown(file), bytes, options);
    report.warnings.push(...result.warnings);
    report.repairs.push(...result.repairs);
    if (result.status === 'invalid') report.invalid.push({ file: shown(file), problems: result.problems });
    else if (result.status === 'unpublished') report.unpublished.push(shown(file));
    else if (result.status === 'future') report.future.push(shown(file));
    else if (result.status === 'post') {
      entries.set(id, { id, post: result.post, html: result.html, digest, stamp, reused: false, warnings: result.warnings, repairs: result.repairs });
    }
  }

  // Two files at one URL: Jekyll silently lets the last one win. Here the first file (by
  // path) keeps the URL and every other one is reported with the name of the first.
  const owners = new Map<string, ReadPost>();
  for (const [id, { post }] of entries) {
    for (const claimed of [post.path, ...post.legacyPaths]) {
      const owner = owners.get(claimed);
      if (owner && owner !== post) {
        report.invalid.push({
          file: post.sourceFile,
          problems: [{ file: post.sourceFile, field: 'permalink', message: `${claimed} is also the URL of ${owner.sourceFile}; change the slug or date of one of them` }],
        });
        entries.delete(id);
        break;
      }
      owners.set(claimed, post);
    }
  }

  for (const { post } of entries.values()) {
    for (const from of post.legacyPaths) report.redirects.push({ from, to: post.path });
  }
  report.valid = entries.size;
  return { report, entries };
}

/**
 * The output folder as the deploy sees it: every file under its key, with the MD5 of its bytes,
 * its size and the headers it must be served with.
 */
import { createHash } from 'node:crypto';
import { type Dirent, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { headerDigest, headersFor, knownType, type ObjectHeaders, redirectTarget } from './headers';

/** One file of the output folder. */
export interface LocalFile {
  /** Path relative to the output folder, with `/`: the object's key below the target's prefix. */
  key: string;
  /** Where it is on disk. */
  path: string;
  size: number;
  /** Hex MD5 of the bytes: what S3 reports as the ETag of an object uploaded in one part. */
  md5: string;
  headers: ObjectHeaders;
  headerDigest: string;
}

const HTML_DOCUMENT = /^(?:\uFEFF|\xEF\xBB\xBF)?\s*<!DOCTYPE html[\s>]/i;

// Redirect pages are under a kilobyte; reading the heads of large pages for one would be waste.
const REDIRECT_PAGE_LIMIT = 16 * 1024;

/**
 * Every file below `dir`, sorted by key; an absent folder has none. `redirectHeaders` false:
 * redirect pages are stored as plain pages, for services that refuse the redirect header.
 */
export function readOutputFolder(dir: string, { redirectHeaders = true } = {}): LocalFile[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files: LocalFile[] = [];
  for (const entry of entries) {
    const file = path.join(entry.parentPath, entry.name);
    // A link is followed, as a reader of the folder would.
    if (!(entry.isFile() || (entry.isSymbolicLink() && statSync(file).isFile()))) continue;
    const key = path.relative(dir, file).split(path.sep).join('/');
    const bytes = readFileSync(file);
    // A post's own permalink may name its page `x.shtml` or `show.php`, as Jekyll wrote it: what
    // the table does not know and starts as the site's pages do is served as a page.
    const page = key.endsWith('.html') || (!knownType(key) && HTML_DOCUMENT.test(bytes.subarray(0, 64).toString('latin1')));
    const redirect =
      redirectHeaders && page && bytes.length <= REDIRECT_PAGE_LIMIT ? redirectTarget(bytes.toString('utf8'), key) : undefined;
    const headers = headersFor(key, redirect, { page });
    files.push({
      key,
      path: file,
      size: bytes.length,
      md5: createHash('md5').update(bytes).digest('hex'),
      headers,
      headerDigest: headerDigest(headers),
    });
  }
  return files.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

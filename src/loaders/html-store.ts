/**
 * Article bodies live in files of their own, named by the post's content digest, in Astro's
 * cache folder, not in the content store. The store then holds only small metadata: it loads
 * and saves in a fraction of the time, the build bundles less, and no build holds every body
 * in memory. An article page reads its one file; listings and feeds read what they show.
 *
 * A file is the post's plain-text excerpt on the first line (excerpts never contain a line
 * break), then the sanitized HTML.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Folder name below Astro's cache folder. */
export const HTML_STORE_DIR = 'xinwen-html';

/** What a page shows of a post's body. */
export interface PostBody {
  excerpt: string;
  html: string;
}

/** Where the body of the post with `digest` is kept. */
export function bodyFileFor(storeDir: string, digest: string): string {
  return path.join(storeDir, `${digest}.html`);
}

/** Writes a post's body (unless the file for that digest is already there); returns its path. */
export function writeBody(storeDir: string, digest: string, body: PostBody): string {
  const file = bodyFileFor(storeDir, digest);
  if (!existsSync(file)) {
    mkdirSync(storeDir, { recursive: true });
    writeFileSync(file, `${body.excerpt.replace(/\n/g, ' ')}\n${body.html}`);
  }
  return file;
}

function missing(file: string): Error {
  return new Error(`The article body ${file} is missing: the cache folder changed during the build. Build again.`);
}

/** Reads a post's excerpt and HTML. */
export function readBody(file: string): PostBody {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw missing(file);
  }
  const newline = text.indexOf('\n');
  return { excerpt: text.slice(0, newline), html: text.slice(newline + 1) };
}

// An excerpt is at most a few hundred characters; its bytes fit in this many.
const EXCERPT_BYTES = 4096;

/** Reads only a post's excerpt (listings show many posts, and bodies can be megabytes). */
export function readExcerpt(file: string): string {
  let descriptor: number;
  try {
    descriptor = openSync(file, 'r');
  } catch {
    throw missing(file);
  }
  try {
    const buffer = Buffer.alloc(EXCERPT_BYTES);
    const length = readSync(descriptor, buffer, 0, EXCERPT_BYTES, 0);
    const newline = buffer.subarray(0, length).indexOf(0x0a);
    return buffer.subarray(0, newline === -1 ? length : newline).toString('utf8');
  } finally {
    closeSync(descriptor);
  }
}

/** Digests that have a body file in the store. */
export function storedDigests(storeDir: string): Set<string> {
  if (!existsSync(storeDir)) return new Set();
  return new Set(readdirSync(storeDir).map((name) => name.replace(/\.html$/, '')));
}

/** Removes the files of posts that are gone or changed. */
export function pruneBodies(storeDir: string, stored: ReadonlySet<string>, keep: ReadonlySet<string>): number {
  let removed = 0;
  for (const digest of stored) {
    if (!keep.has(digest)) {
      rmSync(bodyFileFor(storeDir, digest), { force: true });
      removed += 1;
    }
  }
  return removed;
}

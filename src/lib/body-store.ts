/**
 * The body store's read side: what pages, listings and feeds read of a post's body. The loader
 * writes each body into a file of its own, named by the post's content digest
 * (`src/loaders/html-store.ts`); an article page reads its one file, listings and feeds read
 * what they show.
 *
 * A file is the post's plain-text excerpt on the first line (excerpts never contain a line
 * break), then the sanitized HTML.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';

/** What a page shows of a post's body. */
export interface PostBody {
  excerpt: string;
  html: string;
}

function missing(file: string): Error {
  return new Error(`The article body ${file} is missing: the cache folder changed during the build. Build again.`);
}

let storeFolder: string | undefined;

/**
 * Sets the folder that posts' body file names are relative to: Astro's cache folder, once per
 * build (`src/site-data.ts`). Names are relative so that a cache restored elsewhere still
 * names its files, and the pages' keys, which digest them, stay the same.
 */
export function openBodyStore(cacheDir: string): void {
  storeFolder = cacheDir;
}

function located(file: string): string {
  if (path.isAbsolute(file)) return file;
  if (storeFolder === undefined) throw new Error(`The article body ${file} was asked for before the body store was opened.`);
  return path.join(storeFolder, file);
}

/** Reads a post's excerpt and HTML. */
export function readBody(name: string): PostBody {
  const file = located(name);
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
export function readExcerpt(name: string): string {
  const file = located(name);
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

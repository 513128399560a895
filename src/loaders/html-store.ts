/**
 * The body store's write side, which the loader keeps: article bodies live in files of their
 * own, named by the post's content digest, in Astro's cache folder, not in the content store.
 * The store then holds only small metadata: it loads and saves in a fraction of the time, the
 * build bundles less, and no build holds every body in memory. Pages read the files through
 * the read side, `src/lib/body-store.ts`, which also describes the file's form.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PostBody } from '../lib/body-store';

/** Folder name below Astro's cache folder. */
export const HTML_STORE_DIR = 'xinwen-html';

/** Where the body of the post with `digest` is kept. */
export function bodyFileFor(storeDir: string, digest: string): string {
  return path.join(storeDir, `${digest}.html`);
}

/**
 * The name posts give the body of `digest`: relative to the folder holding the store (Astro's
 * cache folder), `/`-separated, so it names the same file wherever the cache folder is.
 */
export function bodyFileName(storeName: string, digest: string): string {
  return `${storeName}/${digest}.html`;
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

/**
 * The body store: what pages, listings and feeds read of a post's body. Bodies live in Astro's
 * cache folder, not in the content store, so the store holds only small metadata and no build
 * holds every body in memory. The loader writes them (`src/loaders/html-store.ts`); pages read
 * them here by the post's `bodyId`, which names the store's folder and the post's content digest.
 *
 * A body is its plain-text excerpt (never a line break in it) and its sanitized HTML. Bodies are
 * kept in a few pack files rather than a file each: a cache of 100,000 posts would otherwise be
 * 100,000 more files, and creating files, not writing bytes, is what restoring a cache costs
 * (extracting the bodies of 100,000 posts as files took 5 to 30 s of system time on a 2-core
 * machine, and as one file of the same bytes 0.5 s). A post's digest picks its pack (by its first
 * two characters); the index file gives each body's pack, offset and lengths. Packs are only
 * appended to, and rewritten whole under a new name, so a build killed mid-write leaves an index
 * that still describes every byte it points at.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';

/** What a page shows of a post's body. */
export interface PostBody {
  excerpt: string;
  html: string;
}

/** Where a body is: its pack file, and the excerpt's and HTML's bytes from `offset` (excerpt, line break, HTML). */
export interface StoredBody {
  pack: string;
  offset: number;
  excerptBytes: number;
  htmlBytes: number;
}

/** The store's index file, in its folder. */
export const BODY_INDEX_FILE = 'index.json';

/** Changes whenever the index or the packs change form; an index of another form is not read. */
export const BODY_STORE_FORMAT = 'xinwen body packs 1';

/** The index as written: each body as `[pack, offset, excerptBytes, htmlBytes]`, by digest. */
interface IndexFile {
  format: string;
  bodies: Record<string, [string, number, number, number]>;
}

/** The pack a digest's body goes to: one of at most 256, by the digest's first two characters. */
export function packKeyOf(digest: string): string {
  const key = digest.slice(0, 2).toLowerCase();
  return /^[0-9a-z]{2}$/.test(key) ? key : '__';
}

/** The bytes a body takes in its pack: excerpt, line break, HTML. */
export function bodyBytes(body: PostBody): Buffer {
  return Buffer.from(`${body.excerpt.replace(/\n/g, ' ')}\n${body.html}`);
}

/**
 * The bodies an index in `folder` describes, keeping only those whose bytes are all in their
 * pack as it is now: a pack cut short (a cache restored in part, a disk that filled up) loses
 * the bodies past its end, which the loader then renders again, rather than pages showing a
 * cut article. An index that is missing, of another form or unreadable describes none.
 */
export function readBodyIndex(folder: string): Map<string, StoredBody> {
  const bodies = new Map<string, StoredBody>();
  let index: IndexFile;
  try {
    index = JSON.parse(readFileSync(path.join(folder, BODY_INDEX_FILE), 'utf8')) as IndexFile;
  } catch {
    return bodies;
  }
  if (index?.format !== BODY_STORE_FORMAT || typeof index.bodies !== 'object' || index.bodies === null) return bodies;
  const packSizes = new Map<string, number>();
  const sizeOf = (pack: string): number => {
    let size = packSizes.get(pack);
    if (size === undefined) {
      size = packSize(path.join(folder, pack));
      packSizes.set(pack, size);
    }
    return size;
  };
  for (const [digest, entry] of Object.entries(index.bodies)) {
    if (!Array.isArray(entry) || entry.length !== 4) continue;
    const [pack, offset, excerptBytes, htmlBytes] = entry;
    if (typeof pack !== 'string' || path.basename(pack) !== pack || ![offset, excerptBytes, htmlBytes].every(isCount)) continue;
    if (offset + excerptBytes + 1 + htmlBytes > sizeOf(pack)) continue;
    bodies.set(digest, { pack, offset, excerptBytes, htmlBytes });
  }
  return bodies;
}

/** The index file's text for `bodies`. */
export function bodyIndexText(bodies: ReadonlyMap<string, StoredBody>): string {
  const index: IndexFile = { format: BODY_STORE_FORMAT, bodies: {} };
  for (const [digest, body] of [...bodies].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    index.bodies[digest] = [body.pack, body.offset, body.excerptBytes, body.htmlBytes];
  }
  return JSON.stringify(index);
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function packSize(file: string): number {
  return statSync(file, { throwIfNoEntry: false })?.size ?? -1;
}

/** A store folder as this process has read it: its index, and the packs it has open. */
interface OpenFolder {
  bodies: Map<string, StoredBody>;
  descriptors: Map<string, number>;
}

let cacheFolder: string | undefined;
const openFolders = new Map<string, OpenFolder>();

/**
 * Sets the folder that body ids are relative to: Astro's cache folder, once per build
 * (`src/site-data.ts`). Ids are relative so that a cache restored elsewhere still names its
 * bodies, and the pages' keys, which digest them, stay the same.
 */
export function openBodyStore(cacheDir: string): void {
  cacheFolder = cacheDir;
}

/** The digest of a sanitized body's HTML alone (`Post['bodyDigest']`). */
export function bodyDigestOf(html: string): string {
  return createHash('sha1').update(html).digest('base64url');
}

/** The id posts give the body of `digest` in the store folder `storeName` (below the cache folder). */
export function bodyIdOf(storeName: string, digest: string): string {
  return `${storeName}/${digest}`;
}

/**
 * Where the body `id` is, and the descriptor of its pack. The index is read once per process,
 * and again when it does not know a body or names a pack that is gone: `astro dev` reloads posts
 * while pages are served, and a reload may rewrite a pack under a new name. The packs are then
 * opened again too, so offsets and bytes always come from the same moment.
 */
function locate(id: string): { body: StoredBody; descriptor: number } {
  if (cacheFolder === undefined) throw new Error(`The article body ${id} was asked for before the body store was opened.`);
  const slash = id.lastIndexOf('/');
  const folder = path.join(cacheFolder, id.slice(0, slash));
  const digest = id.slice(slash + 1);
  const cached = openFolders.get(folder);
  return (cached && locateIn(cached, folder, digest)) ?? locateIn(reopen(folder, cached), folder, digest) ?? throwMissing(id);
}

function reopen(folder: string, stale: OpenFolder | undefined): OpenFolder {
  for (const descriptor of stale?.descriptors.values() ?? []) closeSync(descriptor);
  const open = { bodies: readBodyIndex(folder), descriptors: new Map<string, number>() };
  openFolders.set(folder, open);
  return open;
}

function locateIn(open: OpenFolder, folder: string, digest: string): { body: StoredBody; descriptor: number } | undefined {
  const body = open.bodies.get(digest);
  if (!body) return undefined;
  let descriptor = open.descriptors.get(body.pack);
  if (descriptor === undefined) {
    try {
      descriptor = openSync(path.join(folder, body.pack), 'r');
    } catch {
      return undefined;
    }
    open.descriptors.set(body.pack, descriptor);
  }
  return { body, descriptor };
}

function throwMissing(id: string): never {
  throw new Error(`The article body ${id} is missing from the body store: the cache folder changed during the build. Build again.`);
}

function readText(descriptor: number, position: number, length: number): string {
  const buffer = Buffer.alloc(length);
  let read = 0;
  while (read < length) {
    const count = readSync(descriptor, buffer, read, length - read, position + read);
    if (count === 0) break;
    read += count;
  }
  return buffer.toString('utf8', 0, read);
}

/** Reads a post's excerpt and HTML. */
export function readBody(id: string): PostBody {
  const { body, descriptor } = locate(id);
  return {
    excerpt: readText(descriptor, body.offset, body.excerptBytes),
    html: readText(descriptor, body.offset + body.excerptBytes + 1, body.htmlBytes),
  };
}

/** Reads only a post's excerpt (listings show many posts, and bodies can be megabytes). */
export function readExcerpt(id: string): string {
  const { body, descriptor } = locate(id);
  return readText(descriptor, body.offset, body.excerptBytes);
}

/**
 * The body store's write side, which the loader keeps (the store's form is described with its
 * read side, `src/lib/body-store.ts`). A load opens the store, appends the bodies of new and
 * changed posts to their packs, and commits: bodies no post uses leave the index, a pack that
 * holds more such dead bytes than live ones is rewritten under a new name, the index is
 * replaced in one rename, and files the index does not name are removed.
 */
import { closeSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, writeFileSync, writeSync, fstatSync } from 'node:fs';
import path from 'node:path';
import { BODY_INDEX_FILE, bodyBytes, bodyIndexText, type PostBody, packKeyOf, readBodyIndex, type StoredBody } from '../lib/body-store';

/** Folder name below Astro's cache folder. */
export const HTML_STORE_DIR = 'xinwen-html';

/** Dead bytes a pack may hold beyond its live ones before it is rewritten (a few bodies' worth). */
const DEAD_BYTES_ALLOWED = 64 * 1024;

const PACK_NAME = /^([0-9a-z_]{2})-(\d+)\.pack$/;

/** A pack a load appends to: its name, descriptor, and size so far. */
interface AppendingPack {
  name: string;
  descriptor: number;
  size: number;
}

function generationOf(pack: string): number {
  return Number(PACK_NAME.exec(pack)?.[2] ?? 0);
}

/** The bodies of one store folder, as a load reads and changes them; committed once, at the load's end. */
export class BodyStore {
  readonly #folder: string;
  readonly #bodies: Map<string, StoredBody>;
  /** Packs appended to in this load: descriptor and size so far. */
  readonly #appending = new Map<string, AppendingPack>();
  /** The highest generation of each pack key among the folder's files. */
  readonly #generations = new Map<string, number>();
  /** The pack new bodies of each key go to: the newest one the index names, then the one started in this load. */
  readonly #current = new Map<string, string>();

  /** Opens the store in `folder`, which need not exist yet. */
  constructor(folder: string) {
    this.#folder = folder;
    this.#bodies = readBodyIndex(folder);
    for (const name of this.#files()) {
      const match = PACK_NAME.exec(name);
      if (match) this.#generations.set(match[1]!, Math.max(this.#generations.get(match[1]!) ?? 0, Number(match[2])));
    }
    for (const { pack } of this.#bodies.values()) {
      const key = pack.slice(0, 2);
      const current = this.#current.get(key);
      if (current === undefined || generationOf(pack) > generationOf(current)) this.#current.set(key, pack);
    }
  }

  /** Whether the body of `digest` is stored whole. */
  has(digest: string): boolean {
    return this.#bodies.has(digest);
  }

  /** Stores the body of `digest`, unless it is stored already. */
  write(digest: string, body: PostBody): void {
    if (this.#bodies.has(digest)) return;
    const key = packKeyOf(digest);
    const pack = this.#packFor(key);
    const bytes = bodyBytes(body);
    let written = 0;
    while (written < bytes.length) written += writeSync(pack.descriptor, bytes, written, bytes.length - written, pack.size + written);
    const excerptBytes = bytes.indexOf(0x0a);
    this.#bodies.set(digest, { pack: pack.name, offset: pack.size, excerptBytes, htmlBytes: bytes.length - excerptBytes - 1 });
    pack.size += bytes.length;
  }

  /**
   * Keeps only the bodies of `keep`, rewrites packs mostly dead, and writes the index; returns
   * the number of bodies dropped.
   */
  commit(keep: ReadonlySet<string>): number {
    for (const { descriptor } of this.#appending.values()) closeSync(descriptor);
    this.#appending.clear();
    let dropped = 0;
    for (const digest of this.#bodies.keys()) {
      if (!keep.has(digest)) {
        this.#bodies.delete(digest);
        dropped += 1;
      }
    }
    this.#rewriteMostlyDeadPacks();
    mkdirSync(this.#folder, { recursive: true });
    const temporary = path.join(this.#folder, `${BODY_INDEX_FILE}.${process.pid}.tmp`);
    writeFileSync(temporary, bodyIndexText(this.#bodies));
    renameSync(temporary, path.join(this.#folder, BODY_INDEX_FILE));
    const named = new Set([BODY_INDEX_FILE, ...[...this.#bodies.values()].map((body) => body.pack)]);
    // Older packs, files of an earlier form of the store, a temporary index a killed build left.
    for (const name of this.#files()) if (!named.has(name)) rmSync(path.join(this.#folder, name), { force: true, recursive: true });
    return dropped;
  }

  #files(): string[] {
    try {
      return readdirSync(this.#folder);
    } catch {
      return [];
    }
  }

  #nextPackName(key: string): string {
    const generation = (this.#generations.get(key) ?? 0) + 1;
    this.#generations.set(key, generation);
    return `${key}-${generation}.pack`;
  }

  /**
   * The pack a body of `key` is appended to: the one the index names for that key, else a new
   * one. Appending leaves every byte the index points at as it was.
   */
  #packFor(key: string): AppendingPack {
    let current = this.#current.get(key);
    if (current === undefined) {
      current = this.#nextPackName(key);
      this.#current.set(key, current);
    }
    let open = this.#appending.get(current);
    if (!open) {
      mkdirSync(this.#folder, { recursive: true });
      const descriptor = openSync(path.join(this.#folder, current), 'a');
      open = { name: current, descriptor, size: fstatSync(descriptor).size };
      this.#appending.set(current, open);
    }
    return open;
  }

  /** Rewrites, under a new name, each pack whose dead bytes outweigh its live ones. */
  #rewriteMostlyDeadPacks(): void {
    const live = new Map<string, StoredBody[]>();
    for (const body of this.#bodies.values()) {
      const bodies = live.get(body.pack);
      if (bodies) bodies.push(body);
      else live.set(body.pack, [body]);
    }
    for (const [pack, bodies] of live) {
      const liveBytes = bodies.reduce((sum, body) => sum + body.excerptBytes + 1 + body.htmlBytes, 0);
      const source = openSync(path.join(this.#folder, pack), 'r');
      try {
        const dead = fstatSync(source).size - liveBytes;
        if (dead <= Math.max(liveBytes, DEAD_BYTES_ALLOWED)) continue;
        const name = this.#nextPackName(pack.slice(0, 2));
        const target = openSync(path.join(this.#folder, name), 'w');
        try {
          let offset = 0;
          for (const body of bodies.sort((a, b) => a.offset - b.offset)) {
            const length = body.excerptBytes + 1 + body.htmlBytes;
            const bytes = Buffer.alloc(length);
            readSync(source, bytes, 0, length, body.offset);
            writeSync(target, bytes, 0, length, offset);
            body.offset = offset;
            body.pack = name;
            offset += length;
          }
        } finally {
          closeSync(target);
        }
      } finally {
        closeSync(source);
      }
    }
  }
}

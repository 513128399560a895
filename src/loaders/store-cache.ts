/**
 * The reader's cache on top of Astro's content layer: posts in the collection store, and in its
 * meta store the reader fingerprint, each file's last stamp and digest, and each post's
 * messages. Bodies are in the HTML store. Every meta key is spelled in {@link metaKey} only.
 */
import path from 'node:path';
import type { LoaderContext } from 'astro/loaders';
import type { Problem } from '../lib/problem';
import type { Post } from '../schemas/post';
import { bodyDigestOf, bodyIdOf } from '../lib/body-store';
import { BodyStore } from './html-store';
import type { FolderEntry, ReaderCache, StoredPost } from './posts-folder';

/** Keys of the loader's meta store. */
export const metaKey = {
  /** The reader fingerprint the stored stamps were made under. */
  fingerprint: 'settings',
  /** `<size:mtime> <digest>` of an entry's file when last read. */
  stamp: (id: string): string => `stamp:${id}`,
  /** JSON {@link StoredMessages} of an entry, when it has any. */
  messages: (id: string): string => `messages:${id}`,
} as const;

/** What a stored entry remembers besides the post: the messages its file gave. */
interface StoredMessages {
  warnings: Problem[];
  repairs: Problem[];
}

const NO_MESSAGES: StoredMessages = { warnings: [], repairs: [] };

/** A {@link ReaderCache} over one load's context, which also stores what the load read. */
export class LoaderCache implements ReaderCache {
  readonly #context: LoaderContext;
  readonly #fingerprint: string;
  /**
   * The HTML store folder as posts name it: relative to the folder that holds it (Astro's cache
   * folder), so a cache restored into another folder (another runner's workspace, a moved
   * checkout, a cache folder set elsewhere) still names its bodies, and page keys, which
   * digest the names, stay the same.
   */
  readonly #bodyDir: string;
  readonly #bodies: BodyStore;
  /** File stamps stand for file contents only under the same reader settings. */
  readonly #sameSettings: boolean;

  /**
   * `fingerprint` is the reader fingerprint of this load's settings; `htmlDir` the HTML store
   * folder.
   */
  constructor(context: LoaderContext, fingerprint: string, htmlDir: string) {
    this.#context = context;
    this.#fingerprint = fingerprint;
    this.#bodyDir = path.basename(htmlDir);
    this.#bodies = new BodyStore(htmlDir);
    this.#sameSettings = context.meta.get(metaKey.fingerprint) === fingerprint;
  }

  digest(file: string, bytes: Uint8Array): string {
    return this.#context.generateDigest(`${this.#fingerprint}\n${file}\n${Buffer.from(bytes).toString('latin1')}`);
  }

  digestForStamp(id: string, stamp: string): string | undefined {
    if (!this.#sameSettings) return undefined;
    const [knownStamp, digest] = (this.#context.meta.get(metaKey.stamp(id)) ?? '').split(' ');
    return knownStamp === stamp ? digest : undefined;
  }

  storedPost(id: string, digest: string): StoredPost | undefined {
    const stored = this.#context.store.get<Post>(id);
    if (!stored || stored.digest !== digest || !this.#bodies.has(digest)) return undefined;
    // A store from before bodies were named as now.
    if (stored.data.bodyId !== bodyIdOf(this.#bodyDir, digest)) return undefined;
    const messages = this.#context.meta.get(metaKey.messages(id));
    // The excerpt stays in the body store; nothing downstream of the loader needs it here.
    const post = { ...stored.data, excerpt: '' };
    return { post, ...(messages ? (JSON.parse(messages) as StoredMessages) : NO_MESSAGES) };
  }

  /**
   * Stores what a load read: new and changed posts (their HTML in the HTML store), the stamps
   * of all, and the fingerprint; removes posts whose files are gone and bodies no post uses.
   * Only real changes are written: any write makes Astro save the whole store again.
   */
  save(entries: ReadonlyMap<string, FolderEntry>): void {
    const { meta, store } = this.#context;
    for (const entry of entries.values()) {
      const stamp = `${entry.stamp} ${entry.digest}`;
      if (entry.stamp !== undefined && meta.get(metaKey.stamp(entry.id)) !== stamp) meta.set(metaKey.stamp(entry.id), stamp);
      if (entry.reused) continue;
      const digest = entry.digest!;
      const { excerpt, ...data } = entry.post;
      this.#bodies.write(digest, { excerpt, html: entry.html ?? '' });
      const html = entry.html ?? '';
      const post: Post = { ...data, digest, bodyId: bodyIdOf(this.#bodyDir, digest), bodyDigest: bodyDigestOf(html) };
      store.set({ id: entry.id, data: post, digest });
      const messages: StoredMessages = { warnings: entry.warnings, repairs: entry.repairs };
      if (entry.warnings.length + entry.repairs.length > 0) meta.set(metaKey.messages(entry.id), JSON.stringify(messages));
      else meta.delete(metaKey.messages(entry.id));
    }
    for (const id of store.keys()) {
      if (!entries.has(id)) {
        store.delete(id);
        meta.delete(metaKey.stamp(id));
        meta.delete(metaKey.messages(id));
      }
    }
    if (!this.#sameSettings) meta.set(metaKey.fingerprint, this.#fingerprint);
    this.#bodies.commit(new Set([...entries.values()].map((entry) => entry.digest!)));
  }
}

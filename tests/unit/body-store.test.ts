import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BODY_INDEX_FILE, bodyIdOf, openBodyStore, readBody, readBodyIndex, readExcerpt } from '../../src/lib/body-store';
import { BodyStore } from '../../src/loaders/html-store';

const root = mkdtempSync(path.join(tmpdir(), 'xinwen-body-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let folders = 0;

/** A fresh cache folder with the store folder `bodies` in it. */
function cacheFolder(): { cacheDir: string; storeDir: string } {
  folders += 1;
  const cacheDir = path.join(root, `cache-${folders}`);
  return { cacheDir, storeDir: path.join(cacheDir, 'bodies') };
}

/** A digest as Astro makes them: 16 hex characters. */
const digestOf = (n: number): string => n.toString(16).padStart(4, '0').repeat(4);

const bodyOf = (n: number) => ({ excerpt: `第 ${n} 篇的摘要`, html: `<p>第 ${n} 篇文章。</p>\n<p>${'新闻'.repeat(n % 50)}</p>` });

/** Stores bodies 0…count-1 in one load and commits them; returns the digests. */
function storeAll(storeDir: string, count: number): Set<string> {
  const store = new BodyStore(storeDir);
  const digests = new Set<string>();
  for (let n = 0; n < count; n += 1) {
    store.write(digestOf(n), bodyOf(n));
    digests.add(digestOf(n));
  }
  store.commit(digests);
  return digests;
}

describe('body store', () => {
  it('reads back every body and excerpt as written, in a few packs rather than a file each', () => {
    const { cacheDir, storeDir } = cacheFolder();
    storeAll(storeDir, 2000);
    openBodyStore(cacheDir);
    for (const n of [0, 1, 255, 256, 1999]) {
      expect(readBody(bodyIdOf('bodies', digestOf(n)))).toEqual(bodyOf(n));
      expect(readExcerpt(bodyIdOf('bodies', digestOf(n)))).toBe(bodyOf(n).excerpt);
    }
    const files = readdirSync(storeDir);
    expect(files).toContain(BODY_INDEX_FILE);
    expect(files.length).toBeLessThanOrEqual(257);
    expect(files.length).toBeLessThan(2000 / 5);
  });

  it('keeps excerpts on one line and stores empty bodies and any text', () => {
    const { cacheDir, storeDir } = cacheFolder();
    const store = new BodyStore(storeDir);
    const bodies = {
      aa00: { excerpt: '第一行\n第二行', html: '' },
      aa01: { excerpt: '', html: '<p>\n\n</p>' },
      zz: { excerpt: '𠀀 emoji 😀', html: '\u2028\u0000<p>控制字符</p>' },
      'X.': { excerpt: 'odd digest', html: '<p>x</p>' },
    };
    for (const [digest, body] of Object.entries(bodies)) store.write(digest, body);
    store.commit(new Set(Object.keys(bodies)));
    openBodyStore(cacheDir);
    expect(readBody('bodies/aa00')).toEqual({ excerpt: '第一行 第二行', html: '' });
    expect(readBody('bodies/aa01')).toEqual(bodies.aa01);
    expect(readBody('bodies/zz')).toEqual(bodies.zz);
    expect(readExcerpt('bodies/X.')).toBe('odd digest');
  });

  it('writes a digest once: a second write of it keeps the first body', () => {
    const { cacheDir, storeDir } = cacheFolder();
    const store = new BodyStore(storeDir);
    store.write('ab12', { excerpt: '一', html: '<p>一</p>' });
    store.write('ab12', { excerpt: '二', html: '<p>二</p>' });
    store.commit(new Set(['ab12']));
    openBodyStore(cacheDir);
    expect(readBody('bodies/ab12').html).toBe('<p>一</p>');
    expect(new BodyStore(storeDir).has('ab12')).toBe(true);
  });

  it('drops the bodies no post uses, and rewrites a pack once its dead bytes outweigh its live ones', () => {
    const { cacheDir, storeDir } = cacheFolder();
    // Every digest in one pack, with bodies large enough that dropping most is worth a rewrite.
    const digests = Array.from({ length: 40 }, (_, n) => `ab${n.toString(16).padStart(4, '0')}`);
    const big = (n: number) => ({ excerpt: `摘要 ${n}`, html: `<p>${'长'.repeat(3000)}${n}</p>` });
    const first = new BodyStore(storeDir);
    for (const [n, digest] of digests.entries()) first.write(digest, big(n));
    first.commit(new Set(digests));
    const [packBefore] = readdirSync(storeDir).filter((name) => name.endsWith('.pack'));

    // A few dropped: the pack stays as it is.
    const fewer = new BodyStore(storeDir);
    expect(fewer.commit(new Set(digests.slice(3)))).toBe(3);
    expect(readdirSync(storeDir).filter((name) => name.endsWith('.pack'))).toEqual([packBefore]);
    expect(readBodyIndex(storeDir).has(digests[0]!)).toBe(false);

    // Most dropped: it is rewritten under a new name, the old one is gone, the rest read the same.
    const kept = new Set(digests.slice(35));
    new BodyStore(storeDir).commit(kept);
    const packs = readdirSync(storeDir).filter((name) => name.endsWith('.pack'));
    expect(packs).toHaveLength(1);
    expect(packs[0]).not.toBe(packBefore);
    const liveBytes = [...kept]
      .map((digest) => big(digests.indexOf(digest)))
      .reduce((sum, body) => sum + Buffer.byteLength(`${body.excerpt}\n${body.html}`), 0);
    expect(statSync(path.join(storeDir, packs[0]!)).size).toBe(liveBytes);
    openBodyStore(cacheDir);
    for (const digest of kept) expect(readBody(bodyIdOf('bodies', digest))).toEqual(big(digests.indexOf(digest)));
  });

  it('leaves the stored bodies readable when a load stops before it commits, and counts what it appended as dead', () => {
    const { cacheDir, storeDir } = cacheFolder();
    storeAll(storeDir, 300);
    const index = readFileSync(path.join(storeDir, BODY_INDEX_FILE), 'utf8');
    const killed = new BodyStore(storeDir);
    for (let n = 300; n < 600; n += 1) killed.write(digestOf(n), bodyOf(n));
    // No commit: the index is the one before.
    expect(readFileSync(path.join(storeDir, BODY_INDEX_FILE), 'utf8')).toBe(index);
    const next = new BodyStore(storeDir);
    expect(next.has(digestOf(299))).toBe(true);
    expect(next.has(digestOf(300))).toBe(false);
    next.write(digestOf(300), bodyOf(300));
    next.commit(new Set([...Array.from({ length: 301 }, (_, n) => digestOf(n))]));
    openBodyStore(cacheDir);
    for (const n of [0, 299, 300]) expect(readBody(bodyIdOf('bodies', digestOf(n)))).toEqual(bodyOf(n));
  });

  it('forgets the bodies past the end of a pack cut short, and every body when the index is damaged', () => {
    const { storeDir } = cacheFolder();
    storeAll(storeDir, 600);
    const index = readBodyIndex(storeDir);
    const pack = index.get(digestOf(0))!.pack;
    const inPack = [...index].filter(([, body]) => body.pack === pack).sort(([, a], [, b]) => a.offset - b.offset);
    expect(inPack.length).toBeGreaterThan(1);
    const last = inPack.at(-1)!;
    truncateSync(path.join(storeDir, pack), last[1].offset + 3);
    const after = readBodyIndex(storeDir);
    expect(after.has(last[0])).toBe(false);
    expect(after.has(inPack[0]![0])).toBe(true);
    expect(after.size).toBe(index.size - 1);

    writeFileSync(path.join(storeDir, BODY_INDEX_FILE), '{"format":');
    expect(readBodyIndex(storeDir).size).toBe(0);
    writeFileSync(path.join(storeDir, BODY_INDEX_FILE), JSON.stringify({ format: 'another', bodies: {} }));
    expect(readBodyIndex(storeDir).size).toBe(0);
    writeFileSync(
      path.join(storeDir, BODY_INDEX_FILE),
      JSON.stringify({ format: 'xinwen body packs 1', bodies: { a: ['../../etc/passwd', 0, 1, 1], b: [pack, -1, 1, 1], c: [pack, 0, 0] } }),
    );
    expect(readBodyIndex(storeDir).size).toBe(0);
    // The next load stores every body again and removes what the index no longer names.
    storeAll(storeDir, 10);
    expect(readBodyIndex(storeDir).size).toBe(10);
    expect(readdirSync(storeDir).filter((name) => name.endsWith('.pack')).length).toBeLessThanOrEqual(10);
  });

  it('removes files of an earlier form of the store and temporary files a killed build left', () => {
    const { storeDir } = cacheFolder();
    mkdirSync(storeDir, { recursive: true });
    writeFileSync(path.join(storeDir, '0001000100010001.html'), '摘要\n<p>旧</p>');
    writeFileSync(path.join(storeDir, `${BODY_INDEX_FILE}.123.tmp`), '{}');
    storeAll(storeDir, 3);
    expect(readdirSync(storeDir).some((name) => name.endsWith('.html') || name.endsWith('.tmp'))).toBe(false);
  });

  it('finds a body stored after the index was first read, as the dev server reloads posts', () => {
    const { cacheDir, storeDir } = cacheFolder();
    storeAll(storeDir, 5);
    openBodyStore(cacheDir);
    expect(readExcerpt(bodyIdOf('bodies', digestOf(4)))).toBe(bodyOf(4).excerpt);
    storeAll(storeDir, 8);
    expect(readBody(bodyIdOf('bodies', digestOf(7)))).toEqual(bodyOf(7));
    expect(() => readBody(bodyIdOf('bodies', digestOf(9)))).toThrow(/bodies\/0009000900090009 is missing from the body store/);
  });

  it('reads a body whose pack was rewritten under a new name after the index was read', () => {
    const { cacheDir, storeDir } = cacheFolder();
    // Two packs: one the reader opens first, one rewritten before it is ever opened.
    const first = new BodyStore(storeDir);
    const big = (n: number) => ({ excerpt: `摘要 ${n}`, html: `<p>${'长'.repeat(3000)}${n}</p>` });
    const inRewritten = Array.from({ length: 20 }, (_, n) => `cd${n.toString(16).padStart(4, '0')}`);
    for (const [n, digest] of inRewritten.entries()) first.write(digest, big(n));
    first.write('ef000000', big(99));
    first.commit(new Set([...inRewritten, 'ef000000']));
    openBodyStore(cacheDir);
    expect(readExcerpt(bodyIdOf('bodies', 'ef000000'))).toBe('摘要 99');
    // Most of the pack is dropped: what is left moves to a new pack, and the old one is removed.
    const packBefore = readBodyIndex(storeDir).get(inRewritten[19]!)!.pack;
    new BodyStore(storeDir).commit(new Set([inRewritten[19]!, 'ef000000']));
    expect(readBodyIndex(storeDir).get(inRewritten[19]!)!.pack).not.toBe(packBefore);
    expect(readBody(bodyIdOf('bodies', inRewritten[19]!))).toEqual(big(19));
  });

  it('reads a store copied into another folder by the same ids', () => {
    const { cacheDir, storeDir } = cacheFolder();
    storeAll(storeDir, 50);
    const moved = path.join(root, `moved-${folders}`);
    cpSync(cacheDir, moved, { recursive: true });
    rmSync(cacheDir, { recursive: true });
    openBodyStore(moved);
    expect(readBody(bodyIdOf('bodies', digestOf(49)))).toEqual(bodyOf(49));
    expect(new BodyStore(path.join(moved, 'bodies')).has(digestOf(49))).toBe(true);
  });
});

/**
 * Reading a posts folder: every file accounted for in the report, URL conflicts settled, and
 * unchanged files taken from a cache, through the small cache interface and through the
 * loader's implementation of it over Astro's stores.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LoaderContext } from 'astro/loaders';
import { afterAll, describe, expect, it } from 'vitest';
import { readBodyIndex } from '../../src/lib/body-store';
import { readPostsFolder, type FolderEntry, type ReaderCache, type StoredPost } from '../../src/loaders/posts-folder';
import { LoaderCache, metaKey } from '../../src/loaders/store-cache';
import type { ReaderSettings } from '../../src/reader/settings';
import { testReaderSettings } from '../support/reader-settings';

const SETTINGS: ReaderSettings = testReaderSettings({ legacyHosts: [] });
const NOW = new Date('2026-11-28T00:00:00Z');
const post = (title: string, extra: string[] = []) =>
  `---\ntitle: ${title}\ncategories: news\n${extra.join('\n')}\n---\n<p>${title}的正文。</p>\n`;

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A fresh folder holding `files` (path → content). */
function folderWith(files: Record<string, string>): { dir: string; displayDir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'xinwen-folder-'));
  folders.push(dir);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return { dir, displayDir: '_posts' };
}

/** A cache in memory that counts what it is asked; `remember` stores a read's entries. */
class MemoryCache implements ReaderCache {
  readonly stamps = new Map<string, { stamp: string; digest: string }>();
  readonly posts = new Map<string, { digest: string; stored: StoredPost }>();
  digested: string[] = [];

  digest(file: string, bytes: Uint8Array): string {
    this.digested.push(file);
    return createHash('sha1').update(file).update(bytes).digest('hex');
  }

  digestForStamp(id: string, stamp: string): string | undefined {
    const known = this.stamps.get(id);
    return known?.stamp === stamp ? known.digest : undefined;
  }

  storedPost(id: string, digest: string): StoredPost | undefined {
    const known = this.posts.get(id);
    return known?.digest === digest ? known.stored : undefined;
  }

  remember(entries: ReadonlyMap<string, FolderEntry>): void {
    for (const entry of entries.values()) {
      this.stamps.set(entry.id, { stamp: entry.stamp!, digest: entry.digest! });
      this.posts.set(entry.id, { digest: entry.digest!, stored: { post: entry.post, warnings: entry.warnings, repairs: entry.repairs } });
    }
  }
}

describe('readPostsFolder', () => {
  it('accounts for every file in the report', async () => {
    const folder = folderWith({
      '2022-04-01-a.md': post('甲'),
      '2022/2022-04-02-b.markdown': post('乙', ['date: 2022-04-02 20:30:00']),
      '2022-04-03-draft.md': post('草稿', ['published: false']),
      '2099-01-01-later.md': post('未来'),
      '2022-04-04-broken.md': post('"他说"好"的"'),
      '2022-04-05-page.md': post('布局', ['layout: page']),
      'notes.md': post('笔记'),
      'image.png': 'png',
      '.hidden/2022-04-06-x.md': post('隐藏'),
    });
    const { report, entries } = await readPostsFolder(SETTINGS, folder, { now: NOW });
    expect([...entries.keys()]).toEqual(['2022-04-01-a', '2022-04-05-page', '2022/2022-04-02-b']);
    expect(report).toMatchObject({
      postsDir: '_posts',
      mode: 'fail',
      files: 7,
      valid: 3,
      unpublished: ['_posts/2022-04-03-draft.md'],
      future: ['_posts/2099-01-01-later.md'],
      invalid: [{ file: '_posts/2022-04-04-broken.md', problems: [expect.objectContaining({ line: 2, field: 'title' })] }],
      repairs: [],
      redirects: [{ from: '/news/2022/04/03/b.html', to: '/news/2022/04/02/b.html' }],
    });
    expect(report.warnings.map((warning) => [warning.file, warning.field])).toEqual([
      ['_posts/2022-04-05-page.md', 'layout'],
      ['_posts/image.png', 'file name'],
      ['_posts/notes.md', 'file name'],
    ]);
    expect(entries.get('2022-04-01-a')).toMatchObject({
      reused: false,
      html: '<p>甲的正文。</p>\n',
      post: { sourceFile: '_posts/2022-04-01-a.md' },
    });
  });

  it('reads with the reader settings: lenient mode repairs, future posts included', async () => {
    const folder = folderWith({ '2022-04-04-broken.md': post('"专家称"稳增长"仍有空间"'), '2099-01-01-later.md': post('未来') });
    const { report } = await readPostsFolder({ ...SETTINGS, invalidPosts: 'skip', includeFuture: true }, folder, { now: NOW });
    expect(report).toMatchObject({ mode: 'skip', valid: 2, future: [], invalid: [] });
    expect(report.repairs).toEqual([expect.objectContaining({ file: '_posts/2022-04-04-broken.md', line: 2, field: 'title' })]);
  });

  it('keeps a URL for the first file by path and reports the others', async () => {
    const folder = folderWith({
      '2022-04-01-same.md': post('一'),
      '2022-04-01-z.md': post('二', ['slug: same']),
      '2022-04-02-other.md': post('三', ['slug: same', 'date: 2022-04-01 20:00:00']),
    });
    const { report, entries } = await readPostsFolder(SETTINGS, folder, { now: NOW });
    expect([...entries.keys()]).toEqual(['2022-04-01-same']);
    expect(report.valid).toBe(1);
    expect(report.invalid).toEqual(
      ['2022-04-01-z.md', '2022-04-02-other.md'].map((name) => ({
        file: `_posts/${name}`,
        problems: [
          {
            file: `_posts/${name}`,
            field: 'permalink',
            message: '/news/2022/04/01/same.html is also the URL of _posts/2022-04-01-same.md; change the slug or date of one of them',
          },
        ],
      })),
    );
    // Only the URLs of posts that stay get redirects.
    expect(report.redirects).toEqual([]);
  });

  it('reports a file that differs from another only in its extension, instead of losing one', async () => {
    const folder = folderWith({
      '2022-04-01-same.html': post('网页'),
      '2022-04-01-same.md': post('文本'),
      '2022-04-01-same.markdown': post('第三'),
    });
    const { report, entries } = await readPostsFolder(SETTINGS, folder, { now: NOW });
    expect([...entries.values()].map((entry) => entry.post.title)).toEqual(['网页']);
    expect(report.files).toBe(3);
    expect(report.invalid.map(({ file, problems }) => [file, problems[0]!.field, problems[0]!.message])).toEqual(
      ['2022-04-01-same.markdown', '2022-04-01-same.md'].map((name) => [
        `_posts/${name}`,
        'file name',
        'differs from _posts/2022-04-01-same.html only in its extension, so both would be one post; rename or remove one of them',
      ]),
    );
  });

  it("reports a post whose old Jekyll URL is another post's URL", async () => {
    const folder = folderWith({
      '2021-12-10-flash.md': post('一', ['date: 2021-12-10 08:00:00 +0800']),
      // Psych read this date as UTC: Jekyll's URL for it was the next day's.
      '2021-12-11-flash.md': post('二', ['date: 2021-12-09 20:30:00']),
    });
    const { report, entries } = await readPostsFolder(SETTINGS, folder, { now: NOW });
    expect([...entries.keys()]).toEqual(['2021-12-10-flash']);
    expect(report.invalid.map(({ problems }) => problems[0]!.message)).toEqual([
      '/news/2021/12/10/flash.html is also the URL of _posts/2021-12-10-flash.md; change the slug or date of one of them',
    ]);
  });

  // What Jekyll 4.3.1 made of the same files.
  it('reads files as Jekyll does: Markdown extensions, slugs without end dots, no folders of _, # or ~ at the top', async () => {
    const folder = folderWith({
      '2023-01-10-kramdown.mkd': post('甲'),
      '2023-01-10-other.MKDN': post('乙'),
      '2023-01-10-end..md': post('丙'),
      '2023-13-01-month13.md': post('丁', ['date: 2023-05-05 10:00:00 +0800']),
      '_old/2023-01-11-in-underscore-dir.md': post('戊'),
      'sub/_drafts/2023-01-12-deeper.md': post('己'),
      '#tmp/2023-01-13-hash.md': post('庚'),
      '~old/2023-01-14-tilde.md': post('辛'),
    });
    const { report, entries } = await readPostsFolder(SETTINGS, folder, { now: NOW });
    expect(new Map([...entries.values()].map((entry) => [entry.post.title, entry.post.path]))).toEqual(
      new Map([
        ['甲', '/news/2023/01/10/kramdown.html'],
        ['乙', '/news/2023/01/10/other.html'],
        ['丙', '/news/2023/01/10/end.html'],
        ['丁', '/news/2023/05/05/month13.html'],
        // Jekyll reads a folder of `_` below the top one.
        ['己', '/news/2023/01/12/deeper.html'],
      ]),
    );
    expect(report.warnings.map(({ file, message }) => [file, message.split(',')[0]])).toEqual([
      ['_posts/#tmp/2023-01-13-hash.md', 'is in the folder #tmp'],
      ['_posts/_old/2023-01-11-in-underscore-dir.md', 'is in the folder _old'],
      ['_posts/~old/2023-01-14-tilde.md', 'is in the folder ~old'],
    ]);
  });

  it('renders nothing when told not to', async () => {
    const { entries } = await readPostsFolder(SETTINGS, folderWith({ '2022-04-01-a.md': post('甲') }), { now: NOW, render: false });
    expect(entries.get('2022-04-01-a')).toMatchObject({ html: '', post: { excerpt: '' } });
  });

  it('says which folder it cannot read', async () => {
    await expect(readPostsFolder(SETTINGS, { dir: '/nonexistent/posts', displayDir: 'posts' })).rejects.toThrow(
      /^Cannot read the posts folder \/nonexistent\/posts: .*Set POSTS_DIR to an existing folder\.$/,
    );
  });
});

describe('readPostsFolder with a cache', () => {
  it('without one, neither stats nor digests files', async () => {
    const { entries } = await readPostsFolder(SETTINGS, folderWith({ '2022-04-01-a.md': post('甲') }), { now: NOW });
    expect(entries.get('2022-04-01-a')).toMatchObject({ digest: undefined, stamp: undefined });
  });

  it('reuses a file with a known stamp without reading it, and one with a known digest without parsing it', async () => {
    const folder = folderWith({ '2022-04-01-a.md': post('甲'), '2022-04-02-b.md': post('乙', ['layout: page']) });
    const cache = new MemoryCache();
    const first = await readPostsFolder(SETTINGS, folder, { now: NOW, cache });
    expect([...first.entries.values()].map((entry) => entry.reused)).toEqual([false, false]);
    expect(first.entries.get('2022-04-01-a')!.stamp).toMatch(/^\d+:\d+(\.\d+)?$/);
    cache.remember(first.entries);

    cache.digested = [];
    const second = await readPostsFolder(SETTINGS, folder, { now: NOW, cache });
    expect(cache.digested).toEqual([]);
    expect([...second.entries.values()].map((entry) => entry.reused)).toEqual([true, true]);
    // A reused post brings the messages its file gave.
    expect(second.report).toEqual(first.report);

    // Touched, not changed: a new stamp, the same digest.
    utimesSync(path.join(folder.dir, '2022-04-01-a.md'), new Date('2020-01-01'), new Date('2020-01-01'));
    const third = await readPostsFolder(SETTINGS, folder, { now: NOW, cache });
    expect(cache.digested).toEqual(['2022-04-01-a.md']);
    expect(third.entries.get('2022-04-01-a')).toMatchObject({ reused: true, digest: first.entries.get('2022-04-01-a')!.digest });
    expect(third.entries.get('2022-04-01-a')!.stamp).not.toBe(first.entries.get('2022-04-01-a')!.stamp);
  });

  it('reads a changed file again', async () => {
    const folder = folderWith({ '2022-04-01-a.md': post('甲') });
    const cache = new MemoryCache();
    cache.remember((await readPostsFolder(SETTINGS, folder, { now: NOW, cache })).entries);
    writeFileSync(path.join(folder.dir, '2022-04-01-a.md'), post('甲（更正）'));
    utimesSync(path.join(folder.dir, '2022-04-01-a.md'), new Date('2020-01-01'), new Date('2020-01-01'));
    const { entries } = await readPostsFolder(SETTINGS, folder, { now: NOW, cache });
    expect(entries.get('2022-04-01-a')).toMatchObject({ reused: false, post: { title: '甲（更正）' } });
  });
});

/** The parts of a loader context the cache uses, in memory. */
function fakeContext() {
  const meta = new Map<string, string>();
  const store = new Map<string, { id: string; data: Record<string, unknown>; digest?: string }>();
  const context = {
    meta,
    store: {
      get: (id: string) => store.get(id),
      set: (entry: { id: string; data: Record<string, unknown>; digest?: string }) => {
        store.set(entry.id, entry);
        return true;
      },
      keys: () => [...store.keys()],
      delete: (id: string) => store.delete(id),
    },
    generateDigest: (data: string) => createHash('sha1').update(data).digest('hex'),
  };
  return { meta, store, context: context as unknown as LoaderContext };
}

describe('LoaderCache', () => {
  it('stores posts, bodies, stamps and messages, and reuses them under the same fingerprint only', async () => {
    const folder = folderWith({ '2022-04-01-a.md': post('甲', ['layout: page']), '2022-04-02-b.md': post('乙') });
    const htmlDir = path.join(folderWith({}).dir, 'html');
    const { meta, store, context } = fakeContext();

    const first = new LoaderCache(context, 'fingerprint-1', htmlDir);
    const read = await readPostsFolder(SETTINGS, folder, { now: NOW, cache: first });
    first.save(read.entries);
    expect(meta.get(metaKey.fingerprint)).toBe('fingerprint-1');
    expect(meta.get(metaKey.stamp('2022-04-01-a'))).toBe(
      `${read.entries.get('2022-04-01-a')!.stamp} ${read.entries.get('2022-04-01-a')!.digest}`,
    );
    expect(JSON.parse(meta.get(metaKey.messages('2022-04-01-a'))!).warnings).toEqual(read.report.warnings);
    expect(meta.has(metaKey.messages('2022-04-02-b'))).toBe(false);
    expect(store.get('2022-04-01-a')!.data).not.toHaveProperty('excerpt');
    expect(readBodyIndex(htmlDir).size).toBe(2);

    const again = await readPostsFolder(SETTINGS, folder, { now: NOW, cache: new LoaderCache(context, 'fingerprint-1', htmlDir) });
    expect([...again.entries.values()].every((entry) => entry.reused)).toBe(true);
    expect(again.report).toEqual(read.report);

    // Other reader settings: stamps are not trusted and digests differ, so every file is read.
    const other = new LoaderCache(context, 'fingerprint-2', htmlDir);
    const reread = await readPostsFolder(SETTINGS, folder, { now: NOW, cache: other });
    expect([...reread.entries.values()].some((entry) => entry.reused)).toBe(false);
    other.save(reread.entries);
    expect(meta.get(metaKey.fingerprint)).toBe('fingerprint-2');
    // Bodies of the old digests are pruned.
    expect([...readBodyIndex(htmlDir).keys()].sort()).toEqual([...reread.entries.values()].map((entry) => entry.digest).sort());
  });

  it('forgets posts whose files are gone', async () => {
    const folder = folderWith({ '2022-04-01-a.md': post('甲', ['layout: page']), '2022-04-02-b.md': post('乙') });
    const htmlDir = path.join(folderWith({}).dir, 'html');
    const { meta, store, context } = fakeContext();
    const cache = new LoaderCache(context, 'f', htmlDir);
    cache.save((await readPostsFolder(SETTINGS, folder, { now: NOW, cache })).entries);

    rmSync(path.join(folder.dir, '2022-04-01-a.md'));
    const next = new LoaderCache(context, 'f', htmlDir);
    next.save((await readPostsFolder(SETTINGS, folder, { now: NOW, cache: next })).entries);
    expect([...store.keys()]).toEqual(['2022-04-02-b']);
    expect([...meta.keys()].sort()).toEqual([metaKey.fingerprint, metaKey.stamp('2022-04-02-b')].sort());
    expect(readBodyIndex(htmlDir).size).toBe(1);
  });

  it('names bodies relative to the folder holding the store, and does not reuse posts that name them otherwise', async () => {
    const folder = folderWith({ '2022-04-01-a.md': post('甲') });
    const htmlDir = path.join(folderWith({}).dir, 'html');
    const { store, context } = fakeContext();
    const cache = new LoaderCache(context, 'f', htmlDir);
    cache.save((await readPostsFolder(SETTINGS, folder, { now: NOW, cache })).entries);
    const stored = store.get('2022-04-01-a')!.data as { bodyId: string };
    expect(path.isAbsolute(stored.bodyId)).toBe(false);
    expect(path.join(path.dirname(htmlDir), stored.bodyId)).toBe(path.join(htmlDir, store.get('2022-04-01-a')!.digest!));

    // A store written when bodies were named by absolute path, or by another folder.
    store.set('2022-04-01-a', {
      ...store.get('2022-04-01-a')!,
      data: { ...stored, bodyId: path.join(path.dirname(htmlDir), stored.bodyId) },
    });
    const next = new LoaderCache(context, 'f', htmlDir);
    const { entries } = await readPostsFolder(SETTINGS, folder, { now: NOW, cache: next });
    expect(entries.get('2022-04-01-a')!.reused).toBe(false);
    next.save(entries);
    expect((store.get('2022-04-01-a')!.data as { bodyId: string }).bodyId).toBe(stored.bodyId);
  });

  it('does not reuse a stored post whose body is gone', async () => {
    const folder = folderWith({ '2022-04-01-a.md': post('甲') });
    const htmlDir = path.join(folderWith({}).dir, 'html');
    const { context } = fakeContext();
    const cache = new LoaderCache(context, 'f', htmlDir);
    cache.save((await readPostsFolder(SETTINGS, folder, { now: NOW, cache })).entries);
    rmSync(htmlDir, { recursive: true });
    const next = new LoaderCache(context, 'f', htmlDir);
    const { entries } = await readPostsFolder(SETTINGS, folder, { now: NOW, cache: next });
    expect(entries.get('2022-04-01-a')!.reused).toBe(false);
    next.save(entries);
    expect(existsSync(htmlDir)).toBe(true);
  });
});

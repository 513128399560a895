/**
 * Reading a posts folder on worker threads gives what reading it on one thread gives: the same
 * entries, in the same order, and the same report, message for message. The folders hold more
 * files than are read on the calling thread before the workers start, and the files that decide
 * the report's order (invalid, unpublished, future, not posts, namesakes, URL conflicts) come
 * after that point.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusPost } from '../../bench/corpus';
import { type ReaderCache, readPostsFolder, type StoredPost } from '../../src/loaders/posts-folder';
import { ReadPool, workersCanRead } from '../../src/loaders/read-pool';
import type { ReaderSettings } from '../../src/reader/settings';
import { SAMPLES, SAMPLES_MISSING, SAMPLES_PRESENT, SAMPLES_REQUIRED } from '../support/shared-samples';
import { testReaderSettings } from '../support/reader-settings';

const SETTINGS: ReaderSettings = testReaderSettings({ legacyHosts: ['finews.example.com'] });
const NOW = new Date('2027-01-01T00:00:00Z');
// More than the files read on the calling thread before the workers start.
const FILLER = 260;

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A folder of `FILLER` generated posts under `a/`, then `files` (path → content) after them. */
function folderWith(files: Record<string, string | Buffer>): { dir: string; displayDir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'xinwen-pool-'));
  folders.push(dir);
  mkdirSync(path.join(dir, 'a'));
  for (let index = 0; index < FILLER; index += 1) {
    const { name, text } = corpusPost(index);
    writeFileSync(path.join(dir, 'a', name), text);
  }
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return { dir, displayDir: '_posts' };
}

/** Both readings of a folder, as plain data. */
async function bothReadings(folder: { dir: string; displayDir: string }, options: { render: boolean; cache?: ReaderCache }) {
  const read = async (threads: number) => {
    const { report, entries } = await readPostsFolder(SETTINGS, folder, { ...options, now: NOW, threads });
    return { report, entries: [...entries] };
  };
  return { oneThread: await read(1), workers: await read(2) };
}

const post = (title: string, extra: string[] = []) =>
  `---\ntitle: ${title}\ncategories: news\n${extra.join('\n')}\n---\n<p>${title}。</p>\n`;

const TRICKY: Record<string, string | Buffer> = {
  'b/2024-03-01-ok.md': post('好'),
  'b/2024-03-02-bad-date.md': post('坏日期', ['date: 2024-13-45']),
  'b/2024-03-03-draft.md': post('草稿', ['published: false']),
  'b/2030-01-01-later.md': post('未来'),
  'b/notes.txt': 'not a post',
  'b/2024-03-04-twin.md': post('孪生'),
  'b/2024-03-04-twin.html': post('孪生二'),
  'b/2024-03-05-same-url.md': post('同址', ['permalink: /same/']),
  'b/2024-03-06-same-url-too.md': post('同址二', ['permalink: /same/']),
  'b/2024-03-07-unquoted.md': '---\ntitle: "他说"你好""\ncategories: news\n---\n<p>x</p>\n',
  'b/2024-03-08-no-front-matter.md': '<p>只有正文</p>\n',
  'b/2024-03-09-script.md': post('脚本', []).replace('<p>', '<script>alert(1)</script><p onclick="x()">'),
  'b/2024-03-10-not-utf8.md': Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xff, 0xfe, 0x0a]),
};

// Each test reads a few hundred posts twice, with workers to start: beside the build tests on two
// cores that takes more than the default 5 s.
const READING = { timeout: 60_000 };

describe.runIf(workersCanRead())('reading a folder on worker threads', READING, () => {
  it.each([true, false])('gives the entries and report of one thread (render: %s)', async (render) => {
    const { oneThread, workers } = await bothReadings(folderWith(TRICKY), { render });
    expect(oneThread.entries.length).toBe(FILLER + 5);
    expect(oneThread.report.invalid.map(({ file }) => file.slice('_posts/b/'.length))).toEqual([
      '2024-03-02-bad-date.md',
      '2024-03-04-twin.md',
      '2024-03-07-unquoted.md',
      '2024-03-10-not-utf8.md',
      '2024-03-06-same-url-too.md',
    ]);
    expect(workers).toEqual(oneThread);
  });

  it('keeps the order of files taken from a cache among those read', async () => {
    const folder = folderWith(TRICKY);
    const first = await readPostsFolder(SETTINGS, folder, { now: NOW, threads: 1 });
    // Every third stored post is reused; the others are read again, some of them on the workers.
    const stored = new Map(
      [...first.entries]
        .filter((_, index) => index % 3 === 0)
        .map(([id, { post, warnings, repairs }]) => [id, { post, warnings, repairs }]),
    );
    const cache: ReaderCache = {
      digest: (file) => `digest:${file}`,
      digestForStamp: () => undefined,
      storedPost: (id): StoredPost | undefined => stored.get(id),
    };
    const { oneThread, workers } = await bothReadings(folder, { render: true, cache });
    expect(oneThread.entries.filter(([, entry]) => entry.reused)).toHaveLength(stored.size);
    expect(workers).toEqual(oneThread);
  });

  it('fails with the reader’s error, not silently, when reading throws on a worker', async () => {
    // Settings without a permalink style make every read throw, on any thread.
    const broken = { ...SETTINGS, permalink: undefined } as unknown as ReaderSettings;
    const pool = new ReadPool(broken, { now: NOW }, 2);
    const results: unknown[] = [];
    for (let index = 0; index < 40; index += 1) {
      const { name, text } = corpusPost(index);
      pool.read({ file: name, bytes: Buffer.from(text) }, (result) => results.push(result));
    }
    await expect(pool.close()).rejects.toThrow(/Reading posts failed: TypeError: .*startsWith/s);
    expect(results).toEqual([]);
  });
});

describe('the shared sample posts on worker threads', READING, () => {
  it('are there wherever they must be (XINWEN_REQUIRE_SAMPLES=1)', () => {
    expect(SAMPLES_PRESENT || !SAMPLES_REQUIRED, SAMPLES_MISSING).toBe(true);
  });

  it.runIf(SAMPLES_PRESENT && workersCanRead())('read as on one thread', async () => {
    const folder = folderWith({});
    cpSync(SAMPLES, path.join(folder.dir, 'z'), { recursive: true });
    const { oneThread, workers } = await bothReadings(folder, { render: true });
    expect(oneThread.report.files).toBeGreaterThan(FILLER);
    expect(workers).toEqual(oneThread);
  });
});

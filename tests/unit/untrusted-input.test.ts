/** Reading rules for broken files: repairs, unreadable files, old URLs, raw-text tags left open. */
import { describe, expect, it } from 'vitest';
import { readPostFile as readWith, type ReadResult } from '../../src/reader/read-post';
import type { ReaderSettings } from '../../src/reader/settings';
import { testReaderSettings } from '../support/reader-settings';

const options: ReaderSettings = testReaderSettings({ legacyHosts: [] });
const readPostFile = (file: string, content: Uint8Array, settings: ReaderSettings): ReadResult =>
  readWith(file, content, settings, { now: new Date('2026-11-28T00:00:00Z') });
// Lenient mode (INVALID_POSTS=skip) is the one that repairs titles.
const lenient: ReaderSettings = { ...options, invalidPosts: 'skip' };
const bytes = (text: string) => new TextEncoder().encode(text);
const post = (title: string) =>
  bytes(`---\nlayout: post\ntitle: ${title}\ndate: 2022-03-01 08:00:00 +0800\ncategories: news\n---\n<p>正文</p>\n`);

describe('lenient title repair', () => {
  it('repairs a double-quoted title with unescaped inner quotes and reports it with its line', () => {
    const result = readPostFile('2022-03-01-a.md', post('"专家称"稳增长"政策仍有空间"'), lenient);
    expect(result.status).toBe('post');
    if (result.status !== 'post') return;
    expect(result.post.title).toBe('专家称"稳增长"政策仍有空间');
    expect(result.repairs).toEqual([
      { file: '2022-03-01-a.md', line: 3, field: 'title', message: expect.stringContaining('repaired unescaped double quotes') },
    ]);
  });

  it('keeps single quotes inside the repaired title', () => {
    const result = readPostFile('2022-03-01-a.md', post(`"他说"It's ok"了"`), lenient);
    expect(result.status === 'post' && result.post.title).toBe(`他说"It's ok"了`);
  });

  it('repairs nothing in strict mode', () => {
    const result = readPostFile('2022-03-01-a.md', post('"专家称"稳增长"政策仍有空间"'), options);
    expect(result.status).toBe('invalid');
    expect(result.repairs).toEqual([]);
  });

  it.each([
    ['an unquoted colon', '公告: 重要事项'],
    ['a flow sequence', '[快讯] 今日要闻'],
    ['a title with escaped quotes that is broken otherwise', '"a \\"b\\" c" d"'],
  ])('guesses nothing for %s', (_, title) => {
    const result = readPostFile('2022-03-01-a.md', post(title), lenient);
    expect(result.status).toBe('invalid');
    expect(result.repairs).toEqual([]);
  });
});

describe('unreadable files', () => {
  it.each([
    ['an empty file', new Uint8Array(), /is empty/],
    ['a whitespace-only file', bytes('\n \t\n'), /is empty/],
    ['a binary file', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]), /binary/],
    ['a GBK file', Uint8Array.from([0x2d, 0x2d, 0x2d, 0x0a, 0xd6, 0xd0, 0xce, 0xc4]), /not valid UTF-8/],
  ])('reports %s as invalid', (_, content, message) => {
    const result = readPostFile('2022-03-01-a.md', content, options);
    expect(result.status).toBe('invalid');
    if (result.status === 'invalid') expect(result.problems[0]?.message).toMatch(message);
  });
});

describe('old URLs', () => {
  it("redirects from the old site's permalink style when it differs", () => {
    const result = readPostFile('2022-03-01-a.md', post('标题'), { ...options, permalink: 'pretty', legacyPermalink: 'date' });
    expect(result.status === 'post' && [result.post.path, result.post.legacyPaths]).toEqual([
      '/news/2022/03/01/a/',
      ['/news/2022/03/01/a.html'],
    ]);
  });

  it('has none when the styles and dates agree', () => {
    const result = readPostFile('2022-03-01-a.md', post('标题'), { ...options, legacyPermalink: 'date' });
    expect(result.status === 'post' && result.post.legacyPaths).toEqual([]);
  });
});

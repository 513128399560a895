/**
 * The key the search index keeps per article: it changes with what Pagefind reads of the page
 * and with nothing else, and the markup it reads is pinned, so a change there is looked at.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ArticleView, SEARCH_VIEW_VERSION, searchKey } from '../../src/route-data/article';

const ROOT = path.join(import.meta.dirname, '../..');

/**
 * The sha256 of the components whose markup the search index reads, under
 * {@link SEARCH_VIEW_VERSION}. When one changes: if the index would read something else (text
 * added to or left out of `<article data-pagefind-body>`, a filter, the sort, the meta), bump the
 * version, so every article is indexed again; either way, pin the new digests here.
 */
const PINNED: Record<string, string> = {
  'src/components/ArticlePage.astro': '2255c4f3c79c17de282e4efc3924cbab80c3573a36be525dfdd361dfda6cac9a',
  'src/components/PostMeta.astro': '802ef40f9f71c52f600a9e79efc944d6d81531278a0561cbd1ef398ccc3581e2',
};

const view = {
  kind: 'article',
  frame: { site: { title: '新闻存档', description: '存档', language: 'zh-CN' }, title: '标题 | 新闻存档' },
  title: '标题',
  canonicalUrl: 'https://news.example.com/a/2024/05/01/x.html',
  published: { iso: '2024-05-01T10:00:00+08:00', text: '2024年5月1日 10:00' },
  year: '2024',
  bodyId: 'ab/cdef',
  bodyDigest: 'body-1',
  categories: [{ name: 'caijing', url: '/category/caijing.html' }],
  tags: [{ name: '市场', url: '/tag/市场.html' }],
  newer: { title: '较新的', url: '/a/2024/05/02/y.html' },
} as unknown as ArticleView;

const changed = (change: (copy: Record<string, unknown>) => void) => {
  const copy = structuredClone(view) as unknown as Record<string, unknown>;
  change(copy);
  return searchKey(copy as unknown as ArticleView);
};

describe('searchKey', () => {
  it('stays when only what the index does not read changes: the frame, tags, neighbours, the page address, where the body is stored', () => {
    const key = searchKey(view);
    expect(changed((copy) => ((copy.frame as { site: { title: string } }).site.title = '新名字'))).toBe(key);
    expect(changed((copy) => (copy.tags = []))).toBe(key);
    expect(changed((copy) => delete copy.newer)).toBe(key);
    expect(changed((copy) => (copy.canonicalUrl = 'https://moved.example.com/a/2024/05/01/x.html'))).toBe(key);
    // The same body, read again under other settings (a new site title): stored under another id.
    expect(changed((copy) => (copy.bodyId = 'ab/other'))).toBe(key);
  });

  it('changes with what the index reads: title, body, categories, date, year and language', () => {
    const key = searchKey(view);
    const keys = [
      changed((copy) => (copy.title = '新标题')),
      changed((copy) => (copy.bodyDigest = 'body-2')),
      changed((copy) => (copy.categories = [{ name: 'shehui', url: '/category/shehui.html' }])),
      changed((copy) => (copy.published = { iso: '2024-05-01T11:00:00+08:00', text: '' })),
      changed((copy) => (copy.year = '2023')),
      changed((copy) => ((copy.frame as { site: { language: string } }).site.language = 'en')),
    ];
    for (const other of keys) expect(other).not.toBe(key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it(`reads the components pinned under version ${SEARCH_VIEW_VERSION}`, () => {
    for (const [file, digest] of Object.entries(PINNED)) {
      const actual = createHash('sha256')
        .update(readFileSync(path.join(ROOT, file)))
        .digest('hex');
      expect(actual, `${file} changed: see SEARCH_VIEW_VERSION in src/route-data/article.ts`).toBe(digest);
    }
  });
});

/**
 * One result list from the base and delta bundles: hidden base results dropped, relevance by
 * score across both, newest first by merging two date-ordered lists while fetching no more
 * pages than the answer needs.
 */
import { describe, expect, it } from 'vitest';
import { mergeByDate, mergeResults, type SearchHit } from '../../src/lib/search-merge';

interface Page {
  url: string;
  date: string;
}

/** Hits that count how often their data is fetched. */
function hits(pages: [id: string, score: number, date: string][], fetched: string[]): SearchHit<Page>[] {
  return pages.map(([id, score, date]) => ({
    id,
    score,
    data: async () => {
      fetched.push(id);
      return { url: `/${id}.html`, date };
    },
  }));
}

const dateOf = (page: Page) => page.date;

describe('mergeResults', () => {
  it('ranks all bundles by score and drops hidden shard results, never delta ones', async () => {
    const fetched: string[] = [];
    const base = hits(
      [
        ['a', 9, '2024-01-01T00:00:00+08:00'],
        ['b', 5, '2024-01-02T00:00:00+08:00'],
        ['c', 1, '2024-01-03T00:00:00+08:00'],
      ],
      fetched,
    );
    const delta = hits(
      [
        ['b2', 7, '2024-01-02T00:00:00+08:00'],
        ['d', 1, '2024-02-01T00:00:00+08:00'],
      ],
      fetched,
    );
    const merged = mergeResults([{ hits: base, hidden: new Set(['b', 'b2']) }, { hits: delta }], 'relevance', dateOf);
    expect(merged.total).toBe(4);
    expect((await merged.first(10)).map((page) => page.url)).toEqual(['/a.html', '/b2.html', '/c.html', '/d.html']);
    fetched.length = 0;
    expect((await merged.first(2)).map((page) => page.url)).toEqual(['/a.html', '/b2.html']);
    expect(fetched).toEqual(['a', 'b2']);
  });

  it('orders newest first across bundles, fetching at most the first n of each', async () => {
    const fetched: string[] = [];
    const base = hits(
      [
        ['a', 1, '2024-03-01T10:00:00+08:00'],
        ['old', 1, '2024-02-01T10:00:00+08:00'],
        ['b', 1, '2023-01-01T10:00:00+08:00'],
        ['c', 1, '2022-01-01T10:00:00+08:00'],
      ],
      fetched,
    );
    const delta = hits(
      [
        ['new', 1, '2024-04-01T10:00:00+08:00'],
        ['edited', 1, '2023-06-01T10:00:00+08:00'],
      ],
      fetched,
    );
    const merged = mergeResults([{ hits: base, hidden: new Set(['old']) }, { hits: delta }], 'newest', dateOf);
    expect(merged.total).toBe(5);
    expect((await merged.first(3)).map((page) => page.url)).toEqual(['/new.html', '/a.html', '/edited.html']);
    expect(fetched.sort()).toEqual(['a', 'b', 'c', 'edited', 'new']);
    expect((await merged.first(10)).map((page) => page.url)).toEqual(['/new.html', '/a.html', '/edited.html', '/b.html', '/c.html']);
  });
});

describe('mergeByDate', () => {
  it('compares instants, not text, and keeps the first list first on a tie', () => {
    const a = [{ url: 'a', date: '2024-01-01T09:00:00+08:00' }];
    // The same instant written in UTC, and one an hour later that sorts before it as text.
    const b = [
      { url: 'b-later', date: '2024-01-01T02:00:00Z' },
      { url: 'b-same', date: '2024-01-01T01:00:00Z' },
    ];
    expect(mergeByDate(a, b, 3, dateOf).map((page) => page.url)).toEqual(['b-later', 'a', 'b-same']);
  });

  it('puts pages without a readable date last', () => {
    const a = [{ url: 'undated', date: '' }];
    const b = [{ url: 'dated', date: '2020-01-01T00:00:00Z' }];
    expect(mergeByDate(a, b, 2, dateOf).map((page) => page.url)).toEqual(['dated', 'undated']);
  });
});

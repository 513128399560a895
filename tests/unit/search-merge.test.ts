/**
 * One result list from the base and delta bundles: hidden base results dropped, relevance by
 * score across both, newest first by merging two date-ordered lists while fetching no more
 * pages than the answer needs.
 */
import { describe, expect, it } from 'vitest';
import { hitsToCheck, mergeByDate, mergeResults, type SearchHit, splitByEveryWord } from '../../src/lib/search-merge';

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

describe('splitByEveryWord', () => {
  const page = (id: string, score: number): SearchHit<Page> => ({ id, score, data: async () => ({ url: `/${id}.html`, date: '' }) });
  const ids = (list: readonly SearchHit<Page>[]) => list.map(({ id }) => id);

  it('keeps in order the pages every word matched, and the others apart', () => {
    const query = [page('a', 9), page('b', 7), page('c', 5), page('d', 1)];
    const split = splitByEveryWord(query, [
      [{ id: 'c' }, { id: 'a' }, { id: 'b' }],
      [{ id: 'a' }, { id: 'd' }, { id: 'c' }],
    ]);
    expect(ids(split.every)).toEqual(['a', 'c']);
    expect(ids(split.some)).toEqual(['b', 'd']);
    expect(ids(split.all)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('puts every page with the words when the query has one word', () => {
    const query = [page('a', 2), page('b', 1)];
    expect(ids(splitByEveryWord(query, []).every)).toEqual(['a', 'b']);
    expect(splitByEveryWord(query, []).some).toEqual([]);
  });

  it('finds no page with every word when one word matched nothing', () => {
    const query = [page('a', 2), page('b', 1)];
    const split = splitByEveryWord(query, [[{ id: 'a' }, { id: 'b' }], []]);
    expect(split.every).toEqual([]);
    expect(ids(split.some)).toEqual(['a', 'b']);
  });
});

describe('hitsToCheck', () => {
  const page = (id: string, score: number): SearchHit<Page> => ({ id, score, data: async () => ({ url: `/${id}.html`, date: '' }) });
  const ids = (lists: readonly (readonly SearchHit<Page>[])[]) => lists.map((list) => list.map(({ id }) => id));
  const newest = [page('n1', 9), page('n2', 8), page('n3', 7), page('n4', 6)];
  const older = [page('o1', 10), page('o2', 5), page('o3', 4)];
  // n1, n3 and o2 are matched on every word; the rest on some words only.
  const split = (hits: SearchHit<Page>[], every: string[]) => splitByEveryWord(hits, [hits.filter(({ id }) => every.includes(id)), hits]);

  it("checks every page matched on every word, and the best others up to the budget, in each bundle's order", () => {
    const chosen = new Set<SearchHit<Page>>();
    const lists = hitsToCheck([{ split: split(newest, ['n1', 'n3']) }, { split: split(older, ['o2']) }], chosen, 2);
    expect(ids(lists)).toEqual([
      ['n1', 'n2', 'n3'],
      ['o1', 'o2'],
    ]);
    expect(chosen.size).toBe(2);
  });

  it('never picks more others than the budget over the rounds of one query', () => {
    const chosen = new Set<SearchHit<Page>>();
    expect(ids(hitsToCheck([{ split: split(newest, ['n1', 'n3']) }], chosen, 2))).toEqual([['n1', 'n2', 'n3', 'n4']]);
    // The next round adds a bundle with a better other (o1): the budget is spent, the picks stay.
    expect(ids(hitsToCheck([{ split: split(newest, ['n1', 'n3']) }, { split: split(older, ['o2']) }], chosen, 2))).toEqual([
      ['n1', 'n2', 'n3', 'n4'],
      ['o2'],
    ]);
  });

  it('leaves out hidden pages when picking others', () => {
    const chosen = new Set<SearchHit<Page>>();
    const lists = hitsToCheck([{ split: split(older, ['o2']), hidden: new Set(['o1']) }], chosen, 1);
    expect(ids(lists)).toEqual([['o2', 'o3']]);
  });
});

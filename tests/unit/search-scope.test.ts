/**
 * How far a search widens by itself: rounds of twice as many bundles, never past the site's
 * limit of articles, always at least the first round's bundles; and how far each press of the
 * older-articles button takes it: at most the limit's articles more, always at least one bundle.
 */
import { describe, expect, it } from 'vitest';
import { nextScope, olderScope, WORD_LISTS_BY_ITSELF, wordListsFor } from '../../src/lib/search-scope';

/** Every scope a search takes in turn from `first`, as the page loops while it finds too little. */
function rounds(sizes: readonly number[], first: number, widenLimit: number, lists: readonly number[] = []): number[] {
  const taken = [first];
  for (let next = nextScope(sizes, first, widenLimit, lists); next !== undefined; next = nextScope(sizes, next, widenLimit, lists))
    taken.push(next);
  return taken;
}

describe('nextScope', () => {
  it('doubles the bundles searched each round until every one is', () => {
    expect(rounds([100, 3_000, 3_000, 3_000, 3_000, 3_000, 3_000, 3_000], 2, Number.POSITIVE_INFINITY)).toEqual([2, 4, 8]);
    expect(rounds(new Array(35).fill(3_000), 1, Number.POSITIVE_INFINITY)).toEqual([1, 2, 4, 8, 16, 32, 35]);
  });

  it('stops before the bundle that would take it past the limit', () => {
    // The delta and the newest shard hold 1,100; two more shards make 7,100; a third would be 10,100.
    expect(rounds([100, 1_000, 3_000, 3_000, 3_000, 3_000], 2, 10_000)).toEqual([2, 4]);
    expect(rounds([100, 1_000, 3_000, 3_000, 3_000, 3_000], 2, 10_100)).toEqual([2, 4, 5]);
  });

  it('takes a round short of doubling when only part of it fits', () => {
    expect(nextScope([10, 10, 10, 10, 10, 10, 10, 10], 2, 50)).toBe(4);
    expect(nextScope([10, 10, 10, 10, 10, 10, 10, 10], 4, 50)).toBe(5);
    expect(nextScope([10, 10, 10, 10, 10, 10, 10, 10], 5, 50)).toBeUndefined();
  });

  it('never widens past the first round with a limit below it, nor past the last bundle', () => {
    expect(nextScope([100, 3_000, 3_000], 2, 0)).toBeUndefined();
    expect(nextScope([100, 3_000, 3_000], 2, 1_000)).toBeUndefined();
    expect(nextScope([100, 3_000], 2, Number.POSITIVE_INFINITY)).toBeUndefined();
    expect(nextScope([], 0, 10)).toBeUndefined();
  });

  it('counts the articles of the bundles already searched, whatever their size', () => {
    // A year filter leaves out bundles, so the first round may be large: it counts against the limit.
    expect(nextScope([9_000, 500, 500], 1, 10_000)).toBe(2);
    expect(nextScope([9_000, 500, 500], 2, 10_000)).toBe(3);
    expect(nextScope([9_500, 600], 1, 10_000)).toBeUndefined();
  });
});

describe('nextScope for a query of many words', () => {
  const shards = [100, 2_000, 2_000, 2_000, 2_000, 2_000, 2_000, 2_000];
  /** Word-list files per bundle: a large bundle has more than any query has words. */
  const files = [8, 150, 150, 150, 150, 150, 150, 150];
  const lists = (words: number) => files.map((count) => wordListsFor(words, count));

  it('searches no more bundles by itself than the word lists allow', () => {
    expect(rounds(shards, 2, Number.POSITIVE_INFINITY, lists(2))).toEqual([2, 4, 6]);
    expect(rounds(shards, 2, Number.POSITIVE_INFINITY, lists(4))).toEqual([2, 3]);
    expect(rounds(shards, 2, Number.POSITIVE_INFINITY, lists(6))).toEqual([2]);
  });

  it("keeps the word lists within the bound after the first round, whatever the query's length", () => {
    for (let words = 1; words <= 2 * WORD_LISTS_BY_ITSELF; words++) {
      const scope = rounds(shards, 2, Number.POSITIVE_INFINITY, lists(words)).at(-1)!;
      const downloaded = lists(words)
        .slice(0, scope)
        .reduce((sum, count) => sum + count, 0);
      expect(scope === 2 || downloaded <= WORD_LISTS_BY_ITSELF, `${words} words`).toBe(true);
    }
  });

  it('counts no more lists for a bundle than it has files', () => {
    // Bundles of a few articles hold every word in one file: a long query still widens.
    const small = new Array(8).fill(2);
    expect(
      rounds(
        small,
        1,
        Number.POSITIVE_INFINITY,
        small.map(() => wordListsFor(7, 1)),
      ),
    ).toEqual([1, 2, 4, 8]);
    expect(wordListsFor(7, 150)).toBe(7);
    expect(wordListsFor(0, 150)).toBe(1);
    expect(wordListsFor(3, undefined)).toBe(3);
  });

  it('takes the limit of articles as well', () => {
    expect(rounds(shards, 2, 5_000, lists(2))).toEqual([2, 3]);
  });
});

describe('olderScope', () => {
  /** Every scope the reader's presses take in turn from `first`, until the button is gone. */
  function presses(sizes: readonly number[], first: number, widenLimit: number): number[] {
    const taken: number[] = [];
    for (let next = olderScope(sizes, first, widenLimit); next !== undefined; next = olderScope(sizes, next, widenLimit)) taken.push(next);
    return taken;
  }

  it('takes at most the limit of articles more each press, until every bundle is searched', () => {
    // The delta, a newest shard of 100 and 49 full shards of 2,000: two shards a press.
    const archive = [5, 100, ...new Array(49).fill(2_000)];
    const steps = presses(archive, 4, 5_000);
    expect(steps).toEqual([6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36, 38, 40, 42, 44, 46, 48, 50, 51]);
    for (const [at, scope] of steps.entries()) {
      const from = at === 0 ? 4 : steps[at - 1]!;
      const articles = archive.slice(from, scope).reduce((sum, size) => sum + size, 0);
      expect(articles).toBeLessThanOrEqual(5_000);
    }
  });

  it('takes one bundle when a single one holds more than the limit', () => {
    expect(presses([100, 3_000, 3_000, 3_000], 2, 1_000)).toEqual([3, 4]);
    expect(olderScope([100, 3_000, 3_000], 2, 0)).toBe(3);
  });

  it('takes every bundle left when they fit, and nothing once every bundle is searched', () => {
    expect(olderScope([10, 10, 10, 10, 10], 2, Number.POSITIVE_INFINITY)).toBe(5);
    expect(olderScope([10, 10, 10, 10, 10], 2, 30)).toBe(5);
    expect(olderScope([10, 10, 10, 10, 10], 2, 29)).toBe(4);
    expect(olderScope([10, 10], 2, 100)).toBeUndefined();
    expect(olderScope([], 0, 100)).toBeUndefined();
  });
});

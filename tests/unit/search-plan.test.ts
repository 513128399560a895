/**
 * Which search bundle a build rebuilds, from the route record's keys and what the bundles hold:
 * a new base when there is nothing to update or the delta is too large, a delta of exactly the
 * added and changed articles otherwise, nothing when the bundles already answer.
 */
import { describe, expect, it } from 'vitest';
import { type ArticleRecord, planSearchIndex, type SearchIndexState, searchManifest, visibleFilterCounts } from '../../src/lib/search-plan';

const FORMAT = 'format-1';

function held(articles: Record<string, string>, category = '财经'): SearchIndexState['base'] {
  return {
    entryDigest: 'base-digest',
    articles: Object.fromEntries(
      Object.entries(articles).map(([file, key]) => [file, { key, id: `zh_${file}`, filters: { category: [category], year: ['2024'] } }]),
    ),
  };
}

function stateWith(base: Record<string, string>, extra: Partial<SearchIndexState> = {}): SearchIndexState {
  return { format: FORMAT, language: 'zh-CN', base: held(base), hidden: [], ...extra };
}

const records = (articles: Record<string, string>): ArticleRecord[] =>
  Object.entries(articles)
    .map(([file, key]) => ({ file, key }))
    .sort((a, b) => a.file.localeCompare(b.file));

const plan = (
  articles: Record<string, string>,
  state: SearchIndexState | undefined,
  onDisk = { base: 'base-digest' } as { base?: string; delta?: string },
  limit?: number,
) => planSearchIndex(records(articles), { state, format: FORMAT, language: 'zh-CN', onDisk, limit });

describe('planSearchIndex', () => {
  const site = { 'a.html': '1', 'b.html': '1', 'c.html': '1' };

  it('builds a base when nothing was indexed, or what was cannot be trusted', () => {
    expect(plan(site, undefined)).toMatchObject({ kind: 'base', reason: 'no earlier index' });
    expect(plan(site, { ...stateWith(site), format: 'old' })).toMatchObject({ kind: 'base', reason: /format/ });
    expect(plan(site, { ...stateWith(site), language: 'en' })).toMatchObject({ kind: 'base', reason: /language/ });
    expect(plan(site, stateWith(site), {})).toMatchObject({ kind: 'base', reason: /missing or was replaced/ });
    expect(plan(site, stateWith(site), { base: 'other' })).toMatchObject({ kind: 'base', reason: /missing or was replaced/ });
  });

  it('does nothing when the base holds every article as it is', () => {
    expect(plan(site, stateWith(site))).toEqual({ kind: 'unchanged' });
  });

  it('indexes an added article into the delta, hiding nothing', () => {
    expect(plan({ ...site, 'd.html': '1' }, stateWith(site))).toEqual({
      kind: 'delta',
      changed: [{ file: 'd.html', key: '1' }],
      hidden: [],
    });
  });

  it('indexes a changed article into the delta and hides its base entry', () => {
    expect(plan({ ...site, 'b.html': '2' }, stateWith(site))).toEqual({
      kind: 'delta',
      changed: [{ file: 'b.html', key: '2' }],
      hidden: ['b.html'],
    });
  });

  it('hides a removed article without a delta', () => {
    const { 'c.html': _removed, ...rest } = site;
    expect(plan(rest, stateWith(site))).toEqual({ kind: 'delta', changed: [], hidden: ['c.html'] });
  });

  it('unhides a base entry whose article is shown as it was again', () => {
    const state = stateWith(site, {
      hidden: ['b.html'],
      delta: { entryDigest: 'd', articles: { 'b.html': { key: '2', id: 'x', filters: {} } } },
    });
    expect(plan(site, state, { base: 'base-digest', delta: 'd' })).toEqual({ kind: 'delta', changed: [], hidden: [] });
  });

  it('keeps a delta that holds exactly what changed', () => {
    const state = stateWith(site, {
      hidden: ['b.html'],
      delta: { entryDigest: 'd', articles: { 'b.html': { key: '2', id: 'x', filters: {} } } },
    });
    expect(plan({ ...site, 'b.html': '2' }, state, { base: 'base-digest', delta: 'd' })).toEqual({ kind: 'unchanged' });
    // The same delta, but its folder is gone or another: it is written again.
    expect(plan({ ...site, 'b.html': '2' }, state, { base: 'base-digest' })).toMatchObject({ kind: 'delta' });
    // A second edit of the same article: its new version replaces the old one in the delta.
    expect(plan({ ...site, 'b.html': '3' }, state, { base: 'base-digest', delta: 'd' })).toEqual({
      kind: 'delta',
      changed: [{ file: 'b.html', key: '3' }],
      hidden: ['b.html'],
    });
  });

  it('builds a new base when the delta and the hidden entries pass the limit', () => {
    const grown = { ...site, 'd.html': '1', 'e.html': '1', 'a.html': '2' };
    expect(plan(grown, stateWith(site), undefined, 3)).toMatchObject({
      kind: 'base',
      reason: /3 articles changed and 1 base entries hidden/,
    });
    expect(plan(grown, stateWith(site), undefined, 4)).toMatchObject({ kind: 'delta' });
  });
});

describe('searchManifest', () => {
  it('hides base ids and counts filters over what the browser sees', () => {
    const state = stateWith(
      { 'a.html': '1', 'b.html': '1', 'c.html': '1' },
      {
        hidden: ['b.html', 'c.html'],
        delta: { entryDigest: 'd', articles: { 'b.html': { key: '2', id: 'zh_new', filters: { category: ['科技'], year: ['2025'] } } } },
      },
    );
    expect(searchManifest(state)).toEqual({
      delta: true,
      hidden: ['zh_b.html', 'zh_c.html'],
      filters: { category: { 财经: 1, 科技: 1 }, year: { 2024: 1, 2025: 1 } },
    });
  });

  it('counts a value once per article, and says when there is no delta', () => {
    const state: SearchIndexState = {
      format: FORMAT,
      language: 'zh-CN',
      base: { entryDigest: 'b', articles: { 'a.html': { key: '1', id: 'zh_a', filters: { category: ['财经', '财经'] } } } },
      hidden: [],
    };
    expect(visibleFilterCounts(state)).toEqual({ category: { 财经: 1 } });
    expect(searchManifest(state).delta).toBe(false);
  });
});

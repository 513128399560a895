/**
 * What a build does to the search index, from the route record's keys and what the bundles
 * hold: every shard when there is nothing to update (full), the touched shards when the delta
 * is too large (fold), a delta of exactly the added and changed articles otherwise, nothing
 * but leftover removals when the bundles already answer.
 */
import { describe, expect, it } from 'vitest';
import {
  type ArticleRecord,
  type BundleState,
  planSearchIndex,
  REMOVED_KEY,
  removeHiddenPages,
  type SearchIndexState,
  searchManifest,
  visibleFilterCounts,
  indexingLanes,
  INDEXER_BYTES_PER_PAGE_BYTE,
} from '../../src/lib/search-plan';
import { settingsSchema } from '../../src/schemas/settings';

const FORMAT = 'format-1';

function held(articles: Record<string, string>, category = '财经', folder = 'pagefind'): BundleState {
  return {
    folder,
    entryDigest: `${folder}-digest`,
    articles: Object.fromEntries(
      Object.entries(articles).map(([file, key]) => [file, { key, id: `zh_${file}`, filters: { category: [category], year: ['2024'] } }]),
    ),
  };
}

function stateWith(base: Record<string, string>, extra: Partial<SearchIndexState> = {}): SearchIndexState {
  return { format: FORMAT, language: 'zh-CN', shards: [held(base)], hidden: [], ...extra };
}

const delta = (articles: BundleState['articles']): BundleState => ({ folder: 'pagefind-delta', entryDigest: 'd', articles });

const records = (articles: Record<string, string>): ArticleRecord[] =>
  Object.entries(articles)
    .map(([file, key]) => ({ file, key }))
    .sort((a, b) => a.file.localeCompare(b.file));

/** Plans with the bundles on disk as the state says, but for the folders in `missing`. */
function plan(
  articles: Record<string, string>,
  state: SearchIndexState | undefined,
  missing: string[] = [],
  deltaLimit?: number,
  shardSize?: number,
) {
  const bundles = [...(state?.shards ?? []), ...(state?.delta ? [state.delta] : [])];
  return planSearchIndex(records(articles), {
    state,
    format: FORMAT,
    language: 'zh-CN',
    onDisk: (folder) => (missing.includes(folder) ? undefined : bundles.find((bundle) => bundle.folder === folder)?.entryDigest),
    search: settingsSchema.shape.search.parse({ deltaLimit, shardSize }),
  });
}

describe('planSearchIndex', () => {
  const site = { 'a.html': '1', 'b.html': '1', 'c.html': '1' };

  it('indexes every shard when nothing was indexed, or what was cannot be trusted', () => {
    expect(plan(site, undefined)).toEqual({
      kind: 'full',
      reason: 'no earlier index',
      rebuild: [{ folder: 'pagefind', articles: records(site) }],
    });
    expect(plan(site, { ...stateWith(site), format: 'old' })).toMatchObject({ kind: 'full', reason: /format/ });
    expect(plan(site, { ...stateWith(site), language: 'en' })).toMatchObject({ kind: 'full', reason: /language/ });
    expect(plan(site, stateWith(site), ['pagefind'])).toMatchObject({ kind: 'full', reason: /missing or was replaced/ });
  });

  it('cuts a new index into shards in date order, the newest articles in the last shard, each in file order', () => {
    const dated: ArticleRecord[] = [
      { file: 'a.html', key: '1', time: Date.UTC(2024, 4, 1) },
      { file: 'b.html', key: '1', time: Date.UTC(2023, 0, 1) },
      { file: 'c.html', key: '1', time: Date.UTC(2025, 0, 1) },
      { file: 'd.html', key: '1', time: Date.UTC(2023, 5, 1) },
      { file: 'e.html', key: '1', time: Date.UTC(2024, 0, 1) },
    ];
    const result = planSearchIndex(dated, {
      state: undefined,
      format: FORMAT,
      language: 'zh-CN',
      onDisk: () => undefined,
      search: settingsSchema.shape.search.parse({ shardSize: 2 }),
    });
    expect(result.kind === 'full' && result.rebuild.map(({ folder, articles }) => [folder, articles.map((a) => a.file)])).toEqual([
      ['pagefind', ['b.html', 'd.html']],
      ['pagefind-2', ['a.html', 'e.html']],
      ['pagefind-3', ['c.html']],
    ]);
  });

  it('splits a new index into shards of the given size, in file order when articles have no date', () => {
    const result = plan({ ...site, 'd.html': '1', 'e.html': '1' }, undefined, [], undefined, 2);
    expect(result).toMatchObject({ kind: 'full' });
    expect(result.kind === 'full' && result.rebuild.map(({ folder, articles }) => [folder, articles.map((a) => a.file)])).toEqual([
      ['pagefind', ['a.html', 'b.html']],
      ['pagefind-2', ['c.html', 'd.html']],
      ['pagefind-3', ['e.html']],
    ]);
  });

  it('does nothing when the shards hold every article as it is', () => {
    expect(plan(site, stateWith(site))).toEqual({ kind: 'unchanged', state: stateWith(site), remove: [] });
  });

  it('when nothing changed, still takes out the pages of hidden entries an earlier build left', () => {
    const state = stateWith(site, { hidden: ['b.html'], delta: delta({ 'b.html': { key: '2', id: 'x', filters: {} } }) });
    const result = plan({ ...site, 'b.html': '2' }, state);
    expect(result).toMatchObject({ kind: 'unchanged', remove: [{ folder: 'pagefind', id: 'zh_b.html' }] });
    expect(result.kind === 'unchanged' && result.state.shards[0]!.articles['b.html']!.key).toBe(REMOVED_KEY);
    expect(result.kind === 'unchanged' && result.state.delta).toBe(state.delta);
  });

  it('indexes an added article into the delta, hiding nothing', () => {
    expect(plan({ ...site, 'd.html': '1' }, stateWith(site))).toEqual({
      kind: 'delta',
      changed: [{ file: 'd.html', key: '1' }],
      hidden: [],
      shards: stateWith(site).shards,
      remove: [],
    });
  });

  it('indexes a changed article into the delta and hides its shard entry', () => {
    const result = plan({ ...site, 'b.html': '2' }, stateWith(site));
    expect(result).toMatchObject({
      kind: 'delta',
      changed: [{ file: 'b.html', key: '2' }],
      hidden: ['b.html'],
      // Its page leaves the shard's files, and the shard's entry says so.
      remove: [{ folder: 'pagefind', id: 'zh_b.html' }],
    });
    expect(result.kind === 'delta' && result.shards[0]!.articles['b.html']!.key).toBe(REMOVED_KEY);
  });

  it('hides a removed article without a delta', () => {
    const { 'c.html': _removed, ...rest } = site;
    expect(plan(rest, stateWith(site))).toMatchObject({ kind: 'delta', changed: [], hidden: ['c.html'], remove: [{ id: 'zh_c.html' }] });
  });

  it('unhides a shard entry whose article is shown as it was again', () => {
    const state = stateWith(site, { hidden: ['b.html'], delta: delta({ 'b.html': { key: '2', id: 'x', filters: {} } }) });
    expect(plan(site, state)).toMatchObject({ kind: 'delta', changed: [], hidden: [], remove: [] });
  });

  it('keeps a delta that holds exactly what changed', () => {
    const state = stateWith(site, { hidden: ['b.html'], delta: delta({ 'b.html': { key: '2', id: 'x', filters: {} } }) });
    expect(plan({ ...site, 'b.html': '2' }, state)).toMatchObject({ kind: 'unchanged' });
    // The same delta, but its folder is gone or another: it is written again.
    expect(plan({ ...site, 'b.html': '2' }, state, ['pagefind-delta'])).toMatchObject({ kind: 'delta' });
    // A second edit of the same article: its new version replaces the old one in the delta.
    expect(plan({ ...site, 'b.html': '3' }, state)).toMatchObject({
      kind: 'delta',
      changed: [{ file: 'b.html', key: '3' }],
      hidden: ['b.html'],
    });
  });

  it('past the limit, folds the delta into the shards it touches and the last one', () => {
    const state: SearchIndexState = {
      format: FORMAT,
      language: 'zh-CN',
      shards: [
        held({ 'a.html': '1', 'b.html': '1' }, '财经', 'pagefind'),
        held({ 'c.html': '1', 'd.html': '1' }, '财经', 'pagefind-2'),
        held({ 'e.html': '1' }, '财经', 'pagefind-3'),
      ],
      hidden: [],
    };
    const all = { 'a.html': '1', 'b.html': '1', 'c.html': '1', 'd.html': '1', 'e.html': '1' };
    // c.html edited, f.html and g.html new: shard 2 is indexed again, the new ones fill shard 3, then a new shard 4.
    const grown = { ...all, 'c.html': '2', 'f.html': '1', 'g.html': '1' };
    expect(plan(grown, state, [], 4)).toMatchObject({ kind: 'delta' });
    const folded = plan(grown, state, [], 3, 2);
    expect(folded).toMatchObject({ kind: 'fold', reason: /3 articles changed and 1 base entries hidden/, keep: [state.shards[0]] });
    expect(folded.kind === 'fold' && folded.rebuild).toEqual([
      {
        folder: 'pagefind-2',
        articles: [
          { file: 'c.html', key: '2' },
          { file: 'd.html', key: '1' },
        ],
      },
      {
        folder: 'pagefind-3',
        articles: [
          { file: 'e.html', key: '1' },
          { file: 'f.html', key: '1' },
        ],
      },
      { folder: 'pagefind-4', articles: [{ file: 'g.html', key: '1' }] },
    ]);
    // A removed article: only its shard is indexed again.
    const { 'a.html': _removed, ...rest } = all;
    expect(plan(rest, state, [], 0, 2)).toEqual({
      kind: 'fold',
      reason: '0 articles changed and 1 base entries hidden since the shards were built, more than 0',
      rebuild: [{ folder: 'pagefind', articles: [{ file: 'b.html', key: '1' }] }],
      keep: [state.shards[1], state.shards[2]],
    });
  });
});

describe('searchManifest', () => {
  it('lists the bundles, hides shard ids and counts filters over what the browser sees', () => {
    const state = stateWith(
      { 'a.html': '1', 'b.html': '1', 'c.html': '1' },
      {
        hidden: ['b.html', 'c.html'],
        delta: delta({ 'b.html': { key: '2', id: 'zh_new', filters: { category: ['科技'], year: ['2025'] } } }),
      },
    );
    expect(searchManifest(state, 5_000)).toEqual({
      bundles: ['/pagefind/', '/pagefind-delta/'],
      // The shard answers for a.html only; the delta for b.html, of 2025.
      sizes: [1, 1],
      years: [['2024'], ['2025']],
      hidden: ['zh_b.html', 'zh_c.html'],
      filters: { category: { 财经: 1, 科技: 1 }, year: { 2024: 1, 2025: 1 } },
      widenLimit: 5_000,
    });
  });

  it('counts a value once per article, and leaves out an empty delta', () => {
    const state: SearchIndexState = {
      format: FORMAT,
      language: 'zh-CN',
      shards: [
        { folder: 'pagefind', entryDigest: 'b', articles: { 'a.html': { key: '1', id: 'zh_a', filters: { category: ['财经', '财经'] } } } },
      ],
      hidden: [],
    };
    expect(visibleFilterCounts(state)).toEqual({ category: { 财经: 1 } });
    expect(searchManifest(state, 5_000).bundles).toEqual(['/pagefind/']);
  });
});

describe('removeHiddenPages', () => {
  const shards = [held({ 'a.html': '1', 'b.html': '1' }), held({ 'c.html': '1' }, '科技', 'pagefind-2')];

  it('marks each hidden entry removed and names its page, once', () => {
    const first = removeHiddenPages(shards, ['b.html', 'c.html']);
    expect(first.remove).toEqual([
      { folder: 'pagefind', id: 'zh_b.html' },
      { folder: 'pagefind-2', id: 'zh_c.html' },
    ]);
    expect(first.shards[0]!.articles['b.html']).toEqual({ ...shards[0]!.articles['b.html'], key: REMOVED_KEY });
    expect(first.shards[0]!.articles['a.html']).toEqual(shards[0]!.articles['a.html']);
    // Nothing is taken twice; the input is left as it was.
    expect(removeHiddenPages(first.shards, ['b.html', 'c.html']).remove).toEqual([]);
    expect(shards[0]!.articles['b.html']!.key).toBe('1');
  });

  it('sends an article shown as it was again to the delta, its removed entry still hidden', () => {
    const { shards: removed } = removeHiddenPages([held({ 'a.html': '1', 'b.html': '1' })], ['b.html']);
    const state: SearchIndexState = { format: FORMAT, language: 'zh-CN', shards: removed, hidden: ['b.html'] };
    expect(plan({ 'a.html': '1', 'b.html': '1' }, state)).toEqual({
      kind: 'delta',
      changed: [{ file: 'b.html', key: '1' }],
      hidden: ['b.html'],
      shards: removed,
      remove: [],
    });
  });
});

describe('indexingLanes', () => {
  const GB = 2 ** 30;
  // A shard of 10,000 articles of 10 KB: about 5 GB for its indexer.
  const shard = 100 * 2 ** 20;

  it('indexes one bundle per core when the memory holds them', () => {
    expect(indexingLanes({ cores: 2, availableMemory: 20 * GB, bundleBytes: [shard, shard, shard] })).toBe(2);
  });

  it('indexes fewer at once than there are cores when the memory would not hold them', () => {
    // A runner of 4 cores and 16 GB, the build itself holding 4 of them.
    expect(indexingLanes({ cores: 4, availableMemory: 12 * GB, bundleBytes: Array(10).fill(shard) })).toBe(2);
    expect(shard * INDEXER_BYTES_PER_PAGE_BYTE * 2).toBeLessThan(12 * GB);
    expect(shard * INDEXER_BYTES_PER_PAGE_BYTE * 3).toBeGreaterThan(12 * GB);
  });

  it('counts the largest bundles, as any may run beside any other', () => {
    expect(indexingLanes({ cores: 2, availableMemory: 8 * GB, bundleBytes: [shard / 10, shard, shard] })).toBe(1);
  });

  it('indexes one at a time however little memory is left, and never more than there are bundles', () => {
    expect(indexingLanes({ cores: 4, availableMemory: GB, bundleBytes: [shard, shard] })).toBe(1);
    expect(indexingLanes({ cores: 8, availableMemory: 100 * GB, bundleBytes: [shard, shard] })).toBe(2);
    expect(indexingLanes({ cores: 8, availableMemory: 100 * GB, bundleBytes: [] })).toBe(1);
  });
});

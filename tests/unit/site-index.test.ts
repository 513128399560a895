import { describe, expect, it } from 'vitest';
import { buildSiteIndex, type IndexedPost, termSlug } from '../../src/lib/site-index';
import { categoryFeedUrl, termUrl } from '../../src/lib/site-urls';

function post(id: string, date: string, categories: string[], tags: string[] = [], legacyPaths: string[] = []): IndexedPost {
  const path = `/${categories.map((c) => c.toLowerCase()).join('/')}/${id}.html`.replace('//', '/');
  return {
    id,
    title: id,
    date: new Date(date),
    categories,
    tags,
    path,
    url: path,
    legacyPaths,
    digest: id,
    bodyId: `/nonexistent/${id}.html`,
    bodyDigest: id,
  };
}

const posts = [
  post('a', '2024-01-01T00:00:00Z', ['news']),
  post('b', '2024-01-03T00:00:00Z', ['News', 'tech'], ['AI', 'ai']),
  post('c', '2024-01-02T00:00:00Z', ['tech', 'news']),
  post('d', '2024-01-04T00:00:00Z', []),
  post('e', '2024-01-02T00:00:00Z', ['news'], [], ['/news/old-e.html']),
];

describe('buildSiteIndex', () => {
  const index = buildSiteIndex(posts, {
    pageSize: 2,
    pagination: 'newest-first',
    timeZone: 'Asia/Shanghai',
    categoryData: new Map([['tech', { name: '科技', description: '科技新闻' }]]),
  });

  it('sorts posts newest first, breaking ties by path', () => {
    // c (/tech/news/c.html) and e (/news/e.html) share a date: the path decides.
    expect(index.posts.map((p) => p.id)).toEqual(['d', 'b', 'e', 'c', 'a']);
  });

  it('groups categories case-insensitively, keeping the written name or the data name', () => {
    expect([...index.categories.keys()]).toEqual(['news', 'tech']);
    expect(index.categories.get('news')?.name).toBe('News');
    expect(index.categories.get('tech')).toMatchObject({
      name: '科技',
      description: '科技新闻',
      url: '/category/tech.html',
      feedUrl: '/category/tech/feed.xml',
    });
    expect(index.categories.get('news')?.posts.map((p) => p.id)).toEqual(['b', 'e', 'c', 'a']);
  });

  it('collects tags without feeds', () => {
    expect(index.tags.get('ai')?.posts.map((p) => p.id)).toEqual(['b']);
    expect(index.tags.get('ai')?.feedUrl).toBeUndefined();
  });

  it('paginates with stable URLs and newer/older links', () => {
    const news = index.categoryPages.filter((page) => page.term.key === 'news');
    expect(news.map((page) => [page.param, page.url, page.posts.map((p) => p.id)])).toEqual([
      ['news', '/category/news.html', ['b', 'e']],
      ['news/page/2', '/category/news/page/2.html', ['c', 'a']],
    ]);
    expect(news[0]).toMatchObject({ first: true, label: '第 1 / 2 页', newerUrl: undefined, olderUrl: '/category/news/page/2.html' });
    expect(news[1]).toMatchObject({ first: false, label: '第 2 / 2 页', newerUrl: '/category/news.html', olderUrl: undefined });
  });

  it('links newer and older posts within the first category', () => {
    expect(index.neighbours.get('c')).toMatchObject({ category: { key: 'tech' }, newer: { id: 'b' }, older: undefined });
    expect(index.neighbours.get('e')).toMatchObject({ category: { key: 'news' }, newer: { id: 'b' }, older: { id: 'c' } });
    expect(index.neighbours.get('d')).toBeUndefined();
  });

  it('orders categories by size, then name', () => {
    expect(index.categoriesBySize.map((c) => c.key)).toEqual(['news', 'tech']);
  });

  it('turns legacy paths into redirects', () => {
    expect(index.redirects).toEqual([{ path: '/news/old-e.html', param: 'news/old-e', target: index.posts[2] }]);
  });

  it('gives an empty category a single empty page rather than none', () => {
    const empty = buildSiteIndex([], { pageSize: 50, pagination: 'stable', timeZone: 'Asia/Shanghai', categoryData: new Map() });
    expect(empty.categoryPages).toEqual([]);
    expect(empty.posts).toEqual([]);
  });
});

describe('termSlug', () => {
  it('is the name in lower case and NFC, one segment, never climbing out of its folder', () => {
    expect(termSlug('CBOT')).toBe('cbot');
    expect(termSlug('cafe\u0301')).toBe('café');
    expect(termSlug('a/b')).toBe('a-b');
    expect(termSlug('..')).toBe('--');
  });

  // Astro decodes a route's %XX and cannot route a lone %, reads `index` as its folder's own
  // page and a trailing .html as the page's extension, and URLs read `\` as `/`: each of these
  // names failed the build.
  it.each([
    ['5%增长', '5％增长'],
    ['pct%41', 'pct％41'],
    ['index', 'index-'],
    ['Index', 'index-'],
    ['a.html', 'a.html-'],
    ['index.html', 'index.html-'],
    ['\\evil', '-evil'],
  ])('gives %s a name Astro can route: %s', (name, slug) => {
    expect(termSlug(name)).toBe(slug);
  });

  it('leaves names Astro routes as they are', () => {
    for (const name of ['indexes', 'my-index', 'a.htm', 'feed.xml', '财经 要闻', 'c#', 'a?b']) expect(termSlug(name)).toBe(name);
  });
});

describe('term URLs', () => {
  it('encodes keys and numbers pages', () => {
    expect(termUrl('category', '财经 要闻')).toBe('/category/%E8%B4%A2%E7%BB%8F%20%E8%A6%81%E9%97%BB.html');
    expect(termUrl('tag', 'a?b#c', 3)).toBe('/tag/a%3Fb%23c/page/3.html');
    expect(categoryFeedUrl('cbot')).toBe('/category/cbot/feed.xml');
  });
});

describe('stable pagination', () => {
  const many = (count: number) =>
    Array.from({ length: count }, (_, index) =>
      post(`p${String(index).padStart(2, '0')}`, new Date(Date.UTC(2024, 0, 1) + index * 3_600_000).toISOString(), ['news']),
    );
  const pagesOf = (count: number) =>
    buildSiteIndex(many(count), {
      pageSize: 3,
      pagination: 'stable',
      timeZone: 'Asia/Shanghai',
      categoryData: new Map(),
    }).categoryPages.map((page) => ({
      url: page.url,
      label: page.label,
      ids: page.posts.map((p) => p.id),
      newer: page.newerUrl,
      older: page.olderUrl,
    }));

  it('numbers archive pages from the oldest post, the first page showing the newest', () => {
    expect(pagesOf(7)).toEqual([
      { url: '/category/news.html', label: '最新', ids: ['p06', 'p05', 'p04'], newer: undefined, older: '/category/news/page/3.html' },
      {
        url: '/category/news/page/2.html',
        label: '存档第 1 页',
        ids: ['p02', 'p01', 'p00'],
        newer: '/category/news/page/3.html',
        older: undefined,
      },
      {
        url: '/category/news/page/3.html',
        label: '存档第 2 页',
        ids: ['p05', 'p04', 'p03'],
        newer: '/category/news.html',
        older: '/category/news/page/2.html',
      },
    ]);
  });

  it('keeps every full archive page unchanged when posts are added', () => {
    const before = pagesOf(7).slice(1);
    const after = pagesOf(8).slice(1);
    expect(after.slice(0, before.length).map((page) => page.ids)).toEqual(before.map((page) => page.ids));
  });

  it('skips from the first page past an archive page it repeats whole', () => {
    expect(pagesOf(6)[0]).toMatchObject({ ids: ['p05', 'p04', 'p03'], older: '/category/news/page/2.html' });
  });
});

describe('month archives', () => {
  it('group posts by month in the site zone, newest month first', () => {
    const index = buildSiteIndex(
      [post('a', '2024-01-31T17:00:00Z', ['x']), post('b', '2024-01-31T15:00:00Z', ['x']), post('c', '2023-12-15T00:00:00Z', ['x'])],
      { pageSize: 50, pagination: 'stable', timeZone: 'Asia/Shanghai', categoryData: new Map() },
    );
    // 17:00 UTC on Jan 31 is already Feb 1 in Shanghai.
    expect(index.months.map((month) => [month.url, month.posts.map((p) => p.id)])).toEqual([
      ['/archive/2024/02.html', ['a']],
      ['/archive/2024/01.html', ['b']],
      ['/archive/2023/12.html', ['c']],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { parseDate } from '../../src/lib/dates';
import {
  categoryKeys,
  defaultSlug,
  encodePath,
  encodePathSegment,
  permalinkPath,
  permalinkPattern,
  postPermalink,
  prettySlug,
  ROUTE_STAND_INS,
  routeParamForPath,
  EXACT_FILE_MARK,
  exactFileOf,
  keptFileExtension,
  routeSafe,
  type PermalinkInput,
  unknownPlaceholder,
} from '../../src/lib/permalink';
import { decodeName } from '../../src/integrations/post-build/output-folder';

const SHANGHAI = 'Asia/Shanghai';

function dateOf(text: string, timeZone = SHANGHAI): Date {
  const result = parseDate(text, timeZone);
  if (!result.ok) throw new Error(`test date ${text} rejected: ${result.reason}`);
  return result.date;
}

function input(overrides: Partial<PermalinkInput> & { when?: string } = {}): PermalinkInput {
  const { when = '2022-04-02 05:30:00 +0800', ...rest } = overrides;
  return {
    categories: ['CBOT', 'anxinguojizhengquan(xianggang)'],
    date: dateOf(when, rest.timeZone ?? SHANGHAI),
    slug: 'CBOT-soybean-weekly',
    timeZone: SHANGHAI,
    ...rest,
  };
}

describe('permalink styles', () => {
  it.each([
    ['date', '/cbot/anxinguojizhengquan(xianggang)/2022/04/02/CBOT-soybean-weekly.html'],
    ['pretty', '/cbot/anxinguojizhengquan(xianggang)/2022/04/02/CBOT-soybean-weekly/'],
    ['ordinal', '/cbot/anxinguojizhengquan(xianggang)/2022/092/CBOT-soybean-weekly.html'],
    ['none', '/cbot/anxinguojizhengquan(xianggang)/CBOT-soybean-weekly.html'],
    // Jekyll 4's weekdate style (2022-04-02 is a Saturday of ISO week 13).
    ['weekdate', '/cbot/anxinguojizhengquan(xianggang)/2022/W13/Sat/CBOT-soybean-weekly.html'],
    ['/:year/:i_month/:i_day/:slug:output_ext', '/2022/4/2/cbot-soybean-weekly.html'],
    ['/news/:categories/:title/', '/news/cbot/anxinguojizhengquan(xianggang)/CBOT-soybean-weekly/'],
    ['/:short_year/:month/:day/:hour:minute:second-:title.html', '/22/04/02/053000-CBOT-soybean-weekly.html'],
    ['/:categories/:y_day/:title', '/cbot/anxinguojizhengquan(xianggang)/092/CBOT-soybean-weekly'],
    // Jekyll's week and name placeholders (2022-04-02 is a Saturday of ISO week 13).
    ['/:w_year/:week/:w_day/:title.html', '/2022/13/6/CBOT-soybean-weekly.html'],
    ['/:short_month/:long_month/:short_day/:long_day/:title.html', '/Apr/April/Sat/Saturday/CBOT-soybean-weekly.html'],
    // Jekyll's `:name`: the file's name, date included, slugified (the slug stands in without a file).
    ['/news/:name/', '/news/cbot-soybean-weekly/'],
    ['/:collection/:slugified_categories/:slug.html', '/posts/cbot/anxinguojizhengquan-xianggang/cbot-soybean-weekly.html'],
  ])('%s → %s', (style, expected) => {
    const permalink = postPermalink(style, input());
    expect(permalink.path).toBe(expected);
  });

  it.each([
    ['2021-01-03 12:00:00 +0800', '/2020/53/7/x.html'],
    ['2021-01-04 12:00:00 +0800', '/2021/01/1/x.html'],
    ['2024-12-30 12:00:00 +0800', '/2025/01/1/x.html'],
  ])('ISO weeks at the turn of the year: %s → %s', (when, expected) => {
    expect(postPermalink('/:w_year/:week/:w_day/:title.html', input({ when, slug: 'x' })).path).toBe(expected);
  });

  it('date is the default Jekyll pattern', () => {
    expect(permalinkPattern('date')).toBe('/:categories/:year/:month/:day/:title:output_ext');
  });

  it('rejects a style that is neither a name nor a pattern', () => {
    expect(() => permalinkPattern('weekly')).toThrow(/neither/);
    expect(() => permalinkPattern(':year/:title')).toThrow(/starting with "\/"/);
  });

  it.each([
    ['date', '/2022/04/08/no-front-matter.html'],
    ['pretty', '/2022/04/08/no-front-matter/'],
    ['none', '/no-front-matter.html'],
    ['/news/:categories/:title/', '/news/no-front-matter/'],
    ['/:categories/:categories/:title:output_ext', '/no-front-matter.html'],
  ])('no categories leave no empty segment (%s)', (style, expected) => {
    const permalink = postPermalink(style, input({ categories: [], slug: 'no-front-matter', when: '2022-04-08' }));
    expect(permalink.path).toBe(expected);
    expect(permalink.path).not.toContain('//');
  });

  it('ordinal pads :y_day to three digits and counts 29 February', () => {
    expect(postPermalink('ordinal', input({ categories: [], when: '2022-01-05' })).path).toBe('/2022/005/CBOT-soybean-weekly.html');
    expect(postPermalink('ordinal', input({ categories: [], when: '2024-12-31' })).path).toBe('/2024/366/CBOT-soybean-weekly.html');
    expect(postPermalink('ordinal', input({ categories: [], when: '2023-12-31' })).path).toBe('/2023/365/CBOT-soybean-weekly.html');
  });

  it('reads :i_month and :i_day as themselves, not as :i + _month', () => {
    expect(permalinkPath('/:i_month-:month/:i_day-:day', input({ when: '2022-01-05' }))).toBe('/1-01/5-05');
  });

  // What a Jekyll 4.3.1 build gave `_posts/2024-06-01-pl-name.md` and the same file in `_posts/sub/`.
  it.each([
    ['/:name/:path/', undefined, '/2024-06-01-pl-name/2024-06-01-pl-name/'],
    ['/:name/:path/', 'sub/2024-06-01-pl-name', '/2024-06-01-pl-name/sub/2024-06-01-pl-name/'],
    ['/x/:path.html', 'A b/2024-06-01-Pl Name.', '/x/A b/2024-06-01-Pl Name.html'],
  ])('reads :path as the file path below the posts folder, not slugified: %s with %s', (style, sourcePath, expected) => {
    const fileStem = '2024-06-01-pl-name';
    expect(postPermalink(style, input({ categories: [], slug: 'pl-name', fileStem, sourcePath })).path).toBe(expected);
  });
});

describe('unknownPlaceholder', () => {
  it.each([
    ['/:categories/:year/:month/:day/:title:output_ext', undefined],
    ['/:year_/:i_month/:title.html', undefined],
    ['/:Title/:title', undefined],
    ['/:year2/:title', undefined],
    ['/x/:nonsense/:title', ':nonsense'],
    ['/:titles/', ':titles'],
    ['/:monthly/:title', ':monthly'],
    ['/:title__/', ':title__'],
  ])('%s → %s, as Jekyll reads placeholders', (pattern, expected) => {
    expect(unknownPlaceholder(pattern)).toBe(expected);
  });
});

describe('categories', () => {
  it.each([
    [['CBOT'], '/cbot/'],
    [['A', 'a'], '/a/'],
    [['21shijijingjibaodao', '21caijingAPP'], '/21shijijingjibaodao/21caijingapp/'],
    [['b', 'A', 'B', 'a'], '/b/a/'],
    [['财经新闻', 'CBOT'], '/财经新闻/cbot/'],
  ])('%j → %s', (categories, prefix) => {
    expect(postPermalink('date', input({ categories })).path).toBe(`${prefix}2022/04/02/CBOT-soybean-weekly.html`);
  });

  it('categoryKeys lower-cases and de-duplicates, keeping first-seen order', () => {
    expect(categoryKeys(['CBOT', 'cbot', 'Emnews', 'EMNEWS'])).toEqual(['cbot', 'emnews']);
  });

  it('segments made only of dots are dropped, as Jekyll drops them, so a path never climbs out', () => {
    const permalink = postPermalink('date', input({ categories: ['..', '.', 'a', '...'] }));
    expect(permalink.path).toBe('/a/2022/04/02/CBOT-soybean-weekly.html');
    expect(permalink.url).toBe('/a/2022/04/02/CBOT-soybean-weekly.html');
  });

  // Jekyll's sanitize_url: `..` becomes `/`, then `./` goes (outputs of Jekyll 4.3.1).
  it.each<[Partial<PermalinkInput>, string]>([
    [{ categories: [], slug: 'a..b' }, '/2022/04/02/a/b.html'],
    [{ categories: [], slug: 'a...b' }, '/2022/04/02/a/.b.html'],
    [{ categories: [], slug: 'foo.' }, '/2022/04/02/foo/html'],
    [{ categories: ['a..b'], slug: 'x' }, '/a/b/2022/04/02/x.html'],
    [{ categories: ['a.'], slug: 'x' }, '/a2022/04/02/x.html'],
    [{ categories: ['a./b'], slug: 'x' }, '/ab/2022/04/02/x.html'],
  ])('dots inside a segment as Jekyll sanitizes them: %j → %s', (overrides, expected) => {
    expect(postPermalink('date', input(overrides)).path).toBe(expected);
  });
});

describe('the URL date is the wall date in the site zone', () => {
  it('a -0500 evening post lands on the next day in Shanghai', () => {
    const permalink = postPermalink('date', input({ categories: ['emnews'], slug: 'x', when: '2021-12-07 23:30:00 -0500' }));
    expect(permalink.path).toBe('/emnews/2021/12/08/x.html');
  });

  it('the same instant keeps its own day in New York', () => {
    const date = dateOf('2021-12-07 23:30:00 -0500');
    expect(postPermalink('date', { categories: [], slug: 'x', date, timeZone: 'America/New_York' }).path).toBe('/2021/12/07/x.html');
  });

  it('an unquoted date without offset is site-zone time; Jekyll read it as UTC, a day later', () => {
    const base = { categories: ['emnews'], slug: '202112092207000001', timeZone: SHANGHAI };
    expect(postPermalink('date', { ...base, date: dateOf('2021-12-09 21:15:00') }).path).toBe('/emnews/2021/12/09/202112092207000001.html');
    expect(postPermalink('date', { ...base, date: dateOf('2021-12-09 21:15:00 +0000') }).path).toBe(
      '/emnews/2021/12/10/202112092207000001.html',
    );
  });

  it('a post at 05:30 Shanghai time, still the previous day in UTC, keeps the Shanghai day', () => {
    expect(postPermalink('date', input()).path).toContain('/2022/04/02/');
  });

  it(':hour, :minute and :second are site-zone wall time too', () => {
    expect(permalinkPath('/:hour/:minute/:second', input({ when: '2021-12-07 23:30:45 -0500' }))).toBe('/12/30/45');
  });
});

describe(':title and :slug', () => {
  it.each([
    ['CBOT-soybean-weekly', 'CBOT-soybean-weekly', 'cbot-soybean-weekly'],
    ['Hello World', 'Hello-World', 'hello-world'],
    ['财经 新闻  快讯', '财经-新闻-快讯', '财经-新闻-快讯'],
    ['anxinguojizhengquan(xianggang)', 'anxinguojizhengquan(xianggang)', 'anxinguojizhengquan-xianggang'],
    ['The _config.yml file', 'The-_config.yml-file', 'the-config-yml-file'],
    [' Q*bert says _@!#?@!', 'Q-bert-says-_@!-@!', 'q-bert-says'],
    ['what? #1 100%', 'what-1-100', 'what-1-100'],
    ['--leading and trailing--', 'leading-and-trailing', 'leading-and-trailing'],
    ['café déjà', 'café-déjà', 'café-déjà'],
    ['NW202206172415666670', 'NW202206172415666670', 'nw202206172415666670'],
    // Jekyll keeps letters, marks and decimal digits only: other numerals (①, ², 〇) are not "alnum".
    ['第①期 x²', '第-期-x', '第-期-x'],
    ['二〇二二年', '二-二二年', '二-二二年'],
    ['１２３', '１２３', '１２３'],
  ])('%j → :title %j, :slug %j', (slug, title, lower) => {
    expect(prettySlug(slug)).toBe(title);
    expect(defaultSlug(slug)).toBe(lower);
    expect(permalinkPath('/:title', input({ slug }))).toBe(`/${title}`);
    expect(permalinkPath('/:slug', input({ slug }))).toBe(`/${lower}`);
  });
});

describe('encoding: path is decoded, url is percent-encoded UTF-8', () => {
  it('CJK categories with a space', () => {
    const permalink = postPermalink(
      'date',
      input({ categories: ['财经 要闻'], slug: 'NW202204072300000012', when: '2022-04-07 12:00:00 +0800' }),
    );
    expect(permalink.path).toBe('/财经 要闻/2022/04/07/NW202204072300000012.html');
    expect(permalink.url).toBe('/%E8%B4%A2%E7%BB%8F%20%E8%A6%81%E9%97%BB/2022/04/07/NW202204072300000012.html');
  });

  it.each([
    ['财经 要闻', '%E8%B4%A2%E7%BB%8F%20%E8%A6%81%E9%97%BB'],
    ['a?b', 'a%3Fb'],
    ['a#b', 'a%23b'],
    ['100%', '100%25'],
    ['%E8', '%25E8'],
    ['a b', 'a%20b'],
    ['anxinguojizhengquan(xianggang)', 'anxinguojizhengquan(xianggang)'],
    ['a-b.c_d~e', 'a-b.c_d~e'],
    ["!$&'()*+,;=:@", "!$&'()*+,;=:@"],
    ['a"b<c>d', 'a%22b%3Cc%3Ed'],
    ['[x]{y}|^`\\', '%5Bx%5D%7By%7D%7C%5E%60%5C'],
    ['😀', '%F0%9F%98%80'],
    ['𠮷', '%F0%A0%AE%B7'],
    ['é', '%C3%A9'],
  ])('segment %j → %s', (segment, encoded) => {
    expect(encodePathSegment(segment)).toBe(encoded);
    expect(decodeURIComponent(encodePathSegment(segment))).toBe(segment);
  });

  it('?, # and % in a category are encoded in the url and kept in the path', () => {
    const permalink = postPermalink('date', input({ categories: ['Q&A?', '#1', '50%'] }));
    expect(permalink.path).toBe('/q&a?/#1/50%/2022/04/02/CBOT-soybean-weekly.html');
    expect(permalink.url).toBe('/q&a%3F/%231/50%25/2022/04/02/CBOT-soybean-weekly.html');
  });

  it('encodePath keeps the slashes and a trailing slash', () => {
    expect(encodePath('/财经/a b/')).toBe('/%E8%B4%A2%E7%BB%8F/a%20b/');
  });

  it('the url resolves back to the path', () => {
    const permalink = postPermalink('pretty', input({ categories: ['财经 要闻', 'x?y'], slug: '快讯 (一)' }));
    expect(decodeURI(new URL(permalink.url, 'https://finews.example.com').pathname).replace(/%3F/g, '?')).toBe(permalink.path);
  });
});

describe('the file of a post with its own permalink, named by the extension Jekyll gives its output', () => {
  it.each<[string | undefined, string | undefined]>([
    ['/a/20230904/12345.shtml', '.shtml'],
    ['/show.php', '.php'],
    ['/show.asp?id=123', '.asp?id=123'],
    ['/news/v1.2', '.2'],
    ['/news/:title.htm', '.htm'],
    // Kept as the site names them: `.html`, no extension, a folder, a dot file, no own permalink.
    ['/news/x.html', undefined],
    ['/news/x', undefined],
    ['/news/x.shtml/', undefined],
    ['/news/.shtml', undefined],
    [undefined, undefined],
  ])('%s keeps %s', (permalink, extension) => {
    expect(keptFileExtension(permalink)).toBe(extension);
  });

  it('names the file as the path, adding the extension only where the path lacks it', () => {
    expect(exactFileOf('/a/x.shtml', '.shtml')).toBe('/a/x.shtml');
    expect(exactFileOf('/a/x', '.shtml')).toBe('/a/x.shtml');
    expect(exactFileOf('/a/x.html', undefined)).toBeUndefined();
    // A folder URL is its folder's index.html, whatever the post's file is named.
    expect(exactFileOf('/a/x/', '.HTML')).toBeUndefined();
  });
});

describe('routeParamForPath', () => {
  it.each([
    ['/a/b.html', 'a/b'],
    ['/a/b/', 'a/b/index.folder'],
    ['/', 'index'],
    ['/a/b', 'a/b'],
    // Astro reads a parameter `feed.html` as `feed`: the page is written by its exact name.
    ['/feed.html.html', `feed.html.html${EXACT_FILE_MARK}`],
    ['/x/index.folder.html', `x/index.folder.html${EXACT_FILE_MARK}`],
    // Without an extension, Jekyll writes `x/index` to x/index.html, the folder's page.
    ['/x/index', 'x/index.folder'],
    ['/财经 要闻/2022/04/07/x.html', '财经 要闻/2022/04/07/x'],
    // Astro reads `custom/index` as the folder `custom/`: the folder page's own parameter.
    ['/custom/index.html', 'custom/index.folder'],
    // What a route cannot carry (Astro decodes %XX, URLs read \ as / and drop tabs) has stand-ins.
    ['/5%增长/2023/03/03/z.html', '5\uE025增长/2023/03/03/z'],
    ['/pct%41/x.html', 'pct\uE02541/x'],
    ['/\\evil.example/x.html', '\uE05Cevil.example/x'],
    ['/a\tb/x.html', 'a\uE009b/x'],
    // A slug of nothing: Jekyll's file is `.html` in the day's folder, not the folder's page.
    ['/news/2023/01/22/.html', `news/2023/01/22/.html${EXACT_FILE_MARK}`],
  ])('%s → %s', (path, param) => {
    expect(routeParamForPath(path)).toBe(param);
  });

  it('writes a page by its exact name, which the output step gives back without `.html`', () => {
    const param = routeParamForPath('/a/x.shtml', '/a/x.shtml');
    expect(param).toBe(`a/x.shtml${EXACT_FILE_MARK}`);
    expect(decodeName(`${param}.html`)).toBe('a/x.shtml');
    expect(decodeName(`show.asp%3Fid=1${EXACT_FILE_MARK}.html`)).toBe('show.asp?id=1');
    expect(decodeName(`.html${EXACT_FILE_MARK}.html`)).toBe('.html');
  });

  it('gives each character a route cannot carry a stand-in of its own, which the output step turns back', () => {
    expect(Object.keys(ROUTE_STAND_INS).sort()).toEqual(['\t', '\n', '\r', '%', '\\', '\u2028', '\u2029'].sort());
    expect(new Set(Object.values(ROUTE_STAND_INS)).size).toBe(7);
    for (const [character, standIn] of Object.entries(ROUTE_STAND_INS)) {
      expect(routeSafe(`a${character}b`)).toBe(`a${standIn}b`);
      expect(decodeName(`a${standIn}b.html`)).toBe(`a${character}b.html`);
    }
  });
});

describe('the samples (README.md expectations, default settings)', () => {
  it.each([
    [['guangmingribao'], '2022-06-17 02:18:57 +0800', 'NW202206172415666670', '/guangmingribao/2022/06/17/NW202206172415666670.html'],
    [['emnews'], '2021-12-09 21:15:00', '202112092207000001', '/emnews/2021/12/09/202112092207000001.html'],
    [['emnews'], '2022-05-26 09:41:07 +0800', 'NW202205262391900001', '/emnews/2022/05/26/NW202205262391900001.html'],
    [
      ['21shijijingjibaodao', '21caijingAPP'],
      '2022-04-01 10:05:00 +0800',
      'NW202204012300000005',
      '/21shijijingjibaodao/21caijingapp/2022/04/01/NW202204012300000005.html',
    ],
    [
      ['CBOT', 'anxinguojizhengquan(xianggang)'],
      '2022-04-02 05:30:00 +0800',
      'CBOT-soybean-weekly',
      '/cbot/anxinguojizhengquan(xianggang)/2022/04/02/CBOT-soybean-weekly.html',
    ],
    [[], '2022-04-08', 'no-front-matter', '/2022/04/08/no-front-matter.html'],
  ])('%j %s %s → %s', (categories, when, slug, expected) => {
    const permalink = postPermalink('date', { categories, date: dateOf(when), slug, timeZone: SHANGHAI });
    expect(permalink.path).toBe(expected);
    // All ASCII and parentheses: nothing to encode.
    expect(permalink.url).toBe(expected);
  });
});

describe('permalinkPath text normalization', () => {
  const base = { date: new Date('2022-06-17T00:00:00+08:00'), timeZone: 'Asia/Shanghai' };

  it('normalizes to NFC, as Astro does for route parameters', () => {
    const decomposed = 'cafe\u0301';
    expect(permalinkPath('/:categories/:title:output_ext', { ...base, categories: [decomposed], slug: 'x' })).toBe('/caf\u00e9/x.html');
  });

  it('replaces a lone surrogate instead of failing to encode it', () => {
    const { url } = postPermalink('none', { ...base, categories: ['a\uD800b'], slug: 'x' });
    expect(url).toBe('/a%EF%BF%BDb/x.html');
  });
});

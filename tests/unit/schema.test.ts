/**
 * The front-matter schema on its own, fed the values a YAML reader hands it: text (what the
 * post loader's failsafe reading gives), and numbers, booleans, nulls and Date objects (what a
 * core-schema reader or a hand-written object gives). JEKYLL-COMPAT.md "Dates" and
 * "Categories and tags" rows, seen from the schema.
 */
import { describe, expect, it } from 'vitest';
import { toIsoInZone } from '../../src/lib/dates';
import { createFrontMatterSchema } from '../../src/schemas/post';

const ZONE = 'Asia/Shanghai';
const schema = createFrontMatterSchema({ timeZone: ZONE });

function parse(input: Record<string, unknown>) {
  const result = schema.safeParse(input);
  if (!result.success) throw new Error(`expected valid front matter, got ${JSON.stringify(result.error.issues)}`);
  return result.data;
}

/** Issues as `field: message`, the field being the top-level key. */
function issues(input: Record<string, unknown>): { field: string; message: string }[] {
  const result = schema.safeParse(input);
  if (result.success) throw new Error(`expected invalid front matter, got ${JSON.stringify(result.data)}`);
  return result.error.issues.map((issue) => ({ field: String(issue.path[0]), message: issue.message }));
}

describe('date', () => {
  it.each([
    ['offset +0800 kept', '2022-06-17 02:18:57 +0800', '2022-06-17T02:18:57+08:00', true],
    ['offset -0500 converted to the site zone', '2021-12-07 23:30:00 -0500', '2021-12-08T12:30:00+08:00', true],
    ['offset with a colon', '2022-06-17T02:18:57+08:00', '2022-06-17T02:18:57+08:00', true],
    ['Z', '2022-06-16T18:18:57Z', '2022-06-17T02:18:57+08:00', true],
    ['no offset: site zone (whether YAML saw it quoted or not)', '2022-06-21 10:46:18', '2022-06-21T10:46:18+08:00', false],
    ['no offset, evening: still the same site-zone day', '2021-12-08 20:30:00', '2021-12-08T20:30:00+08:00', false],
    ['no offset, no seconds', '2021-12-08 20:30', '2021-12-08T20:30:00+08:00', false],
    ['date only: midnight in the site zone', '2022-06-18', '2022-06-18T00:00:00+08:00', false],
    ['one-digit month and day', '2022-6-8', '2022-06-08T00:00:00+08:00', false],
  ])('%s: %s', (_, text, iso, hasOffset) => {
    const { date } = parse({ date: text });
    expect(date).toBeDefined();
    expect(toIsoInZone(date!.date, ZONE)).toBe(iso);
    expect(date!.hasOffset).toBe(hasOffset);
  });

  it('keeps a Date object (a YAML timestamp from another reader) as the instant it is', () => {
    const instant = new Date('2022-06-16T18:18:57Z');
    expect(parse({ date: instant }).date).toEqual({ date: instant, hasOffset: true });
  });

  it('is absent when the front matter has no date, so the file name decides', () => {
    expect(parse({ title: 'x' }).date).toBeUndefined();
  });

  it('reads text without an offset in the zone it is given, not the machine zone', () => {
    const utc = createFrontMatterSchema({ timeZone: 'UTC' }).parse({ date: '2022-06-21 10:46:18' });
    expect(utc.date?.date.toISOString()).toBe('2022-06-21T10:46:18.000Z');
    expect(parse({ date: '2022-06-21 10:46:18' }).date?.date.toISOString()).toBe('2022-06-21T02:46:18.000Z');
  });

  it.each([
    ['only an offset', '+0800', /"\+0800" is not a date.*write it as YYYY-MM-DD/],
    ['empty (null from YAML)', null, /is empty; write a date such as .* or remove the line/],
    ['empty text', '', /is empty; write a date such as .* or remove the line/],
    ['blank text', '   ', /is empty; write a date such as .* or remove the line/],
    ['Chinese date', '2022年5月28日', /"2022年5月28日" is not a date.*write it as YYYY-MM-DD/],
    ['not a calendar day', '2022-02-30 10:00:00 +0800', /not a real calendar date.*; write it as YYYY-MM-DD/],
    ['an impossible offset', '2022-02-03 10:00:00 +2500', /impossible UTC offset; write it as YYYY-MM-DD/],
    ['a number', 20220528, /20220528 is not a date; write it as YYYY-MM-DD/],
    ['a list', ['2022-05-28'], /is not a date; write it as YYYY-MM-DD/],
  ])('rejects %s, naming the field and what to write', (_, value, message) => {
    const found = issues({ date: value });
    expect(found).toHaveLength(1);
    expect(found[0]!.field).toBe('date');
    expect(found[0]!.message).toMatch(message);
    expect(found[0]!.message).toMatch(/\bwrite\b/);
  });
});

describe('categories and tags', () => {
  it.each<[string, Record<string, unknown>, string[], string[]]>([
    [
      'string split on whitespace',
      { categories: '21shijijingjibaodao 21caijingAPP', tags: '东财 滚动' },
      ['21shijijingjibaodao', '21caijingAPP'],
      ['东财', '滚动'],
    ],
    ['runs of spaces and tabs', { categories: ' a \t b  ' }, ['a', 'b'], []],
    [
      'list kept as listed',
      { categories: ['CBOT', 'anxinguojizhengquan(xianggang)'], tags: ['期货', '农产品'] },
      ['CBOT', 'anxinguojizhengquan(xianggang)'],
      ['期货', '农产品'],
    ],
    ['list items with spaces are not split', { categories: ['财经 要闻'] }, ['财经 要闻'], []],
    ['singular category is one name, not split', { category: '财经 要闻' }, ['财经 要闻'], []],
    // Jekyll's populate_categories: Array(categories) + pluralized(category, categories), uniq.
    ['category is added after categories', { category: '财经 要闻', categories: 'a b' }, ['a', 'b', '财经 要闻'], []],
    ['category and a categories list', { category: 'Foo', categories: ['Bar'] }, ['Bar', 'Foo'], []],
    ['category repeating one of categories counts once', { category: 'a', categories: 'a b' }, ['a', 'b'], []],
    ['tabs and line breaks in a listed name become spaces', { categories: ['a\tb', 'c\r\nd'], tags: ['e\tf'] }, ['a b', 'c d'], ['e f']],
    ['singular tag is one name, not split', { tag: '东财 滚动' }, [], ['东财 滚动']],
    ['singular tag wins over tags', { tag: '东财', tags: 'x y' }, [], ['东财']],
    ['empty singular (null) leaves the plural key in charge', { category: null, categories: 'a b' }, ['a', 'b'], []],
    ['case kept for display', { categories: 'CBOT' }, ['CBOT'], []],
    [
      'names kept as written',
      { categories: ['anxinguojizhengquan(xianggang)', '21caijing', '财经新闻'] },
      ['anxinguojizhengquan(xianggang)', '21caijing', '财经新闻'],
      [],
    ],
    ['numbers and booleans in lists become strings', { categories: [2022, 7], tags: [1, 2.5, true] }, ['2022', '7'], ['1', '2.5', 'true']],
    ['a lone number becomes a string', { categories: 2022, tags: 7 }, ['2022'], ['7']],
    ['null items dropped', { categories: ['a', null, 'b'], tags: [null] }, ['a', 'b'], []],
    ['exact repeats dropped from categories (Jekyll uniq), case variants kept', { categories: 'a a A' }, ['a', 'A'], []],
    ['full-width space does not split (Ruby splits on ASCII whitespace)', { categories: '财经\u3000要闻' }, ['财经\u3000要闻'], []],
  ])('%s', (_, input, categories, tags) => {
    const data = parse(input);
    expect(data.categories).toEqual(categories);
    expect(data.tags).toEqual(tags);
  });

  it.each<[string, unknown]>([
    ['missing', undefined],
    ['null', null],
    ['empty text', ''],
    ['blank text', '  '],
    ['empty list', []],
    ['list of nulls and blanks', [null, '', ' ']],
  ])('empty value (%s) gives []', (_, value) => {
    const data = parse(value === undefined ? {} : { categories: value, tags: value });
    expect(data.categories).toEqual([]);
    expect(data.tags).toEqual([]);
  });

  it('rejects a map with a message that says what to write', () => {
    const found = issues({ categories: { a: 'b' } });
    expect(found).toEqual([{ field: 'categories', message: expect.stringMatching(/a list such as \[a, b\]/) }]);
  });
});

describe('title', () => {
  it.each<[string, unknown, string | undefined]>([
    ['text', '为新就业群体筑起温暖的“家”', '为新就业群体筑起温暖的“家”'],
    ['trimmed', '  标题  ', '标题'],
    ['empty → absent (the slug title stands in)', '', undefined],
    ['blank → absent', '   ', undefined],
    ['null → absent', null, undefined],
    ['a number is text', 2022, '2022'],
  ])('%s', (_, value, expected) => {
    expect(parse({ title: value }).title).toBe(expected);
  });

  it('rejects a list (`title: [快讯]`) and says to quote it', () => {
    expect(issues({ title: ['快讯'] })).toEqual([{ field: 'title', message: expect.stringMatching(/quotes/) }]);
  });
});

describe('published (YAML 1.1 booleans, as Psych reads them)', () => {
  it.each<[unknown, boolean]>([
    [undefined, true],
    [null, false],
    ['', true],
    [true, true],
    [false, false],
    ['true', true],
    ['false', false],
    ['False', false],
    ['FALSE', false],
    ['yes', true],
    ['Yes', true],
    ['on', true],
    ['ON', true],
    ['no', false],
    ['No', false],
    ['NO', false],
    ['off', false],
    ['Off', false],
  ])('%j → %s', (value, expected) => {
    expect(parse(value === undefined ? {} : { published: value }).published).toBe(expected);
  });

  it.each<[unknown]>([['maybe'], ['y'], ['n'], ['0'], [1], [['false']]])('rejects %j and suggests a fix', (value) => {
    const found = issues({ published: value });
    expect(found).toHaveLength(1);
    expect(found[0]!.field).toBe('published');
    expect(found[0]!.message).toMatch(/true or false/);
  });
});

describe('layout, slug and permalink', () => {
  it('reads them when present and leaves them absent otherwise', () => {
    expect(parse({ layout: 'page', slug: 'Custom-Slug', permalink: '/special/:title.html' })).toMatchObject({
      layout: 'page',
      slug: 'Custom-Slug',
      permalink: '/special/:title.html',
    });
    const empty = parse({ layout: null, slug: null, permalink: null });
    expect(empty.layout).toBeUndefined();
    expect(empty.slug).toBeUndefined();
    expect(empty.permalink).toBeUndefined();
  });

  it('puts a "/" before a relative permalink, as Jekyll does', () => {
    expect(parse({ permalink: 'news/:title.html' }).permalink).toBe('/news/:title.html');
    // A style name is no style in front matter, to Jekyll either.
    expect(parse({ permalink: 'pretty' }).permalink).toBe('/pretty');
  });

  it('reads redirect_from: as paths of the site, decoded, each once, a "/" before one without', () => {
    expect(parse({ redirect_from: ['old/x.html', '/old/x.html', null, '', '/%E6%97%A7/a%20b/'] }).redirect_from).toEqual([
      '/old/x.html',
      '/旧/a b/',
    ]);
    expect(parse({ redirect_from: '/a/../../etc/x.html' }).redirect_from).toEqual(['/a/etc/x.html']);
    expect(parse({ redirect_from: null }).redirect_from).toBeUndefined();
  });

  it('keeps a numeric slug as text', () => {
    // A scraper's id past 2^53, as a core-schema YAML reader hands it over: already rounded.
    const id = Number('202205262391921712');
    expect(parse({ slug: id }).slug).toBe(String(id));
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['slug with a slash', { slug: 'a/b' }, 'slug', /contain no "\/"/],
    ['empty slug', { slug: '' }, 'slug', /must be non-empty/],
    ['layout list', { layout: ['post'] }, 'layout', /layout name such as post/],
    [
      'redirect_from with an address',
      { redirect_from: ['/ok.html', 'https://old.example/a.html'] },
      'redirect_from',
      /is an address, not a path of this site/,
    ],
    ['redirect_from as a map', { redirect_from: { a: 1 } }, 'redirect_from', /must be a path such as \/old\/x\.html/],
    [
      'a placeholder Jekyll does not know',
      { permalink: '/x/:nonsense/:title' },
      'permalink',
      /^:nonsense is no placeholder Jekyll knows .*:title/,
    ],
  ])('rejects %s', (_, input, field, message) => {
    expect(issues(input)).toEqual([{ field, message: expect.stringMatching(message) }]);
  });
});

describe('the whole front matter', () => {
  it('reports every bad field at once', () => {
    const found = issues({ date: '+0800', published: 'maybe', slug: 'a/b' });
    expect(found.map((issue) => issue.field).sort()).toEqual(['date', 'published', 'slug']);
  });

  it('ignores keys it does not know (Jekyll front matter carries many)', () => {
    const data = parse({ author: '某记者', excerpt_separator: '<!--more-->', title: 'x' });
    expect(data.title).toBe('x');
    expect(data).not.toHaveProperty('author');
  });
});

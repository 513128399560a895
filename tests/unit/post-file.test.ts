/**
 * readPostFile against every JEKYLL-COMPAT.md row that concerns reading one file: URLs, dates,
 * categories and tags, titles/YAML/files, bodies. All fixture content is written here, in the
 * shapes a scraped Chinese news archive produces; the shared sample posts, when present, are
 * checked as well at the end.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toIsoInZone } from '../../src/lib/dates';
import { newPostFile } from '../../src/lib/new-post';
import { titleFromSlug } from '../../src/reader/file-name';
import type { Problem } from '../../src/lib/problem';
import { readPostFile, type ReadResult, renderedLinks } from '../../src/reader/read-post';
import type { ReaderSettings } from '../../src/reader/settings';
import { testReaderSettings } from '../support/reader-settings';
import { SAMPLES, SAMPLES_MISSING, SAMPLES_PRESENT, SAMPLES_REQUIRED } from '../support/shared-samples';

const ZONE = 'Asia/Shanghai';
const SETTINGS: ReaderSettings = testReaderSettings({ timeZone: ZONE, legacyHosts: ['finews.example.com'] });
const NOW = new Date('2026-11-28T00:00:00Z');

const encoder = new TextEncoder();

/** A post file: `---`, the front-matter lines, `---`, then the body. */
function postText(frontMatter: string[], body = '<p>正文一段。</p>\n'): string {
  return `---\n${frontMatter.join('\n')}\n---\n${body}`;
}

function read(name: string, content: string | Uint8Array, overrides: Partial<ReaderSettings> = {}): ReadResult {
  const bytes = typeof content === 'string' ? encoder.encode(content) : content;
  return readPostFile(`_posts/${name}`, bytes, { ...SETTINGS, ...overrides }, { now: NOW });
}

function asPost(result: ReadResult) {
  if (result.status !== 'post') throw new Error(`expected a post, got ${JSON.stringify(result)}`);
  return result;
}

function asInvalid(result: ReadResult) {
  if (result.status !== 'invalid') throw new Error(`expected an invalid file, got ${JSON.stringify(result)}`);
  return result;
}

/** The words a message uses to tell the author what to do. */
const SUGGESTS_FIX = /\b(write|put|rename|convert|remove|keep|escape|must)\b/;

describe('URLs (date permalink style)', () => {
  it.each<[string, string, string[], string, string]>([
    [
      'one category',
      '2022-06-17-NW202206170000000001.md',
      ['categories: guangmingribao', 'date: 2022-06-17 02:18:57 +0800'],
      '/guangmingribao/2022/06/17/NW202206170000000001.html',
      '/guangmingribao/2022/06/17/NW202206170000000001.html',
    ],
    [
      'categories lower-cased, in order',
      '2022-04-01-NW202204010000000002.md',
      ['categories: 21shijijingjibaodao 21caijingAPP'],
      '/21shijijingjibaodao/21caijingapp/2022/04/01/NW202204010000000002.html',
      '/21shijijingjibaodao/21caijingapp/2022/04/01/NW202204010000000002.html',
    ],
    [
      'categories de-duplicated after lower-casing',
      '2022-04-01-dup.md',
      ['categories: [Emnews, EMNEWS, emnews, kuaixun]'],
      '/emnews/kuaixun/2022/04/01/dup.html',
      '/emnews/kuaixun/2022/04/01/dup.html',
    ],
    [
      'capitals and parentheses in a list; file-name case kept',
      '2022-04-02-CBOT-corn-weekly.md',
      ['categories: [CBOT, anxinguojizhengquan(xianggang)]'],
      '/cbot/anxinguojizhengquan(xianggang)/2022/04/02/CBOT-corn-weekly.html',
      '/cbot/anxinguojizhengquan(xianggang)/2022/04/02/CBOT-corn-weekly.html',
    ],
    [
      'no categories: segment dropped',
      '2022-04-08-plain-post.md',
      ['title: 无分类'],
      '/2022/04/08/plain-post.html',
      '/2022/04/08/plain-post.html',
    ],
    [
      'slug: from front matter, case kept',
      '2022-01-05-NW202201050000000003.md',
      ['slug: Market-Weekly'],
      '/2022/01/05/Market-Weekly.html',
      '/2022/01/05/Market-Weekly.html',
    ],
    ['spaces in the file name become "-"', '2022-01-05-hello world.md', [], '/2022/01/05/hello-world.html', '/2022/01/05/hello-world.html'],
    [
      'CJK file name kept, percent-encoded in the URL',
      '2022-01-05-财经新闻.md',
      [],
      '/2022/01/05/财经新闻.html',
      '/2022/01/05/%E8%B4%A2%E7%BB%8F%E6%96%B0%E9%97%BB.html',
    ],
    [
      'CJK category with a space (singular key), percent-encoded',
      '2022-04-07-NW202204070000000004.md',
      ['category: 财经 要闻'],
      '/财经 要闻/2022/04/07/NW202204070000000004.html',
      '/%E8%B4%A2%E7%BB%8F%20%E8%A6%81%E9%97%BB/2022/04/07/NW202204070000000004.html',
    ],
    [
      '?, # and % in a category are encoded',
      '2022-04-07-marks.md',
      ['categories: [a?b, c#d, 50%]'],
      '/a?b/c#d/50%/2022/04/07/marks.html',
      '/a%3Fb/c%23d/50%25/2022/04/07/marks.html',
    ],
  ])('%s', (_, name, frontMatter, path, url) => {
    const { post } = asPost(read(name, postText(frontMatter)));
    expect(post.path).toBe(path);
    expect(post.url).toBe(url);
  });

  it.each<[string, Partial<ReaderSettings>, string[], string]>([
    ['pretty', { permalink: 'pretty' }, ['categories: emnews'], '/emnews/2022/04/01/style/'],
    ['none', { permalink: 'none' }, ['categories: emnews'], '/emnews/style.html'],
    ['custom pattern', { permalink: '/:year/:title:output_ext' }, ['categories: emnews'], '/2022/style.html'],
    ['per-post permalink wins', {}, ['categories: emnews', 'permalink: /special/:title.html'], '/special/style.html'],
  ])('other styles: %s', (_, overrides, frontMatter, path) => {
    expect(asPost(read('2022-04-01-style.md', postText(frontMatter), overrides)).post.path).toBe(path);
  });

  it('keeps the file path as the source', () => {
    expect(asPost(read('2022-04-01-source.md', postText([]))).post.sourceFile).toBe('_posts/2022-04-01-source.md');
  });
});

describe('Dates', () => {
  // Unquoted date-times without an offset are YAML timestamps, which Psych reads as UTC:
  // Jekyll's URL for them is kept as a legacy path (a redirect) when it names another day.
  it.each<[string, string[], string, string, string[]]>([
    ['offset kept', ['date: 2022-06-17 02:18:57 +0800'], '2022-06-17T02:18:57+08:00', '/emnews/2022/06/17/d.html', []],
    [
      'other offset converted to the site zone (URL day too)',
      ['date: 2021-12-07 23:30:00 -0500'],
      '2021-12-08T12:30:00+08:00',
      '/emnews/2021/12/08/d.html',
      [],
    ],
    ['Z converted', ['date: 2021-12-08T20:30:00Z'], '2021-12-09T04:30:00+08:00', '/emnews/2021/12/09/d.html', []],
    [
      'quoted, no offset: site zone, no legacy URL',
      ['date: "2022-06-21 10:46:18"'],
      '2022-06-21T10:46:18+08:00',
      '/emnews/2022/06/21/d.html',
      [],
    ],
    [
      'single-quoted, no offset: site zone, no legacy URL',
      ["date: '2021-12-08 20:30:00'"],
      '2021-12-08T20:30:00+08:00',
      '/emnews/2021/12/08/d.html',
      [],
    ],
    [
      "unquoted, no offset, evening: site zone, Jekyll's UTC day kept as legacy",
      ['date: 2021-12-08 20:30:00'],
      '2021-12-08T20:30:00+08:00',
      '/emnews/2021/12/08/d.html',
      ['/emnews/2021/12/09/d.html'],
    ],
    [
      'unquoted ISO form with T, no offset: legacy too',
      ['date: 2021-12-08T20:30:00'],
      '2021-12-08T20:30:00+08:00',
      '/emnews/2021/12/08/d.html',
      ['/emnews/2021/12/09/d.html'],
    ],
    [
      'unquoted with fractional seconds: legacy too',
      ['date: 2021-12-08 20:30:00.5'],
      '2021-12-08T20:30:00+08:00',
      '/emnews/2021/12/08/d.html',
      ['/emnews/2021/12/09/d.html'],
    ],
    [
      'unquoted, no offset, morning: same day either way, no legacy',
      ['date: 2021-12-08 05:30:00'],
      '2021-12-08T05:30:00+08:00',
      '/emnews/2021/12/08/d.html',
      [],
    ],
    [
      'unquoted without seconds is not a YAML timestamp (Jekyll read it in the site zone): no legacy',
      ['date: 2021-12-08 20:30'],
      '2021-12-08T20:30:00+08:00',
      '/emnews/2021/12/08/d.html',
      [],
    ],
    ['unquoted with offset: no legacy', ['date: 2021-12-08 20:30:00 +0800'], '2021-12-08T20:30:00+08:00', '/emnews/2021/12/08/d.html', []],
    ['date only: midnight in the site zone', ['date: 2022-06-18'], '2022-06-18T00:00:00+08:00', '/emnews/2022/06/18/d.html', []],
    ['no date: the file-name date at midnight in the site zone', [], '2022-01-01T00:00:00+08:00', '/emnews/2022/01/01/d.html', []],
    [
      'front matter date wins over the file name (date and URL)',
      ['date: 2022-06-17 09:00:00 +0800'],
      '2022-06-17T09:00:00+08:00',
      '/emnews/2022/06/17/d.html',
      [],
    ],
  ])('%s', (_, frontMatter, iso, path, legacyPaths) => {
    const { post } = asPost(read('2022-01-01-d.md', postText(['categories: emnews', ...frontMatter])));
    expect(toIsoInZone(post.date, ZONE)).toBe(iso);
    expect(post.path).toBe(path);
    expect(post.legacyPaths).toEqual(legacyPaths);
  });

  it("an evening news flash with an unquoted date: page on its own day, Jekyll's next-day URL as legacy", () => {
    const text = postText(
      ['layout: post', 'title: "夜盘人民币汇率小幅波动"', 'date: 2021-12-09 21:15:00', 'categories: emnews', 'tags: 东财滚动新闻'],
      '夜盘人民币汇率小幅波动。\n\n<http://finance.example.org/news/11060,202112090000000005.html>\n',
    );
    const { post } = asPost(read('2021-12-09-202112090000000005.md', text));
    expect(toIsoInZone(post.date, ZONE)).toBe('2021-12-09T21:15:00+08:00');
    expect(post.path).toBe('/emnews/2021/12/09/202112090000000005.html');
    expect(post.legacyPaths).toEqual(['/emnews/2021/12/10/202112090000000005.html']);
  });

  it('reads no-offset dates in the configured zone, not the machine zone', () => {
    const { post } = asPost(read('2022-01-01-d.md', postText(['date: 2021-12-08 20:30:00']), { timeZone: 'UTC' }));
    expect(post.date.toISOString()).toBe('2021-12-08T20:30:00.000Z');
    expect(post.legacyPaths).toEqual([]);
  });

  it.each<[string, string, RegExp]>([
    ['only an offset (two spaces)', 'date:  +0800', /"\+0800" is not a date; write it as YYYY-MM-DD/],
    ['empty', 'date:', /is empty; write a date such as .* or remove the line/],
    ['empty quotes', 'date: ""', /is empty; write a date such as .* or remove the line/],
    ['null', 'date: ~', /is empty; write a date such as .* or remove the line/],
    ['Chinese date', 'date: 2022年5月28日', /"2022年5月28日" is not a date; write it as YYYY-MM-DD/],
    [
      'not a calendar day',
      'date: 2022-02-30 10:00:00 +0800',
      /"2022-02-30 10:00:00 \+0800" is not a real calendar date.*; write it as YYYY-MM-DD/,
    ],
  ])('invalid date: %s → reported with field date and its line', (_, dateLine, message) => {
    const { problems } = asInvalid(
      read('2022-05-28-bad-date.md', postText(['layout: post', 'title: "某公司发布公告"', dateLine, 'categories: emnews'])),
    );
    expect(problems).toEqual([{ file: '_posts/2022-05-28-bad-date.md', line: 4, field: 'date', message: expect.stringMatching(message) }]);
  });

  it.each<[string, string, string[], Partial<ReaderSettings>, ReadResult['status']]>([
    ['front matter date after the clock', '2099-01-01-NW209901010000000006.md', ['date: 2099-01-01 08:00:00 +0800'], {}, 'future'],
    ['file-name date after the clock, no date in front matter', '2099-01-01-later.md', [], {}, 'future'],
    ['one second after the clock', '2026-11-28-soon.md', ['date: 2026-11-28 08:00:01 +0800'], {}, 'future'],
    ['exactly the clock', '2026-11-28-now.md', ['date: 2026-11-28 08:00:00 +0800'], {}, 'post'],
    [
      'future, built with includeFuture',
      '2099-01-01-NW209901010000000006.md',
      ['date: 2099-01-01 08:00:00 +0800'],
      { includeFuture: true },
      'post',
    ],
  ])('%s → %s', (_, name, frontMatter, overrides, status) => {
    const result = read(name, postText(['title: "预定明年发布的公告"', ...frontMatter]), overrides);
    expect(result.status).toBe(status);
    expect(result.warnings).toEqual([]);
  });
});

describe('Categories and tags', () => {
  it.each<[string, string[], string[], string[]]>([
    [
      'string split on whitespace',
      ['categories: 21shijijingjibaodao 21caijingAPP', 'tags: 21世纪经济报道 财经APP'],
      ['21shijijingjibaodao', '21caijingAPP'],
      ['21世纪经济报道', '财经APP'],
    ],
    [
      'flow list kept',
      ['categories: [CBOT, anxinguojizhengquan(xianggang)]', 'tags: [期货, 农产品]'],
      ['CBOT', 'anxinguojizhengquan(xianggang)'],
      ['期货', '农产品'],
    ],
    [
      'block list kept',
      ['categories:', '  - guangmingribao', '  - 财经新闻', 'tags:', '  - 光明日报新闻'],
      ['guangmingribao', '财经新闻'],
      ['光明日报新闻'],
    ],
    ['singular category not split', ['category: 财经 要闻', 'tags: 东财 滚动'], ['财经 要闻'], ['东财', '滚动']],
    [
      'category is added after categories, as in Jekyll',
      ['category: 财经 要闻', 'categories: emnews kuaixun'],
      ['emnews', 'kuaixun', '财经 要闻'],
      [],
    ],
    ['singular tag not split', ['tag: 东财 滚动'], [], ['东财 滚动']],
    ['CBOT kept for display', ['categories: CBOT'], ['CBOT'], []],
    [
      'names with parentheses, digits and CJK kept',
      ['categories: [anxinguojizhengquan(xianggang), 21caijing, 财经新闻]'],
      ['anxinguojizhengquan(xianggang)', '21caijing', '财经新闻'],
      [],
    ],
    ['numbers in lists become strings', ['categories: [2022, 7]', 'tags: [1, 2.5]'], ['2022', '7'], ['1', '2.5']],
    // Jekyll reads categories: and tags: only as text or a list; a number alone is none there.
    ['a number alone is none, as in Jekyll', ['categories: 2022', 'tags: 404'], [], []],
    ['a number alone in quotes is a name', ['categories: "2022"', "tags: '404'"], ['2022'], ['404']],
    ['a number alone under the singular key is a name', ['category: 2022', 'tag: 404'], ['2022'], ['404']],
    ['a number alone under categories is none beside a category either', ['categories: 2022', 'category: news'], ['news'], []],
    ['empty values', ['categories:', 'tags:'], [], []],
    ['empty lists', ['categories: []', 'tags: []'], [], []],
    ['empty quotes', ['categories: ""', "tags: ''"], [], []],
    ['null', ['categories: ~', 'tags: null'], [], []],
    ['null items in a list dropped', ['categories: [emnews, ~, null]'], ['emnews'], []],
    ['a quoted "null" is a name', ['categories: ["null"]'], ['null'], []],
    ['empty singular key leaves categories in charge', ['category:', 'categories: emnews kuaixun'], ['emnews', 'kuaixun'], []],
    ['full-width space is part of a name, as in Jekyll', ['categories: 财经\u3000要闻'], ['财经\u3000要闻'], []],
  ])('%s', (_, frontMatter, categories, tags) => {
    const { post } = asPost(read('2022-04-01-cats.md', postText(frontMatter)));
    expect(post.categories).toEqual(categories);
    expect(post.tags).toEqual(tags);
  });

  // What a Jekyll 4.3.1 build named these (its URLs: /true/10/2.5/2022/04/01/…).
  it('names unquoted list items Psych reads as booleans or numbers as Jekyll did, in the URL too, with a warning', () => {
    const result = asPost(read('2022-04-01-psych.md', postText(['title: t', 'categories: [yes, 012, 2.50]', 'tags: [On, "on"]'])));
    expect(result.post.categories).toEqual(['true', '10', '2.5']);
    expect(result.post.tags).toEqual(['true', 'on']);
    expect(result.post.path).toBe('/true/10/2.5/2022/04/01/psych.html');
    expect(result.warnings.map(({ line, field, message }) => `${line} ${field}: ${message}`)).toEqual([
      expect.stringMatching(/^3 categories: Jekyll's YAML reads yes as true, 012 as 10, 2\.50 as 2\.5, .*put a name in quotes/),
      expect.stringMatching(/^4 tags: Jekyll's YAML reads On as true, /),
    ]);
  });

  it('uses lower-cased categories in the URL but keeps their case for display', () => {
    const { post } = asPost(read('2022-04-02-cbot.md', postText(['categories: CBOT'])));
    expect(post.categories).toEqual(['CBOT']);
    expect(post.path).toBe('/cbot/2022/04/02/cbot.html');
  });
});

describe("Jekyll's output extension", () => {
  it("is an HTML file's own extension as written, which its URL and file keep", () => {
    const post = asPost(read('2023-01-25-y.HTML', postText(['title: t', 'categories: news']))).post;
    expect(post.path).toBe('/news/2023/01/25/y.HTML');
    expect(post.keptExtension).toBe('.HTML');
    expect(asPost(read('2023-01-25-z.MD', postText(['title: t', 'categories: news']))).post.path).toBe('/news/2023/01/25/z.html');
    expect(asPost(read('2023-01-25-w.html', postText(['title: t', 'categories: news']))).post.keptExtension).toBeUndefined();
  });

  // Jekyll 4.3.1 published `_posts/2024-03-05-h2.htm` at /2024/03/05/h2.htm, its body unconverted.
  it('reads an .htm file as HTML, not Markdown, and keeps its extension', () => {
    const result = asPost(read('2024-03-05-h2.htm', postText(['title: t'], '<p>*不是强调*</p>\n\n# 不是标题\n')));
    expect(result.post.path).toBe('/2024/03/05/h2.htm');
    expect(result.post.keptExtension).toBe('.htm');
    expect(result.html).toContain('<p>*不是强调*</p>');
    expect(result.html).not.toContain('<h1');
  });
});

describe("Jekyll's :name", () => {
  it("is the file name, date included, slugified, in a post's own permalink and the site's", () => {
    expect(asPost(read('2023-09-18-Some_Name.md', postText(['title: t', 'permalink: /old/:name/']))).post.path).toBe(
      '/old/2023-09-18-some-name/',
    );
    expect(asPost(read('2023-09-18-x.md', postText(['title: t']), { permalink: '/:year/:name.html' })).post.path).toBe(
      '/2023/2023-09-18-x.html',
    );
  });
});

describe('a summary of the author’s: description and excerpt', () => {
  const body = '<p>正文第一句。正文第二句。</p>\n';
  it.each<[string, string[], string]>([
    ['description, as text, Markdown read and markup dropped', ['description: "关于 **债市** 的 <b>摘要</b>"'], '关于 债市 的 摘要'],
    ['a script in it, with its text', ['description: "摘要<script>alert(1)</script>"'], '摘要'],
    ['excerpt, in place of the excerpt', ['excerpt: 手写的摘要'], '手写的摘要'],
    ['description over excerpt, as Jekyll’s SEO tag and feed take them', ['excerpt: 手写', 'description: 描述'], '描述'],
    ['a number', ['description: 2024'], '2024'],
    ['none: the body’s excerpt', [], '正文第一句。正文第二句。'],
    ['an empty one: the body’s excerpt', ['description: ""'], '正文第一句。正文第二句。'],
  ])('%s', (_name, lines, expected) => {
    expect(asPost(read('2024-03-05-x.md', postText(['title: t', ...lines], body))).post.excerpt).toBe(expected);
  });

  it('warns of a list or map, and takes the body’s excerpt', () => {
    const result = asPost(read('2024-03-05-x.md', postText(['title: t', 'description: [a, b]'], body)));
    expect(result.post.excerpt).toBe('正文第一句。正文第二句。');
    expect(result.warnings).toEqual([
      expect.objectContaining({ line: 3, field: 'description', message: expect.stringMatching(/^is a list or map, not text/) }),
    ]);
  });
});

describe("Jekyll's :path", () => {
  it('is the path below the posts folder, not slugified, as Jekyll 4.3.1 wrote it', () => {
    const bytes = encoder.encode(postText(['title: t', 'permalink: /:name/:path/']));
    const nested = readPostFile('_posts/sub/2024-06-01-Pl_Name.md', bytes, SETTINGS, { now: NOW });
    expect(asPost(nested).post.path).toBe('/2024-06-01-pl-name/sub/2024-06-01-Pl_Name/');
  });

  it('makes a post whose permalink names a placeholder Jekyll does not know invalid, naming it', () => {
    const { problems } = asInvalid(read('2024-06-01-x.md', postText(['title: t', 'permalink: /x/:titles/'])));
    expect(problems).toEqual([
      expect.objectContaining({ line: 3, field: 'permalink', message: expect.stringMatching(/^:titles is no placeholder Jekyll knows/) }),
    ]);
  });
});

describe('names longer than a file system holds', () => {
  const long = '类'.repeat(90);
  it.each<[string, string[], string]>([
    ['a category', ['title: t', `categories: [${long}]`], 'categories'],
    ['a tag', ['title: t', `tags: [${long}]`], 'tags'],
    ['a slug', ['title: t', `slug: ${long}`], 'slug'],
    ['a permalink segment', ['title: t', `permalink: /a/${long}.html`], 'permalink'],
  ])('make %s an invalid post, named with its field and line, not a failed build', (_case, front, field) => {
    const [problem] = asInvalid(read('2023-01-01-x.md', postText(front))).problems;
    expect(problem).toMatchObject({ field, line: 3 });
    expect(problem!.message).toMatch(/is 27\d bytes as a file name, and a file or folder name holds at most 245 bytes here/);
  });

  it('leave names of 80 Chinese characters alone', () => {
    const name = '类'.repeat(80);
    expect(
      asPost(read('2023-01-01-x.md', postText(['title: t', `categories: [${name}]`, `tags: [${name}]`, `slug: ${name}`]))).post.path,
    ).toBe(`/${name}/2023/01/01/${name}.html`);
  });
});

describe('Titles', () => {
  it.each<[string, string]>([
    ['no-front-matter', 'No Front Matter'],
    ['CBOT-soybean-weekly', 'Cbot Soybean Weekly'],
    ['NW202206172415666670', 'Nw202206172415666670'],
    ['财经新闻', '财经新闻'],
  ])('titleFromSlug(%s) = %s (Jekyll titleize_slug)', (slug, title) => {
    expect(titleFromSlug(slug)).toBe(title);
  });

  it('no title: the slug, words capitalised, as in Jekyll, with a warning naming that title on the front matter’s first line', () => {
    const result = asPost(read('2022-04-08-no-title.md', postText(['date: 2022-04-08 10:00:00 +0800'])));
    expect(result.post.title).toBe('No Title');
    expect(result.warnings).toEqual([
      {
        file: '_posts/2022-04-08-no-title.md',
        line: 1,
        field: 'title',
        message:
          'is missing, so the post is titled "No Title" from its file name (as in Jekyll); write the article\'s title in a title: line',
      },
    ]);
    expect(result.warnings[0]!.message).toMatch(SUGGESTS_FIX);
  });

  it.each<[string, string]>([
    ['no front matter at all', '<p>正文。</p>\n'],
    ['front matter after a blank line', '\n---\ndate: 2022-04-08\n---\n<p>正文。</p>\n'],
  ])('%s: only the front-matter warning, not a second one about the title', (_, text) => {
    const { post, warnings } = asPost(read('2022-04-08-no-title.md', text));
    expect(post.title).toBe('No Title');
    expect(warnings.map((warning) => warning.field)).toEqual(['front matter']);
  });

  it('a missing title is warned about on an invalid post too, with its problems', () => {
    const result = asInvalid(read('2022-04-08-no-title.md', postText(['date: 2022年4月8日'])));
    expect(result.problems.map((problem) => problem.field)).toEqual(['date']);
    expect(result.warnings.map((warning) => [warning.field, warning.line])).toEqual([['title', 1]]);
  });

  it('unreadable YAML says nothing about a title it could not read', () => {
    const result = asInvalid(read('2022-04-08-no-title.md', postText(['date: 2022-04-08', 'tags: [a, b'])));
    expect(result.warnings).toEqual([]);
  });

  it('a file name without a date lists a missing title with what else is wrong', () => {
    const result = read('-202204089999.md', postText(['date:  +0800']));
    expect(result.status).toBe('not-a-post');
    expect(result.warnings[0]!.message).toMatch(/title: is missing, so the title is taken from the file name/);
  });

  it.each<[string, string]>([
    ['title: ""', 'quoted empty'],
    ["title: ''", 'single-quoted empty'],
    ['title:', 'empty'],
    ['title: "   "', 'blank'],
  ])('%s (%s): built with the slug title, and a warning on field title with its line', (titleLine) => {
    const result = asPost(read('2022-05-26-empty-title.md', postText(['layout: post', titleLine, 'date: 2022-05-26 09:41:07 +0800'])));
    expect(result.post.title).toBe('Empty Title');
    expect(result.warnings).toEqual([
      { file: '_posts/2022-05-26-empty-title.md', line: 3, field: 'title', message: expect.stringMatching(/empty.*file name/) },
    ]);
  });

  it('a quoted "null" title is the text null, as in Jekyll', () => {
    expect(asPost(read('2022-05-26-t.md', postText(['title: "null"']))).post.title).toBe('null');
  });
});

describe('YAML errors', () => {
  it.each<[string, string[], number, RegExp]>([
    [
      'unescaped double quotes inside a double-quoted title',
      ['layout: post', 'title: "分析师称"降准"窗口已开"', 'date: 2022-03-01 08:00:00 +0800'],
      3,
      /unescaped " inside double quotes; write it in single quotes .* or escape each inner " as \\"/,
    ],
    [
      'unquoted ": " in the title',
      ['layout: post', 'date: 2022-03-02 08:00:00 +0800', 'title: 通知: 停牌安排'],
      4,
      /contains ": "; put the whole value in quotes/,
    ],
    ['title starting with [', ['title: [快讯] 多地出台楼市新政'], 2, /starting with \[ .* put the whole value in quotes/],
    ['title that is only a list', ['title: [快讯]'], 2, /put the whole value in quotes/],
  ])('%s → invalid, field title, with its line and a fix', (_, frontMatter, line, message) => {
    const { problems } = asInvalid(read('2022-03-01-yaml.md', postText(frontMatter)));
    expect(problems).toEqual([{ file: '_posts/2022-03-01-yaml.md', line, field: 'title', message: expect.stringMatching(message) }]);
  });

  it('a repeated key → the last one, as Psych reads it, with a warning at the repeat saying to keep one', () => {
    const result = read('2022-03-03-dup.md', postText(['title: "第一版标题"', 'date: 2022-03-03 08:00:00 +0800', 'title: "第二版标题"']));
    expect(result.status).toBe('post');
    expect(result.status === 'post' && result.post.title).toBe('第二版标题');
    expect(result.warnings).toEqual([
      {
        file: '_posts/2022-03-03-dup.md',
        line: 4,
        field: 'title',
        message: 'is written 2 times (lines 2, 4); the last one is used, as in Jekyll; keep only one of them',
      },
    ]);
  });

  it('never publishes a post whose front matter was lost', () => {
    const result = read(
      '2022-03-01-lost.md',
      postText(['title: "他说"好"的"', 'date: 2022-03-01 08:00:00 +0800', 'categories: guangmingribao']),
    );
    expect(result.status).toBe('invalid');
  });
});

describe('Files', () => {
  it.each<[string]>([['-202205262391921712.md'], ['notes.md'], ['2022-01-01.md'], ['20220101-flash.md']])(
    '%s (no YYYY-MM-DD- prefix) → not-a-post, with a warning naming the file',
    (name) => {
      const result = read(name, postText(['title: "某条快讯"', 'date: 2022-05-26 10:00:00 +0800']));
      expect(result).toEqual({
        status: 'not-a-post',
        warnings: [{ file: `_posts/${name}`, field: 'file name', message: expect.stringMatching(/YYYY-MM-DD.*rename it/) }],
        repairs: [],
      });
    },
  );

  it('a dateless file name also lists what else is wrong with the file', () => {
    const result = read('-202205262391921712.md', postText(['layout: post', 'title: ""', 'date:  +0800', 'categories: emnews']));
    expect(result.status).toBe('not-a-post');
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]!.message).toMatch(/date: "\+0800" is not a date/);
    expect(result.warnings[0]!.message).toMatch(/title: is empty/);
  });

  it('an impossible file-name date is reported with the front matter problems', () => {
    const { problems } = asInvalid(read('2022-02-30-x.md', postText(['published: maybe'])));
    expect(problems.map((p) => p.field)).toEqual(['published', 'file name']);
    expect(problems[1]!.message).toMatch(/not a real calendar date.*rename/);
  });

  it.each<[string]>([['2022-04-09-upper.MD'], ['2022-04-09-upper.Markdown'], ['2022-04-09-upper.markdown']])(
    '%s is a Markdown post (Jekyll matches extensions in any case)',
    (name) => {
      const { post, html } = asPost(read(name, postText([], '*强调*\n')));
      expect(post.path).toBe('/2022/04/09/upper.html');
      expect(html).toContain('<em>强调</em>');
    },
  );

  const lf = postText(
    ['layout: post', 'title: "回车换行格式的稿件"', 'date: 2022-04-03 12:00:00 +0800', 'categories: sitenews', 'tags: 站长消息'],
    '<p>第一段。</p>\n\n第二段，*强调*。\n',
  );
  it.each<[string, string]>([
    ['CRLF', lf.replace(/\n/g, '\r\n')],
    ['UTF-8 BOM', `\uFEFF${lf}`],
    ['BOM and CRLF', `\uFEFF${lf.replace(/\n/g, '\r\n')}`],
    ['CR only (old Mac)', lf.replace(/\n/g, '\r')],
  ])('%s parses like the LF file', (_, text) => {
    const expected = asPost(read('2022-04-03-crlf.md', lf));
    const actual = asPost(read('2022-04-03-crlf.md', text));
    expect(actual.post).toEqual(expected.post);
    expect(actual.html).toBe(expected.html);
    expect(actual.post.title).toBe('回车换行格式的稿件');
    expect(actual.post.categories).toEqual(['sitenews']);
  });

  it.each<[string, (text: string) => string]>([
    ['CRLF', (text) => text.replace(/\n/g, '\r\n')],
    ['BOM and CRLF', (text) => `\uFEFF${text.replace(/\n/g, '\r\n')}`],
  ])('%s: problem lines are still file lines', (_, transform) => {
    const text = transform(postText(['layout: post', 'title: "带 BOM 的稿件"', 'date: 2022年4月3日', 'published: maybe']));
    const { problems } = asInvalid(read('2022-04-03-crlf.md', text));
    expect(problems.map((p) => [p.field, p.line])).toEqual([
      ['date', 4],
      ['published', 5],
    ]);
    const yamlError = asInvalid(read('2022-04-03-crlf.md', transform(postText(['layout: post', 'title: "他说"好"的"']))));
    expect(yamlError.problems.map((p) => [p.field, p.line])).toEqual([['title', 3]]);
  });

  it('no front matter → a post: title from the slug, date from the file name', () => {
    const { post, html } = asPost(read('2022-04-08-no-front-matter.md', '<p>只有正文，没有元数据。</p>\n'));
    expect(post).toMatchObject({
      title: 'No Front Matter',
      path: '/2022/04/08/no-front-matter.html',
      categories: [],
      tags: [],
      legacyPaths: [],
    });
    expect(toIsoInZone(post.date, ZONE)).toBe('2022-04-08T00:00:00+08:00');
    expect(html).toContain('只有正文，没有元数据。');
  });

  it('no front matter → a warning on line 1 that names what the post lacks and the fix', () => {
    const { warnings } = asPost(read('2022-04-08-no-front-matter.md', '<p>只有正文。</p>\n'));
    expect(warnings).toEqual([
      {
        file: '_posts/2022-04-08-no-front-matter.md',
        line: 1,
        field: 'front matter',
        message:
          'is missing (the file does not start with ---), so the post has the title and date of its file name and no categories or tags, as in Jekyll; start the file with --- and the fields, then ---',
      },
    ]);
  });

  it.each<[string, string, number, RegExp]>([
    ['a script', '<p>正文。</p>\n<script>track()</script>\n', 6, /^<script> is removed with its content/],
    [
      'a frame and a player on later lines',
      '<p>正文。</p>\n<IFRAME src="https://v.example.com/1"></IFRAME>\n<video src="a.mp4"></video>\n',
      6,
      /^<iframe> is removed.*\(and 1 more line with such elements\)/,
    ],
    ['an embed', '<p>正文。</p>\n\n<embed src="a.swf">\n', 7, /^<embed> is removed/],
    [
      'a script after a backtick run that opens no fence (a backtick in its info string)',
      '```a`b\n<script>x()</script>\n',
      6,
      /^<script> is removed/,
    ],
  ])('%s → a warning naming the line of the first element the policy removes whole', (_name, body, line, message) => {
    const { warnings } = asPost(read('2022-04-09-qianru.md', postText(['title: 嵌入', 'date: 2022-04-09 10:00:00 +0800'], body)));
    expect(warnings).toEqual([expect.objectContaining({ field: 'body', line, message: expect.stringMatching(message) })]);
  });

  it.each([
    ['an element in a code fence', '```html\n<script>x()</script>\n```\n'],
    ['an element after a line that only looks like a closing fence (CommonMark)', '```\n```html\n<script>x()</script>\n```\n'],
    ['text that only names one', '<p>用 &lt;script&gt; 标签，或 <code>&lt;iframe&gt;</code>。</p>\n'],
    ['a longer name', '<p><scripts>x</scripts><formula>y</formula></p>\n'],
  ])('%s → no warning', (_name, body) => {
    expect(asPost(read('2022-04-09-qianru.md', postText(['title: 嵌入'], body))).warnings).toEqual([]);
  });

  it('empty front matter → a post', () => {
    expect(asPost(read('2022-04-08-empty.md', '---\n---\n正文\n')).post.title).toBe('Empty');
  });

  // "中文" in GBK.
  const GBK = [0xd6, 0xd0, 0xce, 0xc4];
  const gbkFile = (bodyBytes: number[]) =>
    new Uint8Array([
      ...encoder.encode(postText(['title: "编码错误的稿件"', 'date: 2022-04-10 10:00:00 +0800'], '正文第一行。\n')),
      ...bodyBytes,
      0x0a,
    ]);

  it('invalid UTF-8 (GBK) → invalid, naming the encoding, the line and the fix', () => {
    const { problems } = asInvalid(read('2022-04-10-gbk.md', gbkFile(GBK)));
    expect(problems).toEqual([
      {
        file: '_posts/2022-04-10-gbk.md',
        line: 6,
        field: 'file',
        message: expect.stringMatching(/not valid UTF-8.*GBK.*convert it to UTF-8/),
      },
    ]);
  });

  it('invalid UTF-8 in the front matter → invalid at that line', () => {
    const bytes = new Uint8Array([...encoder.encode('---\ntitle: "'), ...GBK, ...encoder.encode('"\n---\n正文\n')]);
    expect(asInvalid(read('2022-04-10-gbk.md', bytes)).problems.map((p) => [p.field, p.line])).toEqual([['file', 2]]);
  });

  it('invalid UTF-8 without a dated name → not-a-post, still reported', () => {
    const result = read('gbk.md', gbkFile(GBK));
    expect(result.status).toBe('not-a-post');
    expect(result.warnings).toEqual([expect.objectContaining({ file: '_posts/gbk.md', message: expect.stringMatching(/UTF-8/) })]);
  });

  it.each<[string, ReadResult['status']]>([
    ['published: false', 'unpublished'],
    ['published: False', 'unpublished'],
    ['published: no', 'unpublished'],
    ['published: NO', 'unpublished'],
    ['published: off', 'unpublished'],
    ['published: true', 'post'],
    ['published: yes', 'post'],
    ['published: on', 'post'],
  ])('%s → %s', (line, status) => {
    const result = read('2022-04-05-pub.md', postText(['title: "草稿状态的通知"', 'date: 2022-04-05 12:00:00 +0800', line]));
    expect(result.status).toBe(status);
    expect(result.warnings).toEqual([]);
  });

  it.each([
    ['published: "false"', 'unpublished'],
    ["published: 'no'", 'unpublished'],
    ['published: "true"', 'post'],
  ] as const)('%s → %s, with a warning that Jekyll read the quoted word as text', (line, status) => {
    const result = read('2022-04-05-pub.md', postText(['title: "草稿状态的通知"', 'date: 2022-04-05 12:00:00 +0800', line]));
    expect(result.status).toBe(status);
    expect(result.warnings).toEqual([
      {
        file: '_posts/2022-04-05-pub.md',
        line: 4,
        field: 'published',
        message: expect.stringMatching(/is in quotes, which makes it text to Jekyll/),
      },
    ]);
  });

  // Psych reads an empty value as nil, and Jekyll's `data.fetch("published", true)` gives that nil.
  it.each([['published:'], ['published: ~'], ['published: null']])('%s → unpublished, as in Jekyll, with a warning', (line) => {
    const result = read('2022-04-05-pub.md', postText(['title: "草稿状态的通知"', 'date: 2022-04-05 12:00:00 +0800', line]));
    expect(result.status).toBe('unpublished');
    expect(result.warnings).toEqual([
      {
        file: '_posts/2022-04-05-pub.md',
        line: 4,
        field: 'published',
        message: expect.stringMatching(/empty, which Jekyll reads as false/),
      },
    ]);
  });

  it.each<[string]>([['published: maybe'], ['published: y'], ['published: n'], ['published: 0'], ['published: [false]']])(
    '%s → invalid, field published, with its line and a fix',
    (line) => {
      const { problems } = asInvalid(read('2022-04-05-pub.md', postText(['title: "草稿状态的通知"', line])));
      expect(problems).toEqual([
        { file: '_posts/2022-04-05-pub.md', line: 3, field: 'published', message: expect.stringMatching(/true or false/) },
      ]);
    },
  );

  it.each<[string, boolean]>([
    ['layout: page', true],
    ['layout: article', true],
    ['layout: post', false],
    ['layout: default', false],
    ['layout:', false],
  ])('%s → a post (post layout), warning: %s', (line, warns) => {
    const result = asPost(read('2022-04-07-layout.md', postText(['title: "布局测试"', line])));
    expect(result.post.title).toBe('布局测试');
    expect(result.warnings).toEqual(
      warns
        ? [
            {
              file: '_posts/2022-04-07-layout.md',
              line: 3,
              field: 'layout',
              message: expect.stringMatching(/not a layout here.*post layout/),
            },
          ]
        : [],
    );
  });

  it('an unknown layout is also warned about on an unpublished post', () => {
    const result = read('2022-04-07-layout.md', postText(['layout: page', 'title: 草稿', 'published: false']));
    expect(result.status).toBe('unpublished');
    expect(result.warnings.map((w) => w.field)).toEqual(['layout']);
  });
});

describe('every problem of a file, each with its field, line and a fix', () => {
  it('a bad date and a bad published are both listed', () => {
    const { problems } = asInvalid(
      read('2022-05-28-two.md', postText(['title: "两个错误"', 'date: 2022年5月28日', 'categories: emnews', 'published: maybe'])),
    );
    expect(problems).toEqual([
      { file: '_posts/2022-05-28-two.md', line: 3, field: 'date', message: expect.any(String) },
      { file: '_posts/2022-05-28-two.md', line: 5, field: 'published', message: expect.any(String) },
    ]);
  });

  const invalidFiles: [string, string | Uint8Array][] = [
    ['offset-only date', postText(['date:  +0800'])],
    ['empty date', postText(['date:'])],
    ['Chinese date', postText(['date: 2022年5月28日'])],
    ['not a calendar day', postText(['date: 2022-02-30'])],
    ['impossible offset', postText(['date: 2022-02-03 10:00:00 +2500'])],
    ['unescaped quotes', postText(['title: "他说"好"的"'])],
    ['unquoted colon', postText(['title: 通报: 停牌事项'])],
    ['bracket title', postText(['title: [快讯] 某地新政'])],
    ['published: maybe', postText(['published: maybe'])],
    ['slug with a slash', postText(['slug: a/b'])],
    ['categories map', postText(['categories: {a: b}'])],
    ['GBK body', new Uint8Array([...encoder.encode('---\ntitle: x\n---\n'), 0xd6, 0xd0, 0xce, 0xc4])],
  ];
  it.each(invalidFiles)('%s: message suggests a fix', (_, content) => {
    const { problems } = asInvalid(read('2022-05-28-fix.md', content));
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) {
      expect(problem.field).not.toBe('');
      expect(problem.line).toBeGreaterThan(0);
      expect(problem.message).toMatch(SUGGESTS_FIX);
    }
  });
});

describe('Bodies', () => {
  it('one long line of HTML, then an autolink and Markdown links: all rendered', () => {
    const html = asPost(
      read(
        '2022-06-17-long.md',
        postText(
          ['categories: guangmingribao'],
          [
            '<p><strong>【市场观察】</strong></p><p>第一段，很长的一行，' +
              '内容'.repeat(200) +
              '。</p><p style="text-align:center;"><strong>小标题</strong></p><p class="em_media">（文章来源：某日报）</p>',
            '',
            '<http://news.example.org/html_News/NewsShare.html?infoCode=NW202206170000000001>',
            '',
            '[返回栏目](//finews.example.com/category/guangmingribao.html)｜[返回首页](//finews.example.com/)｜[外部](https://other.example.org/a)',
            '',
          ].join('\n'),
        ),
      ),
    ).html;
    expect(html).toContain('<p><strong>【市场观察】</strong></p><p>第一段，很长的一行，');
    expect(html).toContain('<p style="text-align:center"><strong>小标题</strong></p>');
    expect(html).toContain(
      '<a href="http://news.example.org/html_News/NewsShare.html?infoCode=NW202206170000000001">http://news.example.org/html_News/NewsShare.html?infoCode=NW202206170000000001</a>',
    );
    // Links to the old host become site-relative.
    expect(html).toContain('<a href="/category/guangmingribao.html">返回栏目</a>');
    expect(html).toContain('<a href="/">返回首页</a>');
    expect(html).toContain('<a href="https://other.example.org/a">外部</a>');
    expect(html).not.toContain('](');
  });

  it('`<>` alone on a line → <p>&lt;&gt;</p>', () => {
    expect(
      asPost(read('2022-05-26-angle.md', postText([], '<p>正文。</p>\n\n<>\n\n[返回](//finews.example.com/emnews/)\n'))).html,
    ).toContain('<p>&lt;&gt;</p>');
  });

  it('scripts, event handlers, javascript: links, iframes and overlays are removed', () => {
    const body = [
      '<p>开头。</p><script>document.title="x"</script><p><img src="x.png" onerror="alert(1)" alt="x"><a href="javascript:alert(1)">点击</a><a href="JaVaScRiPt:alert(3)">再点</a><a href="https://example.org/" target="_blank">外链</a></p><div style="position: fixed; inset: 0; z-index: 2147483647">遮罩</div><iframe src="https://example.org/embed"></iframe>',
      '',
      '[也是脚本](javascript:alert(2))',
      '',
      '<p>结尾。</p>',
      '',
    ].join('\n');
    const html = asPost(read('2022-04-04-xss.md', postText([], body))).html;
    expect(html).not.toMatch(/<script|onerror|javascript:|<iframe|position:\s*fixed|z-index/i);
    expect(html).toContain('开头。');
    expect(html).toContain('结尾。');
    expect(html).toContain('rel="noopener noreferrer"');
  });

  it('`{{ … }}` and `{%` stay literal (no template language in posts)', () => {
    const html = asPost(
      read('2022-04-06-liquid.md', postText([], '<p>本周{{ 成交量 }}统计，环比{%3，{% if x %}条件{% endif %}。</p>\n\n{{ site.title }}\n')),
    ).html;
    expect(html).toContain('本周{{ 成交量 }}统计，环比{%3，{% if x %}条件{% endif %}。');
    expect(html).toContain('{{ site.title }}');
  });

  it('.html posts are not run through Markdown', () => {
    const body = '<p>第一段</p>\n\n*不是强调*\n\n# 不是标题\n\n[不是链接](https://example.org/)\n';
    const asHtml = asPost(read('2022-04-11-raw.html', postText([], body)));
    expect(asHtml.html).toContain('*不是强调*');
    expect(asHtml.html).toContain('# 不是标题');
    expect(asHtml.html).toContain('[不是链接](https://example.org/)');
    expect(asHtml.html).not.toMatch(/<em>|<h1[\s>]|<a /);
    expect(asHtml.post.path).toBe('/2022/04/11/raw.html');
    const asMarkdown = asPost(read('2022-04-11-raw.md', postText([], body)));
    expect(asMarkdown.html).toContain('<em>不是强调</em>');
    expect(asMarkdown.html).toContain('<h1 id="不是标题">不是标题</h1>');
  });

  it('the excerpt is plain text: no tags, entities decoded, within the length', () => {
    const body = `<p>第一段<strong>加粗</strong>，<a href="https://example.org/">链接</a>&amp;符号。</p>\n\n${'长文。'.repeat(100)}\n`;
    const { post } = asPost(read('2022-04-12-excerpt.md', postText([], body)));
    expect(post.excerpt.startsWith('第一段加粗，链接&符号。')).toBe(true);
    expect(post.excerpt).not.toMatch(/<[a-z/!]|&[a-z#0-9]+;/i);
    expect(Array.from(post.excerpt).length).toBeLessThanOrEqual(SETTINGS.excerptLength);
  });
});

describe('a scraper file with a blank line before its front matter', () => {
  it('is read as Jekyll reads it, and says why its title is the file name', () => {
    const text = '\n---\nlayout: post\ntitle: 标题\ncategories: caijing\n---\n<p>正文。</p>\n';
    const result = readPostFile('_posts/2021-12-08-202112082206703990.md', new TextEncoder().encode(text), SETTINGS, {
      now: new Date('2025-01-01T00:00:00Z'),
    });
    expect(result.status).toBe('post');
    if (result.status !== 'post') return;
    expect(result.post.title).toBe('202112082206703990');
    expect(result.post.categories).toEqual([]);
    expect(result.warnings).toEqual([
      expect.objectContaining({
        file: '_posts/2021-12-08-202112082206703990.md',
        field: 'front matter',
        line: 2,
        message: expect.stringMatching(/blank line/),
      }),
    ]);
  });
});

describe('the links a post writes into the site', () => {
  const text = postText(
    ['title: 快讯', 'date: 2021-12-09 09:15:00 +0800', 'categories: emnews'],
    '<p>详见<a href="/zhuanti/">专题</a>。</p>\n\n<http://news.example.org/a.html>\n\n[返回东财滚动新闻](../emnews/)\n[返回首页](//finews.example.com/)\n',
  );

  it('know, when the body is rendered, that the page does not show the scraper’s back links', () => {
    expect(asPost(read('2021-12-09-kuaixun.md', text)).post.links).toEqual([
      { line: 6, href: '/zhuanti/', path: '/zhuanti/' },
      { line: 10, href: '../emnews/', path: '/emnews/2021/12/emnews/', shown: false },
      { line: 11, href: '//finews.example.com/', path: '/', shown: false },
    ]);
  });

  it('do not know it when the body is not rendered (npm run check), and learn it by reading the file again', () => {
    const unrendered = readPostFile('_posts/2021-12-09-kuaixun.md', encoder.encode(text), SETTINGS, { now: NOW, render: false });
    expect(unrendered.status === 'post' && unrendered.post.links?.map((link) => 'shown' in link)).toEqual([false, false, false]);
    expect(renderedLinks('_posts/2021-12-09-kuaixun.md', encoder.encode(text), SETTINGS, NOW)).toEqual(
      asPost(read('2021-12-09-kuaixun.md', text)).post.links,
    );
    expect(renderedLinks('_posts/2021-12-09-kuaixun.md', encoder.encode(postText(['published: false'])), SETTINGS, NOW)).toBeUndefined();
  });
});

describe('a post npm run new wrote and nobody finished', () => {
  it('is invalid while its body is the placeholder, with the line of the body', () => {
    const { text } = newPostFile({
      title: '新闻',
      category: 'yaowen',
      tags: [],
      date: new Date('2024-05-01T01:30:00Z'),
      timeZone: 'Asia/Shanghai',
    });
    const result = readPostFile('_posts/2024-05-01-xinwen.md', new TextEncoder().encode(text), SETTINGS, {
      now: new Date('2025-01-01T00:00:00Z'),
    });
    expect(result.status).toBe('invalid');
    if (result.status !== 'invalid') return;
    expect(result.problems).toEqual([
      expect.objectContaining({ field: 'body', line: 7, message: expect.stringMatching(/placeholder .* npm run new/) }),
    ]);
    const written = readPostFile(
      '_posts/2024-05-01-xinwen.md',
      new TextEncoder().encode(text.replace('在这里写正文。', '正文。')),
      SETTINGS,
      {
        now: new Date('2025-01-01T00:00:00Z'),
      },
    );
    expect(written.status).toBe('post');
  });
});

// The shared samples beside the checkout (every trap above also has its own inline case).

it('reads the shared sample posts wherever they are (and must, where XINWEN_REQUIRE_SAMPLES=1)', () => {
  expect(SAMPLES_PRESENT || !SAMPLES_REQUIRED, SAMPLES_MISSING).toBe(true);
});

interface SampleExpectation {
  status: ReadResult['status'];
  path?: string;
  iso?: string;
  legacyPaths?: string[];
  categories?: string[];
  tags?: string[];
  title?: string;
  problems?: Partial<Problem>[];
  warningFields?: string[];
  html?: (html: string) => void;
}

const SAMPLE_EXPECTATIONS: Record<string, SampleExpectation> = {
  '2022-06-17-NW202206172415666670.md': {
    status: 'post',
    path: '/guangmingribao/2022/06/17/NW202206172415666670.html',
    iso: '2022-06-17T02:18:57+08:00',
    legacyPaths: [],
    // The scraper's source link and back links are taken off the end; the body ends with its text.
    html: (html) => {
      expect(html).not.toContain('NewsShare.html');
      expect(html).not.toContain('返回光明日报新闻');
      expect(html).toMatch(/（文章来源：光明日报）<\/p>\n?$/);
    },
  },
  '2021-12-09-202112092207000001.md': {
    status: 'post',
    path: '/emnews/2021/12/09/202112092207000001.html',
    iso: '2021-12-09T21:15:00+08:00',
    legacyPaths: ['/emnews/2021/12/10/202112092207000001.html'],
  },
  '2022-05-26-NW202205262391900001.md': {
    status: 'post',
    path: '/emnews/2022/05/26/NW202205262391900001.html',
    html: (html) => {
      expect(html).toContain('<p>&lt;&gt;</p>');
      expect(html).not.toMatch(/<!--|data-|<center/);
      expect(html).toContain('loading="lazy"');
      expect(html).toContain('referrerpolicy="no-referrer"');
    },
  },
  '-202205262391900002.md': { status: 'not-a-post' },
  '2022-03-01-NW202203012300000003.md': { status: 'invalid', problems: [{ field: 'title', line: 3 }] },
  '2022-03-02-NW202203022300000004.md': { status: 'invalid', problems: [{ field: 'title', line: 3 }] },
  '2022-04-01-NW202204012300000005.md': {
    status: 'post',
    path: '/21shijijingjibaodao/21caijingapp/2022/04/01/NW202204012300000005.html',
    categories: ['21shijijingjibaodao', '21caijingAPP'],
  },
  '2022-04-02-CBOT-soybean-weekly.md': { status: 'post', path: '/cbot/anxinguojizhengquan(xianggang)/2022/04/02/CBOT-soybean-weekly.html' },
  '2022-04-03-NW202204032300000007.md': {
    status: 'post',
    path: '/sitenews/2022/04/03/NW202204032300000007.html',
    categories: ['sitenews'],
  },
  '2022-04-04-NW202204042300000008.md': {
    status: 'post',
    html: (html) => {
      expect(html).not.toMatch(/<script|onerror|javascript:|<iframe|position:\s*fixed/i);
      expect(html).toContain('noopener');
    },
    // The script and the frame are not published: the page shows less than the file.
    warningFields: ['body'],
  },
  '2022-04-05-NW202204052300000009.md': { status: 'unpublished' },
  '2099-01-01-NW209901012300000010.md': { status: 'future' },
  '2022-04-06-NW202204062300000011.md': {
    status: 'post',
    html: (html) => expect(html).toMatch(/\{\{[^}]*\}\}[\s\S]*\{%/),
    // Shown as written, with a warning: Jekyll would have run it as Liquid.
    warningFields: ['body'],
  },
  '2022-04-07-NW202204072300000012.md': { status: 'post', categories: ['财经 要闻'], tags: ['东财', '滚动'], warningFields: ['layout'] },
  '2022-04-08-no-front-matter.md': {
    status: 'post',
    path: '/2022/04/08/no-front-matter.html',
    title: 'No Front Matter',
    // Built as Jekyll builds it, and named: a news post without categories is rarely meant.
    warningFields: ['front matter'],
  },
};

describe.runIf(SAMPLES_PRESENT)('the shared sample posts', () => {
  it('has an expectation for every sample', () => {
    expect(readdirSync(SAMPLES).sort()).toEqual(Object.keys(SAMPLE_EXPECTATIONS).sort());
  });

  it.each(Object.entries(SAMPLE_EXPECTATIONS))('%s', (name, expected) => {
    const result = readPostFile(`_posts/${name}`, readFileSync(`${SAMPLES}/${name}`), SETTINGS, { now: NOW });
    expect(result.status).toBe(expected.status);
    if (result.status === 'post') {
      const { post, html, warnings } = result;
      if (expected.path !== undefined) expect(post.path).toBe(expected.path);
      if (expected.iso !== undefined) expect(toIsoInZone(post.date, ZONE)).toBe(expected.iso);
      if (expected.legacyPaths !== undefined) expect(post.legacyPaths).toEqual(expected.legacyPaths);
      if (expected.categories !== undefined) expect(post.categories).toEqual(expected.categories);
      if (expected.tags !== undefined) expect(post.tags).toEqual(expected.tags);
      if (expected.title !== undefined) expect(post.title).toBe(expected.title);
      expect(warnings.map((w) => w.field)).toEqual(expected.warningFields ?? []);
      expect(post.excerpt).not.toMatch(/<[a-z/!][^>]*>/);
      expected.html?.(html);
    }
    if (result.status === 'invalid') {
      expect(result.problems).toEqual(expected.problems?.map((p) => expect.objectContaining(p)));
      for (const problem of result.problems) expect(problem.message).toMatch(SUGGESTS_FIX);
    }
    if (result.status === 'not-a-post') {
      expect(result.warnings).toEqual([expect.objectContaining({ file: `_posts/${name}`, field: 'file name' })]);
      expect(result.warnings[0]!.message).toMatch(/date:.*\+0800.*title: is empty/);
    }
  });
});

describe('front-matter defaults (postDefaults)', () => {
  const withDefaults = testReaderSettings({
    timeZone: ZONE,
    postDefaults: [
      { path: '', values: { categories: 'base' } },
      { path: 'xinhua/', values: { categories: 'xinhua', permalink: '/xinhua/:year/:title.html', tags: ['通稿'] } },
      { path: 'drafts/', values: { published: 'false' } },
    ],
  });
  const readIn = (file: string, frontMatter: string[]) =>
    readPostFile(`_posts/${file}`, encoder.encode(postText(frontMatter)), withDefaults, { now: NOW });

  it("gives a post its folder's categories, permalink and tags", () => {
    const { post } = asPost(readIn('xinhua/2024-05-01-a.md', ['title: 新华快讯', 'date: 2024-05-01 10:00:00 +0800']));
    expect(post.categories).toEqual(['xinhua']);
    expect(post.tags).toEqual(['通稿']);
    expect(post.path).toBe('/xinhua/2024/a.html');
  });

  it('adds the post’s own categories after the defaults’, and lets its own values win', () => {
    const { post } = asPost(readIn('2024-05-01-b.md', ['title: 本地', 'categories: shehui', 'permalink: /own/b.html']));
    expect(post.categories).toEqual(['base', 'shehui']);
    expect(post.path).toBe('/own/b.html');
  });

  it('leaves out posts a set marks unpublished', () => {
    expect(readIn('drafts/2024-05-01-c.md', ['title: 草稿']).status).toBe('unpublished');
    expect(readIn('drafts/2024-05-01-d.md', ['title: 定稿', 'published: true']).status).toBe('post');
  });

  it('leaves posts as they are when the site has no defaults', () => {
    const { post } = asPost(read('2024-05-01-e.md', postText(['title: 无默认'])));
    expect(post.categories).toEqual([]);
  });
});

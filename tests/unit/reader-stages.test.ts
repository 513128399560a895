/**
 * The reading stages one by one, each fed what the stage before it hands on: bytes, text,
 * YAML data, front matter, a date, a body. readPostFile, which runs them in order, is tested
 * against the Jekyll rules in post-file.test.ts; the front-matter schema on its own in schema.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { parseDate, toIsoInZone } from '../../src/lib/dates';
import { bodyExcerpt, renderBody, sanitizerFor } from '../../src/reader/body';
import { decodePost, firstInvalidUtf8Line } from '../../src/reader/decode';
import { fileNameDate, isPostCandidate, notAPostWarning, parsePostFileName, titleFromSlug } from '../../src/reader/file-name';
import { displacedFrontMatter, readFrontMatter, yamlErrorReason } from '../../src/reader/front-matter';
import { layoutWarning, publicationOf } from '../../src/reader/publication';
import type { Finding } from '../../src/lib/problem';
import { checkFrontMatter, ignoredTerms, untitledWarning } from '../../src/reader/schema';
import { repairQuotedTitles } from '../../src/reader/title-repair';
import { jekyllUtcDate, postUrls, type UrlSettings } from '../../src/reader/urls';

describe('decode: bytes to text (src/reader/decode.ts)', () => {
  const encoder = new TextEncoder();
  const bytes = (text: string) => encoder.encode(text);
  // "中文" in GBK.
  const GBK = [0xd6, 0xd0, 0xce, 0xc4];

  function text(content: Uint8Array): string {
    const decoded = decodePost(content);
    if (!decoded.ok) throw new Error(`expected text, got ${JSON.stringify(decoded.problem)}`);
    return decoded.text;
  }

  function problem(content: Uint8Array) {
    const decoded = decodePost(content);
    if (decoded.ok) throw new Error(`expected a problem, got ${JSON.stringify(decoded.text)}`);
    return decoded.problem;
  }

  describe('decodePost', () => {
    it('returns UTF-8 text as it is', () => {
      expect(text(bytes('---\ntitle: 标题\n---\n正文\n'))).toBe('---\ntitle: 标题\n---\n正文\n');
    });

    it.each([
      ['CRLF', '---\r\ntitle: 标题\r\n---\r\n正文\r\n'],
      ['CR only', '---\rtitle: 标题\r---\r正文\r'],
      ['a BOM', '\uFEFF---\ntitle: 标题\n---\n正文\n'],
      ['a BOM and CRLF', '\uFEFF---\r\ntitle: 标题\r\n---\r\n正文\r\n'],
    ])('normalizes %s to LF without a BOM', (_, content) => {
      expect(text(bytes(content))).toBe('---\ntitle: 标题\n---\n正文\n');
    });

    it('reports a file with a NUL byte as binary', () => {
      expect(problem(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]))).toEqual({
        field: 'file',
        message: 'is a binary file, not text; remove it from the posts folder',
      });
    });

    it('reports invalid UTF-8 with the line it starts on', () => {
      const content = Uint8Array.from([...bytes('---\ntitle: "ok"\n---\n正文\n'), ...GBK, 0x0a]);
      expect(problem(content)).toEqual({
        line: 5,
        field: 'file',
        message: 'is not valid UTF-8 (a GBK or binary file?); convert it to UTF-8',
      });
    });

    it.each([
      ['no bytes', new Uint8Array()],
      ['only whitespace', bytes('\n \t\r\n')],
      ['only a BOM', bytes('\uFEFF')],
    ])('reports a file of %s as empty', (_, content) => {
      expect(problem(content)).toEqual({ field: 'file', message: 'is empty; write front matter and a body, or remove the file' });
    });
  });

  describe('firstInvalidUtf8Line', () => {
    it.each<[string, number[], number | undefined]>([
      ['first line', [...GBK, 0x0a, 0x41], 1],
      ['third line', [0x41, 0x0a, 0x42, 0x0a, ...GBK], 3],
      ['a truncated character at the end', [0x41, 0x0a, 0xe4, 0xb8], 2],
      ['none', [...bytes('中文\n正文')], undefined],
    ])('%s', (_, content, line) => {
      expect(firstInvalidUtf8Line(Uint8Array.from(content))).toBe(line);
    });
  });
});

describe('file names: which files are posts, and what their names give them (src/reader/file-name.ts)', () => {
  describe('isPostCandidate', () => {
    it.each([['a.md'], ['a.MD'], ['a.markdown'], ['a.Markdown'], ['a.html'], ['a.htm'], ['a.HTM'], ['2022/01/a.md']])(
      '%s is a candidate',
      (name) => {
        expect(isPostCandidate(name)).toBe(true);
      },
    );

    it.each([['a.txt'], ['a.shtml'], ['a.xhtml'], ['a.md.bak'], ['README'], ['a.yml']])('%s is not', (name) => {
      expect(isPostCandidate(name)).toBe(false);
    });
  });

  describe('parsePostFileName', () => {
    it('splits a post name into date, slug and extension', () => {
      expect(parsePostFileName('2022-06-17-NW202206172415666670.md')).toEqual({
        year: '2022',
        month: '06',
        day: '17',
        slug: 'NW202206172415666670',
        extension: 'md',
        stem: '2022-06-17-NW202206172415666670',
      });
    });

    it('matches only the last segment of a path', () => {
      expect(parsePostFileName('_posts/2021/2022-1-5-财经 新闻.HTML')).toEqual({
        year: '2022',
        month: '1',
        day: '5',
        slug: '财经 新闻',
        extension: 'HTML',
        stem: '2022-1-5-财经 新闻',
      });
      expect(parsePostFileName('2022-01-05-dir/notes.md')).toBeUndefined();
    });

    it.each([['-202205262391921712.md'], ['notes.md'], ['2022-01-01.md'], ['20220101-flash.md'], ['2022-01-01-a.txt']])(
      '%s is not a post name',
      (name) => {
        expect(parsePostFileName(name)).toBeUndefined();
      },
    );
  });

  describe('fileNameDate', () => {
    it('is midnight of the date in the site zone', () => {
      const result = fileNameDate(parsePostFileName('2022-04-08-a.md')!, 'Asia/Shanghai');
      expect(result.ok && toIsoInZone(result.date, 'Asia/Shanghai')).toBe('2022-04-08T00:00:00+08:00');
    });

    it('reports a date that does not exist, saying to rename the file', () => {
      expect(fileNameDate(parsePostFileName('2022-02-30-a.md')!, 'UTC')).toEqual({
        ok: false,
        problem: {
          field: 'file name',
          message: `date "2022-02-30" is not a real calendar date or time; rename the file to start with the post's real date`,
        },
      });
    });
  });

  describe('notAPostWarning', () => {
    it('names the rule and the fix', () => {
      expect(notAPostWarning([])).toEqual({
        field: 'file name',
        message: 'does not match YYYY-MM-DD-name.(md|markdown|html), so it is not a post; rename it to start with its date',
      });
    });

    it('lists what else is wrong with the file', () => {
      const warning = notAPostWarning([
        { line: 3, field: 'date', message: 'is empty' },
        { field: 'title', message: 'is empty' },
      ]);
      expect(warning.message).toMatch(/rename it to start with its date \(it also has: date: is empty; title: is empty\)$/);
      expect(warning).not.toHaveProperty('line');
    });
  });

  describe('titleFromSlug', () => {
    it.each([
      ['no-front-matter', 'No Front Matter'],
      ['CBOT--soybean-', 'Cbot Soybean'],
      ['财经新闻', '财经新闻'],
    ])('%s → %s', (slug, title) => {
      expect(titleFromSlug(slug)).toBe(title);
    });
  });
});

describe('front matter: text to YAML data, body and key lines (src/reader/front-matter.ts, src/reader/title-repair.ts)', () => {
  const strict = { repairTitles: false };
  const lenient = { repairTitles: true };
  const post = (lines: string[], body = '<p>正文</p>\n') => `---\n${lines.join('\n')}\n---\n${body}`;

  describe('readFrontMatter', () => {
    it('splits front matter and body, keeping every scalar as text', () => {
      const read = readFrontMatter(post(['title: 标题', 'date: 2022-06-17 02:18:57 +0800', 'published: false', 'tags: [1, 2.5]']), strict);
      expect(read).toEqual({
        data: { title: '标题', date: '2022-06-17 02:18:57 +0800', published: 'false', tags: ['1', '2.5'] },
        body: '<p>正文</p>\n',
        keyLines: new Map([
          ['title', 2],
          ['date', 3],
          ['published', 4],
          ['tags', 5],
        ]),
        plainDate: '2022-06-17 02:18:57 +0800',
        problems: [],
        repairs: [],
      });
    });

    it('gives file lines for keys after a block list', () => {
      const { keyLines } = readFrontMatter(post(['categories:', '  - a', '  - b', 'layout: post']), strict);
      expect([...keyLines]).toEqual([
        ['categories', 2],
        ['layout', 5],
      ]);
    });

    it.each([
      ['~', null],
      ['null', null],
      ['NULL', null],
      ['', null],
      ['"null"', 'null'],
      ["'~'", '~'],
    ])('reads a plain %j as %j', (value, expected) => {
      expect(readFrontMatter(post([`categories: ${value}`, `tags: [a, ${value || '~'}]`]), strict).data).toEqual({
        categories: expected,
        tags: ['a', value === '' ? null : expected],
      });
    });

    it('keeps the date text only when it is a plain scalar', () => {
      expect(readFrontMatter(post(['date: 2021-12-08 20:30:00']), strict).plainDate).toBe('2021-12-08 20:30:00');
      expect(readFrontMatter(post(['date: "2021-12-08 20:30:00"']), strict)).not.toHaveProperty('plainDate');
      expect(readFrontMatter(post(['title: x']), strict)).not.toHaveProperty('plainDate');
    });

    it('reads the whole text as the body when there is no front matter', () => {
      expect(readFrontMatter('<p>只有正文</p>\n---\n', strict)).toEqual({
        data: {},
        body: '<p>只有正文</p>\n---\n',
        keyLines: new Map(),
        problems: [],
        repairs: [],
      });
    });

    it.each([
      ['empty front matter', '---\n---\n正文\n', '正文\n'],
      ['closed by ...', '---\ntitle: x\n...\n正文\n', '正文\n'],
      ['closed at the end of the file', '---\ntitle: x\n---', ''],
      ['spaces after the dashes', '--- \ntitle: x\n---\t\n正文\n', '正文\n'],
    ])('%s', (_, text, body) => {
      const read = readFrontMatter(text, strict);
      expect(read.problems).toEqual([]);
      expect(read.body).toBe(body);
    });

    it('reports front matter that is not a mapping, at its first line', () => {
      expect(readFrontMatter(post(['- a', '- b']), strict).problems).toEqual([
        { line: 2, field: 'front matter', message: 'must be "key: value" lines between the two --- lines' },
      ]);
    });

    it('reports a YAML error at its file line and field, with the data left empty', () => {
      const read = readFrontMatter(post(['layout: post', 'title: "他说"好"的"', 'date: 2022-03-01']), strict);
      expect(read.data).toEqual({});
      expect(read.body).toBe('<p>正文</p>\n');
      expect(read.problems).toEqual([{ line: 3, field: 'title', message: expect.stringMatching(/unescaped " inside double quotes/) }]);
      expect(read.repairs).toEqual([]);
    });

    it('reads a repeated key as its last value, warning at the repeat; the key line is the first one', () => {
      const read = readFrontMatter(post(['title: 一', 'date: 2022-03-03', 'title: 二']), strict);
      expect(read.problems).toEqual([]);
      expect(read.data.title).toBe('二');
      expect(read.warnings).toEqual([
        { line: 4, field: 'title', message: expect.stringMatching(/last one is used, as in Jekyll; keep only one of them$/) },
      ]);
      expect(read.keyLines.get('title')).toBe(2);
    });

    it('repairs a broken double-quoted title in lenient mode only, reporting the file line', () => {
      const text = post(['layout: post', 'title: "专家称"稳增长"政策仍有空间"']);
      expect(readFrontMatter(text, strict).problems).toHaveLength(1);
      const read = readFrontMatter(text, lenient);
      expect(read.problems).toEqual([]);
      expect(read.data.title).toBe('专家称"稳增长"政策仍有空间');
      expect(read.repairs).toEqual([
        {
          line: 3,
          field: 'title',
          message: `repaired unescaped double quotes; read as 专家称"稳增长"政策仍有空间 (quote it with '…' to silence this)`,
        },
      ]);
    });

    it('repairs nothing when the YAML reads without errors, or still has errors after the repair', () => {
      // A quoted title, then a comment that ends with a quote: valid YAML the repair would misread.
      const valid = readFrontMatter(post(['title: "正常标题" # 来源"某报"']), lenient);
      expect(valid.repairs).toEqual([]);
      expect(valid.data.title).toBe('正常标题');
      const stillBroken = readFrontMatter(post(['title: "专家称"稳增长"政策"', 'date: a: b']), lenient);
      expect(stillBroken.repairs).toEqual([]);
      expect(stillBroken.problems.map((problem) => problem.field)).toContain('title');
    });
  });

  describe('repairQuotedTitles', () => {
    it('rewrites broken double-quoted titles in single quotes, doubling inner single quotes', () => {
      expect(repairQuotedTitles(`layout: post\ntitle: "他说"It's ok"了"\ndate: x`)).toEqual({
        text: `layout: post\ntitle: '他说"It''s ok"了'\ndate: x`,
        lines: [{ line: 2, title: `他说"It's ok"了` }],
      });
    });

    it.each([
      ['a correct quoted title', 'title: "正常标题"'],
      ['escaped quotes', 'title: "a \\"b\\" c" d"'],
      ['an unquoted title', 'title: 公告: 重要事项'],
      ['another key', 'summary: "a"b"c"'],
    ])('leaves %s alone', (_, line) => {
      expect(repairQuotedTitles(line)).toEqual({ text: line, lines: [] });
    });
  });

  describe('yamlErrorReason', () => {
    it.each([
      ['DUPLICATE_KEY', 'Map keys must be unique at line 3, column 1:', 'title: b', 'Map keys must be unique: keep only one of them'],
      ['UNEXPECTED_TOKEN', 'Unexpected scalar', 'title: "a"b"', /unescaped " inside double quotes/],
      ['BLOCK_AS_IMPLICIT_KEY', 'Nested mappings are not allowed', 'title: a: b', /contains ": "; put the whole value in quotes$/],
      ['UNEXPECTED_TOKEN', 'Unexpected flow-seq-end', 'title: [快讯] 要闻', /starting with \[ or \{ .* put the whole value in quotes$/],
      ['BAD_INDENT', 'Bad indentation\nmore detail', 'x', 'Bad indentation'],
    ])('%s: %s', (code, message, line, expected) => {
      const reason = yamlErrorReason(code, message, line);
      if (typeof expected === 'string') expect(reason).toBe(expected);
      else expect(reason).toMatch(expected);
    });
  });
});

describe('front matter after blank lines (src/reader/front-matter.ts)', () => {
  it.each([
    ['\n---\ntitle: 标题\n---\n正文', 2, '1 blank line'],
    ['\n \n\t\n---\ntitle: 标题\n...\n正文', 4, '3 blank lines'],
    ['\n---\n---\n', 2, '1 blank line'],
  ])('%j is named, at the line of its ---', (text, line, said) => {
    const found = displacedFrontMatter(text);
    expect(found).toMatchObject({ field: 'front matter', line });
    expect(found!.message).toContain(said);
    // It is still not read, as in Jekyll.
    expect(readFrontMatter(text, { repairTitles: false }).data).toEqual({});
  });

  it.each(['---\ntitle: 标题\n---\n正文', '正文\n---\ntitle: x\n---\n', '\n---\n没有结束的块', '\n\n<p>正文</p>'])('%j is not', (text) => {
    expect(displacedFrontMatter(text)).toBeUndefined();
  });
});

describe('schema: YAML data to validated front matter (src/reader/schema.ts)', () => {
  const ZONE = 'Asia/Shanghai';
  const lines = (entries: Record<string, number>) => new Map(Object.entries(entries));

  describe('checkFrontMatter', () => {
    it('returns the normalized front matter', () => {
      const checked = checkFrontMatter(
        { title: ' 标题 ', date: '2022-06-17 02:18:57', categories: 'a b', published: 'no' },
        new Map(),
        ZONE,
      );
      if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
      expect(checked.frontMatter).toMatchObject({ title: '标题', categories: ['a', 'b'], tags: [], published: false });
      expect(toIsoInZone(checked.frontMatter.date!.date, ZONE)).toBe('2022-06-17T02:18:57+08:00');
    });

    it('reads dates without an offset in the zone given', () => {
      const checked = checkFrontMatter({ date: '2022-06-17 02:18:57' }, new Map(), 'UTC');
      expect(checked.ok && checked.frontMatter.date!.date.toISOString()).toBe('2022-06-17T02:18:57.000Z');
    });

    it('places every problem on the line of its key', () => {
      const checked = checkFrontMatter({ date: '2022年5月28日', published: 'maybe' }, lines({ date: 4, published: 7 }), ZONE);
      expect(checked).toEqual({
        ok: false,
        problems: [
          { line: 4, field: 'date', message: expect.stringMatching(/"2022年5月28日" is not a date/) },
          { line: 7, field: 'published', message: expect.stringMatching(/true or false/) },
        ],
      });
    });

    it('leaves the line out when the key has none', () => {
      const checked = checkFrontMatter({ slug: 'a/b' }, new Map(), ZONE);
      expect(!checked.ok && checked.problems).toEqual([{ field: 'slug', message: expect.stringMatching(/contain no "\/"/) }]);
    });
  });

  describe('untitledWarning', () => {
    it.each<[string, Record<string, unknown>, string | undefined, Finding | undefined]>([
      [
        'a missing title: the front matter’s first line, the title the post gets, the fix',
        { date: '2022-05-26' },
        'Kuai Xun',
        {
          line: 1,
          field: 'title',
          message:
            'is missing, so the post is titled "Kuai Xun" from its file name (as in Jekyll); write the article\'s title in a title: line',
        },
      ],
      [
        'an empty title: the line of its key',
        { title: '' },
        'Kuai Xun',
        {
          line: 3,
          field: 'title',
          message: 'is empty, so the post is titled "Kuai Xun" from its file name instead; write the article\'s title after title:',
        },
      ],
      [
        'title: ~ is empty',
        { title: null },
        'Kuai Xun',
        expect.objectContaining({ line: 3, message: expect.stringMatching(/^is empty, so/) }),
      ],
      [
        'a blank title is empty',
        { title: '   ' },
        'Kuai Xun',
        expect.objectContaining({ message: expect.stringMatching(/^is empty, so/) }),
      ],
      [
        'a file whose name gives no title',
        { title: '' },
        undefined,
        expect.objectContaining({ message: expect.stringMatching(/^is empty, so the title is taken from the file name instead;/) }),
      ],
      ['a title', { title: '快讯' }, 'Kuai Xun', undefined],
      ['the text "null"', { title: 'null' }, 'Kuai Xun', undefined],
      ['a list, which the schema reports', { title: ['a'] }, 'Kuai Xun', undefined],
    ])('%s', (_name, data, fileTitle, expected) => {
      expect(untitledWarning(data, lines({ title: 3 }), fileTitle)).toEqual(expected);
    });
  });

  describe('ignoredTerms', () => {
    const read = (yaml: string) => readFrontMatter(`---\n${yaml}\n---\n正文\n`, { repairTitles: false });
    it.each<[string, string, RegExp[], Record<string, unknown>]>([
      ['tags: 404', 'tags: 404', [/^404 is read as a number, not text, and Jekyll gives such a post no tags.*write tags: "404"/], {}],
      [
        'categories: 2019 and tags: yes',
        'categories: 2019\ntags: yes',
        [/^2019 is read as a number, .*no categories, nor a category in its URL.*\(the URL changes\)$/, /^yes is read as a boolean/],
        {},
      ],
      ['a date', 'tags: 2019-01-01', [/^2019-01-01 is read as a date/], {}],
      ['a float and a hex number', 'tags: 1.5\ncategories: 0x1f', [/^0x1f is read as a number/, /^1\.5 is read as a number/], {}],
      ['tags as quoted text', 'tags: "404"', [], { tags: '404' }],
      ['tags as words with a number', 'tags: 404 996', [], { tags: '404 996' }],
      ['a list of numbers, which Jekyll keeps', 'tags: [404]', [], { tags: ['404'] }],
      ['a number under the singular key, which Jekyll keeps', 'tag: 404\ntags: 996', [], { tag: '404', tags: '996' }],
    ])('%s', (_name, yaml, messages, kept) => {
      const text = read(yaml);
      const { data, warnings } = ignoredTerms(text.data, text.keyLines, text.notText);
      expect(warnings.map((warning) => warning.message)).toEqual(messages.map((message) => expect.stringMatching(message)));
      expect(data).toEqual(kept);
    });
  });

  // What a Jekyll 4.3 site named these categories and tags (its URLs: `[yes, 012]` → /true/10/…).
  describe('names that Psych reads as no text', () => {
    const read = (yaml: string) => readFrontMatter(`---\ntitle: x\n${yaml}\n---\n正文\n`, { repairTitles: false });
    it.each<[string, string, Record<string, unknown>, string[]]>([
      [
        'booleans and numbers in a list of categories',
        'categories: [yes, Off, 012, 1_000, 2.50, 财经]',
        { categories: ['true', 'false', '10', '1000', '2.5', '财经'] },
        ["3:categories: Jekyll's YAML reads yes as true, Off as false, 012 as 10, 1_000 as 1000, 2.50 as 2.5, and names the category so"],
      ],
      [
        'a block list of tags, with a date',
        'tags:\n  - on\n  - 2024-1-5\n  - y',
        { tags: ['true', '2024-01-05', 'y'] },
        ["3:tags: Jekyll's YAML reads on as true, 2024-1-5 as 2024-01-05, and names the tag so"],
      ],
      ['the singular key', 'category: .5', { category: '0.5' }, ["3:category: Jekyll's YAML reads .5 as 0.5"]],
      ['quoted names stay as written', 'categories: ["yes", \'012\']', { categories: ['yes', '012'] }, []],
      ['numbers Psych writes back as written', 'categories: [2024, 7, 1.5]', { categories: ['2024', '7', '1.5'] }, []],
      ['a lone plural scalar is left to ignoredTerms', 'categories: yes', { categories: 'yes' }, []],
      ['nulls in a list stay nulls', 'categories: [~, a]', { categories: [null, 'a'] }, []],
    ])('%s', (_name, yaml, data, warnings) => {
      const text = read(yaml);
      expect(text.data).toEqual({ title: 'x', ...data });
      expect((text.warnings ?? []).map(({ line, field, message }) => `${line}:${field}: ${message}`)).toEqual(
        warnings.map((warning) => expect.stringContaining(warning)),
      );
    });
  });
});

describe('publication: published, future, layout (src/reader/publication.ts)', () => {
  const NOW = new Date('2026-11-28T00:00:00Z');
  const FILE_DATE = new Date('2022-04-08T00:00:00+08:00');
  const rules = { includeFuture: false, now: NOW };
  const at = (iso: string) => ({ date: new Date(iso), hasOffset: true });

  describe('publicationOf', () => {
    it('publishes at the front-matter date, which wins over the file name', () => {
      expect(publicationOf({ published: true, date: at('2022-06-17T02:18:57+08:00') }, FILE_DATE, rules)).toEqual({
        status: 'published',
        date: new Date('2022-06-17T02:18:57+08:00'),
      });
    });

    it('publishes at the file-name date without a front-matter date', () => {
      expect(publicationOf({ published: true, date: undefined }, FILE_DATE, rules)).toEqual({ status: 'published', date: FILE_DATE });
    });

    it('keeps out an unpublished post, future or not', () => {
      expect(publicationOf({ published: false, date: undefined }, FILE_DATE, rules)).toEqual({ status: 'unpublished' });
      expect(publicationOf({ published: false, date: at('2099-01-01T00:00:00Z') }, FILE_DATE, rules)).toEqual({ status: 'unpublished' });
    });

    it.each<[string, string, string]>([
      ['one millisecond after the clock', '2026-11-28T00:00:00.001Z', 'future'],
      ['exactly the clock', '2026-11-28T00:00:00Z', 'published'],
      ['before the clock', '2026-11-27T23:59:59Z', 'published'],
    ])('%s → %s', (_, iso, status) => {
      expect(publicationOf({ published: true, date: at(iso) }, FILE_DATE, rules).status).toBe(status);
    });

    it('judges a file-name date against the clock too', () => {
      expect(publicationOf({ published: true, date: undefined }, new Date('2099-01-01T00:00:00Z'), rules)).toEqual({ status: 'future' });
    });

    it('builds future posts when they are included', () => {
      const date = new Date('2099-01-01T00:00:00Z');
      expect(publicationOf({ published: true, date: undefined }, date, { includeFuture: true, now: NOW })).toEqual({
        status: 'published',
        date,
      });
    });
  });

  describe('layoutWarning', () => {
    it.each([[undefined], ['post'], ['default']])('none for layout %j', (layout) => {
      expect(layoutWarning({ layout }, new Map([['layout', 2]]))).toBeUndefined();
    });

    it('warns about another layout, on its line', () => {
      expect(layoutWarning({ layout: 'page' }, new Map([['layout', 2]]))).toEqual({
        line: 2,
        field: 'layout',
        message: '"page" is not a layout here; the post is shown with the post layout (write layout: post or remove the line)',
      });
    });
  });
});

describe('URLs: the post URL and the old Jekyll URL (src/reader/urls.ts)', () => {
  const ZONE = 'Asia/Shanghai';
  const SITE: UrlSettings = { timeZone: ZONE, permalink: 'date', legacyPermalink: undefined, legacyTimeZone: undefined };
  const date = (text: string) => {
    const parsed = parseDate(text, ZONE);
    if (!parsed.ok) throw new Error(parsed.reason);
    return parsed;
  };
  const input = { categories: ['emnews'], slug: 'd', date: date('2021-12-08 20:30:00').date, permalink: undefined };

  describe('postUrls', () => {
    it('builds the path and the percent-encoded URL', () => {
      expect(postUrls({ ...input, categories: ['财经'] }, SITE)).toEqual({
        path: '/财经/2021/12/08/d.html',
        url: '/%E8%B4%A2%E7%BB%8F/2021/12/08/d.html',
        legacyPaths: [],
      });
    });

    it("keeps Jekyll's URL for another date as a legacy path", () => {
      const jekyllDate = jekyllUtcDate('2021-12-08 20:30:00', date('2021-12-08 20:30:00'), ZONE);
      expect(postUrls({ ...input, jekyllDate }, SITE).legacyPaths).toEqual(['/emnews/2021/12/09/d.html']);
    });

    it("keeps the old site's permalink style as a legacy path", () => {
      const urls = postUrls(input, { ...SITE, permalink: 'pretty', legacyPermalink: 'date' });
      expect(urls.path).toBe('/emnews/2021/12/08/d/');
      expect(urls.legacyPaths).toEqual(['/emnews/2021/12/08/d.html']);
    });

    it('has no legacy path when old and new agree', () => {
      expect(postUrls(input, { ...SITE, legacyPermalink: 'date' }).legacyPaths).toEqual([]);
    });

    it("lets the post's own permalink win over both styles", () => {
      const urls = postUrls({ ...input, permalink: '/special/:title.html' }, { ...SITE, permalink: 'pretty', legacyPermalink: 'date' });
      expect(urls).toEqual({ path: '/special/d.html', url: '/special/d.html', legacyPaths: [] });
    });

    it('combines the old style with the UTC date', () => {
      const jekyllDate = jekyllUtcDate('2021-12-08 20:30:00', date('2021-12-08 20:30:00'), ZONE);
      expect(postUrls({ ...input, jekyllDate }, { ...SITE, permalink: 'pretty', legacyPermalink: 'date' }).legacyPaths).toEqual([
        '/emnews/2021/12/09/d.html',
      ]);
    });
  });

  describe("postUrls with the old site's zone (legacyTimeZone)", () => {
    const OLD = { ...SITE, legacyTimeZone: 'UTC' };
    const early = date('2021-12-08 07:30:00 +0800');

    it('redirects the old URL of a date with an offset whose day differs in the old zone', () => {
      expect(postUrls({ ...input, date: early.date, dateHasOffset: true }, OLD).legacyPaths).toEqual(['/emnews/2021/12/07/d.html']);
    });

    it('has no old URL when the day is the same in both zones', () => {
      const late = date('2021-12-08 09:30:00 +0800');
      expect(postUrls({ ...input, date: late.date, dateHasOffset: true }, OLD).legacyPaths).toEqual([]);
    });

    it('has no old URL for a date without an offset: the old site read the same wall time', () => {
      expect(postUrls({ ...input, date: date('2021-12-08 07:30:00').date, dateHasOffset: false }, OLD).legacyPaths).toEqual([]);
    });

    it("takes Psych's UTC instant in the old zone, where it is the day as written", () => {
      const jekyllDate = jekyllUtcDate('2021-12-08 20:30:00', date('2021-12-08 20:30:00'), ZONE);
      expect(postUrls({ ...input, jekyllDate }, OLD).legacyPaths).toEqual([]);
    });

    it('combines with the old permalink style', () => {
      const urls = postUrls({ ...input, date: early.date, dateHasOffset: true }, { ...OLD, permalink: 'pretty', legacyPermalink: 'date' });
      expect(urls).toMatchObject({ path: '/emnews/2021/12/08/d/', legacyPaths: ['/emnews/2021/12/07/d.html'] });
    });
  });

  describe('jekyllUtcDate (Psych reads a plain date-time without an offset as UTC)', () => {
    it.each<[string, string]>([
      ['2021-12-08 20:30:00', '2021-12-08T20:30:00.000Z'],
      ['2021-12-08T20:30:00', '2021-12-08T20:30:00.000Z'],
      ['2021-12-08 20:30:00.5', '2021-12-08T20:30:00.500Z'],
      ['2021-12-08  20:30:00', '2021-12-08T20:30:00.000Z'],
    ])('%s → %s', (text, iso) => {
      expect(jekyllUtcDate(text, date(text), ZONE)?.toISOString()).toBe(iso);
    });

    it.each([
      ['without seconds', '2021-12-08 20:30'],
      ['a date only', '2021-12-08'],
      ['with an offset', '2021-12-08 20:30:00 +0800'],
      ['Z', '2021-12-08T20:30:00Z'],
    ])('none %s', (_, text) => {
      expect(jekyllUtcDate(text, date(text), ZONE)).toBeUndefined();
    });

    it('none when the date was quoted (no plain text) or absent', () => {
      expect(jekyllUtcDate(undefined, date('2021-12-08 20:30:00'), ZONE)).toBeUndefined();
      expect(jekyllUtcDate('2021-12-08 20:30:00', undefined, ZONE)).toBeUndefined();
    });
  });
});

describe('body: sanitized HTML and excerpt (src/reader/body.ts)', () => {
  const site = { legacyHosts: ['finews.example.com'] };

  describe('renderBody', () => {
    it('renders Markdown with GFM and keeps raw HTML for the sanitizer', () => {
      const html = renderBody('<p>第一段</p>\n\n*强调* ~~删除~~\n\n<https://example.org/a>\n', 'md', site);
      expect(html).toContain('<p>第一段</p>');
      expect(html).toContain('<em>强调</em>');
      expect(html).toContain('<del>删除</del>');
      expect(html).toContain('<a href="https://example.org/a"');
    });

    it.each([['html'], ['HTML']])('leaves .%s bodies out of Markdown', (extension) => {
      expect(renderBody('<p>a</p>\n\n*不是强调*\n', extension, site)).toBe('<p>a</p>\n\n*不是强调*\n');
    });

    it('reads a --- block in a Markdown body as kramdown did, not as a second front matter: a rule, then a paragraph', () => {
      expect(renderBody('---\ntitle: x\n---\n', 'markdown', site)).toBe('<hr />\n<p>title: x\n—</p>\n');
    });

    it('sanitizes, and makes links to legacy hosts site-relative', () => {
      const html = renderBody(
        '<p onclick="x()">a<script>alert(1)</script><a href="https://finews.example.com/c/1.html">b</a></p>',
        'html',
        site,
      );
      expect(html).toBe('<p>a<a href="/c/1.html">b</a></p>');
    });

    it('removes characters HTML and XML may not contain', () => {
      expect(renderBody('<p>a\u0001b\uD800c</p>', 'html', site)).toBe('<p>abc</p>');
    });

    it('builds one sanitizer per set of hosts', () => {
      expect(sanitizerFor(['finews.example.com'])).toBe(sanitizerFor(['finews.example.com']));
      expect(sanitizerFor(['finews.example.com'])).not.toBe(sanitizerFor([]));
    });
  });

  describe('bodyExcerpt', () => {
    it('is plain text of the HTML, within the length', () => {
      expect(bodyExcerpt('<p>第一段<strong>加粗</strong>&amp;符号。</p><p>第二段。</p>', 120)).toBe('第一段加粗&符号。 第二段。');
      expect(Array.from(bodyExcerpt(`<p>${'长文。'.repeat(100)}</p>`, 50)).length).toBeLessThanOrEqual(50);
    });

    it('is empty for an empty body', () => {
      expect(bodyExcerpt('', 120)).toBe('');
    });
  });
});

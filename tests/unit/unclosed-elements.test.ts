/**
 * Elements a body leaves open, named where the page shows the text after them in them. Each case
 * was checked in Chromium against the sanitized output the build writes (what the page shows:
 * the text after the block in the element, or not); the real Jekyll sites, when present, give
 * no warning at all.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { markupOf } from '../../src/lib/body-links';
import { bodyFirstLine, readFrontMatter } from '../../src/reader/front-matter';
import { leftOpenElements, mayLeaveElementsOpen, unclosedElementWarning } from '../../src/reader/unclosed-elements';
import { REAL_JEKYLL, REAL_JEKYLL_PRESENT, SAMPLES, SAMPLES_PRESENT } from '../support/shared-samples';

const leftOpen = (body: string, extension = 'md') =>
  leftOpenElements(body, 1, extension, []).map(({ name, line, kind }) => `${name}@${line} ${kind}`);
const mayLeaveOpen = (body: string, extension = 'md') =>
  mayLeaveElementsOpen(body, markupOf(body, { markdown: extension !== 'html' }), extension !== 'html');

// Formatting elements (WHATWG's list, as the sanitizer keeps them) and other elements that look
// different from the text around them.
const INLINE = ['b', 'strong', 'i', 'em', 'u', 's', 'small', 'code', 'mark', 'sub', 'sup', 'del', 'ins', 'q', 'cite'];
const FORMATTING = ['b', 'strong', 'i', 'em', 'u', 's', 'small', 'code'];

describe('leftOpenElements: what the page shows in an element left open', () => {
  describe.each(FORMATTING)('<%s>, which browsers carry on into the next paragraphs', (name) => {
    it.each<[string, string]>([
      ['a <p> starting in the same block of HTML', `<p><${name}>标题\n<p>后文</p>\n`],
      ['a <p> after a blank line', `<p><${name}>标题\n\n<p>后文</p>\n`],
      ['a Markdown paragraph after it', `<p><${name}>标题\n\n后文\n`],
      ['all on one line, as scrapers write bodies', `<p>导语</p><p><${name}>标题<p>后文</p><p>再后</p>\n`],
      ['the next list item', `<ul><li><${name}>一<li>后文</ul>\n`],
      ['a rule', `<p><${name}>标题<hr>后文\n`],
      ['text after a table (not its cells, where formatting starts afresh)', `<p><${name}>标题<table><tr><td>格</td></tr></table>后文\n`],
      ['text after a table (not its cells, where formatting starts afresh)', `<p><${name}>标题<table><tr><td>格</td></tr></table>后文\n`],
    ])('%s', (_case, body) => {
      expect(leftOpen(body)).toEqual([`${name}@1 inline`]);
      expect(mayLeaveOpen(body)).toBe(true);
    });
  });

  describe.each(INLINE)('<%s>', (name) => {
    it.each<[string, string, number]>([
      ['a block nested in it', `<div><${name}>标题<div>后文</div></div>\n`, 1],
      ['opened alone on a line, then a paragraph', `<p>导语</p>\n\n<${name}>\n标题\n\n后文\n`, 3],
    ])('%s', (_case, body, line) => {
      expect(leftOpen(body)).toEqual([`${name}@${line} inline`]);
    });
  });

  it.each<[string, string, string]>([
    ['a table, the text after it in its cell', '<table><tr><td>格\n\n<p>后文</p>\n', 'table@1 container'],
    ['a table, the text after its rows moved before it', '<p>导语</p><table><tr><td>格</td></tr><p>后文</p>\n', 'table@1 container'],
    ['a quote', '<blockquote>引文\n\n<p>后文</p>\n', 'blockquote@1 container'],
    ['a quote, Markdown after it', '<blockquote>引文\n\n后文\n', 'blockquote@1 container'],
    ['a list, paragraphs after its items', '<ul><li>一</li><li>二</li><p>后文</p>\n', 'ul@1 container'],
    ['a heading, a paragraph in it', '<h2>标题<p>后文</p>\n', 'h2@1 container'],
    ['a heading, a later paragraph', '<h2>标题\n\n<p>后文</p>\n', 'h2@1 container'],
    ['preformatted text', '<pre>代码\n\n<p>后文</p>\n', 'pre@1 container'],
    ['<center>', '<center><img src="a.png">\n\n<p>后文</p>\n', 'center@1 container'],
    ['a centred div', '<div style="text-align:center">图\n\n<p>后文</p>\n', 'div@1 container'],
    ['a definition list', '<dl><dt>词<dd>释义\n\n<p>后文</p>\n', 'dl@1 container'],
    ['a figure', '<figure><img src="a.png">\n\n<p>后文</p>\n', 'figure@1 container'],
  ])('names %s left open to the end of the body', (_case, body, expected) => {
    expect(leftOpen(body)).toEqual([expected]);
    expect(mayLeaveOpen(body)).toBe(true);
  });

  it('reads an .html body as HTML: Markdown does not close what it opens', () => {
    expect(leftOpen('<p><b>标题\n\n<p>后文</p>\n', 'html')).toEqual(['b@1 inline']);
    expect(leftOpen('<table><tr><td>格\n\n<p>后文</p>\n', 'html')).toEqual(['table@1 container']);
  });

  it('gives each element the line of its start tag, in file order', () => {
    expect(leftOpen('<p>导语</p>\n\n<p><strong>标题\n\n<p>正文<em>强调\n\n<blockquote>引文\n\n<p>后文</p>\n')).toEqual([
      'strong@3 inline',
      'em@5 inline',
      'blockquote@7 container',
    ]);
    expect(leftOpenElements('<p><b>标题\n<p>后文</p>\n', 8, 'md', [])).toEqual([{ name: 'b', line: 8, kind: 'inline' }]);
  });

  it.each<[string, string]>([
    [
      'a well-formed body',
      '<p><b>粗</b>和<i>斜</i></p><table><tr><td>格</td></tr></table><ul><li>一</li></ul><h2>题</h2>\n\n<p>后文</p>\n',
    ],
    ['void elements', '<p>一<br>二<img src="a.png"><hr>三<br/></p>\n\n<p>后文</p>\n'],
    ['<p> without end tags', '<p>一<p>二\n\n<p>后文</p>\n'],
    ['<li> without end tags', '<ol><li>一<li>二</ol>\n\n<p>后文</p>\n'],
    ['<td> and <tr> without end tags', '<table><tr><td>甲<td>乙<tr><td>丙</table>\n\n<p>后文</p>\n'],
    ['<dt> and <dd> without end tags', '<dl><dt>词<dd>释义<dt>词<dd>释义</dl>\n\n<p>后文</p>\n'],
    ['a heading closed by the next heading', '<h2>标题\n\n<h3>小标题</h3>\n\n<p>后文</p>\n'],
    ['<b> closed by its paragraph’s end tag', '<p><b>粗</p>\n\n<p>后文</p>\n'],
    ['<b> closed by its div’s end tag', '<div><b>粗</div>\n\n<p>后文</p>\n'],
    ['<b> in a Markdown paragraph', '正文<b>粗\n\n后文\n'],
    ['<b> in a Markdown list item', '- 一<b>粗\n- 后文\n'],
    ['<b> in a table cell, closed by the next cell', '<table><tr><td><b>格<td>后文</table>\n'],
    ['<b> left open within its paragraph only', '<p><b>粗<br>后文</p>\n'],
    ['<b> around blocks, closed by its end tag', '<div><b><p>一</p><p>二</p></b></div>\n\n<p>后文</p>\n'],
    ['<b> whose end tag comes after the next paragraph', '<p><b>粗<p>后文</b></p>\n'],
    ['a link left open (the sanitizer ends it at its block)', '<p><a href="/x">链接\n\n<p>后文</p>\n'],
    ['elements the sanitizer drops, text kept', '<p><font color="red">红<p><big>大<p><strike>删<p><tt>等宽<p>后文</p>\n'],
    ['elements that look like the text around them', '<div><span>一<div>后文</div></div>\n<div><time>二<div>后文</div></div>\n'],
    ['a plain div', '<div>图\n\n<p>后文</p>\n'],
    ['a container left open at the end, nothing after it', '<p>导语</p>\n\n<blockquote>引文\n'],
    ['a container with its own blocks on its line', '<blockquote>引文<p>又一段</p>\n'],
    ['tags in a code span', '正文 `<b>` 和 `<table>`\n\n后文\n'],
    ['tags in a code block', '```html\n<p><b>粗\n<table>\n```\n\n后文\n'],
    ['tags in a comment', '<!-- <b><table> -->\n\n<p>后文</p>\n'],
    ['tags in a script', '<script>document.write("<b><table>")</script>\n\n<p>后文</p>\n'],
  ])('names nothing for %s', (_case, body) => {
    expect(leftOpen(body)).toEqual([]);
  });
});

describe('mayLeaveElementsOpen: the cheap first look', () => {
  it.each<[string, string]>([
    [
      'scraped HTML on one line',
      '<p style="text-align:center;"><strong>标题</strong></p><p>正文<span id="a"><a href="/x">链</a></span><br /></p><center><img src="a.png" /></center>\n',
    ],
    ['Markdown around closed HTML', '> 导语\n\n<p><b>粗</b></p>\n\n[返回](../)\n'],
    ['optional end tags', '<ul><li>一<li>二</ul><p>三<p>四\n'],
    ['closed comments, and code in Markdown', '<!-- a --><p>正文</p>\n\n正文 `代码` 和\n\n```\n<table>\n```\n'],
    // Thousands of elements open at once: the look counts them rather than searching the stack.
    ['50,000 nested elements closed in order', `${'<b><i>'.repeat(25_000)}深${'</i></b>'.repeat(25_000)}\n`],
    ['50,000 paragraphs without end tags, and stray end tags', `${'<p>段'.repeat(50_000)}${'</span>'.repeat(50_000)}\n`],
  ])('lets %s through', (_case, body) => {
    expect(mayLeaveOpen(body)).toBe(false);
  });

  it.each<[string, string]>([
    ['an element open at the end', '<p><b>粗</p>\n'],
    ['50,000 open elements and as many stray end tags', `${'<b><i>'.repeat(25_000)}${'</p>'.repeat(50_000)}\n`],
    ['an end tag that closes more than its element', '<div><b>粗</div>\n'],
    ['an element open across a line', '<p><b>粗\n</b></p>\n'],
    ['an element open across Markdown emphasis', '*强<b>调*</b>\n'],
    ['a code span with a tag in it, which a block of HTML does not have', '<div>`<b>`</div>\n'],
    ['a fence with a tag in it right after a line of HTML', '<div>\n```\n<b>\n```\n</div>\n'],
    ['an unclosed comment', '<p>正文</p><!-- 注释\n'],
    ['an element the sanitizer’s repair reads its own way', '<noscript><p>正文</p></noscript>\n'],
    ['an end tag with attributes', '<p><b>粗</b class="x"></p>\n'],
  ])('reads in full %s', (_case, body) => {
    expect(mayLeaveOpen(body)).toBe(true);
  });

  it('lets through, in an .html body, elements open across lines', () => {
    expect(mayLeaveOpen('<p><b>粗\n</b></p>\n', 'html')).toBe(false);
  });
});

describe('unclosedElementWarning', () => {
  const warn = (text: string) => {
    const { body } = readFrontMatter(text, { repairTitles: false });
    return unclosedElementWarning(text, body, markupOf(body, { markdown: true }), 'md', []);
  };

  it('names the first element, its file line and the fix, and counts the others', () => {
    expect(
      warn('---\ntitle: 标题\n---\n<p>导语</p>\n<p><strong>小标题<p>正文<em>强调<p>又一段\n\n<blockquote>引文\n\n<p>后文</p>\n'),
    ).toEqual({
      field: 'body',
      line: 5,
      message:
        '<strong> is never closed, so the page shows the paragraphs after it in it too, as browsers carry it on (and 2 more elements left open); close it with </strong> where it should end',
    });
  });

  it('says a container takes in what follows it', () => {
    expect(warn('---\ntitle: 标题\n---\n<blockquote>引文\n\n<p>后文</p>\n')).toEqual({
      field: 'body',
      line: 4,
      message: '<blockquote> is never closed, so the page shows what follows it inside it; close it with </blockquote> where it should end',
    });
  });

  it('says nothing about a well-formed body', () => {
    expect(warn('---\ntitle: 标题\n---\n<p><b>粗</b></p>\n\n<p>后文</p>\n')).toBeUndefined();
  });
});

/** Post files below a folder, with their extensions. */
function postFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return postFiles(file);
    return /\.(md|markdown|html)$/i.test(name) ? [file] : [];
  });
}

/** The warning a post file gets, read as the reader reads it. */
function warningOf(file: string) {
  const text = readFileSync(file, 'utf8')
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n');
  const { body } = readFrontMatter(text, { repairTitles: false });
  const extension = path.extname(file).slice(1);
  const warning = unclosedElementWarning(text, body, markupOf(body, { markdown: extension.toLowerCase() !== 'html' }), extension, []);
  return warning && { file, line: warning.line, message: warning.message, bodyStart: bodyFirstLine(text, body) };
}

describe.runIf(SAMPLES_PRESENT)('the shared sample posts', () => {
  it('leave nothing open that changes the page', () => {
    expect(postFiles(SAMPLES).map(warningOf).filter(Boolean)).toEqual([]);
  });
});

describe.runIf(REAL_JEKYLL_PRESENT)('the real Jekyll sites', () => {
  it.each(['terminus2049', 'mzlogin', 'yanhaijing'])(
    '%s: no post is named (their unclosed <font> and typos change nothing on the page)',
    (site) => {
      expect(
        postFiles(path.join(REAL_JEKYLL, 'sites', site))
          .map(warningOf)
          .filter(Boolean),
      ).toEqual([]);
    },
  );
});

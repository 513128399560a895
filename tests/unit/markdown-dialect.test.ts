/**
 * Markdown read as kramdown read it where CommonMark would lose content: a Markdown line right
 * after a block of HTML starts Markdown of its own, through the real renderer and sanitizer.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  kramdownBlockBreaks,
  kramdownSetextHeadings,
  kramdownTablesAndHeadings,
  withoutAttributeLists,
} from '../../src/lib/markdown-dialect';
import { renderBody } from '../../src/reader/body';
import { readFrontMatter } from '../../src/reader/front-matter';
import { REAL_JEKYLL, REAL_JEKYLL_PRESENT } from '../support/shared-samples';

const render = (markdown: string) => renderBody(markdown, 'md', { legacyHosts: [] });
const LINK = '<a href="https://a.example.com/x">https://a.example.com/x</a>';

describe('kramdownBlockBreaks', () => {
  it.each([
    ['a one-line <p> block', '<p>正文。</p>\n原文链接：<https://a.example.com/x>\n', [2]],
    ['a <p> block over two lines', '<p>第一行\n第二行</p>\n原文链接：<https://a.example.com/x>\n', [3]],
    ['a <div> block', '<div class="x"><p>正文。</p></div>\n原文链接：<https://a.example.com/x>\n', [2]],
    ['an indented <p> block', '  <p>正文。</p>\n原文链接：<https://a.example.com/x>\n', [2]],
  ])('keeps the link of a Markdown line after %s', (_name, markdown, lines) => {
    const result = kramdownBlockBreaks(markdown);
    expect(result.lines).toEqual(lines);
    expect(render(markdown)).toContain(`<p>原文链接：${LINK}</p>`);
  });

  it('loses that link without it, which is why it exists', async () => {
    const { markdownToHtml } = await import('satteri');
    expect(markdownToHtml('<p>正文。</p>\n原文链接：<https://a.example.com/x>\n', { features: { gfm: true } }).html).not.toContain('<a ');
  });

  it.each([
    ['HTML followed by HTML', '<p>a</p>\n<p>b</p>\n'],
    ['inline HTML inside a paragraph', '文本 <b>x</b>\n下一行\n'],
    ['a fenced code block', '```\n<p>x</p>\ncode\n```\n'],
    ['a tilde fence', '~~~html\n<p>x</p>\ntext\n~~~\n'],
    ['indented code after HTML', '<p>a</p>\n    code\n'],
    ['an open block whose closing tag has not come', '<div>\n<p>a</p>\n</div>\n'],
    ['a blank line already there', '<p>a</p>\n\n原文链接：<https://a.example.com/x>\n'],
  ])('leaves %s alone', (_name, markdown) => {
    expect(kramdownBlockBreaks(markdown)).toEqual({ markdown, lines: [] });
  });
});

describe('withoutAttributeLists', () => {
  it.each([
    ['a block list on its own line', '第一段。\n{: .lead}\n\n第二段。\n', '第一段。\n\n第二段。\n', [2]],
    [
      'a span list after a link',
      '[原文](https://a.example.com/x){:target="_blank"} 见报道\n',
      '[原文](https://a.example.com/x) 见报道\n',
      [1],
    ],
    ['a span list after emphasis', '**重点**{: .red} 内容\n', '**重点** 内容\n', [1]],
  ])('takes out %s', (_name, markdown, expected, lines) => {
    expect(withoutAttributeLists(markdown)).toEqual({ markdown: expected, lines });
    expect(render(markdown)).not.toContain('{:');
  });

  it.each([
    ['code fences', '```\n{: .lead}\n[a](/b){:x}\n```\n'],
    ['indented code', '    {: .lead}\n'],
    ['braces in text', '价格区间 {: 不是属性 和 {a} 文字\n'],
  ])('leaves %s alone', (_name, markdown) => {
    expect(withoutAttributeLists(markdown).lines).toEqual([]);
  });
});

describe('kramdownHtml', () => {
  it('makes an autolink inside an HTML block the link it was meant to be', () => {
    const html = render('<p>原文：<https://a.example.com/x?b=1&c=2></p>\n');
    expect(html).toBe('<p>原文：<a href="https://a.example.com/x?b=1&amp;c=2">https://a.example.com/x?b=1&amp;c=2</a></p>\n');
  });

  it.each([
    ['a Markdown autolink', '原文：<https://a.example.com/x>\n', `<p>原文：${LINK}</p>\n`],
    ['an autolink in code', '`<https://a.example.com/x>`\n', '<p><code>&lt;https://a.example.com/x&gt;</code></p>\n'],
    ['another scheme', '<p>见 <ftp://a.example.com/x></p>\n', '<p>见 </p>\n'],
  ])('leaves %s as CommonMark reads it', (_name, markdown, expected) => {
    expect(render(markdown)).toBe(expected);
  });

  it('renders footnotes as kramdown did: references that lead to their notes and back, no English heading', () => {
    const html = render('正文[^1]，又一处[^说明]。\n\n[^1]: 第一条。\n[^说明]: 第二条。\n');
    expect(html).not.toContain('Footnotes');
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((match) => match[1]);
    const targets = [...html.matchAll(/ href="#([^"]+)"/g)].map((match) => match[1]);
    expect(ids).toHaveLength(4);
    // Every footnote link leads to an id on the page, and every id is led to.
    expect(new Set(targets)).toEqual(new Set(ids));
    expect(html).toContain('<li id="user-content-fn-1">');
  });

  it('keeps no other id: a post cannot name the page’s own elements', () => {
    const html = render('<p id="main"><a id="search" href="/x">x</a></p>\n<ol><li id="fn-1">y</li></ol>\n');
    expect(html).not.toContain(' id=');
  });
});

describe('kramdownSetextHeadings', () => {
  it.each<[string, string, number[]]>([
    ['a paragraph of two lines', '第一行\n第二行\n---\n', [3]],
    ['with = and trailing spaces', '第一行\n第二行\n===  \n', [3]],
    ['one line right after a rule, not a blank line', '---\n标题\n---\n', [3]],
    ['one line right after an ATX heading', '# 大标题\n小标题\n---\n', [3]],
    ['in a block quote', '> 第一行\n> 第二行\n> ---\n', [3]],
    ['in a list item', '- 第一行\n  第二行\n  ---\n', [3]],
    ['two, the second reached only once the first is a paragraph', '甲\n乙\n---\n丙\n---\n', [3, 5]],
  ])('escapes the underline of %s', (_name, markdown, lines) => {
    expect(kramdownSetextHeadings(markdown).lines).toEqual(lines);
    // The underline is text at the end of a paragraph (a list item's, when it is tight): `---` an
    // em dash, as kramdown's typography makes it.
    expect(render(markdown)).toMatch(/(?:—|===)<\/(?:p|li)>\n(?:<\/blockquote>\n|<\/ul>\n)?$/);
  });

  it.each<[string, string]>([
    ['one line at the start', '标题\n---\n\n正文\n'],
    ['one line after a blank line', '正文\n\n标题\n===\n'],
    ['one line first in a block quote', '正文\n> 标题\n> ---\n'],
    ['a rule after a blank line', '正文\n\n---\n'],
    ['a fenced code block', '```\n第一行\n第二行\n---\n```\n'],
    ['a table', '| a |\n|---|\n| b |\n'],
  ])('leaves %s alone', (_name, markdown) => {
    expect(kramdownSetextHeadings(markdown)).toEqual({ markdown, lines: [] });
  });

  it('makes no heading after a line kramdown read straight after a block of HTML', () => {
    expect(render('<p>正文。</p>\n标题\n---\n')).toBe('<p>正文。</p>\n<p>标题\n—</p>\n');
    expect(render('<p>正文。</p>\n\n标题\n---\n')).toBe('<p>正文。</p>\n<h2 id="标题">标题</h2>\n');
  });

  it('shows front matter after a blank line as Jekyll did: a rule and a paragraph, not one big heading', () => {
    const html = render('\n---\nlayout: post\ntitle: 标题\ncategories: caijing\n---\n<p>正文。</p>\n');
    expect(html).toBe('<hr />\n<p>layout: post\ntitle: 标题\ncategories: caijing\n—</p>\n<p>正文。</p>\n');
  });
});

// What Jekyll's kramdown made of real posts, when the folder is beside the checkout.
describe.runIf(REAL_JEKYLL_PRESENT)('a real post with a paragraph over an underline', () => {
  it('is a paragraph, as kramdown rendered it, not a heading', () => {
    const oracle = JSON.parse(gunzipSync(readFileSync(path.join(REAL_JEKYLL, 'oracle/terminus2049.json.gz'))).toString()) as {
      posts: { path: string; body_html: string }[];
    };
    const post = oracle.posts.find((candidate) => candidate.path.endsWith('2020-01-23-wu-han.md'))!;
    const text = readFileSync(path.join(REAL_JEKYLL, 'sites/terminus2049', post.path), 'utf8');
    const html = render(readFrontMatter(text, { repairTitles: false }).body);
    // kramdown set the underline as a typographic dash (—), and so does xinwen.
    expect(post.body_html).toMatch(/^\s*<p>原文来自[\s\S]*?\n作者 chuzhaoxin\n—<\/p>/);
    expect(html).toMatch(/^<p>原文来自[\s\S]*?\n作者 chuzhaoxin\n—<\/p>/);
    expect(html.match(/<h[1-6][\s>]/g)?.length ?? 0).toBe(post.body_html.match(/<h[1-6][\s>]/g)?.length ?? 0);
  });
});

describe('kramdownTablesAndHeadings', () => {
  it.each<[string, string, string[]]>([
    ['a line with a | between blank lines', '正文。\n\n编辑 | 任羽欣\n\n后文。\n', ['编辑', '任羽欣']],
    ['a line starting with |', '| 原乡 | 原物 |\n', ['原乡', '原物']],
    ['rows of different lengths, padded', 'a | b | c\nd | e\n', ['a', 'b', 'c', 'd', 'e', '']],
  ])('makes %s a table without header', (_name, markdown, cells) => {
    const html = render(markdown);
    expect(html).not.toContain('<thead>');
    expect([...html.matchAll(/<td>([^<]*)<\/td>/g)].map((match) => match[1])).toEqual(cells);
  });

  it.each<[string, string]>([
    ['an escaped |', '\\|**商务合作 \\| 授权转载\n'],
    ['a | in a code span', '权限为 `signature|installer`。\n'],
    ['a | line right after a paragraph line', '正文。\n编辑 | 任羽欣\n'],
    ['a | line followed by a line without one', '编辑 | 任羽欣\n正文。\n'],
    ['a list item', '- 甲 | 乙\n'],
    ['a GFM table with its delimiter row', '| a | b |\n|---|---|\n| 1 | 2 |\n'],
    ['a fenced code block', '```\na | b\n```\n'],
  ])('leaves %s as CommonMark reads it', (_name, markdown) => {
    expect(kramdownTablesAndHeadings(markdown)).toEqual({ markdown, lines: [] });
  });

  it('reads a # after leading spaces as text, as kramdown does, and one at the margin as a heading', () => {
    expect(render(' # 《愤怒的人民已不再恐惧》\n')).toBe('<p># 《愤怒的人民已不再恐惧》</p>\n');
    expect(render('# 标题\n')).toBe('<h1 id="标题">标题</h1>\n');
    // kramdown's GFM input wants a space after the #s, as CommonMark does.
    expect(render('##1. 第一节\n')).toBe('<p>##1. 第一节</p>\n');
  });
});

describe('addresses written in Chinese text', () => {
  it.each<[string, string]>([
    [
      '本站：https://x.example.com/a?b=1，见下文。',
      '<p>本站：<a href="https://x.example.com/a?b=1">https://x.example.com/a?b=1</a>，见下文。</p>\n',
    ],
    ['见 www.example.com/x。', '<p>见 <a href="http://www.example.com/x">www.example.com/x</a>。</p>\n'],
    [
      '（摘自。http://www.sohu.com/a/243973380\\_479698）',
      '<p>（摘自。<a href="http://www.sohu.com/a/243973380_479698">http://www.sohu.com/a/243973380_479698</a>）</p>\n',
    ],
  ])('end at the first Chinese punctuation mark: %s', (markdown, html) => {
    expect(render(markdown)).toBe(html);
  });

  it('keep Chinese letters in an address, and addresses written as <…> or [..](…) whole', () => {
    expect(render('https://zh.example.org/wiki/中国 条目')).toContain('>https://zh.example.org/wiki/中国</a>');
    expect(render('<https://x.example/a，b>')).toContain('>https://x.example/a，b</a>');
  });
});

describe('fenced code, as CommonMark closes it', () => {
  it.each<[string, string]>([
    ['a shorter fence inside a longer one', '````\n```\n{: .lead}\n````\n'],
    ['a fence of the other character', '~~~\n```\n{: .lead}\n~~~\n'],
    ['a fence with text after it', '```\n``` not a fence\n{: .lead}\n```\n'],
  ])('is left alone with %s', (_name, markdown) => {
    expect(withoutAttributeLists(markdown)).toEqual({ markdown, lines: [] });
  });

  it('ends at a fence at least as long, and what follows is read again', () => {
    expect(withoutAttributeLists('```\ncode\n`````\n{: .lead}\n').markdown).toBe('```\ncode\n`````\n');
  });
});

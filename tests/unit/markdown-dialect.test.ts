/**
 * Markdown read as kramdown read it where CommonMark would lose content: a Markdown line right
 * after a block of HTML starts Markdown of its own, through the real renderer and sanitizer.
 */
import { describe, expect, it } from 'vitest';
import { kramdownBlockBreaks, withoutAttributeLists } from '../../src/lib/markdown-dialect';
import { renderBody } from '../../src/reader/body';

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

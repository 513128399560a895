/**
 * Markdown as Jekyll's kramdown renders it (GFM input, smart quotes, typographic symbols,
 * automatic ids), where CommonMark reads the same text otherwise. Each case follows kramdown's
 * documented behaviour (its syntax page and the test cases of kramdown and kramdown-parser-gfm),
 * written again here, mostly in Chinese text as the archives have it. Output is compared as
 * markup and text, not the white space between tags; kramdown writes entities as characters
 * (Jekyll's `entity_output: as_char`), so “ ” — … « » are characters here too.
 */
import { describe, expect, it } from 'vitest';
import { kramdownToHtml } from '../../src/lib/kramdown-markdown';
import { renderBody } from '../../src/reader/body';

/** The HTML of a body, without the white space between tags. */
const html = (markdown: string) => kramdownToHtml(markdown).replace(/>\s+</g, '><').trim();

/** The content of the one paragraph a line of Markdown makes. */
function inline(markdown: string): string {
  const out = html(markdown);
  const paragraph = /^<p>([\s\S]*)<\/p>$/.exec(out);
  if (!paragraph) throw new Error(`not one paragraph: ${out}`);
  return paragraph[1]!;
}

const render = (markdown: string) => renderBody(markdown, 'md', { legacyHosts: [] }).replace(/>\s+</g, '><').trim();

describe('emphasis by kramdown’s rules', () => {
  it.each([
    ['one delimiter is emphasis, two are strong', '一个*强调*和一个**加粗**。', '一个<em>强调</em>和一个<strong>加粗</strong>。'],
    ['underscores too, between spaces', '还有 _下划线_ 与 __双下划线__ 。', '还有 <em>下划线</em> 与 <strong>双下划线</strong> 。'],
    // CommonMark's flanking rules leave these as asterisks: the closing ** stands between a
    // punctuation mark and a letter.
    [
      'a closing ** after CJK punctuation, before a letter',
      '**文｜**龚菁琦 **编辑｜**金石',
      '<strong>文｜</strong>龚菁琦 <strong>编辑｜</strong>金石',
    ],
    ['strong around curly quotes', '**“引号”**后面', '<strong>“引号”</strong>后面'],
    ['strong right after a letter and before one', '文**中**文', '文<strong>中</strong>文'],
    // Ruby's \s is ASCII white space: a no-break space before the closing ** is text.
    ['a no-break space before the closing **', '**蔬菜铺\u00a0**后面', '<strong>蔬菜铺\u00a0</strong>后面'],
    ['an ideographic space after the opening **', '**\u3000全角空格**', '<strong>\u3000全角空格</strong>'],
    ['over a line break', '*跨\n行*', '<em>跨\n行</em>'],
    [
      'emphasis around a link and code',
      '**[链接](/a)** 与 *`代码`*',
      '<strong><a href="/a">链接</a></strong> 与 <em><code>代码</code></em>',
    ],
    ['strong inside link text', '见[**加粗**](/a)', '见<a href="/a"><strong>加粗</strong></a>'],
    ['three delimiters: strong around emphasis', '***粗斜体***', '<strong><em>粗斜体</em></strong>'],
    ['strong closing with the emphasis around it', '*斜体**粗体***', '<em>斜体<strong>粗体</strong></em>'],
    ['emphasis inside strong', '**粗*斜*粗**', '<strong>粗<em>斜</em>粗</strong>'],
  ])('%s', (_name, markdown, expected) => {
    expect(inline(markdown)).toBe(expected);
  });

  it.each([
    ['a space after the opening delimiter', '价格 * 数量 * 2'],
    ['a space after ** or before the closing **', '** 不加粗** 和 **不加粗 **'],
    ['a delimiter that closes nowhere', '星号*单独一个'],
    ['escaped asterisks', '\\*不是强调\\*'],
    ['an underscore inside a word', 'snake_case_name'],
    ['an underscore after a CJK letter', '中文_下划线_中文'],
    ['an underscore after a letter and a hyphen', '中-_文_ 3'],
    ['a closing underscore before a letter', '_强调_文字'],
    ['double underscores inside a word', 'a__b__c'],
  ])('leaves text as it is: %s', (_name, markdown) => {
    expect(inline(markdown)).toBe(markdown.replace(/\\(?=\*)/g, ''));
  });

  it('opens with an underscore after a digit (only a letter before it keeps it text)', () => {
    expect(inline('版本1_中_ 2')).toBe('版本1<em>中</em> 2');
  });

  it('does not nest an emphasis in an emphasis: the inner opener is text', () => {
    expect(inline('*一 *二* 三*')).toBe('<em>一 *二</em> 三*');
  });

  it('reads ** that closes nowhere as * opening an emphasis, losing the first *', () => {
    // kramdown starts the emphasis at the second `*`; the first one is dropped.
    expect(inline('**文*')).toBe('<em>*文</em>');
    expect(inline('原句：Never Too Late for Justice.****')).toBe('原句：Never Too Late for Justice.<em>**</em>');
    expect(inline('有***一些* 字')).toBe('有<em>**一些</em> 字');
  });

  it('reads emphasis in headings and table cells too', () => {
    expect(html('## **文｜**标题')).toBe('<h2 id="文标题"><strong>文｜</strong>标题</h2>');
    expect(html('| 甲 | 乙 |\n|---|---|\n| **文｜**龚 | 丙 |')).toContain('<td><strong>文｜</strong>龚</td>');
  });
});

describe('emphasis on long paragraphs', () => {
  // kramdown reads on to the end of the paragraph for every delimiter that closes nowhere; done
  // naively for each, a paragraph with thousands of them takes minutes.
  it('renders 5,000 unmatched * as text', () => {
    const markdown = '文 *字 '.repeat(5000).trim();
    expect(inline(markdown)).toBe(markdown);
  });

  it('renders 5,000 unmatched ** as text', () => {
    const markdown = '文 **字 '.repeat(5000).trim();
    expect(inline(markdown)).toBe(markdown);
  });

  it('renders 5,000 unmatched _ and __ as text', () => {
    const markdown = 'a _b c __d '.repeat(2500).trim();
    expect(inline(markdown)).toBe(markdown);
  });

  it('still closes the first opener at the end of 5,000 unmatched ones', () => {
    const middle = '文 *字 '.repeat(5000);
    expect(inline(`${middle}*强调*`)).toBe(`文 <em>${middle.slice(3)}*强调</em>`);
    const strong = '文 **字 '.repeat(5000);
    expect(inline(`${strong}**粗**`)).toBe(`文 <strong>${strong.slice(4)}**粗</strong>`);
  });
});

describe('strikethrough: ~~ only, by kramdown-parser-gfm’s pattern', () => {
  it.each([
    ['two tildes strike', '~~删除~~线', '<del>删除</del>线'],
    ['a struck link', '公号~~[硝美丽](https://x.example/a)~~ 图', '公号<del><a href="https://x.example/a">硝美丽</a></del> 图'],
    ['strong inside', '~~**粗**删~~', '<del><strong>粗</strong>删</del>'],
    ['over a line break', '~~跨\n行~~', '<del>跨\n行</del>'],
    ['a third tilde stays outside', '文~~~三个~~~', '文~<del>三个</del>~'],
    ['next to CJK punctuation', '（~~删除~~）', '（<del>删除</del>）'],
  ])('%s', (_name, markdown, expected) => {
    expect(inline(markdown)).toBe(expected);
  });

  it.each([
    // GFM strikes the text between two single tildes; kramdown does not.
    ['a single tilde, as in a range', '40~65 元/千克…25~45 元'],
    ['a space after the opening ~~', '~~ 不删~~'],
    ['a space before the closing ~~', '~~不删 ~~'],
    ['an unclosed ~~', '价格~~上涨'],
  ])('leaves text as it is: %s', (_name, markdown) => {
    expect(inline(markdown)).toBe(markdown);
  });

  it('keeps <del> through the sanitizer', () => {
    expect(render('~~删除~~线')).toBe('<p><del>删除</del>线</p>');
  });
});

describe('smart quotes by kramdown’s rules', () => {
  it.each([
    ['double and single quotes around words', '"双引号"与 \'单引号\'', '“双引号”与 ‘单引号’'],
    // A quote after a letter or punctuation closes: Jekyll showed 说”好”.
    ['a quote after a CJK letter closes', '说"好"', '说”好”'],
    ['a quote after CJK punctuation closes', '他说："好的。"', '他说：”好的。”'],
    ['a single quote after a CJK letter closes', "与'单引号'", '与’单引号’'],
    ['an apostrophe', "It's fine", 'It’s fine'],
    ['an apostrophe before a decade', "the '90s", 'the ’90s'],
    ['a quote after an opening bracket opens', '("括号")和["方括号"]', '(“括号”)和[“方括号”]'],
    ['a quote before punctuation at the start', '"，" 后', '“，” 后'],
    ['a quote before emphasis opens', '"*强调*"', '“<em>强调</em>”'],
    ['a quote after strong', '**粗**"引"', '<strong>粗</strong>“引”'],
    ['nested quotes', '"\'Hi\'"', '“‘Hi’”'],
    // After an element, a quote followed by another takes the second as its closing one and
    // keeps the first straight.
    ['two quotes right after an element', "*强调*''后", "<em>强调</em>'’后"],
  ])('%s', (_name, markdown, expected) => {
    expect(inline(markdown)).toBe(expected);
  });

  it.each([
    ['in code', '`"代码"` 不变', '<code>"代码"</code> 不变'],
    ['escaped', '\\"转义\\"', '"转义"'],
  ])('leaves quotes straight %s', (_name, markdown, expected) => {
    expect(inline(markdown)).toBe(expected);
  });

  it('leaves quotes straight in a link address', () => {
    // kramdown writes the quotes as &quot;, CommonMark's renderer percent-encodes them.
    expect(inline('[链接](/a?q="x")')).toMatch(/^<a href="\/a\?q=(?:%22|&quot;)x(?:%22|&quot;)">链接<\/a>$/);
  });

  it('curls quotes in headings and their ids leave them out', () => {
    expect(html('## "引号" 标题')).toBe('<h2 id="引号-标题">“引号” 标题</h2>');
  });
});

describe('typographic symbols', () => {
  it.each([
    ['dashes and an ellipsis', '破折号---这里，短横--那里，省略...', '破折号—这里，短横–那里，省略…'],
    ['guillemets', '<<书名>>', '«书名»'],
    ['guillemets with spaces keep them as no-break spaces', '<< 空格 >>', '«\u00a0空格\u00a0»'],
    // `<b>` would be a tag to CommonMark; kramdown takes `<<` first.
    ['guillemets around a tag name', 'a <<b>> c', 'a «b» c'],
    ['Chinese dashes and ellipses stay', '中文——破折号……省略', '中文——破折号……省略'],
    ['not in code', '`a--b...` 代码', '<code>a--b...</code> 代码'],
    ['in emphasis', '*一--二*', '<em>一–二</em>'],
  ])('%s', (_name, markdown, expected) => {
    expect(inline(markdown)).toBe(expected);
  });

  it('reads a --- under two lines as an em dash, not a heading', () => {
    expect(html('第一行\n第二行\n---')).toBe('<p>第一行\n第二行\n—</p>');
  });
});

describe('heading ids as kramdown’s GFM parser makes them', () => {
  it.each([
    ['CJK kept, punctuation out', '## 一、关于中国', '<h2 id="一关于中国">一、关于中国</h2>'],
    ['lower case, spaces as -', '## Hello, World!', '<h2 id="hello-world">Hello, World!</h2>'],
    ['text of emphasis and code', '## **加粗** 和 `code`', '<h2 id="加粗-和-code"><strong>加粗</strong> 和 <code>code</code></h2>'],
    ['an explicit {#id}', '## 标题 {#my-id}', '<h2 id="my-id">标题</h2>'],
  ])('%s', (_name, markdown, expected) => {
    expect(html(markdown)).toBe(expected);
  });

  it('numbers a repeated id -1, -2', () => {
    expect(html('## 你好\n\n## 你好\n\n## 你好')).toBe('<h2 id="你好">你好</h2><h2 id="你好-1">你好</h2><h2 id="你好-2">你好</h2>');
  });

  it('keeps the ids through the sanitizer', () => {
    expect(render('## 一、关于中国\n\n## 标题 {#my-id}')).toBe('<h2 id="一关于中国">一、关于中国</h2><h2 id="my-id">标题</h2>');
  });
});

describe('{:toc}', () => {
  const markdown = '* 目录\n{:toc}\n\n## 甲\n\n### 乙\n\n## 丙';

  it('becomes the nested list of links to the headings', () => {
    const out = html(markdown).replace(/href="([^"]*)"/g, (_whole, href: string) => `href="${decodeURI(href)}"`);
    expect(out).toBe(
      '<ul id="markdown-toc">' +
        '<li><a href="#甲" id="markdown-toc-甲">甲</a><ul><li><a href="#乙" id="markdown-toc-乙">乙</a></li></ul></li>' +
        '<li><a href="#丙" id="markdown-toc-丙">丙</a></li>' +
        '</ul><h2 id="甲">甲</h2><h3 id="乙">乙</h3><h2 id="丙">丙</h2>',
    );
  });

  it('keeps its links through the sanitizer', () => {
    const out = render(markdown);
    expect(out).toContain('id="markdown-toc"');
    expect(out).toMatch(/<a href="#(?:甲|%E7%94%B2)"[^>]*>甲<\/a>/);
    expect(out).toContain('<h3 id="乙">乙</h3>');
  });
});

describe('| lines as tables', () => {
  it('reads a line with | as a table row without header', () => {
    expect(html('编辑 | 任羽欣')).toBe('<table><tbody><tr><td>编辑</td><td>任羽欣</td></tr></tbody></table>');
  });

  it('splits emphasis at the | as kramdown did', () => {
    expect(html('**原乡 | 原物 | 原味**')).toBe('<table><tbody><tr><td>**原乡</td><td>原物</td><td>原味**</td></tr></tbody></table>');
  });

  it('reads a table with a header line', () => {
    expect(html('| 甲 | 乙 |\n|---|---|\n| 1 | 2 |')).toBe(
      '<table><thead><tr><th>甲</th><th>乙</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>',
    );
  });
});

describe('headings', () => {
  it.each([
    ['an ATX heading', '# 标题', '<h1 id="标题">标题</h1>'],
    ['# after leading spaces is text', '  # 不是标题', '<p># 不是标题</p>'],
    ['# without a space is text', '#标题', '<p>#标题</p>'],
    ['a one-line setext heading', '标题\n===', '<h1 id="标题">标题</h1>'],
  ])('%s', (_name, markdown, expected) => {
    expect(html(markdown)).toBe(expected);
  });
});

describe('escapes kramdown does not know', () => {
  // kramdown's GFM parser escapes only \\.*_+`<>()[]{}#!:|"'$=-~ : `\&` stays `\&`, in a
  // paragraph with other span characters or without.
  it.each([
    ['x \\& y', '<p>x \\&amp; y</p>'],
    ['a \\& b.', '<p>a \\&amp; b.</p>'],
  ])('keeps the backslash of %s', (markdown, html) => {
    expect(kramdownToHtml(markdown).trim()).toBe(html);
  });
});

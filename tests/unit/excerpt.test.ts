import { describe, expect, it } from 'vitest';
import { excerpt, htmlToText } from '../../src/lib/excerpt';

/** Length in characters (code points), which is what excerpt counts. */
const length = (text: string) => Array.from(text).length;

/** True when `text` has a high or low surrogate without its partner. */
const hasLoneSurrogate = (text: string) => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);

describe('htmlToText', () => {
  it.each([
    ['block boundaries become spaces', '<p>第一段。</p><p>第二段。</p>', '第一段。 第二段。'],
    ['br and hr', '一<br>二<br/>三<hr />四', '一 二 三 四'],
    [
      'headings, lists, quotes, tables',
      '<h2>标题</h2><ul><li>甲</li><li>乙</li></ul><blockquote>引</blockquote><table><tr><td>1</td><td>2</td></tr></table>',
      '标题 甲 乙 引 1 2',
    ],
    [
      'inline tags join without a space',
      '<p><strong>【党旗】</strong>如今，<a href="/x">快递</a><em>小哥</em></p>',
      '【党旗】如今，快递小哥',
    ],
    ['a tag name that only starts like a block tag is inline', '<p>a<param>b<b>c</b><pre>d</pre></p>', 'abc d'],
    ['named entities', 'A &amp; B &lt;tag&gt; &quot;q&quot; &apos;s&apos;', 'A & B <tag> "q" \'s\''],
    ['numeric entities, decimal and hex, including astral', '&#20013;&#x6587; &#x1F600; &#134071;', '中文 😀 𠮷'],
    ['an escaped entity is decoded once', '&amp;lt;p&amp;gt;', '&lt;p&gt;'],
    ['an unknown entity stays as it was', '&foo; &bar', '&foo; &bar'],
    ['a reference to no character is U+FFFD, as HTML decodes it', '&#0; &#x110000; &#xD800;', '\uFFFD \uFFFD \uFFFD'],
    ['nbsp is a space and collapses', 'a&nbsp;&nbsp; b\u00a0\u00a0c', 'a b c'],
    ['whitespace collapsed and trimmed', '  <p>\n  一\t\t二\r\n\n三  </p>  ', '一 二 三'],
    ['uppercase tags', '<P>一</P><DIV>二</DIV><BR>三', '一 二 三'],
    ['empty', '', ''],
  ])('%s', (_, html, text) => {
    expect(htmlToText(html)).toBe(text);
  });

  it('drops tags with attributes', () => {
    expect(htmlToText('<p class="x" style="a:b">一<img src="a.png" alt="图">二</p>')).toBe('一二');
  });
});

describe('excerpt', () => {
  it.each([
    ['short text', '短文本。', 10],
    ['exactly the limit', '一二三四五六七八九十', 10],
    ['empty', '', 10],
  ])('returns %s unchanged', (_, text, max) => {
    expect(excerpt(text, max)).toBe(text);
  });

  it('trims surrounding whitespace', () => {
    expect(excerpt('  短文本。 \n', 10)).toBe('短文本。');
  });

  it('counts characters, not UTF-16 units or bytes', () => {
    // 10 astral characters are 20 UTF-16 units and 40 UTF-8 bytes, but fit in 10.
    const text = '𠮷'.repeat(10);
    expect(excerpt(text, 10)).toBe(text);
    expect(excerpt('中'.repeat(10), 10)).toBe('中'.repeat(10));
  });

  it('cuts at the last sentence end (。) in the final third, without an ellipsis', () => {
    // 20-character window; the final third starts at index 13.
    const text = '一二三四五六七八九十一二三四五。七八九十一二三四五六七八九十';
    expect(excerpt(text, 20)).toBe('一二三四五六七八九十一二三四五。');
  });

  it.each(['！', '？', '!', '?'])('cuts after %s too', (mark) => {
    const text = `一二三四五六七八九十一二三四五六${mark}八九十一二三四五六七八九十`;
    expect(excerpt(text, 20)).toBe(`一二三四五六七八九十一二三四五六${mark}`);
  });

  it('prefers the latest sentence end in the window', () => {
    const text = '一二三四五六七八九十一二三四。六七。九十一二三四五六七八九十';
    expect(excerpt(text, 20)).toBe('一二三四五六七八九十一二三四。六七。');
  });

  it('ignores a sentence end before the final third and cuts at a clause end with …', () => {
    const text = '一二三。五六七八九十一二三四五，七八九十一二三四五六七八九十';
    const result = excerpt(text, 20);
    expect(result).toBe('一二三。五六七八九十一二三四五…');
    expect(length(result)).toBeLessThanOrEqual(20);
  });

  it.each(['，', '、', '；', '：', ',', ';'])('treats %s as a clause end', (mark) => {
    const text = `一二三四五六七八九十一二三四五${mark}七八九十一二三四五六七八九十`;
    expect(excerpt(text, 20)).toBe('一二三四五六七八九十一二三四五…');
  });

  it('a sentence end wins over a later clause end', () => {
    const text = '一二三四五六七八九十一二三四。六七，九十一二三四五六七八九十';
    expect(excerpt(text, 20)).toBe('一二三四五六七八九十一二三四。');
  });

  it('falls back to a space, then to a hard cut, always within the limit', () => {
    const spaced = 'alpha beta gamma delta epsilon zeta eta theta';
    const atSpace = excerpt(spaced, 20);
    expect(atSpace).toBe('alpha beta gamma…');
    const hard = excerpt('一'.repeat(30), 20);
    expect(hard).toBe(`${'一'.repeat(19)}…`);
    expect(length(hard)).toBe(20);
  });

  it.each([
    ['emoji', '😀'],
    ['a CJK Extension B character', '𠮷'],
    ['a CJK Extension G character', '𰀀'],
  ])('never splits a surrogate pair (%s)', (_, astral) => {
    for (let max = 5; max <= 25; max += 1) {
      for (const text of [astral.repeat(40), `一${astral}`.repeat(20), `${astral}，`.repeat(20), `一二${astral}。`.repeat(12)]) {
        const result = excerpt(text, max);
        expect(hasLoneSurrogate(result), `${JSON.stringify(text)} at ${max}`).toBe(false);
        expect(length(result)).toBeLessThanOrEqual(max);
      }
    }
  });

  it('keeps an astral character that fits right before the cut', () => {
    expect(excerpt(`${'一'.repeat(18)}𠮷${'二'.repeat(10)}`, 20)).toBe(`${'一'.repeat(18)}𠮷…`);
  });

  it('works on the text of real article HTML', () => {
    const html =
      '<p><strong>【党旗在基层一线高高飘扬】</strong></p><p>如今，快递外卖小哥已经成为城市的一道风景，他们就像辛勤工作的“小蜜蜂”。为了让他们有个歇脚的地方，社区建起了驿站。</p>';
    const result = excerpt(htmlToText(html), 60);
    expect(result).toBe('【党旗在基层一线高高飘扬】 如今，快递外卖小哥已经成为城市的一道风景，他们就像辛勤工作的“小蜜蜂”。');
  });
});

describe('excerpt: a source label left at the end', () => {
  it.each([
    ['证监会发布新规。原文链接：', '证监会发布新规。'],
    ['证监会发布新规。 原文链接:', '证监会发布新规。'],
    ['证监会发布新规。原文地址：', '证监会发布新规。'],
    ['证监会发布新规。来源：', '证监会发布新规。'],
    ['Markets rallied. Source:', 'Markets rallied.'],
    ['原文链接：', ''],
  ])('%j → %j', (text, expected) => {
    expect(excerpt(text, 120)).toBe(expected);
  });

  it('drops a label the cut left behind, keeping the mark of the cut', () => {
    const text = `${'市场'.repeat(40)}，原文链接：https://example.com/a`;
    const cut = excerpt(text, 86);
    expect(cut).not.toMatch(/原文链接/);
    expect(cut).toBe(`${'市场'.repeat(40)}…`);
  });

  it('keeps words that only look like labels', () => {
    expect(excerpt('He named the source', 120)).toBe('He named the source');
    expect(excerpt('请查看原文链接中的说明。', 120)).toBe('请查看原文链接中的说明。');
  });
});

import { describe, expect, it } from 'vitest';
import { articleBody, type ExcerptOptions, searchExcerpt } from '../../src/lib/search-excerpt';
import { requiredTerms } from '../../src/lib/search-terms';

/** An excerpt as one string, marks in brackets: `…增持[国债]，…`. */
function excerpt(content: string, title: string, query: string, options?: ExcerptOptions): string {
  return searchExcerpt(content, title, requiredTerms(query), options)
    .map((part) => (part.marked ? `[${part.text}]` : part.text))
    .join('');
}

/** Indexed text as Pagefind gives it: the title, ". ", then the body's blocks joined by spaces. */
const TITLE = '美国债务上限再起争议';
const CHINESE = `${TITLE}. 美国债务上限谈判再度陷入僵局，市场避险情绪升温。 国内投资者继续增持国债，十年期国债收益率小幅回落至2.35%。`;
const LATIN_TITLE = 'Bond markets';
const LATIN = `${LATIN_TITLE}. Analysts in Shanghai said that demand for long-dated government bonds remained strong as the benchmark yield slipped below 2.35 percent, its level of last spring.`;

describe('articleBody', () => {
  it('takes the title and the mark Pagefind writes after it off the start', () => {
    expect(articleBody(CHINESE, TITLE)).toBe(
      '美国债务上限谈判再度陷入僵局，市场避险情绪升温。国内投资者继续增持国债，十年期国债收益率小幅回落至2.35%。',
    );
    expect(articleBody('标题？ 正文。', '标题？')).toBe('正文。');
    expect(articleBody('标题', '标题')).toBe('');
  });

  it('keeps text that does not start with the title, and Latin spaces', () => {
    expect(articleBody('正文提到标题。', '标题')).toBe('正文提到标题。');
    expect(articleBody(' Title.   Some  words\n here. ', ' Title ')).toBe('Some words here.');
  });
});

describe('searchExcerpt', () => {
  it('marks only the exact occurrences of the query, never the segment around them', () => {
    const text = excerpt(CHINESE, TITLE, '国债');
    expect(text).toBe('美[国债]务上限谈判再度陷入僵局，市场避险情绪升温。国内投资者继续增持[国债]，十年期[国债]收益率小幅回落至2.35%。');
    expect(text).not.toContain('[美国');
  });

  it('does not repeat the title, even when the title holds the match', () => {
    expect(excerpt(CHINESE, TITLE, '争议')).toBe(
      '美国债务上限谈判再度陷入僵局，市场避险情绪升温。国内投资者继续增持国债，十年期国债收益率小幅回落至2.35%。',
    );
    expect(excerpt(CHINESE, TITLE, '争议', { length: 20 })).toBe('美国债务上限谈判再度陷入僵局，…');
  });

  it('starts a Chinese excerpt at the clause holding the first match, with … where text was cut', () => {
    const content = `标题. ${'前文介绍了背景情况'.repeat(4)}。地方政府继续推进稳就业，保民生的各项举措，并加大对中小企业的支持力度。`;
    expect(excerpt(content, '标题', '民生')).toBe('…保[民生]的各项举措，并加大对中小企业的支持力度。');
    expect(excerpt(content, '标题', '民生', { length: 10 })).toBe('…保[民生]的各项举措，…');
  });

  it('starts at a word near the match when its clause starts further back than lookBehind', () => {
    const content = `标题. ${'没有标点的长句子'.repeat(8)}新能源汽车销量增长。`;
    const body = articleBody(content, '标题');
    const text = excerpt(content, '标题', '销量', { lookBehind: 20 });
    expect(text).toMatch(/^…[^…]+\[销量\]增长。$/);
    const shown = text.slice(1).replace(/[[\]]/g, '');
    const start = body.length - shown.length;
    // At most half of lookBehind before the match, at a place where the segmenter starts a word.
    expect(body.indexOf('销量') - start).toBeGreaterThan(0);
    expect(body.indexOf('销量') - start).toBeLessThanOrEqual(10);
    const wordStarts = [...new Intl.Segmenter('zh', { granularity: 'word' }).segment(body)].map((segment) => segment.index);
    expect(wordStarts).toContain(start);
  });

  it('starts Latin text at a clause or a word, never inside a word or a number', () => {
    expect(excerpt(LATIN, LATIN_TITLE, 'percent')).toBe('…slipped below 2.35 [percent], its level of last spring.');
    expect(excerpt(LATIN, LATIN_TITLE, 'yield')).toBe('…as the benchmark [yield] slipped below 2.35 percent, its level of last spring.');
    // A match inside a word or number starts the excerpt at that word or number.
    expect(excerpt(LATIN, LATIN_TITLE, 'ield')).toBe('…as the benchmark y[ield] slipped below 2.35 percent, its level of last spring.');
    expect(excerpt(LATIN, LATIN_TITLE, '35', { lookBehind: 4 })).toBe('…2.[35] percent, its level of last spring.');
    expect(excerpt(LATIN, LATIN_TITLE, 'dated', { lookBehind: 4 })).toBe(
      '…long-[dated] government bonds remained strong as the benchmark yield slipped below 2.35 percent, its level of last spring.',
    );
  });

  it('ends at a word, never inside a word or a number, and never cuts a match', () => {
    for (let length = 1; length < 160; length++) {
      const text = excerpt(LATIN, LATIN_TITLE, 'analysts', { length });
      expect(text.startsWith('[Analysts]'), `length ${length}`).toBe(true);
      if (!text.endsWith('…')) continue;
      const shown = text.replace(/[[\]]/g, '').slice(0, -1);
      // What follows a cut in this text is a space, or the comma after percent: 2|.35 and long|-dated are not cuts.
      expect(articleBody(LATIN, LATIN_TITLE).slice(shown.length), `length ${length}: ${text}`).toMatch(/^[ ,]/);
    }
    // However short the window, it holds the first match.
    expect(excerpt(LATIN, LATIN_TITLE, 'government', { length: 12 })).toBe('…for long-dated [government]…');
    expect(excerpt(LATIN, LATIN_TITLE, 'analysts', { length: 1 })).toBe('[Analysts]…');
  });

  it('starts at the body when the match is its first word, without …', () => {
    expect(excerpt(LATIN, LATIN_TITLE, 'analysts', { length: 30 })).toBe('[Analysts] in Shanghai said that…');
    expect(excerpt(CHINESE, TITLE, '美国债务', { length: 8 })).toBe('[美国债务]上限谈判…');
  });

  it('works on mixed Chinese and Latin text', () => {
    const content = '标题. 报告指出，Pagefind 与 5G 网络的结合仍在试验阶段。随后，多家厂商发布了支持５Ｇ的新设备，价格在3,999元左右。';
    expect(excerpt(content, '标题', '5g')).toBe(
      '…Pagefind 与 [5G] 网络的结合仍在试验阶段。随后，多家厂商发布了支持[５Ｇ]的新设备，价格在3,999元左右。',
    );
    expect(excerpt(content, '标题', '厂商 pagefind', { length: 40 })).toBe(
      '…[Pagefind] 与 5G 网络的结合仍在试验阶段。随后，多家[厂商]发布了支持５Ｇ…',
    );
    expect(excerpt(content, '标题', '999', { length: 5 })).toBe('…价格在3,[999]…');
  });

  it('marks every term of the query, adjacent ones as one mark', () => {
    const content = '标题. 在乡村振兴政策支持下，山区县的交通和教育条件持续改善，乡村面貌焕然一新。';
    expect(excerpt(content, '标题', '乡村振兴 教育')).toBe(
      '在[乡村振兴]政策支持下，山区县的交通和[教育]条件持续改善，[乡村]面貌焕然一新。',
    );
    const parts = searchExcerpt(content, '标题', requiredTerms('乡村振兴'));
    expect(parts.filter((part) => part.marked).map((part) => part.text)).toEqual(['乡村振兴', '乡村']);
  });

  it('gives plain text parts, whatever the text holds', () => {
    const parts = searchExcerpt('标题. <img src=x onerror=alert(1)> 国债 &amp; <b>', '标题', ['国债']);
    expect(parts).toEqual([
      { text: '<img src=x onerror=alert(1)> ', marked: false },
      { text: '国债', marked: true },
      { text: ' &amp; <b>', marked: false },
    ]);
  });

  it('gives nothing for an empty body', () => {
    expect(searchExcerpt('标题', '标题', ['标题'])).toEqual([]);
    expect(searchExcerpt('', '', ['国债'])).toEqual([]);
  });
});

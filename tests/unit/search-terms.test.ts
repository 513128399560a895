import { describe, expect, it } from 'vitest';
import { containsAllTerms, findTermRanges, foldText, requiredTerms } from '../../src/lib/search-terms';

describe('foldText', () => {
  it('folds full-width letters and digits to half-width and case to lower', () => {
    expect(foldText('Ｐａｇｅｆｉｎｄ ５Ｇ')).toBe('pagefind 5g');
    expect(foldText('PageFind')).toBe('pagefind');
  });

  it('leaves Chinese text and its punctuation as they are', () => {
    expect(foldText('稳就业，保民生。')).toBe('稳就业，保民生。');
  });
});

describe('requiredTerms', () => {
  it('splits a Chinese query into its words', () => {
    expect(requiredTerms('量子纠缠态')).toEqual(['量子', '纠缠', '态']);
    expect(requiredTerms('乡村振兴')).toEqual(['乡村', '振兴']);
  });

  it('ignores punctuation and whitespace', () => {
    expect(requiredTerms('稳就业，保民生')).toEqual(requiredTerms('稳就业保民生'));
    expect(requiredTerms('  山区 ！ ')).toEqual(['山区']);
    expect(requiredTerms('，。！ ')).toEqual([]);
  });

  it('folds Latin words and keeps each term once', () => {
    expect(requiredTerms('ＧＤＰ gdp GDP')).toEqual(['gdp']);
    expect(requiredTerms('5G 网络')).toEqual(['5g', '网络']);
  });
});

describe('containsAllTerms', () => {
  const text = '量子通信实验室公布新成果，系统保持稳定状态。';

  it('is true only when every word of the query is in the text', () => {
    expect(containsAllTerms(text, requiredTerms('量子通信'))).toBe(true);
    expect(containsAllTerms(text, requiredTerms('稳定状态'))).toBe(true);
    expect(containsAllTerms(text, requiredTerms('量子纠缠态'))).toBe(false);
    expect(containsAllTerms('系统保持稳定状态。', requiredTerms('量子纠缠态'))).toBe(false);
  });

  it('finds words on either side of a punctuation mark in the text', () => {
    expect(containsAllTerms('地方政府继续推进稳就业，保民生的各项举措。', requiredTerms('稳就业保民生'))).toBe(true);
  });

  it('ignores the width and case of Latin letters on both sides', () => {
    expect(containsAllTerms('新一代５Ｇ网络', requiredTerms('5g网络'))).toBe(true);
    expect(containsAllTerms('新一代5G网络', requiredTerms('５ｇ 网络'))).toBe(true);
    expect(containsAllTerms('新一代4G网络', requiredTerms('5G网络'))).toBe(false);
  });

  it('accepts any text when the query has no words', () => {
    expect(containsAllTerms('任意文字', [])).toBe(true);
  });
});

describe('findTermRanges', () => {
  /** The text of each range, to read the expectations as words rather than numbers. */
  const found = (text: string, query: string) => findTermRanges(text, requiredTerms(query)).map(({ start, end }) => text.slice(start, end));

  it('finds every exact occurrence of the terms, and nothing the segmenter splits differently', () => {
    const text = '美国债务上限谈判陷入僵局，国内投资者继续增持国债。';
    expect(findTermRanges(text, ['国债'])).toEqual([
      { start: 1, end: 3 },
      { start: 22, end: 24 },
    ]);
    expect(found(text, '国债')).toEqual(['国债', '国债']);
    expect(found(text, '美国')).toEqual(['美国']);
    expect(found(text, '量子')).toEqual([]);
  });

  it('takes the longest term where several start at one place, and never overlaps ranges', () => {
    const text = '十年期国债收益率小幅回落，国债走强';
    const ranges = findTermRanges(text, ['国债', '国债收益率']);
    expect(ranges.map(({ start, end }) => text.slice(start, end))).toEqual(['国债收益率', '国债']);
    expect(findTermRanges('国债收益率', ['国债', '国债收益率', '收益'])).toEqual([{ start: 0, end: 5 }]);
    expect(findTermRanges('abcd', ['ab', 'bcd'])).toEqual([{ start: 0, end: 2 }]);
  });

  it('ignores the case and width of Latin letters and gives places in the text as written', () => {
    const text = '新一代５Ｇ网络和 PageFind 与 pagefind';
    expect(found(text, '5g pagefind')).toEqual(['５Ｇ', 'PageFind', 'pagefind']);
    expect(findTermRanges('İ5G', ['5g'])).toEqual([{ start: 1, end: 3 }]);
  });

  it('reads terms as text, not as patterns', () => {
    expect(findTermRanges('C++ 与 C', ['c++', '(a|b)'])).toEqual([{ start: 0, end: 3 }]);
    expect(findTermRanges('a.b axb', ['a.b'])).toEqual([{ start: 0, end: 3 }]);
  });

  it('finds nothing for no terms or an empty term', () => {
    expect(findTermRanges('任意文字', [])).toEqual([]);
    expect(findTermRanges('任意文字', [''])).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { containsAllTerms, foldText, requiredTerms } from '../../src/lib/search-terms';

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

/** The slug `npm run new` gives a title: readable Latin words, or a stable hash for a Chinese title. */
import { describe, expect, it } from 'vitest';
import { slugFromTitle } from '../../src/lib/new-post';

const HASH = /^[0-9a-f]{8}$/;

describe('slugFromTitle', () => {
  it.each([
    ['a Chinese title', '光伏产业迎来新订单'],
    ['a Chinese title with a number', '央行宣布降准0.5个百分点'],
    ['a Chinese title with a year and a percentage', '2024年一季度GDP同比增长5.3%'],
    ['a Chinese title with a short Latin name', '美联储主席鲍威尔就CPI数据发表讲话'],
    ['punctuation only', '！？'],
    ['digits only', '2024'],
  ])('is a hash only for %s', (_name, title) => {
    expect(slugFromTitle(title)).toMatch(HASH);
  });

  it.each([
    ['a Latin title', 'CPI rises 0.3% in May', 'cpi-rises-0-3-in-may'],
    ['a mostly Latin title, with a hash for the rest', 'Apple发布iPhone 16', /^apple-iphone-16-[0-9a-f]{6}$/],
    ['at most eight words', 'one two three four five six seven eight nine', 'one-two-three-four-five-six-seven-eight'],
  ])('keeps the words of %s', (_name, title, slug) => {
    expect(slugFromTitle(title)).toMatch(slug);
  });

  it('gives one title one slug, and two titles two', () => {
    expect(slugFromTitle('央行宣布降准0.5个百分点')).toBe(slugFromTitle('央行宣布降准0.5个百分点'));
    expect(slugFromTitle('央行宣布降准0.5个百分点')).not.toBe(slugFromTitle('央行宣布降准0.25个百分点'));
  });
});

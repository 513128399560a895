import { describe, expect, it } from 'vitest';
import { groupByInitial, initialOf } from '../../src/lib/initials';

describe('initialOf', () => {
  it.each([
    ['guangmingribao', '光明日报', 'G'],
    ['CBOT', 'CBOT', 'C'],
    ['21caijing', '21财经', '0–9'],
    ['财经 要闻', '财经 要闻', '财'],
    ['𠮷野家', '𠮷野家', '𠮷'],
  ])('%s (%s) → %s', (key, name, initial) => {
    expect(initialOf(key, name)).toBe(initial);
  });
});

describe('groupByInitial', () => {
  it('puts letters first, then digits, then characters', () => {
    const items = [
      { key: 'zhongguo', name: '中国' },
      { key: '财经', name: '财经' },
      { key: '21caijing', name: '21财经' },
      { key: 'anxin', name: '安信' },
      { key: 'aiqing', name: '爱情' },
    ];
    expect(groupByInitial(items, (item) => item).map((group) => [group.initial, group.items.map((item) => item.name)])).toEqual([
      ['A', ['安信', '爱情']],
      ['Z', ['中国']],
      ['0–9', ['21财经']],
      ['财', ['财经']],
    ]);
  });
});

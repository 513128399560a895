/**
 * Page keys: a view's serialization refuses what JSON would lose or blur, names where it is,
 * and does not depend on the order fields were written in, at any depth.
 */
import { describe, expect, it } from 'vitest';
import { stableJson, viewKey } from '../../src/lib/cache-key';

describe('stableJson', () => {
  it.each([
    ['a Map', { a: { b: [1, new Map()] } }, '$.a.b[1] is a Map'],
    ['a Set at the top', new Set(), '$ is a Set'],
    ['a function', { a: () => 1 }, '$.a is a function'],
    ['NaN', { a: [1, Number.NaN] }, '$.a[1] is NaN'],
    ['Infinity', { a: Number.POSITIVE_INFINITY }, '$.a is Infinity'],
    ['undefined in an array', { a: [1, undefined] }, '$.a[1] is undefined'],
    ['an invalid Date', { d: new Date('no date') }, '$.d is an invalid Date'],
    ['an object with its own toJSON', { u: new URL('https://example.com/') }, '$.u is a URL'],
    ['a class instance', { a: new (class Widget {})() }, '$.a is a Widget'],
    ['a bigint', { a: 1n }, '$.a is a bigint'],
    ['a symbol', { a: Symbol('s') }, '$.a is a symbol'],
  ])('refuses %s and says where it is', (_, value, where) => {
    expect(() => stableJson(value)).toThrow(`stableJson: ${where}`);
  });

  it('writes Dates as ISO text, keeps null and leaves undefined fields out', () => {
    expect(stableJson({ b: 1, a: [{ z: 1, y: new Date(0) }], c: undefined, n: null })).toBe(
      '{"a":[{"y":"1970-01-01T00:00:00.000Z","z":1}],"b":1,"n":null}',
    );
  });

  it('gives the same text whatever order fields were written in, at any depth', () => {
    const one = {
      title: '标题',
      frame: { site: { title: '站', url: '/' }, feeds: [{ url: '/a.xml', title: 'A' }] },
      list: [{ b: 2, a: 1 }],
    };
    const other = {
      list: [{ a: 1, b: 2 }],
      frame: { feeds: [{ title: 'A', url: '/a.xml' }], site: { url: '/', title: '站' } },
      title: '标题',
    };
    expect(stableJson(other)).toBe(stableJson(one));
    expect(viewKey(other)).toBe(viewKey(one));
    // Array order is content: a list shown in another order is another page.
    expect(stableJson({ list: [2, 1] })).not.toBe(stableJson({ list: [1, 2] }));
  });
});

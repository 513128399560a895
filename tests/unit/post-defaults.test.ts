/**
 * Front-matter defaults by Jekyll's rules. The cases are a site built with Jekyll 4.3.1 to check
 * them: its `_config.yml` had the sets of `SETS` (paths under `_posts/`, which xinwen's are
 * relative to), and each expectation is the categories, tags and permalink Jekyll gave the post.
 */
import { describe, expect, it } from 'vitest';
import { asFrontMatterValue, defaultsFor, type PostDefaultSet, setApplies, withDefaults } from '../../src/lib/post-defaults';

const SETS: PostDefaultSet[] = [
  { path: '', values: { categories: 'base', tags: ['t0'] } },
  { path: 'news', values: { categories: ['news', 'extra'], permalink: '/n/:title.html' } },
  { path: 'news/sub', values: { published: 'false' } },
  { path: '*/deep*', values: { categories: 'globbed' } },
  { path: 'other', values: { meta: { a: '1', b: '2' } } },
];

const read = (file: string, own: Record<string, unknown> = {}) => withDefaults(defaultsFor(file, SETS), own);

describe('post defaults, as Jekyll applies them', () => {
  it('gives every post the sets whose path is empty', () => {
    expect(read('2024-01-01-root.md')).toEqual({ categories: 'base', tags: ['t0'] });
  });

  it('adds a post’s own categories after the defaults’, and lets its own tags replace them', () => {
    expect(read('2024-01-02-own.md', { categories: 'mine', tags: ['t1'] })).toMatchObject({ categories: ['base', 'mine'], tags: ['t1'] });
  });

  it('lets the set with the longer path win, replacing a list rather than adding to it', () => {
    expect(read('news/2024-01-03-n.md')).toEqual({ categories: ['news', 'extra'], tags: ['t0'], permalink: '/n/:title.html' });
    expect(read('news/2024-01-04-n2.md', { categories: ['own', 'news'] }).categories).toEqual(['news', 'extra', 'own']);
  });

  it('matches a path as text, so news covers newsletter too', () => {
    expect(read('newsletter/2024-01-06-l.md').permalink).toBe('/n/:title.html');
    expect(setApplies('news', 'newsletter/a.md')).toBe(true);
    expect(setApplies('news/', 'newsletter/a.md')).toBe(false);
  });

  it('carries published: false to the posts below its path', () => {
    expect(read('news/sub/2024-01-05-s.md').published).toBe('false');
    expect(read('news/2024-01-03-n.md').published).toBeUndefined();
  });

  it('keeps a default where the post’s own value is empty (null)', () => {
    expect(read('other/2024-01-07-o.md', { categories: null, tags: null, meta: { b: '3' } })).toEqual({
      categories: 'base',
      tags: ['t0'],
      meta: { a: '1', b: '3' },
    });
  });

  it('matches globs against the leading folders of a post’s path', () => {
    expect(read('x/deeper/2024-01-08-d.md').categories).toBe('globbed');
    expect(setApplies('*/deep*', 'x/shallow/a.md')).toBe(false);
    expect(setApplies('**/b', 'a/c/b/x.md')).toBe(true);
    expect(setApplies('a/*.md', 'a/2024-01-01-x.md')).toBe(true);
    expect(setApplies('a/*.md', 'a/b/2024-01-01-x.md')).toBe(false);
  });

  it('takes a later set over an earlier one of the same path length, and an earlier longer one over a later shorter one', () => {
    const sets: PostDefaultSet[] = [
      { path: 'ab', values: { layout: 'first', a: '1' } },
      { path: 'ab', values: { layout: 'second' } },
      { path: 'a', values: { layout: 'short', b: '2' } },
    ];
    expect(defaultsFor('ab/x.md', sets)).toEqual({ layout: 'second', a: '1', b: '2' });
  });

  it('leaves a post without applicable sets as it is', () => {
    expect(withDefaults({}, { title: 't', categories: 'a b' })).toEqual({ title: 't', categories: 'a b' });
    expect(defaultsFor('x.md', [])).toEqual({});
  });

  it('reads settings values as front matter reads them: text, lists and mappings', () => {
    expect(asFrontMatterValue({ published: false, n: 3, list: [1, 'a'], nested: { x: null } })).toEqual({
      published: 'false',
      n: '3',
      list: ['1', 'a'],
      nested: { x: null },
    });
  });
});

/**
 * `npm run migrate` carrying a `_config.yml`'s `defaults:` into `postDefaults`: the sets that
 * reach `_posts/`, relative to the posts folder, with the values xinwen reads, from the config
 * of `tests/fixtures/jekyll-defaults` (a site Jekyll 4.3.1 built; see tests/build/migrate-defaults.test.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { defaultsFor, withDefaults } from '../../src/lib/post-defaults';
import { carryDefaults } from '../../src/migrate/post-defaults';
import { mapJekyllConfig } from '../../src/migrate/site-config';

const CONFIG = readFileSync(path.join(import.meta.dirname, '../fixtures/jekyll-defaults/_config.yml'), 'utf8');

describe('carryDefaults', () => {
  const { sets, notCarried } = carryDefaults((YAML.parse(CONFIG) as { defaults: unknown }).defaults);

  it('carries the sets for posts, their paths relative to the posts folder', () => {
    expect(sets).toEqual([
      { path: '', values: { categories: 'base', tags: ['t0'] } },
      { path: 'news', values: { categories: ['news', 'extra'], permalink: '/n/:title.html' } },
      { path: 'news/sub', values: { published: false } },
      { path: '*/deep*', values: { categories: 'globbed' } },
    ]);
  });

  it('gives each post what Jekyll gave it', () => {
    const read = (file: string, own: Record<string, unknown> = {}) => withDefaults(defaultsFor(file, sets), own);
    expect(read('2024-01-02-own.md', { categories: 'mine' }).categories).toEqual(['base', 'mine']);
    expect(read('newsletter/2024-01-06-l.md')).toMatchObject({ categories: ['news', 'extra'], permalink: '/n/:title.html' });
    expect(read('news/sub/2024-01-05-s.md').published).toBe(false);
    expect(read('x/deeper/2024-01-08-d.md').categories).toBe('globbed');
  });

  it('names what it leaves out: other types, and values only the theme read', () => {
    expect(notCarried).toEqual([
      "defaults for pages — xinwen's pages are its own; only the sets for posts are carried",
      "defaults' layout, meta, author — values the old theme read; xinwen does not use them",
    ]);
  });

  it('maps scope paths that reach _posts/ as a whole or through a glob', () => {
    const carried = (path: string) => carryDefaults([{ scope: { path }, values: { categories: 'x' } }]).sets[0]?.path;
    expect(carried('/_posts/a')).toBe('a');
    expect(carried('_posts')).toBe('');
    expect(carried('_po')).toBe('');
    expect(carried('*/a')).toBe('a');
    expect(carried('_*')).toBe('');
    expect(carried('**/a')).toBe('**/a');
    expect(carried('blog')).toBeUndefined();
    expect(carried('_drafts')).toBeUndefined();
  });

  it('says when defaults: is no list, and skips a set without values, as Jekyll does', () => {
    expect(carryDefaults({ scope: {} }).notCarried).toEqual(['defaults: not a list of sets, so Jekyll used none either']);
    expect(carryDefaults([{ scope: { path: '' } }]).notCarried).toEqual(['defaults[0]: no values: mapping, so Jekyll skipped it too']);
    expect(carryDefaults(undefined)).toEqual({ sets: [], notCarried: [] });
  });
});

describe('mapJekyllConfig with defaults:', () => {
  it('writes postDefaults and lists defaults: no more as a key without a setting', () => {
    const mapping = mapJekyllConfig(YAML.parse(CONFIG) as Record<string, unknown>, {});
    expect(mapping.settings.postDefaults).toHaveLength(4);
    expect(mapping.unmapped.some((line) => line.startsWith('defaults:'))).toBe(false);
  });
});

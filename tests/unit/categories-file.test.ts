/**
 * The categories data file: an empty file, or one of comments alone (as `npm run migrate` writes
 * for a site without category names), is no entries, without a word from the build; a list or a
 * single value is refused with the file and what it must hold.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LoaderContext } from 'astro/loaders';
import { afterAll, describe, expect, it } from 'vitest';
import { categoriesLoader, categoryEntriesOf, hasCategoryEntries, readCategoryEntries } from '../../src/loaders/categories-file';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A project folder whose `src/data/categories.yml` holds `text` (none when undefined). */
function projectWith(text: string | undefined): string {
  const root = mkdtempSync(path.join(tmpdir(), 'xinwen-categories-'));
  folders.push(root);
  if (text !== undefined) {
    mkdirSync(path.join(root, 'src/data'), { recursive: true });
    writeFileSync(path.join(root, 'src/data/categories.yml'), text);
  }
  return root;
}

/**
 * Runs the loader over a project folder with a store and a logger that remember what they got.
 * The store changes as Astro's does: an entry set again with the digest it has is left as it is.
 * `changes` counts the entries set or deleted; any change makes Astro write its whole store.
 */
async function load(root: string, stored = new Map<string, { data: unknown; digest?: string }>()) {
  const logged: string[] = [];
  const log = (message: string) => logged.push(message);
  let changes = 0;
  const context = {
    collection: 'categories',
    config: { root: pathToFileURL(`${root}/`) },
    logger: { info: log, warn: log, error: log, debug: log },
    store: {
      keys: () => [...stored.keys()],
      delete: (id: string) => {
        changes += 1;
        stored.delete(id);
      },
      set: ({ id, data, digest }: { id: string; data: unknown; digest?: string }) => {
        if (digest !== undefined && stored.get(id)?.digest === digest) return false;
        changes += 1;
        stored.set(id, { data, digest });
        return true;
      },
    },
    parseData: async ({ data }: { data: unknown }) => data,
    generateDigest: (data: unknown) => JSON.stringify(data),
  } as unknown as LoaderContext;
  await categoriesLoader().load(context);
  return { stored: new Map([...stored].map(([id, { data }]) => [id, data])), logged, changes, store: stored };
}

const EMPTY = [
  ['an empty file', ''],
  ['comments alone', '# Display names of categories.\n# Written by npm run migrate.\n'],
  ['an empty mapping', '# Written by npm run migrate.\n{}\n'],
  ['a document marker alone', '---\n'],
] as const;

describe('the categories file', () => {
  it.each(EMPTY)('reads %s as no entries, and the loader says nothing', async (_name, text) => {
    expect(categoryEntriesOf(text)).toEqual({});
    const root = projectWith(text);
    expect(hasCategoryEntries(root)).toBe(false);
    expect(await load(root)).toMatchObject({ stored: new Map(), logged: [] });
  });

  it('reads a missing file as no entries', async () => {
    const root = projectWith(undefined);
    expect(readCategoryEntries(root)).toEqual({});
    expect(hasCategoryEntries(root)).toBe(false);
    expect((await load(root)).stored.size).toBe(0);
  });

  it('gives each entry of a mapping to the collection by its key', async () => {
    const root = projectWith('caijing:\n  name: 财经\nCBOT:\n  name: 芝加哥期货\n  oldUrls: [/category/CBOT.html]\n');
    expect(hasCategoryEntries(root)).toBe(true);
    const { stored, logged } = await load(root);
    expect([...stored]).toEqual([
      ['caijing', { name: '财经' }],
      ['CBOT', { name: '芝加哥期货', oldUrls: ['/category/CBOT.html'] }],
    ]);
    expect(logged).toEqual([]);
  });

  it('changes the store only where the file changed: an unchanged file changes nothing', async () => {
    const root = projectWith('caijing:\n  name: 财经\nyaowen:\n  name: 要闻\n');
    const first = await load(root);
    expect(first.changes).toBe(2);
    expect((await load(root, first.store)).changes).toBe(0);
    writeFileSync(path.join(root, 'src/data/categories.yml'), 'caijing:\n  name: 财经新闻\nkeji:\n  name: 科技\n');
    const edited = await load(root, first.store);
    // caijing renamed, keji added, yaowen deleted.
    expect(edited.changes).toBe(3);
    expect([...edited.stored]).toEqual([
      ['caijing', { name: '财经新闻' }],
      ['keji', { name: '科技' }],
    ]);
  });

  it.each([
    ['a list', '- caijing\n- yaowen\n', 'a list'],
    ['a single value', '财经\n', 'a single value'],
  ])('refuses %s, naming the file and what it must hold', async (_name, text, what) => {
    const message = `src/data/categories.yml: must map each category key to its entry (name:, and description: or oldUrls: if wanted), not hold ${what}`;
    expect(() => categoryEntriesOf(text)).toThrow(message);
    await expect(load(projectWith(text))).rejects.toThrow(message);
  });

  it('refuses YAML it cannot read, naming the file', () => {
    expect(() => categoryEntriesOf('caijing: [unclosed\n')).toThrow(/^src\/data\/categories\.yml: cannot be read \(.*\); fix its YAML$/);
  });
});

/**
 * The categories data (`src/data/categories.yml`) as a content collection, and the one reading
 * of that file that the collection, the site data and `npm run check` share.
 *
 * Astro's `file()` loader refuses a file without entries: an empty file is "invalid data", a
 * file of comments alone stops the build, and `getCollection` warns that a collection without
 * entries "does not exist". A site with no category names (as `npm run migrate` writes for a
 * site whose categories need none) is normal, so here an empty file is no entries and no word.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AstroError } from 'astro/errors';
import type { Loader, LoaderContext } from 'astro/loaders';
import YAML from 'yaml';
import { CATEGORIES_FILE } from '../schemas/category';

/** A categories file that is not a mapping of keys to entries. */
export class CategoriesFileError extends Error {
  override name = 'CategoriesFileError';
}

/**
 * The entries of a categories file's text, by key: empty when the file is empty or holds only
 * comments. Throws {@link CategoriesFileError} for YAML that cannot be read or is not a mapping.
 */
export function categoryEntriesOf(text: string, file: string = CATEGORIES_FILE): Record<string, unknown> {
  let data: unknown;
  try {
    data = YAML.parse(text);
  } catch (error) {
    throw new CategoriesFileError(`${file}: cannot be read (${(error as Error).message.split('\n')[0]}); fix its YAML`);
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new CategoriesFileError(
      `${file}: must map each category key to its entry (name:, and description: or oldUrls: if wanted), not hold ${Array.isArray(data) ? 'a list' : 'a single value'}`,
    );
  }
  return data as Record<string, unknown>;
}

/** The entries of the categories file of the project at `root`; none when it does not exist. */
export function readCategoryEntries(root: string, file: string = CATEGORIES_FILE): Record<string, unknown> {
  const full = path.resolve(root, file);
  return existsSync(full) ? categoryEntriesOf(readFileSync(full, 'utf8'), file) : {};
}

/**
 * Whether the project at `root` has any category entry. The site data asks before
 * `getCollection('categories')`, which warns about a collection without entries.
 */
export function hasCategoryEntries(root: string, file: string = CATEGORIES_FILE): boolean {
  return Object.keys(readCategoryEntries(root, file)).length > 0;
}

/** The collection loader: each entry of the file, checked by the collection's schema. */
export function categoriesLoader(file: string = CATEGORIES_FILE): Loader {
  async function sync(context: LoaderContext, full: string): Promise<void> {
    let entries: Record<string, unknown>;
    try {
      entries = existsSync(full) ? categoryEntriesOf(readFileSync(full, 'utf8'), file) : {};
    } catch (error) {
      if (!(error instanceof CategoriesFileError)) throw error;
      throw new AstroError(error.message);
    }
    // Entries are replaced only where they changed: any change to the store makes Astro write
    // all of it again, posts included, and the categories file rarely changes.
    for (const id of context.store.keys()) if (!Object.hasOwn(entries, id)) context.store.delete(id);
    for (const [id, data] of Object.entries(entries)) {
      const parsed = await context.parseData({ id, data: data as Record<string, unknown>, filePath: file });
      context.store.set({ id, data: parsed, filePath: file, digest: context.generateDigest(JSON.stringify([file, parsed])) });
    }
  }

  return {
    name: 'xinwen-categories',
    async load(context) {
      const full = path.resolve(fileURLToPath(context.config.root), file);
      await sync(context, full);
      const watcher = context.watcher;
      if (!watcher) return;
      watcher.add(full);
      const reload = async (changed: string) => {
        if (path.resolve(changed) !== full) return;
        context.logger.info(`reloading ${file}`);
        await sync(context, full);
      };
      watcher.on('add', reload);
      watcher.on('change', reload);
      watcher.on('unlink', reload);
    },
  };
}

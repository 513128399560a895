/**
 * The link check of `npm run check`: the posts' links into the site resolved against the pages
 * the site will have — built from the same site index the routes render, with the categories
 * data and the files of `public/` — without building it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { OLD_SITE_FILE, type OldSiteLookup, oldSiteLookup, parseOldSite } from '../lib/old-site';
import { buildSiteIndex, type IndexedPost, indexOptions } from '../lib/site-index';
import { checkBodyLinks, outputFiles, type BodyLinkCheck } from '../lib/site-pages';
import { sitePaths } from '../route-data/routes';
import { type CategoryData, categorySchema } from '../schemas/category';
import type { Settings } from '../schemas/settings';
import { readCategoryEntries } from './categories-file';
import type { FolderEntry } from './posts-folder';

/** The site's static files (`public/`), as output paths. */
function publicFiles(root: string): string[] {
  const dir = path.join(root, 'public');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

/** The categories data; entries the build would reject are left out here (the build names them). */
function categoryData(root: string): Map<string, CategoryData> {
  let data: Record<string, unknown>;
  try {
    data = readCategoryEntries(root);
  } catch {
    return new Map();
  }
  const entries = new Map<string, CategoryData>();
  for (const [key, value] of Object.entries(data)) {
    const checked = categorySchema.safeParse(value);
    if (checked.success) entries.set(key, checked.data);
  }
  return entries;
}

/**
 * Whether the file system under `root` ignores case (macOS, Windows): the project folder holds
 * package.json, and finding it under another case means case is ignored.
 */
export function caseInsensitiveFolder(root: string): boolean {
  return existsSync(path.join(root, 'PACKAGE.JSON'));
}

/** The output files the site will have (pages, feeds, `public/`) for the posts read into `entries`. */
export function expectedFiles(
  entries: Iterable<FolderEntry>,
  settings: Settings,
  root: string,
): { posts: IndexedPost[]; files: Set<string> } {
  // Neither digests nor bodies decide which pages exist.
  const posts: IndexedPost[] = [...entries].map(({ id, post }) => ({ id, ...post, digest: '', bodyId: '', bodyDigest: '' }));
  const site = buildSiteIndex(posts, indexOptions(settings, categoryData(root), caseInsensitiveFolder(root)));
  const files = outputFiles(sitePaths({ site, settings }));
  for (const file of publicFiles(root)) files.add(file);
  return { posts: site.posts, files };
}

/**
 * The old site's pages and files as `npm run migrate` wrote them down in the project at `root`
 * (`src/data/old-site.yml`), to tell links to them from links that lead nowhere; undefined
 * without the record.
 */
export function readOldSite(root: string): OldSiteLookup | undefined {
  const file = path.join(root, OLD_SITE_FILE);
  return existsSync(file) ? oldSiteLookup(parseOldSite(readFileSync(file, 'utf8'))) : undefined;
}

/** Checks the links of the posts read into `entries` against the pages the site will have. */
export function checkPostLinks(entries: Iterable<FolderEntry>, settings: Settings, root: string): BodyLinkCheck {
  const { posts, files } = expectedFiles(entries, settings, root);
  return checkBodyLinks(posts, files, undefined, readOldSite(root));
}

/**
 * Keeps the output folder in step with the build, so incremental builds can leave unchanged
 * files in place instead of emptying the folder and copying 20,000 pages back:
 * - files Astro named with `%3F`/`%23` get their decoded names (a static server decodes
 *   `/a%3F/b.html` to `/a?/b.html`), names with the route parameters' stand-ins
 *   (`ROUTE_STAND_INS`) get their `%`, `\`…, and pages of folder URLs (`/a/b/`), which Astro cannot
 *   write as `index.html` from a rest parameter, move from `index.folder.html` to `index.html`,
 *   and pages named by their exact path (`a/x.shtml`, `EXACT_FILE_MARK`) lose the `.html` Astro adds;
 * - every file this build neither wrote nor kept (pages of deleted posts, old hashed assets,
 *   surplus sitemap files) is deleted, then folders left empty.
 * A name that literally contains `%3F` keeps it: its `%` reaches Astro as the stand-in.
 */
import { existsSync, readdirSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { EXACT_FILE_MARK, FOLDER_PAGE_FILE, ROUTE_STAND_INS } from '../../lib/permalink';
import type { PostBuildStep } from './pipeline';
import { relativePath, type PipelineState } from './state';

// A page written by its exact name (`a/x.shtml`) comes from Astro as `a/x.shtml` + the mark + `.html`.
const EXACT_FILE_SUFFIX = `${EXACT_FILE_MARK}.html`;
const UNESCAPED: Record<string, string> = {
  '%3F': '?',
  '%23': '#',
  ...Object.fromEntries(Object.entries(ROUTE_STAND_INS).map(([character, standIn]) => [standIn, character])),
};
const ESCAPES = `%3F|%23|[${Object.values(ROUTE_STAND_INS).join('')}]`;
const ASTRO_ESCAPE = new RegExp(ESCAPES, 'i');
const ASTRO_ESCAPES = new RegExp(ESCAPES, 'gi');

/**
 * A path or name with Astro's `%3F`/`%23` escapes and the route parameters' stand-ins (`%`,
 * `\`…) decoded, and a folder page's file named `index.html`.
 */
export function decodeName(name: string): string {
  const decodeEscapes = (text: string) => text.replace(ASTRO_ESCAPES, (sequence) => UNESCAPED[sequence.toUpperCase()]!);
  // A page named exactly is named as its path says, `…/index.folder.html` included.
  if (name.endsWith(EXACT_FILE_SUFFIX)) return decodeEscapes(name.slice(0, -EXACT_FILE_SUFFIX.length));
  const decoded = decodeEscapes(name);
  return decoded === FOLDER_PAGE_FILE || decoded.endsWith(`/${FOLDER_PAGE_FILE}`)
    ? `${decoded.slice(0, -FOLDER_PAGE_FILE.length)}index.html`
    : decoded;
}

/** Whether an output name is one {@link decodeName} changes. */
function needsRenaming(segment: string): boolean {
  return ASTRO_ESCAPE.test(segment) || segment === FOLDER_PAGE_FILE || segment.endsWith(EXACT_FILE_SUFFIX);
}

/** Moves `from` to `to`; a folder is merged into an existing folder of that name. */
function moveInto(from: string, to: string): void {
  if (existsSync(to) && statSync(to).isDirectory() && statSync(from).isDirectory()) {
    for (const name of readdirSync(from)) moveInto(path.join(from, name), path.join(to, name));
    rmdirSync(from);
  } else {
    renameSync(from, to);
  }
}

/**
 * Renames the escaped names among `written` (paths relative to `dir`), files and folders alike.
 * Returns the number of renames.
 */
export function decodeFileNames(dir: string, written: Iterable<string>): number {
  const escaped = new Set<string>();
  for (const file of written) {
    const segments = file.split('/');
    segments.forEach((segment, index) => {
      if (needsRenaming(segment)) escaped.add(segments.slice(0, index + 1).join('/'));
    });
  }
  let renamed = 0;
  // Deepest first: renaming a folder first would move its escaped children away from their paths.
  for (const relative of [...escaped].sort((a, b) => b.split('/').length - a.split('/').length)) {
    const from = path.join(dir, relative);
    if (!existsSync(from)) continue;
    const segments = relative.split('/');
    moveInto(from, path.join(dir, ...segments.slice(0, -1), decodeName(segments.at(-1)!)));
    renamed += 1;
  }
  return renamed;
}

/** Every file below `dir` (none when it does not exist), relative and `/`-separated. */
export function filesBelow(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relativePath(dir, path.join(entry.parentPath, entry.name)));
}

/** Files to keep, by relative path; and whole top-level folders kept as they are, not even looked into. */
export interface KeptFiles {
  has(relative: string): boolean;
  folders?: ReadonlySet<string>;
}

/**
 * Deletes the files below `dir` that are neither in `keep` (paths relative to `dir`) nor
 * `written` by this build, then folders left empty. Returns the number of files deleted; the
 * files left are added to `remaining` when given, so later steps need not walk the folder again.
 * The folders `keep` keeps whole are not walked, and their files are not in `remaining`.
 */
export function pruneStaleFiles(dir: string, keep: KeptFiles, written: (relative: string) => boolean, remaining?: string[]): number {
  let removed = 0;
  const folders: string[] = [];
  const walk = (folder: string, prefix: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      const relative = prefix + entry.name;
      if (entry.isDirectory()) {
        if (prefix === '' && keep.folders?.has(entry.name)) continue;
        folders.push(full);
        walk(full, `${relative}/`);
        continue;
      }
      if (keep.has(relative) || written(relative)) {
        remaining?.push(relative);
        continue;
      }
      rmSync(full);
      removed += 1;
    }
  };
  walk(dir, '');
  if (removed > 0) {
    // Deepest first, so a folder emptied by removing its empty children goes too.
    for (const folder of folders.sort((a, b) => b.length - a.length)) {
      if (readdirSync(folder).length === 0) rmdirSync(folder);
    }
  }
  return removed;
}

/**
 * The files of the output to keep whatever their age: every route output (decoded), every
 * public file, and everything in `keepFolders` (relative to the output).
 */
export function filesToKeep(state: Pick<PipelineState, 'publicDir' | 'outputs' | 'kept'>, keepFolders: readonly string[]): KeptFiles {
  const keep = new Set([...state.outputs.map(decodeName), ...state.kept]);
  for (const file of filesBelow(state.publicDir)) keep.add(file);
  // Whole folders, not walked at all: the search index's hold tens of thousands of files.
  return { has: (relative) => keep.has(relative), folders: new Set(keepFolders) };
}

/**
 * The tidying step.
 * @param keepFolders folders (relative to the output) that later steps own and keep between
 * builds, such as the search index; or a function that lists them in the output folder.
 */
export function outputFolderStep(keepFolders: readonly string[] | ((outDir: string) => readonly string[])): PostBuildStep {
  return {
    name: 'output-folder',
    required: true,
    run(state, logger) {
      const renamed = decodeFileNames(state.outDir, state.outputs);
      if (renamed > 0)
        logger.info(`renamed ${renamed} output files and folders to their final names (? and # decoded, folder pages as index.html)`);
      const folders = typeof keepFolders === 'function' ? keepFolders(state.outDir) : keepFolders;
      const remaining: string[] = [];
      const pruned = pruneStaleFiles(state.outDir, filesToKeep(state, folders), (file) => state.wasWritten(file), remaining);
      state.outputFiles = remaining;
      if (pruned > 0) logger.info(`removed ${pruned} output files of an earlier build`);
    },
  };
}

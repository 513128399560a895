/**
 * Keeps the output folder in step with the build, so incremental builds can leave unchanged
 * files in place instead of emptying the folder and copying 20,000 pages back:
 * - before the build: remember the time;
 * - after it: give files Astro named with `%3F`/`%23` their decoded names (a static server
 *   decodes `/a%3F/b.html` to `/a?/b.html`), and delete every file this build neither wrote
 *   nor kept (pages of deleted posts, old hashed assets), then folders left empty.
 * A name that literally contained `%3F` or `%23` would be renamed too; no Jekyll slug or
 * category is expected to.
 */
import { existsSync, readdirSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { buildStartTime } from './build-clock';

const ASTRO_ESCAPES = /%3F|%23/gi;

/** A path or name with Astro's `%3F`/`%23` escapes decoded. */
export function decodeName(name: string): string {
  return name.replace(ASTRO_ESCAPES, (escape) => (escape.toUpperCase() === '%3F' ? '?' : '#'));
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
 * Renames the escaped names among `written` (paths relative to `dir`), outermost folder first,
 * so each folder is moved once. Returns the number of renames.
 */
export function decodeFileNames(dir: string, written: Iterable<string>): number {
  const escaped = new Set<string>();
  for (const file of written) {
    const segments = file.split('/');
    for (let depth = 1; depth <= segments.length; depth += 1) {
      if (ASTRO_ESCAPES.test(segments[depth - 1]!)) escaped.add(segments.slice(0, depth).join('/'));
      ASTRO_ESCAPES.lastIndex = 0;
    }
  }
  let renamed = 0;
  // Deepest first: a parent's rename would move its escaped children out from under their paths.
  for (const relative of [...escaped].sort((a, b) => b.split('/').length - a.split('/').length)) {
    const from = path.join(dir, relative);
    if (!existsSync(from)) continue;
    const segments = relative.split('/');
    moveInto(from, path.join(dir, ...segments.slice(0, -1), decodeName(segments.at(-1)!)));
    renamed += 1;
  }
  return renamed;
}

/**
 * Deletes files below `dir` that are not in `keep` (paths relative to `dir`) and are older than
 * `since`, then folders left empty. Returns the number of files deleted.
 */
export function pruneStaleFiles(dir: string, keep: ReadonlySet<string>, since: number): number {
  let removed = 0;
  const folders: string[] = [];
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    if (entry.isDirectory()) {
      folders.push(full);
      continue;
    }
    const relative = path.relative(dir, full).split(path.sep).join('/');
    if (keep.has(relative) || statSync(full).mtimeMs >= since) continue;
    rmSync(full);
    removed += 1;
  }
  if (removed > 0) {
    // Deepest first, so a folder emptied by removing its empty children goes too.
    for (const folder of folders.sort((a, b) => b.length - a.length)) {
      if (readdirSync(folder).length === 0) rmdirSync(folder);
    }
  }
  return removed;
}

/**
 * @param keepFolders folders (relative to the output) that other integrations own and keep
 * between builds, such as the search index.
 */
export default function outputFolder(keepFolders: readonly string[] = []): AstroIntegration {
  let buildStarted = Date.now();
  let publicDir = '';
  return {
    name: 'xinwen:output-folder',
    hooks: {
      'astro:config:done': ({ config }) => {
        publicDir = fileURLToPath(config.publicDir);
      },
      'astro:build:start': () => {
        buildStarted = buildStartTime();
      },
      'astro:build:done': ({ dir, assets, logger }) => {
        const outDir = fileURLToPath(dir);
        const written: string[] = [];
        for (const urls of assets.values()) {
          for (const url of urls) written.push(path.relative(outDir, fileURLToPath(url)).split(path.sep).join('/'));
        }
        const renamed = decodeFileNames(outDir, written);
        if (renamed > 0) logger.info(`renamed ${renamed} output files and folders to their decoded names (? and #)`);
        const keep = new Set(written.map(decodeName));
        if (existsSync(publicDir)) {
          for (const file of readdirSync(publicDir, { recursive: true, encoding: 'utf8' })) keep.add(file.split(path.sep).join('/'));
        }
        for (const folder of keepFolders) {
          const full = path.join(outDir, folder);
          if (existsSync(full)) {
            for (const file of readdirSync(full, { recursive: true, encoding: 'utf8' })) keep.add(`${folder}/${file.split(path.sep).join('/')}`);
          }
        }
        const pruned = pruneStaleFiles(outDir, keep, buildStarted);
        if (pruned > 0) logger.info(`removed ${pruned} output files of an earlier build`);
      },
    },
  };
}

/**
 * The content loader for a Jekyll `_posts` folder. It reads the folder with
 * {@link readPostsFolder} (front matter, Markdown, sanitizing: once per post), keeps the stored
 * entry of any file whose content digest is unchanged, and reports every file it could not
 * use. With `invalidPosts: 'fail'` an invalid file stops the build after all are listed.
 */
import { lstatSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AstroError } from 'astro/errors';
import type { Loader, LoaderContext } from 'astro/loaders';
import { BODY_STORE_FORMAT } from '../lib/body-store';
import type { Problem } from '../lib/problem';
import { publicationOf } from '../reader/publication';
import { readerFingerprint, type ReaderSettings } from '../reader/settings';
import { buildClock } from '../settings';
import { HTML_STORE_DIR } from './html-store';
import { decodeName } from '../integrations/post-build/output-folder';
import { exactFileOf, outputFileOfParam, routeParamForPath } from '../lib/permalink';
import { type FolderEntry, postsFolder, type ReaderCache, readPostsFolder } from './posts-folder';
import { formatProblem, formatReport, type PostsReport, REPORT_FILE } from './report';
import { LoaderCache } from './store-cache';

/**
 * Creates the posts loader for the given reader settings. `clock` gives the instant each load
 * takes as now; it is kept out of the reader fingerprint, as whether a post is in the future is
 * no property of its file.
 */
export function jekyllPostsLoader(settings: ReaderSettings, clock: () => Date = buildClock): Loader {
  // Posts name their bodies in the body store's form: a new form must read every post again, and
  // only a new digest makes Astro's store take the post's new data.
  const fingerprint = JSON.stringify([readerFingerprint(settings), BODY_STORE_FORMAT]);

  async function load(context: LoaderContext): Promise<void> {
    const folder = postsFolder(settings, fileURLToPath(context.config.root));
    const cache = new LoaderCache(context, fingerprint, path.join(fileURLToPath(context.config.cacheDir), HTML_STORE_DIR));
    const now = clock();
    const { report, entries } = await readPostsFolder(settings, folder, { now, cache: publishedAt(cache, settings, now) });
    cache.save(entries);
    if (!context.watcher && clearStaleObstacles(fileURLToPath(context.config.outDir), entries)) {
      // Astro's own copy of the output, which incremental builds restore pages from, has the same
      // obstacles, and its record of them: this once, every page is rendered again.
      const cacheDir = fileURLToPath(context.config.cacheDir);
      rmSync(path.join(cacheDir, 'dist'), { recursive: true, force: true });
      rmSync(path.join(cacheDir, 'incremental-build.json'), { force: true });
    }
    await publishReport(context, report);
  }

  return {
    name: 'jekyll-posts',
    load: async (context) => {
      await load(context);
      const watcher = context.watcher;
      if (!watcher) return;
      // In `astro dev`, reload on any change in the posts folder; errors are logged, not fatal.
      const postsDir = postsFolder(settings, fileURLToPath(context.config.root)).dir;
      watcher.add(postsDir);
      const reload = (changed: string) => {
        if (!changed.startsWith(postsDir)) return;
        load(context).catch((error: unknown) => context.logger.error(error instanceof Error ? error.message : String(error)));
      };
      watcher.on('add', reload);
      watcher.on('change', reload);
      watcher.on('unlink', reload);
    },
  };
}

/**
 * The cache, less the stored posts that are not published at `now`. A post is stored because it
 * was published at an earlier build's clock; with a clock set back before its date, a clean
 * build would leave it out, so its file is read again and found to be in the future.
 */
function publishedAt(cache: ReaderCache, settings: ReaderSettings, now: Date): ReaderCache {
  return {
    digest: (file, bytes) => cache.digest(file, bytes),
    digestForStamp: (id, stamp) => cache.digestForStamp(id, stamp),
    storedPost: (id, digest) => {
      const stored = cache.storedPost(id, digest);
      if (!stored) return undefined;
      const publication = publicationOf({ published: true, date: undefined }, stored.post.date, {
        includeFuture: settings.includeFuture,
        now,
      });
      return publication.status === 'published' ? stored : undefined;
    },
  };
}

async function publishReport(context: LoaderContext, report: PostsReport): Promise<void> {
  const cacheDir = fileURLToPath(context.config.cacheDir);
  await mkdir(cacheDir, { recursive: true });
  await writeFile(path.join(cacheDir, REPORT_FILE), `${JSON.stringify(report, null, 2)}\n`);
  for (const line of formatReport(report)) {
    if (line.startsWith('invalid')) {
      if (report.mode === 'fail') context.logger.error(line);
      else context.logger.warn(line);
    } else if (line.startsWith('warning') || line.startsWith('repaired')) context.logger.warn(line);
    else context.logger.info(line);
  }
  // In `astro dev` the server keeps running and shows the errors; a build stops.
  if (report.mode === 'fail' && report.invalid.length > 0 && !context.watcher) {
    throw new InvalidPostsError(report.invalid.flatMap(({ problems }) => problems));
  }
}

/** Fails the build once, after every invalid file has been listed. */
export class InvalidPostsError extends AstroError {
  constructor(problems: Problem[]) {
    const files = new Set(problems.map((problem) => problem.file)).size;
    super(
      `${files} invalid post file${files === 1 ? '' : 's'}:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`,
      'Fix the files listed, or build with INVALID_POSTS=skip to leave them out and list them in the summary.',
    );
    this.name = 'InvalidPostsError';
    // The file list is the whole message; a stack trace would only bury it.
    this.stack = '';
  }
}

/**
 * An incremental build writes into the last build's output, whose stale files are removed only
 * after the pages are written. A post whose URL changed so that it needs a folder where the last
 * build wrote a file (`/p/x.html` → `/p/x.html/y.html`), or a file where it wrote a folder, would
 * stop Astro; since no two pages of this build collide (`settleUrlConflicts`), such a file or
 * folder is stale and is removed first, as a clean build never had it. Only posts read again
 * are looked at (a post taken from the cache has the URLs it had, whose folders the last build
 * made), so a build with nothing new asks the file system nothing.
 */
function clearStaleObstacles(outDir: string, entries: ReadonlyMap<string, FolderEntry>): boolean {
  const kind = (file: string) => {
    try {
      return lstatSync(file).isDirectory() ? 'folder' : 'file';
    } catch {
      return undefined;
    }
  };
  if (kind(outDir) !== 'folder') return false;
  let cleared = false;
  for (const { post, reused } of entries.values()) {
    if (reused) continue;
    for (const claimed of [post.path, ...post.legacyPaths]) {
      const raw = outputFileOfParam(routeParamForPath(claimed, exactFileOf(claimed, post.keptExtension)));
      // The name Astro writes (with the stand-ins), and the one the output step renames it to.
      for (const name of new Set([raw, raw.split('/').map(decodeName).join('/')])) {
        const parts = name.split('/');
        for (let end = 1; end < parts.length; end += 1) {
          const above = path.join(outDir, ...parts.slice(0, end));
          const found = kind(above);
          if (found === undefined) break;
          if (found === 'file') {
            rmSync(above);
            cleared = true;
            break;
          }
        }
        const file = path.join(outDir, ...parts);
        if (kind(file) === 'folder') {
          rmSync(file, { recursive: true });
          cleared = true;
        }
      }
    }
  }
  return cleared;
}

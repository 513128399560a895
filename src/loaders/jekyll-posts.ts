/**
 * The content loader for a Jekyll `_posts` folder. It finds post files, reads each with
 * {@link readPostFile} (front matter, Markdown, sanitizing: once per post), keeps the stored
 * entry of any file whose content digest is unchanged, and reports every file it could not
 * use. With `invalidPosts: 'fail'` an invalid file stops the build after all are listed.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AstroError } from 'astro/errors';
import type { Loader, LoaderContext } from 'astro/loaders';
import { createSanitizer } from '../lib/sanitize';
import { postSchema, type Post } from '../schemas/post';
import type { SiteConfig } from '../site.config';
import { isPostCandidate, readPostFile, type Problem, type ReadOptions } from './post-file';
import { formatProblem, formatReport, type PostsReport } from './report';

/**
 * Bump when the reading rules change in a way the digest cannot see (the sanitizing policy,
 * Markdown options), so every stored post is read again.
 */
const READER_VERSION = '2';

/** Name of the JSON report written into Astro's cache folder after each load. */
export const REPORT_FILE = 'xinwen-posts-report.json';

type LoaderSettings = Pick<
  SiteConfig,
  'postsDir' | 'timeZone' | 'permalink' | 'excerptLength' | 'includeFuture' | 'invalidPosts' | 'legacyHosts'
>;

/** Every file below `dir`, as `/`-separated paths relative to it, sorted. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .filter((file) => !file.split('/').some((segment) => segment.startsWith('.')))
    .sort();
}

/** An entry id from a file path: the path without its extension. */
function entryId(file: string): string {
  return file.replace(/\.[^./]+$/, '');
}

/** Creates the posts loader for the given settings. */
export function jekyllPostsLoader(settings: LoaderSettings): Loader {
  const sanitize = createSanitizer({ legacyHosts: settings.legacyHosts });
  const settingsFingerprint = JSON.stringify([
    READER_VERSION,
    settings.timeZone,
    settings.permalink,
    settings.excerptLength,
    settings.legacyHosts,
  ]);

  async function load(context: LoaderContext): Promise<void> {
    const root = fileURLToPath(context.config.root);
    const postsDir = path.resolve(root, settings.postsDir);
    const readOptions: ReadOptions = {
      timeZone: settings.timeZone,
      permalink: settings.permalink,
      excerptLength: settings.excerptLength,
      includeFuture: settings.includeFuture,
      sanitize,
      now: new Date(),
    };

    let files: string[];
    try {
      files = await listFiles(postsDir);
    } catch (error) {
      throw new Error(`Cannot read the posts folder ${postsDir}: ${(error as Error).message}. Set POSTS_DIR to an existing folder.`);
    }

    const report: PostsReport = {
      postsDir: settings.postsDir,
      mode: settings.invalidPosts,
      files: 0,
      valid: 0,
      unpublished: [],
      future: [],
      invalid: [],
      warnings: [],
    };
    const kept = new Map<string, Post>();
    const seen = new Set<string>();

    for (const file of files) {
      if (!isPostCandidate(file)) {
        report.warnings.push({ file: path.posix.join(settings.postsDir, file), field: 'file name', message: 'is not a post file (.md, .markdown or .html) and is ignored' });
        continue;
      }
      report.files += 1;
      const id = entryId(file);
      const bytes = await readFile(path.join(postsDir, file));
      const digest = context.generateDigest(`${settingsFingerprint}\n${file}\n${bytes.toString('latin1')}`);
      const stored = context.store.get<Post>(id);
      // An unchanged file keeps its stored entry and the warnings it had.
      if (stored && stored.digest === digest) {
        kept.set(id, stored.data);
        seen.add(id);
        const storedWarnings = context.meta.get(`warnings:${id}`);
        if (storedWarnings) report.warnings.push(...(JSON.parse(storedWarnings) as Problem[]));
        continue;
      }
      const result = readPostFile(path.posix.join(settings.postsDir, file), bytes, readOptions);
      report.warnings.push(...result.warnings);
      if (result.warnings.length > 0) context.meta.set(`warnings:${id}`, JSON.stringify(result.warnings));
      else context.meta.delete(`warnings:${id}`);
      if (result.status === 'invalid') report.invalid.push({ file: result.problems[0]!.file, problems: result.problems });
      else if (result.status === 'unpublished') report.unpublished.push(path.posix.join(settings.postsDir, file));
      else if (result.status === 'future') report.future.push(path.posix.join(settings.postsDir, file));
      else if (result.status === 'post') {
        context.store.set({ id, data: result.post, digest, rendered: { html: result.html } });
        kept.set(id, result.post);
        seen.add(id);
      }
    }

    for (const id of context.store.keys()) {
      if (!seen.has(id)) context.store.delete(id);
    }

    // Two files at one URL: Jekyll silently lets the last one win. Here the first file (by
    // path) keeps the URL and every other one is reported with the name of the first.
    const byPath = new Map<string, Post>();
    for (const [id, post] of kept) {
      for (const claimed of [post.path, ...post.legacyPaths]) {
        const owner = byPath.get(claimed);
        if (owner && owner !== post) {
          report.invalid.push({
            file: post.sourceFile,
            problems: [{ file: post.sourceFile, field: 'permalink', message: `${claimed} is also the URL of ${owner.sourceFile}; change the slug or date of one of them` }],
          });
          context.store.delete(id);
          kept.delete(id);
          break;
        }
        byPath.set(claimed, post);
      }
    }
    report.valid = kept.size;
    await publishReport(context, report);
  }

  return {
    name: 'jekyll-posts',
    schema: postSchema,
    load: async (context) => {
      await load(context);
      const watcher = context.watcher;
      if (!watcher) return;
      // In `astro dev`, reload on any change in the posts folder; errors are logged, not fatal.
      const postsDir = path.resolve(fileURLToPath(context.config.root), settings.postsDir);
      watcher.add(postsDir);
      const reload = (changed: string) => {
        if (!changed.startsWith(postsDir)) return;
        load(context).catch((error: unknown) => context.logger.error(String((error as Error).message ?? error)));
      };
      watcher.on('add', reload);
      watcher.on('change', reload);
      watcher.on('unlink', reload);
    },
  };

  async function publishReport(context: LoaderContext, report: PostsReport): Promise<void> {
    const cacheDir = fileURLToPath(context.config.cacheDir);
    await mkdir(cacheDir, { recursive: true });
    await writeFile(path.join(cacheDir, REPORT_FILE), `${JSON.stringify(report, null, 2)}\n`);
    for (const line of formatReport(report)) {
      if (line.startsWith('invalid')) {
        if (report.mode === 'fail') context.logger.error(line);
        else context.logger.warn(line);
      } else if (line.startsWith('warning')) context.logger.warn(line);
      else context.logger.info(line);
    }
    if (report.mode === 'fail' && report.invalid.length > 0 && !context.watcher) {
      throw new InvalidPostsError(report.invalid.flatMap(({ problems }) => problems));
    }
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

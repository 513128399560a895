/**
 * The content loader for a Jekyll `_posts` folder. It reads the folder with
 * {@link readPostsFolder} (front matter, Markdown, sanitizing: once per post), keeps the stored
 * entry of any file whose content digest is unchanged, and reports every file it could not
 * use. With `invalidPosts: 'fail'` an invalid file stops the build after all are listed.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AstroError } from 'astro/errors';
import type { Loader, LoaderContext } from 'astro/loaders';
import { createSanitizer } from '../lib/sanitize';
import { postSchema, type Post } from '../schemas/post';
import type { Settings } from '../schemas/settings';
import type { Problem } from './post-file';
import { HTML_STORE_DIR, pruneBodies, storedDigests, writeBody } from './html-store';
import { readPostsFolder, type FolderEntry } from './posts-folder';
import { formatProblem, formatReport, type PostsReport } from './report';

/**
 * Bump when the reading rules change in a way the digest cannot see (the sanitizing policy,
 * Markdown options), so every stored post is read again.
 */
const READER_VERSION = '6';

/** Name of the JSON report written into Astro's cache folder after each load. */
export const REPORT_FILE = 'xinwen-posts-report.json';

/** The settings the loader reads posts with. */
export type LoaderSettings = Pick<
  Settings,
  'postsDir' | 'timeZone' | 'permalink' | 'legacyPermalink' | 'excerptLength' | 'includeFuture' | 'invalidPosts' | 'legacyHosts'
>;

/** What a stored entry remembers besides the post: the messages its file gave. */
interface StoredMessages {
  warnings: Problem[];
  repairs: Problem[];
}

/** Creates the posts loader for the given settings. */
export function jekyllPostsLoader(settings: LoaderSettings): Loader {
  const sanitize = createSanitizer({ legacyHosts: settings.legacyHosts });
  const settingsFingerprint = JSON.stringify([
    READER_VERSION,
    settings.timeZone,
    settings.permalink,
    settings.legacyPermalink,
    settings.excerptLength,
    settings.legacyHosts,
    settings.invalidPosts,
  ]);

  async function load(context: LoaderContext): Promise<void> {
    const postsDir = path.resolve(fileURLToPath(context.config.root), settings.postsDir);
    const htmlDir = path.join(fileURLToPath(context.config.cacheDir), HTML_STORE_DIR);
    const bodies = storedDigests(htmlDir);
    // File stamps (size and time) stand for file contents only under the same settings.
    const sameSettings = context.meta.get('settings') === settingsFingerprint;
    const { report, entries } = await readPostsFolder({
      postsDir,
      displayDir: settings.postsDir,
      mode: settings.invalidPosts,
      timeZone: settings.timeZone,
      permalink: settings.permalink,
      legacyPermalink: settings.legacyPermalink,
      excerptLength: settings.excerptLength,
      includeFuture: settings.includeFuture,
      repairTitles: settings.invalidPosts === 'skip',
      sanitize,
      now: new Date(),
      digest: (file, bytes) => context.generateDigest(`${settingsFingerprint}\n${htmlDir}\n${file}\n${Buffer.from(bytes).toString('latin1')}`),
      digestByStamp: (id, stamp) => {
        if (!sameSettings) return undefined;
        const [knownStamp, digest] = (context.meta.get(`stamp:${id}`) ?? '').split(' ');
        return knownStamp === stamp ? digest : undefined;
      },
      reuse: (id, digest) => {
        const stored = context.store.get<Post>(id);
        if (!stored || stored.digest !== digest || !bodies.has(digest)) return undefined;
        const messages = context.meta.get(`messages:${id}`);
        // The excerpt stays in the body file; nothing downstream of the loader needs it here.
        const post = { ...stored.data, excerpt: '' };
        return { post, ...(messages ? (JSON.parse(messages) as StoredMessages) : { warnings: [], repairs: [] }) };
      },
    });
    storeEntries(context, entries, htmlDir);
    // Only real changes are written: any write makes Astro save the whole store again.
    if (!sameSettings) context.meta.set('settings', settingsFingerprint);
    pruneBodies(htmlDir, bodies, new Set([...entries.values()].map((entry) => entry.digest!)));
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
        load(context).catch((error: unknown) => context.logger.error(error instanceof Error ? error.message : String(error)));
      };
      watcher.on('add', reload);
      watcher.on('change', reload);
      watcher.on('unlink', reload);
    },
  };
}

/**
 * Writes new and changed posts to the store (their HTML to the HTML store) and removes those
 * whose files are gone.
 */
function storeEntries(context: LoaderContext, entries: Map<string, FolderEntry>, htmlDir: string): void {
  for (const entry of entries.values()) {
    if (entry.stamp !== undefined && context.meta.get(`stamp:${entry.id}`) !== `${entry.stamp} ${entry.digest}`) {
      context.meta.set(`stamp:${entry.id}`, `${entry.stamp} ${entry.digest}`);
    }
    if (entry.reused) continue;
    const digest = entry.digest!;
    const { excerpt, ...data } = entry.post;
    const post: Post = { ...data, digest, bodyFile: writeBody(htmlDir, digest, { excerpt, html: entry.html ?? '' }) };
    context.store.set({ id: entry.id, data: post, digest });
    const messages: StoredMessages = { warnings: entry.warnings, repairs: entry.repairs };
    if (entry.warnings.length + entry.repairs.length > 0) context.meta.set(`messages:${entry.id}`, JSON.stringify(messages));
    else context.meta.delete(`messages:${entry.id}`);
  }
  for (const id of context.store.keys()) {
    if (!entries.has(id)) {
      context.store.delete(id);
      context.meta.delete(`stamp:${id}`);
    }
  }
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

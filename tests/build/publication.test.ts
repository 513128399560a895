/**
 * Whether a post is published is decided again by every build, never kept from the one before:
 * after `FUTURE_POSTS` is switched either way, after the build's clock passes a post's date (or
 * goes back before it), and after `published: false` is switched, an incremental rebuild writes
 * exactly what a clean build of the same posts and settings writes.
 *
 * The clock is pinned with `XINWEN_BUILD_TIME`. The fixture, all dated in 2024: two posts long
 * published, one dated between the two build times, and one with `published: false`. Outputs
 * are compared byte for byte, but for the search index (not built here).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildSite, listFiles, temporaryDir } from '../support/build-site';

/** Before the future post's date. */
const BEFORE = '2024-05-01T10:00:00+08:00';
/** After it. */
const AFTER = '2024-05-15T10:00:00+08:00';

const POSTS: Record<string, string> = {
  '2024-04-01-jiuwen.md':
    '---\ntitle: 四月初的旧闻\ndate: 2024-04-01 09:00:00 +0800\ncategories: jinrong\ntags: 旧闻\n---\n<p>四月初的正文。</p>\n',
  '2024-04-20-shehui.md':
    '---\ntitle: 四月下旬的社会新闻\ndate: 2024-04-20 09:00:00 +0800\ncategories: shehui\n---\n<p>社会新闻正文。</p>\n',
  '2024-05-10-weilai.md':
    '---\ntitle: 五月十日的预告稿\ndate: 2024-05-10 09:00:00 +0800\ncategories: jinrong\ntags: 预告\n---\n<p>预告稿的正文。</p>\n',
  '2024-04-25-caogao.md':
    '---\ntitle: 尚未发布的草稿\ndate: 2024-04-25 09:00:00 +0800\ncategories: jinrong\ntags: 草稿\npublished: false\n---\n<p>草稿的正文。</p>\n',
};

/** A post that comes and goes: its title, its page, a tag only it has, and its month's archive page. */
interface Watched {
  title: string;
  page: string;
  tag: string;
  month: string;
}

const FUTURE: Watched = {
  title: '五月十日的预告稿',
  page: 'jinrong/2024/05/10/weilai.html',
  tag: 'tag/预告.html',
  month: 'archive/2024/05.html',
};
const DRAFT: Watched = {
  title: '尚未发布的草稿',
  page: 'jinrong/2024/04/25/caogao.html',
  tag: 'tag/草稿.html',
  month: 'archive/2024/04.html',
};
const DRAFT_FILE = '2024-04-25-caogao.md';

/** What a build wrote: relative path to bytes, the search index left out. */
type Output = ReadonlyMap<string, Buffer>;

interface Folders {
  outDir: string;
  cacheDir: string;
}

/** The variables a build runs with, besides the folders. */
interface Run {
  buildTime: string;
  future: boolean;
}

let postsDir: string;
const made: string[] = [];

/**
 * Clean builds' outputs by run and posts, so a case builds each once. Kept for one case only:
 * a clean build is compared with rebuilds made soon after it, from the same sources.
 */
const cleanOutputs = new Map<string, Output>();

const SEARCH_INDEX = /^pagefind(-delta)?\//;

function outputOf(outDir: string): Output {
  return new Map(
    listFiles(outDir)
      .filter((file) => !SEARCH_INDEX.test(file))
      .map((file) => [file, readFileSync(path.join(outDir, file))]),
  );
}

/** The posts folder as it is now: which clean build an output must equal. */
function postsDigest(): string {
  const hash = createHash('sha1');
  for (const file of readdirSync(postsDir).sort())
    hash
      .update(`${file}\0`)
      .update(readFileSync(path.join(postsDir, file)))
      .update('\0');
  return hash.digest('hex');
}

const cleanKey = (run: Run) => JSON.stringify([run.buildTime, run.future, postsDigest()]);

/** Builds into `folders` (fresh ones when absent) and returns what the output folder holds. */
function build(run: Run, folders?: Folders): { folders: Folders; output: Output } {
  const env: Record<string, string> = { SEARCH_INDEX: 'skip', XINWEN_BUILD_TIME: run.buildTime, FUTURE_POSTS: run.future ? '1' : '0' };
  const site = buildSite({ postsDir, env, ...folders });
  made.push(site.outDir, site.cacheDir);
  if (site.exitCode !== 0) throw new Error(`build with ${JSON.stringify(run)} failed:\n${site.output}`);
  const output = outputOf(site.outDir);
  if (!folders) cleanOutputs.set(cleanKey(run), output);
  return { folders: { outDir: site.outDir, cacheDir: site.cacheDir }, output };
}

/** A fresh build to rebuild on; it also serves as the clean build of its run. */
function start(run: Run): Folders {
  return build(run).folders;
}

/** What a clean build of the current posts under `run` writes. */
function clean(run: Run): Output {
  return cleanOutputs.get(cleanKey(run)) ?? build(run).output;
}

function expectSameOutput(actual: Output, expected: Output): void {
  const extra = [...actual.keys()].filter((file) => !expected.has(file));
  const missing = [...expected.keys()].filter((file) => !actual.has(file));
  expect({ extra, missing }).toEqual({ extra: [], missing: [] });
  const differing = [...expected].filter(([file, bytes]) => !actual.get(file)!.equals(bytes)).map(([file]) => file);
  expect(differing).toEqual([]);
}

const text = (output: Output, file: string) => {
  const bytes = output.get(file);
  if (!bytes) throw new Error(`${file} was not written`);
  return bytes.toString('utf8');
};

/** Whether a post has its page and is on the home page, in the feeds and in its listings. */
function expectListed(output: Output, post: Watched, listed: boolean): void {
  expect({ page: output.has(post.page), tag: output.has(post.tag) }).toEqual({ page: listed, tag: listed });
  for (const file of ['index.html', 'feed.xml', 'category/jinrong.html', 'category/jinrong/feed.xml', post.month]) {
    expect(output.has(file) && text(output, file).includes(post.title), file).toBe(listed);
  }
}

function setDraft(published: boolean): void {
  const file = path.join(postsDir, DRAFT_FILE);
  const source = POSTS[DRAFT_FILE]!;
  writeFileSync(file, published ? source.replace('published: false\n', '') : source);
}

beforeAll(() => {
  postsDir = temporaryDir('publication-posts');
  for (const [file, source] of Object.entries(POSTS)) writeFileSync(path.join(postsDir, file), source);
});

beforeEach(() => {
  cleanOutputs.clear();
});

afterAll(() => {
  for (const dir of [postsDir, ...made]) rmSync(dir, { recursive: true, force: true });
});

describe('publication on incremental rebuilds', () => {
  const withFuture: Run = { buildTime: BEFORE, future: true };
  const withoutFuture: Run = { buildTime: BEFORE, future: false };

  it('leaves future posts out once FUTURE_POSTS is switched off', () => {
    const folders = start(withFuture);
    expectListed(clean(withFuture), FUTURE, true);

    const { output } = build(withoutFuture, folders);
    expectListed(output, FUTURE, false);
    expectSameOutput(output, clean(withoutFuture));
  }, 120_000);

  it('builds future posts once FUTURE_POSTS is switched on', () => {
    const folders = start(withoutFuture);

    const { output } = build(withFuture, folders);
    expectListed(output, FUTURE, true);
    expectSameOutput(output, clean(withFuture));
  }, 120_000);

  it('publishes a post when the build time passes its date, and withdraws it when the time goes back', () => {
    const later: Run = { buildTime: AFTER, future: false };
    const folders = start(withoutFuture);
    expectListed(clean(withoutFuture), FUTURE, false);

    const { output } = build(later, folders);
    expectListed(output, FUTURE, true);
    expect(text(output, 'index.html').indexOf(FUTURE.title)).toBeLessThan(text(output, 'index.html').indexOf('四月下旬的社会新闻'));
    expectSameOutput(output, clean(later));

    // A clock set back (a rebuild of an earlier state, a corrected clock) is obeyed too.
    const back = build(withoutFuture, folders).output;
    expectListed(back, FUTURE, false);
    expectSameOutput(back, clean(withoutFuture));
  }, 180_000);

  it('follows `published: false` being removed and written back', () => {
    const folders = start(withoutFuture);
    expectListed(clean(withoutFuture), DRAFT, false);
    try {
      setDraft(true);
      const published = build(withoutFuture, folders).output;
      expectListed(published, DRAFT, true);
      expectSameOutput(published, clean(withoutFuture));

      setDraft(false);
      const withdrawn = build(withoutFuture, folders).output;
      expectListed(withdrawn, DRAFT, false);
      expectSameOutput(withdrawn, clean(withoutFuture));
    } finally {
      setDraft(false);
    }
  }, 180_000);
});

/**
 * A scheduled run of the deployment workflow: a fresh checkout, in another folder than the run
 * before (another runner, a moved workspace), that gets back only the folders the workflow
 * caches, and finds one new post. It must render only what the post changed, and publish what a
 * clean build of the same posts publishes.
 */
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { searchDocuments, searchFilterCounts } from '../support/search-index';
import { type BuiltSite, buildCheckout, fileForUrl, freshCheckout, listFiles, projectRoot, temporaryDir } from '../support/build-site';

const FIXTURE = path.join(projectRoot, 'tests/fixtures/build-posts');

/** Search index folders: an incremental build may shape them differently from a clean one. */
const SEARCH_INDEX_FOLDERS = ['pagefind/', 'pagefind-delta/'];

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}

/**
 * The paths, relative to the checkout, that the build job saves for the next run: folders, and
 * folders in them left out (`!…`), as actions/cache reads them.
 */
function cachedPaths(): string[] {
  const workflow = YAML.parse(readFileSync(path.join(projectRoot, '.github/workflows/deploy.yml'), 'utf8')) as {
    jobs: { build: { steps: Step[] } };
  };
  const save = workflow.jobs.build.steps.find((step) => step.uses?.startsWith('actions/cache/save@'));
  if (!save) throw new Error('the build job saves no cache');
  return String(save.with?.path)
    .trim()
    .split('\n')
    .map((line) => line.trim());
}

function build(checkout: string, postsDir: string): BuiltSite {
  // BUILD_LOG=pages: the log names every page and whether it was rendered or kept.
  const site = buildCheckout(checkout, { postsDir, env: { INVALID_POSTS: 'skip', BUILD_LOG: 'pages' } });
  if (site.exitCode !== 0) throw new Error(`build in ${checkout} failed:\n${site.output}`);
  return site;
}

/** The posts folder as a new checkout has it: every file written anew. */
function freshPosts(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

/** Article pages by URL: the site's permalinks end in the post's date and name. */
const ARTICLE_URL = /\/\d{4}\/\d{2}\/\d{2}\/[^/]+\.html$/;

/** The pages a build log lists, by URL: rendered (`+12ms`), or `cached` or `restored` by Astro. */
function pagesInLog(output: string): Map<string, string> {
  const pages = new Map<string, string>();
  for (const [, url, how] of output.matchAll(/[├└]─ (\/.+?) \((cached|restored|\+\d+ms)\)\s*$/gm)) {
    pages.set(url!, how!.startsWith('+') ? 'rendered' : how!);
  }
  return pages;
}

function sameFile(a: string, b: string): boolean {
  return existsSync(a) && existsSync(b) && readFileSync(a).equals(readFileSync(b));
}

const published = (site: BuiltSite) =>
  listFiles(site.outDir).filter((file) => !SEARCH_INDEX_FOLDERS.some((folder) => file.startsWith(folder)));

describe('a scheduled deployment run', () => {
  const root = temporaryDir('deploy');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('renders only the new post and what shows it, in another folder, and publishes what a clean build does', () => {
    // The posts are in the checkout, as a repository's are: `POSTS_DIR` is relative to it.
    const postsDir = 'posts';
    const checkout = freshCheckout(path.join(root, 'runner-1', 'xinwen'));
    freshPosts(path.join(checkout, postsDir));
    const first = build(checkout, postsDir);
    expect(first.output).toMatch(/\/jinrong\/2023\/03\/01\/yangshi-kuaixun\.html \(\+\d+ms\)/);
    // Kept aside, whatever the workflow carries, to tell which pages the new post changed.
    const before = path.join(root, 'first-output');
    cpSync(first.outDir, before, { recursive: true });

    // What the cache action stores: nothing in it may name the folder it was made in.
    const stored = path.join(root, 'stored');
    const paths = cachedPaths();
    const folders = paths.filter((entry) => !entry.startsWith('!'));
    const leftOut = paths.filter((entry) => entry.startsWith('!')).map((entry) => path.join(checkout, entry.slice(1)));
    expect(folders.length).toBeGreaterThan(0);
    const saved = (source: string) => !leftOut.some((folder) => source === folder || source.startsWith(`${folder}${path.sep}`));
    for (const folder of folders) {
      cpSync(path.join(checkout, folder), path.join(stored, folder), {
        recursive: true,
        preserveTimestamps: true,
        verbatimSymlinks: true,
        filter: saved,
      });
    }
    // Astro's own copies of the pages are left out; the entry still holds every page, in dist/.
    expect(leftOut.length).toBeGreaterThan(0);
    for (const folder of leftOut) expect(existsSync(path.join(stored, path.relative(checkout, folder)))).toBe(false);
    const naming = listFiles(stored).filter((file) => readFileSync(path.join(stored, file)).includes(checkout));
    expect(naming).toEqual([]);

    // The next run checks out into another folder, deeper than the first, and gets the cache back.
    const next = freshCheckout(path.join(root, 'runner-2', '_work', 'xinwen', 'xinwen'));
    for (const folder of folders) {
      cpSync(path.join(stored, folder), path.join(next, folder), { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
    }

    // A scraper's post since: newest in "jinrong", so that listing, the feeds and its neighbour change.
    const nextPosts = freshPosts(path.join(next, postsDir));
    writeFileSync(
      path.join(nextPosts, '2023-03-20-xinzeng.md'),
      '---\ntitle: 新增的稿件\ndate: 2023-03-20 09:00:00 +0800\ncategories: jinrong\ntags: 新增\n---\n<p>刚刚新增的稿件正文。</p>\n',
    );
    const scheduled = build(next, postsDir);
    const cleanCheckout = freshCheckout(path.join(root, 'clean'));
    cpSync(nextPosts, path.join(cleanCheckout, postsDir), { recursive: true });
    const clean = build(cleanCheckout, postsDir);

    // Only what the post changed is rendered again: no article page that is the same as before.
    expect(scheduled.output).toMatch(/\/jinrong\/2023\/03\/01\/yangshi-kuaixun\.html.*\(cached\)/);
    expect(scheduled.output).not.toMatch(/\/jinrong\/2023\/03\/01\/yangshi-kuaixun\.html \(\+\d+ms\)/);
    const pages = pagesInLog(scheduled.output);
    const articles = [...pages.keys()].filter((url) => ARTICLE_URL.test(url));
    const unchanged = articles.filter((url) => sameFile(fileForUrl(before, url), fileForUrl(clean.outDir, url)));
    expect(unchanged.length).toBeGreaterThan(0);
    // Astro looks for a page under the name it writes (`%3F` for `?`), which the output step
    // renames; without Astro's own copies of the pages in the cache, such a page is rendered
    // again (to the same bytes, so a deploy sends nothing). The fixture has some.
    const escapedName = (url: string) => /%3F|%23/i.test(url);
    expect(unchanged.filter(escapedName).length).toBeGreaterThan(0);
    expect(unchanged.filter((url) => pages.get(url) === 'rendered' && !escapedName(url))).toEqual([]);
    expect(pages.get('/jinrong/2023/03/20/xinzeng.html')).toBe('rendered');
    expect(readFileSync(path.join(scheduled.outDir, 'jinrong/2023/03/20/xinzeng.html'), 'utf8')).toContain('刚刚新增的稿件正文');
    expect(existsSync(path.join(scheduled.outDir, 'pagefind/pagefind.js'))).toBe(true);
    // The index was updated, not rebuilt: a delta beside the base the first run built.
    expect(scheduled.output).toMatch(/search index: \d+ articles; 1 of 2 parts rebuilt: a delta of/);

    // The same site as a clean build, but for the search index's folders.
    const files = published(clean);
    expect(files).toContain('jinrong/2023/03/20/xinzeng.html');
    const extra = published(scheduled).filter((file) => !files.includes(file));
    const missing = files.filter((file) => !existsSync(path.join(scheduled.outDir, file)));
    expect({ extra, missing }).toEqual({ extra: [], missing: [] });
    const differing = files.filter(
      (file) => !readFileSync(path.join(scheduled.outDir, file)).equals(readFileSync(path.join(clean.outDir, file))),
    );
    expect(differing).toEqual([]);
    // Its search index finds the same pages with the same text as a clean build's.
    expect(searchDocuments(scheduled.outDir)).toEqual(searchDocuments(clean.outDir));
    expect(searchFilterCounts(scheduled.outDir)).toEqual(searchFilterCounts(clean.outDir));
  }, 240_000);
});

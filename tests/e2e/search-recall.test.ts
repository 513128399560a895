/**
 * What a reader finds by searching for what an article says, in a real browser: queries drawn
 * from the articles' own text (a few words as they stand, or two words from far apart) must list
 * the article they came from, unless a whole page of other results ranks above it. Drawn from
 * the indexed text itself, so every query is one the article answers; the search page segments
 * it with the browser's `Intl.Segmenter` and Pagefind's index segmented the article its own way,
 * which is what this checks against. Over the fixture of our own, and, where `../shared` is beside
 * the checkout, over its sample posts and a real news archive of 613 Jekyll posts.
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFragments } from '../../src/integrations/post-build/search-index';
import { launchBrowser } from '../support/browser';
import { projectRoot, sharedBuild } from '../support/build-site';
import {
  REAL_JEKYLL,
  REAL_JEKYLL_MISSING,
  REAL_JEKYLL_PRESENT,
  SAMPLES,
  SAMPLES_MISSING,
  SAMPLES_PRESENT,
  SAMPLES_REQUIRED,
} from '../support/shared-samples';
import { serveStatic } from '../support/static-server';

const RESULTS_SHOWN = 30;

interface Query {
  text: string;
  /** The path of the article the words were drawn from. */
  from: string;
}

/** A small deterministic generator: the same queries on every run. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/**
 * `count` queries from the articles' indexed text (Pagefind's fragments): every other one a run
 * of two to four words as they stand in the text, the others two words from anywhere in one article.
 */
function queriesFrom(outDir: string, count: number, seed: number): Query[] {
  const articles = [...readFragments(path.join(outDir, 'pagefind')).values()];
  const random = generator(seed);
  const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
  const queries: Query[] = [];
  for (let attempt = 0; queries.length < count && attempt < count * 10; attempt += 1) {
    const article = articles[Math.floor(random() * articles.length)]!;
    // Pagefind marks where it split Chinese words with zero-width spaces; a reader types none.
    const text = String(article.content ?? '').replaceAll('\u200b', '');
    const words = [...segmenter.segment(text)].filter(({ segment, isWordLike }) => isWordLike && /\p{Script=Han}/u.test(segment));
    if (words.length < 8) continue;
    const at = Math.floor(random() * (words.length - 4));
    const length = 2 + Math.floor(random() * 3);
    const last = words[at + length - 1]!;
    const query =
      queries.length % 2 === 0
        ? text.slice(words[at]!.index, last.index + last.segment.length)
        : `${words[at]!.segment} ${words[Math.floor(random() * words.length)]!.segment}`;
    queries.push({ text: query, from: new URL(article.url, 'http://site').pathname });
  }
  return queries;
}

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

it.runIf(SAMPLES_REQUIRED)('has the real Jekyll sites beside the checkout (XINWEN_REQUIRE_SAMPLES=1 requires them)', () => {
  expect(REAL_JEKYLL_PRESENT, REAL_JEKYLL_MISSING).toBe(true);
});

it.runIf(SAMPLES_REQUIRED)('has the shared sample posts beside the checkout (XINWEN_REQUIRE_SAMPLES=1 requires them)', () => {
  expect(SAMPLES_PRESENT, SAMPLES_MISSING).toBe(true);
});

describe.each([
  { name: 'the search fixture', postsDir: path.join(projectRoot, 'tests/fixtures/search-posts'), queries: 40, present: true },
  { name: 'the shared sample posts', postsDir: SAMPLES, queries: 20, present: SAMPLES_PRESENT },
  {
    name: 'a real news archive (terminus2049, 613 posts)',
    postsDir: path.join(REAL_JEKYLL, 'sites/terminus2049/_posts'),
    queries: 80,
    present: REAL_JEKYLL_PRESENT,
  },
])('searching $name for what its articles say', ({ postsDir, queries: count, present }) => {
  it.runIf(present)(
    'lists the article the words came from, or a full page of results',
    async () => {
      // The samples include files that are no posts or invalid on purpose: those are left out.
      const site = sharedBuild({ postsDir, env: { INVALID_POSTS: 'skip' } });
      expect(site.exitCode, site.output).toBe(0);
      const queries = queriesFrom(site.outDir, count, 2026);
      expect(queries).toHaveLength(count);
      const server = await serveStatic(site.outDir);
      const page = await browser.newPage();
      page.on('pageerror', (error) => {
        throw error;
      });
      const missed: string[] = [];
      let listed = 0;
      try {
        // One page, as a reader types one query after another: the index is opened once.
        await page.goto(`${server.origin}/search.html`);
        await page.waitForFunction(() => document.documentElement.dataset.searchReady === 'true');
        for (const query of queries) {
          await page.fill('[name="q"]', query.text);
          await page.press('[name="q"]', 'Enter');
          // Done when the status names this query (each status quotes it) and the list is no longer busy.
          await page.waitForFunction(
            (text) =>
              (document.getElementById('search-status')?.textContent ?? '').includes(`“${text}”`) &&
              !document.getElementById('search-results')?.hasAttribute('aria-busy'),
            query.text,
          );
          const shown = await page
            .locator('#search-results .search-title')
            .evaluateAll((links) => links.map((link) => new URL((link as HTMLAnchorElement).href).pathname));
          if (shown.includes(query.from)) listed += 1;
          else if (shown.length < RESULTS_SHOWN)
            missed.push(`${query.text} (from ${query.from}): ${await page.locator('#search-status').textContent()}`);
        }
      } finally {
        await page.close();
        await server.close();
      }
      expect(missed, missed.join('\n')).toEqual([]);
      // Most queries are specific enough to list their article on the first page.
      expect(listed).toBeGreaterThan(count / 2);
    },
    300_000,
  );
});

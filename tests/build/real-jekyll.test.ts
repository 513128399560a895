/**
 * Three real Jekyll sites (a news archive, a tech blog, a Jekyll-Bootstrap blog; see
 * tests/support/real-jekyll.ts), each migrated into a fresh checkout as its owner would
 * (`npm run migrate -- <site> --copy-posts --names-from-posts`, `npm run check`, the build),
 * against what Jekyll 4.3 made of every post: the page at Jekyll's URL, its title, the day of
 * its date in the site's zone, its categories and tags, and its body text as a reader sees it.
 * What is fair to compare: a title as the heading shows it (spaces around it do not show); the
 * day of a date written with an offset in the migrated zone, else the day written (Jekyll read
 * it in the zone it ran in, xinwen in the site's); categories by the names xinwen shows (the
 * migrated categories.yml's, else the posts' own) and, like tags, as sets without regard to
 * case, as xinwen keys both by lower case.
 * The three sites build side by side, without the search index. The numbers, and the body
 * differences grouped by cause, are printed and written to test-output/real-jekyll.json.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINK_REPORT_FILE, type LinkCheckResult } from '../../src/integrations/post-build/link-check';
import { decodeHtmlAttribute } from '../../src/lib/html-entities';
import { readFrontMatter } from '../../src/reader/front-matter';
import { fileForUrl, projectRoot, temporaryDir } from '../support/build-site';
import {
  combineComparisons,
  compareSite,
  comparisonLines,
  comparisonNumbers,
  type MigratedRealSite,
  migratedCategoryNames,
  migratedTimeZone,
  migrateRealSite,
  type RealSite,
  REAL_SITES,
  readOracle,
  type SiteComparison,
  siteFolder,
} from '../support/real-jekyll';
import { REAL_JEKYLL_MISSING, REAL_JEKYLL_PRESENT, SAMPLES_REQUIRED } from '../support/shared-samples';

/** Posts whose body text must be Jekyll's, over the three sites. */
const BODY_EQUAL_SHARE = 0.9;
/** The mean similarity of the body texts (1 is equal), over the three sites. */
const MEAN_SIMILARITY = 0.999;
/** Astro's warnings when two routes claim one URL. */
const ROUTE_CONFLICT = /conflicts with higher priority route|A collision will result/;

const SUMMARY_FILE = path.join(projectRoot, 'test-output/real-jekyll.json');

it.runIf(SAMPLES_REQUIRED)('has the real Jekyll sites beside the checkout (XINWEN_REQUIRE_SAMPLES=1 requires them)', () => {
  expect(REAL_JEKYLL_PRESENT, REAL_JEKYLL_MISSING).toBe(true);
});

describe.runIf(REAL_JEKYLL_PRESENT)('real Jekyll sites, migrated and built, against what Jekyll made of every post', () => {
  const built = new Map<RealSite, MigratedRealSite>();
  const compared = new Map<RealSite, SiteComparison>();
  let overall: SiteComparison;
  // The three checkouts with their builds, over 300 MB: removed when done (the summary file keeps the findings).
  let root: string | undefined;

  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  beforeAll(async () => {
    const dir = temporaryDir('real-jekyll');
    root = dir;
    const start = performance.now();
    const sites = await Promise.all(REAL_SITES.map((site) => migrateRealSite(site, path.join(dir, site))));
    const buildSeconds = (performance.now() - start) / 1000;
    for (const site of sites) {
      built.set(site.site, site);
      if (site.build.code !== 0) continue;
      compared.set(
        site.site,
        compareSite(site.site, readOracle(site.site), site.outDir, migratedTimeZone(site.checkout), migratedCategoryNames(site.checkout)),
      );
    }
    overall = combineComparisons([...compared.values()]);
    const comparisons = [...compared.values(), overall];
    console.log(
      [
        `real Jekyll sites migrated, checked and built in ${buildSeconds.toFixed(1)} s, compared in ${((performance.now() - start) / 1000 - buildSeconds).toFixed(1)} s`,
        ...sites.map(
          ({ site, seconds }) =>
            `  ${site}: migrate ${seconds.migrate.toFixed(1)} s, check ${seconds.check.toFixed(1)} s, build ${seconds.build.toFixed(1)} s`,
        ),
        ...comparisons.flatMap(comparisonLines),
      ].join('\n'),
    );
    const summary = {
      seconds: Math.round(buildSeconds),
      sites: Object.fromEntries(
        comparisons.map((comparison) => [
          comparison.site,
          {
            posts: comparison.posts,
            ...comparisonNumbers(comparison),
            causes: Object.fromEntries(Object.entries(comparison.causes).map(([cause, { count }]) => [cause, count])),
            missing: comparison.missing,
            titles: comparison.titles.length,
            days: comparison.days.length,
            categories: comparison.categories.length,
            tags: comparison.tags.length,
          },
        ]),
      ),
      comparisons,
    };
    mkdirSync(path.dirname(SUMMARY_FILE), { recursive: true });
    writeFileSync(SUMMARY_FILE, `${JSON.stringify(summary, null, 2)}\n`);
  }, 300_000);

  describe.each(REAL_SITES)('%s', (site) => {
    const the = (key: 'titles' | 'days' | 'categories' | 'tags') => compared.get(site)![key];

    it('passes npm run check and builds without a route conflict', () => {
      const { check, build } = built.get(site)!;
      expect(check.code, check.output).toBe(0);
      expect(check.output).toMatch(/ 0 invalid,/);
      expect(build.code, build.output).toBe(0);
      expect(build.output).not.toMatch(ROUTE_CONFLICT);
    });

    it('has no link in its own pages that leads nowhere', () => {
      const { cacheDir, build } = built.get(site)!;
      const report = JSON.parse(readFileSync(path.join(cacheDir, LINK_REPORT_FILE), 'utf8')) as LinkCheckResult;
      expect(report.broken).toEqual([]);
      expect(report.links).toBeGreaterThan(0);
      expect(build.output).toMatch(/links: \d+ pages written, \d+ links into the site checked in \d+ ms, none broken/);
    });

    it('serves every post at its Jekyll URL, with its title and the day of its date', () => {
      expect(compared.get(site)!.missing).toEqual([]);
      expect(the('titles')).toEqual([]);
      expect(the('days')).toEqual([]);
    });

    it('lists every post’s categories and tags', () => {
      expect(the('categories')).toEqual([]);
      expect(the('tags')).toEqual([]);
    });

    // jekyll-seo-tag's meta description is the post's description: (markdownified, its markup
    // stripped); those written as plain text, with nothing kramdown's typography turns (`...`,
    // `--`, quotes), must come out as written.
    it('describes each post by its description:, as jekyll-seo-tag did', () => {
      const { outDir } = built.get(site)!;
      let compared = 0;
      const differ: string[] = [];
      for (const post of readOracle(site).posts) {
        const front = readFrontMatter(readFileSync(path.join(siteFolder(site), post.path), 'utf8').replace(/\r\n?/g, '\n'), {
          repairTitles: false,
        });
        const written = front.data.description;
        if (typeof written !== 'string' || written.trim() === '' || /[*_`[\]<>&"'\\{}|#~-]|\.\.\.|^\d+\.\s/.test(written)) continue;
        const page = readFileSync(fileForUrl(outDir, post.url), 'utf8');
        const shown = /<meta name="description" content="([^"]*)"/.exec(page)?.[1];
        compared += 1;
        if (decodeHtmlAttribute(shown ?? '') !== written.replace(/\s+/g, ' ').trim()) differ.push(`${post.path}: ${shown}`);
      }
      expect(differ).toEqual([]);
      expect(compared).toBeGreaterThan(10);
    });
  });

  it(`shows Jekyll's body text for ${BODY_EQUAL_SHARE * 100} % of the posts, ${MEAN_SIMILARITY} alike on average`, () => {
    const { bodyEqualShare, meanSimilarity } = comparisonNumbers(overall);
    expect(overall.posts).toBe(REAL_SITES.reduce((sum, site) => sum + readOracle(site).posts.length, 0));
    expect(bodyEqualShare).toBeGreaterThanOrEqual(BODY_EQUAL_SHARE);
    expect(meanSimilarity).toBeGreaterThanOrEqual(MEAN_SIMILARITY);
  });
});

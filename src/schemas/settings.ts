/**
 * The site settings as validated data: every field with its default, its range and what it
 * does. `src/site.config.ts` holds a site's own values; `resolveSettings` (src/settings/)
 * merges them with the environment and checks them against this schema before anything is read.
 */
import { z } from 'astro/zod';
import { assertTimeZone } from '../lib/dates';
import { durationProblem } from '../deploy/duration';
import { DISTRIBUTION_ID, deployTargetProblem } from '../deploy/target';
import { permalinkStyleProblem } from '../lib/permalink';

const text = (description: string, fallback: string) =>
  z.string({ error: 'must be text' }).trim().min(1, { error: 'must not be empty' }).default(fallback).describe(description);

const count = (description: string, min: number, fallback: number, max = 100_000) =>
  z
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` })
    .default(fallback)
    .describe(description);

const timeZone = z.string().refine(
  (zone) => {
    try {
      assertTimeZone(zone);
      return true;
    } catch {
      return false;
    }
  },
  { error: 'is not an IANA time zone; use a name such as "Asia/Shanghai" or "UTC"' },
);

const permalinkStyle = z.string().superRefine((style, context) => {
  const problem = permalinkStyleProblem(style);
  if (problem) context.addIssue({ code: 'custom', message: problem });
});

const language = z.string().refine(
  (tag) => {
    try {
      return Intl.getCanonicalLocales(tag).length === 1;
    } catch {
      return false;
    }
  },
  { error: 'is not a language tag; use one such as "zh-CN"' },
);

// A host as it appears in a link: `finews.example.com`, no scheme, path or port.
const host = z.string().regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i, {
  error: 'must be a host name such as finews.example.com (no https://, no path)',
});

/**
 * The search index's settings, one section handed whole to the search step
 * (`src/integrations/post-build/search-index.ts`) and its plan (`src/lib/search-plan.ts`).
 * Shard size and delta limit trade a query's download against indexing time; the README's
 * "Why this layout" has the measurements behind the defaults.
 */
const searchSettings = z
  .object(
    {
      index: z
        .boolean({ error: 'must be true or false' })
        .default(true)
        .describe('Update the search index when articles changed; false keeps the previous index. Env: SEARCH_INDEX=skip.'),
      shardSize: count(
        'Articles per part (shard) of the search index: smaller parts need less memory to index and less to download for a common query, larger ones fewer downloads for a rare word.',
        1,
        2_000,
      ),
      deltaLimit: count(
        'Articles added or changed since the shards were built, indexed on every build, before they are folded into the shards.',
        0,
        1_000,
      ),
      widenLimit: count(
        'Articles a search looks through by itself, newest first, before it offers the older ones behind a button, and at most how many more each press of the button searches: a query with few results downloads the word lists of these shards, not of every shard. The delta and the newest shard are always searched.',
        0,
        5_000,
        10_000_000,
      ),
    },
    { error: (issue) => (issue.code === 'invalid_type' ? 'must be an object such as { shardSize: 10000 }' : undefined) },
  )
  .strict();

/**
 * Settings that are sections: objects of settings owned by one part of xinwen, written
 * `search: { shardSize: 5000 }` and merged field by field over the file's (`XINWEN_SETTINGS`,
 * single variables). The README lists their fields as `search.shardSize`.
 */
export const SETTINGS_SECTIONS = { search: searchSettings } as const;

/**
 * An old feed address: a file's path on the site (`/atom.xml`, `/blog/rss.xml`), which a copy of
 * the site feed can be served at on any static host; not a folder. One the site's own pages take
 * is refused by the step that writes the copies.
 */
const legacyFeedUrl = z.string({ error: 'must be a path such as /atom.xml' }).superRefine((value, context) => {
  const problem = !value.startsWith('/')
    ? 'must start with /'
    : !/\/[^/]+\.[^/.]+$/.test(value)
      ? 'must name a file with an extension (/atom.xml): a static host serves a folder’s address as a page'
      : value.split('/').some((segment) => segment === '.' || segment === '..')
        ? 'must not contain . or .. segments'
        : value === '/feed.xml'
          ? 'is the site feed itself'
          : undefined;
  if (problem) context.addIssue({ code: 'custom', message: `${value} ${problem}` });
});

/** Every setting of a site, with defaults. */
export const settingsSchema = z.object({
  title: text('Site title, shown in every page title and in the feeds.', '新闻存档'),
  description: text('One-line description, used by the feeds and the home page.', '财经与时事新闻存档'),
  language: language.default('zh-CN').describe('Value of `<html lang>` and the feeds’ `<language>` (a BCP 47 tag).'),
  url: z
    .url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL such as https://news.example.com' })
    .default('https://finews.example.com')
    .describe('Absolute URL the site is served from; feeds and canonical links need it.'),
  timeZone: timeZone
    .default('Asia/Shanghai')
    .describe(
      'IANA zone of every date: front-matter dates without an offset are read in it; URLs, pages and feeds show dates in it, whatever the machine’s TZ.',
    ),
  permalink: permalinkStyle
    .default('date')
    .describe('Jekyll permalink style of articles: date, pretty, ordinal, none, or a pattern such as /:categories/:year/:title/.'),
  legacyPermalink: permalinkStyle
    .optional()
    .describe(
      'The old Jekyll site’s permalink style, when it differs from `permalink`: each post also gets a redirect page at its old URL.',
    ),
  legacyTimeZone: timeZone
    .optional()
    .describe(
      'The old Jekyll site’s zone, when it differs from `timeZone` (UTC when its _config.yml set none and GitHub Pages built it): a post whose day differs there also gets a redirect page at its old URL.',
    ),
  pageSize: count('Posts per listing page.', 1, 50),
  pagination: z
    .enum(['stable', 'newest-first'], { error: 'must be "stable" or "newest-first"' })
    .default('stable')
    .describe('Numbering of listing pages after the first: `stable` (from the oldest post, so full pages never change) or `newest-first`.'),
  feedSize: count('Items in the site feed (`/feed.xml`).', 1, 50),
  categoryFeedSize: count('Items in each category feed (`/category/<key>/feed.xml`).', 1, 20),
  homePostCount: count('Newest posts on the home page.', 1, 30),
  homeCategoryCount: count('Busiest categories on the home page.', 0, 12),
  excerptLength: count('Characters in the plain-text excerpts of feeds and listings.', 1, 120),
  legacyHosts: z
    .array(host, { error: 'must be a list of host names' })
    .default(['finews.example.com', 'finews.withounder.com'])
    .describe('Hosts the archive was served from before: links in posts to them become site-relative.'),
  legacyFeedUrls: z
    .array(legacyFeedUrl, { error: 'must be a list of paths such as /atom.xml' })
    .default([])
    .describe('The old site’s feed addresses (`/atom.xml`): the site feed is written at each too, so its subscribers keep it.'),
  postsDir: text('Folder of Jekyll post files, relative to the project or absolute. Env: POSTS_DIR.', 'src/content/posts'),
  invalidPosts: z
    .enum(['fail', 'skip'], { error: 'must be "fail" or "skip"' })
    .default('fail')
    .describe('`fail`: an invalid post fails the build after all are listed. `skip`: it is left out and listed. Env: INVALID_POSTS.'),
  includeFuture: z
    .boolean({ error: 'must be true or false' })
    .default(false)
    .describe('Build posts dated in the future (Jekyll’s --future). Env: FUTURE_POSTS=1.'),
  postDefaults: z
    .array(
      z
        .object(
          {
            path: z
              .string({ error: 'must be a path relative to the posts folder, such as "xinhua/" ("" for every post)' })
              .default('')
              .describe(
                'The posts it covers: a path relative to the posts folder, matched as a prefix ("" for every post; `*` for a glob).',
              ),
            values: z
              .record(z.string(), z.json(), { error: 'must map front-matter keys to values, such as { categories: "xinhua" }' })
              .describe('Front-matter values those posts have unless they set their own.'),
          },
          { error: 'must be an object such as { path: "xinhua/", values: { categories: "xinhua" } }' },
        )
        .strict(),
      { error: 'must be a list of { path, values } sets' },
    )
    .default([])
    .describe(
      'Front-matter defaults, as Jekyll’s `defaults:`: values for the posts under a path, which a post’s own front matter overrides (categories add up). `npm run migrate` carries the old site’s.',
    ),
  liquid: z
    .object(
      {
        site: z
          .record(z.string(), z.json(), { error: 'must map names to values' })
          .default({})
          .describe('`site.*` values posts use besides title, description and url (the old `_config.yml`’s), such as `{ baseurl: "" }`.'),
        variables: z
          .record(z.string(), z.json(), { error: 'must map names to values' })
          .default({})
          .describe('Top-level variables posts use that the old site’s includes or layouts set, such as `{ BLOG_IMG: "/blog/" }`.'),
        includes: z
          .record(z.string(), z.string({ error: 'must be Liquid text' }), { error: 'must map include names to Liquid text' })
          .default({})
          .describe('What `{% include NAME %}` puts in a post, as Liquid run in the post’s scope ("" for nothing); `JB/setup` is known.'),
      },
      { error: 'must be an object with site, variables and includes' },
    )
    .strict()
    .default({ site: {}, variables: {}, includes: {} })
    .describe('Liquid in posts, run before Markdown as Jekyll runs it: the values and includes it sees (`npm run migrate` carries them).'),
  buildTime: z.iso
    .datetime({ offset: true, error: 'must be an ISO 8601 date-time with an offset, such as 2024-05-01T10:00:00+08:00' })
    .transform((text) => new Date(text))
    .optional()
    .describe(
      'The instant the build takes as now when it decides which posts are in the future; unset, the real clock. Env: XINWEN_BUILD_TIME.',
    ),
  search: searchSettings
    .prefault({})
    .describe('The search index: whether a build updates it, and how it is split into shards and a delta (see `search.*`).'),
  buildLog: z
    .enum(['summary', 'pages'], { error: 'must be "summary" or "pages"' })
    .default('summary')
    .describe('`summary`: the build log gives a line per kind of page generated. `pages`: a line per page, as Astro does. Env: BUILD_LOG.'),
  outDir: text('Output folder of the built site. Env: XINWEN_OUT_DIR.', './dist'),
  cacheDir: text('Astro’s cache folder, where incremental builds keep their state. Env: XINWEN_CACHE_DIR.', './node_modules/.astro'),
  deployTarget: z
    .string({ error: 'must be text such as s3://bucket/prefix' })
    .superRefine((target, context) => {
      const problem = deployTargetProblem(target);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    })
    .optional()
    .describe('Where `npm run deploy` publishes the output folder: s3://BUCKET or s3://BUCKET/PREFIX. Env: XINWEN_DEPLOY_TARGET.'),
  deployGrace: z
    .string({ error: 'must be text such as 24h' })
    .superRefine((grace, context) => {
      const problem = durationProblem(grace);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    })
    .default('24h')
    .describe(
      'How long a file that left the build stays in the bucket, so pages opened before a deploy still find their search data and assets (`npm run deploy -- --grace 0` deletes at once).',
    ),
  deployDeleteLimit: z
    .number({ error: 'must be a number from 0 to 100' })
    .min(0, { error: 'must be at least 0' })
    .max(100, { error: 'must be at most 100' })
    .default(20)
    .describe('Largest share of the site’s files, in percent, that one deploy may remove without `--force`.'),
  deployConcurrency: count('Uploads in flight at once during `npm run deploy`.', 1, 16),
  deployRedirectHeaders: z
    .boolean({ error: 'must be true or false' })
    .default(true)
    .describe(
      'Store redirect pages with `x-amz-website-redirect-location`, so an S3 website endpoint answers 301; false for services that refuse the header (Cloudflare R2). Env: XINWEN_DEPLOY_REDIRECT_HEADERS=0.',
    ),
  cloudFrontDistribution: z
    .string({ error: 'must be text such as E2QWRUHAPOMQZL' })
    .regex(DISTRIBUTION_ID, { error: 'must be a CloudFront distribution ID such as E2QWRUHAPOMQZL' })
    .optional()
    .describe(
      'A CloudFront distribution in front of the bucket: each deploy invalidates the pages it changed or deleted (`/*` past 15 paths). Env: XINWEN_CLOUDFRONT_DISTRIBUTION.',
    ),
});

/** Settings as a site writes them in `src/site.config.ts`: every field optional. */
export type UserSettings = z.input<typeof settingsSchema>;

/** Identity with types: lets `src/site.config.ts` be checked as it is written. */
export function defineSiteSettings(settings: UserSettings): UserSettings {
  return settings;
}

/** Settings after defaults and validation: what the build reads. */
export type Settings = z.output<typeof settingsSchema>;

/** A settings section's name. */
export type SettingsSection = keyof typeof SETTINGS_SECTIONS;

/** The search index's settings, as the search step receives them. */
export type SearchSettings = Settings['search'];

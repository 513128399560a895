/**
 * The settings posts are read with: one object, picked from the site settings, that the content
 * loader, `npm run check` and the loader's reuse fingerprint all take. A reading setting is
 * added in {@link readerSettings} only; the type and the fingerprint follow.
 */
import { KNOWN_INCLUDES, type LiquidSite } from '../lib/liquid';
import { asFrontMatterValue, type PostDefaultSet } from '../lib/post-defaults';
import type { Settings } from '../schemas/settings';

/**
 * Bump when the reading rules change in a way neither the files nor the settings show (the
 * sanitizing policy, Markdown options), or what is stored of a post (Astro's store keeps a
 * post's old data while its digest is the same), so every stored post is read again.
 */
export const READER_VERSION = '31';

/**
 * The sha256 of what reading the sample posts gives under {@link READER_VERSION}, with fixed
 * settings and clock (`tests/unit/reader-version.test.ts`): when that test finds another, reading
 * changed, and the version must be bumped with this digest.
 */
export const READER_OUTPUT_DIGEST = '66ea4d1ee89511a42e423a6e50a6d1b72288bd39a11549fc77388bc98583515f';

/** Picks from the site settings what reading a post depends on. Pure. */
export function readerSettings(settings: Settings) {
  return {
    /** The posts folder as the site owner wrote it: shown in messages and in each post's `sourceFile`. */
    postsDir: settings.postsDir,
    /** `fail` or `skip`; lenient `skip` also repairs unescaped quotes in titles. */
    invalidPosts: settings.invalidPosts,
    /** Build posts dated after the build's clock. */
    includeFuture: settings.includeFuture,
    /** Zone of dates without an offset, and of the date parts of URLs. */
    timeZone: settings.timeZone,
    /** Permalink style or pattern of article URLs. */
    permalink: settings.permalink,
    /** The old Jekyll site's permalink style, when it differs: old URLs get redirect pages. */
    legacyPermalink: settings.legacyPermalink,
    /** The old Jekyll site's zone, when it differs: posts whose day differs there get redirect pages. */
    legacyTimeZone: settings.legacyTimeZone,
    /** Characters in a post's plain-text excerpt. */
    excerptLength: settings.excerptLength,
    /** Hosts whose links in bodies become site-relative. */
    legacyHosts: [...settings.legacyHosts],
    /**
     * Front-matter defaults, their values as front matter reads them; left out when there are
     * none, so a site without them keeps the fingerprint its stored posts were read under.
     */
    ...(settings.postDefaults.length > 0
      ? {
          postDefaults: settings.postDefaults.map(
            (set): PostDefaultSet => ({ path: set.path, values: asFrontMatterValue(set.values) as Record<string, unknown> }),
          ),
        }
      : {}),
    /** Liquid in bodies: `site.*` (title, description, url, baseurl and the old site's values), variables and includes. */
    liquid: {
      site: {
        title: settings.title,
        description: settings.description,
        url: settings.url.replace(/\/+$/, ''),
        baseurl: '',
        ...settings.liquid.site,
      },
      variables: { ...settings.liquid.variables },
      includes: { ...KNOWN_INCLUDES, ...settings.liquid.includes },
    } satisfies LiquidSite,
  };
}

/** What reading a post depends on, besides the file and the build's clock. */
export type ReaderSettings = Readonly<ReturnType<typeof readerSettings>>;

/**
 * A text that changes whenever any reader setting or the reader version changes: stored posts
 * and file stamps are trusted only under the fingerprint they were read with. Field order does
 * not matter; an unset field differs from every set value.
 */
export function readerFingerprint(settings: ReaderSettings): string {
  const fields = Object.entries(settings)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]: [string, unknown]) => [name, value ?? null]);
  return JSON.stringify([READER_VERSION, fields]);
}

/**
 * Front matter of a Jekyll post, validated with Jekyll's own semantics (see the README's
 * "Reading Jekyll posts"): string-or-list values split on whitespace, the
 * singular `category`/`tag` keys never split (`tag` taking precedence over `tags`, `category`
 * added after `categories`), dates read in the site
 * zone unless they carry an offset, and `published` read as YAML 1.1 booleans like Psych does.
 */
import { z } from 'astro/zod';
import { parseDate } from '../lib/dates';
import { PERMALINK_PLACEHOLDERS, sanitizedUrlPath, unknownPlaceholder } from '../lib/permalink';
import { stripXmlForbidden } from '../lib/xml';

type Scalar = string | number | boolean;

const scalar = z.union([z.string(), z.number(), z.boolean()], {
  error: 'must be a single value, not a list or map; put the whole value in quotes',
});

const stringOrList = z
  .union([scalar, z.array(z.union([scalar, z.null()]))], {
    error: 'must be a word, words separated by spaces, or a list such as [a, b]',
  })
  .nullable()
  .optional();

/** Text fit for HTML and XML: no control characters, no lone surrogates. */
function cleanText(value: Scalar): string {
  return stripXmlForbidden(String(value)).trim();
}

/**
 * A category or tag name: clean text, with tabs and line breaks as single spaces. A name heads
 * URLs (`/a b/2023/…`, `/category/a b.html`), and a URL cannot keep a tab or a line break:
 * browsers and Astro's router remove them, so `a<tab>b` would name a page no link reaches.
 */
function termName(value: Scalar): string {
  return cleanText(String(value).replace(/[\t\n\v\f\r\u2028\u2029]+/g, ' '));
}

function listItems(value: Scalar | (Scalar | null)[]): string[] {
  return (Array.isArray(value) ? value : [value])
    .filter((item): item is Scalar => item !== null)
    .map(termName)
    .filter((item) => item !== '');
}

type TermValue = Scalar | (Scalar | null)[] | null | undefined;

/** A summary's text as written (its Markdown and HTML are read when the post is), or undefined. */
const summaryText = z
  .unknown()
  .optional()
  .transform((value) => {
    if (typeof value !== 'string' && typeof value !== 'number') return undefined;
    return cleanText(value) || undefined;
  });

/** Jekyll's `pluralized_array_from_hash`: the singular key wins and is not split; the plural one is split when a string. */
function pluralized(singular: TermValue, plural: TermValue): string[] {
  if (singular !== undefined && singular !== null) return listItems(singular);
  return pluralValues(plural);
}

/** A plural key's names: split on whitespace when a string, as Jekyll splits `categories: a b`. */
function pluralValues(plural: TermValue): string[] {
  if (plural === undefined || plural === null) return [];
  // Ruby's String#split splits on ASCII whitespace only: a full-width space (U+3000) in
  // `categories: 财经　要闻` is part of one name, as in Jekyll.
  if (typeof plural === 'string')
    return stripXmlForbidden(plural)
      .split(/[ \t\n\v\f\r]+/)
      .map(termName)
      .filter((item) => item !== '');
  return listItems(plural);
}

// Psych (YAML 1.1) reads these words, in any case, as booleans; Jekyll authors write
// `published: no`. Psych leaves `y` and `n` as strings, so they are not flags here either.
const YAML11_BOOLEANS: Record<string, boolean> = {
  true: true,
  yes: true,
  on: true,
  false: false,
  no: false,
  off: false,
};

/** Settings the front matter is read with. */
export interface FrontMatterSchemaOptions {
  /** IANA zone for dates written without an offset. */
  timeZone: string;
}

/**
 * Builds the front-matter schema for a site zone. Output fields are normalized: `categories`
 * and `tags` are string arrays, `date` is an instant (absent when the front matter has none,
 * so the file name's date applies), `title` is absent when missing or empty.
 */
export function createFrontMatterSchema(options: FrontMatterSchemaOptions) {
  return z
    .object({
      /** Jekyll layout name; only `post` exists here, others render as posts with a warning. */
      layout: z.string({ error: 'must be a layout name such as post' }).nullable().optional(),
      /** Article title; the slug-derived title stands in when it is missing or empty. */
      title: scalar
        .nullable()
        .optional()
        .transform((value) => (value === null || value === undefined || cleanText(value) === '' ? undefined : cleanText(value))),
      /** Publication time; without an offset it is read in the site zone. */
      date: z
        .unknown()
        .optional()
        .transform((value, context) => {
          if (value === undefined) return undefined;
          // An empty `date:` reaches here as null (YAML) or as blank text (other readers).
          if (value === null || (typeof value === 'string' && value.trim() === '')) {
            context.addIssue({ code: 'custom', message: 'is empty; write a date such as 2022-06-17 02:18:57 +0800 or remove the line' });
            return z.NEVER;
          }
          if (typeof value !== 'string' && !(value instanceof Date)) {
            context.addIssue({ code: 'custom', message: `${JSON.stringify(value)} is not a date; write it as YYYY-MM-DD HH:MM:SS +0800` });
            return z.NEVER;
          }
          if (value instanceof Date) return { date: value, hasOffset: true };
          const parsed = parseDate(value, options.timeZone);
          if (!parsed.ok) {
            // Some reasons only say what is wrong ("not a real calendar date"); say what to write too.
            const message = /\bwrite\b/.test(parsed.reason) ? parsed.reason : `${parsed.reason}; write it as YYYY-MM-DD HH:MM:SS +0800`;
            context.addIssue({ code: 'custom', message });
            return z.NEVER;
          }
          return { date: parsed.date, hasOffset: parsed.hasOffset };
        }),
      category: stringOrList,
      categories: stringOrList,
      tag: stringOrList,
      tags: stringOrList,
      /**
       * The author's summary, which Jekyll's SEO tag and feed show before the excerpt: text (a
       * number is its digits); a list or map is no summary, and the reader warns of it.
       */
      description: summaryText,
      /** A summary of the author's in place of the excerpt, as Jekyll's `excerpt:` replaces its own. */
      excerpt: summaryText,
      /**
       * Old paths of the post (jekyll-redirect-from, a plugin GitHub Pages runs): each gets a
       * redirect page to it. Written as paths of the site, a `/` put before one without.
       */
      redirect_from: z
        .union([z.string(), z.array(z.union([z.string(), z.null()]))], { error: 'must be a path such as /old/x.html, or a list of them' })
        .nullable()
        .optional()
        .transform((value, context) => {
          if (value === null || value === undefined) return undefined;
          const paths: string[] = [];
          for (const item of Array.isArray(value) ? value : [value]) {
            const written = (item ?? '').trim();
            if (written === '') continue;
            if (/^[a-z][a-z\d+.-]*:|^\/\//i.test(written)) {
              context.addIssue({
                code: 'custom',
                message: `${written} is an address, not a path of this site; write the path alone, such as /old/x.html`,
              });
              return z.NEVER;
            }
            if (written.includes('\0')) {
              context.addIssue({ code: 'custom', message: 'contains a NUL character, which no file name can hold; remove it' });
              return z.NEVER;
            }
            // Jekyll names the redirect page's file by the path decoded (`%20` is a space).
            const decoded = (() => {
              try {
                return decodeURIComponent(written);
              } catch {
                return written;
              }
            })();
            paths.push(sanitizedUrlPath(decoded));
          }
          return paths.length === 0 ? undefined : [...new Set(paths)];
        }),
      /**
       * `false` (or YAML 1.1 `no`/`off`) keeps the post out of every page and feed; so does an
       * empty value, which Psych reads as nil and Jekyll as false.
       */
      published: z
        .union([z.boolean(), z.string()], { error: 'must be true or false' })
        .nullable()
        .optional()
        .transform((value, context) => {
          if (value === undefined) return true;
          if (value === null) return false;
          if (typeof value === 'boolean') return value;
          if (value.trim() === '') return true;
          const flag = YAML11_BOOLEANS[value.trim().toLowerCase()];
          if (flag === undefined) {
            context.addIssue({
              code: 'custom',
              message: `"${value}" is not true or false; write false to keep the post out, or remove the line`,
            });
            return z.NEVER;
          }
          return flag;
        }),
      /** Replaces the file-name slug in the URL (`:title`). */
      slug: scalar
        .nullable()
        .optional()
        .transform((value, context) => {
          if (value === undefined || value === null) return undefined;
          const slug = String(value).trim();
          if (slug === '' || slug.includes('/')) {
            context.addIssue({ code: 'custom', message: `"${slug}" cannot be a slug: it must be non-empty and contain no "/"` });
            return z.NEVER;
          }
          return slug;
        }),
      /** A per-post permalink pattern, as in Jekyll (`/special/:title.html`). */
      permalink: z
        .string({ error: 'must be a path such as /special/:title.html' })
        .nullable()
        .optional()
        // Jekyll's URL#sanitize_url puts a "/" before a relative one (`news/x.html` is /news/x.html);
        // in front matter a style name is no style to Jekyll either (`pretty` is /pretty).
        .transform((value, context) => {
          if (value === null || value === undefined) return undefined;
          if (value.includes('\0')) {
            context.addIssue({ code: 'custom', message: 'contains a NUL character, which no file name can hold; remove it' });
            return z.NEVER;
          }
          const unknown = unknownPlaceholder(value);
          if (unknown) {
            context.addIssue({
              code: 'custom',
              message: `${unknown} is no placeholder Jekyll knows (a Jekyll build stops on it); use ${PERMALINK_PLACEHOLDERS}, or write the text without the colon`,
            });
            return z.NEVER;
          }
          return value.startsWith('/') ? value : `/${value}`;
        }),
    })
    .transform(({ category, categories, tag, tags, ...rest }) => ({
      ...rest,
      layout: rest.layout ?? undefined,
      // Jekyll's `populate_categories`: the `categories` names, then the pluralized ones (so a
      // post with both keys has both: `categories: [a]` and `category: b` give /a/b/…), with
      // repeats dropped (`uniq`, case-sensitive); tags keep repeats, as there.
      categories: [...new Set([...pluralValues(categories), ...pluralized(category, categories)])],
      tags: pluralized(tag, tags),
    }));
}

export type FrontMatter = z.output<ReturnType<typeof createFrontMatterSchema>>;

/**
 * A post as stored in the collection and read by pages and feeds: front matter resolved
 * against the file name and the site settings, plus what the loader derived once.
 */
// A type, not an interface: Astro's store takes it as a record of fields.
export type Post = {
  /** Title to show; never empty. */
  title: string;
  /** Publication instant. */
  date: Date;
  /** Categories in front-matter order, case kept (URLs lower-case them). */
  categories: string[];
  tags: string[];
  /** Decoded path of the article page (names the file on disk). */
  path: string;
  /** Percent-encoded, site-relative URL of the article page. */
  url: string;
  /** Decoded paths Jekyll gave this post where they differ from `path`, and its `redirect_from:` paths; each gets a redirect page. */
  legacyPaths: string[];
  /** The paths of its `redirect_from:` (in `legacyPaths` too), for messages to name that field. */
  redirectFrom?: string[] | undefined;
  /**
   * The extension the files of the post's pages keep, when its own `permalink:` names one other
   * than `.html` (`.shtml`): they are named as their paths are, as Jekyll writes them
   * (`keptFileExtension` in `src/lib/permalink.ts`).
   */
  keptExtension?: string | undefined;
  /** The post file as the build read it: posts folder and path below it. */
  sourceFile: string;
  /**
   * Content digest of the file with the reading settings: changes whenever anything shown from
   * this post may change. Names its body in the body store and keys incremental page renders.
   */
  digest: string;
  /**
   * The id of the excerpt and sanitized body HTML in the body store (`src/lib/body-store.ts`):
   * the store's folder relative to Astro's cache folder, so the cache that names it can move,
   * and the digest.
   */
  bodyId: string;
  /**
   * Digest of the sanitized body HTML alone: unlike `digest`, it stays when only the front matter
   * or the reading settings change and the body reads the same. The search index keys an article
   * on it, so a new site title does not index the archive again.
   */
  bodyDigest: string;
  /**
   * The article's original address, from the source link a scraper appended to the body (taken
   * out of the body, with its back links: see `src/lib/boilerplate.ts`); shown as 原文链接.
   */
  sourceUrl?: string | undefined;
  /**
   * The links and images the body writes that lead into the site, each with its line in the file
   * and the decoded site path it resolves to (relative links against the post's URL): the build
   * and `npm run check` report those that lead nowhere. `shown` is false for a link the page does
   * not show (in the scraper's tail, or in content the sanitizer drops), which is not reported;
   * it is left out when the page shows the link, and when the body was not rendered.
   */
  links?: { line: number; href: string; path: string; shown?: false | undefined }[] | undefined;
};

/**
 * A post as read from its file. Storing it adds its digest and moves the excerpt, with the
 * body, into the body store.
 */
export type ReadPost = Omit<Post, 'digest' | 'bodyId' | 'bodyDigest'> & {
  /** Plain-text excerpt of the body (CJK-aware). */
  excerpt: string;
};

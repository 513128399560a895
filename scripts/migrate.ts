/**
 * `npm run migrate -- <jekyll-site> [--copy-posts] [--names-from-posts]`: carries a Jekyll
 * site's settings over. Reads `_config.yml` (title, description, url, timezone, lang, permalink,
 * author) and the category stub pages (`category/<Name>.html` with a `title:`, and a `category:`
 * or the file name as the category), writes the matching settings into `src/site.config.ts`
 * (edited as a syntax tree, each value checked by the settings schema) and the display names
 * into `src/data/categories.yml`, each with the URL the stub had (`oldUrls`, exact case) where
 * it differs from the listing's `/category/<key>.html`, so old links keep working.
 *
 * It reads the old site's `_posts` with the build's own reader and checks each stub's title
 * against the tag most of the category's posts carry (scrapers reuse stub titles);
 * `--names-from-posts` takes that tag as the name. It prints what it could not map (stubs
 * without a title, keys with no xinwen setting) and what to check (a missing timezone, which
 * sets `legacyTimeZone: 'UTC'`; stubs no post can match; stubs naming one category twice;
 * names the posts contradict). Posts stay where they are (use POSTS_DIR), or replace the
 * example posts and categories with `--copy-posts`.
 */
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import YAML from 'yaml';
import { generateCode, loadFile } from 'magicast';
import { getDefaultExportOptions } from 'magicast/helpers';
import { termSlug } from '../src/lib/site-index';
import { readPostsFolder } from '../src/loaders/posts-folder';
import { readerSettings } from '../src/reader/settings';
import { settingsSchema } from '../src/schemas/settings';

const USAGE = `usage: npm run migrate -- <path-to-jekyll-site> [--copy-posts] [--names-from-posts]

  --copy-posts        copy _posts into --posts, replacing the example posts and categories
  --names-from-posts  name a category by the tag most of its posts carry, where the stub's title differs
  --config <file>     settings file to edit (default src/site.config.ts)
  --categories <file> category names to write (default src/data/categories.yml)
  --posts <folder>    where --copy-posts puts the posts (default src/content/posts)`;

const { values, positionals } = parseArgs({
  options: {
    'copy-posts': { type: 'boolean', default: false },
    'names-from-posts': { type: 'boolean', default: false },
    config: { type: 'string', default: 'src/site.config.ts' },
    categories: { type: 'string', default: 'src/data/categories.yml' },
    posts: { type: 'string', default: 'src/content/posts' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  allowPositionals: true,
});
const site = positionals[0];
if (values.help || !site) {
  if (values.help) console.log(USAGE);
  else console.error(USAGE);
  process.exit(values.help ? 0 : 2);
}

const configFile = path.join(site, '_config.yml');
if (!existsSync(configFile)) {
  console.error(`${configFile} not found: give the folder of a Jekyll site`);
  process.exit(2);
}
const jekyll = (YAML.parse(readFileSync(configFile, 'utf8')) ?? {}) as Record<string, unknown>;
/** What was not carried over. */
const unmapped: string[] = [];
/** What was carried over, but may need a look (or a choice) from the site owner. */
const toCheck: string[] = [];
const settings: Record<string, string | string[]> = {};

const text = (key: string) => (typeof jekyll[key] === 'string' || typeof jekyll[key] === 'number' ? String(jekyll[key]).trim() : undefined);

/** Sets `setting` when the settings schema accepts the value; otherwise says why it was not mapped. */
function map(jekyllKey: string, setting: keyof typeof settingsSchema.shape, value: unknown): void {
  const checked = settingsSchema.shape[setting].safeParse(value);
  if (checked.success) settings[setting] = checked.data as string | string[];
  else unmapped.push(`${jekyllKey}: ${JSON.stringify(value)} ${checked.error.issues[0]?.message ?? 'is not valid'}`);
}

if (text('title')) map('title', 'title', text('title'));
if (text('description')) map('description', 'description', text('description'));
if (text('lang')) map('lang', 'language', text('lang'));
if (text('url')) {
  let url: URL | undefined;
  try {
    url = new URL(text('url')!);
  } catch {
    unmapped.push(`url: ${JSON.stringify(text('url'))} is not an absolute URL`);
  }
  if (url) {
    map('url', 'url', url.origin);
    // Links in posts to the old host become site-relative.
    map('url', 'legacyHosts', [url.hostname]);
  }
}
if (text('timezone')) map('timezone', 'timeZone', text('timezone'));
else {
  // Jekyll then used the machine's zone: UTC on GitHub Pages and most CI machines. timeZone
  // stays what the site means; the old zone only adds redirects where a post's day moved.
  map('timezone', 'legacyTimeZone', 'UTC');
  toCheck.push(
    "timezone: not set — the old site ran in its build machine's zone, UTC on GitHub Pages; legacyTimeZone: 'UTC' is set, " +
      'so each post whose day differs in UTC (such as one dated before 08:00 +0800) also gets a redirect from its old URL; ' +
      'change legacyTimeZone if the old site was built elsewhere',
  );
}
if (text('permalink')) map('permalink', 'permalink', text('permalink'));
const HANDLED = new Set(['title', 'description', 'lang', 'url', 'timezone', 'permalink']);
for (const key of Object.keys(jekyll)) {
  if (HANDLED.has(key)) continue;
  const value = JSON.stringify(jekyll[key]);
  unmapped.push(
    key === 'author'
      ? `author: ${value} — xinwen shows no author; keep it in the site description or footer if wanted`
      : `${key}: ${value.length > 60 ? `${value.slice(0, 57)}...` : value} — no xinwen setting`,
  );
}

// The settings file is one object literal; edit it as a syntax tree, so any layout (a list
// reflowed over several lines, comments) survives and nothing but the values changes.
if (Object.keys(settings).length > 0) {
  const settingsModule = await loadFile(values.config);
  const settingsObject = getDefaultExportOptions(settingsModule);
  for (const [key, value] of Object.entries(settings)) settingsObject[key] = value;
  // Printed as the file is written: two-space indents, trailing commas, a final newline.
  const { code } = generateCode(settingsModule, { format: false, quote: 'single', tabWidth: 2, trailingComma: true });
  writeFileSync(values.config, code.endsWith('\n') ? code : `${code}\n`);
}

/** The listing xinwen serves for a category key anyway (a decoded site path). */
const listingUrl = (key: string) => `/category/${key}.html`;

/**
 * The URL Jekyll served a stub at, exact case: its `permalink:` as a site path (one ending in
 * "/" stays a folder URL), else its file name with `.html`.
 */
function stubUrl(file: string, permalink: unknown): string {
  const basename = file.replace(/\.[^.]+$/, '');
  if (typeof permalink !== 'string' || permalink.trim() === '') return `/category/${basename}.html`;
  // Jekyll's page placeholders; :path is the stub's folder.
  const url = permalink.trim().replaceAll(':path', '/category/').replaceAll(':basename', basename).replaceAll(':output_ext', '.html');
  return `/${url}`.replace(/\/{2,}/g, '/');
}

/** A stub page that names a category. */
interface Stub {
  file: string;
  title: string;
  oldUrl: string;
}

// Category stubs: category/<Name>.html (or .md); the category is their `category:`, else the
// file name, and URLs use it in lower case.
const names: Record<string, { name: string; oldUrls?: string[] }> = {};
/** Every stub of a key, first by file name first: it names the category. */
const stubsByKey = new Map<string, Stub[]>();
const stubDir = path.join(site, 'category');
if (existsSync(stubDir)) {
  for (const file of readdirSync(stubDir)
    .filter((name) => /\.(html|md|markdown)$/.test(name))
    .sort()) {
    const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(readFileSync(path.join(stubDir, file), 'utf8'))?.[1];
    let data: Record<string, unknown> | null | undefined;
    try {
      data = front === undefined ? undefined : (YAML.parse(front) as Record<string, unknown> | null);
    } catch (error) {
      unmapped.push(`category/${file}: front matter cannot be read (${(error as Error).message.split('\n')[0]})`);
      continue;
    }
    const category =
      typeof data?.category === 'string' && data.category.trim() !== '' ? data.category.trim() : file.replace(/\.[^.]+$/, '');
    const key = termSlug(category);
    const written = typeof data?.title === 'string' ? data.title.trim() : '';
    // Without a title the stub is still written, named by its category, so its old URL works.
    const title = written === '' ? category : written;
    if (written === '') {
      unmapped.push(`category/${file}: no title: in its front matter; named "${category}", its category, so its old URL keeps working`);
    }
    const stub: Stub = { file, title, oldUrl: stubUrl(file, data?.permalink) };
    if (/\s/.test(category)) {
      // Written all the same: the old URL keeps working, as an empty listing.
      toCheck.push(
        `category/${file}: category "${category}" has spaces, and a post's categories are split at spaces, so no post can match it; ` +
          `written all the same, so ${stub.oldUrl} keeps working, as an empty listing that links to all categories`,
      );
    }
    const earlier = stubsByKey.get(key)?.[0];
    if (earlier !== undefined) {
      // Case-insensitive file systems and lower-case URLs make these one category.
      const urls = [...new Set([earlier.oldUrl, stub.oldUrl])];
      toCheck.push(
        `category/${file}: names the same category "${key}" as category/${earlier.file}` +
          `${earlier.title === title ? '' : ` ("${title}" against "${earlier.title}")`}; the first is kept` +
          `, and ${urls.length > 1 ? `${urls.join(' and ')} both keep` : `${urls[0]} keeps`} working`,
      );
    }
    stubsByKey.set(key, [...(stubsByKey.get(key) ?? []), stub]);
  }
}

// The old site's posts, read as the build reads them: how many each category has, and the
// tags they carry (a post counts once for each of its categories, and each tag once a post).
const postsDir = path.join(site, '_posts');
const tallies = new Map<string, { posts: number; tags: Map<string, number> }>();
let postsRead: { valid: number; invalid: number } | undefined;
if (existsSync(postsDir) && stubsByKey.size > 0) {
  const readWith = settingsSchema.safeParse({ ...settings, postsDir, invalidPosts: 'skip', includeFuture: true });
  if (!readWith.success) {
    const issue = readWith.error.issues[0];
    toCheck.push(`category names: not checked against ${postsDir}: its settings are refused (${issue?.path.join('.')}: ${issue?.message})`);
  } else {
    const { report, entries } = await readPostsFolder(
      readerSettings(readWith.data),
      { dir: path.resolve(postsDir), displayDir: postsDir },
      { render: false, now: new Date() },
    );
    postsRead = { valid: report.valid, invalid: report.invalid.length };
    // Entries come in file-name order, so Map order is "first seen" for ties below.
    for (const { post } of entries.values()) {
      const tags = [...new Set(post.tags)];
      for (const key of new Set(post.categories.map(termSlug))) {
        const tally = tallies.get(key) ?? { posts: 0, tags: new Map<string, number>() };
        tally.posts += 1;
        for (const tag of tags) tally.tags.set(tag, (tally.tags.get(tag) ?? 0) + 1);
        tallies.set(key, tally);
      }
    }
  }
}

/** The tag more than half of a category's posts carry (the most common; on a tie, the first seen), if any. */
function tagOfMost(key: string): { tag: string; count: number; posts: number } | undefined {
  const tally = tallies.get(key);
  if (!tally) return undefined;
  let best: { tag: string; count: number } | undefined;
  for (const [tag, count] of tally.tags) if (best === undefined || count > best.count) best = { tag, count };
  return best && best.count * 2 > tally.posts ? { ...best, posts: tally.posts } : undefined;
}

// With the site's own posts copied in, the example categories go with the example posts.
const existing =
  !values['copy-posts'] && existsSync(values.categories)
    ? ((YAML.parse(readFileSync(values.categories, 'utf8')) ?? {}) as Record<string, unknown>)
    : {};
// URLs that are some category's listing: an old URL there must not become a redirect.
const listings = new Map([...Object.keys(existing), ...stubsByKey.keys(), ...tallies.keys()].map((key) => [listingUrl(key), key]));
for (const [key, stubs] of stubsByKey) {
  const first = stubs[0]!;
  let name = first.title;
  const fromPosts = tagOfMost(key);
  if (fromPosts && fromPosts.tag !== first.title) {
    if (values['names-from-posts']) {
      name = fromPosts.tag;
      toCheck.push(`category/${first.file}: named "${fromPosts.tag}" from its posts (the stub said "${first.title}")`);
    } else {
      toCheck.push(
        `category/${first.file}: title "${first.title}" but its ${fromPosts.posts} posts mostly carry the tag "${fromPosts.tag}" ` +
          `(${fromPosts.count} of ${fromPosts.posts}); run with --names-from-posts to use the posts' name`,
      );
    }
  }
  const oldUrls: string[] = [];
  for (const { file, oldUrl } of stubs) {
    const listingOf = listings.get(oldUrl);
    if (listingOf === key || oldUrls.includes(oldUrl)) continue;
    if (listingOf !== undefined) {
      toCheck.push(
        `category/${file}: its old URL ${oldUrl} is the listing of category "${listingOf}" now, so it does not lead to "${key}"`,
      );
      continue;
    }
    oldUrls.push(oldUrl);
  }
  names[key] = oldUrls.length > 0 ? { name, oldUrls } : { name };
}

const merged = { ...existing, ...names };
writeFileSync(
  values.categories,
  `# Display names of categories, keyed by the category as written in URLs (lower case).\n# Written by npm run migrate from ${path.basename(path.resolve(site))}/category/; edit freely.\n${YAML.stringify(merged)}`,
);

let replaced = 0;
if (values['copy-posts'] && existsSync(postsDir)) {
  // The site's posts replace the example posts rather than joining them.
  if (existsSync(values.posts)) {
    for (const entry of readdirSync(values.posts, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && /\.(md|markdown|html)$/.test(entry.name)) {
        rmSync(path.join(entry.parentPath, entry.name));
        replaced += 1;
      }
    }
  }
  cpSync(postsDir, values.posts, { recursive: true });
}

console.log(`settings written to ${values.config}:`);
for (const [key, value] of Object.entries(settings)) console.log(`  ${key}: ${Array.isArray(value) ? value.join(', ') : value}`);
const written = Object.keys(names);
const counted = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
console.log(
  `${written.length} category names written to ${values.categories}` +
    (postsRead
      ? ` (${written.filter((key) => !tallies.has(key)).length} without a post in ${postsDir}, ` +
        `which has ${counted(postsRead.valid, 'valid post')}` +
        `${postsRead.invalid === 0 ? '' : `; ${counted(postsRead.invalid, 'invalid file')} not read, see npm run check -- ${postsDir}`})`
      : ''),
);
if (written.length > 0 && !existsSync(postsDir)) console.log(`category names not checked against posts: ${postsDir} does not exist`);
if (existsSync(postsDir)) {
  console.log(
    values['copy-posts']
      ? `posts copied from ${postsDir} to ${values.posts}${replaced > 0 ? `, replacing the ${replaced} posts that were there` : ''}`
      : `posts stay in place: build with POSTS_DIR=${postsDir}`,
  );
}
for (const [heading, lines] of [
  ['not mapped:', unmapped],
  ['to check:', toCheck],
] as const) {
  if (lines.length === 0) continue;
  console.log(heading);
  for (const line of lines) console.log(`  ${line}`);
}

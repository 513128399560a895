/**
 * `npm run migrate -- <jekyll-site> [--copy-posts]`: carries a Jekyll site's settings over.
 * Reads `_config.yml` (title, description, url, timezone, lang, permalink, author) and the
 * category stub pages (`category/<Name>.html` with a `title:`, and a `category:` or the file
 * name as the category), writes the matching settings into `src/site.config.ts` (edited as a
 * syntax tree, each value checked by the settings schema) and the display names into
 * `src/data/categories.yml`, and prints what it could not map: stubs no post can match, stubs
 * naming one category twice, a missing timezone. Posts stay where they are (use POSTS_DIR), or
 * replace the example posts and categories with `--copy-posts`.
 */
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import YAML from 'yaml';
import { loadFile, writeFile } from 'magicast';
import { getDefaultExportOptions } from 'magicast/helpers';
import { settingsSchema } from '../src/schemas/settings';

const { values, positionals } = parseArgs({
  options: {
    'copy-posts': { type: 'boolean', default: false },
    config: { type: 'string', default: 'src/site.config.ts' },
    categories: { type: 'string', default: 'src/data/categories.yml' },
    posts: { type: 'string', default: 'src/content/posts' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  allowPositionals: true,
});
const site = positionals[0];
if (values.help || !site) {
  console.error('usage: npm run migrate -- <path-to-jekyll-site> [--copy-posts]');
  process.exit(values.help ? 0 : 2);
}

const configFile = path.join(site, '_config.yml');
if (!existsSync(configFile)) {
  console.error(`${configFile} not found: give the folder of a Jekyll site`);
  process.exit(2);
}
const jekyll = (YAML.parse(readFileSync(configFile, 'utf8')) ?? {}) as Record<string, unknown>;
const unmapped: string[] = [];
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
  // Jekyll then used the machine's zone: UTC on GitHub Pages and most CI machines.
  unmapped.push(
    "timezone: not set — the old site ran in its machine's zone (UTC on GitHub Pages); xinwen reads dates without an offset " +
      "in timeZone (unchanged), so such posts dated before that zone's offset from UTC in the morning may move to the previous day",
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
  await writeFile(settingsModule, values.config, { quote: 'single' });
}

// Category stubs: category/<Name>.html (or .md); the category is their `category:`, else the
// file name, and URLs use it in lower case.
const names: Record<string, { name: string }> = {};
const namedBy = new Map<string, string>();
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
    if (/\s/.test(category)) {
      unmapped.push(
        `category/${file}: category "${category}" has spaces, and a post's categories are split at spaces, so no post can have it; not written`,
      );
      continue;
    }
    const slug = category.toLowerCase();
    const title = data?.title;
    if (typeof title !== 'string' || title.trim() === '') {
      unmapped.push(`category/${file}: no title: in its front matter; the category is shown as "${slug}"`);
      continue;
    }
    const earlier = namedBy.get(slug);
    if (earlier !== undefined) {
      // Case-insensitive file systems and lower-case URLs make these one category.
      unmapped.push(
        `category/${file}: names the same category "${slug}" as category/${earlier}` +
          `${names[slug]!.name === title.trim() ? '' : ` ("${title.trim()}" against "${names[slug]!.name}")`}; the first is kept`,
      );
      continue;
    }
    names[slug] = { name: title.trim() };
    namedBy.set(slug, file);
  }
}
// With the site's own posts copied in, the example categories go with the example posts.
const existing =
  !values['copy-posts'] && existsSync(values.categories)
    ? ((YAML.parse(readFileSync(values.categories, 'utf8')) ?? {}) as Record<string, unknown>)
    : {};
const merged = { ...existing, ...names };
writeFileSync(
  values.categories,
  `# Display names of categories, keyed by the category as written in URLs (lower case).\n# Written by npm run migrate from ${path.basename(path.resolve(site))}/category/; edit freely.\n${YAML.stringify(merged)}`,
);

const postsDir = path.join(site, '_posts');
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
console.log(`${Object.keys(names).length} category names written to ${values.categories}`);
if (existsSync(postsDir)) {
  console.log(
    values['copy-posts']
      ? `posts copied from ${postsDir} to ${values.posts}${replaced > 0 ? `, replacing the ${replaced} posts that were there` : ''}`
      : `posts stay in place: build with POSTS_DIR=${postsDir}`,
  );
}
if (unmapped.length > 0) {
  console.log('not mapped:');
  for (const line of unmapped) console.log(`  ${line}`);
}

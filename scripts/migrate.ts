/**
 * `npm run migrate -- <jekyll-site> [--copy-posts]`: carries a Jekyll site's settings over.
 * Reads `_config.yml` (title, description, url, timezone, lang, permalink, author) and the
 * category stub pages (`category/<slug>.html` with a `title:`), writes the matching settings
 * into `src/site.config.ts` and the display names into `src/data/categories.yml`, and prints
 * what it could not map. Posts stay where they are (use POSTS_DIR), or are copied with
 * `--copy-posts`.
 */
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import YAML from 'yaml';
import { assertTimeZone } from '../src/lib/dates';
import { permalinkPattern } from '../src/lib/permalink';

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
if (text('title')) settings.title = text('title')!;
if (text('description')) settings.description = text('description')!;
if (text('lang')) settings.language = text('lang')!;
if (text('url')) {
  const url = new URL(text('url')!);
  settings.url = url.origin;
  // Links in posts to the old host become site-relative.
  settings.legacyHosts = [url.hostname];
}
if (text('timezone')) {
  try {
    assertTimeZone(text('timezone')!);
    settings.timeZone = text('timezone')!;
  } catch (error) {
    unmapped.push(`timezone: ${(error as Error).message}`);
  }
}
if (text('permalink')) {
  try {
    permalinkPattern(text('permalink')!);
    settings.permalink = text('permalink')!;
  } catch (error) {
    unmapped.push(`permalink: ${(error as Error).message}`);
  }
}
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

/** Replaces one property's value in the `settings` object literal of the config source. */
function setProperty(source: string, key: string, value: string | string[]): string {
  const literal = Array.isArray(value) ? `[${value.map((item) => JSON.stringify(item)).join(', ')}]` : JSON.stringify(value);
  const pattern = new RegExp(`^(  ${key}: ).*?,$`, 'm');
  if (!pattern.test(source)) {
    unmapped.push(`${key}: not found in ${values.config}; set it by hand to ${literal}`);
    return source;
  }
  return source.replace(pattern, (_, start: string) => `${start}${literal},`);
}

let configSource = readFileSync(values.config, 'utf8');
for (const [key, value] of Object.entries(settings)) configSource = setProperty(configSource, key, value);
writeFileSync(values.config, configSource);

// Category stubs: category/<slug>.html (or .md) whose front matter names the category.
const names: Record<string, { name: string }> = {};
const stubDir = path.join(site, 'category');
if (existsSync(stubDir)) {
  for (const file of readdirSync(stubDir).filter((name) => /\.(html|md|markdown)$/.test(name)).sort()) {
    const slug = file.replace(/\.[^.]+$/, '').toLowerCase();
    const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(readFileSync(path.join(stubDir, file), 'utf8'))?.[1];
    let title: unknown;
    try {
      title = front === undefined ? undefined : (YAML.parse(front) as Record<string, unknown> | null)?.title;
    } catch (error) {
      unmapped.push(`category/${file}: front matter cannot be read (${(error as Error).message.split('\n')[0]})`);
      continue;
    }
    if (typeof title === 'string' && title.trim() !== '') names[slug] = { name: title.trim() };
    else unmapped.push(`category/${file}: no title: in its front matter; the category is shown as "${slug}"`);
  }
}
const existing = existsSync(values.categories) ? ((YAML.parse(readFileSync(values.categories, 'utf8')) ?? {}) as Record<string, unknown>) : {};
const merged = { ...existing, ...names };
writeFileSync(
  values.categories,
  `# Display names of categories, keyed by the category as written in URLs (lower case).\n# Written by npm run migrate from ${path.basename(path.resolve(site))}/category/; edit freely.\n${YAML.stringify(merged)}`,
);

const postsDir = path.join(site, '_posts');
if (values['copy-posts'] && existsSync(postsDir)) {
  cpSync(postsDir, values.posts, { recursive: true });
}

console.log(`settings written to ${values.config}:`);
for (const [key, value] of Object.entries(settings)) console.log(`  ${key}: ${Array.isArray(value) ? value.join(', ') : value}`);
console.log(`${Object.keys(names).length} category names written to ${values.categories}`);
if (existsSync(postsDir)) {
  console.log(values['copy-posts'] ? `posts copied from ${postsDir} to ${values.posts}` : `posts stay in place: build with POSTS_DIR=${postsDir}`);
}
if (unmapped.length > 0) {
  console.log('not mapped:');
  for (const line of unmapped) console.log(`  ${line}`);
}

/**
 * `npm run migrate -- <jekyll-site> [--copy-posts]`: carries a Jekyll site's settings over.
 * Reads `_config.yml` (title, description, url, timezone, lang, permalink, author) and the
 * category stub pages (`category/<slug>.html` with a `title:`), writes the matching settings
 * into `src/site.config.ts` (edited as a syntax tree, each value checked by the settings schema)
 * and the display names into `src/data/categories.yml`, and prints
 * what it could not map. Posts stay where they are (use POSTS_DIR), or are copied with
 * `--copy-posts`.
 */
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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

// Category stubs: category/<slug>.html (or .md) whose front matter names the category.
const names: Record<string, { name: string }> = {};
const stubDir = path.join(site, 'category');
if (existsSync(stubDir)) {
  for (const file of readdirSync(stubDir)
    .filter((name) => /\.(html|md|markdown)$/.test(name))
    .sort()) {
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
const existing = existsSync(values.categories)
  ? ((YAML.parse(readFileSync(values.categories, 'utf8')) ?? {}) as Record<string, unknown>)
  : {};
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
  console.log(
    values['copy-posts'] ? `posts copied from ${postsDir} to ${values.posts}` : `posts stay in place: build with POSTS_DIR=${postsDir}`,
  );
}
if (unmapped.length > 0) {
  console.log('not mapped:');
  for (const line of unmapped) console.log(`  ${line}`);
}

/**
 * `npm run new -- "标题" --category <slug> [--tags a,b]`: writes a new post into the posts
 * folder (POSTS_DIR or src/content/posts), dated now in the site's time zone, and prints its
 * path and the URL it will have. Never overwrites a file.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { absoluteUrl } from '../src/lib/feed';
import { newPostFile } from '../src/lib/new-post';
import { postPermalink } from '../src/lib/permalink';
import { settingsForCommand } from '../src/settings/command';

const { values, positionals } = parseArgs({
  options: {
    category: { type: 'string' },
    tags: { type: 'string', default: '' },
    date: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  allowPositionals: true,
});

const title = positionals.join(' ').trim();
if (values.help || title === '' || !values.category) {
  console.error('usage: npm run new -- "标题" --category <slug> [--tags a,b]');
  process.exit(values.help ? 0 : 2);
}

const date = values.date ? new Date(values.date) : new Date();
if (Number.isNaN(date.getTime())) {
  console.error(`--date "${values.date}" is not a date`);
  process.exit(2);
}
const settings = settingsForCommand();
const tags = values.tags
  .split(',')
  .map((tag) => tag.trim())
  .filter((tag) => tag !== '');
const post = newPostFile({ title, category: values.category, tags, date, timeZone: settings.timeZone });
const file = path.join(settings.postsDir, post.fileName);
if (existsSync(file)) {
  console.error(`${file} already exists; choose another title or edit that file`);
  process.exit(1);
}
mkdirSync(settings.postsDir, { recursive: true });
writeFileSync(file, post.text);
const { url } = postPermalink(settings.permalink, { categories: [values.category], date, slug: post.slug, timeZone: settings.timeZone });
console.log(`wrote ${file}`);
console.log(`url   ${absoluteUrl(settings.url, url)}`);

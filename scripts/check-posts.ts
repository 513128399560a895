/**
 * `npm run check [-- --json] [folder]`: validates every post in the posts folder with the
 * build's own rules, without building pages, and prints one line per problem
 * (`path:line: field: reason`), one per link into the site that leads nowhere
 * (`path:line: link: <href> → <path> does not exist`; one written in many posts once, with their
 * count), one per first folder of article URLs named like one of the site's own (`/archive/`)
 * and a summary. Exits 1 when any post is invalid; links alone never fail it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { routeCollisions } from '../src/lib/reserved-routes';
import { checkBodyLinks } from '../src/lib/site-pages';
import { readPostsFolder } from '../src/loaders/posts-folder';
import { formatReport } from '../src/loaders/report';
import { expectedFiles, readOldSite } from '../src/loaders/site-links';
import { renderedLinks } from '../src/reader/read-post';
import { readerSettings } from '../src/reader/settings';
import { settingsForCommand } from '../src/settings/command';
import { buildNow } from '../src/settings/resolve';

const { values, positionals } = parseArgs({
  options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
  allowPositionals: true,
});

if (values.help) {
  console.log(
    'usage: npm run check [-- --json] [posts-folder]\n\nValidates the posts (POSTS_DIR or src/content/posts) as the build would.',
  );
  process.exit(0);
}

const settings = settingsForCommand();
const reader = readerSettings(settings);
const displayDir = positionals[0] ?? reader.postsDir;
const started = performance.now();
const now = buildNow(settings);
// Validation needs no HTML: bodies are neither rendered nor sanitized here.
const { report, entries } = await readPostsFolder(reader, { dir: path.resolve(displayDir), displayDir }, { render: false, now });
// Links into the site are resolved against the pages the site will have; none fails the check.
// Those to the old site's pages and files that the site will not have are named apart.
// Only a rendered body tells which links its page shows: the posts with a link that leads
// nowhere are read again, rendered, as the build reads them.
const { posts, files } = expectedFiles(entries.values(), settings, process.cwd());
report.links = checkBodyLinks(
  posts,
  files,
  ({ sourceFile }) => {
    try {
      return sourceFile === undefined ? undefined : renderedLinks(sourceFile, readFileSync(path.resolve(sourceFile)), reader, now);
    } catch {
      return undefined;
    }
  },
  readOldSite(process.cwd()),
);
// URL folders named like the site's own pages (`/archive/`): the build keeps both; a warning.
report.routes = routeCollisions(posts);
const seconds = (performance.now() - started) / 1000;

if (values.json) {
  console.log(JSON.stringify({ ...report, seconds }, null, 2));
} else {
  for (const line of formatReport(report)) console.log(line);
  console.log(`checked in ${seconds.toFixed(2)} s`);
}
process.exitCode = report.invalid.length > 0 ? 1 : 0;

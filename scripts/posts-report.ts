/**
 * `npm run report`: the last build's posts report (what was built, skipped or warned about, and
 * why) with its link check (the posts' links that lead nowhere) as Markdown. The deploy
 * workflow appends it to its job summary, so skipped posts are on the run's page rather than
 * deep in its log.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { LINK_REPORT_FILE, type LinkCheckResult } from '../src/integrations/post-build/link-check';
import { type PostsReport, REPORT_FILE, reportMarkdown } from '../src/loaders/report';
import { settingsForCommand } from '../src/settings/command';

const settings = settingsForCommand();
const file = path.resolve(settings.cacheDir, REPORT_FILE);
let report: PostsReport;
try {
  report = JSON.parse(readFileSync(file, 'utf8')) as PostsReport;
} catch {
  console.log(`## Posts\n\nNo posts report in \`${path.relative(process.cwd(), file)}\`: the build stopped before it read the posts.\n`);
  process.exit(0);
}
// The link check runs after the pages are written: a build that stopped before has none, and
// the one in a restored cache folder, older than the posts report, is an earlier build's.
const linkFile = path.resolve(settings.cacheDir, LINK_REPORT_FILE);
try {
  if (statSync(linkFile).mtimeMs >= statSync(file).mtimeMs) {
    const links = (JSON.parse(readFileSync(linkFile, 'utf8')) as LinkCheckResult).bodyLinks;
    if (links) report.links = links;
  }
} catch {
  // No link report: the table is left out.
}
process.stdout.write(reportMarkdown(report));

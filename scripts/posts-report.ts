/**
 * `npm run report`: the last build's posts report (what was built, skipped or warned about, and
 * why) as Markdown. The deploy workflow appends it to its job summary, so skipped posts are on
 * the run's page rather than deep in its log.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
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
process.stdout.write(reportMarkdown(report));

/**
 * `npm run migrate -- <jekyll-site> [--copy-posts] [--names-from-posts]`: carries a Jekyll
 * site's settings and category names over (`_config.yml` into `src/site.config.ts`, category
 * stubs and the posts' tags into `src/data/categories.yml`), copies its static files into
 * `public/`, writes down its pages and files (`src/data/old-site.yml`), and prints what it
 * wrote, what it did not carry (`not mapped:`) and what to check. The work is `migrateSite`
 * (src/migrate/migrate-site.ts); this command reads the arguments and prints.
 */
import { parseArgs } from 'node:util';
import { MigrateInputError, migrateSite, migrationReport } from '../src/migrate/migrate-site';

const USAGE = `usage: npm run migrate -- <path-to-jekyll-site> [--copy-posts] [--names-from-posts]

  --copy-posts        copy _posts into --posts, replacing the example posts and categories
  --names-from-posts  name each category with posts by the tag most of its posts carry, where
                      its stub's title differs or it has no stub title
  --config <file>     settings file to edit (default src/site.config.ts)
  --categories <file> category names to write (default src/data/categories.yml)
  --posts <folder>    where --copy-posts puts the posts (default src/content/posts)
  --public <folder>   where the site's static files are copied (default public); xinwen's own
                      files there are never replaced
  --no-static-files   do not copy the static files (posts' links to them are then reported as
                      links to the old site's files)
  --old-site <file>   where the old site's pages and files are written down for the link checks
                      (default src/data/old-site.yml)`;

const { values, positionals } = parseArgs({
  options: {
    'copy-posts': { type: 'boolean', default: false },
    'names-from-posts': { type: 'boolean', default: false },
    config: { type: 'string', default: 'src/site.config.ts' },
    categories: { type: 'string', default: 'src/data/categories.yml' },
    posts: { type: 'string', default: 'src/content/posts' },
    public: { type: 'string', default: 'public' },
    'static-files': { type: 'boolean', default: true },
    'old-site': { type: 'string', default: 'src/data/old-site.yml' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  allowPositionals: true,
  allowNegative: true,
});
const site = positionals[0];
if (values.help || !site) {
  if (values.help) console.log(USAGE);
  else console.error(USAGE);
  process.exit(values.help ? 0 : 2);
}

try {
  const result = await migrateSite({
    site,
    config: values.config,
    categories: values.categories,
    posts: values.posts,
    publicDir: values.public,
    copyStatic: values['static-files'],
    oldSite: values['old-site'],
    copyPosts: values['copy-posts'],
    namesFromPosts: values['names-from-posts'],
  });
  for (const line of migrationReport(result)) console.log(line);
} catch (error) {
  if (!(error instanceof MigrateInputError)) throw error;
  console.error(error.message);
  process.exit(2);
}

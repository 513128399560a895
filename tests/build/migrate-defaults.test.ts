/**
 * A Jekyll site whose posts take categories, permalinks and `published:` from `defaults:`, and
 * whose `exclude:` keeps drafts out, migrated in a fresh checkout and built: every post is at the
 * URL Jekyll gave it, and the drafts are not published.
 * `JEKYLL_URLS` is what Jekyll 4.3.1 built from `tests/fixtures/jekyll-defaults`.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCheckout, freshCheckout, projectRoot, temporaryDir } from '../support/build-site';
import { builtArticles, runScript } from '../support/migrated-archive';

const SITE = path.join(projectRoot, 'tests/fixtures/jekyll-defaults');

/** The URLs of Jekyll's build (the unpublished news/sub post has none). */
const JEKYLL_URLS = [
  '/base/2024/01/01/root.html',
  '/base/mine/2024/01/02/own.html',
  '/n/n.html',
  '/n/n2.html',
  '/n/l.html',
  '/base/2024/01/07/o.html',
  '/globbed/2024/01/08/d.html',
];

describe('a Jekyll site with defaults:, migrated', () => {
  it('builds every post at the URL Jekyll gave it, and leaves out the one a set unpublished', () => {
    const checkout = freshCheckout(path.join(temporaryDir('defaults-checkout'), 'site'));
    const migrate = runScript(checkout, ['scripts/migrate.ts', SITE, '--copy-posts']);
    expect(migrate.code, migrate.stdout + migrate.stderr).toBe(0);
    expect(migrate.stdout).toMatch(/postDefaults: \{"path":"","values":\{"categories":"base","tags":\["t0"\]\}\}/);
    expect(migrate.stdout).toMatch(/defaults for pages — xinwen's pages are its own/);
    // exclude: [_posts/drafts]: Jekyll read neither draft (its include: names a path from the site,
    // which Jekyll 4.3 does not match against posts).
    expect(migrate.stdout).toContain(
      '2 files of ' +
        path.join(SITE, '_posts') +
        " not copied: the site's exclude: names them, so Jekyll never published them (_posts/drafts/2024-01-09-draft.md, _posts/drafts/2024-01-10-kept.md)",
    );
    const built = buildCheckout(checkout, { postsDir: 'src/content/posts' });
    expect(built.exitCode, built.output).toBe(0);
    expect(builtArticles(built.outDir, /\/(root|own|n|n2|l|o|d|s|draft|kept)\.html$/)).toEqual([...JEKYLL_URLS].sort());
  });
});

/**
 * A Jekyll site with `_posts` folders below other folders (`world/_posts/`, `world/asia/_posts/`),
 * whose posts Jekyll gave those folders' categories, and a theme's feed pages (`/atom.xml`,
 * `/blog/rss.xml`), migrated in a fresh checkout and built: each copied post is at the URL Jekyll
 * gave it, and each feed address serves the site feed. `JEKYLL_URLS` is what Jekyll 4.3.1 built
 * from `tests/fixtures/jekyll-nested`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCheckout, freshCheckout, projectRoot, temporaryDir } from '../support/build-site';
import { builtArticles, runScript } from '../support/migrated-archive';

const SITE = path.join(projectRoot, 'tests/fixtures/jekyll-nested');

/** Jekyll's URLs of the posts migrate copies; it also published clash/_posts/2024-02-06-k.md at /clash/2024/02/06/k.html. */
const JEKYLL_URLS = [
  '/news/2024/02/01/root.html',
  '/world/extra/2024/02/02/w.html',
  '/world/asia/2024/02/03/a.html',
  '/world/2024/02/04/s.html',
  '/2024/02/05/c.html',
];

describe('a Jekyll site with nested _posts folders, migrated', () => {
  it("copies each folder's posts with its folders' categories, and builds them at Jekyll's URLs", () => {
    const checkout = freshCheckout(path.join(temporaryDir('nested-checkout'), 'site'));
    const migrate = runScript(checkout, ['scripts/migrate.ts', SITE, '--copy-posts']);
    expect(migrate.code, migrate.stdout + migrate.stderr).toBe(0);
    expect(migrate.stdout).toContain(
      'postDefaults: {"path":"world/","values":{"categories":["world"]}}, {"path":"world/asia/","values":{"categories":["world","asia"]}}',
    );
    expect(migrate.stdout).toContain(
      `2 files of ${path.join(SITE, 'world/_posts')} copied to ${path.join('src/content/posts', 'world')}, their posts given "world" from their folders`,
    );
    // _posts/clash/ holds a post Jekyll gave no category: a set for clash/ would give it one.
    expect(migrate.stdout).toMatch(
      /clash\/_posts\/: 1 file — not copied: _posts\/clash\/2024-02-05-c\.md would share the folder they go to \(clash\/ of the posts folder\)/,
    );
    const built = buildCheckout(checkout, { postsDir: 'src/content/posts' });
    expect(built.exitCode, built.output).toBe(0);
    // The theme's feed addresses, which its subscribers read, serve the site feed.
    expect(migrate.stdout).toContain('legacyFeedUrls: /atom.xml, /blog/rss.xml');
    expect(migrate.stdout).not.toMatch(/readers subscribed to/);
    const feed = readFileSync(path.join(built.outDir, 'feed.xml'), 'utf8');
    expect(feed).toContain('<title>世界</title>');
    for (const copy of ['atom.xml', 'blog/rss.xml']) expect(readFileSync(path.join(built.outDir, copy), 'utf8')).toBe(feed);
    expect(builtArticles(built.outDir, /\/(root|w|a|s|c|k)\.html$/)).toEqual([...JEKYLL_URLS].sort());
  });
});

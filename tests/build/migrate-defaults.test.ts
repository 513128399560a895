/**
 * A Jekyll site whose posts take categories, permalinks and `published:` from `defaults:`,
 * migrated in a fresh checkout and built: every post is at the URL Jekyll gave it. The site is
 * written here; `JEKYLL_URLS` is what Jekyll 4.3.1 built from the same files.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCheckout, freshCheckout, temporaryDir } from '../support/build-site';
import { runScript } from '../support/migrated-archive';

const CONFIG = `timezone: Asia/Shanghai
defaults:
  - scope: { path: "" }
    values: { categories: base, tags: [t0], layout: post }
  - scope: { path: "_posts/news", type: posts }
    values: { categories: [news, extra], permalink: "/n/:title.html" }
  - scope: { path: "_posts/news/sub" }
    values: { published: false }
  - scope: { path: "_posts/*/deep*" }
    values: { categories: globbed }
  - scope: { path: "_posts", type: pages }
    values: { categories: pagesonly }
`;

const POSTS: Record<string, string> = {
  '2024-01-01-root.md': 'title: root',
  '2024-01-02-own.md': 'title: own\ncategories: mine\ntags: [t1]',
  'news/2024-01-03-n.md': 'title: n',
  'news/2024-01-04-n2.md': 'title: n2\ncategories: [own, news]',
  'news/sub/2024-01-05-s.md': 'title: s',
  'newsletter/2024-01-06-l.md': 'title: l',
  'other/2024-01-07-o.md': 'title: o\ncategories:\ntags:',
  'x/deeper/2024-01-08-d.md': 'title: d',
};

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
    const site = temporaryDir('defaults-site');
    writeFileSync(path.join(site, '_config.yml'), CONFIG);
    for (const [file, frontMatter] of Object.entries(POSTS)) {
      mkdirSync(path.dirname(path.join(site, '_posts', file)), { recursive: true });
      writeFileSync(path.join(site, '_posts', file), `---\n${frontMatter}\n---\n<p>正文。</p>\n`);
    }
    const checkout = freshCheckout(path.join(temporaryDir('defaults-checkout'), 'site'));
    const migrate = runScript(checkout, ['scripts/migrate.ts', site, '--copy-posts']);
    expect(migrate.code, migrate.stdout + migrate.stderr).toBe(0);
    expect(migrate.stdout).toMatch(/postDefaults: \{"path":"","values":\{"categories":"base","tags":\["t0"\]\}\}/);
    expect(migrate.stdout).toMatch(/defaults for pages — xinwen's pages are its own/);
    const built = buildCheckout(checkout, { postsDir: 'src/content/posts' });
    expect(built.exitCode, built.output).toBe(0);
    const articles = readdirSync(built.outDir, { recursive: true, encoding: 'utf8' })
      .map((file) => `/${file.split(path.sep).join('/')}`)
      .filter((file) => /\/(root|own|n|n2|l|o|d|s)\.html$/.test(file) && !/^\/(category|tag)\//.test(file));
    expect(articles.sort()).toEqual([...JEKYLL_URLS].sort());
  });
});

import { describe, expect, it } from 'vitest';
import { nestedPostsInPlace, planNestedPosts } from '../../src/migrate/nested-posts';

/** The post files of each folder of a site. */
const filesOf = (tree: Record<string, string[]>) => (folder: string) => tree[folder] ?? [];

describe('planNestedPosts', () => {
  it('copies each nested folder into the subfolder named by the folders above it, with a set of their categories', () => {
    const { copies, notCopied } = planNestedPosts(
      [
        { path: 'world/_posts', files: 2 },
        { path: 'world/asia/_posts', files: 1 },
      ],
      filesOf({
        _posts: ['2024-01-01-a.md', 'worldwide/2024-01-02-b.md'],
        'world/_posts': ['x.md', 'sub/y.md'],
        'world/asia/_posts': ['z.md'],
      }),
    );
    expect(notCopied).toEqual([]);
    expect(copies).toEqual([
      { from: 'world/_posts', to: 'world', files: 2, set: { path: 'world/', values: { categories: ['world'] } } },
      { from: 'world/asia/_posts', to: 'world/asia', files: 1, set: { path: 'world/asia/', values: { categories: ['world', 'asia'] } } },
    ]);
  });

  it.each<[string, Record<string, string[]>, string, string]>([
    [
      'a folder of _posts/ of the same name',
      { _posts: ['news/2024-01-01-a.md'], 'news/_posts': ['b.md'] },
      'news/_posts',
      '_posts/news/2024-01-01-a.md',
    ],
    [
      'a subfolder of another nested folder where a deeper one goes',
      { 'world/_posts': ['asia/c.md'], 'world/asia/_posts': ['d.md'] },
      'world/asia/_posts',
      'world/_posts/asia/c.md',
    ],
  ])('does not copy a folder whose subfolder %s would share', (_name, tree, refused, named) => {
    const nested = Object.keys(tree)
      .filter((folder) => folder !== '_posts')
      .map((folder) => ({ path: folder, files: tree[folder]!.length }));
    const { copies, notCopied } = planNestedPosts(nested, filesOf(tree));
    expect(copies.map((copy) => copy.from)).not.toContain(refused);
    expect(notCopied).toEqual([
      expect.stringMatching(new RegExp(`^${refused}/: 1 file — not copied: ${named.replaceAll('.', '\\.')} would share`)),
    ]);
  });
});

describe('nestedPostsInPlace', () => {
  it('says each nested folder is not read, and that --copy-posts brings it with its categories', () => {
    expect(nestedPostsInPlace([{ path: 'world/asia/_posts', files: 3 }])).toEqual([
      'world/asia/_posts/: 3 files — not read: Jekyll gave these posts the categories "world", "asia" from their folders, ' +
        'and a build reads one posts folder; migrate with --copy-posts, which copies them into it with those categories',
    ]);
  });
});

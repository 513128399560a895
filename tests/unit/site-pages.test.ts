/**
 * The posts' links checked against the pages the site has: which lead nowhere, which of those the
 * pages do not show (and so are not reported), and the same link written in many posts grouped.
 */
import { describe, expect, it, vi } from 'vitest';
import { type BrokenLink, checkBodyLinks, groupBrokenLinks, type LinkingPost } from '../../src/lib/site-pages';

const FILES = new Set(['index.html', 'emnews/2021/12/index.html', 'category/emnews.html']);

const link = (line: number, href: string, path: string, shown?: false) =>
  shown === false ? { line, href, path, shown } : { line, href, path };

describe('checkBodyLinks', () => {
  it('reports the links that lead nowhere, in file and line order, and those the page does not show apart', () => {
    const posts: LinkingPost[] = [
      { sourceFile: 'posts/b.md', links: [link(9, '../emnews/', '/emnews/2021/12/emnews/', false), link(3, '/zhuanti/', '/zhuanti/')] },
      { sourceFile: 'posts/a.md', links: [link(7, '/category/emnews', '/category/emnews'), link(8, '../', '/emnews/2021/12/', false)] },
    ];
    const check = checkBodyLinks(posts, FILES);
    expect(check.checked).toBe(4);
    expect(check.broken).toEqual([
      { file: 'posts/b.md', line: 3, field: 'link', message: '/zhuanti/ → /zhuanti/ does not exist', href: '/zhuanti/', path: '/zhuanti/' },
    ]);
    // A link the page does not show that leads somewhere is simply fine.
    expect(check.notShown!.map((problem) => `${problem.file}:${problem.line}`)).toEqual(['posts/b.md:9']);
  });

  it('asks for the links as the page shows them only for a post read unrendered with a link that leads nowhere', () => {
    const rendered = vi.fn((post: LinkingPost) => post.links?.map((written) => ({ ...written, shown: false as const })));
    const posts: LinkingPost[] = [
      { sourceFile: 'posts/fine.md', links: [link(2, '/', '/')] },
      { sourceFile: 'posts/tail.md', links: [link(5, '../emnews/', '/emnews/2021/12/emnews/')] },
      { sourceFile: 'posts/none.md' },
    ];
    const check = checkBodyLinks(posts, FILES, rendered);
    expect(rendered.mock.calls.map(([post]) => post.sourceFile)).toEqual(['posts/tail.md']);
    expect(check).toMatchObject({ checked: 2, broken: [], notShown: [{ file: 'posts/tail.md', line: 5 }] });
  });

  it('keeps the links as read when the post cannot be read again', () => {
    const check = checkBodyLinks([{ sourceFile: 'posts/gone.md', links: [link(5, '/x', '/x')] }], FILES, () => undefined);
    expect(check.broken.map((problem) => problem.line)).toEqual([5]);
  });
});

describe('groupBrokenLinks', () => {
  const broken = (file: string, line: number, href: string, path = href): BrokenLink => ({
    file,
    line,
    field: 'link',
    message: `${href} → ${path} does not exist`,
    href,
    path,
  });

  it('groups by what is written and where it leads, biggest first, each group in file and line order', () => {
    const groups = groupBrokenLinks([
      broken('posts/2021-12-09-a.md', 12, '../emnews/', '/emnews/2021/12/emnews/'),
      broken('posts/2022-01-03-c.md', 9, '../emnews/', '/emnews/2022/01/emnews/'),
      broken('posts/2021-12-10-b.md', 11, '../emnews/', '/emnews/2021/12/emnews/'),
      broken('posts/2021-12-08-z.md', 4, '/tupian/a.png'),
      broken('posts/2021-12-08-z.md', 20, '/tupian/a.png'),
    ]);
    expect(groups.map(({ href, path, posts, links }) => [href, path, posts, links.map((one) => `${one.file}:${one.line}`)])).toEqual([
      ['../emnews/', '/emnews/2021/12/emnews/', 2, ['posts/2021-12-09-a.md:12', 'posts/2021-12-10-b.md:11']],
      ['/tupian/a.png', '/tupian/a.png', 1, ['posts/2021-12-08-z.md:4', 'posts/2021-12-08-z.md:20']],
      ['../emnews/', '/emnews/2022/01/emnews/', 1, ['posts/2022-01-03-c.md:9']],
    ]);
  });

  it('leaves links from an older report, without href and path, each on its own', () => {
    const old = { file: 'posts/a.md', line: 3, field: 'link', message: '/x → /x does not exist' } as BrokenLink;
    expect(groupBrokenLinks([old, { ...old, line: 4 }])).toHaveLength(2);
  });
});

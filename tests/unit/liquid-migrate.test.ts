/**
 * What `npm run migrate` carries over for the posts' Liquid: the `_config.yml` values they read,
 * the old site's includes and the variables those set, and what it cannot find.
 */
import { describe, expect, it } from 'vitest';
import { migrateLiquid, plainAssigns } from '../../src/migrate/liquid';

describe('migrateLiquid', () => {
  const SETUP = '{% capture jbcache %}{% assign HOME_PATH = "/" %}{% else %if %}{% endcapture %}\n{% assign BLOG_IMG = "/blog/" %}\n';
  const posts = [
    { file: '_posts/2014-1-1-a.md', body: '{% include JB/setup %}\n![a]({{BLOG_IMG}}a.png) {{ site.production_url }} {{ site.title }}' },
    { file: '_posts/2014-1-2-b.md', body: '{% include JB/setup %}\n{% include note.html %} {{ site.categories.api.first.url }}' },
  ];
  const config = { title: '颜海镜', production_url: 'http://yanhaijing.com' };

  it('carries the _config.yml values posts read, the variables includes set plainly, and includes that print', () => {
    const includes: Record<string, string> = { 'JB/setup': SETUP, 'note.html': '<p>{{ site.title }}</p>' };
    const result = migrateLiquid(posts, config, (name) => includes[name]);
    expect(result.setting).toEqual({
      site: { production_url: 'http://yanhaijing.com' },
      variables: { BLOG_IMG: '/blog/' },
      includes: { 'note.html': '<p>{{ site.title }}</p>' },
    });
    expect(result.toCheck).toEqual([
      expect.stringMatching(/^liquid: \{\{ site\.categories \}\} is used by 1 post \(_posts\/2014-1-2-b\.md\)/),
    ]);
  });

  it('names what it cannot find, with the posts that use it', () => {
    const result = migrateLiquid(posts, config, () => undefined);
    expect(result.setting).toEqual({ site: { production_url: 'http://yanhaijing.com' } });
    expect(result.toCheck).toEqual([
      expect.stringMatching(/^liquid: \{\{ site\.categories \}\} is used by 1 post/),
      expect.stringMatching(
        /^liquid: \{% include note\.html %\} is used by 1 post \(_posts\/2014-1-2-b\.md\), and _includes\/note\.html is not/,
      ),
      expect.stringMatching(/^liquid: \{\{ BLOG_IMG \}\} is used by 1 post .*give its value in liquid\.variables/),
    ]);
  });

  it('reads plain assigns only', () => {
    expect(plainAssigns(SETUP)).toEqual(
      new Map([
        ['HOME_PATH', '/'],
        ['BLOG_IMG', '/blog/'],
      ]),
    );
  });
});

/**
 * Which links a body writes its page shows: not the scraper's back links or source link taken off
 * the end, not those in content the sanitizer removes or attributes it drops, not Markdown shown
 * as text; every other one.
 */
import { describe, expect, it } from 'vitest';
import { writtenLinks } from '../../src/lib/body-links';
import { renderBody } from '../../src/reader/body';
import { shownLinks } from '../../src/reader/shown-links';

const HOSTS = ['finews.example.com'];

/** Each written link of the body, with whether its page shows it. */
function shown(body: string, extension = 'md'): string[] {
  const page = renderBody(body, extension, { legacyHosts: HOSTS });
  const onPage = shownLinks(body, extension, HOSTS, page);
  return writtenLinks(body, 1, { markdown: extension !== 'html' }).map(
    (link, index) => `${link.href} ${onPage[index] ? 'shown' : 'not shown'}`,
  );
}

describe('shownLinks', () => {
  it('leaves out the scraper tail: the source address and the back links', () => {
    expect(
      shown(
        '<p>正文见<a href="/zhuanti/">专题</a>。</p>\n\n<http://news.example.org/a.html>\n\n[返回东财滚动新闻](../emnews/)｜[返回首页](//finews.example.com/)\n',
      ),
    ).toEqual(['/zhuanti/ shown', 'http://news.example.org/a.html not shown', '../emnews/ not shown', '//finews.example.com/ not shown']);
  });

  it('shows the same back links anywhere but at the end, and a link to the same page written twice', () => {
    expect(shown('[返回首页](/)\n\n<p>正文。</p>\n\n[返回首页](/) 和 [专题](/zhuanti/)\n')).toEqual([
      '/ shown',
      '/ shown',
      '/zhuanti/ shown',
    ]);
  });

  it.each<[string, string, string[]]>([
    [
      'a frame and a player',
      '<p>正文。</p><iframe src="/zhibo/"></iframe><video src="/v.mp4">视频</video><p>后文。</p>\n',
      ['/zhibo/ not shown', '/v.mp4 not shown'],
    ],
    ['a script’s fallback', '<noscript><a href="/js/">开启脚本</a></noscript><p>正文。</p>\n', ['/js/ not shown']],
    ['an attribute the sanitizer drops', '<p><span href="/gupiao/600000">示例股份</span></p>\n', ['/gupiao/600000 not shown']],
    ['a picture and a link', '<p><img src="/tupian/a.png"><a href="/a.html">甲</a></p>\n', ['/tupian/a.png shown', '/a.html shown']],
    ['a Markdown image and a definition', '![图](/tupian/b.png)\n\n[甲][1]\n\n[1]: /a.html\n', ['/tupian/b.png shown', '/a.html shown']],
    ['a definition never used', '正文。\n\n[1]: /a.html\n', ['/a.html not shown']],
    ['a Markdown link inside a block of HTML, which shows as text', '<div>[甲](/a.html)</div>\n', ['/a.html not shown']],
  ])('knows %s', (_name, body, expected) => {
    expect(shown(body)).toEqual(expected);
  });

  it('reads an .html body as HTML', () => {
    expect(shown('<p><a href="/a.html">甲</a> [乙](/b.html)</p>\n', 'html')).toEqual(['/a.html shown']);
  });

  it('counts every link as shown when its marks would change the page', () => {
    expect(shownLinks('[返回首页](/)\n', 'md', HOSTS, '<p>another page</p>\n')).toEqual([true]);
  });

  it('uses marks the body does not hold', () => {
    const body = '<p>见 #xinwen-link-0 处</p>\n\n[返回](../)\n';
    expect(shownLinks(body, 'md', HOSTS, renderBody(body, 'md', { legacyHosts: HOSTS }))).toEqual([false]);
  });
});

import { getRssString } from '@astrojs/rss';
import { XMLParser } from 'fast-xml-parser';
import { SyntaxValidator } from 'fast-xml-validator';
import { describe, expect, it } from 'vitest';
import { parseDate } from '../../src/lib/dates';
import {
  absoluteUrl,
  channelData,
  feedItem,
  feedItemView,
  renderFeed,
  rssOptions,
  withAbsoluteUrls,
  withCssStylesheet,
  type FeedBody,
  type FeedPost,
  type FeedView,
} from '../../src/lib/feed';
import { stripXmlForbidden } from '../../src/lib/xml';

const SITE = 'https://finews.example.com';
const SHANGHAI = 'Asia/Shanghai';

function dateOf(text: string): Date {
  const result = parseDate(text, SHANGHAI);
  if (!result.ok) throw new Error(`test date ${text} rejected: ${result.reason}`);
  return result.date;
}

function post(overrides: Partial<FeedPost> = {}): FeedPost {
  return {
    title: '为新就业群体筑起温暖的“家”',
    url: '/guangmingribao/2022/06/17/NW202206172415666670.html',
    date: dateOf('2022-06-17 02:18:57 +0800'),
    categories: ['guangmingribao'],
    bodyId: '/store/a1b2.html',
    ...overrides,
  };
}

function body(overrides: Partial<FeedBody> = {}): FeedBody {
  return {
    excerpt: '如今，快递外卖小哥已经成为城市的一道风景。',
    html: '<p>如今，快递外卖小哥已经成为城市的一道风景。</p>',
    ...overrides,
  };
}

/** The RSS item of a post, as a feed built with these settings shows it. */
function itemOf(feedPost: FeedPost, feedBody = body(), siteUrl = SITE, timeZone = SHANGHAI) {
  return feedItem(feedItemView(feedPost, siteUrl, timeZone), feedBody);
}

describe('stripXmlForbidden', () => {
  it.each([
    ['C0 controls', 'a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Bg\u001Fh', 'abcdefgh'],
    ['tab, LF and CR are kept', 'a\tb\nc\rd', 'a\tb\nc\rd'],
    ['U+FFFE and U+FFFF', 'a\uFFFEb\uFFFFc', 'abc'],
    ['U+FFFD and private use are allowed', 'a\uFFFDb\uE000c', 'a\uFFFDb\uE000c'],
    ['a lone high surrogate', 'a\uD83Db', 'ab'],
    ['a lone low surrogate', 'a\uDE00b', 'ab'],
    ['a reversed pair (low then high)', 'a\uDE00\uD83Db', 'ab'],
    ['a lone surrogate at the end', '中\uD842', '中'],
    ['emoji kept', '涨😀跌', '涨😀跌'],
    ['CJK Extension B kept', '𠮷野家', '𠮷野家'],
    ['CJK and punctuation kept', '财经要闻：“稳增长”。', '财经要闻：“稳增长”。'],
    ['DEL and C1 are allowed by XML 1.0', 'a\u007Fb\u0085c', 'a\u007Fb\u0085c'],
    ['the highest plane kept', '\u{10FFFD}', '\u{10FFFD}'],
    ['empty', '', ''],
  ])('%s', (_, input, output) => {
    expect(stripXmlForbidden(input)).toBe(output);
  });

  it('can be applied twice (the regular expression is global but stateless)', () => {
    expect(stripXmlForbidden('a\u0000b')).toBe('ab');
    expect(stripXmlForbidden('c\u0000d')).toBe('cd');
  });
});

describe('absoluteUrl', () => {
  it.each([
    [SITE, '/a/b.html', 'https://finews.example.com/a/b.html'],
    [`${SITE}/`, '/a/b.html', 'https://finews.example.com/a/b.html'],
    [SITE, '/feed.xml', 'https://finews.example.com/feed.xml'],
    [`${SITE}/`, '/', 'https://finews.example.com/'],
    [
      SITE,
      '/%E8%B4%A2%E7%BB%8F%20%E8%A6%81%E9%97%BB/2022/04/07/x.html',
      'https://finews.example.com/%E8%B4%A2%E7%BB%8F%20%E8%A6%81%E9%97%BB/2022/04/07/x.html',
    ],
    [
      SITE,
      '/cbot/anxinguojizhengquan(xianggang)/2022/04/02/CBOT-soybean-weekly.html',
      'https://finews.example.com/cbot/anxinguojizhengquan(xianggang)/2022/04/02/CBOT-soybean-weekly.html',
    ],
    [SITE, '/q&a%3F/%231/x.html', 'https://finews.example.com/q&a%3F/%231/x.html'],
  ])('%s + %s', (site, path, expected) => {
    expect(absoluteUrl(site, path)).toBe(expected);
  });

  it('does not double-encode an already encoded path', () => {
    expect(absoluteUrl(SITE, '/100%25/x.html')).toBe('https://finews.example.com/100%25/x.html');
  });
});

describe('feedItemView', () => {
  it('holds what the item shows but the body: absolute link, site-zone date, categories, body file', () => {
    expect(feedItemView(post(), SITE, SHANGHAI)).toEqual({
      title: '为新就业群体筑起温暖的“家”',
      link: 'https://finews.example.com/guangmingribao/2022/06/17/NW202206172415666670.html',
      pubDate: 'Fri, 17 Jun 2022 02:18:57 +0800',
      categories: ['guangmingribao'],
      bodyId: '/store/a1b2.html',
    });
  });

  it('copies the categories rather than sharing the index array', () => {
    const categories = ['a'];
    const view = feedItemView(post({ categories }), SITE, SHANGHAI);
    categories.push('b');
    expect(view.categories).toEqual(['a']);
  });
});

describe('feedItem', () => {
  it('maps a post to an RSS item', () => {
    expect(itemOf(post())).toEqual({
      title: '为新就业群体筑起温暖的“家”',
      link: 'https://finews.example.com/guangmingribao/2022/06/17/NW202206172415666670.html',
      description: '如今，快递外卖小哥已经成为城市的一道风景。',
      content: '<p>如今，快递外卖小哥已经成为城市的一道风景。</p>',
      categories: ['guangmingribao'],
      customData: '<pubDate>Fri, 17 Jun 2022 02:18:57 +0800</pubDate>',
    });
  });

  it('gives the same absolute link whether the site URL ends in a slash or not', () => {
    expect(itemOf(post(), body(), `${SITE}/`).link).toBe(itemOf(post()).link);
  });

  it('dates pubDate in the site zone, also for a post written with another offset', () => {
    const item = itemOf(post({ date: dateOf('2021-12-07 23:30:00 -0500') }));
    expect(item.customData).toBe('<pubDate>Wed, 08 Dec 2021 12:30:00 +0800</pubDate>');
    // @astrojs/rss would print its own GMT pubDate if one were given.
    expect(item.pubDate).toBeUndefined();
  });

  it('uses another zone when the site is configured with one', () => {
    const item = itemOf(post(), body(), SITE, 'America/New_York');
    expect(item.customData).toBe('<pubDate>Thu, 16 Jun 2022 14:18:57 -0400</pubDate>');
  });

  it('keeps all categories as written (display names, not URL keys)', () => {
    expect(itemOf(post({ categories: ['CBOT', 'anxinguojizhengquan(xianggang)', '财经 要闻'] })).categories).toEqual([
      'CBOT',
      'anxinguojizhengquan(xianggang)',
      '财经 要闻',
    ]);
  });

  it('removes XML-forbidden characters from title, description, content and categories', () => {
    const item = itemOf(
      post({ title: '标题\u0000含\u001F控制\uFFFF字符😀', categories: ['分\u0001类'] }),
      body({ excerpt: '摘要\u0008\uD800文本𠮷', html: '<p>正文\u000B\uDFFF内容\tok</p>' }),
    );
    expect(item.title).toBe('标题含控制字符😀');
    expect(item.description).toBe('摘要文本𠮷');
    expect(item.content).toBe('<p>正文内容\tok</p>');
    expect(item.categories).toEqual(['分类']);
  });
});

describe('texts a reader renders as HTML', () => {
  it.each([
    ['a tag', '<script>alert(1)</script>之后', '&lt;script&gt;alert(1)&lt;/script&gt;之后'],
    ['a handler in a tag', '<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['an unclosed comment that would swallow the rest', '<!-- 之后', '&lt;!-- 之后'],
    ['an entity written as text', 'AT&amp;T 与 &lt;', 'AT&amp;amp;T 与 &amp;lt;'],
    ['a bare ampersand', '中美 & 欧盟', '中美 &amp; 欧盟'],
    ['quotes, which text may hold', '“稳增长”与"降准"', '“稳增长”与"降准"'],
  ])('title, description and categories with %s are HTML that shows them as text', (_name, text, html) => {
    const item = itemOf(post({ title: text, categories: [text] }), body({ excerpt: text }));
    expect(item.title).toBe(html);
    expect(item.description).toBe(html);
    expect(item.categories).toEqual([html]);
  });

  it('escapes the channel title and description, which may carry a category name from a post', () => {
    const view: FeedView = {
      title: '<b>分类</b> | xinwen',
      description: 'a & b',
      link: SITE,
      language: 'zh-CN',
      selfUrl: `${SITE}/feed.xml`,
      stylesheet: '/feed.css',
      items: [],
    };
    const options = rssOptions(view, () => body());
    expect(options.title).toBe('&lt;b&gt;分类&lt;/b&gt; | xinwen');
    expect(options.description).toBe('a &amp; b');
  });
});

describe('withAbsoluteUrls', () => {
  const article = 'https://finews.example.com/emnews/2021/12/09/202112092207000001.html';

  it.each([
    ['a site path', '<a href="/category/emnews.html">分类</a>', '<a href="https://finews.example.com/category/emnews.html">分类</a>'],
    ['a path relative to the article', '<a href="../">本月</a>', '<a href="https://finews.example.com/emnews/2021/12/">本月</a>'],
    ['a sibling article', '<a href="x.html">x</a>', '<a href="https://finews.example.com/emnews/2021/12/09/x.html">x</a>'],
    ['a fragment (a footnote)', '<a href="#user-content-fn-1">1</a>', `<a href="${article}#user-content-fn-1">1</a>`],
    ['a protocol-relative image', '<img src="//img.example.cn/a.jpg" alt="" />', '<img src="https://img.example.cn/a.jpg" alt="" />'],
    [
      'an absolute link, kept',
      '<a href="http://news.example.cn/a?b=1&amp;c=2">x</a>',
      '<a href="http://news.example.cn/a?b=1&amp;c=2">x</a>',
    ],
    [
      'a query with an entity',
      '<a href="/search.html?q=a&amp;category=b">s</a>',
      '<a href="https://finews.example.com/search.html?q=a&amp;category=b">s</a>',
    ],
    ['mailto, kept', '<a href="mailto:tips@example.cn">信箱</a>', '<a href="mailto:tips@example.cn">信箱</a>'],
    // A tag inside a quoted value stays text to a parser; escaped, it is no tag to a pattern either.
    [
      'a value with < and >, escaped',
      '<a href="mailto:&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">x</a>',
      '<a href="mailto:&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">x</a>',
    ],
    ['a quotation source', '<q cite="/a.html">引</q>', '<q cite="https://finews.example.com/a.html">引</q>'],
    [
      'each source of a srcset',
      '<source srcset="/a.jpg 1x, //cdn.example.cn/b.jpg 2x" />',
      '<source srcset="https://finews.example.com/a.jpg 1x, https://cdn.example.cn/b.jpg 2x" />',
    ],
  ])('resolves %s against the article', (_name, html, expected) => {
    expect(withAbsoluteUrls(html, article)).toBe(expected);
  });

  it('leaves text that looks like an attribute alone', () => {
    const html = '<p>写成 href="/x" 的文字</p>';
    expect(withAbsoluteUrls(html, article)).toBe(html);
  });

  it('leaves a value no URL parser reads as written', () => {
    const html = '<a href="http://exa mple.com/">x</a>';
    expect(withAbsoluteUrls(html, article)).toBe(html);
  });

  it('makes every link of a feed item absolute', () => {
    const item = itemOf(post(), body({ html: '<p><a href="/category/guangmingribao.html">返回</a><img src="../img/a.png" alt="" /></p>' }));
    expect(item.content).toBe(
      '<p><a href="https://finews.example.com/category/guangmingribao.html">返回</a><img src="https://finews.example.com/guangmingribao/2022/06/img/a.png" alt="" /></p>',
    );
  });
});

describe('channelData', () => {
  it('declares the language and a self link', () => {
    expect(channelData('zh-CN', 'https://finews.example.com/feed.xml')).toBe(
      '<language>zh-CN</language><atom:link href="https://finews.example.com/feed.xml" rel="self" type="application/rss+xml"/>',
    );
  });

  it('escapes & and " in the feed URL', () => {
    const data = channelData('zh-CN', 'https://finews.example.com/feed.xml?a=1&b="2"');
    expect(data).toContain('href="https://finews.example.com/feed.xml?a=1&amp;b=&quot;2&quot;"');
    expect(data).not.toMatch(/&(?!amp;|quot;)/);
  });
});

describe('a whole feed rendered by @astrojs/rss', () => {
  it('is well-formed XML with site-zone pubDates, absolute links and no forbidden characters', async () => {
    const bodies = new Map<string, FeedBody>([
      ['/store/1.html', body({ html: '<p>a &amp; b\u001B</p>' })],
      ['/store/2.html', body()],
    ]);
    const posts = [
      post({ title: '控制\u0000字符 & <尖括号>', bodyId: '/store/1.html' }),
      post({
        title: '财经 要闻',
        url: '/%E8%B4%A2%E7%BB%8F%20%E8%A6%81%E9%97%BB/2022/04/07/NW202204072300000012.html',
        date: dateOf('2022-04-07 12:00:00 +0800'),
        categories: ['财经 要闻'],
        bodyId: '/store/2.html',
      }),
    ];
    const view: FeedView = {
      title: 'xinwen',
      description: '新闻存档',
      link: SITE,
      language: 'zh-CN',
      selfUrl: absoluteUrl(SITE, '/feed.xml'),
      stylesheet: '/feed.css',
      items: posts.map((p) => feedItemView(p, SITE, SHANGHAI)),
    };
    const read: string[] = [];
    const xml = await renderFeed(view, (file) => {
      read.push(file);
      return bodies.get(file)!;
    });
    // Each item's body comes from its own file.
    expect(read).toEqual(['/store/1.html', '/store/2.html']);
    expect(() => SyntaxValidator.validate(xml)).not.toThrow();
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    // A CSS stylesheet, typed, right after the declaration; no XSLT, which browsers drop.
    expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<\?xml-stylesheet type="text\/css" href="\/feed\.css"\?><rss /);
    expect(xml.match(/<\?xml-stylesheet/g)).toHaveLength(1);
    expect(xml).not.toMatch(/xsl/i);
    // What @astrojs/rss writes itself differs only by the stylesheet.
    expect(xml.replace('\n<?xml-stylesheet type="text/css" href="/feed.css"?>', '')).toBe(
      await getRssString(rssOptions(view, (file) => bodies.get(file)!)),
    );

    const parsed = new XMLParser({ ignoreAttributes: false, parseTagValue: false }).parse(xml) as {
      rss: { channel: { title: string; language: string; 'atom:link': { '@_href': string }; item: Array<Record<string, unknown>> } };
    };
    const channel = parsed.rss.channel;
    expect(channel.title).toBe('xinwen');
    expect(channel.language).toBe('zh-CN');
    expect(channel['atom:link']['@_href']).toBe('https://finews.example.com/feed.xml');
    expect(channel.item).toHaveLength(2);
    // Read as XML, the title is HTML that shows the text as written.
    expect(channel.item[0]).toMatchObject({
      title: '控制字符 &amp; &lt;尖括号&gt;',
      link: 'https://finews.example.com/guangmingribao/2022/06/17/NW202206172415666670.html',
      pubDate: 'Fri, 17 Jun 2022 02:18:57 +0800',
      'content:encoded': '<p>a &amp; b</p>',
    });
    expect(channel.item[1]).toMatchObject({
      link: 'https://finews.example.com/%E8%B4%A2%E7%BB%8F%20%E8%A6%81%E9%97%BB/2022/04/07/NW202204072300000012.html',
      pubDate: 'Thu, 07 Apr 2022 12:00:00 +0800',
      category: '财经 要闻',
    });
    // Exactly one pubDate per item: ours, not a GMT one from @astrojs/rss.
    expect(xml.match(/<pubDate>/g)).toHaveLength(2);
  });
});

describe('withCssStylesheet', () => {
  it('puts a text/css stylesheet instruction after the XML declaration', () => {
    expect(withCssStylesheet('<?xml version="1.0" encoding="UTF-8"?><rss/>', '/feed.css')).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<?xml-stylesheet type="text/css" href="/feed.css"?><rss/>',
    );
  });

  it('puts it first when there is no declaration, and escapes the href', () => {
    const xml = withCssStylesheet('<rss/>', '/a.css?x=1&y="2"');
    expect(xml).toBe('<?xml-stylesheet type="text/css" href="/a.css?x=1&amp;y=&quot;2&quot;"?>\n<rss/>');
  });
});

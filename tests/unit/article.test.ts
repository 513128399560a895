import { describe, expect, it } from 'vitest';
import { newsArticleJsonLd, readingMinutes, sourceUrl } from '../../src/lib/article';

describe('readingMinutes', () => {
  it.each([
    ['', 1],
    ['短', 1],
    ['字'.repeat(400), 1],
    ['字'.repeat(1200), 3],
    [`${'字'.repeat(400)} ${'word '.repeat(200)}`, 2],
  ])('%#: %j… reads in %i min', (text, minutes) => {
    expect(readingMinutes(text)).toBe(minutes);
  });
});

describe('sourceUrl', () => {
  it('finds the autolink at the end of a scraped article', () => {
    expect(sourceUrl('<p>正文。</p>\n<p><a href="http://finance.example.com/a?b=1&amp;c=2">http://finance.example.com/a?b=1&amp;c=2</a></p>\n')).toBe(
      'http://finance.example.com/a?b=1&c=2',
    );
  });

  it('finds it before a closing "back" paragraph', () => {
    expect(sourceUrl('<p>正文。</p><p><a href="https://s.example.com/x">https://s.example.com/x</a></p>\n<p><a href="/category/x.html">返回</a>｜<a href="/">首页</a></p>')).toBe(
      'https://s.example.com/x',
    );
  });

  it.each([
    ['<p>正文里有 <a href="https://x.example/">一个链接</a>。</p>'],
    ['<p><a href="https://x.example/">点这里</a></p>'],
    ['<p><a href="https://x.example/">https://x.example/</a></p><p>一</p><p>二</p>'],
  ])('finds none in %j', (html) => {
    expect(sourceUrl(html)).toBeUndefined();
  });
});

describe('newsArticleJsonLd', () => {
  it('cannot close its script element', () => {
    const json = newsArticleJsonLd({
      headline: '</script><script>alert(1)</script>',
      url: 'https://x.example/a.html',
      datePublished: '2022-06-17T02:18:57+08:00',
      description: 'a\u2028b',
      keywords: ['<b>'],
      language: 'zh-CN',
      publisher: '新闻',
      siteUrl: 'https://x.example/',
    });
    expect(json).not.toContain('<');
    expect(JSON.parse(json)).toMatchObject({ '@type': 'NewsArticle', headline: '</script><script>alert(1)</script>', keywords: '<b>' });
  });
});

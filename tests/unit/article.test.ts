import { describe, expect, it } from 'vitest';
import {
  articleBodyFacts,
  newsArticleJsonLd,
  readingMinutes,
  SEARCHABLE_BODY_LENGTH,
  type ArticleFacts,
  type PublisherFacts,
} from '../../src/lib/article';

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

describe('newsArticleJsonLd', () => {
  it('cannot close its script element', () => {
    const json = newsArticleJsonLd({
      headline: '</script><script>alert(1)</script>',
      url: 'https://x.example/a.html',
      datePublished: '2022-06-17T02:18:57+08:00',
      keywords: ['<b>', 'a\u2028b'],
      language: 'zh-CN',
      publisher: '新闻',
      siteUrl: 'https://x.example/',
    });
    expect(json).not.toContain('<');
    expect(json).not.toContain('\u2028');
    expect(JSON.parse(json)).toMatchObject({
      '@type': 'NewsArticle',
      headline: '</script><script>alert(1)</script>',
      keywords: '<b>, a\u2028b',
    });
  });
});

describe('articleBodyFacts', () => {
  const article: ArticleFacts = {
    title: '为新就业群体筑起温暖的“家”',
    canonicalUrl: 'https://x.example/guangmingribao/2022/06/17/a.html',
    published: { iso: '2022-06-17T02:18:57+08:00' },
    categories: [{ name: '光明日报' }, { name: '要闻' }],
    tags: [{ name: '就业' }, { name: '民生' }],
  };
  const site: PublisherFacts = { title: '新闻存档', language: 'zh-CN', homeUrl: 'https://x.example/' };
  const html = `<p>${'字'.repeat(800)}</p>\n<p><a href="https://s.example.com/x">https://s.example.com/x</a></p>\n`;

  it("derives description, reading time, search flag and JSON-LD from the body and the view; the source link is the reader's", () => {
    const facts = articleBodyFacts({ excerpt: '摘要。', html }, { ...article, sourceUrl: 'https://s.example.com/x' }, site);
    expect(facts).toMatchObject({ description: '摘要。', readingMinutes: 2, sourceUrl: 'https://s.example.com/x', searchable: true });
    expect(JSON.parse(facts.jsonLd)).toEqual({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: article.title,
      url: article.canonicalUrl,
      datePublished: '2022-06-17T02:18:57+08:00',
      articleSection: '光明日报',
      keywords: '就业, 民生',
      inLanguage: 'zh-CN',
      publisher: { '@type': 'Organization', name: '新闻存档', url: 'https://x.example/' },
    });
  });

  it('describes a body without text by the title; the structured data repeats neither description nor URL', () => {
    const facts = articleBodyFacts({ excerpt: '', html: '<p><img src="https://i.example/a.png" alt=""></p>' }, article, site);
    expect(facts.description).toBe(article.title);
    expect(Object.keys(JSON.parse(facts.jsonLd))).not.toContain('description');
    expect(Object.keys(JSON.parse(facts.jsonLd))).not.toContain('mainEntityOfPage');
    expect(facts.sourceUrl).toBeUndefined();
  });

  it("takes no source link from the body: a last link alone is the post's own unless the reader found a scraper's mark", () => {
    expect(articleBodyFacts({ excerpt: '摘要。', html }, article, site).sourceUrl).toBeUndefined();
  });

  it('leaves section and keywords out when the article has no categories or tags', () => {
    const data = JSON.parse(articleBodyFacts({ excerpt: 'a', html: '<p>a</p>' }, { ...article, categories: [], tags: [] }, site).jsonLd);
    expect(data).not.toHaveProperty('articleSection');
    expect(data).not.toHaveProperty('keywords');
  });

  it('keeps bodies over the searchable length out of the search index', () => {
    const at = (length: number) => articleBodyFacts({ excerpt: 'a', html: 'a'.repeat(length) }, article, site).searchable;
    expect(at(SEARCHABLE_BODY_LENGTH)).toBe(true);
    expect(at(SEARCHABLE_BODY_LENGTH + 1)).toBe(false);
  });
});

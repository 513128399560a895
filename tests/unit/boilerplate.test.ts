/**
 * The scraper tail (source link and back links at the end of a body) is recognised by shape in
 * every form scrapers write it, through the real Markdown renderer and sanitizer, and nothing
 * else is taken: links inside the text, other link lines, and tails that are not at the end stay.
 */
import { describe, expect, it } from 'vitest';
import { isBackLinkParagraph, sourceParagraphUrl, splitScraperTail } from '../../src/lib/boilerplate';
import { renderBody } from '../../src/reader/body';
import { readPostFile } from '../../src/reader/read-post';
import { testReaderSettings } from '../support/reader-settings';

const HOSTS = { legacyHosts: ['finews.withounder.com'] };
const split = (markdown: string, extension = 'md') => splitScraperTail(renderBody(markdown, extension, HOSTS));
const SOURCE = 'http://stock.eastmoney.com/news/11228,20211208.html';

describe('splitScraperTail', () => {
  it.each([
    [
      'an autolink and back links to the old host',
      `<p>正文。</p>\n\n<${SOURCE}>\n\n[返回东财滚动新闻](//finews.withounder.com/emnews/)｜[返回首页](//finews.withounder.com/)\n`,
    ],
    ['a bare URL and relative back links', `正文。\n\n${SOURCE}\n\n[返回东财滚动新闻](../emnews/)｜[返回首页](../)\n`],
    ['back links on two lines of one paragraph', `正文。\n\n<${SOURCE}>\n\n[返回东财滚动新闻](../emnews/)\n[返回首页](../)\n`],
    ['back links in two paragraphs', `正文。\n\n<${SOURCE}>\n\n[返回东财滚动新闻](../emnews/)\n\n[返回首页](../)\n`],
    ['a labelled source link', `正文。\n\n原文链接：<${SOURCE}>\n`],
    ['back links before the source link', `正文。\n\n[返回东财滚动新闻](../emnews/)｜[返回首页](../)\n\n<${SOURCE}>\n`],
  ])('takes %s off the end, keeping the source address', (_name, markdown) => {
    const { html, sourceUrl } = split(markdown);
    expect(sourceUrl).toBe(SOURCE);
    expect(html).toBe('<p>正文。</p>\n');
  });

  it('takes the tail off an HTML post too', () => {
    const body = `<p>正文。</p><p><a href="${SOURCE}">${SOURCE}</a></p><p><a href="//finews.withounder.com/emnews/">返回东财滚动新闻</a>｜<a href="/">返回首页</a></p>`;
    expect(split(body, 'html')).toEqual({ html: '<p>正文。</p>\n', sourceUrl: SOURCE });
  });

  it('takes back links without a source link', () => {
    expect(split('正文。\n\n[返回东财滚动新闻](../emnews/)｜[返回首页](../)\n')).toEqual({ html: '<p>正文。</p>\n', sourceUrl: undefined });
  });

  it('keeps an address with an ampersand as the address', () => {
    expect(split('正文。\n\n原文链接：<https://a.example.com/x?a=1&b=2>\n').sourceUrl).toBe('https://a.example.com/x?a=1&b=2');
  });

  it("takes a link alone at the end as the source only with a scraper's mark", () => {
    const alone = `正文。\n\n<${SOURCE}>\n`;
    // The article id the scraper named the file by is in the address.
    expect(splitScraperTail(renderBody(alone, 'md', HOSTS), '20211208')).toEqual({ html: '<p>正文。</p>\n', sourceUrl: SOURCE });
    // A blog's last reference, form or project page: no mark, so it stays where the author put it.
    for (const [body, slug] of [
      [alone, undefined],
      [alone, 'grids-in-css3'],
      ['正文。\n\n**Dropbox**\n\n<https://www.dropbox.com/sh/stj46fd9amrr9ew/AACk?dl=0>\n', 'metoo-in-china-archives'],
      ['正文。\n\n原文：http://flippinawesome.org/2014/03/03/grids-in-css3/\n', 'grids-in-css3'.slice(0, 5)],
      ['正文。\n\n<https://a.example.com/news>\n', 'news'],
    ] as const) {
      const html = renderBody(body, 'md', HOSTS);
      expect(splitScraperTail(html, slug)).toEqual({ html });
    }
  });

  it('reads back links written with | as kramdown reads them: a one-row table', () => {
    const html = renderBody(`正文。\n\n<${SOURCE}>\n\n[返回东财滚动新闻](/emnews/) | [返回首页](/)\n`, 'md', HOSTS);
    expect(html).toContain('<table>');
    expect(splitScraperTail(html)).toEqual({ html: '<p>正文。</p>\n', sourceUrl: SOURCE });
  });

  it.each([
    ['a link inside a sentence', `<p>正文，见 <a href="${SOURCE}">${SOURCE}</a> 的报道。</p>`],
    ['a last paragraph of ordinary links', '<p>正文。</p><p><a href="/a.html">相关新闻</a>｜<a href="/b.html">更多</a></p>'],
    ['a link whose text is not its address', `<p>正文。</p><p><a href="${SOURCE}">东方财富网</a></p>`],
    ['a source link that is not at the end', `<p><a href="${SOURCE}">${SOURCE}</a></p><p>正文在后面。</p>`],
    ['a javascript: or relative address shown as text', '<p>正文。</p><p><a href="/x.html">/x.html</a></p>'],
  ])('leaves %s as written', (_name, body) => {
    expect(splitScraperTail(body)).toEqual({ html: body });
  });

  it('recognises the parts by shape', () => {
    expect(isBackLinkParagraph('<a href="/emnews/">返回东财滚动新闻</a>｜<a href="/">返回首页</a>')).toBe(true);
    expect(isBackLinkParagraph('<a href="/emnews/">返回东财滚动新闻</a> 以及更多')).toBe(false);
    expect(sourceParagraphUrl(`原文地址: <a href="${SOURCE}">${SOURCE}</a>`)).toBe(SOURCE);
    expect(sourceParagraphUrl(`另见 <a href="${SOURCE}">${SOURCE}</a>`)).toBeUndefined();
  });
});

describe('reading a scraped post', () => {
  it('keeps the tail out of the excerpt and the body, and the source address in the post', () => {
    const file = [
      '---',
      'title: 机构上调目标价',
      'date: 2021-12-08 22:06:00 +0800',
      'categories: emnews',
      '---',
      '<p>某机构将目标价从37美元上调至39美元。</p>',
      '',
      `<${SOURCE}>`,
      '',
      '[返回东财滚动新闻](//finews.withounder.com/emnews/)｜[返回首页](//finews.withounder.com/)',
      '',
    ].join('\n');
    const result = readPostFile('2021-12-08-202112082206703990.md', new TextEncoder().encode(file), testReaderSettings(), {
      now: new Date('2026-01-01T00:00:00Z'),
      render: true,
    });
    expect(result.status).toBe('post');
    if (result.status !== 'post') return;
    expect(result.post.excerpt).toBe('某机构将目标价从37美元上调至39美元。');
    expect(result.post.sourceUrl).toBe(SOURCE);
    expect(result.html).not.toContain('返回');
    expect(result.html).not.toContain(SOURCE);
  });
});

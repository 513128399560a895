/**
 * Scraped posts end with a source link and "back" links; a built site shows the source address
 * once, as 原文链接, and the site's own back link, and keeps both out of listing excerpts, feed
 * descriptions and the search index.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'node-html-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BuiltSite, buildSite, readUrl, temporaryDir } from '../support/build-site';
import { searchDocuments } from '../support/search-index';

const SOURCE = 'http://stock.eastmoney.com/news/11228,202112082206703990.html';
const POSTS: Record<string, string> = {
  // The archive's common shape: autolink, then back links to the old host on one line.
  '2021-12-08-202112082206703990.md': `---\nlayout: post\ntitle: 机构上调目标价\ndate: 2021-12-08 22:06:00 +0800\ncategories: emnews\ntags: 东财新闻\n---\n<p>某机构将目标价从37美元上调至39美元。</p>\n\n<${SOURCE}>\n\n[返回东财滚动新闻](//finews.withounder.com/emnews/)｜[返回首页](//finews.withounder.com/)\n`,
  // A bare address and relative back links on two lines.
  '2021-12-09-202112092207000001.md': `---\nlayout: post\ntitle: 另一篇快讯\ndate: 2021-12-09 09:15:00 +0800\ncategories: emnews\n---\n央行开展逆回购操作。\n\nhttps://finance.example.com/news/2.html\n\n[返回东财滚动新闻](../emnews/)\n[返回首页](../)\n`,
};
const ARTICLE = '/emnews/2021/12/08/202112082206703990.html';

let site: BuiltSite;

beforeAll(() => {
  const postsDir = temporaryDir('scraped-posts');
  mkdirSync(postsDir, { recursive: true });
  for (const [name, text] of Object.entries(POSTS)) writeFileSync(path.join(postsDir, name), text);
  site = buildSite({ postsDir, env: { INVALID_POSTS: 'fail' } });
  if (site.exitCode !== 0) throw new Error(`build failed:\n${site.output}`);
}, 240_000);

describe('a scraped post', () => {
  it('shows the source address once, as 原文链接, and the site’s own back link instead of the scraper’s', () => {
    const page = parse(readUrl(site.outDir, ARTICLE));
    const body = page.querySelector('.article-body')!;
    expect(body.text).toContain('某机构将目标价从37美元上调至39美元。');
    expect(body.text).not.toContain('返回');
    expect(body.querySelectorAll('a')).toHaveLength(0);
    const sourceLinks = page.querySelectorAll(`a[href="${SOURCE}"]`);
    expect(sourceLinks).toHaveLength(1);
    expect(page.querySelector('.article-source')!.text).toBe(`原文链接：${SOURCE}`);
    expect(page.querySelector('.back-links a')!.getAttribute('href')).toBe('/category/emnews.html');
  });

  it('keeps the tail out of listing excerpts and feed descriptions', () => {
    for (const url of ['/category/emnews.html', '/index.html']) {
      const listing = readUrl(site.outDir, url);
      expect(listing, url).toContain('某机构将目标价从37美元上调至39美元。');
      expect(listing, url).not.toContain(SOURCE);
      expect(listing, url).not.toContain('返回东财滚动新闻');
      expect(listing, url).not.toContain('finance.example.com');
    }
    const feed = readUrl(site.outDir, '/feed.xml');
    for (const description of feed.match(/<description>[\s\S]*?<\/description>/g) ?? []) {
      expect(description).not.toContain('返回');
      expect(description).not.toContain('http://stock.eastmoney.com');
    }
  });

  it('keeps the tail out of the search index', () => {
    const documents = searchDocuments(site.outDir);
    expect(Object.keys(documents)).toHaveLength(2);
    for (const document of Object.values(documents)) {
      const content = String(document.content).replace(/\u200b/g, '');
      expect(content).not.toContain('返回');
      expect(content).not.toContain('http');
    }
  });
});

/**
 * Hostile and broken inputs a scraper can drop into the posts folder. Each must give a clear
 * report or a correct page: no crash, no hang, no runaway memory; feeds stay well-formed XML
 * and pages valid HTML whatever the titles and bodies contain.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'node-html-parser';
import { SyntaxValidator } from 'fast-xml-validator';
import { HtmlValidate } from 'html-validate';
import Parser from 'rss-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSite, listFiles, readUrl, temporaryDir, type BuiltSite } from '../support/build-site';
import { STRESS_POSTS, writePosts } from '../support/stress-posts';

let site: BuiltSite;

beforeAll(() => {
  const postsDir = temporaryDir('stress-posts');
  writePosts(postsDir, STRESS_POSTS);
  site = buildSite({ postsDir, env: { INVALID_POSTS: 'skip' } });
  if (site.exitCode !== 0) throw new Error(`stress build failed:\n${site.output}`);
}, 300_000);

describe('stress inputs', () => {
  it('reports the unreadable files clearly and builds the rest', () => {
    expect(site.output).toMatch(/2023-06-07-gbk\.md:2: file: is not valid UTF-8/);
    expect(site.output).toMatch(/2023-06-08-empty\.md: file: is empty/);
    expect(site.output).toMatch(/2023-06-09-binary\.md: file: is a binary file/);
    expect(site.output).toMatch(/2023-06-10-whitespace\.md: file: is empty/);
    expect(site.output).toMatch(/posts: 6 valid, 4 invalid \(4 skipped\)/);
  });

  it('indexes the huge posts for search by title only', () => {
    const seconds = Number(/search index: 6 articles; 1 of 1 parts rebuilt: .*; ([\d.]+) s, [\d.]+ MB/.exec(site.output)?.[1]);
    expect(seconds).toBeGreaterThan(0);
    const big = readUrl(site.outDir, '/stress/2023/06/01/big.html');
    expect(big).toContain('<div class="article-body" data-pagefind-ignore="all">');
    const small = readUrl(site.outDir, '/stress/2023/06/05/nasty-title.html');
    expect(small).toContain('<div class="article-body">');
  });

  it('builds a 5 MB post completely', () => {
    const page = readUrl(site.outDir, '/stress/2023/06/01/big.html');
    expect(Buffer.byteLength(page)).toBeGreaterThan(5 * 1024 * 1024);
    expect(page).toContain('开头段落');
    expect(page).toContain('结尾段落');
  });

  it('builds a 2 MB one-line post', () => {
    const page = readUrl(site.outDir, '/stress/2023/06/02/one-line.html');
    expect(page).toContain('长'.repeat(1000));
    expect(page).toContain('行尾');
  });

  it('gives each of 10,000 tags its listing', () => {
    const tagPages = listFiles(site.outDir).filter((file) => /^tag\/t\d+\.html$/.test(file));
    expect(tagPages).toHaveLength(10_000);
    expect(parse(readUrl(site.outDir, '/stress/2023/06/03/many-tags.html')).querySelectorAll('.post-tags a')).toHaveLength(10_000);
  });

  it('flattens 10,000 levels of nesting, keeping the text', () => {
    const page = readUrl(site.outDir, '/stress/2023/06/04/deep.html');
    const body = parse(page).querySelector('.article-body')!;
    expect(body.text).toContain('最深处的文字');
    expect(body.text).toContain('嵌套之后');
    expect((body.innerHTML.match(/<div>/g) ?? []).length).toBeLessThanOrEqual(100);
  });

  it('writes feeds that are well-formed XML and parse, whatever the text', async () => {
    const parser = new Parser();
    for (const feed of ['/feed.xml', '/category/stress/feed.xml']) {
      const xml = readUrl(site.outDir, feed);
      expect(() => SyntaxValidator.validate(xml), feed).not.toThrow();
      expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/);
      const parsed = await parser.parseString(xml);
      expect(parsed.items.length).toBe(6);
      const nasty = parsed.items.find((item) => item.link?.endsWith('/nasty-title.html'));
      // The title is HTML, as readers render it: it shows the text as written.
      expect(nasty?.title).toBe('A]]&gt;B &lt;c&gt; &amp; d  e  f  g 😀 𠮷');
      expect(parse(`<h1>${nasty?.title}</h1>`).querySelector('h1')?.text).toBe('A]]>B <c> & d  e  f  g 😀 𠮷');
    }
  });

  it('writes valid HTML for the nasty titles and bodies', async () => {
    const validator = new HtmlValidate({
      extends: ['html-validate:recommended'],
      rules: { 'no-inline-style': 'off', 'void-style': 'off' },
    });
    for (const url of [
      '/stress/2023/06/05/nasty-title.html',
      '/stress/2023/06/06/nasty-yaml-escapes.html',
      '/category/stress.html',
      '/index.html',
    ]) {
      const html = readUrl(site.outDir, url);
      expect(html).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
      const report = await validator.validateString(html);
      expect(
        report.results.flatMap((result) => result.messages.map((message) => `${message.ruleId}: ${message.message}`)),
        url,
      ).toEqual([]);
    }
    const title = parse(readUrl(site.outDir, '/stress/2023/06/05/nasty-title.html')).querySelector('h1')?.text;
    expect(title).toBe('A]]>B <c> & d  e  f  g 😀 𠮷');
  });

  it('keeps the report file readable', () => {
    const report = JSON.parse(readFileSync(path.join(site.cacheDir, 'xinwen-posts-report.json'), 'utf8')) as { invalid: unknown[] };
    expect(report.invalid).toHaveLength(4);
  });
});

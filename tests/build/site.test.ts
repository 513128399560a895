/**
 * Builds a fixture site of our own once (lenient mode, with invalid posts) and checks the
 * output the way a reader, a feed reader and a static server would see it.
 */
import { cpSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'node-html-parser';
import Parser from 'rss-parser';
import { XMLParser } from 'fast-xml-parser';
import { SyntaxValidator } from 'fast-xml-validator';
import { HtmlValidate } from 'html-validate';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSite, fileForUrl, listFiles, projectRoot, readUrl, temporaryDir, type BuiltSite } from '../support/build-site';

const FIXTURE = path.join(projectRoot, 'tests/fixtures/build-posts');
/** The site's `url` setting: absolute links to it are links into the site. */
const SITE_URL = 'https://finews.example.com';
const BULK_POSTS = 55; // more than one listing page (50) and more than one feed (50)

interface Expected {
  file: string;
  title: string;
  url: string;
  categories: string[];
}

const bulk: Expected[] = Array.from({ length: BULK_POSTS }, (_, index) => {
  const day = String(1 + (index % 28)).padStart(2, '0');
  return {
    file: `2024-02-${day}-piliang-${index}.md`,
    title: `批量稿件第${index}篇`,
    url: `/piliang/2024/02/${day}/piliang-${index}.html`,
    categories: ['piliang'],
  };
});

const handWritten: Expected[] = [
  {
    file: '2023-03-01-yangshi-kuaixun.md',
    title: '央行开展逆回购操作 维护流动性合理充裕',
    url: '/jinrong/2023/03/01/yangshi-kuaixun.html',
    categories: ['jinrong'],
  },
  {
    file: '2023-03-02-kuaguo-shijian.md',
    title: '纽约收盘：美股三大指数涨跌互现',
    url: '/global/jinrong/2023/03/02/kuaguo-shijian.html',
    categories: ['global', 'jinrong'],
  },
  {
    file: '2023-03-03-wuyinhao-riqi.md',
    title: '晚间快讯：离岸汇率小幅走高',
    url: '/jinrong/2023/03/03/wuyinhao-riqi.html',
    categories: ['jinrong'],
  },
  {
    file: '2023-03-04-kongge-fenlei.md',
    title: '分类名带空格与问号的稿件',
    url: '/%E8%B4%A2%E7%BB%8F%20%E8%A6%81%E9%97%BB%3F/2023/03/04/kongge-fenlei.html',
    categories: ['财经 要闻?'],
  },
  {
    file: '2023-03-05-xss.md',
    title: '<script>alert(1)</script>标题里的尖括号',
    url: '/jinrong/2023/03/05/xss.html',
    categories: ['jinrong'],
  },
  { file: '2023-03-06-no-front-matter.md', title: 'No Front Matter', url: '/2023/03/06/no-front-matter.html', categories: [] },
  { file: '2023-03-07-crlf-bom.md', title: 'Windows 换行的稿件', url: '/jinrong/2023/03/07/crlf-bom.html', categories: ['jinrong'] },
  { file: '2023-03-11-chongfu-a.md', title: '重复网址（一）', url: '/jinrong/2023/03/11/chongfu.html', categories: ['jinrong'] },
  {
    file: '2023/2023-03-12-zi-mulu.html',
    title: '子目录里的 HTML 稿件',
    url: '/cbot/anxinguojizhengquan(xianggang)/2023/03/12/zi-mulu.html',
    categories: ['cbot', 'anxinguojizhengquan(xianggang)'],
  },
  {
    file: '2023-03-13-caijing-mingcheng.md',
    title: '分类显示名来自数据文件',
    url: '/caijing/2023/03/13/caijing-mingcheng.html',
    categories: ['caijing'],
  },
  // Invalid YAML in strict mode; lenient mode repairs the unescaped quotes and says so.
  {
    file: '2023-03-09-huai-biaoti.md',
    title: '专家称"稳增长"仍有空间',
    url: '/jinrong/2023/03/09/huai-biaoti.html',
    categories: ['jinrong'],
  },
];

/** A post that links into the site every way an author writes a link, for the feeds' absolute URLs. */
const linking: Expected = {
  file: '2023-03-14-zhannei-lianjie.md',
  title: '站内链接的各种写法',
  url: '/jinrong/2023/03/14/zhannei-lianjie.html',
  categories: ['jinrong'],
};
const LINKING_BODY = [
  '<p>见<a href="/category/jinrong.html">金融分类</a>、<a href="../">本月</a>、<a href="yangshi.html">同目录</a>、',
  '<a href="https://finews.withounder.com/jinrong/">旧站分类</a>、<a href="//finews.example.com/archive.html">归档</a>、<a href="#zhu">注</a>。</p>',
  '<p><img src="/img/tu.png" alt="图一"><img src="../../img/tu2.png" alt="图二"></p>',
  '',
  '[上一篇](../01/yangshi-kuaixun.html)与[外站](https://example.org/x?a=1&b=2)',
  '',
].join('\n');

const validPosts = [...handWritten, linking, ...bulk];
const invalidFiles = ['2023-03-10-huai-riqi.md', '2023-03-11-chongfu-b.md'];
const strictlyInvalidFiles = ['2023-03-09-huai-biaoti.md', ...invalidFiles];

/** Copies the hand-written fixture and adds the generated bulk posts. */
function preparePosts(): string {
  const dir = temporaryDir('posts');
  cpSync(FIXTURE, dir, { recursive: true });
  writeFileSync(
    path.join(dir, linking.file),
    `---\ntitle: ${linking.title}\ndate: 2023-03-14 09:00:00 +0800\ncategories: jinrong\n---\n${LINKING_BODY}`,
  );
  for (const [index, post] of bulk.entries()) {
    const date = post.url.split('/').slice(2, 5).join('-');
    const hour = String(index % 24).padStart(2, '0');
    writeFileSync(
      path.join(dir, post.file),
      `---\ntitle: "${post.title}"\ndate: ${date} ${hour}:00:00 +0800\ncategories: piliang\ntags: 批量\n---\n<p>批量稿件正文，第${index}篇。</p>\n`,
    );
  }
  return dir;
}

function articleFiles(site: BuiltSite): string[] {
  return listFiles(site.outDir).filter(
    (file) => file.endsWith('.html') && readFileSync(path.join(site.outDir, file), 'utf8').includes('<article class="article"'),
  );
}

/** Every page of a listing, following its "older" links from the first page. */
function listingLinks(site: BuiltSite, firstPageUrl: string): string[] {
  const links: string[] = [];
  let url: string | undefined = firstPageUrl;
  while (url) {
    const page: ReturnType<typeof parse> = parse(readUrl(site.outDir, url));
    links.push(...page.querySelectorAll('.post-list a.post-link').map((a) => a.getAttribute('href')!));
    url = page.querySelector('a[rel="next"]')?.getAttribute('href');
  }
  return links;
}

let postsDir: string;
let site: BuiltSite;

beforeAll(() => {
  postsDir = preparePosts();
  site = buildSite({ postsDir, env: { INVALID_POSTS: 'skip', TZ: 'UTC' } });
  if (site.exitCode !== 0) throw new Error(`fixture build failed:\n${site.output}`);
});

describe('a lenient build of the fixture site', () => {
  it('gives every valid post exactly one page, at its URL', () => {
    for (const post of validPosts) {
      const file = fileForUrl(site.outDir, post.url);
      expect(existsSync(file), `${post.file} → ${post.url}`).toBe(true);
      const page = parse(readFileSync(file, 'utf8'));
      expect(page.querySelector('article h1')?.text).toBe(post.title);
    }
    expect(articleFiles(site)).toHaveLength(validPosts.length);
  });

  it('keeps decoded names on disk for percent-encoded URLs', () => {
    expect(listFiles(site.outDir)).toContain('财经 要闻?/2023/03/04/kongge-fenlei.html');
    expect(listFiles(site.outDir)).toContain('category/财经 要闻?.html');
  });

  it('lists every post in each of its categories, newest first, across pages', () => {
    for (const post of validPosts) {
      for (const category of post.categories) {
        const links = listingLinks(site, `/category/${encodeURIComponent(category).replace(/%28/g, '(').replace(/%29/g, ')')}.html`);
        expect(links, `${post.file} in ${category}`).toContain(post.url);
      }
    }
    // Stable pagination: the first page shows the newest 50, archive pages count from the oldest.
    const first = parse(readUrl(site.outDir, '/category/piliang.html'));
    const firstLinks = first.querySelectorAll('.post-list a.post-link').map((a) => a.getAttribute('href')!);
    expect(firstLinks).toHaveLength(50);
    const dates = firstLinks.map((url) => url.split('/').slice(2, 5).join('-'));
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(first.querySelector('a[rel="next"]')?.getAttribute('href')).toBe('/category/piliang/page/2.html');
    const piliang = new Set(listingLinks(site, '/category/piliang.html'));
    expect(piliang.size).toBe(BULK_POSTS);
  });

  it('names each invalid, unpublished, future and misnamed file in the summary', () => {
    for (const file of invalidFiles) expect(site.output).toContain(file);
    expect(site.output).toMatch(/repaired .*2023-03-09-huai-biaoti\.md:3: title: repaired unescaped double quotes/);
    expect(site.output).toMatch(/2023-03-10-huai-riqi\.md:4: date: /);
    expect(site.output).toMatch(/2023-03-10-huai-riqi\.md:6: published: /);
    expect(site.output).toMatch(/2023-03-11-chongfu-b\.md: permalink: .*2023-03-11-chongfu-a\.md/);
    expect(site.output).toContain('-20230313-meiyou-riqi.md: file name:');
    expect(site.output).toContain('README.txt: file name:');
    expect(site.output).toMatch(
      new RegExp(
        `posts: ${validPosts.length} valid, 2 invalid \\(2 skipped\\), \\d+ warnings, 1 repaired, 1 unpublished, 1 future, 1 redirects`,
      ),
    );
    const report = JSON.parse(readFileSync(path.join(site.cacheDir, 'xinwen-posts-report.json'), 'utf8')) as {
      valid: number;
      invalid: { file: string }[];
    };
    expect(report.valid).toBe(validPosts.length);
    expect(report.invalid.map((entry) => path.basename(entry.file)).sort()).toEqual(invalidFiles);
  });

  it('builds nothing from unpublished and future posts', () => {
    const everything = listFiles(site.outDir)
      .map((file) => readFileSync(path.join(site.outDir, file), 'latin1'))
      .join('\n');
    expect(everything).not.toContain('weifabu');
    expect(everything).not.toContain('weilai');
  });

  it('shows dates in the site zone and converts offsets', () => {
    const page = parse(readUrl(site.outDir, '/global/jinrong/2023/03/02/kuaguo-shijian.html'));
    expect(page.querySelector('time')?.getAttribute('datetime')).toBe('2023-03-02T10:30:00+08:00');
    const unquoted = parse(readUrl(site.outDir, '/jinrong/2023/03/03/wuyinhao-riqi.html'));
    expect(unquoted.querySelector('time')?.getAttribute('datetime')).toBe('2023-03-03T21:15:00+08:00');
  });

  it("redirects Jekyll's URL for an unquoted date without offset", () => {
    const redirect = parse(readUrl(site.outDir, '/jinrong/2023/03/04/wuyinhao-riqi.html'));
    expect(redirect.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe(
      'https://finews.example.com/jinrong/2023/03/03/wuyinhao-riqi.html',
    );
    expect(redirect.querySelector('meta[http-equiv="refresh"]')?.getAttribute('content')).toContain(
      '/jinrong/2023/03/03/wuyinhao-riqi.html',
    );
  });

  it('links newer and older posts in the same category', () => {
    const page = parse(readUrl(site.outDir, '/jinrong/2023/03/03/wuyinhao-riqi.html'));
    expect(page.querySelector('.post-nav a[rel="prev"]')?.getAttribute('href')).toBe('/jinrong/2023/03/05/xss.html');
    // The older post in "jinrong" is filed under "global" first, and is in "jinrong" too.
    expect(page.querySelector('.post-nav a[rel="next"]')?.getAttribute('href')).toBe('/global/jinrong/2023/03/02/kuaguo-shijian.html');
  });

  it('shows category display names from the data file, else as written', () => {
    const page = parse(readUrl(site.outDir, '/caijing/2023/03/13/caijing-mingcheng.html'));
    expect(page.querySelector('.post-categories a')?.text).toBe('财经');
    const cbot = parse(readUrl(site.outDir, '/category/cbot.html'));
    expect(cbot.querySelector('h1')?.text).toContain('CBOT');
    const all = parse(readUrl(site.outDir, '/categories.html'));
    const piliang = all.querySelectorAll('.category-list li').find((li) => li.text.includes('piliang'));
    expect(piliang?.querySelector('.count')?.text).toBe(String(BULK_POSTS));
  });

  it('links the site feed, and the category feed where there is one, from every page', () => {
    for (const file of listFiles(site.outDir).filter((name) => name.endsWith('.html'))) {
      const html = readFileSync(path.join(site.outDir, file), 'utf8');
      if (html.includes('http-equiv="refresh"')) continue;
      const feeds = parse(html)
        .querySelectorAll('link[rel="alternate"][type="application/rss+xml"]')
        .map((link) => link.getAttribute('href'));
      expect(feeds, file).toContain('/feed.xml');
    }
    const category = parse(readUrl(site.outDir, '/category/jinrong.html'));
    expect(category.querySelectorAll('link[rel="alternate"]').map((link) => link.getAttribute('href'))).toContain(
      '/category/jinrong/feed.xml',
    );
  });

  it('writes Open Graph tags on every page but the noindex folders, and the OPML link where feeds are listed', () => {
    const listingFeeds = new Set(['index.html', 'feeds.html', 'categories.html', 'categories-by-name.html']);
    let folders = 0;
    for (const file of listFiles(site.outDir).filter((name) => name.endsWith('.html'))) {
      const html = readFileSync(path.join(site.outDir, file), 'utf8');
      if (html.includes('http-equiv="refresh"') || file === '404.html') continue;
      const head = parse(html).querySelector('head')!;
      const noindex = head.querySelector('meta[name="robots"]')?.getAttribute('content')?.includes('noindex') ?? false;
      if (noindex) folders += 1;
      expect(head.querySelectorAll('meta[property^="og:"]').length > 0, file).toBe(!noindex);
      expect(head.querySelectorAll('link[rel="outline"]').length, file).toBe(listingFeeds.has(file) ? 1 : 0);
    }
    expect(folders).toBeGreaterThan(0);
    // The structured data says what the other tags do not; the description and URL are there once each.
    const article = parse(readUrl(site.outDir, validPosts[0]!.url));
    const data = JSON.parse(article.querySelector('script[type="application/ld+json"]')!.textContent);
    expect(data).toMatchObject({ '@type': 'NewsArticle', url: article.querySelector('link[rel="canonical"]')!.getAttribute('href') });
    expect(Object.keys(data)).not.toContain('description');
    expect(article.querySelectorAll('meta[name="description"]')).toHaveLength(1);
  });

  it('keeps scripts, handlers and javascript: URLs out of every page and feed', () => {
    const xml = new XMLParser({ processEntities: true, htmlEntities: true });
    /** Every script element, event-handler attribute and script URL in a document. */
    const hazards = (html: string): string[] => {
      const found: string[] = [];
      for (const element of parse(html).querySelectorAll('*')) {
        // Script elements allowed: the article's JSON-LD data block, which never runs, and the
        // site's own bundled search script (a file, never inline).
        const ownScript = /^\/_astro\/[\w.-]+\.js$/.test(element.getAttribute('src') ?? '');
        if (element.tagName === 'SCRIPT' && element.getAttribute('type') !== 'application/ld+json' && !ownScript)
          found.push(element.outerHTML.slice(0, 80));
        if (element.tagName === 'IFRAME' || element.tagName === 'OBJECT' || element.tagName === 'EMBED') found.push(element.tagName);
        for (const [name, value] of Object.entries(element.attributes)) {
          if (/^on/i.test(name)) found.push(`${name}="${value}"`);
          if (/^\s*(?:javascript|vbscript|data):/i.test(value) && /^(?:href|src|action|formaction|srcset)$/i.test(name))
            found.push(`${name}="${value}"`);
        }
      }
      return found;
    };
    for (const file of listFiles(site.outDir).filter((name) => name.endsWith('.html') || name.endsWith('feed.xml'))) {
      const text = readFileSync(path.join(site.outDir, file), 'utf8');
      if (file.endsWith('.xml')) {
        // In a feed, the HTML is the text of each content:encoded element.
        const items = [xml.parse(text).rss.channel.item ?? []].flat() as Record<string, string>[];
        for (const item of items) expect(hazards(item['content:encoded'] ?? ''), file).toEqual([]);
      } else {
        expect(hazards(text), file).toEqual([]);
        for (const [, json] of text.matchAll(/<script type="application\/ld\+json">([^<]*)<\/script>/g)) {
          expect(() => JSON.parse(json!), file).not.toThrow();
        }
      }
    }
    const page = parse(readUrl(site.outDir, '/jinrong/2023/03/05/xss.html'));
    const body = page.querySelector('.article-body')!;
    expect(body.text).toContain('恶意内容之前');
    expect(body.text).toContain('恶意内容之后');
    expect(body.querySelector('a[target="_blank"]')?.getAttribute('rel')).toBe('noopener noreferrer');
    expect(body.querySelector('a[href="http://example.org/autolink"]')).not.toBeNull();
  });

  it('passes .html posts through without Markdown', () => {
    const page = readUrl(site.outDir, '/cbot/anxinguojizhengquan(xianggang)/2023/03/12/zi-mulu.html');
    expect(page).toContain('*这不是强调*');
  });

  it('writes feeds that an RSS parser reads, newest first, with full content', async () => {
    const parser = new Parser({ customFields: { item: [['content:encoded', 'contentEncoded']] } });
    const siteFeedXml = readUrl(site.outDir, '/feed.xml');
    expect(() => SyntaxValidator.validate(siteFeedXml)).not.toThrow();
    const feed = await parser.parseString(siteFeedXml);
    expect(feed.items).toHaveLength(50);
    expect(feed.items[0]?.link).toBe(`https://finews.example.com${bulk.find((post) => post.url.includes('/2024/02/28/'))!.url}`);
    for (const item of feed.items) {
      expect(item.guid).toBe(item.link);
      expect(item.pubDate).toMatch(/\+0800$/);
      expect((item as unknown as { contentEncoded: string }).contentEncoded).toContain('<p>');
      expect(item.contentSnippet ?? item.content).toBeTruthy();
    }

    const categoryXml = readUrl(site.outDir, '/category/jinrong/feed.xml');
    expect(() => SyntaxValidator.validate(categoryXml)).not.toThrow();
    // Browsers show feeds through a CSS stylesheet the build ships; XSLT is gone from them.
    for (const xml of [siteFeedXml, categoryXml]) {
      expect(xml).toContain('<?xml-stylesheet type="text/css" href="/feed.css"?>');
      expect(xml).not.toMatch(/xsl/i);
    }
    expect(existsSync(path.join(site.outDir, 'feed.css'))).toBe(true);
    expect(existsSync(path.join(site.outDir, 'feed.xsl'))).toBe(false);
    const category = await parser.parseString(categoryXml);
    const links = category.items.map((item) => item.link);
    for (const post of handWritten.filter((entry) => entry.categories.includes('jinrong'))) {
      expect(links).toContain(`https://finews.example.com${post.url}`);
    }
    const xss = category.items.find((item) => item.link?.endsWith('/xss.html'));
    // Readers render titles as HTML: the title is HTML that shows the text as written.
    expect(xss?.title).toBe('&lt;script&gt;alert(1)&lt;/script&gt;标题里的尖括号');
    expect(parse(`<h1>${xss?.title}</h1>`).querySelector('h1')?.text).toBe('<script>alert(1)</script>标题里的尖括号');
    expect(xss?.categories).toEqual(['jinrong']);
  });

  it('writes every link and image of every feed as an absolute URL, legacy hosts mapped to the site', async () => {
    const parser = new Parser({ customFields: { item: [['content:encoded', 'contentEncoded']] } });
    const feeds = listFiles(site.outDir).filter((file) => file.endsWith('feed.xml'));
    expect(feeds.length).toBeGreaterThan(3);
    let checked = 0;
    const relative: string[] = [];
    for (const file of feeds) {
      const feed = await parser.parseString(readFileSync(path.join(site.outDir, file), 'utf8'));
      for (const item of feed.items) {
        const fields = [item.content ?? '', (item as unknown as { contentEncoded?: string }).contentEncoded ?? ''];
        for (const element of fields.flatMap((html) => parse(html).querySelectorAll('[href], [src], [srcset], [cite]'))) {
          const urls = ['href', 'src', 'cite'].map((name) => element.getAttribute(name)).filter((value) => value !== undefined);
          urls.push(
            ...(element
              .getAttribute('srcset')
              ?.split(/,\s+/)
              .map((candidate) => candidate.split(/\s/)[0]!) ?? []),
          );
          for (const url of urls) {
            checked += 1;
            // Parsed without a base, as a reader that shows the item away from the site does.
            if (!URL.canParse(url)) relative.push(`${file}: ${item.link}: ${url}`);
          }
        }
      }
    }
    expect(relative).toEqual([]);
    expect(checked).toBeGreaterThan(10);

    const item = (await parser.parseString(readUrl(site.outDir, '/category/jinrong/feed.xml'))).items.find(
      (entry) => entry.link === `${SITE_URL}${linking.url}`,
    ) as { contentEncoded: string } | undefined;
    const links = parse(item!.contentEncoded)
      .querySelectorAll('a, img')
      .map((element) => element.getAttribute('href') ?? element.getAttribute('src'));
    expect(links).toEqual([
      `${SITE_URL}/category/jinrong.html`,
      `${SITE_URL}/jinrong/2023/03/`,
      `${SITE_URL}/jinrong/2023/03/14/yangshi.html`,
      `${SITE_URL}/jinrong/`,
      `${SITE_URL}/archive.html`,
      `${SITE_URL}${linking.url}#zhu`,
      `${SITE_URL}/img/tu.png`,
      `${SITE_URL}/jinrong/2023/img/tu2.png`,
      `${SITE_URL}/jinrong/2023/03/01/yangshi-kuaixun.html`,
      'https://example.org/x?a=1&b=2',
    ]);
  });

  it('writes HTML that validates', async () => {
    const validator = new HtmlValidate({
      extends: ['html-validate:recommended'],
      rules: {
        // Article bodies keep `text-align` as an inline style on purpose (the sanitizer allows nothing else).
        'no-inline-style': 'off',
        // sanitize-html writes void elements as `<img />`; both forms are valid HTML.
        'void-style': 'off',
      },
    });
    const urls = [
      '/index.html',
      '/categories.html',
      '/category/jinrong.html',
      '/category/piliang/page/2.html',
      '/jinrong/2023/03/05/xss.html',
      validPosts[0]!.url,
    ];
    for (const url of urls) {
      const report = await validator.validateString(readUrl(site.outDir, url));
      const messages = report.results.flatMap((result) => result.messages.map((message) => `${message.ruleId}: ${message.message}`));
      expect(messages, url).toEqual([]);
    }
  });
});

describe('the site’s own links', () => {
  /** Whether the output has a page or file at a decoded site path. */
  function produced(pathname: string): boolean {
    const file = path.join(site.outDir, decodeURIComponent(pathname));
    if (pathname.endsWith('/')) return existsSync(path.join(file, 'index.html'));
    return (existsSync(file) && statSync(file).isFile()) || existsSync(`${file}.html`);
  }

  it('lead to pages and files the build wrote: every href and src of every page, feed, sitemap and list', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const file of listFiles(site.outDir)) {
      const page = new URL(`/${file}`, SITE_URL);
      const text = readFileSync(path.join(site.outDir, file), 'utf8');
      let references: string[];
      if (file.endsWith('.html')) {
        const root = parse(text);
        // Links inside article bodies are the authors'; the site's own are everything else.
        for (const body of root.querySelectorAll('.article-body')) body.remove();
        references = root
          .querySelectorAll('[href], [src]')
          .map((element) => element.getAttribute('href') ?? element.getAttribute('src') ?? '');
      } else if (/\.(xml|opml)$/.test(file)) {
        references = [...text.matchAll(/<(?:link|loc)>([^<]+)<\/(?:link|loc)>|(?:xmlUrl|htmlUrl|href)="([^"]+)"/g)].map((match) =>
          (match[1] ?? match[2])!.replace(/&amp;/g, '&'),
        );
      } else continue;
      for (const reference of references) {
        if (reference === '' || reference.startsWith('#') || /^(?:mailto|data):/i.test(reference)) continue;
        const target = new URL(reference, page);
        if (target.origin !== SITE_URL) continue;
        checked += 1;
        if (!produced(target.pathname)) broken.push(`${file} → ${target.pathname}`);
      }
    }
    expect(checked).toBeGreaterThan(500);
    expect(broken).toEqual([]);
  });
});

describe('the build time zone', () => {
  it('does not change a single output file', () => {
    const newYork = buildSite({ postsDir, env: { INVALID_POSTS: 'skip', TZ: 'America/New_York' } });
    expect(newYork.exitCode).toBe(0);
    const files = listFiles(site.outDir);
    expect(listFiles(newYork.outDir)).toEqual(files);
    for (const file of files) {
      expect(readFileSync(path.join(newYork.outDir, file), 'utf8'), file).toBe(readFileSync(path.join(site.outDir, file), 'utf8'));
    }
  });
});

describe('a strict build', () => {
  it('fails and names every invalid file', () => {
    const strict = buildSite({ postsDir: FIXTURE, env: { INVALID_POSTS: 'fail' } });
    expect(strict.exitCode).not.toBe(0);
    for (const file of strictlyInvalidFiles) expect(strict.output).toContain(file);
    expect(strict.output).toMatch(/2023-03-09-huai-biaoti\.md:3: title: .*escape/);
    expect(strict.output).toContain('InvalidPostsError');
    expect(strict.output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  });
});

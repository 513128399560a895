/**
 * Links are found where the author wrote them, in every form posts write them (HTML attributes
 * however quoted, Markdown links, images, definitions and autolinks), with the file line to fix;
 * links in code, comments and script text are not links. And a written link is resolved to the
 * site path a browser would request, or to nothing when it leaves the site.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { linksAndMarkup, markupOf, siteTarget, withMarkedLinks, writtenLinks } from '../../src/lib/body-links';
import { kramdownToHtml } from '../../src/lib/kramdown-markdown';
import { SAMPLES, SAMPLES_PRESENT } from '../support/shared-samples';

const hrefs = (body: string, markdown = true) => writtenLinks(body, 1, { markdown }).map((link) => link.href);

describe('writtenLinks: HTML attributes', () => {
  it.each([
    ['double quotes', '<a href="/a.html">a</a>', '/a.html'],
    ['single quotes', "<a href='/a.html'>a</a>", '/a.html'],
    ['no quotes', '<a href=/a.html>a</a>', '/a.html'],
    ['no quotes, right before >', '<img src=/i.png>', '/i.png'],
    ['spaces around =', '<a href = "/a.html">a</a>', '/a.html'],
    ['an uppercase name', '<A HREF="/a.html">a</A>', '/a.html'],
    ['a mixed-case name', '<img Src="/i.png">', '/i.png'],
    ['src of an image', '<img alt="x" src="/i.png" />', '/i.png'],
    ['src of an iframe', '<iframe src="https://example.com/embed"></iframe>', 'https://example.com/embed'],
    ['href of a link element', '<link rel="stylesheet" href="/s.css">', '/s.css'],
    ['href of any element', '<span web="1" href="/quote.html">股</span>', '/quote.html'],
    ['src of a script, whose text is not read', '<script src="/s.js"></script>', '/s.js'],
    ['a value with a > inside quotes', '<a title="a>b" href="/a.html">', '/a.html'],
    ['blanks around the value', '<a href="  /a.html  ">', '/a.html'],
  ])('reads %s', (_name, body, href) => {
    expect(hrefs(body)).toEqual([href]);
  });

  it.each([
    ['named', '<a href="/a?x=1&amp;y=&lt;&gt;&quot;&apos;">', '/a?x=1&y=<>"\''],
    ['decimal', '<a href="/a?x=1&#38;y=2">', '/a?x=1&y=2'],
    ['hexadecimal', '<a href="/a?x=1&#x26;y=2&#X26;z">', '/a?x=1&y=2&z'],
    ['any HTML5 named', '<a href="/a?x=1&nbsp;&y=2&copy">', '/a?x=1\u00a0&y=2©'],
    [
      'unknown ones left as written, and a legacy name before = (a query parameter)',
      '<a href="/a?x=1&xinwen;&copy=2">',
      '/a?x=1&xinwen;&copy=2',
    ],
    ['out-of-range ones as U+FFFD, as browsers', '<a href="/a&#0;&#x110000;&#xD800;">', '/a\uFFFD\uFFFD\uFFFD'],
  ])('decodes %s entities', (_name, body, href) => {
    expect(hrefs(body)).toEqual([href]);
  });

  it('reads the first of two attributes with one name, as browsers do', () => {
    expect(hrefs('<a href="/yes.html" HREF="/no.html">')).toEqual(['/yes.html']);
  });

  it('reads every link of a line, in order', () => {
    const body = '<p><a href="/1.html"><img src="/2.png"></a>文字<a href=\'/3.html\'>3</a><img src=/4.png></p>';
    expect(hrefs(body)).toEqual(['/1.html', '/2.png', '/3.html', '/4.png']);
  });

  it.each([
    ['an empty value', '<a href="">x</a>'],
    ['a blank value', '<a href="  \t ">x</a>'],
    ['an attribute without a value', '<a href>x</a>'],
    ['an attribute whose name only ends in href', '<a data-href="/x.html" xsrc="/y.png">x</a>'],
    ['an end tag', '</a href="/x.html">'],
    ['a tag that never closes', '<a href="/x.html"'],
    ['a < before anything but a letter', '1<2 且 3 > 2, <示例 href="/x.html">'],
  ])('takes nothing from %s', (_name, body) => {
    expect(hrefs(body)).toEqual([]);
  });

  it('still reads the links after a tag that never closes', () => {
    expect(hrefs('<a title="unclosed <a href="/x.html">')).toEqual(['/x.html']);
  });
});

describe('writtenLinks: lines', () => {
  it('counts lines from firstLine', () => {
    const body = '<p>一</p>\n\n<a href="/a.html">a</a>\n[b](/b.html)\n';
    expect(writtenLinks(body, 8, { markdown: true })).toEqual([
      { line: 10, href: '/a.html' },
      { line: 11, href: '/b.html' },
    ]);
  });

  it('gives a multi-line tag the line its value starts on', () => {
    const body = ['<a', '  class="x"', '  href="/a.html"', '  title="t">a</a>', '<img', '  src="', '    /i.png">'].join('\n');
    expect(writtenLinks(body, 1, { markdown: true })).toEqual([
      { line: 3, href: '/a.html' },
      { line: 7, href: '/i.png' },
    ]);
  });

  it.each([
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ])('counts %s line endings once each', (_name, newline) => {
    const body = ['正文', '<a href="/a.html">a</a>', '', '[b](/b.html)', '<a', 'href=/c.html>'].join(newline);
    expect(writtenLinks(body, 1, { markdown: true })).toEqual([
      { line: 2, href: '/a.html' },
      { line: 4, href: '/b.html' },
      { line: 6, href: '/c.html' },
    ]);
  });

  it('does not take a CR into an unquoted value or a destination', () => {
    expect(hrefs('<a href=/a.html\r\n>a</a>\r\n[b](/b.html\r\n)\r\n')).toEqual(['/a.html', '/b.html']);
  });
});

describe('writtenLinks: Markdown', () => {
  it.each([
    ['an inline link', '[文字](/a.html)', '/a.html'],
    ['an image', '![图](/i.png)', '/i.png'],
    ['a link with a double-quoted title', '[a](/a.html "标题")', '/a.html'],
    ['a link with a single-quoted title', "[a](/a.html 'title')", '/a.html'],
    ['a link with a parenthesized title', '[a](/a.html (title))', '/a.html'],
    ['a title on the next line', '[a](/a.html\n"title")', '/a.html'],
    ['spaces inside the parentheses', '[a](  /a.html  )', '/a.html'],
    ['a <…> destination, brackets removed', '[a](</a b.html>)', '/a b.html'],
    ['a <…> destination with a title', '[a](</a.html> "t")', '/a.html'],
    ['balanced parentheses', '[a](/wiki/A_(B))', '/wiki/A_(B)'],
    ['nested balanced parentheses', '[也是脚本](javascript:alert((2)))', 'javascript:alert((2))'],
    ['an escaped parenthesis, unescaped as CommonMark reads it', '[a](/a\\).html)', '/a).html'],
    ['brackets in the text', '[a [b] c](/a.html)', '/a.html'],
    ['a protocol-relative destination', '[返回首页](//finews.example.com/)', '//finews.example.com/'],
    ['an autolink', '<https://example.com/a?b=1&c=2>', 'https://example.com/a?b=1&c=2'],
    ['an autolink of another scheme', '<mailto:someone@example.com>', 'mailto:someone@example.com'],
    ['a reference definition', '[ref]: /a.html', '/a.html'],
    ['an indented definition with a title', '   [ref]: /a.html "title"', '/a.html'],
    ['a definition with a <…> destination', '[ref]: </a b.html>', '/a b.html'],
    ['a definition whose destination is on the next line', '[ref]:\n  /a.html', '/a.html'],
    ['a definition with a title on the next line', '[ref]: /a.html\n  "title"', '/a.html'],
  ])('reads %s', (_name, body, href) => {
    expect(hrefs(body)).toEqual([href]);
  });

  it('reads definitions one after another', () => {
    expect(hrefs('[a]: /a.html\n[b]: /b.html "B"\n[c]: /c.html\n  "C"\n[d]: /d.html')).toEqual([
      '/a.html',
      '/b.html',
      '/c.html',
      '/d.html',
    ]);
  });

  it('reads the links in an image link, the image first', () => {
    expect(writtenLinks('[![alt](/i.png)](\n/a.html)', 1, { markdown: true })).toEqual([
      { line: 1, href: '/i.png' },
      { line: 2, href: '/a.html' },
    ]);
  });

  it('reads the inner link when the outer text never closes', () => {
    expect(hrefs('[a [b](/b.html) [c] [d](/d.html)')).toEqual(['/b.html', '/d.html']);
    expect(hrefs('[a [b](/b.html)](/a.html)')).toEqual(['/b.html', '/a.html']);
  });

  it('reads a paragraph of many unclosed brackets once, not once for each', () => {
    expect(hrefs(`${'[a '.repeat(50_000)}[b](/b.html)`)).toEqual(['/b.html']);
  });

  it('reads a scraped tail', () => {
    const body = '<p>正文。</p>\n\n<http://example.com/news/1.html>\n\n[返回东财滚动新闻](//finews.example.com/emnews/)｜[返回首页](../)\n';
    expect(writtenLinks(body, 7, { markdown: true })).toEqual([
      { line: 9, href: 'http://example.com/news/1.html' },
      { line: 11, href: '//finews.example.com/emnews/' },
      { line: 11, href: '../' },
    ]);
  });

  // A checker should rather report a link that does not show than miss one that does.
  it('reads Markdown links in the text of an HTML block', () => {
    expect(hrefs('<div>\n[a](/a.html) <a href="/b.html">b</a>\n</div>')).toEqual(['/a.html', '/b.html']);
  });

  it('reads a link in text that only looks like a tag, and the attributes a browser would see', () => {
    expect(hrefs('如果 a<b，见 [说明](/a.html)，且 c>d')).toEqual(['/a.html']);
    expect(hrefs('<img src="/i.png" 宽="1">')).toEqual(['/i.png']);
    // …so a `]` in it can close a link text: here it leaves no link at all.
    expect(hrefs('[a<b ] c>](/a.html)')).toEqual([]);
  });

  it('reads a definition after a line of HTML (kramdown ends the block there)', () => {
    expect(hrefs('<p>正文</p>\n[ref]: /a.html')).toEqual(['/a.html']);
  });

  it('reads a definition after a closing fence', () => {
    expect(hrefs('```\ncode\n```  \n[ref]: /a.html')).toEqual(['/a.html']);
  });

  it.each([
    ['an empty destination', '[a]() [b](<>) [c](  )'],
    ['a reference link, whose destination is in its definition', '[a][ref] [b][]'],
    ['text in brackets', '[注] 这是说明 [a] (not a link)'],
    ['escaped brackets', '\\[a](/a.html)'],
    ['an unbalanced destination', '[a](/a_(b.html)'],
    ['a destination with a space', '[a](/a b.html)'],
    ['a <…> destination over two lines', '[a](</a\nb.html>)'],
    ['a definition followed by other text', '[注]: 见 下文'],
    ['a definition inside a paragraph', '正文\n[ref]: /a.html'],
    ['a definition after a backtick run that opens no fence (paragraph text)', '```a`b\n[ref]: /a.html'],
    ['a footnote definition', '[^1]: 脚注说明'],
    ['a link across a blank line', '[a\n\nb](/a.html)'],
    ['an email in angle brackets (not a scheme)', '<someone@example.com>'],
    ['angle brackets around text', '<> <示例> <1:2>'],
  ])('takes nothing from %s', (_name, body) => {
    expect(hrefs(body)).toEqual([]);
  });

  it('reads only HTML attributes in an .html post', () => {
    const body = '[a](/a.html)\n<https://example.com/>\n[ref]: /r.html\n```\n<a href="/b.html">b</a>\n```\n`<img src="/c.png">`';
    expect(hrefs(body, false)).toEqual(['/b.html', '/c.png']);
  });
});

describe('writtenLinks: what is not read', () => {
  it.each([
    ['a backtick fence', '```html\n<a href="/no.html">x</a>\n[x](/no.html)\n```\n<a href="/yes.html">y</a>'],
    ['a tilde fence', '~~~\n<a href="/no.html">x</a>\n~~~\n<a href="/yes.html">y</a>'],
    ['a fence closed by a longer fence', '```\n<a href="/no.html">x</a>\n`````\n<a href="/yes.html">y</a>'],
    ['a fence not closed by a shorter one', '````\n```\n<a href="/no.html">x</a>\n````\n<a href="/yes.html">y</a>'],
    ['a fence not closed by the other char', '~~~\n```\n<a href="/no.html">x</a>\n~~~\n<a href="/yes.html">y</a>'],
    ['a fence not closed by a run with an info string', '```\n```js\n<a href="/no.html">x</a>\n```\n<a href="/yes.html">y</a>'],
    ['an indented fence', '   ```\n<a href="/no.html">x</a>\n   ```\n<a href="/yes.html">y</a>'],
    ['a code span', '`<a href="/no.html">` <a href="/yes.html">'],
    ['a code span of two backticks around one', '``[x](/no.html) ` <a href="/no.html">`` [y](/yes.html)'],
    ['a comment', '<!-- <a href="/no.html">x</a> [x](/no.html) --><a href="/yes.html">y</a>'],
    ['a comment over lines', '<!--\n<a href="/no.html">\n-->\n<a href="/yes.html">'],
    ['an empty comment', '<!--><a href="/yes.html">'],
    ['script text', '<script>var a = \'<a href="/no.html">\';</script><a href="/yes.html">'],
    ['script text with an uppercase end tag', '<SCRIPT type="x">"<img src=/no.png>"</SCRIPT ><a href="/yes.html">'],
    ['style text', '<style>a[href="/no.html"] { background: url(<img src="/no.png">) }</style><a href="/yes.html">'],
    ['textarea text', '<textarea><a href="/no.html"></textarea><a href="/yes.html">'],
  ])('skips %s', (_name, body) => {
    expect(hrefs(body)).toEqual(['/yes.html']);
  });

  it('skips an unclosed fence, comment or script to the end of the body', () => {
    expect(hrefs('<a href="/yes.html">\n```\n<a href="/no.html">')).toEqual(['/yes.html']);
    expect(hrefs('<a href="/yes.html"><!-- <a href="/no.html">')).toEqual(['/yes.html']);
    expect(hrefs('<a href="/yes.html"><script><a href="/no.html">')).toEqual(['/yes.html']);
  });

  it('reads indented lines (posts indent raw HTML)', () => {
    expect(hrefs('<div>\n    <a href="/a.html">a</a>\n\n    [b](/b.html)\n</div>')).toEqual(['/a.html', '/b.html']);
  });

  it('takes ```code``` on one line for a code span, not a fence', () => {
    expect(hrefs('```<a href="/no.html">```\n<a href="/yes.html">')).toEqual(['/yes.html']);
  });

  it('reads on past a backtick run that opens no fence (a backtick in its info string), as CommonMark', () => {
    expect(hrefs('[a\n```a`b\n](/yes.html)')).toEqual(['/yes.html']);
  });

  it('takes unmatched backticks as text', () => {
    expect(hrefs('a `` b ` <a href="/a.html">\n\n`[c](/c.html)')).toEqual(['/a.html', '/c.html']);
  });

  it('does not let a code span reach into a fence', () => {
    const body = 'Press the ` key\n```\nlet a = `x`;\n```\n<a href="/yes.html">';
    expect(hrefs(body)).toEqual(['/yes.html']);
  });

  it('lets a tag hide backticks and a code span hide a tag, whichever starts first', () => {
    expect(hrefs('<a title="`" href="/a.html">` <a href="/b.html">')).toEqual(['/a.html', '/b.html']);
    expect(hrefs('`<a title="` href="/no.html">')).toEqual([]);
  });

  it('reads comments, script text and fences in an .html post as a browser does', () => {
    expect(hrefs('```\n<a href="/a.html">\n```\n<!-- <a href="/no.html"> --><script><a href="/no.html"></script>', false)).toEqual([
      '/a.html',
    ]);
  });
});

describe('siteTarget', () => {
  const page = '/emnews/2021/12/08/x.html';
  const hosts = ['finews.example.com', 'OLD.Example.org'];

  it.each([
    ['../', '/emnews/2021/12/'],
    ['../emnews/', '/emnews/2021/12/emnews/'],
    ['../../../../emnews/', '/emnews/'],
    ['./y.html', '/emnews/2021/12/08/y.html'],
    ['y.html', '/emnews/2021/12/08/y.html'],
    ['/category/emnews.html', '/category/emnews.html'],
    ['//finews.example.com/emnews/', '/emnews/'],
    ['https://FINEWS.Example.com/emnews/a.html', '/emnews/a.html'],
    ['http://old.example.org/', '/'],
    ['HTTP://finews.example.com:8080/a.html', '/a.html'],
    ['/a.html?page=2', '/a.html'],
    ['/a.html#top', '/a.html'],
    ['y.html?x=1#top', '/emnews/2021/12/08/y.html'],
    ['/%E6%96%B0%E9%97%BB/%E8%A6%81%E9%97%BB.html', '/新闻/要闻.html'],
    ['/新闻/要闻.html', '/新闻/要闻.html'],
    ['/a%20b.html', '/a b.html'],
    ['/%E4/x.html', '/%E4/x.html'],
    ['  /a.html  ', '/a.html'],
  ])('%s leads to %s', (href, target) => {
    expect(siteTarget(href, page, hosts)).toBe(target);
  });

  it.each([
    ['another host', 'https://example.com/emnews/'],
    ['another host, protocol-relative', '//example.com/emnews/'],
    ['a host that only ends in a local one', 'https://notfinews.example.com/'],
    ['mailto:', 'mailto:someone@example.com'],
    ['javascript:', 'javascript:alert(1)'],
    ['uppercase JavaScript:', 'JavaScript:alert(1)'],
    ['data:', 'data:text/html,<b>x</b>'],
    ['ftp: to a local host', 'ftp://finews.example.com/a.html'],
    ['a fragment', '#section'],
    ['a query', '?page=2'],
    ['an empty link', ''],
    ['a blank link', ' \t'],
    ['an unparseable link', 'http://exa mple.com/'],
  ])('%s leaves the site or the page', (_name, href) => {
    expect(siteTarget(href, page, hosts)).toBeUndefined();
  });

  it('knows no local host but the site when given none', () => {
    expect(siteTarget('//finews.example.com/emnews/', page, [])).toBeUndefined();
    expect(siteTarget('../', page, [])).toBe('/emnews/2021/12/');
  });
});

describe.runIf(SAMPLES_PRESENT)('writtenLinks on the shared sample posts', () => {
  const folder = SAMPLES;
  // Collected even when skipped: read only where the folder is.
  const files = (SAMPLES_PRESENT ? readdirSync(folder) : []).filter((file) => /\.(md|markdown|html)$/.test(file));

  /** The body of a post file and the file line it starts on. */
  function bodyOf(text: string): { body: string; firstLine: number } {
    const frontMatter = /^\uFEFF?---[ \t]*\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
    if (!frontMatter) return { body: text, firstLine: 1 };
    return { body: text.slice(frontMatter[0].length), firstLine: frontMatter[0].split('\n').length };
  }

  function linksOf(file: string) {
    const text = readFileSync(path.join(folder, file), 'utf8');
    const { body, firstLine } = bodyOf(text);
    return { text, links: writtenLinks(body, firstLine, { markdown: !file.endsWith('.html') }) };
  }

  const decodeEntities = (line: string) =>
    line.replace(/&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (entity) => {
      const named: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };
      const number = /^&#(x?)([0-9a-f]+);$/i.exec(entity);
      return named[entity.toLowerCase()] ?? (number ? String.fromCodePoint(Number.parseInt(number[2]!, number[1] ? 16 : 10)) : entity);
    });

  it('finds the sample posts', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  it.each(files)('%s: every link is on the line it names', (file) => {
    const { text, links } = linksOf(file);
    const lines = text.split(/\r\n|\r|\n/);
    for (const { line, href } of links) {
      const written = lines[line - 1];
      expect(written, `${file}:${line} is past the end of the file`).toBeDefined();
      expect(written!.includes(href) || decodeEntities(written!).includes(href), `${file}:${line} does not hold ${href}`).toBe(true);
    }
  });

  it.each(files)('%s: every href= and src= outside comments and script text is found', (file) => {
    const { text, links } = linksOf(file);
    // Naive counts: a non-blank href= or src= after a space, a `](` and a `<http`, outside what is not read.
    const visible = text.replace(/<!--[\s\S]*?-->/g, '').replace(/<(script|style|textarea)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '');
    const count = (pattern: RegExp) => visible.match(pattern)?.length ?? 0;
    const expected = count(/\s(?:href|src)\s*=\s*(?:"[^"\s]|'[^'\s]|[^\s"'>])/gi) + count(/\]\((?!\))/g) + count(/<https?:/g);
    expect(links.length).toBeGreaterThanOrEqual(expected);
  });

  it('finds the links of the sample with a scraped stock chart', () => {
    const { links } = linksOf('2022-05-26-NW202205262391900001.md');
    expect(links).toEqual([
      { line: 10, href: 'http://quote.example.com/unify/r/106.DEMO' },
      { line: 10, href: 'https://img.example.com/GetPic.aspx?nid=106.DEMO&imageType=k&token=abc&at=1' },
      { line: 10, href: 'http://quote.example.com/unify/r/90.BK0493' },
      { line: 10, href: 'http://quote.example.com/unify/r/1.600000' },
      { line: 10, href: 'https://img.example.com/download/D0001_w800h555.jpg' },
      { line: 14, href: '//finews.example.com/emnews/' },
      { line: 14, href: '//finews.example.com/' },
    ]);
  });

  it('finds the links of the sample with a script, but not in it', () => {
    expect(linksOf('2022-04-04-NW202204042300000008.md').links).toEqual([
      { line: 8, href: 'x' },
      { line: 8, href: 'javascript:alert(1)' },
      { line: 8, href: 'https://example.com/' },
      { line: 8, href: 'https://example.com/embed' },
      { line: 10, href: 'javascript:alert(2)' },
    ]);
  });

  it('finds the tail after a 4,500-character line', () => {
    expect(linksOf('2022-06-17-NW202206172415666670.md').links).toEqual([
      { line: 10, href: 'http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202206172415666670' },
      { line: 12, href: '//finews.withounder.com/category/guangmingribao.html' },
      { line: 12, href: '//finews.withounder.com/' },
    ]);
  });

  it('counts the lines of a sample with a BOM and CRLF line endings', () => {
    const text = readFileSync(path.join(folder, '2022-04-03-NW202204032300000007.md'), 'utf8');
    const { body, firstLine } = bodyOf(`${text}<a href="/a.html">a</a>\r\n\r\n[b](/b.html)\r\n`);
    expect(writtenLinks(body, firstLine, { markdown: true })).toEqual([
      { line: 9, href: '/a.html' },
      { line: 11, href: '/b.html' },
    ]);
  });
});

describe('Markdown destinations as CommonMark reads them', () => {
  it.each([
    ['an inline link', '[a](/a\\_b.html)', '/a_b.html'],
    ['a destination in angle brackets', '[a](</a\\(b\\).html>)', '/a(b).html'],
    ['a reference definition', '[r]: /x\\*y.html', '/x*y.html'],
    ['a backslash before a letter, which escapes nothing', '[a](/a\\b.html)', '/a\\b.html'],
  ])('resolves backslash escapes in %s', (_name, body, href) => {
    expect(writtenLinks(body, 1, { markdown: true }).map((link) => link.href)).toEqual([href]);
  });
});

describe('Markdown destinations: nested parentheses', () => {
  // The renderer reads a destination with up to 33 nested levels as a link, and no deeper one.
  it.each([3, 33, 34, 40])('agrees with the renderer at %i levels', (levels) => {
    const href = `/x${'('.repeat(levels)}y${')'.repeat(levels)}`;
    const body = `[a](${href})`;
    const rendered = /href="([^"]*)"/.exec(kramdownToHtml(body))?.[1];
    expect(writtenLinks(body, 1, { markdown: true }).map((link) => link.href)).toEqual(rendered === undefined ? [] : [rendered]);
    expect(rendered === undefined).toBe(levels > 33);
  });
});

// Each of these once read on to the end of the run from every `<` or `[` in it. The runs are long
// enough that a reading of square cost takes minutes, and the test's time limit catches it.
describe('long runs of broken markup', () => {
  const RUN = 100_000;
  it.each([
    ['cut end tags', `${'</a'.repeat(RUN / 3)}><a href="/after">`, ['/after']],
    ['start tags as attribute names', `${'<a '.repeat(RUN / 3)}href="/in">`, ['/in']],
    ['unclosed quoted values', `${'<a x="'.repeat(RUN / 6)}" href="/q">`, ['/q']],
    ['quotes of both kinds', `${`<a x='<a y="`.repeat(RUN / 12)}>[t](/md)`, ['/md']],
    ['`<` in attribute names', `<a ${'x<'.repeat(RUN / 2)} href="/n">`, ['/n']],
    ['`<` in unquoted values', `<a ${'x=<'.repeat(RUN / 3)} href="/v">`, ['/v']],
    ['autolink starts', `${'<http:'.repeat(RUN / 6)}> <https://example.com/a>`, ['http:', 'https://example.com/a']],
    ['link starts', `${'[a]('.repeat(RUN / 4)}\n\n[b](/b)`, ['/b']],
    ['link texts of tags', `[${'<a>'.repeat(RUN / 3)}](/t)`, ['/t']],
  ])('reads %s once', (_name, body, hrefs) => {
    expect(writtenLinks(body, 1, { markdown: true }).map((link) => link.href)).toEqual(hrefs);
  });

  it('still reads a tag Markdown reads, inside a tag it shows as text', () => {
    expect(hrefs('a<b，见 <a href="/x">x</a> c>d')).toEqual(['/x']);
    expect(hrefs('<o:p <a href="/y">')).toEqual(['/y']);
  });
});

describe('markupOf: the tags of a body, read as its links are', () => {
  const tags = (body: string, markdown = true) =>
    markupOf(body, { markdown }).tags.map(
      (tag) => `${tag.closing ? '/' : ''}${tag.name}${tag.plain ? '' : '*'}${tag.markdownText ? '?' : ''}`,
    );
  const hidden = (body: string, markdown = true) =>
    markupOf(body, { markdown }).hidden.map(
      ({ kind, start, end, closed }) => `${kind} ${body.slice(start, end)}${closed === false ? ' (open)' : ''}`,
    );

  it.each<[string, string, string[]]>([
    ['start and end tags, names lower-cased', '<P class="a"><B>粗</b></P>', ['p*', 'b*', '/b', '/p']],
    ['an end tag with attributes, which not every reader takes as one', '<b>粗</b class="x">', ['b*', '/b*?']],
    ['a tag CommonMark reads as text', '<b 中>粗</b>', ['b*?', '/b']],
    ['nothing in code, comments or script text', '`<b>` <!-- <i> --> <script>"<u>"</script>\n\n```\n<s>\n```\n', ['script*', '/script']],
    ['nothing but text in an autolink', '<https://a.example.com/x>', []],
  ])('%s', (_name, body, expected) => {
    expect(tags(body)).toEqual(expected);
  });

  it('gives each tag where its name ends, for attributes to be added there', () => {
    const [tag] = markupOf('正文<strong class="a">粗</strong>', { markdown: true }).tags;
    expect(tag).toEqual({ name: 'strong', closing: false, start: 2, nameEnd: 9, end: 20, plain: false, markdownText: false });
  });

  it.each<[string, string, string[]]>([
    ['a code span and a fence', '`<b>`\n\n```\n<i>\n```\n', ['code `<b>`', 'fence ```\n<i>\n```\n']],
    ['a comment, closed or not', '<!-- a --><p>x</p><!-- b', ['comment <!-- a -->', 'comment <!-- b (open)']],
    ['the text of a script, closed or not', '<script>a</script><style>b', ['raw text a', 'raw text b (open)']],
  ])('lists the parts that are no markup: %s', (_name, body, expected) => {
    expect(hidden(body)).toEqual(expected);
  });

  it('reads an .html body as HTML only', () => {
    expect(tags('`<b>`', false)).toEqual(['b*']);
  });

  it('is read in the same pass as the links', () => {
    const body = '<p><a href="/x">链接</a></p>\n\n[返回](../)\n';
    expect(linksAndMarkup(body, 3, { markdown: true })).toEqual({
      links: writtenLinks(body, 3, { markdown: true }),
      markup: markupOf(body, { markdown: true }),
    });
  });
});

describe('withMarkedLinks', () => {
  it.each<[string, string, string]>([
    ['a quoted attribute, before its quote', '<a href="/a.html">甲</a>', '<a href="/a.html#0">甲</a>'],
    ['an unquoted one, at its end', '<img src=/a.png>', '<img src=/a.png#0>'],
    ['an attribute with spaces around the value', '<a href=" /a.html ">甲</a>', '<a href=" /a.html #0">甲</a>'],
    ['a Markdown link with a title, before the title', '[甲](/a.html "标题")', '[甲](/a.html#0 "标题")'],
    ['a destination in angle brackets, inside them', '[甲](</a b.html>)', '[甲](</a b.html#0>)'],
    ['an autolink, inside it', '<https://a.example.com/x>', '<https://a.example.com/x#0>'],
    ['a reference definition', '[甲][1]\n\n[1]: /a.html\n', '[甲][1]\n\n[1]: /a.html#0\n'],
    ['an image in a link, each its own', '[![图](/a.png)](/a.html)', '[![图](/a.png#0)](/a.html#1)'],
  ])('marks %s', (_name, body, expected) => {
    expect(withMarkedLinks(body, { markdown: true }, (index) => `#${index}`)).toBe(expected);
  });

  it('marks nothing that is not a link: code, comments', () => {
    const body = '`<a href="/a">` <!-- <a href="/b"> -->\n';
    expect(withMarkedLinks(body, { markdown: true }, () => '#m')).toBe(body);
  });
});

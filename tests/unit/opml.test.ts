/** The OPML list: OPML 2.0 that an XML parser reads back to the names and absolute URLs it was given. */
import { XMLParser } from 'fast-xml-parser';
import { SyntaxValidator } from 'fast-xml-validator';
import { describe, expect, it } from 'vitest';
import { buildOpml, type OpmlDocument } from '../../src/lib/opml';
import { escapeXml } from '../../src/lib/xml';

const SITE = 'https://finews.example.com';

const list: OpmlDocument = {
  title: '新闻存档 全部订阅源',
  outlines: [
    { text: '新闻存档', xmlUrl: `${SITE}/feed.xml`, htmlUrl: `${SITE}/` },
    {
      text: '新闻存档 分类',
      children: [
        { text: '财经', xmlUrl: `${SITE}/category/caijing/feed.xml`, htmlUrl: `${SITE}/category/caijing.html` },
        {
          text: 'A&B <"研报"> \'观点\'',
          xmlUrl: `${SITE}/category/a%26b/feed.xml?x=1&y=2`,
          htmlUrl: `${SITE}/category/a%26b.html`,
        },
      ],
    },
  ],
};

interface ParsedOutline {
  '@_text': string;
  '@_title': string;
  '@_type'?: string;
  '@_xmlUrl'?: string;
  '@_htmlUrl'?: string;
  outline?: ParsedOutline[];
}

function parse(xml: string) {
  const parser = new XMLParser({ ignoreAttributes: false, parseAttributeValue: false, isArray: (name) => name === 'outline' });
  return parser.parse(xml) as {
    opml: { '@_version': string; head: { title: string; docs: string }; body: { outline: ParsedOutline[] } };
  };
}

describe('buildOpml', () => {
  const xml = buildOpml(list);
  const { opml } = parse(xml);

  it('writes well-formed OPML 2.0 with the list title', () => {
    expect(() => SyntaxValidator.validate(xml)).not.toThrow();
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">')).toBe(true);
    expect(opml['@_version']).toBe('2.0');
    expect(opml.head.title).toBe('新闻存档 全部订阅源');
    expect(opml.head.docs).toBe('http://opml.org/spec2.opml');
  });

  it('gives each feed type="rss", its name as text and title, and its absolute feed and page URLs', () => {
    const [site, folder] = opml.body.outline;
    expect(site).toEqual({
      '@_type': 'rss',
      '@_text': '新闻存档',
      '@_title': '新闻存档',
      '@_xmlUrl': 'https://finews.example.com/feed.xml',
      '@_htmlUrl': 'https://finews.example.com/',
    });
    expect(folder!['@_text']).toBe('新闻存档 分类');
    expect(folder!['@_type']).toBeUndefined();
    expect(folder!.outline!.map((feed) => feed['@_type'])).toEqual(['rss', 'rss']);
    for (const feed of [site!, ...folder!.outline!]) {
      expect(new URL(feed['@_xmlUrl']!).origin).toBe(SITE);
      expect(new URL(feed['@_htmlUrl']!).origin).toBe(SITE);
    }
  });

  it('writes names as HTML that shows them, escaped for XML, and URLs so that a parser reads back what was given', () => {
    // OPML 2.0: `text` "may contain encoded HTML markup", and readers render it so: a category
    // named `<img onerror=…>` must show as that text, never as an element.
    const decoded = opml.body.outline[1]!.outline![1]!;
    expect(decoded['@_text']).toBe('A&amp;B &lt;"研报"&gt; \'观点\'');
    expect(decoded['@_title']).toBe(decoded['@_text']);
    expect(decoded['@_xmlUrl']).toBe(`${SITE}/category/a%26b/feed.xml?x=1&y=2`);
    expect(xml).toContain('text="A&amp;amp;B &amp;lt;&quot;研报&quot;&amp;gt; &apos;观点&apos;"');
  });

  it('lists a site without categories with its own feed alone', () => {
    const alone = parse(buildOpml({ title: 't', outlines: [list.outlines[0]!] })).opml.body.outline;
    expect(alone).toHaveLength(1);
    expect(alone[0]!['@_xmlUrl']).toBe(`${SITE}/feed.xml`);
  });
});

describe('escapeXml', () => {
  it('escapes markup characters and keeps tabs and line breaks as references', () => {
    expect(escapeXml('a&b<c>d"e\'f')).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f');
    expect(escapeXml('a\tb\nc\rd')).toBe('a&#9;b&#10;c&#13;d');
  });

  it('drops characters XML 1.0 forbids, which would make a reader reject the whole list', () => {
    expect(escapeXml('控制\u0000字符\u001B\uFFFE')).toBe('控制字符');
    expect(() =>
      SyntaxValidator.validate(buildOpml({ title: '\u0001', outlines: [{ text: '\u0008x', xmlUrl: 'a', htmlUrl: 'b' }] })),
    ).not.toThrow();
  });
});

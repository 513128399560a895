import { describe, expect, it } from 'vitest';
import { decodeHtmlAttribute, decodeHtmlText } from '../../src/lib/html-entities';

describe('decodeHtmlText', () => {
  it.each([
    ['the five entities markup escapes with', '&amp;&lt;&gt;&quot;&apos;', '&<>"\''],
    ['any named entity of HTML5', '&nbsp;&copy;&mdash;&hellip;&yen;', '\u00a0©—…¥'],
    ['names are case-sensitive', '&AMP; &Amp; &Nbsp;', '& &Amp; &Nbsp;'],
    ['decimal references', '&#26032;&#38395;', '新闻'],
    ['hex references, x in either case', '&#x95FB;&#X95fb;', '闻闻'],
    ['astral references', '&#x1F600;&#134071;', '😀𠮷'],
    ['an unknown name stays as written', '&foo; &xinwen;', '&foo; &xinwen;'],
    ['a reference to no character is U+FFFD', '&#0;&#xD800;&#x110000;&#99999999;', '\uFFFD\uFFFD\uFFFD\uFFFD'],
    ['the C1 numbers read as Windows-1252', '&#128;&#x93;', '€“'],
    ['a legacy name without its semicolon', '&amp &lt &copy 2024', '& < © 2024'],
    ['a legacy name without its semicolon before a letter', '&copyright', '©right'],
    ['a name that needs its semicolon, without it', '&mdash &hellip', '&mdash &hellip'],
    ['a numeric reference without its semicolon', '&#65B &#x41;', 'AB A'],
    ['a reference without digits stays as written', '&#; &#x; &#xZ;', '&#; &#x; &#xZ;'],
    ['a bare ampersand stays', 'a & b&c', 'a & b&c'],
    ['an escaped reference is decoded once', '&amp;lt;p&amp;gt;', '&lt;p&gt;'],
    ['empty', '', ''],
  ])('decodes %s', (_name, text, decoded) => {
    expect(decodeHtmlText(text)).toBe(decoded);
  });
});

describe('decodeHtmlAttribute', () => {
  it.each([
    ['references with their semicolon, as in text', '/a?x=1&amp;y=&#50;&copy;', '/a?x=1&y=2©'],
    ['a legacy name without its semicolon before = stays (a query parameter)', '?a=1&copy=2&reg=3', '?a=1&copy=2&reg=3'],
    ['a legacy name without its semicolon before a letter or digit stays', '?x&copy2&notit', '?x&copy2&notit'],
    ['a legacy name without its semicolon elsewhere is decoded', '&copy &amp/', '© &/'],
    ['a numeric reference without its semicolon is decoded', '&#47;a', '/a'],
    ['a reference to no character is U+FFFD', '&#0;', '\uFFFD'],
  ])('decodes %s', (_name, value, decoded) => {
    expect(decodeHtmlAttribute(value)).toBe(decoded);
  });
});

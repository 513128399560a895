import { describe, expect, it } from 'vitest';
import { firstOfEachName, readHtmlTag, startsTag } from '../../src/lib/html-tag';

/** The tag at the start of `text`, its attributes as name → value pairs (null without a value). */
function read(text: string) {
  const tag = readHtmlTag(text, 0);
  if (!tag) return undefined;
  return {
    name: tag.name,
    closing: tag.closing,
    selfClosing: tag.selfClosing,
    attributes: tag.attributes.map(({ name, value, quote }) => [name, quote === undefined ? null : value]),
    end: tag.end,
  };
}

describe('readHtmlTag', () => {
  it.each([
    ['a start tag', '<p>x', { name: 'p', closing: false, selfClosing: false, attributes: [], end: 3 }],
    ['an end tag', '</p>x', { name: 'p', closing: true, selfClosing: false, attributes: [], end: 4 }],
    ['a self-closed tag', '<br/>', { name: 'br', closing: false, selfClosing: true, attributes: [], end: 5 }],
    ['names lower-cased', '<DIV CLASS=A>', { name: 'div', closing: false, selfClosing: false, attributes: [['class', 'A']], end: 13 }],
    ['a name up to white space, / or >', '<a<b>', { name: 'a<b', closing: false, selfClosing: false, attributes: [], end: 5 }],
  ])('reads %s', (_name, text, tag) => {
    expect(read(text)).toEqual(tag);
  });

  it('reads values in each quoting, and attributes without one', () => {
    expect(read(`<a href="/a b" title='x "y"' data-x=1 hidden>`)?.attributes).toEqual([
      ['href', '/a b'],
      ['title', 'x "y"'],
      ['data-x', '1'],
      ['hidden', null],
    ]);
  });

  it('reads > and line breaks inside a quoted value as part of it', () => {
    expect(read('<a title="a > b\nc" href=/d>')).toMatchObject({
      attributes: [
        ['title', 'a > b\nc'],
        ['href', '/d'],
      ],
      end: 27,
    });
  });

  it('reads white space around = and / between attributes as the tokenizer does', () => {
    expect(read('<img src = "/a.png"/alt=x / >')?.attributes).toEqual([
      ['src', '/a.png'],
      ['alt', 'x'],
    ]);
  });

  it('reads an unquoted value up to white space or >, quotes and < included', () => {
    expect(read(`<a title=it's href=/a"b<c>`)?.attributes).toEqual([
      ['title', "it's"],
      ['href', '/a"b<c'],
    ]);
  });

  it('reads a name that starts with =, and = after an empty value', () => {
    expect(read('<a =x href=>')?.attributes).toEqual([
      ['=x', null],
      ['href', ''],
    ]);
  });

  it('gives where the name ends and each value starts', () => {
    const tag = readHtmlTag('x<a  href="/a" src=/b>', 1)!;
    expect(tag.nameEnd).toBe(3);
    expect(tag.attributes.map(({ valueStart }) => valueStart)).toEqual([11, 19]);
  });

  it.each([
    ['< before anything but a letter', '< p>'],
    ['</ before anything but a letter', '</ p>'],
    ['a tag that runs to the end', '<a href="/a"'],
    ['an unclosed quote', '<a href="/a>text'],
    ['an = at the end', '<a href='],
  ])('reads no tag for %s', (_name, text) => {
    expect(readHtmlTag(text, 0)).toBeUndefined();
  });

  it('tells where a tag may start', () => {
    expect(['<a', '</a', '<1', '</1', '<', 'a'].map((text) => startsTag(text, 0))).toEqual([true, true, false, false, false, false]);
  });
});

describe('readHtmlTag, giving up at a cut', () => {
  // A `<` in a name or an unquoted value: the whole run of cut tags is one tag to a browser.
  it.each(['</a</a</a>', '<p x="1"<b>', '<a href=x<b>', '<p <b>', '<a b<c>'])('reads %s as a tag, and as none when cut at a <', (html) => {
    expect(readHtmlTag(html, 0)).toBeDefined();
    expect(readHtmlTag(html, 0, { cutAtLessThan: true })).toBeUndefined();
  });

  it.each(['<a href="/x?a<b">x</a>', "<img alt='1 < 2' src=/y>", '<p class=a>', '</div >', '<br/>'])(
    'reads %s alike either way',
    (html) => {
      expect(readHtmlTag(html, 0, { cutAtLessThan: true })).toEqual(readHtmlTag(html, 0));
    },
  );

  it('finds no tag after the last > it is given, without reading it', () => {
    // A `lastClose` before the tag: refused though the tag closes, which shows it is not read.
    expect(readHtmlTag('<p>x</p> <a href="y">', 9, { lastClose: 7 })).toBeUndefined();
    expect(readHtmlTag('<p>x</p> <a href="y">', 9, { lastClose: 20 })?.end).toBe(21);
    expect(readHtmlTag(`${'</a'.repeat(3)}<p x="`, 3, { lastClose: -1 })).toBeUndefined();
  });
});

describe('firstOfEachName', () => {
  it('keeps the first of two attributes with one name, as browsers do', () => {
    const tag = readHtmlTag('<a href="/a" HREF="/b" title=t href=/c>', 0)!;
    expect(firstOfEachName(tag.attributes).map(({ name, value }) => [name, value])).toEqual([
      ['href', '/a'],
      ['title', 't'],
    ]);
  });
});

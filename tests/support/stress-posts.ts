/**
 * Hostile and broken post files a scraper can drop into the posts folder, shared by the build
 * tests (each must give a clear report or a correct page) and the reading tests (each page must
 * still fit a phone).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const front = (title: string, extra = '') => `---\ntitle: '${title.replace(/'/g, "''")}'\ncategories: stress\n${extra}---\n`;
const paragraph = '<p>这是一段用来撑大文件的正文，包含中文标点、English words 和数字 12345。</p>';

/** Control characters, a lone surrogate, CDATA end, markup characters: for titles and bodies. */
export const NASTY_TEXT = 'A]]>B <c> & d \u0001\u0008\u000b\u001f e \ud800 f \ufffe g 😀 𠮷';

/** Words with no break opportunity, far wider than any screen; short enough for a file name. */
const LONG_WORD = `Pneumonoultramicroscopicsilicovolcanoconiosis${'Supercalifragilistic'.repeat(6)}`;
const LONG_URL = `https://news.example.org/${'very-long-path-segment-without-any-space-'.repeat(3)}index.html?q=${'x'.repeat(20)}`;

/** Every stress file, by name: contents as text or as raw bytes. */
export const STRESS_POSTS: Readonly<Record<string, string | Uint8Array>> = {
  '2023-06-01-big.md':
    front('五兆字节的稿件') +
    `<p>开头段落。</p>${paragraph.repeat(Math.ceil((5 * 1024 * 1024) / Buffer.byteLength(paragraph)))}<p>结尾段落。</p>\n`,
  '2023-06-02-one-line.md': `${front('两兆字节一行')}<p>${'长'.repeat(700_000)}</p><p>行尾。</p>\n`,
  '2023-06-03-many-tags.md': `${front('一万个标签', `tags: [${Array.from({ length: 10_000 }, (_, index) => `t${index}`).join(', ')}]\n`)}<p>标签很多。</p>\n`,
  '2023-06-04-deep.md': `${front('一万层嵌套')}${'<div>'.repeat(10_000)}<p>最深处的文字。</p>${'</div>'.repeat(10_000)}\n\n<p>嵌套之后。</p>\n`,
  '2023-06-05-nasty-title.md': `${front(NASTY_TEXT.replace(/\ud800/, ''))}<p>${NASTY_TEXT}</p><p>&lt;script&gt; &amp;amp; ]]&gt;</p>\n`,
  '2023-06-06-nasty-yaml-escapes.md': `---\ntitle: "转义\\u0001\\uD800 ]]> <b>"\ndate: 2023-06-06 08:00:00 +0800\ncategories: stress\ntags: ["]]>", "<x>", "a&b"]\n---\n<p>YAML 转义里的控制字符和孤立代理项。</p>\n`,
  '2023-06-07-gbk.md': Uint8Array.from([
    ...Buffer.from('---\ntitle: '),
    0xd6,
    0xd0,
    0xce,
    0xc4,
    ...Buffer.from('\n---\n<p>'),
    0xd5,
    0xfd,
    0xce,
    0xc4,
    ...Buffer.from('</p>\n'),
  ]),
  '2023-06-08-empty.md': '',
  '2023-06-09-binary.md': Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]),
  '2023-06-10-whitespace.md': '  \n\n\t\n',
};

/**
 * The posts whose text is widest on a page: a 2 MB one-line body, 10,000 tags, and long
 * unbroken Latin words and URLs in a title, a category, a tag, the excerpt and the body.
 */
export const WIDE_POSTS: Readonly<Record<string, string>> = {
  '2023-06-02-one-line.md': STRESS_POSTS['2023-06-02-one-line.md'] as string,
  '2023-06-03-many-tags.md': STRESS_POSTS['2023-06-03-many-tags.md'] as string,
  '2023-06-11-long-words.md':
    `---\ntitle: '${LONG_WORD.repeat(2)}'\ncategories: [stress, ${LONG_WORD.toLowerCase()}]\ntags: [${LONG_WORD}, '${LONG_URL}']\n---\n` +
    `<p>${LONG_URL.repeat(3)} ${LONG_WORD.repeat(3)}</p>\n\n<p><a href="${LONG_URL}">${LONG_URL.repeat(3)}</a></p>\n\n<pre><code>${LONG_WORD.repeat(3)}</code></pre>\n`,
};

/** Writes `posts` (file name → contents) into `dir`. */
export function writePosts(dir: string, posts: Readonly<Record<string, string | Uint8Array>>): void {
  for (const [name, content] of Object.entries(posts)) writeFileSync(path.join(dir, name), content);
}

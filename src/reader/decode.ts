/**
 * Bytes to text: the first reading stage. A post is UTF-8 text; binary files, other encodings
 * and empty files are reported, never guessed at. Line endings and a byte-order mark are
 * normalized away so later stages see `\n` only, while line numbers stay those of the file.
 */
import { finding, type Finding } from '../lib/problem';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The file's text (LF line endings, no BOM), or why it has none. */
export type Decoded = { ok: true; text: string } | { ok: false; problem: Finding };

/** Decodes a post file's bytes. */
export function decodePost(bytes: Uint8Array): Decoded {
  // A NUL byte never occurs in text; such a file is an image or an archive with a post's name.
  if (bytes.includes(0)) return { ok: false, problem: finding('file', 'is a binary file, not text; remove it from the posts folder') };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return {
      ok: false,
      problem: finding('file', 'is not valid UTF-8 (a GBK or binary file?); convert it to UTF-8', firstInvalidUtf8Line(bytes)),
    };
  }
  text = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  // An empty file is a scraper's failed write, not a post: there is nothing to publish.
  if (text.trim() === '') return { ok: false, problem: finding('file', 'is empty; write front matter and a body, or remove the file') };
  return { ok: true, text };
}

/** 1-based line of the first bytes that are not UTF-8 (a newline byte is never inside a UTF-8 or GBK character). */
export function firstInvalidUtf8Line(bytes: Uint8Array): number | undefined {
  let start = 0;
  for (let line = 1; start <= bytes.length; line += 1) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    try {
      utf8.decode(bytes.subarray(start, end));
    } catch {
      return line;
    }
    start = end + 1;
  }
  return undefined;
}

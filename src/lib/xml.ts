/**
 * XML 1.0 allows only some characters (no C0 controls but tab/newline/return, no lone
 * surrogates, no U+FFFE/U+FFFF); one of them in a feed makes every reader reject it.
 */
const XML_FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** `text` without the characters XML 1.0 forbids. */
export function stripXmlForbidden(text: string): string {
  return text.replace(XML_FORBIDDEN, '');
}

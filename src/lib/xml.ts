/**
 * Text in XML and HTML documents: the characters XML forbids, and the escapes that keep text
 * text in either.
 *
 * XML 1.0 allows only some characters (no C0 controls but tab/newline/return, no lone
 * surrogates, no U+FFFE/U+FFFF); one of them in a feed makes every reader reject it.
 */
const XML_FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** `text` without the characters XML 1.0 forbids. */
export function stripXmlForbidden(text: string): string {
  return text.replace(XML_FORBIDDEN, '');
}

const MARKUP_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // A parser turns raw tabs and line breaks in an attribute into spaces; references survive.
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** `text` as the value of a double-quoted XML attribute or as element text. */
export function escapeXml(text: string): string {
  return stripXmlForbidden(text).replace(/[&<>"'\t\n\r]/g, (character) => MARKUP_ESCAPES[character]!);
}

/**
 * Plain text as HTML that shows exactly that text: `&`, `<` and `>` escaped. For what a feed
 * reader renders as HTML (an item's description and title), where text escaped only once for
 * XML would reach the reader as markup.
 */
export function htmlFromText(text: string): string {
  return stripXmlForbidden(text).replace(/[&<>]/g, (character) => MARKUP_ESCAPES[character]!);
}

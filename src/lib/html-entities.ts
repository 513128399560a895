/**
 * Character references in HTML, decoded as browsers decode them (WHATWG § 13.2.5.72–80): every
 * named reference of HTML5's table, decimal and hex numeric references, the legacy names that
 * may leave out their semicolon (`&amp`, `&copy`), a reference to no character (`&#0;`, a lone
 * surrogate, past U+10FFFF) as U+FFFD and the C1 numbers as Windows-1252 (`&#128;` is €). The
 * one decoder of the project: `entities`, the package the sanitizer's parser (htmlparser2) uses,
 * so a value reads here as the sanitizer read it.
 */
import { decodeHTML, decodeHTMLAttribute } from 'entities';

/** Text of an element (outside a tag) with its character references decoded. */
export function decodeHtmlText(text: string): string {
  return decodeHTML(text);
}

/**
 * An attribute value with its character references decoded. As in text, except that a legacy
 * name without its semicolon followed by `=` or a letter or digit stays as written, so a query
 * (`?a=1&copy=2`) keeps its parameters.
 */
export function decodeHtmlAttribute(value: string): string {
  return decodeHTMLAttribute(value);
}

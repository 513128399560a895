/**
 * One start or end tag of HTML, read as the HTML tokenizer reads it (WHATWG § 13.2.5.6–13.2.5.40,
 * the tag name and attribute states): the one reader of tags for every pass that reads markup
 * as text — the sanitizer's repair of broken markup, the links a post writes, the links of the
 * pages written. What a browser reads as one tag is one tag here.
 *
 * - `<` followed by an ASCII letter starts a start tag, `</` followed by one an end tag; the
 *   name runs to white space, `/` or `>`, and is lower-cased (ASCII letters only).
 * - Attributes are separated by white space or `/`; a name may start with `=` and runs to white
 *   space, `/`, `>` or `=`; a value is quoted with `"` or `'` (anything up to the same quote,
 *   `>` and line breaks included) or unquoted (up to white space or `>`).
 * - A tag that is not closed by `>` before the end of the text is no tag (the tokenizer drops
 *   it at the end of the input); callers that read on take its `<` as text.
 *
 * Attributes are given as written, every one of them and entities not decoded; a browser keeps
 * the first of two with one name ({@link firstOfEachName}).
 */

/** An attribute of a tag as written. */
export interface HtmlAttribute {
  /** Lower-case name. */
  name: string;
  /** The value as written, entities not decoded; empty for an attribute without one. */
  value: string;
  /** Where the value starts in the text (after its quote), or -1 for an attribute without a value. */
  valueStart: number;
  /** The value's quote, `''` for an unquoted value, undefined for an attribute without a value. */
  quote: '"' | "'" | '' | undefined;
}

/** A start or end tag. */
export interface HtmlTag {
  /** Lower-case name. */
  name: string;
  /** An end tag (`</p>`). */
  closing: boolean;
  /** Written `<br/>`: a `/` right before the `>`. */
  selfClosing: boolean;
  attributes: HtmlAttribute[];
  /** Where the name ends: attributes may be added there. */
  nameEnd: number;
  /** Just past the `>`. */
  end: number;
}

const isSpace = (char: string | undefined) => char === ' ' || char === '\t' || char === '\n' || char === '\f' || char === '\r';
const isAsciiLetter = (char: string | undefined) => char !== undefined && /^[A-Za-z]$/.test(char);
/** Lower case as HTML has it: ASCII letters only. */
const asciiLowerCase = (text: string) => text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());

/** Whether a tag starts at `at`: `<` and an ASCII letter, or `</` and one. */
export function startsTag(text: string, at: number): boolean {
  return text[at] === '<' && (isAsciiLetter(text[at + 1]) || (text[at + 1] === '/' && isAsciiLetter(text[at + 2])));
}

/** How a tag is read. */
export interface TagReading {
  /**
   * Give up at a `<` in the tag's name, an attribute's name or an unquoted value, where a reader
   * that takes such a tag as cut would throw it away anyway: reading on to the `>` of whatever
   * follows, from every `<` of a run of cut tags (`</a</a</a…`), costs the square of its length.
   */
  cutAtLessThan?: boolean;
  /**
   * Where the text's last `>` is, when the caller knows it (found once per text): a tag that
   * starts after it runs to the end, and is refused without being read.
   */
  lastClose?: number;
}

/** The tag whose `<` is at `at`, or undefined when none starts there or it runs to the end of the text. */
export function readHtmlTag(text: string, at: number, reading: TagReading = {}): HtmlTag | undefined {
  if (!startsTag(text, at)) return undefined;
  if (reading.lastClose !== undefined && at > reading.lastClose) return undefined;
  const stop = reading.cutAtLessThan === true;
  const closing = text[at + 1] === '/';
  let position = at + (closing ? 2 : 1);
  const nameStart = position;
  while (position < text.length && !isSpace(text[position]) && text[position] !== '/' && text[position] !== '>') {
    if (stop && text[position] === '<') return undefined;
    position += 1;
  }
  const tag: HtmlTag = {
    name: asciiLowerCase(text.slice(nameStart, position)),
    closing,
    selfClosing: false,
    attributes: [],
    nameEnd: position,
    end: -1,
  };
  for (;;) {
    while (isSpace(text[position])) position += 1;
    if (position >= text.length) return undefined;
    if (text[position] === '>') return { ...tag, end: position + 1 };
    if (text[position] === '/') {
      if (text[position + 1] === '>') return { ...tag, selfClosing: true, end: position + 2 };
      position += 1;
      continue;
    }
    const attribute = readAttribute(text, position, stop);
    if (!attribute) return undefined;
    tag.attributes.push(attribute.attribute);
    position = attribute.end;
  }
}

/**
 * The attribute whose name starts at `at`, and where it ends; undefined when a quoted value is
 * never closed, or when `stop` and a `<` is in its name or unquoted value.
 */
function readAttribute(text: string, at: number, stop: boolean): { attribute: HtmlAttribute; end: number } | undefined {
  // The first character of a name may be `=`; after it, `=` ends the name.
  if (stop && text[at] === '<') return undefined;
  let position = at + 1;
  while (position < text.length && !isSpace(text[position]) && text[position] !== '/' && text[position] !== '>' && text[position] !== '=') {
    if (stop && text[position] === '<') return undefined;
    position += 1;
  }
  const name = asciiLowerCase(text.slice(at, position));
  const nameEnd = position;
  while (isSpace(text[position])) position += 1;
  if (text[position] !== '=') return { attribute: { name, value: '', valueStart: -1, quote: undefined }, end: nameEnd };
  position += 1;
  while (isSpace(text[position])) position += 1;
  const quote = text[position];
  if (quote === '"' || quote === "'") {
    const close = text.indexOf(quote, position + 1);
    if (close === -1) return undefined;
    return { attribute: { name, value: text.slice(position + 1, close), valueStart: position + 1, quote }, end: close + 1 };
  }
  const start = position;
  while (position < text.length && !isSpace(text[position]) && text[position] !== '>') {
    if (stop && text[position] === '<') return undefined;
    position += 1;
  }
  return { attribute: { name, value: text.slice(start, position), valueStart: start, quote: '' }, end: position };
}

/** The attributes a browser keeps: the first of each name. */
export function firstOfEachName(attributes: readonly HtmlAttribute[]): HtmlAttribute[] {
  const seen = new Set<string>();
  return attributes.filter(({ name }) => !seen.has(name) && seen.add(name) !== undefined);
}

/**
 * Text inside a paragraph, heading or table cell as kramdown (Jekyll's Markdown, GFM input)
 * reads it, where CommonMark reads it otherwise:
 *
 * - **Emphasis** by kramdown's rule, not CommonMark's flanking rules: `**` opens where no space
 *   follows and closes at the next `**` with no space before it, whatever the punctuation
 *   around. CommonMark leaves `**文｜**龚菁琦` as asterisks, because its closing `**` sits between
 *   a punctuation mark and a letter; kramdown makes it bold. An `_` after a letter (or a letter
 *   and a hyphen) opens nothing, and one before a letter or digit closes nothing. A `**` that closes
 *   nowhere opens an emphasis at its second `*`, and kramdown drops the first.
 * - **Strikethrough** only with `~~` (GFM's single `~` is text: "40~65 元…25~45 元" is a range),
 *   and by kramdown's pattern: `~~`, no space or `~` after it, up to the next `~~` with no space
 *   or `~` before it.
 * - **Typography**: straight quotes become curly ones by kramdown's rules (a quote after a
 *   letter or punctuation closes, so `说"好"` shows `说”好”` as it did), `---` an em dash, `--` an
 *   en dash, `...` an ellipsis, `<<` and `>>` guillemets.
 *
 * CommonMark's parse (satteri's tree) is kept for everything else: code, links, images, HTML,
 * line breaks. Its emphasis is undone into the delimiters it was written with, and the text with
 * those delimiters is read again by kramdown's rules. Escaped characters (`\*`) and entities
 * stay text; a backslash before a character kramdown does not escape (`\&`) stays too.
 */

/** The part of an mdast node this module reads and writes. */
export interface PhrasingNode {
  type: string;
  value?: string;
  url?: string;
  children?: PhrasingNode[];
  position?: { start: { offset?: number }; end: { offset?: number } } | undefined;
  [key: string]: unknown;
}

// Stand-ins in the working text: a node kept as it is (code, a link, HTML), and a character that
// was escaped or written as an entity (text, never a delimiter or a quote).
const ATOM = '\uFFFC';
const LITERAL = '\uE000';

interface Flat {
  text: string;
  /**
   * The text's last characters. Read from `text`, which grows by many small appends, they would
   * make V8 flatten the whole text each time: a body of many tags would cost the square of its length.
   */
  tail: string;
  atoms: Map<number, PhrasingNode>;
  literals: Map<number, string>;
  /** The first source characters of each atom and stand-in, for what a quote or delimiter sees after it. */
  atomStarts: Map<number, string>;
  /** The last source character of each atom and stand-in, for what a delimiter sees before it. */
  atomEnds: Map<number, string>;
  /** Whether the text differs from CommonMark's: a backslash kept, a tag read as text. */
  rewritten: boolean;
}

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
// The characters a backslash escapes in kramdown's GFM parser.
const KRAMDOWN_ESCAPABLE = /[\\.*_+`<>()[\]{}#!:|"'$=\-~]/;
// kramdown's patterns are Ruby's, where `\s` is ASCII white space only: a no-break space
// (U+00A0) or an ideographic space is text, so `**蔬菜铺\u00a0**` is bold.
const SPACE = /[ \t\n\r\f\v]/;
const ENTITY = /^&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/;
const CONTAINERS_WITH_TEXT = new Set(['link', 'linkReference']);

/** The children of a phrasing container, read again by kramdown's span rules. */
export function kramdownPhrasing(children: readonly PhrasingNode[], source: string): PhrasingNode[] {
  const flat: Flat = {
    text: '',
    tail: '',
    atoms: new Map(),
    literals: new Map(),
    atomStarts: new Map(),
    atomEnds: new Map(),
    rewritten: false,
  };
  flatten(children, source, flat);
  if (!flat.rewritten && !/[*_~"'<>.-]/.test(flat.text)) return children.map((child) => withPhrasing(child, source));
  const items = new SpanParser(flat).parse(0, flat.text.length);
  return toNodes(items, flat, source);
}

/** A node with the phrasing inside it (a link's text) read by kramdown's rules too. */
function withPhrasing(node: PhrasingNode, source: string): PhrasingNode {
  if (!CONTAINERS_WITH_TEXT.has(node.type) || !node.children) return node;
  return { ...node, children: kramdownPhrasing(node.children, source) };
}

function flatten(nodes: readonly PhrasingNode[], source: string, flat: Flat): void {
  for (const node of nodes) {
    if (node.type === 'text') {
      pushText(node, source, flat);
      continue;
    }
    const delimiters =
      node.type === 'emphasis' || node.type === 'strong' || node.type === 'delete' ? delimitersOf(node, source) : undefined;
    if (delimiters && node.children) {
      append(flat, delimiters.open);
      flatten(node.children, source, flat);
      append(flat, delimiters.close);
      continue;
    }
    if (node.type === 'html' && /^<[A-Za-z]/.test(node.value ?? '') && /(?:^|[^<])(?:<<)*<$/.test(flat.tail)) {
      // kramdown reads `<<` as a guillemet before it looks for a tag: `<<b>>` is «b», no <b> tag.
      append(flat, node.value ?? '');
      flat.rewritten = true;
      continue;
    }
    const at = flat.text.length;
    flat.atoms.set(at, withPhrasing(node, source));
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    flat.atomStarts.set(at, start === undefined || end === undefined ? 'x' : source.slice(start, Math.min(end, start + 4)) || 'x');
    flat.atomEnds.set(at, end === undefined ? 'x' : (source[end - 1] ?? 'x'));
    append(flat, ATOM);
  }
}

/** The delimiters an emphasis, strong or strikethrough node was written with, read from the source. */
function delimitersOf(node: PhrasingNode, source: string): { open: string; close: string } | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined) return undefined;
  const char = source[start];
  if (char !== '*' && char !== '_' && char !== '~') return undefined;
  const length = node.type === 'strong' ? 2 : node.type === 'emphasis' ? 1 : source[start + 1] === '~' ? 2 : 1;
  const open = source.slice(start, start + length);
  const close = source.slice(end - length, end);
  if (open !== char.repeat(length) || close !== open) return undefined;
  return { open, close };
}

const TAIL_LENGTH = 40;

function append(flat: Flat, text: string): void {
  flat.text += text;
  flat.tail = text.length >= TAIL_LENGTH ? text.slice(-TAIL_LENGTH) : (flat.tail + text).slice(-TAIL_LENGTH);
}

/** Appends a text node, marking the characters the source escaped or wrote as entities. */
function pushText(node: PhrasingNode, source: string, flat: Flat): void {
  const value = node.value ?? '';
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  const written = start === undefined || end === undefined ? value : source.slice(start, end);
  if (written === value) {
    append(flat, value);
    return;
  }
  let i = 0;
  let j = 0;
  while (i < value.length) {
    const char = value[i]!;
    if (written[j] === '\\' && written[j + 1] === char && ASCII_PUNCTUATION.test(char)) {
      if (!KRAMDOWN_ESCAPABLE.test(char)) {
        // kramdown escapes fewer characters than CommonMark: `\&` is a backslash and an `&`.
        append(flat, '\\');
        flat.rewritten = true;
        j += 1;
        continue;
      }
      flat.literals.set(flat.text.length, char);
      flat.atomStarts.set(flat.text.length, `\\${char}`);
      flat.atomEnds.set(flat.text.length, char);
      append(flat, LITERAL);
      i += 1;
      j += 2;
    } else if (written[j] === '&' && ENTITY.test(written.slice(j, j + 40))) {
      const entity = ENTITY.exec(written.slice(j, j + 40))![0];
      const width = (value.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
      flat.literals.set(flat.text.length, value.slice(i, i + width));
      flat.atomStarts.set(flat.text.length, entity);
      flat.atomEnds.set(flat.text.length, ';');
      append(flat, LITERAL);
      i += width;
      j += entity.length;
    } else if (written[j] === char) {
      append(flat, char);
      i += 1;
      j += 1;
    } else if (j < written.length && /[\s>]/.test(written[j]!)) {
      // Indentation and block-quote markers of continuation lines are not in the text.
      j += 1;
    } else {
      append(flat, value.slice(i));
      return;
    }
  }
}

type Item =
  | { kind: 'text'; from: number; to: number }
  | { kind: 'atom'; at: number }
  | { kind: 'element'; type: string; children: Item[]; from?: number; to?: number };

// kramdown's closing-strikethrough pattern, from an opening `~~`.
const STRIKETHROUGH = /~~(?![ \t\n\r\f\v~])[\s\S]*?[^ \t\n\r\f\v~]~~/y;

// Ruby's `[[:alpha:]]` and `[[:alnum:]]`, which are Unicode (`\w` and `\s` are ASCII only).
const ALPHA = /\p{Alphabetic}/u;
const ALNUM = /[\p{Alphabetic}\p{Nd}]/u;

interface Stop {
  delimiter: string;
  type: string;
  char: string;
}

/** kramdown's span parsing of emphasis and strikethrough, over the working text. */
class SpanParser {
  readonly #flat: Flat;
  readonly #text: string;
  // The elements being parsed, innermost last: no strong in a strong, no emphasis in an emphasis.
  #open: string[] = [];
  // Where the text kramdown reads starts: a strikethrough's content is read as a text of its own.
  #floor = 0;
  /**
   * Positions from which an element's content was read to the end without finding its closing
   * delimiter, by the element and what is open around it. Reading from there again would fail
   * the same way: kramdown's reading depends on nothing else. Without this, a paragraph with
   * thousands of `*` that close nowhere takes cubic time.
   */
  readonly #failed = new Map<string, Uint8Array>();

  constructor(flat: Flat) {
    this.#flat = flat;
    this.#text = flat.text;
  }

  parse(from: number, to: number): Item[] {
    return this.#spans(from, to, undefined).items;
  }

  /** The source character before `at` as kramdown sees it, or undefined at the start of its text. */
  #before(at: number): string {
    if (at <= this.#floor) return '';
    const char = this.#text[at - 1]!;
    return char === ATOM || char === LITERAL ? (this.#flat.atomEnds.get(at - 1) ?? 'x') : char;
  }

  /** The source character at `at` as kramdown sees it, or '' at the end of its text. */
  #at(at: number, to: number): string {
    if (at >= to) return '';
    const char = this.#text[at]!;
    return char === ATOM || char === LITERAL ? (this.#flat.atomStarts.get(at)?.[0] ?? 'x') : char;
  }

  /**
   * Items from `from` until `to`, or until `stop` closes the element being parsed; `found` tells
   * whether it did, and `at` where parsing ended (before the closing delimiter).
   */
  #spans(from: number, to: number, stop: Stop | undefined) {
    const text = this.#text;
    const items: Item[] = [];
    let textFrom = from;
    const flushText = (until: number) => {
      if (until > textFrom) items.push({ kind: 'text', from: textFrom, to: until });
    };
    let failed: Uint8Array | undefined;
    if (stop) {
      const key = `${stop.delimiter}|${stop.type}|${this.#open.join(',')}|${to}|${this.#floor}`;
      failed = this.#failed.get(key);
      if (!failed) {
        failed = new Uint8Array(text.length + 1);
        this.#failed.set(key, failed);
      }
    }
    const visited: number[] = [];
    const fail = () => {
      if (failed) for (const position of visited) failed[position] = 1;
      return { items, found: false, at: to };
    };
    let at = from;
    while (at < to) {
      if (failed) {
        if (failed[at] === 1) return fail();
        visited.push(at);
      }
      const char = text[at]!;
      if (stop && text.startsWith(stop.delimiter, at) && this.#closes(stop, at, to, items.length > 0 || at > textFrom)) {
        flushText(at);
        return { items, found: true, at };
      }
      if (char === ATOM) {
        flushText(at);
        items.push({ kind: 'atom', at });
        at += 1;
        textFrom = at;
        continue;
      }
      if (char === '*' || char === '_') {
        const emphasis = this.#emphasis(at, to);
        if (emphasis) {
          flushText(at);
          items.push(emphasis.item);
          at = emphasis.next;
          textFrom = at;
          continue;
        }
        // Not an emphasis: its delimiter is text.
        at += text[at + 1] === char && at + 1 < to ? 2 : 1;
        continue;
      }
      if (char === '~' && text[at + 1] === '~') {
        STRIKETHROUGH.lastIndex = at;
        const match = STRIKETHROUGH.exec(text);
        if (match && at + match[0].length <= to) {
          flushText(at);
          // kramdown reads the content as a text of its own, with nothing open around it.
          const outer = { open: this.#open, floor: this.#floor };
          this.#open = [];
          this.#floor = at + 2;
          const inner = this.#spans(at + 2, at + match[0].length - 2, undefined).items;
          this.#open = outer.open;
          this.#floor = outer.floor;
          items.push({ kind: 'element', type: 'delete', children: inner, from: at + 2, to: at + match[0].length - 2 });
          at += match[0].length;
          textFrom = at;
          continue;
        }
      }
      at += 1;
    }
    if (stop) return fail();
    flushText(to);
    return { items, found: false, at: to };
  }

  /** Whether `stop`'s delimiter at `at` closes the element, by kramdown's conditions. */
  #closes(stop: Stop, at: number, to: number, hasContent: boolean): boolean {
    const text = this.#text;
    if (!hasContent || SPACE.test(this.#before(at))) return false;
    // A single delimiter before a double one does not close an emphasis, unless it is a triple.
    if (stop.type === 'emphasis' && text.startsWith(stop.char + stop.char, at) && this.#at(at + 2, to) !== stop.char) return false;
    if (stop.char === '_' && ALNUM.test(this.#at(at + stop.delimiter.length, to))) return false;
    return true;
  }

  /** An emphasis or strong element opening at `at`, or undefined when its delimiter is text. */
  #emphasis(at: number, to: number): { item: Item; next: number } | undefined {
    const text = this.#text;
    const char = text[at]!;
    const double = text[at + 1] === char && at + 1 < to;
    const type = double ? 'strong' : 'emphasis';
    const contentStart = at + (double ? 2 : 1);
    // An `_` right after a letter, or after a letter and a hyphen, opens nothing.
    if (char === '_') {
      const before = this.#before(at);
      if (ALPHA.test(before) || (before === '-' && ALPHA.test(this.#before(at - 1)))) return undefined;
    }
    if (SPACE.test(this.#at(contentStart, to))) return undefined;
    if (this.#open.includes(type)) return undefined;
    const attempt = (delimiter: string, kind: string, from: number) => {
      this.#open.push(kind);
      const result = this.#spans(from, to, { delimiter, type: kind, char });
      this.#open.pop();
      return result;
    };
    let delimiter = double ? char + char : char;
    let kind = type;
    let result = attempt(delimiter, kind, contentStart);
    if (!result.found && kind === 'strong' && this.#open.at(-1) !== 'emphasis') {
      // `**` that closes nowhere may still open an emphasis, whose content starts at its second
      // `*`; kramdown drops the first `*` then.
      delimiter = char;
      kind = 'emphasis';
      result = attempt(delimiter, kind, at + 1);
    }
    if (!result.found) return undefined;
    return { item: { kind: 'element', type: kind, children: result.items }, next: result.at + delimiter.length };
  }
}

/**
 * The mdast nodes of parsed items, with typography applied to their text; `end` is where the
 * text kramdown reads ends (a strikethrough's content is a text of its own).
 */
function toNodes(items: readonly Item[], flat: Flat, source: string, end = flat.text.length): PhrasingNode[] {
  const nodes: PhrasingNode[] = [];
  for (const item of items) {
    if (item.kind === 'atom') nodes.push(flat.atoms.get(item.at)!);
    else if (item.kind === 'element') nodes.push({ type: item.type, children: toNodes(item.children, flat, source, item.to ?? end) });
    else {
      const value = restoreLiterals(typographic(flat, item.from, item.to, end), item.from, flat);
      const last = nodes.at(-1);
      if (last?.type === 'text' && last.position === undefined) last.value = `${last.value ?? ''}${value}`;
      else nodes.push({ type: 'text', value });
    }
  }
  return nodes;
}

/** The text of `from`..`to` with each stand-in for an escaped character replaced by that character. */
function restoreLiterals(text: string, from: number, flat: Flat): string {
  if (!text.includes(LITERAL)) return text;
  // Typography never adds or removes a stand-in, so they come in the order they were set.
  const literals = [...flat.literals].filter(([at]) => at >= from).map(([, char]) => char);
  let index = 0;
  return text.replace(new RegExp(LITERAL, 'g'), () => literals[index++] ?? '');
}

// kramdown's typographic symbols, longest first.
const SYMBOLS: readonly [string, string][] = [
  ['---', '\u2014'],
  ['--', '\u2013'],
  ['...', '\u2026'],
  ['<< ', '\u00ab\u00a0'],
  [' >>', '\u00a0\u00bb'],
  ['<<', '\u00ab'],
  ['>>', '\u00bb'],
];
// Characters that start another kramdown span parser: a quote right after one has no character before it.
// (`<`, `&`, `{`, `$` and `!` start theirs only before other characters than a quote.)
const STARTS_A_SPAN = new Set(['*', '_', '[', '`', '\\', ATOM, LITERAL]);
// The punctuation of kramdown's quote rules, and the characters after which a quote does not close.
const QUOTE_PUNCTUATION = /[!"#$%'()*+,\-./:;<=>?@[\\\]^_`{|}~]/;
const NOT_BEFORE_CLOSING = /[ \\\t\r\n[{(-]/;
const WORD = /[A-Za-z0-9_]/;
// What Ruby's `\b` takes for a word character: unlike `\w`, any letter or digit.
const UNICODE_WORD = /[\p{Alphabetic}\p{M}\p{Nd}\p{Pc}]/u;
const isWordChar = (char: string | undefined) => char !== undefined && char !== '' && UNICODE_WORD.test(char);

/** The text of `from`..`to` with kramdown's smart quotes and typographic symbols. */
function typographic(flat: Flat, from: number, to: number, end: number): string {
  const text = flat.text;
  let out = '';
  let at = from;
  // What a quote at `at` sees after it: the working text, with each atom as its first source character.
  const after = (index: number) => {
    let seen = '';
    for (let k = index; k < end && seen.length < 4; k += 1)
      seen += text[k] === ATOM || text[k] === LITERAL ? (flat.atomStarts.get(k) ?? 'x') : text[k];
    return seen;
  };
  while (at < to) {
    const char = text[at]!;
    const next = text[at + 1];
    if (char === '"' || char === "'") {
      const quote = smartQuote(char, undefined, after(at + 1));
      out += quote.text;
      at += quote.length;
      continue;
    }
    if ((next === '"' || next === "'") && at + 1 < to && !STARTS_A_SPAN.has(char)) {
      const quote = smartQuote(next, char, after(at + 2));
      out += char + quote.text;
      at += 1 + quote.length;
      continue;
    }
    const symbol = SYMBOLS.find(([written]) => text.startsWith(written, at) && at + written.length <= to);
    if (symbol) {
      out += symbol[1];
      at += symbol[0].length;
      continue;
    }
    out += char;
    at += 1;
  }
  return out;
}

const CURLY: Record<string, { left: string; right: string }> = {
  '"': { left: '\u201c', right: '\u201d' },
  "'": { left: '\u2018', right: '\u2019' },
};

/**
 * A straight quote as kramdown's rules make it: `before` is the character before it when kramdown
 * reads one (none at the start of a text or after another span), `rest` what follows. `length`
 * counts the quotes taken (two for `"'` and `'"` before a word).
 */
function smartQuote(quote: string, before: string | undefined, rest: string): { text: string; length: number } {
  const curly = CURLY[quote]!;
  const other = quote === '"' ? "'" : '"';
  const spaceOrNone = before === undefined || SPACE.test(before);
  if (before === undefined) {
    if (/^[_*]{1,2}[^ \t\n\r\f\v]/.test(rest)) return { text: curly.left, length: 1 };
    // Before punctuation (not before `...`) with no word boundary after it.
    if (QUOTE_PUNCTUATION.test(rest[0] ?? '') && rest.slice(1, 3) !== '..' && isWordChar(rest[0]) === isWordChar(rest[1]))
      return { text: curly.right, length: 1 };
  }
  if (spaceOrNone && rest[0] === other && WORD.test(rest[1] ?? '')) return { text: curly.left + CURLY[other]!.left, length: 2 };
  if (spaceOrNone && quote === "'" && /^\d\ds/.test(rest)) return { text: curly.right, length: 1 };
  if (before !== undefined && SPACE.test(before) && WORD.test(rest[0] ?? '')) return { text: curly.left, length: 1 };
  if (before !== undefined && !NOT_BEFORE_CLOSING.test(before)) return { text: curly.right, length: 1 };
  // Two quotes: the first is the character the second closes after, and stays straight.
  if (before === undefined && (rest[0] === '"' || rest[0] === "'")) return { text: quote + CURLY[rest[0]]!.right, length: 2 };
  if (before === undefined && (rest === '' || SPACE.test(rest[0]!) || (rest[0] === 's' && !isWordChar(rest[1]))))
    return { text: curly.right, length: 1 };
  return { text: curly.left, length: 1 };
}

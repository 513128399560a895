/**
 * Text inside a paragraph, heading or table cell as kramdown (Jekyll's Markdown, GFM input)
 * reads it, where CommonMark reads it otherwise:
 *
 * - **Emphasis** by kramdown's rule, not CommonMark's flanking rules: `**` opens where no space
 *   follows and closes at the next `**` with no space before it, whatever the punctuation
 *   around. CommonMark leaves `**文｜**龚菁琦` as asterisks, because its closing `**` sits between
 *   a punctuation mark and a letter; kramdown makes it bold. An `_` after a letter opens nothing.
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
 * stay text.
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
  atoms: Map<number, PhrasingNode>;
  literals: Map<number, string>;
  /** The first source character of each atom, for what a quote sees after it. */
  atomStarts: Map<number, string>;
}

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
// kramdown's patterns are Ruby's, where `\s` is ASCII white space only: a no-break space
// (U+00A0) or an ideographic space is text, so `**蔬菜铺\u00a0**` is bold.
const SPACE = /[ \t\n\r\f\v]/;
const ENTITY = /^&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/;
const CONTAINERS_WITH_TEXT = new Set(['link', 'linkReference']);

/** The children of a phrasing container, read again by kramdown's span rules. */
export function kramdownPhrasing(children: readonly PhrasingNode[], source: string): PhrasingNode[] {
  const flat: Flat = { text: '', atoms: new Map(), literals: new Map(), atomStarts: new Map() };
  flatten(children, source, flat);
  if (!/[*_~"'<>.-]/.test(flat.text)) return children.map((child) => withPhrasing(child, source));
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
      flat.text += delimiters.open;
      flatten(node.children, source, flat);
      flat.text += delimiters.close;
      continue;
    }
    const at = flat.text.length;
    flat.atoms.set(at, withPhrasing(node, source));
    const start = node.position?.start.offset;
    flat.atomStarts.set(at, start === undefined ? 'x' : (source[start] ?? 'x'));
    flat.text += ATOM;
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

/** Appends a text node, marking the characters the source escaped or wrote as entities. */
function pushText(node: PhrasingNode, source: string, flat: Flat): void {
  const value = node.value ?? '';
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  const written = start === undefined || end === undefined ? value : source.slice(start, end);
  if (written === value) {
    flat.text += value;
    return;
  }
  let i = 0;
  let j = 0;
  while (i < value.length) {
    const char = value[i]!;
    if (written[j] === '\\' && written[j + 1] === char && ASCII_PUNCTUATION.test(char)) {
      flat.literals.set(flat.text.length, char);
      flat.text += LITERAL;
      i += 1;
      j += 2;
    } else if (written[j] === '&' && ENTITY.test(written.slice(j, j + 40))) {
      const entity = ENTITY.exec(written.slice(j, j + 40))![0];
      const width = (value.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
      flat.literals.set(flat.text.length, value.slice(i, i + width));
      flat.text += LITERAL;
      i += width;
      j += entity.length;
    } else if (written[j] === char) {
      flat.text += char;
      i += 1;
      j += 1;
    } else if (j < written.length && /[\s>]/.test(written[j]!)) {
      // Indentation and block-quote markers of continuation lines are not in the text.
      j += 1;
    } else {
      flat.text += value.slice(i);
      return;
    }
  }
}

type Item = { kind: 'text'; from: number; to: number } | { kind: 'atom'; at: number } | { kind: 'element'; type: string; children: Item[] };

// kramdown's closing-strikethrough pattern, from an opening `~~`.
const STRIKETHROUGH = /~~(?![ \t\n\r\f\v~])[\s\S]*?[^ \t\n\r\f\v~]~~/y;

/** kramdown's span parsing of emphasis and strikethrough, over the working text. */
class SpanParser {
  readonly #text: string;
  // The elements being parsed, innermost last: no strong in a strong, no emphasis in an emphasis.
  #open: string[] = [];

  constructor(flat: Flat) {
    this.#text = flat.text;
  }

  parse(from: number, to: number): Item[] {
    return this.#spans(from, to, undefined).items;
  }

  /**
   * Items from `from` until `to`, or until `stop` closes the element being parsed; `found` tells
   * whether it did, and `at` where parsing ended (before the closing delimiter).
   */
  #spans(from: number, to: number, stop: { delimiter: string; type: string; char: string } | undefined) {
    const text = this.#text;
    const items: Item[] = [];
    let textFrom = from;
    const flushText = (until: number) => {
      if (until > textFrom) items.push({ kind: 'text', from: textFrom, to: until });
    };
    let at = from;
    while (at < to) {
      const char = text[at]!;
      if (stop && text.startsWith(stop.delimiter, at) && this.#closes(stop, at, items.length > 0 || at > textFrom)) {
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
          items.push(...emphasis.items);
          at = emphasis.next;
          textFrom = at;
          continue;
        }
        // Not an emphasis: its delimiter is text.
        at += text.startsWith(char + char, at) ? 2 : 1;
        continue;
      }
      if (char === '~' && text[at + 1] === '~') {
        STRIKETHROUGH.lastIndex = at;
        const match = STRIKETHROUGH.exec(text);
        if (match && at + match[0].length <= to) {
          flushText(at);
          const outer = this.#open;
          this.#open = [];
          const inner = this.#spans(at + 2, at + match[0].length - 2, undefined).items;
          this.#open = outer;
          items.push({ kind: 'element', type: 'delete', children: inner });
          at += match[0].length;
          textFrom = at;
          continue;
        }
      }
      at += 1;
    }
    flushText(to);
    return { items, found: false, at: to };
  }

  /** Whether `stop`'s delimiter at `at` closes the element, by kramdown's conditions. */
  #closes(stop: { delimiter: string; type: string; char: string }, at: number, hasContent: boolean): boolean {
    const text = this.#text;
    if (!hasContent || SPACE.test(text[at - 1] ?? ' ')) return false;
    const after = at + stop.delimiter.length;
    // A single delimiter before a double one does not close an emphasis, unless it is a triple.
    if (stop.type === 'emphasis' && text.startsWith(stop.char + stop.char, at) && text[at + 2] !== stop.char) return false;
    if (stop.char === '_' && /[\p{L}\p{M}\p{Nd}]/u.test(text[after] ?? '')) return false;
    return true;
  }

  /** An emphasis or strong element opening at `at` (after text, for `**` read as `*` and `*…*`), or undefined when its delimiter is text. */
  #emphasis(at: number, to: number): { items: Item[]; next: number } | undefined {
    const text = this.#text;
    const char = text[at]!;
    const double = text[at + 1] === char;
    const type = double ? 'strong' : 'emphasis';
    const contentStart = at + (double ? 2 : 1);
    if (char === '_' && /[\p{L}\p{M}\p{Nd}]/u.test(text[at - 1] ?? '')) return undefined;
    if (SPACE.test(text[contentStart] ?? '')) return undefined;
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
      // `**` that closes nowhere may still open an emphasis at its second `*`.
      delimiter = char;
      kind = 'emphasis';
      result = attempt(delimiter, kind, at + 1);
      if (!result.found) return undefined;
      return {
        items: [
          { kind: 'text', from: at, to: at + 1 },
          { kind: 'element', type: kind, children: result.items },
        ],
        next: result.at + 1,
      };
    }
    if (!result.found) return undefined;
    return { items: [{ kind: 'element', type: kind, children: result.items }], next: result.at + delimiter.length };
  }
}

/** The mdast nodes of parsed items, with typography applied to their text. */
function toNodes(items: readonly Item[], flat: Flat, source: string): PhrasingNode[] {
  const nodes: PhrasingNode[] = [];
  for (const item of items) {
    if (item.kind === 'atom') nodes.push(flat.atoms.get(item.at)!);
    else if (item.kind === 'element') nodes.push({ type: item.type, children: toNodes(item.children, flat, source) });
    else {
      const value = restoreLiterals(typographic(flat, item.from, item.to), item.from, flat);
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
const STARTS_A_SPAN = new Set(['*', '_', '[', '<', '`', '&', '!', '\\', '{', '$', ATOM, LITERAL]);
// The punctuation of kramdown's quote rules, and the characters after which a quote does not close.
const QUOTE_PUNCTUATION = /[!"#$%'()*+,\-./:;<=>?@[\\\]^_`{|}~]/;
const NOT_BEFORE_CLOSING = /[ \\\t\r\n[{(-]/;
const WORD = /[A-Za-z0-9_]/;

/** The text of `from`..`to` with kramdown's smart quotes and typographic symbols. */
function typographic(flat: Flat, from: number, to: number): string {
  const text = flat.text;
  let out = '';
  let at = from;
  // What a quote at `at` sees after it: the working text, with each atom as its first source character.
  const after = (index: number) => {
    let seen = '';
    for (let k = index; k < text.length && seen.length < 4; k += 1) seen += text[k] === ATOM ? (flat.atomStarts.get(k) ?? 'x') : text[k];
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
    if (QUOTE_PUNCTUATION.test(rest[0] ?? '') && !rest.startsWith('..') && !WORD.test(rest[1] ?? ''))
      return { text: curly.right, length: 1 };
  }
  if (spaceOrNone && rest[0] === other && WORD.test(rest[1] ?? '')) return { text: curly.left + CURLY[other]!.left, length: 2 };
  if (spaceOrNone && quote === "'" && /^\d\ds/.test(rest)) return { text: curly.right, length: 1 };
  if (before !== undefined && SPACE.test(before) && WORD.test(rest[0] ?? '')) return { text: curly.left, length: 1 };
  if (before !== undefined && !NOT_BEFORE_CLOSING.test(before)) return { text: curly.right, length: 1 };
  if (before === undefined && (rest === '' || /^(?:[ \t\n\r\f\v]|s(?![A-Za-z0-9_]))/.test(rest))) return { text: curly.right, length: 1 };
  return { text: curly.left, length: 1 };
}

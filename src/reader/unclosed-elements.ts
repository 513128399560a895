/**
 * Elements a body opens and never closes, where that changes the text after them on the page.
 * Jekyll published such HTML as written and browsers repaired it their way; xinwen's pages show
 * the sanitized body, whose parser repairs it first, so what a reader sees follows from both:
 *
 * - The sanitizer's parser (htmlparser2) closes an element left open at the end tag of an element
 *   around it (`<p><b>粗</p>` is `<p><b>粗</b></p>`, harmless), or at the end of the body; a block
 *   that starts while it is open is put inside it (`<p><b>粗<p>后文` becomes `<p><b>粗<p>后文</p></b></p>`).
 * - The browser then reads that: a formatting element (WHATWG § 13.2.4.3: `b`, `strong`, `i`, `em`,
 *   `u`, `s`, `small`, `code`, `a`…) is popped when a new block closes the `<p>` it was in and
 *   reconstructed in the next text, so the bold goes on paragraph after paragraph; other elements
 *   (`mark`, `sub`, `del`…) carry on only where the block is nested in them; a container (`table`,
 *   `blockquote`, `ul`, `pre`, `h2`…) left open takes in what follows it, and a table moves what
 *   lands in it outside its cells to before it (foster parenting).
 *
 * So the body is read the way the page is made: Markdown rendered, the sanitizer's repairs and its
 * parser (each element knowing its file line from an attribute added for this reading only), then
 * a browser's tree construction for the parts that matter here. An element is named when it was
 * closed only implicitly and text after the block it was opened in is shown in it. Elements the
 * sanitizer drops (`font`, `big`, `strike`…) and ones that change nothing (`span`) never are; nor
 * are `<p>`, `<li>`, `<td>` and the others whose end tags are optional.
 *
 * Reading a body this way costs about as much as rendering it, so a cheap scan of its tags goes
 * first, and only a body where something may be left open is read in full.
 */
import sanitizeHtml from 'sanitize-html';
import { type Markup, markupOf } from '../lib/body-links';
import { readHtmlTag } from '../lib/html-tag';
import { repairBrokenHtml } from '../lib/sanitize';
import { bodyHtml, sanitizerFor } from './body';
import { bodyFirstLine } from './front-matter';
import { type Finding, finding } from '../lib/problem';
import { isHtmlExtension } from './file-name';

/** An element the page shows the following text in. */
export interface LeftOpen {
  /** As written (lower case). */
  name: string;
  /** File line of its start tag. */
  line: number;
  /** `inline`: carried into the following paragraphs; `container`: takes in what follows it. */
  kind: 'inline' | 'container';
}

/**
 * The warning at the first element of the body left open that changes the text after it, with
 * how many more there are; `text` is the whole file, `body` its body part, `markup` the body's
 * ({@link markupOf}), `extension` the file's (`html` bodies are not Markdown), `legacyHosts` the
 * sanitizer's.
 */
export function unclosedElementWarning(
  text: string,
  body: string,
  markup: Markup,
  extension: string,
  legacyHosts: readonly string[],
): Finding | undefined {
  const markdown = !isHtmlExtension(extension);
  if (!mayLeaveElementsOpen(body, markup, markdown)) return undefined;
  const [first, ...rest] = leftOpenElements(body, bodyFirstLine(text, body), extension, legacyHosts);
  if (!first) return undefined;
  const more = rest.length > 0 ? ` (and ${rest.length} more element${rest.length === 1 ? '' : 's'} left open)` : '';
  const shows =
    first.kind === 'inline'
      ? 'so the page shows the paragraphs after it in it too, as browsers carry it on'
      : 'so the page shows what follows it inside it';
  return finding(
    'body',
    `<${first.name}> is never closed, ${shows}${more}; close it with </${first.name}> where it should end`,
    first.line,
  );
}

// ---------------------------------------------------------------------------------------------
// A cheap first look

/** Elements that are never open: nothing goes in them. */
const VOID = new Set('area base basefont bgsound br col embed frame hr img input keygen link meta param source track wbr'.split(' '));
/** Elements whose end tags may be left out: the next of their kind, or their parent's end, closes them. */
const OPTIONAL_END = new Set(
  'p li dt dd td th tr thead tbody tfoot caption colgroup option optgroup rb rt rtc rp html head body'.split(' '),
);
/** Elements the sanitizer's repair reads in ways of their own (raw text, dropped contents, foreign content). */
const UNUSUAL = new Set(
  'iframe noembed noframes noscript title xmp plaintext template object applet frameset head select option svg math'.split(' '),
);
/** Markdown that ends what is open before it: a line (a block may start on the next), emphasis, a link's text, strikethrough. */
const MARKDOWN_BREAK = /[\n*_~[\]]/;

/**
 * Whether a body may leave an element open in a way that matters: false only when every element
 * it opens is closed by its own end tag, in order, within one line of Markdown and outside
 * Markdown's emphasis and links, with nothing the sanitizer's repair reads differently. A body
 * for which this is false gets no warning; one for which it is true is read in full.
 */
export function mayLeaveElementsOpen(body: string, markup: Markup, markdown: boolean): boolean {
  for (const part of markup.hidden) {
    // Unclosed, it hides the rest from this scan but not from the sanitizer's repair.
    if (part.closed === false) return true;
    // Code inside a block of HTML is no code to the renderer: a code span may be, and so may a
    // fence, unless a blank line (or the start of the body) comes before it.
    const inHtml = part.kind === 'code' || (part.kind === 'fence' && part.start > 0 && !/\n[ \t]*\n$/.test(body.slice(0, part.start)));
    if (inHtml && body.slice(part.start, part.end).includes('<')) return true;
  }
  // Counts beside the stack, so that a body of thousands of open elements is read in one pass.
  const open: string[] = [];
  const openByName = new Map<string, number>();
  let needingEnd = 0;
  const push = (name: string) => {
    open.push(name);
    openByName.set(name, (openByName.get(name) ?? 0) + 1);
    if (!OPTIONAL_END.has(name)) needingEnd += 1;
  };
  const popTo = (length: number) => {
    for (const name of open.splice(length)) {
      openByName.set(name, openByName.get(name)! - 1);
      if (!OPTIONAL_END.has(name)) needingEnd -= 1;
    }
  };
  let textStart = 0;
  for (const tag of markup.tags) {
    if (markdown && needingEnd > 0 && MARKDOWN_BREAK.test(body.slice(textStart, tag.start))) return true;
    textStart = tag.end;
    if (UNUSUAL.has(tag.name)) return true;
    if (!tag.closing) {
      if (!VOID.has(tag.name)) push(tag.name);
      continue;
    }
    // An end tag another reader may take as text closes nothing here.
    if (!tag.plain || tag.markdownText || !openByName.get(tag.name)) continue;
    const at = open.lastIndexOf(tag.name);
    if (open.slice(at + 1).some((name) => !OPTIONAL_END.has(name))) return true;
    popTo(at);
  }
  if (markdown && needingEnd > 0 && MARKDOWN_BREAK.test(body.slice(textStart))) return true;
  return needingEnd > 0;
}

// ---------------------------------------------------------------------------------------------
// The body as the page is made of it

// Added to every start tag of the body for this reading, so that each element knows its line.
const LINE_ATTRIBUTE = 'data-xinwen-line';

/** The body with its start tags marked with their file lines (unquoted, so a tag inside an attribute value keeps the value whole). */
function withLineMarks(body: string, markup: Markup, firstLine: number): string {
  let out = '';
  let last = 0;
  let line = firstLine;
  let counted = 0;
  for (const tag of markup.tags) {
    if (tag.closing) continue;
    for (let at = body.indexOf('\n', counted); at !== -1 && at < tag.start; at = body.indexOf('\n', at + 1)) {
      line += 1;
      counted = at + 1;
    }
    out += `${body.slice(last, tag.nameEnd)} ${LINE_ATTRIBUTE}=${line}`;
    last = tag.nameEnd;
  }
  return out + body.slice(last);
}

/** What the sanitizer's parser reports, in order. */
type Parsed =
  | { kind: 'open'; name: string; attribs: Record<string, string> }
  | { kind: 'close'; name: string; implied: boolean }
  | { kind: 'text'; text: string };

/** HTML as the sanitizer's parser reads it: the same library, with the sanitizer's parser options. */
function parse(html: string): Parsed[] {
  const events: Parsed[] = [];
  sanitizeHtml(html, {
    allowedTags: false,
    allowedAttributes: false,
    // Nothing is written out: this only reads, so allowing every tag exposes nothing.
    allowVulnerableTags: true,
    parser: { lowerCaseTags: true, lowerCaseAttributeNames: true },
    onOpenTag: (name, attribs) => events.push({ kind: 'open', name, attribs }),
    onCloseTag: (name, implied) => events.push({ kind: 'close', name, implied }),
    textFilter: (text) => {
      events.push({ kind: 'text', text });
      return '';
    },
  });
  return events;
}

/** What the sanitizer makes of an element: dropped with its content, dropped with its content kept, or kept as a (possibly other) element. */
type Sanitized = { kind: 'removed' } | { kind: 'unwrapped' } | { kind: 'kept'; name: string; attributes: ReadonlySet<string> };

/**
 * Asks the site's sanitizer itself what it does with an element (its policy is the one place that
 * knows), by sanitizing the element with one letter inside.
 */
function sanitizedElement(sanitize: (html: string) => string, name: string, attribs: Record<string, string>): Sanitized {
  const attributes = Object.entries(attribs)
    // A name no markup writes would make the probe another tag; such attributes are dropped anyway.
    .filter(([attribute]) => /^[^\s"'>/=]+$/.test(attribute))
    .map(([attribute, value]) => ` ${attribute}="${value.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`)
    .join('');
  const out = sanitize(`<${name}${attributes}>x</${name}>`);
  if (!out.includes('x')) return { kind: 'removed' };
  const tag = readHtmlTag(out, 0);
  if (!tag || tag.closing) return { kind: 'unwrapped' };
  // The attributes the sanitizer wrote a value for (it writes an empty one as a bare name).
  return {
    kind: 'kept',
    name: tag.name,
    attributes: new Set(tag.attributes.flatMap(({ name, quote }) => (quote === undefined ? [] : [name]))),
  };
}

/** The sanitizer's nesting limit: deeper tags are dropped, their text kept. */
const NESTING_LIMIT = 100;

/** An element of the body the page may show left open, and what the reading learns of it. */
interface Origin {
  name: string;
  line: number;
  kind: LeftOpen['kind'] | undefined;
  /** Closed by the sanitizer's parser at another element's end tag or at the end of the body. */
  closedImplicitly: boolean;
  /** The paragraph-or-block count when it first held text; undefined before. */
  blocksAtFirstText?: number | undefined;
  /** The blank-line-separated part of the file its start tag is in. */
  part: number;
  /** A block began in it that came from a later part of the file, or from Markdown. */
  laterBlockInside: boolean;
  /** A block began inside it (for headings, which never hold blocks). */
  blockInside: boolean;
  changesFollowingText: boolean;
}

/** What the page's parser gets: the sanitized body, each element with its origin when it has one. */
type PageToken =
  | { kind: 'start'; name: string; origin?: Origin | undefined }
  | { kind: 'end'; name: string }
  | { kind: 'text'; text: string };

const FORMATTING = new Set(['a', 'b', 'big', 'code', 'em', 'font', 'i', 'nobr', 's', 'small', 'strike', 'strong', 'tt', 'u']);
/** Phrasing elements other than the formatting ones that look different from the text around them. */
const VISIBLE_PHRASING = new Set(['mark', 'sub', 'sup', 'del', 'ins', 'q', 'cite', 'dfn', 'var', 'kbd', 'samp']);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const VISIBLE_CONTAINERS = new Set(['table', 'ul', 'ol', 'dl', 'blockquote', 'pre', 'figure', ...HEADINGS]);

/** How an element shows what it holds, as sanitized: undefined when it looks like the text around it. */
function visibleKind(sanitized: Extract<Sanitized, { kind: 'kept' }>): LeftOpen['kind'] | undefined {
  const { name, attributes } = sanitized;
  if (FORMATTING.has(name) || VISIBLE_PHRASING.has(name) || (name === 'abbr' && attributes.has('title'))) return 'inline';
  if (VISIBLE_CONTAINERS.has(name) || ((name === 'div' || name === 'p') && attributes.has('style'))) return 'container';
  return undefined;
}

/**
 * The elements of a body left open that change the text after them on the page, in file order;
 * `firstLine` is the file line the body starts on.
 */
export function leftOpenElements(body: string, firstLine: number, extension: string, legacyHosts: readonly string[]): LeftOpen[] {
  const markdown = !isHtmlExtension(extension);
  const marked = withLineMarks(body, markupOf(body, { markdown }), firstLine);
  const parsed = parse(repairBrokenHtml(bodyHtml(marked, extension)));
  const parts = partsOfLines(body);
  const tokens = pageTokens(parsed, sanitizerFor(legacyHosts), (line) => parts[line - firstLine] ?? 0);
  const origins = tokens.flatMap((token) => (token.kind === 'start' && token.origin ? [token.origin] : []));
  new PageParser().read(tokens);
  return origins
    .filter((origin) => origin.kind !== undefined && origin.closedImplicitly && origin.changesFollowingText)
    .map(({ name, line, kind }) => ({ name, line, kind: kind! }))
    .sort((a, b) => a.line - b.line);
}

/** For each line of the body, the blank-line-separated part of the file it is in. */
function partsOfLines(body: string): number[] {
  let part = 0;
  return body.split('\n').map((line) => {
    if (line.trim() === '') part += 1;
    return part;
  });
}

/** The sanitizer's parser's events as the tokens of the sanitized body, elements with their origins. */
function pageTokens(parsed: readonly Parsed[], sanitize: (html: string) => string, partOf: (line: number) => number): PageToken[] {
  const tokens: PageToken[] = [];
  const known = new Map<string, Sanitized>();
  // The parser's open elements: what the sanitizer made of each, and the origin it was given.
  const open: { name: string; sanitized: Sanitized; origin?: Origin | undefined }[] = [];
  let removedDepth = 0;
  for (const event of parsed) {
    if (event.kind === 'text') {
      if (removedDepth === 0) tokens.push({ kind: 'text', text: event.text });
      continue;
    }
    if (event.kind === 'open') {
      if (removedDepth > 0) {
        removedDepth += 1;
        open.push({ name: event.name, sanitized: { kind: 'removed' } });
        continue;
      }
      const { [LINE_ATTRIBUTE]: written, ...attribs } = event.attribs;
      const key = `${event.name} ${JSON.stringify(attribs)}`;
      let sanitized = known.get(key) ?? sanitizedElement(sanitize, event.name, attribs);
      known.set(key, sanitized);
      if (sanitized.kind === 'kept' && open.length >= NESTING_LIMIT) sanitized = { kind: 'unwrapped' };
      const line = Number.parseInt(written ?? '', 10);
      const origin: Origin | undefined = Number.isNaN(line)
        ? undefined
        : {
            name: event.name,
            line,
            kind: sanitized.kind === 'kept' ? visibleKind(sanitized) : undefined,
            closedImplicitly: false,
            part: partOf(line),
            laterBlockInside: false,
            blockInside: false,
            changesFollowingText: false,
          };
      open.push({ name: event.name, sanitized, origin });
      if (sanitized.kind === 'removed') removedDepth = 1;
      if (sanitized.kind === 'kept') tokens.push({ kind: 'start', name: sanitized.name, origin });
      continue;
    }
    const element = open.pop();
    if (!element) continue;
    if (element.origin && event.implied) element.origin.closedImplicitly = true;
    if (removedDepth > 0) {
      removedDepth -= 1;
      continue;
    }
    if (element.sanitized.kind === 'kept' && !VOID.has(element.sanitized.name)) tokens.push({ kind: 'end', name: element.sanitized.name });
  }
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// A browser reading the sanitized body (WHATWG § 13.2.6, the parts well-nested input reaches)

/** An element of the page; a reconstructed formatting element shares its origin with the one it copies. */
interface PageElement {
  name: string;
  origin?: Origin | undefined;
  /** The table whose text this element was moved out of (foster parenting). */
  fosteredBy?: PageElement | undefined;
}

const MARKER = null;
const SPECIAL = new Set(
  (
    'address applet area article aside base basefont bgsound blockquote body br button caption center col colgroup dd details dir div dl dt ' +
    'embed fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html iframe img input keygen li link ' +
    'listing main marquee menu meta nav noembed noframes noscript object ol p param plaintext pre script search section select source style ' +
    'summary table tbody td template textarea tfoot th thead title tr track ul wbr xmp'
  ).split(' '),
);
/** Start tags that close an open `<p>` (§ 13.2.6.4.7, "in body"), and so begin a block. */
const CLOSES_P = new Set(
  (
    'address article aside blockquote center details dialog dir div dl fieldset figcaption figure footer header hgroup main menu nav ol p ' +
    'search section summary ul pre listing form table hr h1 h2 h3 h4 h5 h6 li dd dt'
  ).split(' '),
);
const TABLE_PARTS = new Set(['caption', 'colgroup', 'tbody', 'thead', 'tfoot', 'tr', 'td', 'th']);
const TABLE_CONTEXT = new Set(['table', 'tbody', 'thead', 'tfoot', 'tr']);
const IMPLIED_END = new Set(['dd', 'dt', 'li', 'optgroup', 'option', 'p', 'rb', 'rp', 'rt', 'rtc']);
const SCOPE = new Set(['applet', 'caption', 'html', 'table', 'td', 'th', 'marquee', 'object', 'template']);
const BUTTON_SCOPE = new Set([...SCOPE, 'button']);
const LIST_ITEM_SCOPE = new Set([...SCOPE, 'ol', 'ul']);
const TABLE_SCOPE = new Set(['html', 'table', 'template']);

/** The tree construction of a browser, for what it does to elements left open: which text ends up in which element. */
class PageParser {
  readonly #stack: PageElement[] = [];
  readonly #active: (PageElement | typeof MARKER)[] = [];
  #blocks = 0;

  read(tokens: readonly PageToken[]): void {
    for (const token of tokens) {
      if (token.kind === 'start') this.#start(token.name, token.origin);
      else if (token.kind === 'end') this.#end(token.name);
      else if (/\S/.test(token.text)) this.#text();
    }
  }

  get #current(): PageElement | undefined {
    return this.#stack.at(-1);
  }

  #start(name: string, origin: Origin | undefined): void {
    const inTable = TABLE_CONTEXT.has(this.#current?.name ?? '');
    if (TABLE_PARTS.has(name)) {
      // Outside a table they are ignored.
      if (!this.#inScope('table', TABLE_SCOPE)) return;
      this.#closeCell();
      if (name === 'tr' && this.#inScope('tr', TABLE_SCOPE)) this.#popThrough('tr');
      if (name !== 'td' && name !== 'th' && name !== 'tr') this.#popUntilTable();
      this.#block(origin);
      this.#push(name, origin);
      if (name === 'td' || name === 'th' || name === 'caption') this.#active.push(MARKER);
      return;
    }
    if (CLOSES_P.has(name)) {
      if (name === 'li' || name === 'dd' || name === 'dt') this.#closeListItem(name === 'li' ? ['li'] : ['dd', 'dt']);
      if (this.#inScope('p', BUTTON_SCOPE)) this.#closeP();
      if (HEADINGS.has(name) && HEADINGS.has(this.#current?.name ?? '')) this.#stack.pop();
      this.#block(origin);
      if (name !== 'hr') this.#push(name, origin, inTable);
      return;
    }
    this.#reconstruct();
    if (name === 'a') {
      const open = this.#activeAfterMarker('a');
      if (open) this.#removeFormatting(open);
    }
    if (VOID.has(name)) return;
    const element = this.#push(name, origin, inTable);
    if (FORMATTING.has(name)) this.#active.push(element);
  }

  #end(name: string): void {
    if (name === 'p') {
      if (this.#inScope('p', BUTTON_SCOPE)) this.#closeP();
      return;
    }
    if (FORMATTING.has(name)) {
      const element = this.#activeAfterMarker(name);
      if (element) {
        if (this.#stack.includes(element)) this.#popThrough(element);
        this.#removeFormatting(element);
        return;
      }
    }
    if (name === 'td' || name === 'th' || name === 'caption') {
      if (!this.#inScope(name, TABLE_SCOPE)) return;
      this.#popThrough(name);
      this.#clearToMarker();
      return;
    }
    if (TABLE_PARTS.has(name) || name === 'table') {
      if (this.#inScope(name, TABLE_SCOPE)) this.#popThrough(name);
      return;
    }
    if (HEADINGS.has(name)) {
      const heading = this.#stack.findLast((element) => HEADINGS.has(element.name));
      if (heading && this.#inScope(heading.name, SCOPE)) this.#popThrough(heading);
      return;
    }
    const scope = name === 'li' ? LIST_ITEM_SCOPE : SCOPE;
    if (SPECIAL.has(name)) {
      if (this.#inScope(name, scope)) this.#popThrough(name);
      return;
    }
    // Any other end tag closes the nearest element of its name, unless a special one comes first.
    for (let index = this.#stack.length - 1; index >= 0; index -= 1) {
      const element = this.#stack[index]!;
      if (element.name === name) {
        this.#popThrough(element);
        return;
      }
      if (SPECIAL.has(element.name)) return;
    }
  }

  #text(): void {
    const current = this.#current;
    // Text in a table outside its cells is moved to before the table, formatting reconstructed there.
    const fosteredBy = current && TABLE_CONTEXT.has(current.name) ? this.#stack.findLast((element) => element.name === 'table') : undefined;
    this.#reconstruct(fosteredBy);
    const holders = new Set<PageElement>(this.#stack);
    if (fosteredBy) holders.add(fosteredBy);
    for (const element of this.#stack) if (element.fosteredBy) holders.add(element.fosteredBy);
    for (const element of holders) this.#shows(element, fosteredBy);
  }

  /** Text is shown in `element`: whether that is text after the block the element was opened in. */
  #shows(element: PageElement, fosteredBy: PageElement | undefined): void {
    const origin = element.origin;
    if (!origin?.kind || origin.changesFollowingText) return;
    if (origin.kind === 'inline') {
      // Carried past the block of its first text: an element that only wraps the blocks after it
      // (`<b><p>…</p>`, its end tag forgotten) shows them as it was meant to.
      origin.blocksAtFirstText ??= this.#blocks;
      origin.changesFollowingText = this.#blocks > origin.blocksAtFirstText;
      return;
    }
    const moved = element.name === 'table' && (fosteredBy === element || this.#stack.some((holder) => holder.fosteredBy === element));
    const outsideItems = (element.name === 'ul' || element.name === 'ol') && this.#nearest(['li', 'ul', 'ol']) === element;
    origin.changesFollowingText = origin.laterBlockInside || moved || outsideItems || (HEADINGS.has(element.name) && origin.blockInside);
  }

  /** A block begins: every element it begins in learns of it. */
  #block(origin: Origin | undefined): void {
    this.#blocks += 1;
    for (const element of this.#stack) {
      const holder = element.origin;
      if (!holder) continue;
      holder.blockInside = true;
      // A block that came from Markdown, or from a part of the file after a blank line.
      if (origin === undefined || origin.part > holder.part) holder.laterBlockInside = true;
    }
  }

  #push(name: string, origin: Origin | undefined, inTable = false): PageElement {
    const element: PageElement = { name, origin };
    if (inTable && !TABLE_PARTS.has(name) && name !== 'table') element.fosteredBy = this.#stack.findLast((open) => open.name === 'table');
    this.#stack.push(element);
    return element;
  }

  #nearest(names: readonly string[]): PageElement | undefined {
    return this.#stack.findLast((element) => names.includes(element.name));
  }

  #inScope(name: string, scope: ReadonlySet<string>): boolean {
    for (let index = this.#stack.length - 1; index >= 0; index -= 1) {
      const element = this.#stack[index]!;
      if (element.name === name) return true;
      if (scope.has(element.name)) return false;
    }
    return false;
  }

  #generateImpliedEnds(except?: string): void {
    while (this.#current && IMPLIED_END.has(this.#current.name) && this.#current.name !== except) this.#stack.pop();
  }

  /** Pops up to and including `target` (an element, or the nearest of a name). */
  #popThrough(target: PageElement | string): void {
    this.#generateImpliedEnds(typeof target === 'string' ? target : target.name);
    const index =
      typeof target === 'string' ? this.#stack.findLastIndex((element) => element.name === target) : this.#stack.lastIndexOf(target);
    if (index >= 0) this.#stack.length = index;
  }

  #closeP(): void {
    this.#popThrough('p');
  }

  /** A new list item closes the open one of its kind, unless a block other than address, div or p is in between. */
  #closeListItem(names: readonly string[]): void {
    for (let index = this.#stack.length - 1; index >= 0; index -= 1) {
      const element = this.#stack[index]!;
      if (names.includes(element.name)) {
        this.#popThrough(element);
        return;
      }
      if (SPECIAL.has(element.name) && !['address', 'div', 'p'].includes(element.name)) return;
    }
  }

  #closeCell(): void {
    const cell = this.#inScope('td', TABLE_SCOPE) ? 'td' : this.#inScope('th', TABLE_SCOPE) ? 'th' : undefined;
    if (!cell) return;
    this.#popThrough(cell);
    this.#clearToMarker();
  }

  #popUntilTable(): void {
    while (this.#current && !['table', 'html', 'template'].includes(this.#current.name)) this.#stack.pop();
  }

  #activeAfterMarker(name: string): PageElement | undefined {
    for (let index = this.#active.length - 1; index >= 0; index -= 1) {
      const entry = this.#active[index];
      if (entry === MARKER) return undefined;
      if (entry?.name === name) return entry;
    }
    return undefined;
  }

  #removeFormatting(element: PageElement): void {
    const index = this.#active.lastIndexOf(element);
    if (index >= 0) this.#active.splice(index, 1);
    const open = this.#stack.lastIndexOf(element);
    if (open >= 0) this.#stack.splice(open, 1);
  }

  #clearToMarker(): void {
    while (this.#active.length > 0 && this.#active.pop() !== MARKER) {
      // Entries up to the last marker go.
    }
  }

  /** Reopens the formatting elements that were closed implicitly, where the next text goes. */
  #reconstruct(fosteredBy?: PageElement): void {
    let index = this.#active.length - 1;
    if (index < 0) return;
    const isOpen = (entry: PageElement | typeof MARKER) => entry === MARKER || this.#stack.includes(entry);
    if (isOpen(this.#active[index]!)) return;
    while (index > 0 && !isOpen(this.#active[index - 1]!)) index -= 1;
    for (; index < this.#active.length; index += 1) {
      const entry = this.#active[index] as PageElement;
      const copy: PageElement = { name: entry.name, origin: entry.origin, fosteredBy };
      this.#stack.push(copy);
      this.#active[index] = copy;
    }
  }
}

/**
 * The one sanitizing policy for article HTML. Bodies come from scrapers and news CMSs, so they
 * are untrusted: whatever is not listed here is dropped. It runs once per post, in the loader;
 * pages and feeds show its output.
 */
import sanitizeHtml from 'sanitize-html';
import { firstOfEachName, readHtmlTag } from './html-tag';
import { stripXmlForbidden } from './xml';

/** Blocks whose `text-align` survives (news bodies centre captions and images). */
const ALIGNABLE = ['p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'li', 'td', 'th', 'figure', 'figcaption', 'caption'];

const ALLOWED_TAGS = [
  ...ALIGNABLE,
  'br',
  'hr',
  'span',
  'strong',
  'b',
  'em',
  'i',
  'u',
  's',
  'del',
  'ins',
  'sub',
  'sup',
  'small',
  'mark',
  'abbr',
  'q',
  'cite',
  'time',
  'ul',
  'ol',
  'dl',
  'dt',
  'dd',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'colgroup',
  'col',
  'pre',
  'code',
  'a',
  'img',
  'picture',
  'source',
];

// Elements whose text is dropped along with them: scripts, styles, and the parsing tricks
// (template, noscript, textarea…) whose "text" is markup in disguise. Not `svg` or `math`: the
// parser here does not leave them at `<p>` the way browsers do, so an unclosed `<svg/onload=…>`
// would drop the rest of the article; their contents go through the allowlist like any other.
const NON_TEXT_TAGS = [
  'script',
  'style',
  'textarea',
  'option',
  'select',
  'noscript',
  'template',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'xmp',
  'noembed',
  'noframes',
  'plaintext',
  'title',
  'head',
];

// Allowed void elements that sanitize-html would otherwise close with a stray `</col>`/`</source>`.
const SELF_CLOSING = [...sanitizeHtml.defaults.selfClosing, 'col', 'source'];

const TEXT_ALIGN = /(?:^|;)\s*text-align\s*:\s*(left|right|center|justify|start|end)\s*(?:!important\s*)?(?:;|$)/i;

/** Options that depend on the site, not on the post. */
export interface SanitizeOptions {
  /** Hosts the archive used to live on; links to them become site-relative. */
  legacyHosts: readonly string[];
}

function alignmentStyle(style: string | undefined): string | undefined {
  const match = style ? TEXT_ALIGN.exec(style) : null;
  return match ? `text-align:${match[1]!.toLowerCase()}` : undefined;
}

// The ids of Markdown footnotes and their references (`#user-content-fn-1`): the only ids kept,
// so footnote links work; prefixed, they cannot clobber the page's own names.
const FOOTNOTE_ID = /^user-content-fn(?:ref)?-[\p{L}\p{N}_%-]+$/u;

/** The attributes without an `id`, unless it is a footnote's. */
function withFootnoteId(attribs: sanitizeHtml.Attributes): sanitizeHtml.Attributes {
  const { id, ...rest } = attribs;
  return id !== undefined && (FOOTNOTE_ID.test(id) || TOC_ID.test(id)) ? { ...rest, id } : rest;
}

// Ids the page itself uses (the skip link's `#main`, the search form's fields): a body's heading
// never takes one of them, so the page's own links and scripts keep finding their element.
export const PAGE_IDS: ReadonlySet<string> = new Set([
  'main',
  'newest',
  'busiest',
  'feeds-site',
  'feeds-categories',
  'feeds-opml',
  'search-query',
  'search-category',
  'search-year',
  'search-sort',
  'search-status',
  'search-results',
  'search-partial',
  'search-older',
]);
// A heading's id as kramdown makes them (`一关于中国的民族性格`, `hello-world-1`): links into an
// article (`/a.html#hello-world`) keep working. Letters, digits, `-` and `_` only.
const HEADING_ID = /^[\p{L}\p{M}\p{N}_-]{1,200}$/u;
// kramdown's table of contents (`{:toc}`) and the ids of its links.
const TOC_ID = /^markdown-toc(?:-[\p{L}\p{M}\p{N}_-]{1,200})?$/u;

/** The attributes with an `id` only where it is a heading's own. */
function withHeadingId(attribs: sanitizeHtml.Attributes): sanitizeHtml.Attributes {
  const { id, ...rest } = attribs;
  return id !== undefined && HEADING_ID.test(id) && !PAGE_IDS.has(id) ? { ...rest, id } : rest;
}

function withAlignment(attribs: sanitizeHtml.Attributes): sanitizeHtml.Attributes {
  const { style, ...rest } = attribs;
  const alignment = alignmentStyle(style);
  return alignment ? { ...rest, style: alignment } : rest;
}

/** Rewrites `//old-host/x`, `http://old-host/x` and `https://old-host/x` to `/x`. */
export function relativizeLegacyUrl(written: string, legacyHosts: readonly string[]): string {
  // Without the characters XML forbids first: removed after this, `/\uFFFF/evil.test/` would
  // become `//evil.test/`, a link to another host.
  const url = stripXmlForbidden(written);
  const match = /^\s*(?:https?:)?\/\/([^/?#\s]+)(.*)$/i.exec(url);
  if (!match) return url;
  const host = match[1]!.toLowerCase().replace(/:\d+$/, '');
  if (!legacyHosts.some((legacy) => legacy.toLowerCase() === host)) return url;
  // One leading slash only: a path left starting with `//` or `/\` would link to another host.
  return match[2]!.replace(/^[/\\]*/, '/');
}

function buildPolicy(options: SanitizeOptions): sanitizeHtml.IOptions {
  const transformTags: Record<string, sanitizeHtml.Transformer> = {};
  for (const tag of ALIGNABLE) {
    transformTags[tag] = /^h[1-6]$/.test(tag)
      ? (tagName, attribs) => ({ tagName, attribs: withHeadingId(withAlignment(attribs)) })
      : (tagName, attribs) => ({ tagName, attribs: withAlignment(attribs) });
  }
  transformTags.ul = (tagName, attribs): sanitizeHtml.Tag => ({
    tagName,
    attribs: attribs.id === 'markdown-toc' ? { id: 'markdown-toc' } : {},
  });
  transformTags.li = (tagName, attribs) => ({ tagName, attribs: withFootnoteId(withAlignment(attribs)) });
  transformTags.center = () => ({ tagName: 'div', attribs: { style: 'text-align:center' } });
  transformTags.a = (tagName, attribs) => {
    const { target, rel: _rel, ...rest } = withFootnoteId(attribs);
    const next: sanitizeHtml.Attributes = { ...rest };
    if (next.href !== undefined) next.href = relativizeLegacyUrl(next.href, options.legacyHosts);
    if (target !== undefined && target.trim() !== '' && target.trim().toLowerCase() !== '_self') {
      next.target = '_blank';
      next.rel = 'noopener noreferrer';
    }
    return { tagName, attribs: next };
  };
  transformTags.img = (tagName, attribs) => {
    const next: sanitizeHtml.Attributes = { ...attribs };
    if (next.src !== undefined) next.src = relativizeLegacyUrl(next.src, options.legacyHosts);
    // Scraped images often lack alt text; an empty alt marks them decorative rather than unlabelled.
    if (next.alt === undefined) next.alt = '';
    // News CDNs refuse hot-links that send a referrer; lazy loading keeps long articles light.
    return { tagName, attribs: { ...next, loading: 'lazy', decoding: 'async', referrerpolicy: 'no-referrer' } };
  };
  // After each tag's own transform, before any attribute is checked: the characters XML forbids
  // leave every value here, not after sanitizing. Removed later, `java&#xFFFF;script:` (no scheme
  // to the sanitizer, a relative URL) would become `javascript:` in the page and the feeds.
  transformTags['*'] = (tagName, attribs) => ({
    tagName,
    attribs: Object.fromEntries(Object.entries(attribs).map(([name, value]) => [name, stripXmlForbidden(value)])),
  });

  return {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      ...Object.fromEntries(ALIGNABLE.map((tag) => [tag, /^h[1-6]$/.test(tag) ? ['style', 'id'] : ['style']])),
      ul: ['id'],
      a: ['href', 'title', 'target', 'rel', 'id'],
      img: ['src', 'alt', 'title', 'width', 'height', 'loading', 'decoding', 'referrerpolicy'],
      source: ['srcset', 'media', 'type'],
      td: ['style', 'colspan', 'rowspan'],
      th: ['style', 'colspan', 'rowspan', 'scope'],
      col: ['span'],
      colgroup: ['span'],
      ol: ['start', 'reversed', 'type'],
      li: ['style', 'value', 'id'],
      time: ['datetime'],
      abbr: ['title'],
      q: ['cite'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https'], source: ['http', 'https'] },
    allowedSchemesAppliedToAttributes: ['href', 'src', 'cite', 'srcset'],
    allowProtocolRelative: true,
    disallowedTagsMode: 'discard',
    nonTextTags: NON_TEXT_TAGS,
    selfClosing: SELF_CLOSING,
    transformTags,
    // Hostile or broken pages nest thousands of levels deep; browsers and validators choke long
    // before that. Deeper tags are dropped, their text kept.
    nestingLimit: 100,
    parser: { lowerCaseTags: true, lowerCaseAttributeNames: true },
  };
}

// Scraped bodies are full of empty wrappers (`<span id="bkquote_…"></span>`, hidden
// `<p style="display:none"><br></p>`); once attributes are gone they are only noise. The
// sanitizer's output is normalized, so these exact forms are all there is to match.
const EMPTY_WRAPPERS = /<span>\s*<\/span>|<p>(?:\s|<br \/>)*<\/p>/g;

// ---------------------------------------------------------------------------------------------
// Broken markup
// ---------------------------------------------------------------------------------------------

// Scrapers cut pages mid-tag, and sanitize-html's parser (htmlparser2) reads broken markup
// differently from browsers: an unclosed comment, `<![CDATA[`, raw-text element or quoted
// attribute would hide the rest of the article, an unclosed link would link it. So the body is
// first re-tokenized the way the HTML tokenizer does (WHATWG § 13.2.5), and htmlparser2 is
// handed only well-formed pieces: text with every `<` escaped, comments and raw-text elements
// removed (the policy drops them anyway), tags re-serialized with quoted attributes, and each
// construct that would run to the end of the input escaped so that it shows as text instead.

/** Elements whose content the tokenizer reads as (escapable) raw text up to their end tag. */
const RAW_TEXT = new Set(['script', 'style', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript', 'textarea', 'title']);

/**
 * Dropped elements whose content is markup: the policy drops everything up to their end tag,
 * so one that is never closed is shown as text instead. The values are the other tags that
 * close them implicitly in htmlparser2 (an end tag of the same name always does).
 */
const DROPPED_CONTAINERS = new Map<string, readonly string[]>([
  ['template', []],
  ['object', []],
  ['applet', []],
  ['frameset', []],
  ['head', ['<body', '</body', '</html']],
  ['select', ['<select', '<input', '<textarea', '<button']],
  ['option', ['<option', '<optgroup', '</optgroup', '</select', '</datalist', '<select', '<input', '<textarea', '<button']],
]);

/** Elements that end a paragraph-level run of text: an unclosed link ends at the first. */
const BLOCKS = new Set(
  (
    'address article aside blockquote body caption center colgroup dd details dialog dir div dl dt fieldset figcaption ' +
    'figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li listing main menu nav ol p pre search section ' +
    'summary table tbody td tfoot th thead tr ul'
  ).split(' '),
);

const BLANK_LINE = /\r?\n[\t\f\r ]*\n/;
const ALPHA = /[a-zA-Z]/;
/** Attribute names as markup writes them: printable ASCII, none of the characters that end one. */
const ATTRIBUTE_NAME = /^[!#-&(-.0-;?-~]+$/;
/** What may follow `</name` for it to end a raw-text element. */
const RAW_TEXT_END = (name: string) => new RegExp(`</${name}[\\t\\n\\f\\r />]`, 'i');

interface Tag {
  name: string;
  end: boolean;
  selfClosing: boolean;
  attributes: [string, string | undefined][];
  /** Index just past the tag in the input. */
  next: number;
}

/**
 * Reads the tag starting at `html[start] === '<'` as the tokenizer's tag states do
 * ({@link readHtmlTag}), or returns `undefined` for a tag that was cut: one that runs to the end
 * of the input, and one that runs into what follows it, which the tokenizer would swallow as
 * attributes. That is a `<` in a tag or attribute name or an unquoted value, an attribute name
 * no markup has (text after the cut), and a quoted value that runs past a line break into markup.
 */
function readTag(html: string, start: number): Tag | undefined {
  const read = readHtmlTag(html, start, { cutAtLessThan: true });
  if (!read || read.name.includes('<')) return undefined;
  for (const { name, value, quote } of read.attributes) {
    if (!ATTRIBUTE_NAME.test(name)) return undefined;
    if (quote === '' ? value.includes('<') : /[\n\r][\s\S]*<[a-zA-Z/!?]/.test(value)) return undefined;
  }
  return {
    name: read.name,
    end: read.closing,
    selfClosing: read.selfClosing,
    // The tokenizer keeps the first of two attributes with one name.
    attributes: firstOfEachName(read.attributes).map(({ name, value, quote }) => [name, quote === undefined ? undefined : value]),
    next: read.end,
  };
}

/** A tag written back in the one form htmlparser2 and browsers read alike. */
function serializeTag(tag: Tag): string {
  if (tag.end) return `</${tag.name}>`;
  const attributes = tag.attributes.map(([name, value]) =>
    value === undefined ? ` ${name}` : ` ${name}="${value.replace(/"/g, '&quot;')}"`,
  );
  return `<${tag.name}${attributes.join('')}${tag.selfClosing ? ' /' : ''}>`;
}

type Piece = { kind: 'text'; html: string } | { kind: 'tag'; tag: Tag; html: string };

/**
 * Where each closing sequence was first found missing: none is after that point, so a later
 * search for it ends at once. Thousands of unclosed `<!--` would otherwise each search to the
 * end of the input.
 */
type MissingClosers = Map<string, number>;

/** `html.indexOf(closer, from)`, remembering where it found none. */
function closerAfter(html: string, closer: string, from: number, missing: MissingClosers): number {
  if (from >= (missing.get(closer) ?? Number.POSITIVE_INFINITY)) return -1;
  const at = html.indexOf(closer, from);
  if (at < 0) missing.set(closer, from);
  return at;
}

/**
 * Where a comment-like construct starting at `start` (`<!`, `<?`, `</` not followed by a
 * letter) ends, or -1 when it runs to the end of the input.
 */
function commentEnd(html: string, start: number, foreign: boolean, missing: MissingClosers): number {
  if (html.startsWith('<!--', start)) {
    if (html.startsWith('>', start + 4)) return start + 5;
    if (html.startsWith('->', start + 4)) return start + 6;
    const candidates = [closerAfter(html, '-->', start + 4, missing), closerAfter(html, '--!>', start + 4, missing)].filter(
      (index) => index >= 0,
    );
    if (candidates.length === 0) return -1;
    const at = Math.min(...candidates);
    return at + (html.startsWith('-->', at) ? 3 : 4);
  }
  if (foreign && html.startsWith('<![CDATA[', start)) {
    const at = closerAfter(html, ']]>', start + 9, missing);
    return at < 0 ? -1 : at + 3;
  }
  // Doctypes, `<?…>`, `<!…>` and `</…>` are read up to the next `>`; one that runs into
  // markup before it was cut, and would swallow the text between.
  const at = closerAfter(html, '>', start + 2, missing);
  if (at < 0 || /<[a-zA-Z/!?]/.test(html.slice(start + 2, at))) return -1;
  return at + 1;
}

/** The input as text and tag pieces, following the tokenizer and the tree builder's raw-text switches. */
function tokenize(html: string): Piece[] {
  const pieces: Piece[] = [];
  let text = '';
  const flush = () => {
    if (text) pieces.push({ kind: 'text', html: text.replace(/</g, '&lt;') });
    text = '';
  };
  let foreign = 0;
  let i = 0;
  const missing: MissingClosers = new Map();
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      text += html.slice(i);
      break;
    }
    text += html.slice(i, lt);
    const next = html[lt + 1];
    if (next === undefined || !(ALPHA.test(next) || next === '!' || next === '?' || (next === '/' && html[lt + 2] !== undefined))) {
      text += '<';
      i = lt + 1;
      continue;
    }
    if (next === '!' || next === '?' || (next === '/' && !ALPHA.test(html[lt + 2]!))) {
      const end = commentEnd(html, lt, foreign > 0, missing);
      // Unterminated, it would hide the rest of the article; escaped, it shows as text.
      if (end < 0) text += '<';
      i = end < 0 ? lt + 1 : end;
      continue;
    }
    const tag = readTag(html, lt);
    if (!tag) {
      text += '<';
      i = lt + 1;
      continue;
    }
    flush();
    i = tag.next;
    if (tag.end) {
      if ((tag.name === 'svg' || tag.name === 'math') && foreign > 0) foreign -= 1;
      pieces.push({ kind: 'tag', tag, html: serializeTag(tag) });
      continue;
    }
    if ((tag.name === 'svg' || tag.name === 'math') && !tag.selfClosing) foreign += 1;
    // Self-closed inside SVG or MathML, a raw-text element is empty.
    if (foreign > 0 && tag.selfClosing && RAW_TEXT.has(tag.name)) continue;
    if (RAW_TEXT.has(tag.name) || tag.name === 'plaintext') {
      const close = tag.name === 'plaintext' ? null : RAW_TEXT_END(tag.name).exec(html.slice(i));
      const endTag = close ? readTag(html, i + close.index) : undefined;
      if (endTag) {
        // Closed, it goes with its content: the policy drops both.
        i = endTag.next;
      } else {
        text += html.slice(lt, i);
      }
      continue;
    }
    pieces.push({ kind: 'tag', tag, html: serializeTag(tag) });
  }
  flush();
  return pieces;
}

function isTag(piece: Piece | undefined, end: boolean, names: (name: string) => boolean): boolean {
  return piece?.kind === 'tag' && piece.tag.end === end && names(piece.tag.name);
}

/**
 * The dropped containers among `pieces` that are closed before the input ends, found in one pass
 * per name rather than one per container (thousands of `<template>` would cost their square).
 * Without closers, end tags close them as brackets, the innermost first; with closers (`<select`
 * is closed by another `<select`, an `<input`…), any later closer or end tag closes them all.
 */
function closedContainers(pieces: readonly Piece[]): Set<Piece> {
  const closed = new Set<Piece>();
  for (const [name, closers] of DROPPED_CONTAINERS) {
    if (closers.length === 0) {
      const open: Piece[] = [];
      for (const piece of pieces) {
        if (piece.kind !== 'tag' || piece.tag.name !== name) continue;
        if (!piece.tag.end) open.push(piece);
        else {
          const innermost = open.pop();
          if (innermost) closed.add(innermost);
        }
      }
      continue;
    }
    let closerAfter = false;
    for (let index = pieces.length - 1; index >= 0; index -= 1) {
      const piece = pieces[index]!;
      if (piece.kind !== 'tag') continue;
      const { tag } = piece;
      if (tag.name === name && !tag.end && closerAfter) closed.add(piece);
      if ((tag.name === name && tag.end) || closers.includes(`${tag.end ? '</' : '<'}${tag.name}`)) closerAfter = true;
    }
  }
  return closed;
}

/**
 * Re-tokenizes untrusted HTML so that nothing left open by a cut or broken page (a comment,
 * a raw-text or dropped element, a quoted attribute, a tag, a link) takes the rest of the
 * article with it: such constructs become text, and an unclosed link ends at the next block
 * boundary or link.
 */
export function repairBrokenHtml(html: string): string {
  const pieces = tokenize(html);
  // The links' end tags added below close no dropped container: found once, before them.
  const closed = closedContainers(pieces);
  const out: string[] = [];
  for (let index = 0; index < pieces.length; index += 1) {
    const piece = pieces[index]!;
    if (piece.kind === 'tag' && !piece.tag.end && DROPPED_CONTAINERS.has(piece.tag.name) && !closed.has(piece)) {
      out.push(`&lt;${piece.html.slice(1)}`);
      continue;
    }
    out.push(piece.html);
    if (piece.kind !== 'tag' || piece.tag.end || piece.tag.name !== 'a' || piece.tag.selfClosing) continue;
    // Browsers close a link at the next one; a link with no end tag before it (or before the
    // end) ends at the first block boundary or blank line, so it cannot take later paragraphs.
    let boundary = -1;
    let j = index + 1;
    for (; j < pieces.length; j += 1) {
      const next = pieces[j]!;
      if (isTag(next, true, (name) => name === 'a') || isTag(next, false, (name) => name === 'a')) break;
      if (boundary >= 0) continue;
      if (next.kind === 'tag' && BLOCKS.has(next.tag.name)) boundary = j;
      const blank = next.kind === 'text' ? BLANK_LINE.exec(next.html) : null;
      if (blank) {
        pieces.splice(j, 1, { kind: 'text', html: next.html.slice(0, blank.index) }, { kind: 'text', html: next.html.slice(blank.index) });
        boundary = j + 1;
      }
    }
    if (j < pieces.length && isTag(pieces[j], true, (name) => name === 'a')) continue;
    pieces.splice(boundary >= 0 ? boundary : j, 0, {
      kind: 'tag',
      tag: { name: 'a', end: true, selfClosing: false, attributes: [], next: 0 },
      html: '</a>',
    });
  }
  return out.join('');
}

/** Builds a sanitizer bound to the site's options (the policy is built once, not per post). */
export function createSanitizer(options: SanitizeOptions): (html: string) => string {
  const policy = buildPolicy(options);
  return (html) => sanitizeHtml(repairBrokenHtml(html), policy).replace(EMPTY_WRAPPERS, '');
}

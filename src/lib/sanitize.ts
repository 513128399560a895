/**
 * The one sanitizing policy for article HTML. Bodies come from scrapers and news CMSs, so they
 * are untrusted: whatever is not listed here is dropped. It runs once per post, in the loader;
 * pages and feeds show its output.
 */
import sanitizeHtml from 'sanitize-html';

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

function withAlignment(attribs: sanitizeHtml.Attributes): sanitizeHtml.Attributes {
  const { style, ...rest } = attribs;
  const alignment = alignmentStyle(style);
  return alignment ? { ...rest, style: alignment } : rest;
}

/** Rewrites `//old-host/x`, `http://old-host/x` and `https://old-host/x` to `/x`. */
export function relativizeLegacyUrl(url: string, legacyHosts: readonly string[]): string {
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
    transformTags[tag] = (tagName, attribs) => ({ tagName, attribs: withAlignment(attribs) });
  }
  transformTags.center = () => ({ tagName: 'div', attribs: { style: 'text-align:center' } });
  transformTags.a = (tagName, attribs) => {
    const { target, rel: _rel, ...rest } = attribs;
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

  return {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      ...Object.fromEntries(ALIGNABLE.map((tag) => [tag, ['style']])),
      a: ['href', 'title', 'target', 'rel'],
      img: ['src', 'alt', 'title', 'width', 'height', 'loading', 'decoding', 'referrerpolicy'],
      source: ['srcset', 'media', 'type'],
      td: ['style', 'colspan', 'rowspan'],
      th: ['style', 'colspan', 'rowspan', 'scope'],
      col: ['span'],
      colgroup: ['span'],
      ol: ['start', 'reversed', 'type'],
      li: ['style', 'value'],
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

// Elements whose content the parser reads as raw text up to their end tag.
const RAW_TEXT_START = /<(script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext)\b[^>]*>/gi;

/**
 * Escapes the start tag of a raw-text element that is never closed. Left alone, it would turn
 * the rest of the article into its (dropped) content, even where a browser would not, as
 * inside SVG or MathML. Escaped, it shows as text and the article after it survives.
 */
export function escapeUnclosedRawText(html: string): string {
  if (!/<(?:script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext)\b/i.test(html)) return html;
  return html.replace(RAW_TEXT_START, (tag: string, name: string, offset: number) => {
    const closed =
      name.toLowerCase() !== 'plaintext' &&
      html
        .slice(offset + tag.length)
        .toLowerCase()
        .includes(`</${name.toLowerCase()}`);
    return closed ? tag : `&lt;${tag.slice(1)}`;
  });
}

/** Builds a sanitizer bound to the site's options (the policy is built once, not per post). */
export function createSanitizer(options: SanitizeOptions): (html: string) => string {
  const policy = buildPolicy(options);
  return (html) => sanitizeHtml(escapeUnclosedRawText(html), policy).replace(EMPTY_WRAPPERS, '');
}

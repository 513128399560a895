/**
 * Markdown to HTML as Jekyll's kramdown (GFM input, Jekyll's defaults) renders it: satteri's
 * CommonMark parse, with the text adjusted before (`markdown-dialect`) and the spans read again
 * by kramdown's rules (`kramdown-spans`); headings get kramdown's ids, so in-page links keep
 * working, and `{:toc}` its table of contents.
 */
import { defineMdastPlugin, markdownToHtml } from 'satteri';
import { kramdownPhrasing, type PhrasingNode } from './kramdown-spans';
import { asKramdownRead, kramdownHtml, TOC_MARKER } from './markdown-dialect';

/** A heading as the table of contents lists it. */
export interface TocHeading {
  level: number;
  id: string;
  /** The heading's text, as HTML-escaped text. */
  html: string;
}

// Characters GFM's ids keep: letters, marks, digits and connectors (Ruby's \p{Word}), `-`, space, tab.
const NOT_IN_ID = /[^\p{L}\p{M}\p{Nd}\p{Pc}\- \t]/gu;

/**
 * The id kramdown's GFM parser gives a heading with this text: lower case, without punctuation,
 * spaces as `-`; the second heading with the same id gets `-1`, the third `-2`. `seen` counts the
 * ids given so far in the document.
 */
export function gfmHeadingId(text: string, seen: Map<string, number>): string {
  const id = text.toLowerCase().replace(NOT_IN_ID, '').replace(/[ \t]/g, '-');
  const count = (seen.get(id) ?? -1) + 1;
  seen.set(id, count);
  return count > 0 ? `${id}-${count}` : id;
}

// kramdown's explicit heading id: `## 标题 {#id}`.
const EXPLICIT_ID = /[ \t]*\{#([A-Za-z][\w:-]*)\}[ \t]*$/;

/** The text of phrasing nodes as kramdown's ids read it: text, code, and the text inside elements. */
function textOf(nodes: readonly PhrasingNode[]): string {
  return nodes
    .map((node) => (node.type === 'text' || node.type === 'inlineCode' ? (node.value ?? '') : textOf(node.children ?? [])))
    .join('');
}

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** kramdown's table of contents: nested lists of links to the headings, by level. */
export function tocHtml(headings: readonly TocHeading[]): string {
  if (headings.length === 0) return '';
  let html = '';
  const levels: number[] = [];
  for (const heading of headings) {
    if (levels.length === 0) {
      html += '<ul id="markdown-toc">\n';
      levels.push(heading.level);
    } else if (heading.level > levels.at(-1)!) {
      html += '\n<ul>\n';
      levels.push(heading.level);
    } else {
      html += '</li>\n';
      while (levels.length > 1 && heading.level < levels.at(-1)!) {
        levels.pop();
        html += '</ul>\n</li>\n';
      }
    }
    html += `<li><a href="#${encodeURI(heading.id)}" id="markdown-toc-${escapeText(heading.id)}">${heading.html}</a>`;
  }
  html += '</li>\n';
  while (levels.length > 1) {
    levels.pop();
    html += '</ul>\n</li>\n';
  }
  return `${html}</ul>\n`;
}

// What kramdown's span rules may read otherwise than CommonMark: emphasis, strikethrough, quotes, symbols.
const SPAN_CHARACTERS = /[*_~"'<>.\\-]/;

/** Whether the source of `node` holds nothing the span rules change: then its children stay as they are. */
function plainText(node: { position?: { start: { offset?: number }; end: { offset?: number } } | undefined }, source: string): boolean {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start !== undefined && end !== undefined && !SPAN_CHARACTERS.test(source.slice(start, end));
}

// Chinese punctuation ends an address written in text: `https://a.example/x，见下文` links only
// `https://a.example/x`. GFM's autolinks run on to the next space, which Chinese text has none of.
const FULLWIDTH_PUNCTUATION = /[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]/;

/**
 * The phrasing nodes with each address GFM linked from plain text (`https://…`, `www.…`) cut at
 * the first Chinese punctuation mark, the rest text after the link.
 */
function withAutolinksCut(children: readonly PhrasingNode[], source: string): PhrasingNode[] {
  return children.flatMap((node): PhrasingNode[] => {
    if (node.type === 'emphasis' || node.type === 'strong' || node.type === 'delete')
      return [{ ...node, children: withAutolinksCut(node.children ?? [], source) }];
    if (node.type !== 'link' || node.children?.length !== 1 || node.children[0]!.type !== 'text') return [node];
    const start = node.position?.start.offset;
    const text = node.children[0]!.value ?? '';
    // Written as text, not as `<…>` or `[…](…)`.
    if (start === undefined || source[start] === '<' || source[start] === '[') return [node];
    const cut = text.search(FULLWIDTH_PUNCTUATION);
    const escaped = /\\[!-/:-@[-`{-~]/.test(text);
    if (cut <= 0 && !escaped) return [node];
    // A backslash before punctuation is an escape in text, which GFM's autolinks keep: `a\_b` is `a_b`.
    const address = (cut > 0 ? text.slice(0, cut) : text).replace(/\\([!-/:-@[-`{-~])/g, '$1');
    const url = /^www\./i.test(address) ? `http://${address}` : address;
    const link: PhrasingNode = { type: 'link', url, title: null, children: [{ type: 'text', value: address }] };
    return cut > 0 ? [link, { type: 'text', value: text.slice(cut) }] : [link];
  });
}

/** Whether two lists of phrasing nodes say the same: a node left as it was need not be replaced. */
function sameNodes(a: readonly PhrasingNode[], b: readonly PhrasingNode[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((node, index) => {
    const other = b[index]!;
    if (node === other) return true;
    if (node.type !== other.type || node.value !== other.value) return false;
    if (node.type !== 'text' && node.type !== 'emphasis' && node.type !== 'strong' && node.type !== 'delete') return false;
    return sameNodes(node.children ?? [], other.children ?? []);
  });
}

/** A post's Markdown as kramdown renders it, before sanitizing. */
export function kramdownToHtml(markdown: string): string {
  const headings: TocHeading[] = [];
  const seen = new Map<string, number>();
  const spans = defineMdastPlugin({
    name: 'kramdown-spans',
    options: { position: true },
    // Most paragraphs of Chinese news have none of the characters the rules read: they are left
    // alone, which spares building and replacing their nodes.
    paragraph(node, context) {
      if (plainText(node, context.source)) return undefined;
      const children = kramdownPhrasing(withAutolinksCut(node.children as PhrasingNode[], context.source), context.source);
      return sameNodes(children, node.children as PhrasingNode[]) ? undefined : ({ ...node, children } as typeof node);
    },
    tableCell(node, context) {
      if (plainText(node, context.source)) return undefined;
      const children = kramdownPhrasing(withAutolinksCut(node.children as PhrasingNode[], context.source), context.source);
      return sameNodes(children, node.children as PhrasingNode[]) ? undefined : ({ ...node, children } as typeof node);
    },
    heading(node, context) {
      let children = kramdownPhrasing(node.children as PhrasingNode[], context.source);
      let id: string | undefined;
      const last = children.at(-1);
      const explicit = last?.type === 'text' ? EXPLICIT_ID.exec(last.value ?? '') : null;
      if (last && explicit) {
        id = explicit[1]!;
        children = [...children.slice(0, -1), { ...last, value: (last.value ?? '').slice(0, explicit.index) }];
      }
      const text = textOf(children);
      id ??= gfmHeadingId(text, seen);
      headings.push({ level: node.depth, id, html: escapeText(text) });
      return { ...node, children, data: { ...node.data, hProperties: { id } } } as typeof node;
    },
  });
  const text = asKramdownRead(markdown);
  const html = kramdownHtml(markdownToHtml(text, { features: { gfm: true, frontmatter: false }, mdastPlugins: [spans] }).html);
  return html.includes(TOC_MARKER) ? html.replace(TOC_MARKER, () => tocHtml(headings)) : html;
}

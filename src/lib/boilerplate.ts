/**
 * What news scrapers append to every article: the source address as a bare link, and a line of
 * "back" links (`[返回东财滚动新闻](//host/emnews/)｜[返回首页](//host/)`) written for a URL
 * layout the site never had. Read as content, they show up in excerpts, feeds, the search index
 * and the reading time, and the source address appears twice on the page (in the body and as
 * 原文链接). They are recognised by shape at the end of the sanitized body and taken out: the
 * source address is kept, to be shown once as 原文链接; the site's own back links replace the
 * scraper's. Anything else at the end of a body, or any such link inside it, stays as written.
 *
 * A link alone at the end is no source by its shape only: blogs end with a reference, a form or
 * a project page written the same way. It is taken as the source only with a scraper's mark:
 * back links beside it, the scraper's label 原文链接, or the numeric article id the scraper named
 * the file by in its address (`2021-12-09-202112092207000001.md` and `…/11060,202112092207000001.html`).
 */
import { decodeHtmlAttribute, decodeHtmlText } from './html-entities';

/** The body without its scraper tail, and the source address the tail gave. */
export interface SplitBody {
  html: string;
  sourceUrl?: string | undefined;
}

// One trailing paragraph (a `<p>` with no nested paragraph), with what follows it only space.
const LAST_PARAGRAPH = /<p>((?:(?!<\/?p[\s>])[\s\S])*)<\/p>\s*$/;
// A link with nothing but text inside; group 1 the href (sanitized: quoted, entities escaped), 2 the text.
const LINK = /<a href="([^"]*)"[^>]*>([^<]*)<\/a>/g;
// Separators scrapers put between back links, line breaks included.
const SEPARATORS = /^(?:\s|<br\s*\/?>|[｜|/、·•]|&nbsp;)*$/;
const SOURCE_LABEL = /^\s*(?:原文(?:链接|地址|网址)?|来源(?:链接)?|source)\s*[:：]?\s*$/i;
// The label scrapers write before the source address.
const SCRAPER_LABEL = /^\s*原文链接\s*[:：]?\s*$/;
// A kramdown table of one row (a line of back links separated by `|` is one).
const LAST_TABLE_ROW = /<table>\s*<tbody>\s*<tr>((?:\s*<td>(?:(?!<\/?t[dr][\s>])[\s\S])*<\/td>)+)\s*<\/tr>\s*<\/tbody>\s*<\/table>\s*$/;
// An article id as scrapers name files by: a long run of digits (`202112092207000001`,
// `NW202206172415666670`); a blog's slug of words (`grids-in-css3`) is none, even where a repost
// took the original's slug.
const ARTICLE_ID = /\d{6,}/;

/** The links of a paragraph and the text between and around them. */
function linksAndText(inner: string): { links: { href: string; text: string }[]; between: string[] } {
  const links: { href: string; text: string }[] = [];
  const between: string[] = [];
  let last = 0;
  for (const match of inner.matchAll(LINK)) {
    between.push(inner.slice(last, match.index));
    links.push({ href: decodeHtmlAttribute(match[1]!), text: decodeHtmlText(match[2]!).trim() });
    last = match.index + match[0].length;
  }
  between.push(inner.slice(last));
  return { links, between };
}

/** A paragraph of back links only: every link's text starts with 返回, nothing but separators between. */
export function isBackLinkParagraph(inner: string): boolean {
  const { links, between } = linksAndText(inner);
  return links.length > 0 && links.every((link) => link.text.startsWith('返回')) && between.every((text) => SEPARATORS.test(text));
}

/**
 * The source address of a paragraph that is only that address: a link showing its own http(s)
 * address (what `<http://…>` and a bare URL become), with an optional label such as 原文链接：.
 */
export function sourceParagraphUrl(inner: string): string | undefined {
  const { links, between } = linksAndText(inner);
  if (links.length !== 1) return undefined;
  const [link] = links;
  if (!/^https?:\/\//i.test(link!.href) || link!.text !== link!.href) return undefined;
  const [before, after] = between;
  if (!(SOURCE_LABEL.test(before!) || SEPARATORS.test(before!)) || !SEPARATORS.test(after!)) return undefined;
  return link!.href;
}

/** The last block of `html` when it is a paragraph or a one-row table (whose cells then read as one paragraph). */
function lastBlock(html: string): { inner: string; index: number } | undefined {
  const paragraph = LAST_PARAGRAPH.exec(html);
  if (paragraph) return { inner: paragraph[1]!, index: paragraph.index };
  const row = LAST_TABLE_ROW.exec(html);
  if (!row) return undefined;
  const cells = [...row[1]!.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((cell) => cell[1]!);
  return { inner: cells.join('｜'), index: row.index };
}

/** Whether the source paragraph `inner`, of a post whose file name has `slug`, carries a scraper's mark by itself. */
function scraperSource(inner: string, url: string, slug: string | undefined): boolean {
  if (SCRAPER_LABEL.test(linksAndText(inner).between[0]!)) return true;
  return slug !== undefined && ARTICLE_ID.test(slug) && url.includes(slug);
}

/**
 * Takes the scraper tail (back links and a source link, in either order) off the end of `html`.
 * `slug` is the post's file-name slug, which scrapers name after the article's id.
 */
export function splitScraperTail(html: string, slug?: string): SplitBody {
  let rest = html;
  let sourceUrl: string | undefined;
  let marked = false;
  let backLinks = false;
  let beforeSource = html;
  // At most one source paragraph and one or two back-link lines.
  for (let step = 0; step < 3; step += 1) {
    const block = lastBlock(rest);
    if (!block) break;
    if (isBackLinkParagraph(block.inner) && !(backLinks && sourceUrl)) {
      backLinks = true;
    } else {
      const url = sourceUrl === undefined ? sourceParagraphUrl(block.inner) : undefined;
      if (url === undefined) break;
      sourceUrl = url;
      marked = scraperSource(block.inner, url, slug);
      beforeSource = rest;
    }
    rest = rest.slice(0, block.index).replace(/\s+$/, '');
  }
  if (sourceUrl !== undefined && !backLinks && !marked) {
    // A link alone, without a scraper's mark: the post's own last paragraph.
    sourceUrl = undefined;
    rest = beforeSource.replace(/\s+$/, '');
    if (rest === html.replace(/\s+$/, '')) return { html };
  }
  if (sourceUrl === undefined && !backLinks) return { html };
  return { html: rest === '' ? rest : `${rest}\n`, sourceUrl };
}

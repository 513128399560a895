/**
 * RSS feeds for `@astrojs/rss`: what a feed shows (its view: channel texts, absolute links,
 * dates already in the site zone, and each item's body id), and the rendering of that view
 * with the bodies read from the body store — the excerpt as description, the sanitized HTML as
 * `content:encoded` — and a CSS stylesheet that browsers show it with.
 *
 * Feed readers render an item's description as HTML (RSS 2.0 defines it so) and most render
 * titles so too, some even categories: every text a reader may render is HTML that shows the
 * page's text, escaped for HTML before the XML builder escapes it again. The body is the page's sanitized HTML with
 * every link and image made absolute, since a reader shows it away from the site (mail, chat
 * and offline readers have no base URL to resolve a relative link against).
 */
import { getRssString, type RSSFeedItem, type RSSOptions } from '@astrojs/rss';
import { toRfc822InZone } from './dates';
import { decodeHtmlAttribute } from './html-entities';
import { readHtmlTag } from './html-tag';
import { escapeXml, htmlFromText, stripXmlForbidden } from './xml';

/** What a feed item needs to know about a post. */
export interface FeedPost {
  title: string;
  /** Site-relative, percent-encoded URL. */
  url: string;
  date: Date;
  categories: readonly string[];
  /** File with the post's excerpt and sanitized HTML. */
  bodyId: string;
}

/** One item as the feed shows it, but for the body, which is read from `bodyId`. */
export interface FeedItemView {
  title: string;
  /** Absolute URL of the article. */
  link: string;
  /** RFC 822 date in the site zone. */
  pubDate: string;
  /** As the post writes them (display names, not URL keys). */
  categories: string[];
  bodyId: string;
}

/** Everything a feed shows but its items' bodies. */
export interface FeedView {
  title: string;
  description: string;
  /** The channel's `<link>`. */
  link: string;
  language: string;
  /** Absolute URL of the feed itself, for the self link. */
  selfUrl: string;
  /** Site-relative URL of the CSS stylesheet that makes the feed readable in browsers. */
  stylesheet: string;
  items: FeedItemView[];
}

/** A post's excerpt and sanitized HTML. */
export interface FeedBody {
  excerpt: string;
  html: string;
}

/** An absolute URL for `path` on the site (`path` already percent-encoded). */
export function absoluteUrl(siteUrl: string, path: string): string {
  return new URL(path, siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`).href;
}

/** The view of one item: absolute link, date in the site zone. */
export function feedItemView(post: FeedPost, siteUrl: string, timeZone: string): FeedItemView {
  return {
    title: post.title,
    link: absoluteUrl(siteUrl, post.url),
    pubDate: toRfc822InZone(post.date, timeZone),
    categories: [...post.categories],
    bodyId: post.bodyId,
  };
}

// The URL attributes the sanitizing policy lets through.
const URL_ATTRIBUTES = new Set(['href', 'src', 'cite', 'srcset']);

// `<` and `>` too: a reader that cleans HTML with patterns rather than a parser must not meet a
// tag inside a quoted value (`mailto:"><img …>`).
const ATTRIBUTE_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '"': '&quot;', '<': '&lt;', '>': '&gt;' };
const encodeAttribute = (value: string) => value.replace(/[&"<>]/g, (character) => ATTRIBUTE_ESCAPES[character]!);

/** `url` resolved against `base`, or as written when no URL parser reads it. */
function resolved(url: string, base: string): string {
  return URL.canParse(url, base) ? new URL(url, base).href : url;
}

/**
 * Sanitized HTML with every `href`, `src`, `cite` and `srcset` URL resolved against `base`
 * (the article's absolute URL, which relative links in its body were written against). Links
 * to the archive's old hosts are already site paths (the sanitizer made them so), so they
 * lead to the site.
 */
export function withAbsoluteUrls(html: string, base: string): string {
  let out = '';
  let last = 0;
  for (let at = html.indexOf('<'); at !== -1; at = html.indexOf('<', at + 1)) {
    const tag = readHtmlTag(html, at);
    if (!tag) continue;
    for (const { name, value, valueStart, quote } of tag.attributes) {
      // The sanitizer writes every value double-quoted.
      if (quote !== '"' || !URL_ATTRIBUTES.has(name)) continue;
      const url = decodeHtmlAttribute(value);
      // The sanitizer writes a srcset back as `url descriptor, url descriptor`.
      const absolute =
        name === 'srcset'
          ? url
              .split(/,\s+/)
              .map((candidate) => candidate.replace(/^\S+/, (source) => resolved(source, base)))
              .join(', ')
          : resolved(url, base);
      out += html.slice(last, valueStart) + encodeAttribute(absolute);
      last = valueStart + value.length;
    }
    at = tag.end - 1;
  }
  return out + html.slice(last);
}

/** One RSS item from its view and body, with XML-forbidden characters removed from every text. */
export function feedItem(item: FeedItemView, body: FeedBody): RSSFeedItem {
  return {
    title: htmlFromText(item.title),
    link: item.link,
    description: htmlFromText(body.excerpt),
    content: stripXmlForbidden(withAbsoluteUrls(body.html, item.link)),
    categories: item.categories.map(htmlFromText),
    // @astrojs/rss would print the date in GMT; readers get the site's own zone instead.
    customData: `<pubDate>${item.pubDate}</pubDate>`,
  };
}

/** Channel-level extras: language and a self link so readers can find the feed again. */
export function channelData(language: string, feedUrl: string): string {
  return `<language>${escapeXml(language)}</language><atom:link href="${escapeXml(feedUrl)}" rel="self" type="application/rss+xml"/>`;
}

/** Options for `rss()` from a feed's view, reading each item's body with `bodyOf`. */
export function rssOptions(feed: FeedView, bodyOf: (file: string) => FeedBody): RSSOptions {
  return {
    // Category names come from posts; readers show the channel's texts as HTML too.
    title: htmlFromText(feed.title),
    description: htmlFromText(feed.description),
    site: feed.link,
    xmlns: { atom: 'http://www.w3.org/2005/Atom' },
    customData: channelData(feed.language, feed.selfUrl),
    items: feed.items.map((item) => feedItem(item, bodyOf(item.bodyId))),
  };
}

/**
 * `xml` with a CSS stylesheet processing instruction right after its XML declaration. Browsers
 * are dropping XSLT, and @astrojs/rss writes a `type` only for XSL stylesheets, while the
 * instruction needs one (`text/css`) to be valid.
 */
export function withCssStylesheet(xml: string, href: string): string {
  const instruction = `<?xml-stylesheet type="text/css" href="${escapeXml(href)}"?>`;
  const declaration = /^<\?xml\s[^?]*\?>/.exec(xml);
  if (!declaration) return `${instruction}\n${xml}`;
  return `${declaration[0]}\n${instruction}${xml.slice(declaration[0].length)}`;
}

/** The feed's XML, with its stylesheet, reading each item's body with `bodyOf`. */
export async function renderFeed(feed: FeedView, bodyOf: (file: string) => FeedBody): Promise<string> {
  return withCssStylesheet(await getRssString(rssOptions(feed, bodyOf)), feed.stylesheet);
}

/** The feed as the response of its endpoint. */
export async function feedResponse(feed: FeedView, bodyOf: (file: string) => FeedBody): Promise<Response> {
  return new Response(await renderFeed(feed, bodyOf), { headers: { 'content-type': 'application/xml; charset=utf-8' } });
}

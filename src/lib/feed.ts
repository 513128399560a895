/**
 * RSS items for `@astrojs/rss` from indexed posts: absolute links as guids, the plain-text
 * excerpt as description, the sanitized HTML as `content:encoded`, dates in the site zone.
 */
import type { RSSFeedItem } from '@astrojs/rss';
import { toRfc822InZone } from './dates';
import { stripXmlForbidden } from './xml';

/** What a feed item needs to know about a post. */
export interface FeedPost {
  title: string;
  /** Site-relative, percent-encoded URL. */
  url: string;
  date: Date;
  categories: readonly string[];
  excerpt: string;
  html: string;
}

/** An absolute URL for `path` on the site (`path` already percent-encoded). */
export function absoluteUrl(siteUrl: string, path: string): string {
  return new URL(path, siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`).href;
}

/** One RSS item, with XML-forbidden characters removed from every text. */
export function feedItem(post: FeedPost, siteUrl: string, timeZone: string): RSSFeedItem {
  return {
    title: stripXmlForbidden(post.title),
    link: absoluteUrl(siteUrl, post.url),
    description: stripXmlForbidden(post.excerpt),
    content: stripXmlForbidden(post.html),
    categories: post.categories.map(stripXmlForbidden),
    // @astrojs/rss would print the date in GMT; readers get the site's own zone instead.
    customData: `<pubDate>${toRfc822InZone(post.date, timeZone)}</pubDate>`,
  };
}

/** Channel-level extras: language and a self link so readers can find the feed again. */
export function channelData(language: string, feedUrl: string): string {
  const href = feedUrl.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return `<language>${language}</language><atom:link href="${href}" rel="self" type="application/rss+xml"/>`;
}

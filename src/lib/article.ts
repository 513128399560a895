/**
 * What an article page derives from its body: reading time for Chinese text, the original
 * source link, and the NewsArticle structured data.
 */
import { htmlToText } from './excerpt';

// Chinese readers take in about 400 characters a minute; Latin-script words run about 200.
const CJK_PER_MINUTE = 400;
const WORDS_PER_MINUTE = 200;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;

/** Minutes to read `text` (at least 1). */
export function readingMinutes(text: string): number {
  const cjk = text.match(CJK)?.length ?? 0;
  const words = text.replace(CJK, ' ').split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
  return Math.max(1, Math.round(cjk / CJK_PER_MINUTE + words / WORDS_PER_MINUTE));
}

/** Minutes to read sanitized article HTML. */
export function readingMinutesOfHtml(html: string): number {
  return readingMinutes(htmlToText(html));
}

/**
 * Bodies longer than this are left out of the search index (their titles stay in): Pagefind's
 * Chinese word splitting takes minutes on a multi-megabyte body, and news articles are a few
 * kilobytes. Measured in UTF-16 code units of the sanitized HTML.
 */
export const SEARCHABLE_BODY_LENGTH = 200_000;

// A paragraph that is nothing but a link showing its own address: how scraped news ends.
const AUTOLINK_PARAGRAPH = /<p>\s*(?:原文(?:链接|地址)?[:：]\s*)?<a href="(https?:\/\/[^"]+)"[^>]*>([^<]*)<\/a>\s*<\/p>/g;

/**
 * The article's original URL: a paragraph among the last two blocks of the body that is only a
 * link to an http(s) address (an autolink `<http://…>` in the post), or undefined.
 */
export function sourceUrl(html: string): string | undefined {
  const tail = html.split(/(?=<p>)/).slice(-2).join('');
  let found: string | undefined;
  for (const match of tail.matchAll(AUTOLINK_PARAGRAPH)) {
    const href = match[1]!.replace(/&amp;/g, '&');
    if (match[2]!.replace(/&amp;/g, '&') === href || match[0].includes('原文')) found = href;
  }
  return found;
}

/** What the structured data of an article states. */
export interface NewsArticleFacts {
  headline: string;
  url: string;
  datePublished: string;
  description: string;
  section?: string | undefined;
  keywords: readonly string[];
  language: string;
  publisher: string;
  siteUrl: string;
}

/**
 * `NewsArticle` JSON-LD, safe inside a `<script type="application/ld+json">` element: `<` is
 * escaped so no text can close the element.
 */
export function newsArticleJsonLd(facts: NewsArticleFacts): string {
  const data = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: facts.headline,
    url: facts.url,
    mainEntityOfPage: facts.url,
    datePublished: facts.datePublished,
    description: facts.description,
    ...(facts.section ? { articleSection: facts.section } : {}),
    ...(facts.keywords.length ? { keywords: facts.keywords.join(', ') } : {}),
    inLanguage: facts.language,
    publisher: { '@type': 'Organization', name: facts.publisher, url: facts.siteUrl },
  };
  return JSON.stringify(data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

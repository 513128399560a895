/**
 * What an article page derives from its body: reading time for Chinese text, the original
 * source link, the page description, and the NewsArticle structured data. The page's view holds
 * everything else; these are computed from the body plus that view, so the view's key
 * (which names the body by its digest) covers them too.
 */
import { htmlToText } from './excerpt';

// Chinese readers take in about 400 characters a minute; Latin-script words run about 200.
const CJK_PER_MINUTE = 400;
const WORDS_PER_MINUTE = 200;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;

/** Minutes to read `text` (at least 1). */
export function readingMinutes(text: string): number {
  const cjk = text.match(CJK)?.length ?? 0;
  const words = text
    .replace(CJK, ' ')
    .split(/\s+/)
    .filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
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

/** What the structured data of an article states. */
export interface NewsArticleFacts {
  headline: string;
  url: string;
  datePublished: string;
  section?: string | undefined;
  keywords: readonly string[];
  language: string;
  publisher: string;
  siteUrl: string;
}

/**
 * `NewsArticle` JSON-LD, safe inside a `<script type="application/ld+json">` element: `<` is
 * escaped so no text can close the element. It states what the head's other tags do not (the
 * kind of article, its section and keywords, its publisher), not the description and canonical
 * URL again: the meta description and the canonical link already say them, and on 100,000
 * articles each copy costs about 20 MB of output.
 */
export function newsArticleJsonLd(facts: NewsArticleFacts): string {
  const data = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: facts.headline,
    url: facts.url,
    datePublished: facts.datePublished,
    ...(facts.section ? { articleSection: facts.section } : {}),
    ...(facts.keywords.length ? { keywords: facts.keywords.join(', ') } : {}),
    inLanguage: facts.language,
    publisher: { '@type': 'Organization', name: facts.publisher, url: facts.siteUrl },
  };
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** What the body-derived parts of an article need to know from its view. */
export interface ArticleFacts {
  title: string;
  /** Absolute URL of the article page. */
  canonicalUrl: string;
  published: { iso: string };
  categories: readonly { name: string }[];
  tags: readonly { name: string }[];
  /** The source address the reader took out of the body's scraper tail, if any. */
  sourceUrl?: string | undefined;
}

/** The site as the structured data names it. */
export interface PublisherFacts {
  title: string;
  language: string;
  /** Absolute URL of the site's home page. */
  homeUrl: string;
}

/** What an article page shows that comes from its body. */
export interface ArticleBodyFacts {
  /** Page description: the excerpt, or the title when the body has no text. */
  description: string;
  readingMinutes: number;
  /** The original article's address, when the body ends with it. */
  sourceUrl?: string | undefined;
  /** Whether the body goes into the search index (see {@link SEARCHABLE_BODY_LENGTH}). */
  searchable: boolean;
  /** `NewsArticle` JSON-LD, safe inside a script element. */
  jsonLd: string;
}

/** The body-derived parts of an article page, from its stored body and its view. */
export function articleBodyFacts(body: { excerpt: string; html: string }, article: ArticleFacts, site: PublisherFacts): ArticleBodyFacts {
  return {
    description: body.excerpt || article.title,
    readingMinutes: readingMinutesOfHtml(body.html),
    sourceUrl: article.sourceUrl,
    searchable: body.html.length <= SEARCHABLE_BODY_LENGTH,
    jsonLd: newsArticleJsonLd({
      headline: article.title,
      url: article.canonicalUrl,
      datePublished: article.published.iso,
      section: article.categories[0]?.name,
      keywords: article.tags.map((tag) => tag.name),
      language: site.language,
      publisher: site.title,
      siteUrl: site.homeUrl,
    }),
  };
}

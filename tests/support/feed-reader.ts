/**
 * Feeds as a feed reader shows them: every feed of a built site parsed with a real RSS parser
 * (rss-parser), and each item rendered as a reader renders it — the channel's title, the
 * item's title and description and its `content:encoded` all as HTML, in one page with no
 * Content-Security-Policy (readers show feeds in their own pages, or in mail).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import Parser from 'rss-parser';
import { listFiles } from './build-site';

/** One item as a reader has it after parsing: every text as the reader would render it. */
export interface ReaderItem {
  /** The feed's file, relative to the output folder. */
  feed: string;
  channelTitle: string;
  link: string;
  title: string;
  /** The description (rss-parser calls it `content`). */
  description: string;
  content: string;
  categories: string[];
}

const parser = new Parser<Record<string, never>, { contentEncoded?: string }>({
  customFields: { item: [['content:encoded', 'contentEncoded']] },
});

/** Every item of every feed (`feed.xml` files) the build wrote. */
export async function readFeeds(outDir: string): Promise<ReaderItem[]> {
  const items: ReaderItem[] = [];
  for (const feed of listFiles(outDir).filter((file) => file.endsWith('feed.xml'))) {
    const parsed = await parser.parseString(readFileSync(path.join(outDir, feed), 'utf8'));
    for (const item of parsed.items) {
      items.push({
        feed,
        channelTitle: parsed.title ?? '',
        link: item.link ?? '',
        title: item.title ?? '',
        description: item.content ?? '',
        content: item.contentEncoded ?? '',
        categories: item.categories ?? [],
      });
    }
  }
  return items;
}

/** Element ids of the rendered fields, to read back what the reader shows. */
export const READER_FIELDS = {
  channelTitle: 'reader-channel',
  title: 'reader-title',
  description: 'reader-description',
  categories: 'reader-categories',
} as const;

/** The page a reader shows for an item: every field as HTML, in the order readers show them. */
export function readerPage(item: ReaderItem): string {
  return [
    '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>feed item</title><body>',
    `<header id="${READER_FIELDS.channelTitle}">${item.channelTitle}</header>`,
    `<h1 id="${READER_FIELDS.title}">${item.title}</h1>`,
    `<ul id="${READER_FIELDS.categories}">${item.categories.map((category) => `<li>${category}</li>`).join('')}</ul>`,
    `<div id="${READER_FIELDS.description}">${item.description}</div>`,
    `<div id="reader-content">${item.content}</div>`,
    '</body></html>',
  ].join('\n');
}

/** Writes each item's reader page below `outDir/__feed-items/`; returns their site paths, in order. */
export function writeReaderPages(outDir: string, items: readonly ReaderItem[]): string[] {
  const dir = path.join(outDir, '__feed-items');
  mkdirSync(dir, { recursive: true });
  return items.map((item, index) => {
    writeFileSync(path.join(dir, `${index}.html`), readerPage(item));
    return `/__feed-items/${index}.html`;
  });
}

/** Every URL of a link, image, quotation or source in an item's description and content. */
export function urlsOf(item: ReaderItem): string[] {
  const html = `${item.description}\n${item.content}`;
  const urls: string[] = [];
  for (const [, name, value] of html.matchAll(/\s(href|src|cite|srcset)="([^"]*)"/g)) {
    const decoded = value!
      .replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>');
    urls.push(...(name === 'srcset' ? decoded.split(/,\s+/).map((candidate) => candidate.split(/\s/)[0]!) : [decoded]));
  }
  return urls;
}

/**
 * Where what a reader shows differs from the site: each item's title and description rendered
 * as HTML must show the text its article page shows (its heading, and its description, which is
 * the excerpt), each category must stay one item of text, and a channel title must end in the
 * site's title (nothing of it swallowed). The
 * item pages are written below `outDir`, which `origin` serves.
 */
export async function readerDifferences(
  page: Page,
  origin: string,
  outDir: string,
  items: readonly ReaderItem[],
  siteTitle: string,
): Promise<string[]> {
  const normalized = (text: string) => text.replace(/\s+/g, ' ').trim();
  const readerPages = writeReaderPages(outDir, items);
  const differences: string[] = [];
  const articles = new Map<string, { title: string; description: string }>();
  for (const [index, item] of items.entries()) {
    const articlePath = new URL(item.link).pathname;
    let article = articles.get(articlePath);
    if (!article) {
      await page.goto(`${origin}${articlePath}`, { waitUntil: 'load' });
      article = await page.evaluate(() => ({
        title: document.querySelector('article h1')?.textContent ?? '',
        description: document.querySelector<HTMLMetaElement>('meta[name="description"]')?.content ?? '',
      }));
      articles.set(articlePath, article);
    }
    await page.goto(`${origin}${readerPages[index]}`, { waitUntil: 'load' });
    const shown = await page.evaluate(
      (ids) => ({
        channel: document.getElementById(ids.channelTitle)?.textContent ?? '',
        title: document.getElementById(ids.title)?.textContent ?? '',
        description: document.getElementById(ids.description)?.textContent ?? '',
        // Each category one item of text alone: nothing in it became markup or swallowed the next.
        categories: [...(document.getElementById(ids.categories)?.children ?? [])].map((element) => ({
          text: element.textContent ?? '',
          markup: element.tagName !== 'LI' || element.children.length > 0,
        })),
      }),
      READER_FIELDS,
    );
    const where = `${item.feed} ${decodeURIComponent(articlePath)}`;
    if (normalized(shown.title) !== normalized(article.title)) differences.push(`${where}: title ${JSON.stringify(shown.title)}`);
    // The page falls back to the title when a body has no text; the feed then has no description.
    if (item.description !== '' && normalized(shown.description) !== normalized(article.description)) {
      differences.push(`${where}: description ${JSON.stringify(shown.description)} ≠ ${JSON.stringify(article.description)}`);
    }
    if (shown.categories.length !== item.categories.length || shown.categories.some((category) => category.markup)) {
      differences.push(`${where}: categories ${JSON.stringify(shown.categories)} of ${JSON.stringify(item.categories)}`);
    }
    const channel = normalized(shown.channel);
    if (channel !== siteTitle && !channel.endsWith(` | ${siteTitle}`))
      differences.push(`${where}: channel title ${JSON.stringify(channel)}`);
  }
  return differences;
}

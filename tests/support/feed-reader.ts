/**
 * Feeds as a feed reader shows them: every feed of a built site parsed with a real RSS parser
 * (rss-parser), and each item rendered as a reader renders it — the channel's title, the
 * item's title and description and its `content:encoded` all as HTML, in one page with no
 * Content-Security-Policy (readers show feeds in their own pages, or in mail).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
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
      });
    }
  }
  return items;
}

/** Element ids of the rendered fields, to read back what the reader shows. */
export const READER_FIELDS = { channelTitle: 'reader-channel', title: 'reader-title', description: 'reader-description' } as const;

/** The page a reader shows for an item: every field as HTML, in the order readers show them. */
export function readerPage(item: ReaderItem): string {
  return [
    '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>feed item</title><body>',
    `<header id="${READER_FIELDS.channelTitle}">${item.channelTitle}</header>`,
    `<h1 id="${READER_FIELDS.title}">${item.title}</h1>`,
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

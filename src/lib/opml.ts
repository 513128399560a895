/**
 * OPML 2.0 subscription lists (http://opml.org/spec2.opml): the form feed readers import and
 * export lists of feeds in. Every text is escaped for an XML attribute, so a name with `&`, `<`
 * or quotes stays one well-formed value.
 */
import { escapeXml, htmlFromText } from './xml';

// OPML 2.0: `text` "may contain encoded HTML markup", and readers render it so: a name is HTML
// that shows its text (as feed titles are), then escaped for the XML attribute.
const shownName = (text: string) => escapeXml(htmlFromText(text));

/** One feed: `text` (also its `title`) is the name a reader shows for it. */
export interface OpmlFeed {
  text: string;
  /** Absolute URL of the feed. */
  xmlUrl: string;
  /** Absolute URL of the page the feed follows. */
  htmlUrl: string;
}

/** A folder of feeds; readers make it a folder of subscriptions. */
export interface OpmlFolder {
  text: string;
  children: OpmlFeed[];
}

/** An entry of the list's body. */
export type OpmlOutline = OpmlFeed | OpmlFolder;

/** A whole subscription list. */
export interface OpmlDocument {
  title: string;
  outlines: OpmlOutline[];
}

function feedOutline(feed: OpmlFeed, indent: string): string {
  const name = shownName(feed.text);
  return `${indent}<outline type="rss" text="${name}" title="${name}" xmlUrl="${escapeXml(feed.xmlUrl)}" htmlUrl="${escapeXml(feed.htmlUrl)}"/>`;
}

function outline(entry: OpmlOutline, indent: string): string {
  if (!('children' in entry)) return feedOutline(entry, indent);
  const name = shownName(entry.text);
  const children = entry.children.map((child) => feedOutline(child, `${indent}  `));
  return [`${indent}<outline text="${name}" title="${name}">`, ...children, `${indent}</outline>`].join('\n');
}

/** The OPML 2.0 document of `list`, one outline a line. */
export function buildOpml(list: OpmlDocument): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    <title>${escapeXml(list.title)}</title>`,
    '    <docs>http://opml.org/spec2.opml</docs>',
    '  </head>',
    '  <body>',
    ...list.outlines.map((entry) => outline(entry, '    ')),
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}

/**
 * The HTTP headers each output file is stored with. Object storage serves what it was given, so
 * these are stated here rather than guessed from the deploying machine's MIME database (which
 * differs between machines and marks `.pf_fragment` as nothing at all).
 */
import { createHash } from 'node:crypto';
import { decodeHtmlAttribute } from '../lib/html-entities';
import { firstOfEachName, readHtmlTag } from '../lib/html-tag';

/** What an object is served with. */
export interface ObjectHeaders {
  contentType: string;
  cacheControl: string;
  /** An old URL's new address: S3 website endpoints and CDNs in front of them answer 301 with it. */
  redirectLocation?: string | undefined;
}

const UTF8 = '; charset=utf-8';

/**
 * Content types by extension. Feeds and sitemaps are `application/xml`, as GitHub Pages serves
 * them: with `application/rss+xml` browsers download the feed instead of showing its styled page,
 * and feed readers go by the content. Pagefind's index files are gzip data that Pagefind's own
 * script unpacks: they must arrive as bytes, without a `Content-Encoding` a browser would undo.
 */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: `text/html${UTF8}`,
  css: `text/css${UTF8}`,
  js: `text/javascript${UTF8}`,
  mjs: `text/javascript${UTF8}`,
  json: `application/json${UTF8}`,
  xml: `application/xml${UTF8}`,
  xsl: `application/xml${UTF8}`,
  // Old feed addresses (`legacyFeedUrls`) may end so: the site feed's copies.
  rss: `application/xml${UTF8}`,
  atom: `application/xml${UTF8}`,
  opml: `text/x-opml${UTF8}`,
  txt: `text/plain${UTF8}`,
  md: `text/markdown${UTF8}`,
  csv: `text/csv${UTF8}`,
  svg: `image/svg+xml${UTF8}`,
  ico: 'image/vnd.microsoft.icon',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  bmp: 'image/bmp',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  otf: 'font/otf',
  pdf: 'application/pdf',
  mp3: 'audio/mpeg',
  mp4: 'video/mp4',
  webm: 'video/webm',
  wasm: 'application/wasm',
  zip: 'application/zip',
  pagefind: 'application/octet-stream',
  pf_meta: 'application/octet-stream',
  pf_index: 'application/octet-stream',
  pf_fragment: 'application/octet-stream',
  pf_filter: 'application/octet-stream',
};

/** For files whose extension the table lacks: served as bytes, and named in the deploy's report. */
export const UNKNOWN_CONTENT_TYPE = 'application/octet-stream';

/** Files whose name changes whenever their bytes do: cached by browsers and CDNs for a year. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Everything else (pages, feeds, the search entry files): cached briefly, then revalidated, so a
 * new post is seen within minutes without a CDN invalidation; an unchanged file costs a 304.
 */
export const REVALIDATE = 'public, max-age=300, must-revalidate';

// Astro's bundles (`_astro/Name.HASH.css`) and Pagefind's chunks (`zh_3b7b564.pf_index`,
// `pagefind.zh_8df5e983dd.pf_meta`) carry a digest of their content in their name, the search
// index's shared WebAssembly (`pagefind-runtime/0123456789ab/wasm.unknown.pagefind`) in its folder's.
const CONTENT_HASHED = [
  /^_astro\//,
  /(?:^|\/)pagefind[^/]*\/(?:.*\/)?[^/]*_[0-9a-f]{7,}\.pf_(?:meta|index|fragment|filter)$/,
  /^pagefind-runtime\/[0-9a-f]{12}\/[^/]+$/,
];

/** The extension of an output file's key, lower-case, or '' when it has none. */
export function extensionOf(key: string): string {
  const name = key.slice(key.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/** Whether the table names the type of `key`. */
export function knownType(key: string): boolean {
  return extensionOf(key) in CONTENT_TYPES;
}

/**
 * The headers of the output file `key` (relative to the output folder, with `/`); `page` says it
 * is an HTML page whatever its name (a post's page named `x.shtml`).
 */
export function headersFor(key: string, redirectLocation?: string, { page = false } = {}): ObjectHeaders {
  return {
    contentType: page ? CONTENT_TYPES.html! : (CONTENT_TYPES[extensionOf(key)] ?? UNKNOWN_CONTENT_TYPE),
    cacheControl: CONTENT_HASHED.some((pattern) => pattern.test(key)) ? IMMUTABLE : REVALIDATE,
    redirectLocation,
  };
}

/** A short digest of a file's headers, kept in the deploy manifest to see header changes. */
export function headerDigest(headers: ObjectHeaders): string {
  const text = JSON.stringify([headers.contentType, headers.cacheControl, headers.redirectLocation ?? null]);
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/**
 * The target of a redirect page the site writes (`<meta http-equiv="refresh" content="0; url=…">`
 * in its head), as a header value: an absolute path or URL, in ASCII. Undefined for other pages.
 * `pageKey` resolves a relative target against the page's own address.
 */
export function redirectTarget(html: string, pageKey: string): string | undefined {
  const head = html.slice(0, Math.max(0, html.search(/<body[\s>]/i)) || 4096);
  // Most pages have no refresh at all; their tags need not be read (an attribute value spelt in
  // character references is not one the site writes).
  if (!/refresh/i.test(head)) return undefined;
  for (let at = head.indexOf('<'); at !== -1; at = head.indexOf('<', at + 1)) {
    const meta = readHtmlTag(head, at);
    if (!meta) continue;
    at = meta.end - 1;
    const attributes = new Map(firstOfEachName(meta.attributes).map(({ name, value }) => [name, decodeHtmlAttribute(value)]));
    if (meta.name !== 'meta' || meta.closing || attributes.get('http-equiv')?.toLowerCase() !== 'refresh') continue;
    const value = attributes.get('content') ?? '';
    const target = /^\s*0+(?:\.0*)?\s*[;,]\s*url\s*=\s*['"]?([^'"]+?)['"]?\s*$/i.exec(value)?.[1];
    if (!target) return undefined;
    const page = new URL(`https://site.invalid/${pageKey.split('/').map(encodeURIComponent).join('/')}`);
    const resolved = new URL(target, page);
    // S3 reads a raw `+` in a request's path as a space: the redirect names it as `%2B`.
    if (resolved.origin === page.origin) return `${resolved.pathname.replaceAll('+', '%2B')}${resolved.search}${resolved.hash}`;
    return resolved.protocol === 'https:' || resolved.protocol === 'http:' ? resolved.href : undefined;
  }
  return undefined;
}

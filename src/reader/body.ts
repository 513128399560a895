/**
 * The body to article HTML: Markdown rendered (`.html` posts are HTML already), sanitized with
 * the one policy of `src/lib/sanitize.ts`, and cleaned of what HTML and XML may not contain;
 * then its plain-text excerpt.
 */
import { excerpt, htmlToText } from '../lib/excerpt';
import { kramdownToHtml } from '../lib/kramdown-markdown';
import { createSanitizer } from '../lib/sanitize';
import { stripXmlForbidden } from '../lib/xml';
import { isHtmlExtension } from './file-name';

/** What rendering a body depends on besides the body. */
export interface BodySettings {
  /** Hosts the archive was served from: links to them become site-relative. */
  legacyHosts: readonly string[];
}

// Building the sanitizing policy costs more than applying it; a site has one set of hosts.
const sanitizers = new Map<string, (html: string) => string>();

/** The sanitizer for a set of legacy hosts, built once. */
export function sanitizerFor(legacyHosts: readonly string[]): (html: string) => string {
  const key = JSON.stringify(legacyHosts);
  let sanitize = sanitizers.get(key);
  if (!sanitize) {
    sanitize = createSanitizer({ legacyHosts });
    sanitizers.set(key, sanitize);
  }
  return sanitize;
}

/**
 * A post body as HTML before it is sanitized: Markdown rendered (`extension` is the file's;
 * `html` bodies are HTML already).
 */
export function bodyHtml(body: string, extension: string): string {
  if (isHtmlExtension(extension)) return body;
  return kramdownToHtml(body);
}

/** Sanitized HTML of a post body; `extension` is the file's (`html` bodies skip Markdown). */
export function renderBody(body: string, extension: string, settings: BodySettings): string {
  // Control characters and lone surrogates are not allowed in HTML or XML documents.
  return stripXmlForbidden(sanitizerFor(settings.legacyHosts)(bodyHtml(body, extension)));
}

/** The plain-text excerpt of sanitized body HTML, at most `length` characters. */
export function bodyExcerpt(html: string, length: number): string {
  return excerpt(htmlToText(html), length);
}

/**
 * The plain text of a summary the author wrote (`description:`), whole: as Jekyll's SEO tag
 * shows it, its Markdown rendered and its markup dropped (sanitized first, so that a script's
 * text goes with it).
 */
export function summaryText(summary: string, settings: BodySettings): string {
  return stripXmlForbidden(htmlToText(sanitizerFor(settings.legacyHosts)(kramdownToHtml(summary))));
}

/**
 * A cheap check of the links inside the site, against the files of the output: every `href` and
 * `src` of the pages this build wrote that points into the site, and every link the posts'
 * bodies write into the site that their pages show, named by file and line (`path:line: link:
 * <href> → <path> does not exist`), a link written in many posts once with their count. Only
 * reported, never fatal: posts copied from news sites carry links to pages the archive never had.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { linkLines, oldSiteLinkLines } from '../../loaders/report';
import { siteTarget } from '../../lib/body-links';
import { decodeHtmlAttribute } from '../../lib/html-entities';
import { firstOfEachName, readHtmlTag } from '../../lib/html-tag';
import { readRouteRecord } from '../../lib/route-record';
import { type FileLookup, resolves } from '../../lib/route-record';
import { isSearchFolder } from '../../lib/search-plan';
import { checkBodyLinks, type BodyLinkCheck } from '../../lib/site-pages';
import { readOldSite } from '../../loaders/site-links';
import { decodeName, filesBelow } from './output-folder';
import type { PostBuildStep } from './pipeline';
import type { PipelineState } from './state';

/** The full list of the last check, in the cache folder. */
export const LINK_REPORT_FILE = 'xinwen-link-check.json';

/** Broken links shown in the build log; the rest are in the report file. */
const SHOWN = 20;

const LINK_NAMES = new Set(['href', 'src']);

export interface BrokenLink {
  /** The page, as its site path (`/a/b.html`). */
  page: string;
  /** The link as the page writes it (entities decoded). */
  link: string;
}

export interface LinkCheckResult {
  pages: number;
  links: number;
  broken: BrokenLink[];
  /** The posts' own links into the site, checked in every build, by file and line. */
  bodyLinks?: BodyLinkCheck | undefined;
}

/** The `href` and `src` values of the tags of an HTML page, entities decoded, in order. */
export function linksOf(html: string): string[] {
  const links: string[] = [];
  for (let at = html.indexOf('<'); at !== -1; at = html.indexOf('<', at + 1)) {
    const tag = readHtmlTag(html, at);
    if (!tag) continue;
    if (!tag.closing) {
      for (const { name, value, quote } of firstOfEachName(tag.attributes)) {
        if (quote !== undefined && LINK_NAMES.has(name)) links.push(decodeHtmlAttribute(value));
      }
    }
    at = tag.end - 1;
  }
  return links;
}

/** The site path of an output file: `a b/c.html` → `/a%20b/c.html`. */
function urlOfFile(file: string): string {
  return `/${file.split('/').map(encodeURIComponent).join('/')}`;
}

/**
 * The decoded site path a link from the page `pageFile` points to, or undefined when there is
 * nothing to check: another host or scheme, or a link to a place on the same page.
 * `#…` and `?…` are dropped; an undecodable path is returned as written, to be reported.
 */
export function linkTarget(pageFile: string, link: string): string | undefined {
  const trimmed = link.trim();
  const page = urlOfFile(pageFile);
  // Resolved as the posts' own links are; one that no URL parser reads is reported as written.
  if (trimmed !== '' && !URL.canParse(trimmed, `http://site.invalid${page}`)) return trimmed;
  return siteTarget(trimmed, page, []);
}

// An article's body and what follows it in the article (its source link): the posts' own links,
// checked by post file and line. A sanitized body cannot hold this start tag or `</article>`.
const ARTICLE_BODY = /<div class="article-body"[\s\S]*?<\/article>/g;

/** The page without its article body: the links the site itself writes. */
export function siteOwnHtml(html: string): string {
  return html.replace(ARTICLE_BODY, '</article>');
}

/**
 * Checks the site's own links of `pages` (relative output paths of HTML pages; article bodies
 * aside, whose links the posts' check names by file and line) against `files` (every file of
 * the output). Each broken link is listed once per page.
 */
export function checkLinks(outDir: string, pages: readonly string[], files: FileLookup): LinkCheckResult {
  const result: LinkCheckResult = { pages: pages.length, links: 0, broken: [] };
  for (const page of [...pages].sort()) {
    const reported = new Set<string>();
    for (const link of linksOf(siteOwnHtml(readFileSync(path.join(outDir, page), 'utf8')))) {
      const target = linkTarget(page, link);
      if (target === undefined) continue;
      result.links += 1;
      if (resolves(target, files) || reported.has(link)) continue;
      reported.add(link);
      result.broken.push({ page: `/${page}`, link });
    }
  }
  return result;
}

/** The HTML pages this build wrote, by the names the output folder step gave them. */
export function pagesWritten(state: Pick<PipelineState, 'outputs' | 'wasWritten'>): string[] {
  // Astro names every page it writes `….html`; a page named by its exact path (`x.shtml`) loses it after.
  const pages = state.outputs.filter((output) => output.endsWith('.html')).map(decodeName);
  return [...new Set(pages)].filter((file) => state.wasWritten(file));
}

/**
 * The output's files as the tidying left them, and the search index's, which it writes after:
 * those are looked up on disk when a link names one (pages link to few, if any).
 */
function outputFileSet(state: Pick<PipelineState, 'outDir' | 'outputFiles'>): FileLookup {
  if (state.outputFiles === undefined) return new Set(filesBelow(state.outDir));
  const files = new Set(state.outputFiles);
  return {
    has: (file) => files.has(file) || (isSearchFolder(file.slice(0, file.indexOf('/'))) && existsSync(path.join(state.outDir, file))),
  };
}

/** Groups of body links (one href to one path) listed one per line in the build log; the report file has every link. */
const BODY_LINK_GROUPS_SHOWN = 50;

/** The link check step; it relies on the output folder step's decoded names. */
export function linkCheckStep(): PostBuildStep {
  return {
    name: 'link-check',
    required: false,
    run(state, logger) {
      const started = performance.now();
      const files = outputFileSet(state);
      const result = checkLinks(state.outDir, pagesWritten(state), files);
      // Links to the old site's pages and files (npm run migrate's record) are named apart.
      result.bodyLinks = checkBodyLinks(readRouteRecord(state.cacheDir).bodyLinks ?? [], files, undefined, readOldSite(state.root));
      const milliseconds = Math.round(performance.now() - started);
      mkdirSync(state.cacheDir, { recursive: true });
      const reportFile = path.join(state.cacheDir, LINK_REPORT_FILE);
      writeFileSync(reportFile, `${JSON.stringify(result, null, 2)}\n`);
      logBodyLinks(result.bodyLinks, reportFile, logger);
      const summary = `${result.pages} pages written, ${result.links} links into the site checked in ${milliseconds} ms`;
      if (result.broken.length === 0) {
        logger.info(`links: ${summary}, none broken`);
        return;
      }
      const shown = result.broken.slice(0, SHOWN).map(({ page, link }) => `  ${page} → ${link}`);
      const more = result.broken.length > SHOWN ? [`  … and ${result.broken.length - SHOWN} more`] : [];
      logger.warn([`${result.broken.length} broken links (${summary}); all are listed in ${reportFile}:`, ...shown, ...more].join('\n'));
    },
  };
}

/**
 * One warning per group of body links that lead nowhere (one href to one path, biggest first; a
 * link written once by its file and line), the first few, then the count. Links in content the
 * page does not show (the scraper's back links) are counted, not listed.
 */
function logBodyLinks(check: BodyLinkCheck, reportFile: string, logger: Parameters<PostBuildStep['run']>[1]): void {
  for (const line of linkLines(check, BODY_LINK_GROUPS_SHOWN, reportFile)) logger.warn(line);
  // Links to the old site's pages and files are known, not broken: said, not warned about.
  for (const line of oldSiteLinkLines(check)) logger.info(line);
  const hidden = check.notShown?.length ?? 0;
  const old = check.oldSite?.length ?? 0;
  logger.info(
    `post links: ${check.checked} links into the site checked, ${check.broken.length} lead nowhere` +
      `${old > 0 ? `, ${old} lead to the old site's pages and files that this site does not have` : ''}` +
      `${hidden > 0 ? ` (and ${hidden} more in content the page does not show)` : ''}`,
  );
}

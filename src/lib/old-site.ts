/**
 * The old Jekyll site's pages and static files, as `npm run migrate` wrote them down in
 * `src/data/old-site.yml`: a link in a post to one of them that the new site does not serve is
 * a link to the old site's page or file (an image not brought, an about page not rewritten), not
 * one that never led anywhere, and the link checks (`npm run check`, the build's) report it apart.
 * Pure: the callers read and write the file.
 */
import YAML from 'yaml';
import { outputFileForPath, resolves } from './route-record';

/** The record, relative to the project. */
export const OLD_SITE_FILE = 'src/data/old-site.yml';

/** The old site's pages (their URLs) and static files (their paths), as decoded site paths. */
export interface OldSiteRecord {
  pages: string[];
  files: string[];
}

/** What a link to the old site leads to: one of its pages, or one of its static files. */
export type OldSiteKind = 'page' | 'file';

/** Tells whether a decoded site path was one of the old site's pages or files. */
export type OldSiteLookup = (sitePath: string) => OldSiteKind | undefined;

/** The record as `npm run migrate` writes it: a comment on what it is, then the two lists. */
export function oldSiteText(record: OldSiteRecord, siteName: string): string {
  return (
    `# The pages and static files of the old Jekyll site (${siteName}), written by npm run migrate.\n` +
    "# npm run check and the build report posts' links to them that this site does not serve apart from\n" +
    '# links that lead nowhere: a file to bring into public/, or a page to write. Edit freely.\n' +
    YAML.stringify({ pages: record.pages, files: record.files })
  );
}

/** Reads the record's text; lists that are missing or hold other than site paths are read as empty. */
export function parseOldSite(text: string): OldSiteRecord {
  let data: unknown;
  try {
    data = YAML.parse(text);
  } catch {
    return { pages: [], files: [] };
  }
  const list = (key: string): string[] => {
    const value = (data as Record<string, unknown> | null)?.[key];
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item.startsWith('/')) : [];
  };
  return { pages: list('pages'), files: list('files') };
}

/**
 * A lookup over the record that resolves a path as static hosts do (`/about` finds the page
 * `/about/`); a file wins over a page of the same path.
 */
export function oldSiteLookup(record: OldSiteRecord): OldSiteLookup {
  const files = new Set(record.files.map((file) => file.replace(/^\/+/, '')));
  const pages = new Set(
    record.pages.map((page) => (page.endsWith('/') || page.endsWith('.html') ? outputFileForPath(page) : page.replace(/^\/+/, ''))),
  );
  return (sitePath) => (resolves(sitePath, files) ? 'file' : resolves(sitePath, pages) ? 'page' : undefined);
}

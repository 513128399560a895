/**
 * The posts and terms the site index is made of, in a module of their own: the index
 * (`site-index.ts`) groups them, and the URL folders (`url-prefixes.ts`) read them, without the
 * two modules importing each other.
 */

/** A post as the index needs it: the stored data plus its sanitized HTML. */
export interface IndexedPost {
  id: string;
  title: string;
  date: Date;
  categories: readonly string[];
  tags: readonly string[];
  path: string;
  url: string;
  legacyPaths: readonly string[];
  /** The extension the files of the post's pages keep (`Post['keptExtension']`). */
  keptExtension?: string | undefined;
  /** Changes whenever anything shown from the post may change. */
  digest: string;
  /** File with the excerpt and sanitized body HTML. */
  bodyId: string;
  /** Digest of the sanitized body HTML alone. */
  bodyDigest: string;
  /** Original address from the scraper's source link, taken out of the body. */
  sourceUrl?: string | undefined;
  /** The post file, as messages name it. */
  sourceFile?: string | undefined;
  /** The body's links into the site, with their lines and the site paths they resolve to. */
  links?: readonly { line: number; href: string; path: string; shown?: false | undefined }[] | undefined;
}

/** What posts are grouped by. Categories are in Jekyll's URLs; tags are not. */
export type TermKind = 'category' | 'tag';

/** A category or a tag with its posts, newest first. */
export interface Term {
  kind: TermKind;
  /** Lower-cased name made safe as one path segment (`termSlug` in `site-index.ts`): what URLs use. */
  key: string;
  /** Display name: from the categories data, else as the posts write it. */
  name: string;
  description?: string | undefined;
  url: string;
  /** Only categories have feeds. */
  feedUrl?: string | undefined;
  posts: IndexedPost[];
}

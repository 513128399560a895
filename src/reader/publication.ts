/**
 * Whether a valid post is built now: `published: false` keeps it out, a date after the build's
 * clock too (unless future posts are included), as in Jekyll. Also the warnings for a layout
 * this site does not have and for an empty `published:`.
 */
import type { FrontMatter } from '../schemas/post';
import { finding, type Finding } from '../lib/problem';

const KNOWN_LAYOUTS = new Set(['post', 'default']);

/** The rules a post's publication is decided by. */
export interface PublicationRules {
  /** Build posts dated after `now` (Jekyll's `--future`). */
  includeFuture: boolean;
  /** The build's clock. */
  now: Date;
}

/** A post to build, at its date; or why it is not built now. */
export type Publication = { status: 'published'; date: Date } | { status: 'unpublished' | 'future' };

/** Decides publication; the front-matter date wins over the file name's. */
export function publicationOf(frontMatter: Pick<FrontMatter, 'published' | 'date'>, fileDate: Date, rules: PublicationRules): Publication {
  if (!frontMatter.published) return { status: 'unpublished' };
  const date = frontMatter.date?.date ?? fileDate;
  if (!rules.includeFuture && date.getTime() > rules.now.getTime()) return { status: 'future' };
  return { status: 'published', date };
}

/**
 * A warning when the front matter names a layout other than `post` or `default`: Jekyll
 * builds such a post bare, here it gets the post layout.
 */
export function layoutWarning(frontMatter: Pick<FrontMatter, 'layout'>, keyLines: ReadonlyMap<string, number>): Finding | undefined {
  const { layout } = frontMatter;
  if (layout === undefined || KNOWN_LAYOUTS.has(layout)) return undefined;
  return finding(
    'layout',
    `"${layout}" is not a layout here; the post is shown with the post layout (write layout: post or remove the line)`,
    keyLines.get('layout'),
  );
}

/**
 * A warning when `published:` is there but empty: Psych reads it as nil, which Jekyll's
 * `data.fetch("published", true)` returns and reads as false, so the post is left out, as an
 * author who left the value blank may not expect.
 */
export function emptyPublishedWarning(data: Readonly<Record<string, unknown>>, keyLines: ReadonlyMap<string, number>): Finding | undefined {
  if (!('published' in data) || data.published !== null) return undefined;
  return finding(
    'published',
    'is empty, which Jekyll reads as false: the post is left out; write true to publish it',
    keyLines.get('published'),
  );
}

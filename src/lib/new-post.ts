/**
 * What `npm run new` writes: a correctly named, valid post file for a title, category and
 * tags. Chinese titles get a stable ASCII slug (a short hash), so the slug is never empty and
 * the same title always gives the same file name.
 */
import { createHash } from 'node:crypto';
import { toIsoInZone, wallTime } from './dates';

/** An ASCII slug for a title: its Latin words, plus a short hash when it has other text. */
export function slugFromTitle(title: string): string {
  const words = title.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  const hash = createHash('sha1').update(title.normalize('NFC')).digest('hex').slice(0, 8);
  if (words.length === 0) return hash;
  const latin = words.slice(0, 8).join('-');
  // Other scripts in the title would be lost from the slug; the hash keeps two such titles apart.
  return /[^\p{ASCII}]/u.test(title) ? `${latin}-${hash.slice(0, 6)}` : latin;
}

export interface NewPost {
  title: string;
  category: string;
  tags: readonly string[];
  date: Date;
  timeZone: string;
}

/**
 * The body `npm run new` writes: the reader refuses a post whose body is still exactly this,
 * so an unwritten post is never published.
 */
export const PLACEHOLDER_BODY = '<p>在这里写正文。</p>';

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** The file name and text of a new post. */
export function newPostFile(post: NewPost): { fileName: string; slug: string; text: string } {
  const wall = wallTime(post.date, post.timeZone);
  const day = `${wall.year}-${String(wall.month).padStart(2, '0')}-${String(wall.day).padStart(2, '0')}`;
  const iso = toIsoInZone(post.date, post.timeZone);
  // Jekyll's own date form, with the zone's offset: 2026-11-28 21:30:00 +0800.
  const date = `${iso.slice(0, 10)} ${iso.slice(11, 19)} ${iso.slice(19).replace(':', '')}`;
  const slug = slugFromTitle(post.title);
  const lines = [
    '---',
    'layout: post',
    `title: ${quote(post.title)}`,
    `date: ${date}`,
    `categories: ${quote(post.category)}`,
    ...(post.tags.length > 0 ? [`tags: [${post.tags.map(quote).join(', ')}]`] : []),
    '---',
    PLACEHOLDER_BODY,
    '',
  ];
  return { fileName: `${day}-${slug}.md`, slug, text: lines.join('\n') };
}

/**
 * What `npm run new` writes: a correctly named, valid post file for a title, category and
 * tags. A title that is mostly Chinese gets a stable ASCII slug that is a short hash only, so
 * the slug is never empty, never a meaningless scrap of its digits (`0-5` of "降准0.5个百分点"),
 * and the same title always gives the same file name.
 */
import { createHash } from 'node:crypto';
import { toIsoInZone, wallTime } from './dates';

/**
 * An ASCII slug for a title: its Latin words when they are most of it (with a short hash when
 * other text is lost from the slug), else a hash of the title alone.
 */
export function slugFromTitle(title: string): string {
  const hash = createHash('sha1').update(title.normalize('NFC')).digest('hex').slice(0, 8);
  const words = title.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  // The Latin words must carry most of the title, and one must have a letter. A Chinese
  // character says about what a short Latin word does, so it counts as two letters.
  const ascii = words.join('').length;
  const other = title.match(/[\p{L}\p{N}]/gu)?.filter((character) => !/[a-z0-9]/i.test(character)).length ?? 0;
  if (ascii <= other * 2 || !words.some((word) => /[a-z]/.test(word))) return hash;
  const latin = words.slice(0, 8).join('-');
  // Other scripts in the title would be lost from the slug; the hash keeps two such titles apart.
  return other > 0 ? `${latin}-${hash.slice(0, 6)}` : latin;
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

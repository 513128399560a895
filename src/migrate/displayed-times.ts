/**
 * The times readers see change when the old site showed dates in another zone: a Jekyll site
 * without `timezone:` ran in its build machine's zone (UTC on GitHub Pages), so a post dated
 * `2021-12-09 21:15:00 +0800` showed 13:15; xinwen shows every date in the site zone, 21:15.
 * Dates written without an offset read as the same wall time on both, so they do not move
 * (but for the one YAML quirk Jekyll read as UTC, see `jekyllUtcDate`). Pure.
 */
import { parseDate, type WallTime, wallTime } from '../lib/dates';
import { jekyllUtcDate } from '../reader/urls';

/** A valid post's date, as the build reads it and as its front matter writes it. */
export interface DatedPost {
  /** The post's file, as messages name it. */
  file: string;
  /** The instant xinwen gives the post. */
  date: Date;
  /** The front matter's `date:` as written; undefined when the date comes from the file name. */
  dateText: string | undefined;
  /** The `date:` when written as a plain YAML scalar (see `FrontMatterText.plainDate`). */
  plainDate?: string | undefined;
}

/** A post whose shown time changes: what the old site showed, and what xinwen shows. */
export interface TimeChange {
  post: DatedPost;
  old: WallTime;
  now: WallTime;
}

/** The instant the old site showed for a post, when its zone decides the shown time; else undefined. */
function oldInstant(post: DatedPost, siteZone: string): Date | undefined {
  if (post.dateText === undefined) return undefined;
  const parsed = parseDate(post.dateText, siteZone);
  if (!parsed.ok) return undefined;
  // An offset makes the date one instant, shown in whatever zone the site runs in.
  if (parsed.hasOffset) return parsed.date;
  return jekyllUtcDate(post.plainDate, parsed, siteZone);
}

const sameWall = (a: WallTime, b: WallTime) =>
  a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour && a.minute === b.minute && a.second === b.second;

/** The posts (in the order given) whose shown date or time differs between the two zones. */
export function timeChanges(posts: Iterable<DatedPost>, oldZone: string, siteZone: string): TimeChange[] {
  const changes: TimeChange[] = [];
  for (const post of posts) {
    const instant = oldInstant(post, siteZone);
    if (instant === undefined) continue;
    const old = wallTime(instant, oldZone);
    const now = wallTime(post.date, siteZone);
    if (!sameWall(old, now)) changes.push({ post, old, now });
  }
  return changes;
}

const two = (n: number) => String(n).padStart(2, '0');
const dayOf = (wall: WallTime) => `${wall.year}-${two(wall.month)}-${two(wall.day)}`;
const timeOf = (wall: WallTime) => `${two(wall.hour)}:${two(wall.minute)}`;

/**
 * What readers will see change, with one of the site's own posts as the example; undefined
 * when no post shows another time. `oldZoneLabel` names the old zone as the message should
 * (for a site without `timezone:`, that it was the build machine's).
 */
export function displayedTimesNote(
  posts: readonly DatedPost[],
  zones: { old: string; oldLabel: string; site: string },
): string | undefined {
  const changes = timeChanges(posts, zones.old, zones.site);
  const example = changes[0];
  if (!example) return undefined;
  const { post, old, now } = example;
  // The day too, when it differs: those posts' URLs moved as well.
  const sameDay = dayOf(old) === dayOf(now);
  const shown = (wall: WallTime) => (sameDay ? timeOf(wall) : `${dayOf(wall)} ${timeOf(wall)}`);
  return (
    `times: the old site showed dates in ${zones.oldLabel} and xinwen shows them in ${zones.site} (timeZone), ` +
    `so ${changes.length} of the ${posts.length} posts show another time than before` +
    `${changes.some((change) => dayOf(change.old) !== dayOf(change.now)) ? ', some on another day' : ''}: ` +
    `${post.file}, dated ${post.dateText?.trim()}, was shown as ${shown(old)} by the old site and as ${shown(now)} by xinwen`
  );
}

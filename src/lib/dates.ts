/**
 * Dates in an explicit IANA time zone, with nothing but `Intl`: parsing front-matter dates the
 * way Jekyll does (with the xinwen fixes in docs), and the wall-clock parts that URLs, pages
 * and feeds show. The build machine's `TZ` never matters.
 */

/** Calendar and clock fields of an instant as seen in one time zone. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Throws a clear error for a time zone name `Intl` does not know. */
export function assertTimeZone(timeZone: string): void {
  try {
    formatterFor(timeZone);
  } catch {
    throw new Error(`Unknown time zone "${timeZone}": use an IANA name such as "Asia/Shanghai"`);
  }
}

/** Offset in minutes at an instant, straight from `Intl` (slow: a formatToParts call). */
function intlOffsetMinutes(instant: number, timeZone: string): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(fields.year!, fields.month! - 1, fields.day!, fields.hour!, fields.minute!, fields.second!);
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

const DAY = 86_400_000;
const offsetsByDay = new Map<string, number>();

/**
 * Offset in minutes at an instant. Asking `Intl` is the slowest step of reading a post, and a
 * zone's offset rarely changes within a UTC day, so the offset is cached per zone and day when
 * it is the same at the day's first and last millisecond (the day of a DST change is not cached).
 */
function offsetAt(instant: number, timeZone: string): number {
  const dayStart = Math.floor(instant / DAY) * DAY;
  const key = `${timeZone}|${dayStart}`;
  const cached = offsetsByDay.get(key);
  if (cached !== undefined) return cached;
  const atStart = intlOffsetMinutes(dayStart, timeZone);
  if (atStart === intlOffsetMinutes(dayStart + DAY - 1, timeZone)) {
    offsetsByDay.set(key, atStart);
    return atStart;
  }
  return intlOffsetMinutes(instant, timeZone);
}

/** The wall-clock fields of `date` in `timeZone`. */
export function wallTime(date: Date, timeZone: string): WallTime {
  const shifted = new Date(date.getTime() + offsetAt(date.getTime(), timeZone) * 60_000);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
  };
}

/** Offset of `timeZone` from UTC at the instant `date`, in minutes (east positive). */
export function zoneOffsetMinutes(date: Date, timeZone: string): number {
  return offsetAt(date.getTime(), timeZone);
}

/**
 * The instant at which clocks in `timeZone` show `wall`, as Ruby's `Time.parse` (which Jekyll
 * reads dates with) finds it: a wall time skipped by a DST jump is read with the offset from
 * before the jump (it lands after the gap); a repeated one takes the later instant, in the
 * offset after the clocks went back (01:30 on a November night in New York is EST).
 */
export function fromWallTime(wall: WallTime, timeZone: string, milliseconds = 0): Date {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, milliseconds);
  const offsetBefore = zoneOffsetMinutes(new Date(asUtc - 86_400_000), timeZone);
  const offsetAfter = zoneOffsetMinutes(new Date(asUtc + 86_400_000), timeZone);
  const candidates = [...new Set([offsetBefore, offsetAfter])]
    .map((offset) => asUtc - offset * 60_000)
    .filter((instant) => sameWall(wallTime(new Date(instant), timeZone), wall))
    .sort((a, b) => a - b);
  if (candidates.length > 0) return new Date(candidates.at(-1)!);
  return new Date(asUtc - offsetBefore * 60_000);
}

function sameWall(a: WallTime, b: WallTime): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour && a.minute === b.minute && a.second === b.second;
}

/** Result of reading a front-matter date: the instant, or why the text is not a date. */
export type ParsedDate = { ok: true; date: Date; hasOffset: boolean } | { ok: false; reason: string };

// Jekyll (Ruby's Time.parse via YAML) accepts "2022-06-17", "2022-06-17 02:18:57 +0800",
// ISO 8601 with a T and "Z" or "+08:00", and fractional seconds; so does xinwen. Ruby reads an
// offset only as the end of a time (Date._parse's time rule: `10:00 +0800`, any spaces or tabs
// between): after a date alone (`2018-02-24  +0800`, `2018-02-24 +0800`, `2018-02-24Z`) Time.parse
// skips it and gives midnight in the zone Jekyll ran in, so xinwen reads such a date as a date alone.
const DATE_PATTERN =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt \t]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(?:(Z|z)|([+-])(\d{2})(?::?(\d{2}))?)?$/;

/**
 * Reads a front-matter date. Text with a time and an offset (`+0800`, `-05:00`, `Z`) is that
 * instant; text without an offset is wall time in `timeZone`, whether YAML saw it quoted or not.
 * An offset after a date without a time is ignored, as Jekyll ignored it: midnight in `timeZone`.
 */
export function parseDate(text: string, timeZone: string): ParsedDate {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, reason: 'is empty' };
  const match = DATE_PATTERN.exec(trimmed);
  if (!match) {
    return {
      ok: false,
      reason: `"${trimmed}" is not a date; write it as YYYY-MM-DD HH:MM:SS +0800 (or without the time or offset)`,
    };
  }
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', zulu, sign, offH, offM] = match;
  const wall: WallTime = {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour),
    minute: Number(minute),
    second: Number(second),
  };
  if (!isValidWall(wall)) return { ok: false, reason: `"${trimmed}" is not a real calendar date or time` };
  const milliseconds = fraction ? Math.round(Number(`0.${fraction}`) * 1000) : 0;
  // Ruby's Time.parse takes an offset only after a time (see DATE_PATTERN).
  const hasTime = match[4] !== undefined;
  if ((zulu || sign) && hasTime) {
    const offset = zulu ? 0 : (sign === '-' ? -1 : 1) * (Number(offH) * 60 + Number(offM ?? 0));
    if (Math.abs(offset) > 18 * 60) return { ok: false, reason: `"${trimmed}" has an impossible UTC offset` };
    const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, milliseconds);
    return { ok: true, date: new Date(asUtc - offset * 60_000), hasOffset: true };
  }
  return { ok: true, date: fromWallTime(wall, timeZone, milliseconds), hasOffset: false };
}

function isValidWall(wall: WallTime): boolean {
  if (wall.month < 1 || wall.month > 12 || wall.day < 1) return false;
  const daysInMonth = new Date(Date.UTC(wall.year, wall.month, 0)).getUTCDate();
  return wall.day <= daysInMonth && wall.hour < 24 && wall.minute < 60 && wall.second < 60;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

function offsetText(minutes: number, separator: string): string {
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  return `${sign}${pad(Math.floor(absolute / 60))}${separator}${pad(absolute % 60)}`;
}

/** ISO 8601 with the zone's offset, for `<time datetime>`: `2022-06-17T02:18:57+08:00`. */
export function toIsoInZone(date: Date, timeZone: string): string {
  const wall = wallTime(date, timeZone);
  return (
    `${wall.year}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}` +
    offsetText(zoneOffsetMinutes(date, timeZone), ':')
  );
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 822 date for RSS `pubDate`, in the zone: `Fri, 17 Jun 2022 02:18:57 +0800`. */
export function toRfc822InZone(date: Date, timeZone: string): string {
  const wall = wallTime(date, timeZone);
  const weekday = WEEKDAYS[new Date(Date.UTC(wall.year, wall.month - 1, wall.day)).getUTCDay()];
  return (
    `${weekday}, ${pad(wall.day)} ${MONTHS[wall.month - 1]} ${wall.year} ` +
    `${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)} ${offsetText(zoneOffsetMinutes(date, timeZone), '')}`
  );
}

/** Human date and time for readers: `2022年6月17日 02:18`. */
export function formatDateTime(date: Date, timeZone: string): string {
  const wall = wallTime(date, timeZone);
  return `${wall.year}年${wall.month}月${wall.day}日 ${pad(wall.hour)}:${pad(wall.minute)}`;
}

/** Human date for listings: `2022-06-17`. */
export function formatDate(date: Date, timeZone: string): string {
  const wall = wallTime(date, timeZone);
  return `${wall.year}-${pad(wall.month)}-${pad(wall.day)}`;
}

/** Day of the year (1–366) of the wall date, for Jekyll's `:y_day`. */
export function dayOfYear(wall: Pick<WallTime, 'year' | 'month' | 'day'>): number {
  return (Date.UTC(wall.year, wall.month - 1, wall.day) - Date.UTC(wall.year, 0, 1)) / 86_400_000 + 1;
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  dayOfYear,
  formatDate,
  formatDateTime,
  fromWallTime,
  parseDate,
  toIsoInZone,
  toRfc822InZone,
  wallTime,
  zoneOffsetMinutes,
} from '../../src/lib/dates';
import { REAL_JEKYLL, REAL_JEKYLL_PRESENT } from '../support/shared-samples';

const SHANGHAI = 'Asia/Shanghai';
const NEW_YORK = 'America/New_York';

/** Parses or fails the test with the reason, so a rejection shows why. */
function parsed(text: string, timeZone = SHANGHAI): { date: Date; hasOffset: boolean } {
  const result = parseDate(text, timeZone);
  if (!result.ok) throw new Error(`parseDate(${JSON.stringify(text)}) rejected: ${result.reason}`);
  return result;
}

describe('parseDate: the date rows of JEKYLL-COMPAT.md (site zone Asia/Shanghai)', () => {
  it.each([
    // Input text (as YAML hands it over)   ISO in the site zone            UTC instant                 has offset
    ['2022-06-17 02:18:57 +0800', '2022-06-17T02:18:57+08:00', '2022-06-16T18:18:57.000Z', true],
    ['2021-12-07 23:30:00 -0500', '2021-12-08T12:30:00+08:00', '2021-12-08T04:30:00.000Z', true],
    // Quoted in YAML ("2022-06-21 10:46:18") and unquoted both arrive as this text: site zone.
    ['2022-06-21 10:46:18', '2022-06-21T10:46:18+08:00', '2022-06-21T02:46:18.000Z', false],
    // Jekyll reads the unquoted form as UTC; xinwen reads it in the site zone as the author meant.
    ['2021-12-08 20:30:00', '2021-12-08T20:30:00+08:00', '2021-12-08T12:30:00.000Z', false],
    ['2021-12-09 21:15:00', '2021-12-09T21:15:00+08:00', '2021-12-09T13:15:00.000Z', false],
    // Date only: midnight in the site zone.
    ['2022-06-18', '2022-06-18T00:00:00+08:00', '2022-06-17T16:00:00.000Z', false],
  ])('%s → %s', (text, iso, utc, hasOffset) => {
    const result = parsed(text);
    expect(toIsoInZone(result.date, SHANGHAI)).toBe(iso);
    expect(result.date.toISOString()).toBe(utc);
    expect(result.hasOffset).toBe(hasOffset);
  });

  it.each([
    ['+0800', /not a date/],
    ['', /empty/],
    ['   ', /empty/],
    ['2022年5月28日', /not a date/],
    ['2022-02-30', /not a real calendar date/],
    ['2023-02-29', /not a real calendar date/],
    ['2022-13-01', /not a real calendar date/],
    ['2022-00-10', /not a real calendar date/],
    ['2022-06-00', /not a real calendar date/],
    ['2022-06-17 24:00:00', /not a real calendar date or time/],
    ['2022-06-17 12:60:00', /not a real calendar date or time/],
    ['2022-06-17 02:18:57 +2500', /impossible UTC offset/],
    ['2022-06-17 02:18:57 +0800 extra', /not a date/],
    ['yesterday', /not a date/],
  ])('rejects %j with a reason', (text, reason) => {
    const result = parseDate(text, SHANGHAI);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('quotes the rejected text in the reason so the report names it', () => {
    const result = parseDate('2022年5月28日', SHANGHAI);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain('2022年5月28日');
  });

  it('accepts 29 February in a leap year', () => {
    expect(toIsoInZone(parsed('2024-02-29').date, SHANGHAI)).toBe('2024-02-29T00:00:00+08:00');
  });

  it('ignores surrounding whitespace', () => {
    expect(toIsoInZone(parsed('  2022-06-17 02:18:57 +0800\n').date, SHANGHAI)).toBe('2022-06-17T02:18:57+08:00');
  });
});

describe('parseDate: ISO 8601 forms', () => {
  it.each([
    ['2022-06-17T02:18:57+08:00', '2022-06-16T18:18:57.000Z', true],
    ['2022-06-17T02:18:57+0800', '2022-06-16T18:18:57.000Z', true],
    ['2022-06-17T02:18:57+08', '2022-06-16T18:18:57.000Z', true],
    ['2022-06-16T18:18:57Z', '2022-06-16T18:18:57.000Z', true],
    ['2022-06-16t18:18:57z', '2022-06-16T18:18:57.000Z', true],
    ['2022-06-16 18:18:57 Z', '2022-06-16T18:18:57.000Z', true],
    ['2022-06-17T02:18:57-05:30', '2022-06-17T07:48:57.000Z', true],
    ['2022-06-17T02:18:57.5+08:00', '2022-06-16T18:18:57.500Z', true],
    ['2022-06-17 02:18:57.123456 +0800', '2022-06-16T18:18:57.123Z', true],
    ['2022-06-16T18:18:57.25Z', '2022-06-16T18:18:57.250Z', true],
    // No offset: wall time in the site zone, with or without seconds or fraction.
    ['2022-06-17T02:18:57', '2022-06-16T18:18:57.000Z', false],
    ['2022-06-17T02:18', '2022-06-16T18:18:00.000Z', false],
    ['2022-06-17 02:18:57.75', '2022-06-16T18:18:57.750Z', false],
    ['2022-6-7 2:05:00', '2022-06-06T18:05:00.000Z', false],
  ])('%s → %s', (text, utc, hasOffset) => {
    const result = parsed(text);
    expect(result.date.toISOString()).toBe(utc);
    expect(result.hasOffset).toBe(hasOffset);
  });

  it('an explicit offset wins over the site zone', () => {
    expect(parsed('2022-06-17T02:18:57+08:00', NEW_YORK).date.toISOString()).toBe('2022-06-16T18:18:57.000Z');
  });
});

describe('parseDate and zones with daylight saving time (America/New_York)', () => {
  it.each([
    // Summer and winter wall times get different offsets.
    ['2022-07-01 12:00:00', '2022-07-01T12:00:00-04:00', '2022-07-01T16:00:00.000Z'],
    ['2022-01-15 12:00:00', '2022-01-15T12:00:00-05:00', '2022-01-15T17:00:00.000Z'],
    // 02:30 on 13 March 2022 never happened (02:00 EST → 03:00 EDT): it resolves forward.
    ['2022-03-13 02:30:00', '2022-03-13T03:30:00-04:00', '2022-03-13T07:30:00.000Z'],
    // 01:30 on 6 November 2022 happened twice: the later instant (EST) is taken, as Ruby's
    // Time.parse takes it (Ruby 3.1: 2022-11-06 01:30:00 -0500).
    ['2022-11-06 01:30:00', '2022-11-06T01:30:00-05:00', '2022-11-06T06:30:00.000Z'],
    // Just around the transitions.
    ['2022-03-13 01:59:59', '2022-03-13T01:59:59-05:00', '2022-03-13T06:59:59.000Z'],
    ['2022-03-13 03:00:00', '2022-03-13T03:00:00-04:00', '2022-03-13T07:00:00.000Z'],
    ['2022-11-06 02:00:00', '2022-11-06T02:00:00-05:00', '2022-11-06T07:00:00.000Z'],
    ['2022-11-06 00:59:59', '2022-11-06T00:59:59-04:00', '2022-11-06T04:59:59.000Z'],
    ['2022-11-06 01:00:00', '2022-11-06T01:00:00-05:00', '2022-11-06T06:00:00.000Z'],
    // Date only on a transition day is still midnight (the jumps are at 02:00).
    ['2022-03-13', '2022-03-13T00:00:00-05:00', '2022-03-13T05:00:00.000Z'],
  ])('%s → %s', (text, iso, utc) => {
    const result = parsed(text, NEW_YORK);
    expect(toIsoInZone(result.date, NEW_YORK)).toBe(iso);
    expect(result.date.toISOString()).toBe(utc);
  });

  // Ruby 3.1's Time.parse with TZ set, for repeated wall times in other zones and at midnight.
  it.each([
    ['2024-04-07 02:30:00', 'Australia/Sydney', '2024-04-06T16:30:00.000Z'],
    ['2024-10-27 02:30:00', 'Europe/Berlin', '2024-10-27T01:30:00.000Z'],
    ['2024-04-07 01:45:00', 'Australia/Lord_Howe', '2024-04-06T15:15:00.000Z'],
    ['2024-10-26 23:30:00', 'Asia/Beirut', '2024-10-26T21:30:00.000Z'],
    ['2024-11-03', 'America/Havana', '2024-11-03T05:00:00.000Z'],
  ])('a repeated %s in %s is the later instant, as Ruby reads it', (text, zone, iso) => {
    const result = parseDate(text, zone);
    expect(result.ok && result.date.toISOString()).toBe(iso);
  });

  it('fromWallTime keeps milliseconds', () => {
    const date = fromWallTime({ year: 2022, month: 11, day: 6, hour: 1, minute: 30, second: 0 }, NEW_YORK, 250);
    expect(date.toISOString()).toBe('2022-11-06T06:30:00.250Z');
  });

  it('zoneOffsetMinutes: east positive, DST-aware, constant in Shanghai', () => {
    expect(zoneOffsetMinutes(new Date('2022-07-01T16:00:00Z'), NEW_YORK)).toBe(-240);
    expect(zoneOffsetMinutes(new Date('2022-01-15T17:00:00Z'), NEW_YORK)).toBe(-300);
    expect(zoneOffsetMinutes(new Date('2022-07-01T16:00:00Z'), SHANGHAI)).toBe(480);
    expect(zoneOffsetMinutes(new Date('2022-01-15T17:00:00.999Z'), SHANGHAI)).toBe(480);
    expect(zoneOffsetMinutes(new Date('2022-06-01T00:00:00Z'), 'Asia/Kolkata')).toBe(330);
  });
});

describe('formatting in a zone', () => {
  const instant = new Date('2022-06-16T18:18:57.000Z'); // 2022-06-17 02:18:57 in Shanghai

  it.each([
    [SHANGHAI, '2022-06-17T02:18:57+08:00', 'Fri, 17 Jun 2022 02:18:57 +0800', '2022年6月17日 02:18', '2022-06-17'],
    [NEW_YORK, '2022-06-16T14:18:57-04:00', 'Thu, 16 Jun 2022 14:18:57 -0400', '2022年6月16日 14:18', '2022-06-16'],
    ['UTC', '2022-06-16T18:18:57+00:00', 'Thu, 16 Jun 2022 18:18:57 +0000', '2022年6月16日 18:18', '2022-06-16'],
    ['Asia/Kolkata', '2022-06-16T23:48:57+05:30', 'Thu, 16 Jun 2022 23:48:57 +0530', '2022年6月16日 23:48', '2022-06-16'],
  ])('%s', (timeZone, iso, rfc822, dateTime, date) => {
    expect(toIsoInZone(instant, timeZone)).toBe(iso);
    expect(toRfc822InZone(instant, timeZone)).toBe(rfc822);
    expect(formatDateTime(instant, timeZone)).toBe(dateTime);
    expect(formatDate(instant, timeZone)).toBe(date);
  });

  it('toRfc822InZone uses the winter offset in winter', () => {
    expect(toRfc822InZone(new Date('2022-01-15T17:00:00Z'), NEW_YORK)).toBe('Sat, 15 Jan 2022 12:00:00 -0500');
  });

  it('pads single-digit days, hours and minutes; the weekday is of the zone date', () => {
    const date = parsed('2022-01-02 03:04:05 +0800').date;
    expect(toRfc822InZone(date, SHANGHAI)).toBe('Sun, 02 Jan 2022 03:04:05 +0800');
    expect(toIsoInZone(date, SHANGHAI)).toBe('2022-01-02T03:04:05+08:00');
    expect(formatDateTime(date, SHANGHAI)).toBe('2022年1月2日 03:04');
    expect(formatDate(date, SHANGHAI)).toBe('2022-01-02');
    // The same instant is still 1 January in UTC, a Saturday.
    expect(toRfc822InZone(date, 'UTC')).toBe('Sat, 01 Jan 2022 19:04:05 +0000');
  });

  it('midnight is hour 0, not 24', () => {
    const midnight = parsed('2022-06-18').date;
    expect(wallTime(midnight, SHANGHAI)).toEqual({ year: 2022, month: 6, day: 18, hour: 0, minute: 0, second: 0 });
    expect(formatDateTime(midnight, SHANGHAI)).toBe('2022年6月18日 00:00');
  });

  it('wallTime gives the fields in the zone', () => {
    const date = parsed('2021-12-07 23:30:00 -0500').date;
    expect(wallTime(date, SHANGHAI)).toEqual({ year: 2021, month: 12, day: 8, hour: 12, minute: 30, second: 0 });
    expect(wallTime(date, NEW_YORK)).toEqual({ year: 2021, month: 12, day: 7, hour: 23, minute: 30, second: 0 });
  });

  it('a New Year instant falls in different years in different zones', () => {
    const date = new Date('2021-12-31T20:00:00Z');
    expect(formatDate(date, SHANGHAI)).toBe('2022-01-01');
    expect(formatDate(date, NEW_YORK)).toBe('2021-12-31');
  });
});

describe('dayOfYear', () => {
  it.each([
    [2022, 1, 1, 1],
    [2022, 2, 28, 59],
    [2022, 3, 1, 60],
    [2022, 4, 2, 92],
    [2022, 12, 31, 365],
    [2024, 2, 29, 60],
    [2024, 3, 1, 61],
    [2024, 12, 31, 366],
    [2000, 12, 31, 366],
    [1900, 12, 31, 365],
  ])('%i-%i-%i is day %i', (year, month, day, expected) => {
    expect(dayOfYear({ year, month, day })).toBe(expected);
  });
});

describe('independence from the build machine TZ', () => {
  const source = readFileSync(new URL('../../src/lib/dates.ts', import.meta.url), 'utf8');

  it('uses no local-time getters, setters or locale formatting', () => {
    // getTime and the getUTC* family are zone-free; everything else reads the process TZ.
    expect(source).not.toMatch(/\.(?:get|set)(?!UTC|Time\b)[A-Z]\w*\(/);
    expect(source).not.toMatch(/\.toLocale\w*\(|\.toString\(\)|\.toDateString\(|\.toTimeString\(/);
    expect(source).not.toMatch(/Date\.parse\(/);
  });

  it('gives the same results after process.env.TZ changes', () => {
    const compute = () => {
      const a = parsed('2021-12-08 20:30:00').date;
      const b = parsed('2022-03-13 02:30:00', NEW_YORK).date;
      return [
        a.toISOString(),
        toIsoInZone(a, SHANGHAI),
        toRfc822InZone(a, SHANGHAI),
        formatDateTime(a, SHANGHAI),
        formatDate(a, SHANGHAI),
        b.toISOString(),
        toIsoInZone(b, NEW_YORK),
      ];
    };
    const before = compute();
    const saved = process.env.TZ;
    try {
      const localOffsets = new Set<number>();
      for (const tz of ['America/New_York', 'Pacific/Kiritimati', 'UTC']) {
        process.env.TZ = tz;
        // Node re-reads TZ when it is assigned; check it did, or this test proves nothing.
        localOffsets.add(new Date(Date.UTC(2022, 0, 1)).getTimezoneOffset());
        expect(compute()).toEqual(before);
      }
      expect(localOffsets).toEqual(new Set([300, -840, 0]));
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
    expect(before).toEqual([
      '2021-12-08T12:30:00.000Z',
      '2021-12-08T20:30:00+08:00',
      'Wed, 08 Dec 2021 20:30:00 +0800',
      '2021年12月8日 20:30',
      '2021-12-08',
      '2022-03-13T07:30:00.000Z',
      '2022-03-13T03:30:00-04:00',
    ]);
  });
});

// Jekyll reads a `date:` that YAML leaves as text with Ruby's Time.parse (Date._parse), which
// takes an offset only as the end of a time: `10:00 +0800` with any spaces or a tab between, but
// after a date alone the offset is skipped and the date is midnight in the zone Jekyll ran in.
describe("parseDate: offsets as Ruby's Time.parse reads them (site zone Asia/Shanghai)", () => {
  it.each([
    // Input text                          ISO in the site zone          has offset
    ['2018-02-22 18:49 +0800', '2018-02-22T18:49:00+08:00', true],
    ['2018-02-22 18:49:00 +0800', '2018-02-22T18:49:00+08:00', true],
    ['2018-02-22 18:49:00  +0800', '2018-02-22T18:49:00+08:00', true],
    ['2018-02-22 18:49:00\t+0800', '2018-02-22T18:49:00+08:00', true],
    ['2018-02-22\t18:49:00 +0800', '2018-02-22T18:49:00+08:00', true],
    ['2018-02-22 18:49:00 -0500', '2018-02-23T07:49:00+08:00', true],
    ['2018-02-22 18:49:00+08:00', '2018-02-22T18:49:00+08:00', true],
    ['2018-02-22T18:49:00+08:00', '2018-02-22T18:49:00+08:00', true],
    ['2018-02-22 10:49:00 Z', '2018-02-22T18:49:00+08:00', true],
    ['2018-02-22T10:49:00Z', '2018-02-22T18:49:00+08:00', true],
    ['2018-02-22 18:49:00', '2018-02-22T18:49:00+08:00', false],
    // A date alone: the offset, whatever space precedes it, is not read.
    ['2018-03-01 +0800', '2018-03-01T00:00:00+08:00', false],
    ['2018-02-24  +0800', '2018-02-24T00:00:00+08:00', false],
    ['2018-02-24\t+0800', '2018-02-24T00:00:00+08:00', false],
    ['2018-02-24 -0500', '2018-02-24T00:00:00+08:00', false],
    ['2018-02-24 +08:00', '2018-02-24T00:00:00+08:00', false],
    ['2018-02-24+08:00', '2018-02-24T00:00:00+08:00', false],
    ['2018-02-24 Z', '2018-02-24T00:00:00+08:00', false],
    ['2018-02-24Z', '2018-02-24T00:00:00+08:00', false],
    ['2018-02-24', '2018-02-24T00:00:00+08:00', false],
  ])('%j → %s', (text, iso, hasOffset) => {
    const result = parsed(text);
    expect(toIsoInZone(result.date, SHANGHAI)).toBe(iso);
    expect(result.hasOffset).toBe(hasOffset);
  });

  it('reads a date alone with an offset in the site zone, wherever that is', () => {
    expect(parsed('2018-02-24  +0800', 'UTC').date.toISOString()).toBe('2018-02-24T00:00:00.000Z');
    expect(parsed('2018-02-24 +0800', NEW_YORK).date.toISOString()).toBe('2018-02-24T05:00:00.000Z');
  });

  it('does not check an offset it does not read, as Ruby does not', () => {
    expect(parsed('2018-02-24 +2500').hasOffset).toBe(false);
    expect(parseDate('2018-02-24 10:00 +2500', SHANGHAI).ok).toBe(false);
  });
});

/** The `date:` line of a post's front matter, unquoted. */
function frontMatterDate(file: string): string | undefined {
  const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(readFileSync(file, 'utf8'))?.[1];
  const line = front === undefined ? undefined : /^date:[ \t]*(.*?)[ \t]*$/m.exec(front)?.[1];
  return line?.replace(/^(["'])(.*)\1$/, '$2') || undefined;
}

const TERMINUS = path.join(REAL_JEKYLL, 'sites/terminus2049');

describe.runIf(REAL_JEKYLL_PRESENT)('parseDate against what Jekyll made of a real site (terminus2049, built in UTC)', () => {
  const oracle = REAL_JEKYLL_PRESENT
    ? (JSON.parse(gunzipSync(readFileSync(path.join(REAL_JEKYLL, 'oracle/terminus2049.json.gz'))).toString()) as {
        posts: { path: string; date: string; url: string }[];
      })
    : { posts: [] };
  // The site has no timezone: Jekyll ran in UTC, where its one YAML quirk (an unquoted time
  // without an offset read as UTC) gives what the site zone gives, so every date must agree.
  const dated = oracle.posts
    .map((post) => ({ ...post, text: frontMatterDate(path.join(TERMINUS, post.path)) }))
    .filter((post): post is typeof post & { text: string } => post.text !== undefined);

  it('gives every dated post the date Jekyll gave it', () => {
    expect(dated.length).toBeGreaterThan(600);
    const differing = dated.filter((post) => {
      const result = parseDate(post.text, 'UTC');
      const jekyll = new Date(post.date.replace(' ', 'T').replace(/ ([+-]\d\d)(\d\d)$/, '$1:$2'));
      return !result.ok || result.date.getTime() !== jekyll.getTime();
    });
    expect(differing.map((post) => `${post.path}: ${post.text} → ${post.date}`)).toEqual([]);
  });

  it('reads the dates alone with an offset as Jekyll did, whose URLs name that day', () => {
    const alone = dated.filter((post) => /^\d{4}-\d\d-\d\d\s+[+-]\d{4}$/.test(post.text));
    expect(alone.map((post) => [post.text, post.date, post.url])).toEqual([
      ['2018-03-01 +0800', '2018-03-01 00:00:00 +0000', '/archive/2018/03/01/chen-xiao-lu.html'],
      ['2018-02-24  +0800', '2018-02-24 00:00:00 +0000', '/archive/2018/02/24/unheard-a-bite-of-china.html'],
    ]);
    for (const post of alone) expect(parsed(post.text, 'UTC').hasOffset).toBe(false);
  });
});

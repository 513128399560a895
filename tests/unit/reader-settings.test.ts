/**
 * The reader settings: what reading takes from the site settings, and the fingerprint stored
 * posts are reused under. Every field must reach the fingerprint, or a changed setting would
 * leave posts read under the old one in the site.
 */
import { describe, expect, it } from 'vitest';
import { settingsSchema } from '../../src/schemas/settings';
import { READER_VERSION, readerFingerprint, readerSettings, type ReaderSettings } from '../../src/reader/settings';

const site = settingsSchema.parse({});
const base = readerSettings(site);

/** Another valid-looking value of the same kind. */
function changed(value: unknown): unknown {
  if (value === undefined) return 'date';
  if (typeof value === 'boolean') return !value;
  if (typeof value === 'number') return value + 1;
  if (Array.isArray(value)) return [...(value as unknown[]), 'news.example.org'];
  if (value === 'fail') return 'skip';
  if (value === 'skip') return 'fail';
  if (typeof value === 'string') return `${value}x`;
  if (typeof value === 'object' && value !== null) return { ...value, variables: { BLOG_IMG: '/blog/' } };
  throw new Error(`no other value known for ${JSON.stringify(value)}`);
}

describe('readerSettings', () => {
  it('takes each of its fields from the site settings unchanged, but liquid', () => {
    for (const [name, value] of Object.entries(base)) if (name !== 'liquid') expect(value).toEqual(site[name as keyof typeof site]);
  });

  it('gives Liquid the site title, description and url as site.*, and the known includes', () => {
    const liquid = readerSettings(settingsSchema.parse({ url: 'https://news.example.com/', liquid: { site: { baseurl: '/b' } } })).liquid;
    expect(liquid.site).toEqual({ title: '新闻存档', description: '财经与时事新闻存档', url: 'https://news.example.com', baseurl: '/b' });
    expect(Object.keys(liquid.includes)).toEqual(['JB/setup']);
  });

  it('takes what reading depends on', () => {
    expect(Object.keys(base).sort()).toEqual([
      'excerptLength',
      'includeFuture',
      'invalidPosts',
      'legacyHosts',
      'legacyPermalink',
      'legacyTimeZone',
      'liquid',
      'permalink',
      'postsDir',
      'timeZone',
    ]);
  });

  it('does not share the host list with the site settings', () => {
    expect(base.legacyHosts).not.toBe(site.legacyHosts);
  });
});

describe('readerFingerprint', () => {
  const fingerprint = readerFingerprint(base);

  it.each(Object.keys(base))('changes when %s changes', (name) => {
    const other = { ...base, [name]: changed(base[name as keyof ReaderSettings]) } as ReaderSettings;
    expect(readerFingerprint(other)).not.toBe(fingerprint);
  });

  it('changes when a legacy permalink is unset', () => {
    expect(readerFingerprint({ ...base, legacyPermalink: 'date' })).not.toBe(readerFingerprint({ ...base, legacyPermalink: undefined }));
  });

  it('includes the reader version', () => {
    expect(fingerprint).toContain(JSON.stringify(READER_VERSION));
  });

  it('stays the same for settings reading does not depend on', () => {
    const other = settingsSchema.parse({ pageSize: 10, feedSize: 5, outDir: './elsewhere', search: { index: false } });
    expect(readerFingerprint(readerSettings(other))).toBe(fingerprint);
  });

  it('changes with the site title, which a post may print as {{ site.title }}', () => {
    expect(readerFingerprint(readerSettings(settingsSchema.parse({ title: '另一个站点' })))).not.toBe(fingerprint);
  });

  it('does not depend on the order of the fields', () => {
    const reversed = Object.fromEntries(Object.entries(base).reverse()) as ReaderSettings;
    expect(readerFingerprint(reversed)).toBe(fingerprint);
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETTINGS_SECTIONS, type Settings, settingsSchema } from '../../src/schemas/settings';
import {
  buildNow,
  ENVIRONMENT_VARIABLES,
  resolveSettings,
  SettingsError,
  settingNames,
  storageEndpointGiven,
  type Environment,
} from '../../src/settings/resolve';
import siteSettings from '../../src/site.config';

/** The problems `resolveSettings` reports, or [] when it accepts the input. */
function problemsOf(user: Record<string, unknown>, env: Environment = {}) {
  try {
    resolveSettings(user, env);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return [...(error as SettingsError).problems];
  }
}

describe('resolveSettings', () => {
  it('fills every setting with its default', () => {
    const settings = resolveSettings({}, {});
    expect(settings).toMatchObject({
      title: '新闻存档',
      language: 'zh-CN',
      timeZone: 'Asia/Shanghai',
      permalink: 'date',
      pageSize: 50,
      pagination: 'stable',
      postsDir: 'src/content/posts',
      invalidPosts: 'fail',
      includeFuture: false,
      search: { index: true, shardSize: 2_000, deltaLimit: 1_000, widenLimit: 5_000 },
      outDir: './dist',
      cacheDir: './node_modules/.astro',
    });
    expect(settings.legacyPermalink).toBeUndefined();
  });

  it("accepts the site's own settings file as it is", () => {
    expect(() => resolveSettings(siteSettings, {})).not.toThrow();
  });

  it('reads only the environment it is given', () => {
    const env = {
      POSTS_DIR: '/srv/_posts',
      INVALID_POSTS: 'skip',
      FUTURE_POSTS: '1',
      SEARCH_INDEX: 'skip',
      XINWEN_OUT_DIR: '/tmp/out',
      XINWEN_CACHE_DIR: '/tmp/cache',
      XINWEN_BUILD_TIME: '2024-05-01T10:00:00+08:00',
    };
    expect(resolveSettings({}, env)).toMatchObject({
      postsDir: '/srv/_posts',
      invalidPosts: 'skip',
      includeFuture: true,
      search: { index: false },
      outDir: '/tmp/out',
      cacheDir: '/tmp/cache',
      buildTime: new Date('2024-05-01T02:00:00Z'),
    });
    expect(resolveSettings({}, {})).toMatchObject({ postsDir: 'src/content/posts', includeFuture: false });
    expect(resolveSettings({}, {}).buildTime).toBeUndefined();
  });

  it('treats empty variables as unset', () => {
    expect(resolveSettings({ postsDir: 'posts' }, { POSTS_DIR: '', INVALID_POSTS: '', FUTURE_POSTS: '' })).toMatchObject({
      postsDir: 'posts',
      invalidPosts: 'fail',
      includeFuture: false,
    });
  });

  it('applies the file, then XINWEN_SETTINGS, then single variables', () => {
    const settings = resolveSettings(
      { pageSize: 10, postsDir: 'a' },
      { XINWEN_SETTINGS: JSON.stringify({ pageSize: 2, permalink: 'pretty', postsDir: 'b' }), POSTS_DIR: 'c' },
    );
    expect(settings).toMatchObject({ pageSize: 2, permalink: 'pretty', postsDir: 'c' });
  });

  it.each([
    ['FUTURE_POSTS', ['1', 'true', 'yes', 'TRUE'], ['0', 'false', 'no'], (settings: Settings) => settings.includeFuture],
    ['SEARCH_INDEX', ['build', '1', 'true'], ['skip', '0', 'false'], (settings: Settings) => settings.search.index],
  ] as const)('%s reads yes and no words', (name, yes, no, setting) => {
    for (const word of yes) expect(setting(resolveSettings({}, { [name]: word }))).toBe(true);
    for (const word of no) expect(setting(resolveSettings({}, { [name]: word }))).toBe(false);
  });

  it('merges a section field by field: the file, XINWEN_SETTINGS, then a single variable', () => {
    const settings = resolveSettings(
      { search: { shardSize: 500, deltaLimit: 50 } },
      { XINWEN_SETTINGS: JSON.stringify({ search: { deltaLimit: 5 } }), SEARCH_INDEX: 'skip' },
    );
    expect(settings.search).toEqual({ index: false, shardSize: 500, deltaLimit: 5, widenLimit: 5_000 });
  });

  it("names a section field's own source when it is wrong", () => {
    const problems = problemsOf({ search: { shardSize: 500 } }, { XINWEN_SETTINGS: JSON.stringify({ search: { deltaLimit: -1 } }) });
    expect(problems).toEqual([{ setting: 'search.deltaLimit', value: -1, source: 'XINWEN_SETTINGS', message: 'must be at least 0' }]);
  });

  it.each([
    ['searchIndex', false, 'search.index', 'write search: { index: false }'],
    ['searchShardSize', 5000, 'search.shardSize', 'write search: { shardSize: 5000 }'],
    ['searchDeltaLimit', 100, 'search.deltaLimit', 'write search: { deltaLimit: 100 }'],
  ])('refuses the old setting %s, naming its new place', (old, value, setting, fix) => {
    const problems = problemsOf({ [old]: value });
    expect(problems).toEqual([{ setting: old, value, source: 'src/site.config.ts', message: `is now ${setting}: ${fix}` }]);
    expect(problemsOf({}, { XINWEN_SETTINGS: JSON.stringify({ [old]: value }) })[0]).toMatchObject({ source: 'XINWEN_SETTINGS' });
  });

  it('refuses a field a section does not have, listing those it has', () => {
    expect(problemsOf({ search: { shards: 2 } } as never)).toEqual([
      {
        setting: 'search.shards',
        value: 2,
        source: 'src/site.config.ts',
        message: 'is not a search setting; the search settings are index, shardSize, deltaLimit, widenLimit',
      },
    ]);
    expect(problemsOf({ search: 5000 } as never)).toEqual([
      expect.objectContaining({ setting: 'search', value: 5000, message: 'must be an object such as { shardSize: 10000 }' }),
    ]);
  });

  it.each([
    ['2024-05-01T10:00:00+08:00', '2024-05-01T02:00:00.000Z'],
    ['2024-05-01T02:00:00Z', '2024-05-01T02:00:00.000Z'],
    ['2024-12-31T23:59:59.5-05:00', '2025-01-01T04:59:59.500Z'],
    [' 2024-05-01T10:00:00+08:00\n', '2024-05-01T02:00:00.000Z'],
  ])('XINWEN_BUILD_TIME=%j is the instant %s', (value, instant) => {
    expect(resolveSettings({}, { XINWEN_BUILD_TIME: value }).buildTime?.toISOString()).toBe(instant);
  });

  it('takes a build time from XINWEN_SETTINGS too, and lets XINWEN_BUILD_TIME override it', () => {
    const json = JSON.stringify({ buildTime: '2020-01-01T00:00:00Z' });
    expect(resolveSettings({}, { XINWEN_SETTINGS: json }).buildTime?.toISOString()).toBe('2020-01-01T00:00:00.000Z');
    expect(resolveSettings({}, { XINWEN_SETTINGS: json, XINWEN_BUILD_TIME: '2021-01-01T00:00:00Z' }).buildTime?.toISOString()).toBe(
      '2021-01-01T00:00:00.000Z',
    );
  });

  it('documents a setting for every variable it reads', () => {
    const known = settingNames();
    for (const variable of Object.values(ENVIRONMENT_VARIABLES)) expect(known).toContain(variable.setting);
  });

  it('describes every setting, and every field of a section', () => {
    for (const [name, schema] of Object.entries(settingsSchema.shape)) {
      expect(schema.description, name).toMatch(/\S{3}/);
    }
    for (const [section, schema] of Object.entries(SETTINGS_SECTIONS)) {
      for (const [name, field] of Object.entries(schema.shape)) expect(field.description, `${section}.${name}`).toMatch(/\S{3}/);
    }
  });
});

describe('invalid settings', () => {
  // Each: the input, the setting named, and a word of the reason (the fix).
  it.each([
    [{ pageSize: 0 }, 'pageSize', /at least 1/],
    [{ pageSize: 2.5 }, 'pageSize', /whole number/],
    [{ pageSize: '20' }, 'pageSize', /whole number/],
    [{ feedSize: -1 }, 'feedSize', /at least 1/],
    [{ excerptLength: 0 }, 'excerptLength', /at least 1/],
    [{ homeCategoryCount: -1 }, 'homeCategoryCount', /at least 0/],
    [{ timeZone: 'Asia/Shangai' }, 'timeZone', /IANA.*Asia\/Shanghai/],
    [{ timeZone: '+08:00x' }, 'timeZone', /IANA/],
    [{ permalink: 'weekly' }, 'permalink', /date, pretty, ordinal, weekdate, none/],
    [{ permalink: ':year/:title' }, 'permalink', /starting with "\/"/],
    [{ permalink: '/:categories/:yaer/:title.html' }, 'permalink', /unknown placeholder :yaer/],
    [{ permalink: '/:categories/:year/:month/' }, 'permalink', /:title, :slug or :name/],
    [{ legacyPermalink: 'monthly' }, 'legacyPermalink', /date, pretty/],
    [{ pagination: 'oldest-first' }, 'pagination', /"stable" or "newest-first"/],
    [{ invalidPosts: 'ignore' }, 'invalidPosts', /"fail" or "skip"/],
    [{ url: 'finews.example.com' }, 'url', /absolute http\(s\) URL/],
    [{ url: 'ftp://finews.example.com' }, 'url', /absolute http\(s\) URL/],
    [{ language: 'zh_CN!' }, 'language', /language tag/],
    [{ title: '  ' }, 'title', /must not be empty/],
    [{ legacyHosts: ['https://old.example.com/'] }, 'legacyHosts.0', /host name/],
    [{ legacyHosts: 'old.example.com' }, 'legacyHosts', /list of host names/],
    [{ includeFuture: 'yes' }, 'includeFuture', /true or false/],
    [{ legacyFeedUrls: ['atom.xml'] }, 'legacyFeedUrls.0', /atom\.xml must start with \//],
    [{ legacyFeedUrls: ['/feed/'] }, 'legacyFeedUrls.0', /must name a file with an extension/],
    [{ legacyFeedUrls: ['/feed.xml'] }, 'legacyFeedUrls.0', /is the site feed itself/],
    [{ legacyFeedUrls: ['/a/../atom.xml'] }, 'legacyFeedUrls.0', /must not contain \. or \.\. segments/],
    [{ legacyFeedUrls: '/atom.xml' }, 'legacyFeedUrls', /list of paths such as \/atom\.xml/],
    [{ pagesize: 20 }, 'pagesize', /is not a setting.*pageSize/],
    [{ deployTarget: 'my-bucket/site' }, 'deployTarget', /s3:\/\/BUCKET/],
    [{ deployTarget: 's3://My_Bucket/site' }, 'deployTarget', /bucket name "My_Bucket"/],
    [{ deployGrace: '24' }, 'deployGrace', /unit: s, m, h or d/],
    [{ deployDeleteLimit: 120 }, 'deployDeleteLimit', /at most 100/],
    [{ deployConcurrency: 0 }, 'deployConcurrency', /at least 1/],
  ])('%j is refused with the setting and the fix', (user, setting, reason) => {
    const problems = problemsOf(user);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.setting).toBe(setting);
    expect(problems[0]!.source).toBe('src/site.config.ts');
    expect(problems[0]!.message).toMatch(reason);
  });

  it('accepts every built-in permalink style and Jekyll placeholders', () => {
    for (const permalink of [
      'date',
      'pretty',
      'ordinal',
      'none',
      '/:categories/:year/:i_month/:i_day/:slug:output_ext',
      '/:short_year/:y_day/:hour:minute:second-:title/',
    ]) {
      expect(problemsOf({ permalink }), permalink).toEqual([]);
    }
  });

  it('lists every problem at once, with the value and where it came from', () => {
    let error: unknown;
    try {
      resolveSettings({ pageSize: 0 }, { FUTURE_POSTS: 'maybe', XINWEN_SETTINGS: '{"timeZone":"Mars/Olympus"}' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SettingsError);
    const { message, problems } = error as SettingsError;
    expect(problems.map((problem) => problem.setting).sort()).toEqual(['includeFuture', 'pageSize', 'timeZone']);
    expect(message).toContain('pageSize: 0 (from src/site.config.ts) must be at least 1');
    expect(message).toContain('timeZone: "Mars/Olympus" (from XINWEN_SETTINGS)');
    expect(message).toContain('includeFuture: "maybe" (from FUTURE_POSTS) must be true or false (FUTURE_POSTS takes 1 or 0)');
    // The message is the whole story: no stack trace under it.
    expect((error as Error).stack).toBe('');
  });

  it.each(['{pageSize: 2}', '[1, 2]', '"pretty"', 'null'])('XINWEN_SETTINGS=%s must be a JSON object', (json) => {
    const problems = problemsOf({}, { XINWEN_SETTINGS: json });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.setting).toBe('XINWEN_SETTINGS');
    expect(problems[0]!.message).toMatch(/JSON|object/);
  });

  it.each([
    'tomorrow',
    '2024-05-01',
    // Without an offset the instant would depend on the machine's zone.
    '2024-05-01T10:00:00',
    '2024-05-01 10:00:00 +0800',
    '2024-02-30T10:00:00+08:00',
    '2024-05-01T25:00:00+08:00',
  ])('refuses XINWEN_BUILD_TIME=%j, naming the variable, the value and the form', (value) => {
    const problems = problemsOf({}, { XINWEN_BUILD_TIME: value });
    expect(problems).toEqual([expect.objectContaining({ setting: 'buildTime', value, source: 'XINWEN_BUILD_TIME' })]);
    expect(problems[0]!.message).toBe(
      'must be an ISO 8601 date-time with an offset, such as 2024-05-01T10:00:00+08:00 (XINWEN_BUILD_TIME takes an ISO 8601 date-time with an offset)',
    );
  });

  it('shows an invalid build time in the message as it was given', () => {
    expect(() => resolveSettings({}, { XINWEN_BUILD_TIME: 'now' })).toThrow(
      'buildTime: "now" (from XINWEN_BUILD_TIME) must be an ISO 8601 date-time with an offset',
    );
  });

  it('refuses a build time that is not text', () => {
    const problems = problemsOf({}, { XINWEN_SETTINGS: JSON.stringify({ buildTime: 1714528800000 }) });
    expect(problems).toEqual([
      expect.objectContaining({ setting: 'buildTime', source: 'XINWEN_SETTINGS', message: expect.stringMatching(/ISO 8601/) }),
    ]);
  });

  it('names a malformed XINWEN_DEPLOY_TARGET before anything is sent', () => {
    expect(problemsOf({}, { XINWEN_DEPLOY_TARGET: 's3://news//site' })).toEqual([
      expect.objectContaining({ setting: 'deployTarget', source: 'XINWEN_DEPLOY_TARGET', message: expect.stringMatching(/empty.*folder/) }),
    ]);
    expect(resolveSettings({}, { XINWEN_DEPLOY_TARGET: ' s3://news/site ' }).deployTarget).toBe('s3://news/site');
  });

  it('refuses an unknown INVALID_POSTS value, naming the variable', () => {
    const problems = problemsOf({}, { INVALID_POSTS: 'lenient' });
    expect(problems).toEqual([
      expect.objectContaining({
        setting: 'invalidPosts',
        value: 'lenient',
        source: 'INVALID_POSTS',
        message: expect.stringMatching(/INVALID_POSTS takes fail or skip/),
      }),
    ]);
  });
});

describe("the README's tables", () => {
  const readme = readFileSync(path.join(import.meta.dirname, '../..', 'README.md'), 'utf8');
  /** The names in backticks in the first column of the table after `heading`. */
  const firstColumn = (heading: string) => {
    const section = readme.slice(readme.indexOf(heading));
    const table = section.slice(0, section.search(/\n#{2,3} /));
    return new Set(
      table
        .split('\n')
        .filter((line) => line.startsWith('| `'))
        .flatMap((line) => [...line.split('|')[1]!.matchAll(/`([^`]+)`/g)].map((match) => match[1]!)),
    );
  };

  it('describe every setting', () => {
    const described = firstColumn('## Settings');
    expect(settingNames().filter((setting) => !described.has(setting))).toEqual([]);
  });

  it('describe every environment variable', () => {
    const described = firstColumn('### Environment variables');
    expect([...Object.keys(ENVIRONMENT_VARIABLES), 'XINWEN_SETTINGS'].filter((name) => !described.has(name))).toEqual([]);
  });
});

describe('storageEndpointGiven', () => {
  it.each([
    [{}, false],
    [{ AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9000' }, true],
    [{ AWS_ENDPOINT_URL: 'https://account.r2.cloudflarestorage.com' }, true],
    [{ AWS_ENDPOINT_URL_S3: '  ' }, false],
    [{ AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9000', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }, false],
  ])('%j: %s', (env, given) => {
    expect(storageEndpointGiven(env)).toBe(given);
  });
});

describe('buildNow', () => {
  it('is the build time when one is set, on every call', () => {
    const settings = resolveSettings({}, { XINWEN_BUILD_TIME: '2024-05-01T10:00:00+08:00' });
    expect(buildNow(settings).toISOString()).toBe('2024-05-01T02:00:00.000Z');
    expect(buildNow(settings).toISOString()).toBe('2024-05-01T02:00:00.000Z');
  });

  it('gives a copy, so the settings cannot be moved through it', () => {
    const settings = resolveSettings({}, { XINWEN_BUILD_TIME: '2024-05-01T10:00:00+08:00' });
    buildNow(settings).setTime(0);
    expect(buildNow(settings).toISOString()).toBe('2024-05-01T02:00:00.000Z');
  });

  it('is the real clock when unset', () => {
    const before = Date.now();
    const now = buildNow(resolveSettings({}, {})).getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});

/**
 * Turns a site's settings and the environment into the settings a build runs with. Pure: the
 * environment comes in as an argument, so every combination can be tested in-process, and
 * nothing else in xinwen reads environment variables.
 */
import { SETTINGS_SECTIONS, type Settings, type SettingsSection, settingsSchema, type UserSettings } from '../schemas/settings';

/** An environment: variable names to values, as `process.env`. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** A setting's name: `pageSize`, or a section's field as `search.index`. */
export type SettingName =
  | Exclude<keyof Settings, SettingsSection>
  | { [Section in SettingsSection]: `${Section}.${keyof Settings[Section] & string}` }[SettingsSection];

/** One environment variable: the setting it sets and how its text becomes a value. */
interface EnvironmentVariable {
  setting: SettingName;
  /** What the variable accepts, for messages and the README. */
  accepts: string;
  parse: (value: string) => unknown;
}

const flag = (yes: readonly string[], no: readonly string[]) => (value: string) => {
  const word = value.trim().toLowerCase();
  if (yes.includes(word)) return true;
  if (no.includes(word)) return false;
  return value;
};

/**
 * The environment variables xinwen reads, besides `XINWEN_SETTINGS`: what differs between runs
 * of the same site (another posts folder, a lenient scraper build, a test's own output folder).
 */
export const ENVIRONMENT_VARIABLES: Readonly<Record<string, EnvironmentVariable>> = {
  POSTS_DIR: { setting: 'postsDir', accepts: 'a folder', parse: (value) => value },
  INVALID_POSTS: { setting: 'invalidPosts', accepts: 'fail or skip', parse: (value) => value.trim() },
  FUTURE_POSTS: { setting: 'includeFuture', accepts: '1 or 0', parse: flag(['1', 'true', 'yes'], ['0', 'false', 'no']) },
  XINWEN_BUILD_TIME: { setting: 'buildTime', accepts: 'an ISO 8601 date-time with an offset', parse: (value) => value.trim() },
  SEARCH_INDEX: { setting: 'search.index', accepts: 'build or skip', parse: flag(['build', '1', 'true'], ['skip', '0', 'false']) },
  BUILD_LOG: { setting: 'buildLog', accepts: 'summary or pages', parse: (value) => value.trim() },
  XINWEN_OUT_DIR: { setting: 'outDir', accepts: 'a folder', parse: (value) => value },
  XINWEN_CACHE_DIR: { setting: 'cacheDir', accepts: 'a folder', parse: (value) => value },
  XINWEN_DEPLOY_TARGET: { setting: 'deployTarget', accepts: 's3://BUCKET/PREFIX', parse: (value) => value.trim() },
  XINWEN_DEPLOY_REDIRECT_HEADERS: {
    setting: 'deployRedirectHeaders',
    accepts: '1 or 0',
    parse: flag(['1', 'true', 'yes'], ['0', 'false', 'no']),
  },
  XINWEN_CLOUDFRONT_DISTRIBUTION: { setting: 'cloudFrontDistribution', accepts: 'a distribution ID', parse: (value) => value.trim() },
};

/**
 * Whether the AWS SDK will send to an endpoint of the owner's (`AWS_ENDPOINT_URL_S3` or
 * `AWS_ENDPOINT_URL`, unless `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`): such services (MinIO, a local
 * server) want path-style addressing, which the SDK only uses by itself for an IP address.
 */
export function storageEndpointGiven(env: Environment): boolean {
  if (/^(?:1|true)$/i.test(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.trim() ?? '')) return false;
  return Boolean(env.AWS_ENDPOINT_URL_S3?.trim() || env.AWS_ENDPOINT_URL?.trim());
}

/**
 * Settings that moved into a section, by their old names. They are refused with their new
 * place rather than read: one name per setting, and no rule for which wins when a file has both.
 */
export const MOVED_SETTINGS: Readonly<Record<string, SettingName>> = {
  searchIndex: 'search.index',
  searchShardSize: 'search.shardSize',
  searchDeltaLimit: 'search.deltaLimit',
};

/** Every setting's name, sections' fields as `search.index`: what the README's table lists. */
export function settingNames(): SettingName[] {
  return Object.keys(settingsSchema.shape).flatMap((key) =>
    key in SETTINGS_SECTIONS
      ? Object.keys(SETTINGS_SECTIONS[key as SettingsSection].shape).map((field) => `${key}.${field}` as SettingName)
      : [key as SettingName],
  );
}

/** `XINWEN_SETTINGS`: a JSON object of any settings, applied over the site's file. */
export const SETTINGS_VARIABLE = 'XINWEN_SETTINGS';

/** One invalid setting: which, the value given, where it came from, and why it is wrong. */
export interface SettingsProblem {
  setting: string;
  value: unknown;
  /** `src/site.config.ts`, or the environment variable that gave the value. */
  source: string;
  message: string;
}

/** The settings cannot be used: the build stops before reading any post. */
export class SettingsError extends Error {
  readonly problems: readonly SettingsProblem[];
  constructor(problems: readonly SettingsProblem[]) {
    super(
      `Invalid site settings:\n${problems
        .map(
          (problem) => `  ${problem.setting}: ${JSON.stringify(problem.value) ?? 'undefined'} (from ${problem.source}) ${problem.message}`,
        )
        .join('\n')}`,
    );
    this.name = 'SettingsError';
    this.problems = problems;
    // The list is the whole message; a stack trace would only bury it.
    this.stack = '';
  }
}

/** Where the site's own settings are written. */
export const SETTINGS_FILE = 'src/site.config.ts';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const isSection = (key: string): key is SettingsSection => Object.hasOwn(SETTINGS_SECTIONS, key);

/** The value at `path` in `settings`, as far as it goes. */
function valueAt(settings: Record<string, unknown>, path: readonly PropertyKey[]): unknown {
  let value: unknown = settings;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) break;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * The settings a build runs with: the site's settings, then `XINWEN_SETTINGS`, then the single
 * variables (`POSTS_DIR`, …), each overriding the one before; a section (`search`) is merged
 * field by field, so `SEARCH_INDEX` leaves the file's `search.shardSize` alone. Defaults fill
 * the rest. Empty variables count as unset. Throws a {@link SettingsError} listing every
 * invalid setting.
 */
export function resolveSettings(user: UserSettings, env: Environment): Settings {
  const merged: Record<string, unknown> = {};
  /** Where each value came from, by setting (`pageSize`, `search.index`). */
  const sources = new Map<string, string>();
  const problems: SettingsProblem[] = [];

  /** Applies one source's settings over those before it. */
  const apply = (settings: Record<string, unknown>, source: string) => {
    for (const [key, value] of Object.entries(settings)) {
      const before = merged[key];
      if (isSection(key) && isObject(value)) {
        merged[key] = { ...(isObject(before) ? before : {}), ...value };
        for (const field of Object.keys(value)) sources.set(`${key}.${field}`, source);
      } else {
        merged[key] = value;
        for (const name of sources.keys()) if (name.startsWith(`${key}.`)) sources.delete(name);
      }
      sources.set(key, source);
    }
  };
  apply(user, SETTINGS_FILE);

  const json = env[SETTINGS_VARIABLE];
  if (json !== undefined && json.trim() !== '') {
    let overrides: unknown;
    try {
      overrides = JSON.parse(json);
    } catch (error) {
      overrides = undefined;
      problems.push({
        setting: SETTINGS_VARIABLE,
        value: json,
        source: 'the environment',
        message: `is not JSON (${(error as Error).message}); write an object such as {"pageSize": 20}`,
      });
    }
    if (overrides !== undefined) {
      if (!isObject(overrides)) {
        problems.push({
          setting: SETTINGS_VARIABLE,
          value: json,
          source: 'the environment',
          message: 'must be a JSON object such as {"pageSize": 20}',
        });
      } else {
        apply(overrides, SETTINGS_VARIABLE);
      }
    }
  }

  for (const [name, variable] of Object.entries(ENVIRONMENT_VARIABLES)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    const [key, field] = variable.setting.split('.') as [string, string | undefined];
    const parsed = variable.parse(value);
    apply({ [key]: field === undefined ? parsed : { [field]: parsed } }, name);
  }

  const refuse = (setting: string, value: unknown, message: string) =>
    problems.push({ setting, value, source: sources.get(setting) ?? SETTINGS_FILE, message });
  const known = Object.keys(settingsSchema.shape);
  for (const [key, value] of Object.entries(merged)) {
    const moved = MOVED_SETTINGS[key];
    if (moved !== undefined) {
      const [section, field] = moved.split('.');
      refuse(key, value, `is now ${moved}: write ${section}: { ${field}: ${JSON.stringify(value) ?? 'undefined'} }`);
      delete merged[key];
    } else if (!known.includes(key)) {
      refuse(key, value, `is not a setting; the settings are ${known.join(', ')}`);
      delete merged[key];
    } else if (isSection(key) && isObject(value)) {
      const fields = Object.keys(SETTINGS_SECTIONS[key].shape);
      for (const field of Object.keys(value)) {
        if (fields.includes(field)) continue;
        refuse(`${key}.${field}`, value[field], `is not a ${key} setting; the ${key} settings are ${fields.join(', ')}`);
        delete value[field];
      }
    }
  }

  const result = settingsSchema.safeParse(merged);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const names = issue.path.map((_, index) => issue.path.slice(0, index + 1).join('.')).reverse();
      const source = names.map((name) => sources.get(name)).find((found) => found !== undefined) ?? SETTINGS_FILE;
      const variable = Object.hasOwn(ENVIRONMENT_VARIABLES, source) ? ENVIRONMENT_VARIABLES[source] : undefined;
      const hint = variable ? ` (${source} takes ${variable.accepts})` : '';
      problems.push({
        setting: names[0] ?? 'settings',
        value: valueAt(merged, issue.path),
        source,
        message: `${issue.message}${hint}`,
      });
    }
  }
  if (problems.length > 0 || !result.success) throw new SettingsError(problems);
  return result.data;
}

/**
 * The instant a build takes as now for publication: `buildTime` when set, else the real clock
 * when called. Never stored: a post's future status is decided again on every build.
 */
export function buildNow(settings: Pick<Settings, 'buildTime'>): Date {
  return new Date(settings.buildTime?.getTime() ?? Date.now());
}

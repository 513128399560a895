/**
 * A Jekyll `_config.yml` carried over into xinwen's settings: the keys xinwen has a setting
 * for, each value checked by the settings schema, and every other key listed with what it did
 * and what to do, so nothing of the old configuration is lost without a word. Pure: the caller
 * reads the files and writes the settings.
 */
import { carryDefaults } from './post-defaults';
import { settingsSchema } from '../schemas/settings';

/** A value as `src/site.config.ts` holds it. */
export type SettingValue = string | boolean | string[] | { readonly [key: string]: unknown };

/** The values `src/site.config.ts` has before migrating (literals only). */
export interface CurrentSettings {
  title?: string | undefined;
  description?: string | undefined;
  language?: string | undefined;
  timeZone?: string | undefined;
  url?: string | undefined;
  legacyHosts?: readonly string[] | undefined;
}

/** What `_config.yml` gives the site, and what it leaves to its owner. */
export interface ConfigMapping {
  /** Settings to write, in the order they are printed. */
  settings: Record<string, SettingValue>;
  /** Keys not carried over, each with what it did and what to do. */
  unmapped: string[];
  /** What was carried over but deserves a look, by topic (printed in this order). */
  toCheck: { timeZone?: string; title?: string; url?: string; description?: string };
  /**
   * The zone the old site showed dates in: its `timezone:`, else UTC (the zone of GitHub
   * Pages' build machines). Undefined when its `timezone:` is not a zone xinwen knows.
   */
  oldTimeZone: string | undefined;
  /** The zone xinwen will show dates in: the mapped `timezone:`, else the current setting. */
  siteTimeZone: string;
}

/** The schema's defaults: the example site's title and description are exactly these. */
const DEFAULT_TITLE = settingsSchema.shape.title.parse(undefined);
const DEFAULT_DESCRIPTION = settingsSchema.shape.description.parse(undefined);
const DEFAULT_TIME_ZONE = settingsSchema.shape.timeZone.parse(undefined);
const DEFAULT_LANGUAGE = settingsSchema.shape.language.parse(undefined);
const DEFAULT_URL = settingsSchema.shape.url.parse(undefined);
const DEFAULT_LEGACY_HOSTS = settingsSchema.shape.legacyHosts.parse(undefined);

/**
 * Where themes keep what Jekyll calls `title:` and `url:`, when the config has not that key:
 * Jekyll-Now and its forks (kiko-now) name the site `name:`; Jekyll-Bootstrap keeps the site's
 * address in `production_url:`.
 */
const TITLE_KEYS = ['title', 'name'] as const;
const URL_KEYS = ['url', 'production_url'] as const;

/** Keys read into settings; everything else is listed as not mapped. */
const MAPPED_KEYS = new Set(['title', 'description', 'lang', 'url', 'timezone', 'permalink', 'future', 'defaults']);

/**
 * The zone Jekyll really ran in when `timezone:` names none the zone database knows: Jekyll puts
 * it in `ENV["TZ"]`, and the C library reads a name it cannot find (`Asia/Beijing`, `Beijing`) as
 * UTC, and a POSIX rule (`UTC+8`, `GMT+8`, `CST-8`) with its offset west of UTC, as `Etc/GMT+8` is.
 */
export function zoneJekyllRanIn(timezone: string): string {
  const posix = /^[A-Za-z]{3,}([+-]?)(\d{1,2})$/.exec(timezone.trim());
  if (!posix) return 'UTC';
  const hours = Number(posix[2]);
  if (hours === 0 || hours > 14) return 'UTC';
  return `Etc/GMT${posix[1] === '-' ? '-' : '+'}${hours}`;
}

/** Whether two lists of hosts are the same, in any order. */
function sameHosts(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((host) => b.includes(host));
}

/**
 * Third-party services a theme wires in through `_config.yml`. A key (or a key inside one,
 * such as Jekyll-Bootstrap's `JB.analytics`) whose name matches is one of them. Verification
 * comes first: `baidu_site_verification` is a meta tag, not analytics.
 */
const SERVICES = [
  {
    kind: 'site verification',
    pattern: /verif/i,
    advice:
      'not carried over: the old layout put it in every page as a <meta> tag. Add that tag to the <head> of ' +
      "src/layouts/BaseLayout.astro, or verify the site another way (a DNS record, or the provider's HTML file in public/)",
  },
  {
    kind: 'analytics',
    pattern:
      /analytic|tongji|baidu|cnzz|umami|plausible|matomo|piwik|gtag|google_tag|tag_?manager|statcounter|clicky|busuanzi|51la|umeng|hotjar|mixpanel|^ga$|^ga_|tracking/i,
    advice:
      "not carried over: xinwen's pages load no script from another host. To keep it, put the provider's snippet in a <script> " +
      'in src/layouts/BaseLayout.astro (Astro writes it to a file of the site; an is:inline script is refused), and add the ' +
      "provider's hosts to script-src and connect-src in src/lib/security.ts: its Content-Security-Policy allows only the site's own scripts",
  },
  {
    kind: 'comments',
    pattern:
      /comment|disqus|gitalk|gitment|utterances|giscus|valine|waline|twikoo|livere|duoshuo|changyan|beaudar|isso|remark42|staticman|cusdis|artalk/i,
    advice:
      'not carried over: xinwen shows no comments; the old threads stay with the provider. To show them, add its embed code ' +
      'as a <script> in src/components/ArticlePage.astro, and its hosts to script-src, connect-src and frame-src in src/lib/security.ts ' +
      "(its Content-Security-Policy allows only the site's own scripts and no frames)",
  },
] as const;

type Service = (typeof SERVICES)[number];

/** The service a key names, if any. */
function serviceOf(key: string): Service | undefined {
  return SERVICES.find((service) => service.pattern.test(key));
}

/** A value shown in a message, cut short. */
function shown(value: unknown, max: number): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > max ? `${json.slice(0, max - 3)}...` : json;
}

/** Keys below `value` (an object) that name a service, as dotted paths, a few levels down. */
function nestedServiceKeys(prefix: string, value: unknown, depth: number, found: Map<Service, string[]>): void {
  if (depth === 0 || value === null || typeof value !== 'object' || Array.isArray(value)) return;
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    const dotted = `${prefix}.${key}`;
    const service = serviceOf(key);
    // A list is a theme's own setting (compress_html.comments: ["<!--", "-->"]), not a service.
    if (service && !Array.isArray(inner)) found.set(service, [...(found.get(service) ?? []), dotted]);
    else if (!service) nestedServiceKeys(dotted, inner, depth - 1, found);
  }
}

/**
 * A description for a site whose `_config.yml` has none, from its title: the example's would
 * describe another site in the footer, the feeds and search engines' results.
 */
export function descriptionFromTitle(title: string, language: string): string {
  return /^zh\b/i.test(language) ? `${title}的全部文章` : `All articles of ${title}`;
}

/**
 * Maps `_config.yml` (parsed) onto settings. `current` is what `src/site.config.ts` holds, so
 * the example's title and description are recognised (they are the schema's defaults) and
 * replaced or reported, never left in place silently.
 */
export function mapJekyllConfig(jekyll: Record<string, unknown>, current: CurrentSettings): ConfigMapping {
  const settings: Record<string, SettingValue> = {};
  const unmapped: string[] = [];
  const toCheck: ConfigMapping['toCheck'] = {};
  const text = (key: string) =>
    typeof jekyll[key] === 'string' || typeof jekyll[key] === 'number' ? String(jekyll[key]).trim() || undefined : undefined;

  /** Sets `setting` when the settings schema accepts the value; otherwise says why it was not mapped. */
  const map = (jekyllKey: string, setting: keyof typeof settingsSchema.shape, value: unknown): boolean => {
    const checked = settingsSchema.shape[setting].safeParse(value);
    if (checked.success) settings[setting] = checked.data as SettingValue;
    else unmapped.push(`${jekyllKey}: ${JSON.stringify(value)} ${checked.error.issues[0]?.message ?? 'is not valid'}`);
    return checked.success;
  };

  // The first of the keys themes use that the config has; its key is then mapped, not listed.
  const used = new Set<string>();
  const firstOf = (keys: readonly string[]) => {
    const key = keys.find((candidate) => text(candidate) !== undefined);
    if (key !== undefined) used.add(key);
    return key === undefined ? undefined : { key, value: text(key)! };
  };

  const titleFrom = firstOf(TITLE_KEYS);
  const title = titleFrom?.value;
  if (titleFrom) map(titleFrom.key, 'title', titleFrom.value);
  if (titleFrom && titleFrom.key !== 'title' && settings.title !== undefined) {
    toCheck.title =
      `title: _config.yml has none, so its ${titleFrom.key}: "${titleFrom.value}" is the title, as Jekyll-Now themes show it; ` +
      'it is in every page title and the feeds: change it in src/site.config.ts if it is not the title';
  }
  const description = text('description');
  if (description) map('description', 'description', description);
  if (text('lang')) map('lang', 'language', text('lang'));
  const urlFrom = firstOf(URL_KEYS);
  let parsedUrl: URL | undefined;
  if (urlFrom) {
    try {
      parsedUrl = new URL(urlFrom.value);
    } catch {
      unmapped.push(`${urlFrom.key}: ${JSON.stringify(urlFrom.value)} is not an absolute URL`);
    }
    if (parsedUrl) {
      map(urlFrom.key, 'url', parsedUrl.origin);
      // Links in posts to the old host become site-relative.
      map(urlFrom.key, 'legacyHosts', [parsedUrl.hostname]);
    }
  }
  if (parsedUrl && urlFrom && urlFrom.key !== 'url') {
    toCheck.url =
      `url: _config.yml has none, so its ${urlFrom.key}: "${urlFrom.value}" is the site's address (${parsedUrl.origin}), and links ` +
      `in posts to ${parsedUrl.hostname} become links within the site; check both in src/site.config.ts`;
  } else if (!parsedUrl) {
    // The example's address stays (the setting cannot be empty), but not its old hosts: links to
    // finews.withounder.com in another site's posts are not links within it.
    const currentUrl = current.url ?? DEFAULT_URL;
    const exampleHosts = current.legacyHosts === undefined || sameHosts(current.legacyHosts, DEFAULT_LEGACY_HOSTS);
    if (exampleHosts) settings.legacyHosts = [];
    if (currentUrl === DEFAULT_URL) {
      toCheck.url =
        `url: _config.yml has ${urlFrom ? `no usable address (${urlFrom.key}: ${JSON.stringify(urlFrom.value)})` : `none (nor ${URL_KEYS.slice(1).join(', ')}:)`}, ` +
        `so migrate cannot tell the site's address: the example's ${DEFAULT_URL} stays, and feeds, the sitemap and canonical links point there` +
        (exampleHosts ? `; the example's old hosts (${DEFAULT_LEGACY_HOSTS.join(', ')}) are removed from legacyHosts` : '') +
        ": write the site's url in src/site.config.ts, and in legacyHosts the hosts the old site was served from";
    }
  }

  let oldTimeZone: string | undefined;
  const timezone = text('timezone');
  if (timezone) {
    if (map('timezone', 'timeZone', timezone)) oldTimeZone = timezone;
    else {
      // Jekyll did not refuse it: it ran in the zone the C library made of the name.
      const ranIn = zoneJekyllRanIn(timezone);
      map('timezone', 'legacyTimeZone', ranIn);
      oldTimeZone = ranIn;
      toCheck.timeZone =
        `timezone: "${timezone}" is no zone of the time zone database, so the old site ran in ${ranIn} (what the C library makes of it); ` +
        `legacyTimeZone: '${ranIn}' is set, so each post whose day differs there also gets a redirect from its old URL`;
    }
  } else {
    // Jekyll then used the machine's zone: UTC on GitHub Pages and most CI machines. timeZone
    // stays what the site means; the old zone only adds redirects where a post's day moved.
    map('timezone', 'legacyTimeZone', 'UTC');
    oldTimeZone = 'UTC';
    toCheck.timeZone =
      "timezone: not set — the old site ran in its build machine's zone, UTC on GitHub Pages; legacyTimeZone: 'UTC' is set, " +
      'so each post whose day differs in UTC (such as one dated before 08:00 +0800) also gets a redirect from its old URL; ' +
      'change legacyTimeZone if the old site was built elsewhere';
  }
  const permalink = text('permalink');
  // Jekyll adds the leading "/" a pattern lacks (URL#sanitize_url).
  if (permalink) map('permalink', 'permalink', permalink.startsWith('/') || /^[a-z]+$/.test(permalink) ? permalink : `/${permalink}`);
  // `future: true` published posts dated after the build.
  if (jekyll.future === true) map('future', 'includeFuture', true);

  // The example's title and description are the schema's defaults; a site's own differ.
  const siteTitle =
    (settings.title as string | undefined) ?? (current.title !== undefined && current.title !== DEFAULT_TITLE ? current.title : undefined);
  if (!title && siteTitle === undefined) {
    toCheck.title = `title: _config.yml has none (nor ${TITLE_KEYS.slice(1).join(', ')}:), so the example's "${current.title ?? DEFAULT_TITLE}" stays; write the site's own in src/site.config.ts`;
  }
  const currentDescription = current.description ?? DEFAULT_DESCRIPTION;
  if (!description && currentDescription === DEFAULT_DESCRIPTION) {
    if (siteTitle !== undefined) {
      const language = (settings.language as string | undefined) ?? current.language ?? DEFAULT_LANGUAGE;
      const derived = descriptionFromTitle(siteTitle, language);
      settings.description = derived;
      toCheck.description =
        `description: _config.yml has none, so the example's "${DEFAULT_DESCRIPTION}" is replaced by "${derived}", made from the title; ` +
        "it is shown in the footer, the feeds and search engines' results: write the site's own in src/site.config.ts";
    } else {
      toCheck.description = `description: _config.yml has none, nor a title to make one from, so the example's "${DEFAULT_DESCRIPTION}" stays; write the site's own in src/site.config.ts`;
    }
  }
  const defaults = carryDefaults(jekyll.defaults);
  if (defaults.sets.length > 0) map('defaults', 'postDefaults', defaults.sets);
  unmapped.push(...defaults.notCarried);
  // Written in a fixed order, whatever the order of _config.yml: title and description first.
  const ordered: Record<string, SettingValue> = {};
  for (const key of ['title', 'description', ...Object.keys(settings)]) if (settings[key] !== undefined) ordered[key] = settings[key];

  const services = new Map<Service, string[]>();
  for (const key of Object.keys(jekyll)) {
    if (MAPPED_KEYS.has(key) || used.has(key)) continue;
    const value = jekyll[key];
    const service = serviceOf(key);
    if (service) {
      // A value is shown when it is one (an ID, a provider's name); a block of settings is named by its key.
      const scalar = value === null || typeof value !== 'object';
      services.set(service, [...(services.get(service) ?? []), scalar ? `${key}: ${shown(value, 40)}` : key]);
      continue;
    }
    // An empty baseurl is the root of the host, which is where xinwen builds the site.
    if (key === 'baseurl' && (value === null || value === '' || value === '/')) continue;
    const nested = new Map<Service, string[]>();
    nestedServiceKeys(key, value, 3, nested);
    const holds = [...nested].map(([{ kind }, paths]) => `${paths.join(', ')} (${kind})`);
    for (const [found, paths] of nested) services.set(found, [...(services.get(found) ?? []), ...paths]);
    unmapped.push(
      key === 'author'
        ? `author: ${JSON.stringify(value)} — xinwen shows no author; keep it in the site description or footer if wanted`
        : key === 'baseurl'
          ? `baseurl: ${JSON.stringify(value)} — xinwen builds the site for the root of its host: serve it from a custom domain or a <user>.github.io repository, or links to ${String(value)}/… lead nowhere`
          : `${key}: ${shown(value, 60)} — no xinwen setting${holds.length > 0 ? `; it holds ${holds.join(' and ')}: see below` : ''}`,
    );
  }
  for (const service of SERVICES) {
    const keys = services.get(service);
    if (keys) unmapped.push(`${keys.join(', ')} — ${service.kind}, ${service.advice}`);
  }

  const siteTimeZone = (settings.timeZone as string | undefined) ?? current.timeZone ?? DEFAULT_TIME_ZONE;
  return { settings: ordered, unmapped, toCheck, oldTimeZone, siteTimeZone };
}

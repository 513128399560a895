/**
 * Keys for Astro's incremental build: a page is rendered again only when its key changes. A key
 * is the digest of the page's whole view object (what its component renders), never assembled
 * beside it, so a field a page starts showing is covered the moment it is added to the view.
 * Hashed, because the keys of every page are kept between builds.
 */
import { createHash } from 'node:crypto';

/**
 * A stable serialization of a view: JSON with object keys sorted (so the order fields were
 * written in does not matter) and Dates as ISO text. Anything JSON would lose or blur — Maps,
 * Sets, functions, class instances, non-finite numbers, `undefined` inside arrays — is refused,
 * so no part of a view can silently drop out of its key. `undefined` object fields are left out,
 * as a page renders an absent field and an undefined one alike.
 */
export function stableJson(value: unknown): string {
  const at: (string | number)[] = [];
  try {
    return serialize(value, at);
  } catch (error) {
    if (!(error instanceof Unserializable)) throw error;
    const where = at.map((step) => (typeof step === 'number' ? `[${step}]` : `.${step}`)).join('');
    throw new TypeError(`stableJson: $${where} ${error.message}`);
  }
}

/** A value a view must not hold; `at` is left pointing at it. */
class Unserializable extends Error {}

// Every page's key is computed on every build (100,000 articles), so the walk avoids building
// paths and intermediate arrays: `at` is a stack, joined only to report a refused value.
function serialize(value: unknown, at: (string | number)[]): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new Unserializable(`is ${value}, which JSON cannot hold`);
      return JSON.stringify(value);
    case 'object':
      if (value === null) return 'null';
      break;
    default:
      throw new Unserializable(`is a ${typeof value}, which a view must not hold`);
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let index = 0; index < value.length; index += 1) {
      at.push(index);
      const item: unknown = value[index];
      if (item === undefined) throw new Unserializable('is undefined');
      out += (index === 0 ? '' : ',') + serialize(item, at);
      at.pop();
    }
    return `${out}]`;
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new Unserializable('is an invalid Date');
    return JSON.stringify(value.toISOString());
  }
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) {
    const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
    throw new Unserializable(`is a ${name}; a view holds plain objects, arrays and primitives`);
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const field = record[key];
    if (field === undefined) continue;
    at.push(key);
    out += `${first ? '' : ','}${JSON.stringify(key)}:${serialize(field, at)}`;
    at.pop();
    first = false;
  }
  return `${out}}`;
}

// Views are plain data, built once and not changed after: the route record and the route
// both ask for an article's key, and it is computed once.
const keys = new WeakMap<object, string>();

/** The cache key of a page: a short digest of its view's stable serialization. */
export function viewKey(view: object): string {
  let key = keys.get(view);
  if (key === undefined) {
    key = createHash('sha1').update(stableJson(view)).digest('base64url');
    keys.set(view, key);
  }
  return key;
}

/**
 * Whether Astro can cache the page at `path`. It names the cached copy with a URL relative to
 * its cache folder, and a first segment with a colon (`/javascript:x/…`, a category name from a
 * hostile post) parses as a URL scheme and fails the build; such pages are rendered every time.
 */
export function cacheablePath(path: string): boolean {
  return !(path.replace(/^\/+/, '').split('/')[0] ?? '').includes(':');
}

/** The cache key of the page at the decoded site path `path`, or none where Astro cannot cache it. */
export function pageKey(path: string, view: object): string | undefined {
  return cacheablePath(path) ? viewKey(view) : undefined;
}

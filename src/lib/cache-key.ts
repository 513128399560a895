/**
 * Keys for Astro's incremental build: a page is rendered again only when its key changes. A key
 * is the digest of the page's whole view object (what its component renders), never assembled
 * beside it, so a field a page starts showing is covered the moment it is added to the view.
 * Hashed, because the keys of every page are kept between builds.
 */
import { createHash } from 'node:crypto';

/**
 * A stable serialization of a view: its JSON, with Dates as ISO text. Anything JSON would lose
 * or blur — Maps, Sets, functions, class instances, objects with their own `toJSON`, non-finite
 * numbers, `undefined` inside arrays — is refused, so no part of a view can silently drop out
 * of its key. `undefined` object fields are left out, as a page renders an absent field and an
 * undefined one alike. Object fields are in sorted order, so the order they were written in
 * does not matter.
 */
export function stableJson(value: unknown): string {
  try {
    return JSON.stringify(value, checkedValue);
  } catch (error) {
    if (!(error instanceof Unserializable)) throw error;
    const where = (unserializablePath(value) ?? []).map((step) => (typeof step === 'number' ? `[${step}]` : `.${step}`)).join('');
    throw new TypeError(`stableJson: $${where} ${error.message}`);
  }
}

/** A value a view must not hold. */
class Unserializable extends Error {}

// Every page's key is computed on every build (100,000 articles and as many other pages), so
// the walk is JSON.stringify's own, three times as fast as one in JavaScript; this replacer only
// refuses what it would lose or blur, and sorts fields where they are not in order already.
function checkedValue(this: unknown, key: string, value: unknown): unknown {
  // What JSON.stringify passes is the value after its `toJSON`; the holder has the value itself.
  const own = (this as Record<string, unknown>)[key];
  return checkedField(own, value, Array.isArray(this));
}

function checkedField(own: unknown, value: unknown, inArray: boolean): unknown {
  switch (typeof own) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(own)) throw new Unserializable(`is ${own}, which JSON cannot hold`);
      return value;
    case 'undefined':
      if (inArray) throw new Unserializable('is undefined');
      return value;
    case 'object': {
      if (own === null || Array.isArray(own)) return value;
      if (own instanceof Date) {
        if (Number.isNaN(own.getTime())) throw new Unserializable('is an invalid Date');
        return value;
      }
      const prototype = Object.getPrototypeOf(own) as unknown;
      if ((prototype !== Object.prototype && prototype !== null) || typeof (own as { toJSON?: unknown }).toJSON === 'function') {
        const name = (own as { constructor?: { name?: string } }).constructor?.name ?? 'object';
        throw new Unserializable(`is a ${name}; a view holds plain objects, arrays and primitives`);
      }
      return sortedFields(own as Record<string, unknown>);
    }
    default:
      throw new Unserializable(`is a ${typeof own}, which a view must not hold`);
  }
}

/** `record`, or a copy with its fields in sorted order when they are not. */
function sortedFields(record: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(record);
  let sorted = true;
  for (let index = 1; index < keys.length && sorted; index += 1) sorted = keys[index - 1]! < keys[index]!;
  if (sorted) return record;
  const copy: Record<string, unknown> = {};
  for (const key of keys.sort()) copy[key] = record[key];
  return copy;
}

/** Where in `value` the first value a view must not hold is, for the message; depth first, as JSON.stringify goes. */
function unserializablePath(value: unknown, inArray = false): (string | number)[] | undefined {
  try {
    checkedField(value, value, inArray);
  } catch {
    return [];
  }
  if (typeof value !== 'object' || value === null || value instanceof Date) return undefined;
  const fields: [string | number, unknown][] = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
  for (const [step, field] of fields) {
    const below = unserializablePath(field, Array.isArray(value));
    if (below) return [step, ...below];
  }
  return undefined;
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

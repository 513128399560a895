/**
 * What a deploy will do, decided from three readings and no requests of its own: the output
 * folder, the bucket's listing and the last deploy's manifest. The bucket is the truth: a file
 * is unchanged only when the object is there, is what the manifest says it is, and the manifest
 * says what the build has; anything unproven is uploaded again.
 */
import { SEARCH_BUNDLES } from '../lib/search-plan';
import { FIXED_PAGES } from '../lib/site-pages';
import type { LocalFile } from './files';
import { knownType } from './headers';
import type { DeployManifest, ManifestEntry } from './manifest';

/** An object under the target's prefix, as a listing reports it. */
export interface RemoteObject {
  /** The ETag without its quotes. */
  etag: string;
  size: number;
}

/**
 * Upload groups, in order: what other files reference goes up before what references it, so a
 * reader who loads a new page mid-deploy never asks for a file that is not there yet. Articles
 * go up before the search entry files, feeds and sitemaps that list them: a feed reader, a
 * crawler or a search result never meets a new article's URL before its page is there.
 */
export const UPLOAD_GROUPS = ['search runtime', 'assets', 'pages', 'search entry', 'feeds', 'listings', 'home'] as const;
export type UploadGroup = (typeof UPLOAD_GROUPS)[number];

// Listings the site writes below these folders (`sitePaths` in src/lib/site-pages.ts).
const LISTING_FOLDERS = ['category/', 'tag/', 'archive/'];
const FIXED_LISTINGS = new Set(FIXED_PAGES.filter((page) => page.endsWith('.html') && page !== '/404.html').map((page) => page.slice(1)));

/** The group an output file is uploaded with. */
export function uploadGroup(key: string): UploadGroup {
  if (key === 'index.html') return 'home';
  // The shared WebAssembly, which every bundle's module and worker (assets) fetch.
  if (key.startsWith(`${SEARCH_BUNDLES.runtime}/`)) return 'search runtime';
  const name = key.slice(key.lastIndexOf('/') + 1);
  // Pagefind's entry file and the site's search manifest name the bundles' current chunks.
  if (/^pagefind[^/]*\/[^/]+\.json$/.test(key)) return 'search entry';
  if (key.endsWith('.html')) {
    const listing = name === 'index.html' || FIXED_LISTINGS.has(key) || LISTING_FOLDERS.some((folder) => key.startsWith(folder));
    return listing ? 'listings' : 'pages';
  }
  if (/\.(?:xml|opml|txt)$/.test(key)) return 'feeds';
  return 'assets';
}

/** Why a file goes up. */
export type UploadReason = 'new' | 'changed' | 'headers' | 'unverified';

export interface Upload {
  file: LocalFile;
  group: UploadGroup;
  reason: UploadReason;
}

/** A reason not to deploy; a forceable one gives way to `--force`. */
export interface Refusal {
  message: string;
  forceable: boolean;
}

export interface PlanLimits {
  /** How long a file that left the build stays in the bucket. */
  graceMs: number;
  /** The share of the site's files a deploy may remove without `--force` (0–1). */
  maxDeleteShare: number;
  /** A build with fewer files than this share of the last deploy's is refused without `--force` (0–1). */
  minSizeShare: number;
}

export interface DeployPlan {
  /** In upload order: by group, then by key. */
  uploads: Upload[];
  unchanged: number;
  /** Keys (below the prefix) to delete now: their grace period is over. */
  deletions: string[];
  /** Keys that left the build and stay until their grace period ends. */
  kept: { key: string; until: Date }[];
  /** Keys that left the build with this deploy. */
  newlyRemoved: string[];
  /** Extensions of files served as bytes because the type table does not name them. */
  unknownTypes: string[];
  refusals: Refusal[];
}

/** Pages without which the site is not whole: a build that lacks one is never deployed. */
export const REQUIRED_FILES = ['index.html', '404.html', 'search.html'];

function unchanged(file: LocalFile, remote: RemoteObject | undefined, entry: ManifestEntry | undefined): UploadReason | undefined {
  if (!remote) return 'new';
  // Without the manifest's word the object's headers are unknown: upload rather than guess.
  if (!entry) return 'unverified';
  // The object is no longer what the manifest says: changed outside, or a deploy was cut short.
  if (remote.etag !== (entry.etag ?? entry.md5) || remote.size !== entry.size) return 'unverified';
  if (entry.md5 !== file.md5 || entry.size !== file.size) return 'changed';
  if (entry.headers !== file.headerDigest) return 'headers';
  return undefined;
}

/** S3's limit on an object key, in UTF-8 bytes (R2, B2 and MinIO have the same or less). */
export const MAX_KEY_BYTES = 1024;

/**
 * Why the output folder alone is not a whole build or cannot be stored below `prefix` (nothing
 * overrides these), or none.
 */
export function incompleteBuild(files: readonly LocalFile[], prefix = ''): Refusal[] {
  if (files.length === 0) return [{ message: 'the output folder has no files: build the site first', forceable: false }];
  const keys = new Set(files.map((file) => file.key));
  const missing = REQUIRED_FILES.filter((key) => !keys.has(key));
  const refusals: Refusal[] =
    missing.length > 0 ? [{ message: `the output folder has no ${missing.join(', ')}: the build is not complete`, forceable: false }] : [];
  const tooLong = files.filter((file) => Buffer.byteLength(`${prefix}${file.key}`, 'utf8') > MAX_KEY_BYTES);
  if (tooLong.length > 0) {
    refusals.push({
      message: `${tooLong.length} files have a key longer than S3's ${MAX_KEY_BYTES} bytes with the prefix ${JSON.stringify(prefix)} (give their posts a shorter permalink, title or categories), e.g. ${tooLong
        .slice(0, 3)
        .map((file) => `${file.key.slice(0, 60)}… (${Buffer.byteLength(`${prefix}${file.key}`, 'utf8')} bytes)`)
        .join(', ')}`,
      forceable: false,
    });
  }
  return refusals;
}

/** A build with fewer files than this share of the last deploy's is refused without `--force`. */
export const MIN_SIZE_SHARE = 0.5;

/** What to upload, keep and delete to make the bucket's `remote` objects the build's `files`. */
export function planDeploy(
  files: readonly LocalFile[],
  remote: ReadonlyMap<string, RemoteObject>,
  manifest: DeployManifest | undefined,
  now: Date,
  limits: PlanLimits,
): DeployPlan {
  const refusals = incompleteBuild(files);
  const keys = new Set(files.map((file) => file.key));
  const lastCount = manifest ? Object.keys(manifest.files).length : 0;
  if (files.length > 0 && files.length < lastCount * limits.minSizeShare) {
    refusals.push({
      message: `the output folder has ${files.length} files, the last deploy had ${lastCount}: is the build complete?`,
      forceable: true,
    });
  }

  const uploads: Upload[] = [];
  let unchangedCount = 0;
  for (const file of files) {
    const reason = unchanged(file, remote.get(file.key), manifest?.files[file.key]);
    if (reason === undefined) unchangedCount++;
    else uploads.push({ file, group: uploadGroup(file.key), reason });
  }
  const order = (upload: Upload) => UPLOAD_GROUPS.indexOf(upload.group);
  uploads.sort((a, b) => order(a) - order(b) || (a.file.key < b.file.key ? -1 : a.file.key > b.file.key ? 1 : 0));

  const deletions: string[] = [];
  const kept: DeployPlan['kept'] = [];
  const newlyRemoved: string[] = [];
  for (const key of [...remote.keys()].sort()) {
    if (keys.has(key)) continue;
    const since = manifest?.removed[key];
    if (since === undefined) newlyRemoved.push(key);
    const until = new Date((since ? Date.parse(since) : now.getTime()) + limits.graceMs);
    if (until.getTime() <= now.getTime()) deletions.push(key);
    else kept.push({ key, until });
  }
  const live = [...remote.keys()].filter((key) => manifest?.removed[key] === undefined).length;
  if (live > 0 && newlyRemoved.length > live * limits.maxDeleteShare) {
    refusals.push({
      message: `the build lacks ${newlyRemoved.length} of the ${live} files the site has (more than ${Math.round(limits.maxDeleteShare * 100)}%), e.g. ${newlyRemoved.slice(0, 3).join(', ')}`,
      forceable: true,
    });
  }

  const unknownTypes = [...new Set(files.filter((file) => !knownType(file.key)).map((file) => file.key.replace(/^.*\//, '')))].sort();
  return { uploads, unchanged: unchangedCount, deletions, kept, newlyRemoved, unknownTypes, refusals };
}

/**
 * The manifest after a deploy that carried out `plan`: every file of the build, with the ETag the
 * service gave each upload (`etags`), and the files kept for their grace period.
 */
export function manifestAfter(
  files: readonly LocalFile[],
  plan: DeployPlan,
  etags: ReadonlyMap<string, string>,
  previous: DeployManifest | undefined,
  now: Date,
): DeployManifest {
  const entries: Record<string, ManifestEntry> = {};
  for (const file of files) {
    const etag = etags.get(file.key);
    const before = previous?.files[file.key];
    entries[file.key] = etag === undefined && before ? before : entryFor(file, etag);
  }
  const removed: Record<string, string> = {};
  for (const { key } of plan.kept) removed[key] = previous?.removed[key] ?? now.toISOString();
  return { version: 1, deployedAt: now.toISOString(), files: entries, removed };
}

/** What the manifest records of `file`, stored with the service's `etag`. */
function entryFor(file: LocalFile, etag: string | undefined): ManifestEntry {
  const entry: ManifestEntry = { md5: file.md5, size: file.size, headers: file.headerDigest };
  if (etag !== undefined && etag !== file.md5) entry.etag = etag;
  return entry;
}

/**
 * The bucket as the last whole deploy left it, by its manifest: enough to send what the build
 * changed at once. Only a listing proves it; the deploy lists the bucket after sending.
 */
export function remoteFromManifest(manifest: DeployManifest): Map<string, RemoteObject> {
  const remote = new Map<string, RemoteObject>();
  for (const [key, entry] of Object.entries(manifest.files)) remote.set(key, { etag: entry.etag ?? entry.md5, size: entry.size });
  // Kept for their grace period: present, of no size or ETag any file could match.
  for (const key of Object.keys(manifest.removed)) if (!remote.has(key)) remote.set(key, { etag: '', size: -1 });
  return remote;
}

/** `manifest` with the files uploaded since (`etags`) recorded as the build has them. */
export function manifestWithUploads(
  manifest: DeployManifest,
  files: readonly LocalFile[],
  etags: ReadonlyMap<string, string>,
): DeployManifest {
  const entries = { ...manifest.files };
  for (const file of files) {
    const etag = etags.get(file.key);
    if (etag !== undefined) entries[file.key] = entryFor(file, etag);
  }
  return { ...manifest, files: entries };
}

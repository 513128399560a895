/**
 * The deploy manifest: kept in the bucket beside the site, written last by every deploy. It says
 * what each object is (MD5, size, header digest, the ETag the service gave it) and which objects
 * left the build and when, so the next deploy, from any clone, sees header changes and stale
 * files without a request per object.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'astro/zod';

/** Keys of the deploy's own objects, below the target's prefix; never part of the site. */
export const CONTROL_FOLDER = '.xinwen-deploy/';
export const MANIFEST_KEY = `${CONTROL_FOLDER}manifest.json.gz`;
export const LOCK_KEY = `${CONTROL_FOLDER}lock.json`;
/**
 * Present while a deploy changes the site's objects and until its manifest is written: a deploy
 * that finds it knows the manifest may not describe the bucket, and trusts only the listing.
 */
export const UNFINISHED_KEY = `${CONTROL_FOLDER}unfinished.json`;
/**
 * What an unfinished deploy had sent, in the manifest's form, written as it goes: a deploy that
 * finds the unfinished mark checks these objects against the listing and sends them again only
 * if they differ, rather than sending again all that a killed deploy had already sent.
 */
export const PROGRESS_KEY = `${CONTROL_FOLDER}progress.json.gz`;

const entrySchema = z.object({
  md5: z.string().regex(/^[0-9a-f]{32}$/),
  size: z.number().int().nonnegative(),
  /** {@link headerDigest} of the headers the object was stored with. */
  headers: z.string().min(1),
  /** The ETag the service answered, when it is not the MD5 (encrypted buckets, some services). */
  etag: z.string().optional(),
});

const manifestSchema = z.object({
  version: z.literal(1),
  deployedAt: z.iso.datetime(),
  files: z.record(z.string(), entrySchema),
  /** Objects no longer in the build, kept for the grace period: key → when they left it. */
  removed: z.record(z.string(), z.iso.datetime()),
});

export type ManifestEntry = z.infer<typeof entrySchema>;
export type DeployManifest = z.infer<typeof manifestSchema>;

/** The manifest as stored: gzip-compressed JSON (about 2 MB at 40,000 files). */
export function encodeManifest(manifest: DeployManifest): Buffer {
  return gzipSync(JSON.stringify(manifest));
}

/** The manifest in `bytes`; throws saying what is wrong when it is not one. */
export function decodeManifest(bytes: Uint8Array): DeployManifest {
  const text = gunzipSync(bytes).toString('utf8');
  const parsed = manifestSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`not a deploy manifest: ${parsed.error.issues[0]?.message ?? 'unknown shape'}`);
  return parsed.data;
}

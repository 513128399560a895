/**
 * `npm run deploy`'s work, drivable in-process: read the output folder and the last manifest;
 * refuse a build that would harm the live site; upload what differs from the manifest in
 * reference order; then read the bucket's listing, upload again whatever is not what the manifest
 * said, delete what left the build once its grace period is over, and write the manifest last.
 * Killed or failed at any point after its first change, a deploy leaves a mark, and the next one
 * lists the bucket before it trusts the manifest for anything: it converges. What it had sent is
 * recorded as it goes, so the next one sends again only what the listing cannot vouch for.
 */
import { type LocalFile, readOutputFolder } from './files';
import { invalidateCloudFront, invalidationPaths } from './invalidate';
import type { DeployManifest } from './manifest';
import {
  type DeployPlan,
  incompleteBuild,
  manifestAfter,
  manifestWithUploads,
  type PlanLimits,
  planDeploy,
  remoteFromManifest,
  type Upload,
  UPLOAD_GROUPS,
} from './plan';
import { Bucket, describeAnswer, type StorageOptions } from './storage';
import type { DeployTarget } from './target';

/** Uploads between two records of a deploy's progress (and one after every upload group). */
const PROGRESS_EVERY = 2_000;

export interface DeployOptions {
  outDir: string;
  target: DeployTarget;
  storage: StorageOptions;
  limits: PlanLimits;
  /** Deploy despite a refusal `--force` may override (a much smaller build, many deletions). */
  force?: boolean;
  /** Read the bucket and report the plan; send nothing that changes it. */
  dryRun?: boolean;
  /** Store redirect pages with `x-amz-website-redirect-location` (default true). */
  redirectHeaders?: boolean;
  /** A CloudFront distribution whose caches drop what this deploy changed or deleted. */
  cloudFrontDistribution?: string | undefined;
  /** The region when none of the SDK's sources gives one (S3-compatible services mostly ignore it). */
  fallbackRegion?: string;
  /**
   * Aborted, the deploy starts no new upload, lets those in flight finish, records them and gives
   * the lock back, then fails with {@link DeployInterrupted} (`npm run deploy` on Ctrl-C or SIGTERM).
   */
  signal?: AbortSignal;
  now?: () => Date;
}

/** The deploy was asked to stop: the next deploy finishes the job. */
export class DeployInterrupted extends Error {
  constructor(readonly sent: number) {
    super(`stopped when asked, after ${sent} uploads; the lock is given back, and the next deploy finishes the job`);
    this.name = 'DeployInterrupted';
    this.stack = '';
  }
}

export interface Invalidation {
  id: string;
  paths: string[];
}

export interface DeployResult {
  plan: DeployPlan;
  dryRun: boolean;
  uploaded: number;
  bytesUploaded: number;
  deleted: number;
  /** When the last of the kept files may be deleted. */
  keptUntil: Date | undefined;
  requests: number;
  seconds: number;
  /**
   * Seconds until every file that differs from the last deploy's manifest was up: when readers
   * see a new post. The listing, deletions and manifest come after.
   */
  liveSeconds: number | undefined;
  /**
   * The CloudFront invalidations sent, by their IDs and paths: what changed, then what the listing
   * found and what was deleted.
   */
  invalidations: Invalidation[];
  /** Things the owner should know that did not stop the deploy. */
  warnings: string[];
}

/**
 * The deploy would harm the live site, or the build is not whole: nothing was deleted, and
 * nothing sent unless the bucket's listing found what its manifest did not say (`sent` files).
 */
export class DeployRefused extends Error {
  constructor(
    readonly reasons: readonly string[],
    readonly sent = 0,
  ) {
    const done = sent === 0 ? 'nothing was sent' : `${sent} changed files were sent, nothing was deleted`;
    super(`deploy refused, ${done}:\n${reasons.map((reason) => `  - ${reason}`).join('\n')}`);
    this.name = 'DeployRefused';
    this.stack = '';
  }
}

/** Runs `work` over `items` with at most `limit` at once; the first failure stops new work and is thrown. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure) throw failure.error;
}

/** Publishes the output folder to the target; see the module comment for the order of things. */
export async function deploySite(options: DeployOptions): Promise<DeployResult> {
  const started = performance.now();
  const now = options.now ?? (() => new Date());
  const files = readOutputFolder(options.outDir, { redirectHeaders: options.redirectHeaders ?? true });
  // What the folder alone proves incomplete is refused before the bucket is asked anything.
  const early = incompleteBuild(files, options.target.prefix);
  if (early.length > 0) throw new DeployRefused(early.map((refusal) => `${refusal.message} (${options.outDir})`));

  let bucket = new Bucket(options.target, options.storage);
  if (options.fallbackRegion && !(await bucket.region())) {
    bucket.destroy();
    bucket = new Bucket(options.target, options.storage, options.fallbackRegion);
  }
  const warnings: string[] = [];
  let outcome: DeployResult;
  try {
    outcome = await publish(bucket, files, options, now, warnings, started);
  } finally {
    await bucket.releaseLock().catch(() => undefined);
    bucket.destroy();
  }
  // Counted once the lock is given back: its requests are the deploy's too.
  return { ...outcome, requests: bucket.requests, seconds: (performance.now() - started) / 1000 };
}

/** Everything between taking the lock and giving it back. */
async function publish(
  bucket: Bucket,
  files: LocalFile[],
  options: DeployOptions,
  now: () => Date,
  warnings: string[],
  /** When the deploy began, the reading of the output folder included. */
  started: number,
): Promise<DeployResult> {
  if (!options.dryRun) await bucket.acquireLock(now());
  const [stored, unfinished] = await Promise.all([bucket.readManifest(), options.dryRun ? false : bucket.unfinished()]);
  if (stored.problem)
    warnings.push(`the deploy manifest in the bucket could not be read (${stored.problem}); every file is uploaded again`);
  // What a deploy cut short had sent: checked against the listing below, not sent again.
  const progress = unfinished ? await bucket.readProgress() : undefined;
  const etags = new Map<string, string>();
  const refuse = (plan: DeployPlan) => {
    const refusals = plan.refusals.filter((refusal) => !refusal.forceable || !options.force);
    if (refusals.length > 0) {
      throw new DeployRefused(
        refusals.map((refusal) => `${refusal.message}${refusal.forceable ? ' (--force deploys anyway)' : ''}`),
        etags.size,
      );
    }
  };
  let marked = false;
  let recorded = 0;
  const recordProgress = async () => {
    if (etags.size === recorded) return;
    recorded = etags.size;
    const inherited: DeployManifest = { version: 1, deployedAt: now().toISOString(), files: { ...progress?.files }, removed: {} };
    await bucket.writeProgress(manifestWithUploads(inherited, files, etags));
  };
  const send = async (plan: DeployPlan) => {
    if (plan.uploads.length === 0 && plan.deletions.length === 0) return;
    if (!marked) await bucket.markUnfinished(now());
    marked = true;
    for (const group of UPLOAD_GROUPS) {
      const uploads = plan.uploads.filter((upload) => upload.group === group);
      // Recorded after every group and every PROGRESS_EVERY uploads: a deploy killed on its way
      // costs the next one at most that many uploads again.
      for (let start = 0; start < uploads.length; start += PROGRESS_EVERY) {
        await inParallel(uploads.slice(start, start + PROGRESS_EVERY), options.storage.concurrency, async ({ file }: Upload) => {
          if (options.signal?.aborted) throw new DeployInterrupted(etags.size);
          etags.set(file.key, await bucket.upload(file));
          // The record only saves the next deploy work: failing to write it fails nothing.
        }).finally(() => recordProgress().catch(() => undefined));
      }
    }
    await bucket.delete(plan.deletions);
  };
  const invalidations: Invalidation[] = [];
  const invalidate = async (uploads: readonly Upload[], deletions: readonly string[]) => {
    if (!options.cloudFrontDistribution) return;
    const sent = await invalidateStale(options.cloudFrontDistribution, uploads, deletions, warnings);
    if (sent) invalidations.push(sent);
  };

  // What the build changed goes up first, by the last whole deploy's manifest: a new post is live
  // once its files are, however long the listing of a large bucket takes. After a deploy that did
  // not finish, the manifest may not describe the bucket, and the listing comes first.
  let early: DeployPlan | undefined;
  let liveSeconds: number | undefined;
  if (!options.dryRun && stored.manifest && !unfinished) {
    early = { ...planDeploy(files, remoteFromManifest(stored.manifest), stored.manifest, now(), options.limits), deletions: [] };
    refuse(early);
    await send(early);
    if (early.uploads.length > 0) liveSeconds = (performance.now() - started) / 1000;
    await invalidate(early.uploads, []);
  }

  // Then the bucket's own listing: whatever is not what the manifest says is sent again, and what
  // left the build is kept for its grace period or deleted.
  const remote = await bucket.list(files.map((file) => file.key));
  if (!stored.manifest && !stored.problem && !progress && files.some((file) => remote.has(file.key))) {
    warnings.push(
      `the bucket holds the site's files but no deploy manifest (${remote.size} objects): each file is uploaded again once, since nothing records the headers they were stored with`,
    );
  }
  const known = early && stored.manifest ? manifestWithUploads(stored.manifest, files, etags) : withProgress(stored.manifest, progress);
  const listed = planDeploy(files, remote, known, now(), options.limits);
  refuse(listed);
  if (listed.unknownTypes.length > 0) {
    warnings.push(`served as application/octet-stream, no content type is known for: ${listed.unknownTypes.slice(0, 10).join(', ')}`);
  }
  const uploads = [...(early?.uploads ?? []), ...listed.uploads];
  const plan: DeployPlan = { ...listed, uploads, unchanged: files.length - new Set(uploads.map((upload) => upload.file.key)).size };
  const keptUntil = plan.kept.reduce<Date | undefined>((latest, { until }) => (!latest || until > latest ? until : latest), undefined);
  const result = (deleted: number): DeployResult => ({
    plan,
    dryRun: options.dryRun ?? false,
    uploaded: etags.size,
    bytesUploaded: bucket.bytesUploaded,
    deleted,
    keptUntil,
    requests: bucket.requests,
    seconds: 0,
    liveSeconds,
    warnings,
    invalidations,
  });
  if (options.dryRun) return result(0);

  await send(listed);
  liveSeconds ??= (performance.now() - started) / 1000;
  const lost = bucket.lockLost();
  if (lost) throw new Error(lost);
  await bucket.writeManifest(manifestAfter(files, listed, etags, known, now()), stored.etag);
  if (marked || unfinished) {
    await bucket.clearUnfinished().catch((error: unknown) => {
      warnings.push(`${(error as Error).message}; the next deploy lists the bucket before it sends anything`);
    });
  }
  await invalidate(listed.uploads, listed.deletions);
  return result(listed.deletions.length);
}

/**
 * The last manifest with what an unfinished deploy recorded of its uploads in place of its
 * entries: the listing then proves each of them, as it proves the manifest's.
 */
function withProgress(manifest: DeployManifest | undefined, progress: DeployManifest | undefined): DeployManifest | undefined {
  if (!progress) return manifest;
  if (!manifest) return { ...progress, removed: {} };
  return { ...manifest, files: { ...manifest.files, ...progress.files } };
}

/**
 * Asks CloudFront to drop what `uploads` replaced and `deletions` removed; new files were never
 * cached. A failure is a warning: the site is deployed, and its pages expire within minutes.
 */
async function invalidateStale(
  distribution: string,
  uploads: readonly Upload[],
  deletions: readonly string[],
  warnings: string[],
): Promise<Invalidation | undefined> {
  const stale = [...uploads.filter((upload) => upload.reason !== 'new').map((upload) => upload.file), ...deletions.map((key) => ({ key }))];
  const paths = invalidationPaths(stale);
  if (paths.length === 0) return undefined;
  try {
    return { id: await invalidateCloudFront(distribution, paths), paths };
  } catch (error) {
    warnings.push(
      `the CloudFront invalidation of ${paths.length} paths failed (${describeAnswer(error)}); cached pages expire within 5 minutes`,
    );
    return undefined;
  }
}

/**
 * `npm run deploy`'s work, drivable in-process: read the output folder, the bucket's listing and
 * the last manifest; refuse a build that would harm the live site; upload what differs in
 * reference order; delete what left the build once its grace period is over; write the manifest
 * last. Killed or failed at any point, the next deploy converges: the manifest is only trusted
 * where the bucket's own listing agrees with it.
 */
import { type LocalFile, readOutputFolder } from './files';
import { invalidateCloudFront, invalidationPaths } from './invalidate';
import { type DeployPlan, incompleteBuild, manifestAfter, type PlanLimits, planDeploy, type Upload, UPLOAD_GROUPS } from './plan';
import { Bucket, describeAnswer, type StorageOptions } from './storage';
import type { DeployTarget } from './target';

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
  now?: () => Date;
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
  /** The CloudFront invalidation sent: its ID and paths. */
  invalidation?: { id: string; paths: string[] } | undefined;
  /** Things the owner should know that did not stop the deploy. */
  warnings: string[];
}

/** The deploy would harm the live site, or the build is not whole: nothing was changed. */
export class DeployRefused extends Error {
  constructor(readonly reasons: readonly string[]) {
    super(`deploy refused, nothing was sent:\n${reasons.map((reason) => `  - ${reason}`).join('\n')}`);
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
  const early = incompleteBuild(files);
  if (early.length > 0) throw new DeployRefused(early.map((refusal) => `${refusal.message} (${options.outDir})`));

  let bucket = new Bucket(options.target, options.storage);
  if (options.fallbackRegion && !(await bucket.region())) {
    bucket.destroy();
    bucket = new Bucket(options.target, options.storage, options.fallbackRegion);
  }
  const warnings: string[] = [];
  let outcome: DeployResult;
  try {
    outcome = await publish(bucket, files, options, now, warnings);
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
): Promise<DeployResult> {
  if (!options.dryRun) await bucket.acquireLock(now());
  const [remote, stored] = await Promise.all([bucket.list(files.map((file) => file.key)), bucket.readManifest()]);
  if (stored.problem)
    warnings.push(`the deploy manifest in the bucket could not be read (${stored.problem}); every file is uploaded again`);
  const plan = planDeploy(files, remote, stored.manifest, now(), options.limits);
  const refusals = plan.refusals.filter((refusal) => !refusal.forceable || !options.force);
  if (refusals.length > 0) {
    throw new DeployRefused(refusals.map((refusal) => `${refusal.message}${refusal.forceable ? ' (--force deploys anyway)' : ''}`));
  }
  if (plan.unknownTypes.length > 0) {
    warnings.push(`served as application/octet-stream, no content type is known for: ${plan.unknownTypes.slice(0, 10).join(', ')}`);
  }
  const keptUntil = plan.kept.reduce<Date | undefined>((latest, { until }) => (!latest || until > latest ? until : latest), undefined);
  let invalidation: DeployResult['invalidation'];
  const result = (uploaded: number, deleted: number): DeployResult => ({
    plan,
    dryRun: options.dryRun ?? false,
    uploaded,
    bytesUploaded: bucket.bytesUploaded,
    deleted,
    keptUntil,
    requests: bucket.requests,
    seconds: 0,
    warnings,
    invalidation,
  });
  if (options.dryRun) return result(0, 0);

  const etags = new Map<string, string>();
  for (const group of UPLOAD_GROUPS) {
    const uploads = plan.uploads.filter((upload) => upload.group === group);
    await inParallel(uploads, options.storage.concurrency, async ({ file }: Upload) => {
      etags.set(file.key, await bucket.upload(file));
    });
  }
  await bucket.delete(plan.deletions);
  const lost = bucket.lockLost();
  if (lost) throw new Error(lost);
  await bucket.writeManifest(manifestAfter(files, plan, etags, stored.manifest, now()), stored.etag);
  if (options.cloudFrontDistribution) {
    // New files were never cached; changed, re-sent and deleted ones may be.
    const stale = [
      ...plan.uploads.filter((upload) => upload.reason !== 'new').map((upload) => upload.file),
      ...plan.deletions.map((key) => ({ key })),
    ];
    const paths = invalidationPaths(stale);
    if (paths.length > 0) {
      try {
        invalidation = { id: await invalidateCloudFront(options.cloudFrontDistribution, paths), paths };
      } catch (error) {
        // The site is deployed; its caches expire within minutes without the invalidation.
        warnings.push(
          `the CloudFront invalidation of ${paths.length} paths failed (${describeAnswer(error)}); cached pages expire within 5 minutes`,
        );
      }
    }
  }
  return result(etags.size, plan.deletions.length);
}

/**
 * The bucket, through the official AWS SDK: endpoint, credentials and region come from the SDK's
 * own sources (environment, profiles, roles), so any S3-compatible service works without code of
 * ours. Every operation the deploy makes is here, each failure named with its key and the
 * service's answer.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  type DeleteObjectsCommandOutput,
  GetObjectCommand,
  type GetObjectCommandOutput,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { LocalFile } from './files';
import {
  CONTROL_FOLDER,
  type DeployManifest,
  decodeManifest,
  encodeManifest,
  LOCK_KEY,
  MANIFEST_KEY,
  PROGRESS_KEY,
  UNFINISHED_KEY,
} from './manifest';
import type { RemoteObject } from './plan';
import type { DeployTarget } from './target';

export interface StorageOptions {
  /** Path-style addressing (`endpoint/bucket/key`), which MinIO and local servers need. */
  pathStyle: boolean;
  /** Requests in flight at once. */
  concurrency: number;
  /** Attempts per request, the first included; throttling and network errors are retried with backoff. */
  maxAttempts?: number;
  /** How long a connection may go without a byte either way before its request fails and is retried (30 s). */
  stallTimeoutMs?: number;
}

/** A request the service refused or that failed after its retries: which object, and the answer. */
export class StorageError extends Error {
  constructor(
    readonly operation: string,
    readonly key: string,
    readonly answer: string,
  ) {
    super(`${operation} ${key}: ${answer}`);
    this.name = 'StorageError';
    this.stack = '';
  }
}

/** Another deploy holds the bucket's lock. */
export class LockedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LockedError';
    this.stack = '';
  }
}

/** The service's answer in one line: its code, the HTTP status and its message. */
export function describeAnswer(error: unknown): string {
  if (error instanceof S3ServiceException) {
    const status = error.$metadata.httpStatusCode;
    const code = error.name === 'Unknown' || error.name === 'UnknownError' ? `HTTP ${status}` : error.name;
    const message = error.message && error.message !== error.name && error.message !== 'UnknownError' ? `: ${error.message}` : '';
    return `${code}${status && !code.startsWith('HTTP') ? ` (HTTP ${status})` : ''}${message}`;
  }
  return error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
}

const statusOf = (error: unknown) => (error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined);
// Services differ in quoting and case; an MD5 is compared as lower-case hex.
const unquote = (etag: string | undefined) => (etag ?? '').replace(/^W\//, '').replace(/"/g, '').toLowerCase();

interface LockRecord {
  token: string;
  host: string;
  pid: number;
  startedAt: string;
  expiresAt: string;
}

/** How long a lock holds without being renewed; a running deploy renews it every third of this. */
const LOCK_TTL_MS = 10 * 60_000;
/**
 * Services that ignore conditional writes let two deploys both write the lock; the last write
 * stands, and each deploy reads the lock back after this pause to learn whether it is its own.
 */
const LOCK_SETTLE_MS = 400;

/** The bucket below the target's prefix. */
export class Bucket {
  /** Requests sent, retries included. */
  requests = 0;
  /** Bytes of file bodies uploaded. */
  bytesUploaded = 0;
  private readonly client: S3Client;
  private readonly concurrency: number;
  private lock: { token: string; etag: string; timer: NodeJS.Timeout; lost?: string } | undefined;

  constructor(
    readonly target: DeployTarget,
    options: StorageOptions,
    region?: string,
  ) {
    this.concurrency = options.concurrency;
    this.client = new S3Client({
      forcePathStyle: options.pathStyle,
      ...(region ? { region } : {}),
      maxAttempts: options.maxAttempts ?? 8,
      // Exponential backoff with jitter on throttling (503 SlowDown), 5xx answers and network errors.
      retryMode: 'standard',
      // Only the checksums a request requires: many S3-compatible services reject the SDK's
      // default trailing CRC32 checksums. Every upload carries its Content-MD5 instead.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: {
        connectionTimeout: 10_000,
        // A request the service stops answering fails and is retried: without these, the SDK only
        // logs a warning past requestTimeout and waits forever on a stalled connection.
        requestTimeout: 120_000,
        throwOnRequestTimeout: true,
        socketTimeout: options.stallTimeoutMs ?? 30_000,
        httpAgent: { keepAlive: true, maxSockets: options.concurrency },
        httpsAgent: { keepAlive: true, maxSockets: options.concurrency },
      },
    });
    this.client.middlewareStack.add(
      (next) => (args) => {
        this.requests++;
        return next(args);
      },
      { step: 'deserialize', name: 'countRequests' },
    );
  }

  /** The client's region, or undefined when none of the SDK's sources gives one. */
  async region(): Promise<string | undefined> {
    try {
      return await this.client.config.region();
    } catch {
      return undefined;
    }
  }

  private objectKey(key: string): string {
    return `${this.target.prefix}${key}`;
  }

  /** An object as a message names it: `s3://bucket/prefix/key`. */
  private objectUrl(key: string): string {
    return `s3://${this.target.bucket}/${this.objectKey(key)}`;
  }

  /**
   * Every object below the prefix but the deploy's own, by key relative to the prefix. `expected`
   * (the build's keys) splits the key space into ranges listed side by side: one listing of a
   * large site is dozens of pages that each wait for the one before.
   */
  async list(expected: readonly string[] = [], keysPerRange = MIN_KEYS_PER_RANGE): Promise<Map<string, RemoteObject>> {
    const objects = new Map<string, RemoteObject>();
    const ranges = listingRanges(
      expected.map((key) => `${this.target.prefix}${key}`),
      this.concurrency,
      keysPerRange,
    );
    try {
      await Promise.all(ranges.map((range) => this.listRange(range, objects)));
    } catch (error) {
      throw new StorageError('list', `s3://${this.target.bucket}/${this.target.prefix}`, describeAnswer(error));
    }
    return objects;
  }

  private async listRange(range: ListingRange, into: Map<string, RemoteObject>): Promise<void> {
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.target.bucket,
          Prefix: this.target.prefix,
          MaxKeys: 1000,
          ...(token ? { ContinuationToken: token } : range.startAfter ? { StartAfter: range.startAfter } : {}),
        }),
      );
      for (const object of page.Contents ?? []) {
        if (!object.Key?.startsWith(this.target.prefix)) continue;
        if (range.end !== undefined && compareKeys(object.Key, range.end) >= 0) return;
        const key = object.Key.slice(this.target.prefix.length);
        if (key === '' || key.startsWith(CONTROL_FOLDER)) continue;
        into.set(key, { etag: unquote(object.ETag), size: object.Size ?? 0 });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  private async getObject(key: string): Promise<{ bytes: Uint8Array; etag: string } | undefined> {
    // The SDK retries a request until its headers arrive; a connection dropped while the body
    // streams in is retried here.
    for (let attempt = 1; ; attempt++) {
      let answer: GetObjectCommandOutput;
      try {
        answer = await this.client.send(new GetObjectCommand({ Bucket: this.target.bucket, Key: this.objectKey(key) }));
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw new StorageError('read', this.objectUrl(key), describeAnswer(error));
      }
      try {
        return { bytes: await answer.Body!.transformToByteArray(), etag: unquote(answer.ETag) };
      } catch (error) {
        if (attempt >= 4) throw new StorageError('read', this.objectUrl(key), describeAnswer(error));
        await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
      }
    }
  }

  /** The last deploy's manifest and its ETag; undefined before the first deploy. */
  async readManifest(): Promise<{ manifest: DeployManifest | undefined; etag: string | undefined; problem?: string }> {
    const object = await this.getObject(MANIFEST_KEY);
    if (!object) return { manifest: undefined, etag: undefined };
    try {
      return { manifest: decodeManifest(object.bytes), etag: object.etag };
    } catch (error) {
      // Unreadable, it proves nothing: every file is uploaded again and a new one written.
      return { manifest: undefined, etag: object.etag, problem: (error as Error).message };
    }
  }

  /** What the last unfinished deploy recorded of its uploads ({@link PROGRESS_KEY}); undefined when none can be read. */
  async readProgress(): Promise<DeployManifest | undefined> {
    const object = await this.getObject(PROGRESS_KEY);
    if (!object) return undefined;
    try {
      return decodeManifest(object.bytes);
    } catch {
      // A record cut short proves nothing; the listing decides.
      return undefined;
    }
  }

  /** Records this deploy's uploads so far. */
  async writeProgress(progress: DeployManifest): Promise<void> {
    await this.putControl(PROGRESS_KEY, encodeManifest(progress), 'application/gzip');
  }

  /**
   * Writes one of the deploy's own objects, while this deploy holds the lock; with a
   * `precondition`, only if the object is still as this deploy read it, else `conflict` is the
   * error (a `LockedError`).
   */
  private async putControl(
    key: string,
    body: Uint8Array | string,
    contentType: string,
    precondition?: { IfMatch?: string; IfNoneMatch?: string; conflict: string },
  ): Promise<void> {
    if (this.lock?.lost) throw new LockedError(this.lock.lost);
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.target.bucket,
          Key: this.objectKey(key),
          Body: body,
          ContentType: contentType,
          CacheControl: 'no-store',
          ...(precondition?.IfMatch === undefined ? {} : { IfMatch: precondition.IfMatch }),
          ...(precondition?.IfNoneMatch === undefined ? {} : { IfNoneMatch: precondition.IfNoneMatch }),
        }),
      );
    } catch (error) {
      if (precondition && statusOf(error) === 412) throw new LockedError(precondition.conflict);
      throw new StorageError('write', this.objectUrl(key), describeAnswer(error));
    }
  }

  /**
   * Writes the manifest only if it is still the one this deploy read (`etag`; none: still
   * absent), so of two deploys that overlap only one records its files.
   */
  async writeManifest(manifest: DeployManifest, etag: string | undefined): Promise<void> {
    await this.putControl(MANIFEST_KEY, encodeManifest(manifest), 'application/gzip', {
      ...(etag === undefined ? { IfNoneMatch: '*' } : { IfMatch: `"${etag}"` }),
      conflict: 'another deploy wrote the deploy manifest while this one ran: run the deploy again',
    });
  }

  /**
   * Whether a deploy left the site's objects half-changed: it failed or was killed before it
   * wrote its manifest.
   */
  async unfinished(): Promise<boolean> {
    return (await this.getObject(UNFINISHED_KEY)) !== undefined;
  }

  /**
   * Written before this deploy changes any of the site's objects: until the manifest is written
   * again, it may not describe them.
   */
  async markUnfinished(now: Date): Promise<void> {
    const mark = JSON.stringify({ startedAt: now.toISOString(), host: hostname(), pid: process.pid });
    await this.putControl(UNFINISHED_KEY, mark, 'application/json; charset=utf-8');
  }

  /** Once the manifest describes the bucket again: the mark goes, and the progress record before it. */
  async clearUnfinished(): Promise<void> {
    for (const key of [PROGRESS_KEY, UNFINISHED_KEY]) {
      try {
        await this.client.send(new DeleteObjectCommand({ Bucket: this.target.bucket, Key: this.objectKey(key) }));
      } catch (error) {
        throw new StorageError('delete', this.objectUrl(key), describeAnswer(error));
      }
    }
  }

  /** Uploads `file` with its headers; returns the ETag the service gave it. */
  async upload(file: LocalFile): Promise<string> {
    const bytes = await readFile(file.path);
    const md5 = createHash('md5').update(bytes);
    if (md5.copy().digest('hex') !== file.md5) {
      throw new StorageError('upload', this.objectUrl(file.key), 'the file changed while the deploy ran: build, then deploy again');
    }
    try {
      const answer = await this.client.send(
        new PutObjectCommand({
          Bucket: this.target.bucket,
          Key: this.objectKey(file.key),
          Body: bytes,
          ContentMD5: md5.digest('base64'),
          ContentType: file.headers.contentType,
          CacheControl: file.headers.cacheControl,
          ...(file.headers.redirectLocation ? { WebsiteRedirectLocation: file.headers.redirectLocation } : {}),
        }),
      );
      this.bytesUploaded += bytes.length;
      return unquote(answer.ETag) || file.md5;
    } catch (error) {
      if (file.headers.redirectLocation && statusOf(error) === 501) {
        throw new StorageError(
          'upload',
          this.objectUrl(file.key),
          `${describeAnswer(error)}: the service does not take the redirect header x-amz-website-redirect-location (Cloudflare R2 is one); set deployRedirectHeaders: false, and the redirect pages redirect by their HTML alone`,
        );
      }
      throw new StorageError('upload', this.objectUrl(file.key), describeAnswer(error));
    }
  }

  /** Deletes `keys` (relative to the prefix), at most 1,000 a request as S3 allows. */
  async delete(keys: readonly string[]): Promise<void> {
    for (let start = 0; start < keys.length; start += 1000) {
      const batch = keys.slice(start, start + 1000);
      let answer: DeleteObjectsCommandOutput;
      try {
        answer = await this.client.send(
          new DeleteObjectsCommand({
            Bucket: this.target.bucket,
            Delete: { Objects: batch.map((key) => ({ Key: this.objectKey(key) })), Quiet: true },
          }),
        );
      } catch (error) {
        throw new StorageError('delete', `${this.objectUrl(batch[0]!)} and ${batch.length - 1} more`, describeAnswer(error));
      }
      const failed = answer.Errors?.[0];
      if (failed)
        throw new StorageError(
          'delete',
          `s3://${this.target.bucket}/${failed.Key ?? '?'}`,
          `${failed.Code ?? 'error'}: ${failed.Message ?? ''}`,
        );
    }
  }

  private async readLock(): Promise<{ record: LockRecord | undefined; etag: string } | undefined> {
    const object = await this.getObject(LOCK_KEY);
    if (!object) return undefined;
    try {
      return { record: JSON.parse(Buffer.from(object.bytes).toString('utf8')) as LockRecord, etag: object.etag };
    } catch {
      return { record: undefined, etag: object.etag };
    }
  }

  private async putLock(record: LockRecord, condition: { IfNoneMatch: string } | { IfMatch: string }): Promise<string | undefined> {
    try {
      const answer = await this.client.send(
        new PutObjectCommand({
          Bucket: this.target.bucket,
          Key: this.objectKey(LOCK_KEY),
          Body: JSON.stringify(record),
          ContentType: `application/json; charset=utf-8`,
          CacheControl: 'no-store',
          ...condition,
        }),
      );
      return unquote(answer.ETag);
    } catch (error) {
      if (statusOf(error) === 412) return undefined;
      throw new StorageError('write', this.objectUrl(LOCK_KEY), describeAnswer(error));
    }
  }

  /**
   * Takes the bucket's deploy lock, or throws {@link LockedError} naming the deploy that holds it.
   * A lock is taken over when it has expired, or when its deploy ran on this machine and its
   * process is gone (killed), so a rerun after a kill goes ahead.
   */
  async acquireLock(now = new Date()): Promise<void> {
    const held = await this.readLock();
    if (held?.record && !lockIsStale(held.record, now)) throw new LockedError(heldMessage(held.record));
    const record: LockRecord = {
      token: randomUUID(),
      host: hostname(),
      pid: process.pid,
      startedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + LOCK_TTL_MS).toISOString(),
    };
    const etag = await this.putLock(record, held ? { IfMatch: `"${held.etag}"` } : { IfNoneMatch: '*' });
    if (etag === undefined) {
      const winner = await this.readLock();
      throw new LockedError(winner?.record ? heldMessage(winner.record) : 'another deploy took the lock at the same moment');
    }
    await new Promise((resolve) => setTimeout(resolve, LOCK_SETTLE_MS));
    const mine = await this.readLock();
    if (mine?.record?.token !== record.token) {
      throw new LockedError(mine?.record ? heldMessage(mine.record) : 'another deploy took the lock at the same moment');
    }
    const timer = setInterval(() => void this.renewLock(record), LOCK_TTL_MS / 3);
    timer.unref();
    this.lock = { token: record.token, etag: mine.etag, timer };
  }

  private async renewLock(record: LockRecord): Promise<void> {
    const lock = this.lock;
    if (!lock || lock.lost) return;
    const renewed = { ...record, expiresAt: new Date(Date.now() + LOCK_TTL_MS).toISOString() };
    try {
      const etag = await this.putLock(renewed, { IfMatch: `"${lock.etag}"` });
      if (etag === undefined) lock.lost = 'the deploy lock was taken over by another deploy while this one ran: run the deploy again';
      else lock.etag = etag;
    } catch {
      // A missed renewal is retried at the next interval; the lock outlives two of them.
    }
  }

  /** Gives the lock back, if this deploy still holds it. */
  async releaseLock(): Promise<void> {
    const lock = this.lock;
    if (!lock) return;
    clearInterval(lock.timer);
    this.lock = undefined;
    const current = await this.readLock().catch(() => undefined);
    if (current?.record?.token !== lock.token) return;
    await this.client.send(new DeleteObjectCommand({ Bucket: this.target.bucket, Key: this.objectKey(LOCK_KEY) })).catch(() => undefined);
  }

  /** Whether this deploy lost its lock (a renewal found another deploy's). */
  lockLost(): string | undefined {
    return this.lock?.lost;
  }

  destroy(): void {
    if (this.lock) clearInterval(this.lock.timer);
    this.client.destroy();
  }
}

/** Object keys in the order S3 lists them: by their UTF-8 bytes. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** A slice of the key space: keys after `startAfter` (all, without it) and before `end` (all, without it). */
export interface ListingRange {
  startAfter?: string | undefined;
  end?: string | undefined;
}

/** Fewer keys than this a range are not worth a listing of their own. */
const MIN_KEYS_PER_RANGE = 4000;

/**
 * At most `parallel` ranges that together cover every key, cut at the expected keys so each
 * holds about as many: range i starts after the expected key before its first and ends at the
 * next range's first, so a key the build lacks still falls into a range (into two at most).
 */
export function listingRanges(expected: readonly string[], parallel: number, minKeysPerRange = MIN_KEYS_PER_RANGE): ListingRange[] {
  const keys = [...expected].sort(compareKeys);
  const perRange = Math.max(minKeysPerRange, Math.ceil(keys.length / Math.max(1, parallel)));
  const starts: number[] = [];
  for (let index = perRange; index < keys.length; index += perRange) starts.push(index);
  return [undefined, ...starts].map((start, n) => ({
    startAfter: start === undefined ? undefined : keys[start - 1],
    end: starts[n] === undefined ? undefined : keys[starts[n]!],
  }));
}

function processIsGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function lockIsStale(record: LockRecord, now: Date): boolean {
  if (Date.parse(record.expiresAt) <= now.getTime()) return true;
  return record.host === hostname() && processIsGone(record.pid);
}

function heldMessage(record: LockRecord): string {
  return `another deploy is running (started ${record.startedAt} on ${record.host}, process ${record.pid}); its lock expires at ${record.expiresAt} unless renewed`;
}

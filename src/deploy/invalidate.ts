/**
 * An optional CloudFront invalidation of what a deploy changed. Pages are cached for five
 * minutes (headers.ts), so a site without one still shows a new post within minutes; an
 * invalidation makes the change immediate where the CDN keeps pages longer. Paths cost money
 * past CloudFront's free 1,000 a month, and a wildcard counts as one: many changes become `/*`.
 */
import { randomUUID } from 'node:crypto';
import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { IMMUTABLE, type ObjectHeaders } from './headers';

/** More paths than this are invalidated as `/*`: one path's price instead of many. */
export const MAX_INVALIDATION_PATHS = 15;

/**
 * The URL paths to invalidate for the changed or deleted files `keys` (relative to the site's
 * root), leaving out content-hashed files, whose URLs never serve other bytes. A folder's
 * `index.html` is also served at the folder's own URL.
 */
export function invalidationPaths(
  keys: readonly { key: string; headers?: ObjectHeaders | undefined }[],
  max = MAX_INVALIDATION_PATHS,
): string[] {
  const paths = new Set<string>();
  for (const { key, headers } of keys) {
    if (headers?.cacheControl === IMMUTABLE) continue;
    const encoded = `/${key.split('/').map(encodeURIComponent).join('/')}`;
    paths.add(encoded);
    if (encoded === '/index.html' || encoded.endsWith('/index.html')) paths.add(encoded.slice(0, -'index.html'.length));
  }
  return paths.size > max ? ['/*'] : [...paths].sort();
}

/** Asks CloudFront to drop `paths` from `distributionId`'s caches; returns the invalidation's ID. */
export async function invalidateCloudFront(distributionId: string, paths: readonly string[]): Promise<string> {
  const client = new CloudFrontClient({ maxAttempts: 8 });
  try {
    const answer = await client.send(
      new CreateInvalidationCommand({
        DistributionId: distributionId,
        InvalidationBatch: { CallerReference: `xinwen-${randomUUID()}`, Paths: { Quantity: paths.length, Items: [...paths] } },
      }),
    );
    return answer.Invalidation?.Id ?? '?';
  } finally {
    client.destroy();
  }
}

/**
 * Where `npm run deploy` publishes: `s3://BUCKET/PREFIX`, read once and checked before any
 * request, so a typo is named instead of answered by the service with "no such bucket".
 */

/** A bucket and the key prefix under which the site's files live (`''` or ending in `/`). */
export interface DeployTarget {
  bucket: string;
  prefix: string;
}

// S3's bucket naming rules (also those of R2, B2, GCS's XML API and MinIO): 3–63 characters,
// lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IP_ADDRESS = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** Why `text` is not a deploy target, or undefined when it is one. */
export function deployTargetProblem(text: string): string | undefined {
  const match = /^s3:\/\/([^/]*)(?:\/(.*))?$/.exec(text.trim());
  if (!match) return 'must be written s3://BUCKET or s3://BUCKET/PREFIX';
  const bucket = match[1]!;
  if (!BUCKET.test(bucket) || bucket.includes('..') || IP_ADDRESS.test(bucket)) {
    return `has the bucket name "${bucket}": a bucket name has 3 to 63 lower-case letters, digits, dots and hyphens, and starts and ends with a letter or digit`;
  }
  const segments = (match[2] ?? '').split('/').filter((segment, index, all) => segment !== '' || index < all.length - 1);
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    return 'has an empty, "." or ".." folder in its prefix; write the prefix as folder/folder';
  }
  return undefined;
}

/** The target `text` names; throws with {@link deployTargetProblem}'s reason when it names none. */
export function parseDeployTarget(text: string): DeployTarget {
  const problem = deployTargetProblem(text);
  if (problem) throw new Error(`deploy target ${JSON.stringify(text)} ${problem}`);
  const [, bucket, rest = ''] = /^s3:\/\/([^/]+)\/?(.*)$/.exec(text.trim())!;
  const prefix = rest.replace(/\/+$/, '');
  return { bucket: bucket!, prefix: prefix === '' ? '' : `${prefix}/` };
}

/** The target as written back: `s3://bucket/prefix/`. */
export function formatDeployTarget(target: DeployTarget): string {
  return `s3://${target.bucket}/${target.prefix}`;
}

/** A CloudFront distribution ID, as the console shows it (`E2QWRUHAPOMQZL`). */
export const DISTRIBUTION_ID = /^[A-Z0-9]{8,32}$/;

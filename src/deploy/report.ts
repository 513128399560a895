/** What a deploy did, in the one line the log and the job summary show. */
import type { DeployResult } from './deploy';
import type { UploadGroup } from './plan';

const count = (value: number) => value.toLocaleString('en-US');

/** `812 B`, `20.1 KB`, `20.1 MB`, `1.2 GB` (binary multiples, as `du -h`). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** `12:05`, or `2026-12-07 12:05` when `when` is not on `now`'s day, in `timeZone`. */
function clock(when: Date, now: Date, timeZone: string): string {
  const day = (date: Date) => date.toLocaleDateString('sv-SE', { timeZone });
  const time = when.toLocaleTimeString('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return day(when) === day(now) ? time : `${day(when)} ${time}`;
}

/**
 * `deploy: 612 uploaded (20.1 MB), 40,210 unchanged, 3 deleted, 12 kept until 11:05; 14.2 s, 640 requests, live after 3.1 s`;
 * a dry run says what it would do.
 */
export function deployLine(result: DeployResult, timeZone: string, now = new Date()): string {
  const { plan } = result;
  const kept =
    plan.kept.length > 0 && result.keptUntil ? `, ${count(plan.kept.length)} kept until ${clock(result.keptUntil, now, timeZone)}` : '';
  const timing = `${result.seconds.toFixed(1)} s, ${count(result.requests)} requests`;
  if (result.dryRun) {
    const bytes = plan.uploads.reduce((sum, upload) => sum + upload.file.size, 0);
    return `deploy (dry run, nothing sent): would upload ${count(plan.uploads.length)} (${formatBytes(bytes)}), ${count(plan.unchanged)} unchanged, would delete ${count(plan.deletions.length)}${kept}; ${timing}`;
  }
  const invalidated = result.invalidations
    .map((invalidation) => `; CloudFront invalidation ${invalidation.id} of ${count(invalidation.paths.length)} paths`)
    .join('');
  // When the changes were up before the listing ended the deploy: when readers saw them.
  const live =
    result.liveSeconds !== undefined && result.uploaded > 0 && result.liveSeconds < result.seconds - 0.05
      ? `, live after ${result.liveSeconds.toFixed(1)} s`
      : '';
  return `deploy: ${count(result.uploaded)} uploaded (${formatBytes(result.bytesUploaded)}), ${count(plan.unchanged)} unchanged, ${count(result.deleted)} deleted${kept}; ${timing}${live}${invalidated}`;
}

/** A dry run's plan: per group, how many files go up and why, with the first few keys. */
export function planLines(result: DeployResult, sample = 5): string[] {
  const lines: string[] = [];
  const byGroup = new Map<UploadGroup, DeployResult['plan']['uploads']>();
  for (const upload of result.plan.uploads) byGroup.set(upload.group, [...(byGroup.get(upload.group) ?? []), upload]);
  for (const [group, uploads] of byGroup) {
    const reasons = new Map<string, number>();
    for (const upload of uploads) reasons.set(upload.reason, (reasons.get(upload.reason) ?? 0) + 1);
    const why = [...reasons].map(([reason, n]) => `${count(n)} ${reason}`).join(', ');
    lines.push(
      `  upload ${group}: ${count(uploads.length)} (${why}), e.g. ${uploads
        .slice(0, sample)
        .map((upload) => upload.file.key)
        .join(', ')}`,
    );
  }
  if (result.plan.deletions.length > 0) {
    lines.push(`  delete: ${count(result.plan.deletions.length)}, e.g. ${result.plan.deletions.slice(0, sample).join(', ')}`);
  }
  if (result.plan.kept.length > 0) {
    lines.push(
      `  keep for now: ${count(result.plan.kept.length)}, e.g. ${result.plan.kept
        .slice(0, sample)
        .map((kept) => kept.key)
        .join(', ')}`,
    );
  }
  return lines;
}

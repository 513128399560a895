/**
 * The tmpfs mounts below a folder, as the deployment workflow's in-memory step leaves them in a
 * checkout: the bench's `live` step and the step's test take them down before the checkout goes.
 */
import { existsSync, readFileSync } from 'node:fs';

/** tmpfs mount points below `dir`, deepest first (the order to unmount them in). */
export function memoryMountsBelow(dir: string): string[] {
  if (!existsSync('/proc/mounts')) return [];
  return readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .map((line) => line.split(' '))
    .filter(([, point, type]) => type === 'tmpfs' && point?.startsWith(`${dir}/`))
    .map(([, point]) => point!)
    .sort((a, b) => b.length - a.length);
}

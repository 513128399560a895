/**
 * When a build started, as integrations compare it with file modification times to tell what
 * the build wrote. Whole seconds: some file systems keep modification times that coarse, and a
 * file written in the build's first second must still count as written by it.
 */
export function buildStartTime(): number {
  return Math.floor(Date.now() / 1000) * 1000;
}

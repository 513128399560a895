/** Durations as a site owner writes them on the command line or in settings: `0`, `90s`, `30m`, `24h`, `7d`. */

const UNIT_MS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Why `text` is not a duration, or undefined when it is one. */
export function durationProblem(text: string): string | undefined {
  return /^\s*(?:0|\d+(?:\.\d+)?\s*[smhd])\s*$/.test(text)
    ? undefined
    : 'must be 0 or a number with a unit: s, m, h or d (such as 90m or 24h)';
}

/** Milliseconds in `text`; throws with {@link durationProblem}'s reason. */
export function parseDuration(text: string): number {
  const problem = durationProblem(text);
  if (problem) throw new Error(`${JSON.stringify(text)} ${problem}`);
  const match = /(\d+(?:\.\d+)?)\s*([smhd])/.exec(text);
  return match ? Math.round(Number(match[1]) * UNIT_MS[match[2]!]!) : 0;
}

/**
 * The settings this build runs with: `src/site.config.ts` resolved against the environment.
 * The one module that reads `process.env`. Route data, the content config, the Astro config
 * and the command-line scripts import it; components and `src/lib/` receive what they need.
 */
import { randomUUID } from 'node:crypto';
import siteSettings from '../site.config';
import { buildNow, resolveSettings } from './resolve';

export const settings = resolveSettings(siteSettings, process.env);

/**
 * This build's "now" for publication, asked afresh on each load (`astro dev` reloads posts
 * without restarting), so a post whose date has passed is built without any cache being cleared.
 */
export function buildClock(): Date {
  return buildNow(settings);
}

// Names this build, so that what the route data writes is known for this build's, not an
// earlier one's: a file's time cannot tell, when a clock or a restored cache is off.
const BUILD_ID_VARIABLE = 'XINWEN_BUILD_ID';

/** Starts a build: gives it an id, which the route data of this process reads back. */
export function startBuild(): string {
  const id = randomUUID();
  process.env[BUILD_ID_VARIABLE] = id;
  return id;
}

/** The id of the build under way, or undefined outside a build (`npm run check`, tests). */
export function currentBuildId(): string | undefined {
  return process.env[BUILD_ID_VARIABLE];
}

export type { Settings } from '../schemas/settings';

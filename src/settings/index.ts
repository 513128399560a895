/**
 * The settings this build runs with: `src/site.config.ts` resolved against the environment.
 * The one module that reads `process.env`. Route data, the content config, the Astro config
 * and the command-line scripts import it; components and `src/lib/` receive what they need.
 */
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

export type { Settings } from '../schemas/settings';

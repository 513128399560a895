/**
 * The settings this build runs with: `src/site.config.ts` resolved against the environment.
 * The one module that reads `process.env`. Route data, the content config, the Astro config
 * and the command-line scripts import it; components and `src/lib/` receive what they need.
 */
import siteSettings from '../site.config';
import { resolveSettings } from './resolve';

export const settings = resolveSettings(siteSettings, process.env);

export type { Settings } from '../schemas/settings';

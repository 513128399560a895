/**
 * The settings for a command-line script (`npm run check`, `new`): as the build resolves them,
 * but an invalid value ends the command with the settings' own message and exit code 2,
 * not with an uncaught exception.
 */
import type { Settings } from '../schemas/settings';
import siteSettings from '../site.config';
import { resolveSettings, SettingsError, storageEndpointGiven } from './resolve';

/** The resolved settings, or the process exits after printing what is wrong with them. */
export function settingsForCommand(): Settings {
  try {
    return resolveSettings(siteSettings, process.env);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
}

/** Whether the storage endpoint is the owner's own (see {@link storageEndpointGiven}). */
export function commandStorageEndpointGiven(): boolean {
  return storageEndpointGiven(process.env);
}

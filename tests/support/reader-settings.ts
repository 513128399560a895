/**
 * Reader settings for unit tests, made by the real builder from the site defaults, so a test
 * fixture cannot drift from what `readerSettings` produces.
 */
import { readerSettings, type ReaderSettings } from '../../src/reader/settings';
import { resolveSettings } from '../../src/settings/resolve';

/** The default reader settings with the posts folder `_posts` and `overrides`. */
export function testReaderSettings(overrides: Partial<ReaderSettings> = {}): ReaderSettings {
  return { ...readerSettings(resolveSettings({ postsDir: '_posts' }, {})), ...overrides };
}

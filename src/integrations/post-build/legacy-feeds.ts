/**
 * The old site's feed addresses (`legacyFeedUrls`: `/atom.xml`, `/rss.xml`): a copy of the site
 * feed at each, so that the readers subscribed to them keep getting the site's new posts. A
 * static host cannot redirect a feed, and feed readers go by a feed's content, not its name: an
 * RSS feed at `/atom.xml` is read as one. Written after the output folder is tidied, every build,
 * from the feed this build left: a copy is always the feed as it is.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { unservablePath } from '../../lib/reserved-routes';
import type { PostBuildStep } from './pipeline';

/** The site feed, relative to the output folder. */
const SITE_FEED = 'feed.xml';

export function legacyFeedsStep(legacyFeedUrls: readonly string[]): PostBuildStep {
  return {
    name: 'legacy-feeds',
    required: true,
    run(state, logger) {
      if (legacyFeedUrls.length === 0) return;
      const feed = path.join(state.outDir, SITE_FEED);
      if (!existsSync(feed)) throw new Error(`${SITE_FEED} is not in the output, so legacyFeedUrls cannot be copies of it`);
      const pages = new Set(state.outputFiles ?? state.outputs);
      for (const url of legacyFeedUrls) {
        const reserved = unservablePath(url);
        if (reserved) throw new Error(`legacyFeedUrls: ${url} ${reserved}; remove it from legacyFeedUrls`);
        const file = url.slice(1);
        // A page of the site (an article whose permalink is /atom.xml) keeps its address.
        if (pages.has(file))
          throw new Error(`legacyFeedUrls: ${url} is a page of the site; remove it from legacyFeedUrls or move that page`);
        const target = path.join(state.outDir, ...file.split('/'));
        mkdirSync(path.dirname(target), { recursive: true });
        copyFileSync(feed, target);
      }
      logger.info(`the site feed copied to the old feed address${legacyFeedUrls.length === 1 ? '' : 'es'} ${legacyFeedUrls.join(', ')}`);
    },
  };
}

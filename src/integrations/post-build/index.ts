/**
 * Everything that happens after Astro has written the pages, as one integration running named
 * steps in a fixed order (`postBuildSteps`) on one state (`PipelineState`), instead of
 * separate integrations whose order was only their place in the configuration.
 */
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import type { SearchSettings } from '../../schemas/settings';
import { legacyFeedsStep } from './legacy-feeds';
import { linkCheckStep } from './link-check';
import { outputFolderStep } from './output-folder';
import { runSteps, type PostBuildStep } from './pipeline';
import { searchIndexFolders, searchIndexStep } from './search-index';
import { createSitemap, sitemapSetupHooks, sitemapStep } from './sitemap';
import { startBuild } from '../../settings';
import { takeBuildLock } from '../build-lock';
import { buildStartTime, createPipelineState } from './state';

export const INTEGRATION_NAME = 'xinwen:post-build';

export interface PostBuildOptions {
  /** Site language (`zh-CN`), for the search index. */
  language: string;
  /** The search settings, for the search index step. */
  search: SearchSettings;
  /** The old site's feed addresses, each given a copy of the site feed. */
  legacyFeedUrls?: readonly string[];
}

/**
 * The steps, in the order they run:
 * 1. sitemap — reads only the page list; written before the tidying, so the tidying counts its
 *    files as written by this build and removes an earlier build's surplus `sitemap-N.xml`;
 * 2. output folder — decodes `%3F`/`%23` names and removes stale files, so that the search
 *    index reads articles by their decoded names and no page of a deleted post is left;
 * 3. search index — from the article pages of the tidy output; owns `/pagefind/`,
 *    `/pagefind-2/`… and `/pagefind-delta/`, which the tidying keeps;
 * 4. link check — on the final output, so links to removed pages are found; advisory, last.
 */
export function postBuildSteps(options: PostBuildOptions, sitemap: AstroIntegration): PostBuildStep[] {
  return [
    sitemapStep(sitemap),
    outputFolderStep(searchIndexFolders),
    legacyFeedsStep(options.legacyFeedUrls ?? []),
    searchIndexStep(options.language, options.search),
    linkCheckStep(),
  ];
}

/** The post-build pipeline as an Astro integration. */
export default function postBuild(options: PostBuildOptions): AstroIntegration {
  const sitemap = createSitemap();
  const forward = sitemapSetupHooks(sitemap);
  const steps = postBuildSteps(options, sitemap);
  let cacheDir = '';
  let publicDir = '';
  let root = '';
  let site = '';
  let buildStarted = 0;
  let buildId = '';
  return {
    name: INTEGRATION_NAME,
    hooks: {
      'astro:config:setup': ({ command, config }) => {
        // Before the content sync: a second build must not read or write the cache either.
        if (command === 'build') takeBuildLock(fileURLToPath(config.cacheDir));
      },
      'astro:config:done': async (params) => {
        cacheDir = fileURLToPath(params.config.cacheDir);
        publicDir = fileURLToPath(params.config.publicDir);
        root = fileURLToPath(params.config.root);
        site = params.config.site ?? '';
        await forward['astro:config:done'](params);
      },
      'astro:routes:resolved': forward['astro:routes:resolved'],
      'astro:build:start': () => {
        buildStarted = buildStartTime();
        buildId = startBuild();
      },
      'astro:build:done': async ({ logger, ...report }) => {
        const state = createPipelineState({ cacheDir, publicDir, root, site, buildStarted, buildId, report, logger });
        await runSteps(steps, state, INTEGRATION_NAME);
      },
    },
  };
}

/**
 * The sitemap, written by `@astrojs/sitemap` itself: the pipeline owns an instance of that
 * integration, forwards the hooks it listens to before the build, and calls its
 * `astro:build:done` as a step, so its output is what the integration alone would write.
 */
import type { AstroIntegration, HookParameters } from 'astro';
import sitemap from '@astrojs/sitemap';
import { FOLDER_PAGE_PARAM } from '../../lib/permalink';
import type { PostBuildStep } from './pipeline';

/** The site's sitemap: files of at most 10,000 URLs listed in `sitemap-index.xml`, no 404 page. */
export function createSitemap(): AstroIntegration {
  return sitemap({
    entryLimit: 10_000,
    filter: (page) => !page.endsWith('/404.html') && !page.endsWith('/404'),
  });
}

/**
 * The hooks before the build's end that the sitemap integration needs (the configuration and
 * the routes), forwarded to `integration` as Astro would call them.
 */
export function sitemapSetupHooks(integration: AstroIntegration) {
  return {
    'astro:config:done': async (params: HookParameters<'astro:config:done'>) => {
      await integration.hooks['astro:config:done']?.(params);
    },
    'astro:routes:resolved': async (params: HookParameters<'astro:routes:resolved'>) => {
      await integration.hooks['astro:routes:resolved']?.(params);
    },
  };
}

/** The sitemap step: `integration`'s own end-of-build hook, given what Astro reported. */
export function sitemapStep(integration: AstroIntegration): PostBuildStep {
  return {
    name: 'sitemap',
    required: true,
    async run(state, logger) {
      const done = integration.hooks['astro:build:done'];
      if (!done) throw new Error(`${integration.name} has no astro:build:done hook`);
      // The integration rewrites the page objects it is given; each call gets copies. A folder
      // URL's page is listed at the folder (`a/b/`), where the output step puts it.
      const pages = state.report.pages.map(({ pathname }) => ({ pathname: folderPathname(pathname) }));
      await done({ ...state.report, pages, logger });
    },
  };
}

const FOLDER_PAGE_PATHNAME = new RegExp(`(^|/)${FOLDER_PAGE_PARAM.replace('.', '\\.')}/?$`);

/** `a/b/index.folder` → `a/b/`; every other pathname as it is. */
export function folderPathname(pathname: string): string {
  return pathname.replace(FOLDER_PAGE_PATHNAME, '$1');
}

// @ts-check
import { defineConfig } from 'astro/config';
import postBuild from './src/integrations/post-build/index.ts';
import { configureBuildLog } from './src/integrations/build-log.ts';
import { settings } from './src/settings/index.ts';

configureBuildLog({ pages: settings.buildLog, cacheDir: settings.cacheDir });

export default defineConfig({
  site: settings.url,
  // Tests build fixture sites side by side; each gets its own (XINWEN_OUT_DIR, XINWEN_CACHE_DIR).
  outDir: settings.outDir,
  cacheDir: settings.cacheDir,
  // Article URLs end in .html as Jekyll's did: `/a/b.html` is the file `a/b.html`. `preserve`
  // writes every other route as `file` does, and an `index.astro` route (the URL folders of
  // `src/pages/[...folder]/index.astro`) at `<folder>/index.html`, its final name.
  build: { format: 'preserve', inlineStylesheets: 'never' },
  trailingSlash: 'ignore',
  devToolbar: { enabled: false },
  // Astro's log, with one line per kind of page generated instead of one per page (BUILD_LOG=pages
  // lists them all): at 40,000 pages a line each buries every warning.
  logger: { entrypoint: './src/integrations/build-log.ts' },
  // One integration for everything after the pages are written, so the order of its steps is
  // stated in code (src/integrations/post-build/index.ts) rather than by places in this list.
  integrations: [postBuild({ language: settings.language, search: settings.search, legacyFeedUrls: settings.legacyFeedUrls })],
  // Pages whose cache key (see src/lib/cache-key.ts) and code are unchanged are not rendered
  // again. The output folder is not emptied first: unchanged pages stay where they are, and
  // the post-build pipeline removes what the build no longer produces.
  experimental: { incrementalBuild: true },
  // Nothing is inlined: the Content-Security-Policy allows scripts from the site's own files only.
  vite: { build: { emptyOutDir: false, assetsInlineLimit: 0 } },
});

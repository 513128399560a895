// @ts-check
import { defineConfig } from 'astro/config';
import postBuild from './src/integrations/post-build/index.ts';
import { settings } from './src/settings/index.ts';

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
  // One integration for everything after the pages are written, so the order of its steps is
  // stated in code (src/integrations/post-build/index.ts) rather than by places in this list.
  integrations: [
    postBuild({
      language: settings.language,
      searchIndex: settings.searchIndex,
      searchShardSize: settings.searchShardSize,
      searchDeltaLimit: settings.searchDeltaLimit,
    }),
  ],
  // Pages whose cache key (see src/lib/cache-key.ts) and code are unchanged are not rendered
  // again. The output folder is not emptied first: unchanged pages stay where they are, and
  // the post-build pipeline removes what the build no longer produces.
  experimental: { incrementalBuild: true },
  // Nothing is inlined: the Content-Security-Policy allows scripts from the site's own files only.
  vite: { build: { emptyOutDir: false, assetsInlineLimit: 0 } },
});

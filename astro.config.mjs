// @ts-check
import { defineConfig } from 'astro/config';
import sitemap from '@astrojs/sitemap';
import outputFolder from './src/integrations/output-folder.ts';
import searchIndex, { SEARCH_INDEX_DIR } from './src/integrations/search-index.ts';
import { settings } from './src/settings/index.ts';

export default defineConfig({
  site: settings.url,
  // Tests build fixture sites side by side; each gets its own (XINWEN_OUT_DIR, XINWEN_CACHE_DIR).
  outDir: settings.outDir,
  cacheDir: settings.cacheDir,
  // Article URLs end in .html as Jekyll's did: `/a/b.html` is the file `a/b.html`.
  build: { format: 'file', inlineStylesheets: 'never' },
  trailingSlash: 'ignore',
  devToolbar: { enabled: false },
  // The output folder is tidied after the sitemap is written and before the search index is built.
  integrations: [
    sitemap({
      // Several files of at most 10,000 URLs each, listed in sitemap-index.xml.
      entryLimit: 10_000,
      filter: (page) => !page.endsWith('/404.html') && !page.endsWith('/404'),
    }),
    outputFolder([SEARCH_INDEX_DIR]),
    // After the output is tidied, so pages of deleted posts are gone before indexing.
    searchIndex({ language: settings.language, articleRoute: '/[...path]', enabled: settings.searchIndex }),
  ],
  // Pages whose cache key (see src/lib/cache-key.ts) and code are unchanged are not rendered
  // again. The output folder is not emptied first: unchanged pages stay where they are, and
  // the output-folder integration removes what the build no longer produces.
  experimental: { incrementalBuild: true },
  // Nothing is inlined: the Content-Security-Policy allows scripts from the site's own files only.
  vite: { build: { emptyOutDir: false, assetsInlineLimit: 0 } },
});

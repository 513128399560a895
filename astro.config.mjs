// @ts-check
import { defineConfig } from 'astro/config';
import sitemap from '@astrojs/sitemap';
import outputFolder from './src/integrations/output-folder.ts';
import { siteConfig } from './src/site.config.ts';

// Tests build fixture sites side by side; each gets its own output and cache folder.
const outDir = process.env.XINWEN_OUT_DIR || './dist';
const cacheDir = process.env.XINWEN_CACHE_DIR || './node_modules/.astro';

export default defineConfig({
  site: siteConfig.url,
  outDir,
  cacheDir,
  // Article URLs end in .html as Jekyll's did: `/a/b.html` is the file `a/b.html`.
  build: { format: 'file', inlineStylesheets: 'never' },
  trailingSlash: 'ignore',
  devToolbar: { enabled: false },
  // The output-folder integration comes last: it prunes after every other one has written.
  integrations: [
    sitemap({
      // Several files of at most 10,000 URLs each, listed in sitemap-index.xml.
      entryLimit: 10_000,
      filter: (page) => !page.endsWith('/404.html') && !page.endsWith('/404'),
    }),
    outputFolder(),
  ],
  // Pages whose cache key (see src/lib/cache-key.ts) and code are unchanged are not rendered
  // again. The output folder is not emptied first: unchanged pages stay where they are, and
  // the output-folder integration removes what the build no longer produces.
  experimental: { incrementalBuild: true },
  vite: { build: { emptyOutDir: false } },
});

// @ts-check
import { defineConfig } from 'astro/config';
import decodedFileNames from './src/integrations/decoded-file-names.ts';
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
  integrations: [decodedFileNames()],
});

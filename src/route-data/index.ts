/**
 * Route data: one function per page kind builds the view its component or endpoint renders —
 * everything the page shows, as plain data — and every page's cache key is the digest of that
 * view. Routes map these to `getStaticPaths` results with `staticPath`; components receive
 * views and never read the site index or the settings.
 */
export * from './common';
export * from './article';
export * from './prefix';
export * from './listing';
export * from './archive';
export * from './feed';
export * from './pages';
export * from './feeds';

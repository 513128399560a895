/**
 * Route data: one function per page kind builds the view its component or endpoint renders —
 * everything the page shows, as plain data — and every page's cache key is the digest of that
 * view. `siteRoutes` (`routes.ts`) lists every page of every kind; routes take theirs from it
 * with `routePaths` and `pageView`; components receive views and never read the site index or
 * the settings.
 */
export * from './common';
export * from './article';
export * from './prefix';
export * from './listing';
export * from './archive';
export * from './feed';
export * from './pages';
export * from './feeds';
export * from './routes';

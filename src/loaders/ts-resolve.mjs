// @ts-check
/**
 * Lets Node run the project's TypeScript itself, without a compile step: Node strips the types,
 * and this hook resolves the extensionless relative imports (`'../reader/read-post'`) the
 * sources use, as the build's bundler does, to their `.ts` files. Imported first by the
 * post-reading workers and by `npm run check` (`node --import`), which then start in a fraction
 * of the time a transforming loader takes.
 */
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      const relative = specifier.startsWith('./') || specifier.startsWith('../');
      if (!relative || /** @type {{ code?: string }} */ (error).code !== 'ERR_MODULE_NOT_FOUND') throw error;
      return nextResolve(`${specifier}.ts`, context);
    }
  },
});

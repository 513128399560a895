/**
 * Astro writes a route parameter's `?` and `#` into file names as `%3F` and `%23`. A static
 * server decodes a request for `/a%3F/b.html` to `/a?/b.html` and looks for that file, so the
 * output must carry the decoded names (as it already does for spaces and CJK). This renames
 * them after the build. A name that literally contained `%3F` or `%23` would be renamed too;
 * no Jekyll slug or category is expected to.
 */
import { readdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

const ASTRO_ESCAPES = /%3F|%23/gi;

function decodeName(name: string): string {
  return name.replace(ASTRO_ESCAPES, (escape) => (escape.toUpperCase() === '%3F' ? '?' : '#'));
}

/** Renames, depth first, every file and folder below `dir` whose name holds an Astro escape. */
export async function decodeFileNames(dir: string): Promise<number> {
  let renamed = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const current = path.join(dir, entry.name);
    if (entry.isDirectory()) renamed += await decodeFileNames(current);
    const decoded = decodeName(entry.name);
    if (decoded !== entry.name) {
      await rename(current, path.join(dir, decoded));
      renamed += 1;
    }
  }
  return renamed;
}

export default function decodedFileNames(): AstroIntegration {
  return {
    name: 'xinwen:decoded-file-names',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const renamed = await decodeFileNames(fileURLToPath(dir));
        if (renamed > 0) logger.info(`renamed ${renamed} output files to their decoded names (? and #)`);
      },
    },
  };
}

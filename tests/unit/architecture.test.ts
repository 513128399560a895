/**
 * The rules that keep the code easy to change, checked on the sources: components render what
 * they are given, and only the settings resolver looks at the environment.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

function sourcesBelow(folder: string, extensions = /\.(ts|mjs|astro)$/): string[] {
  return readdirSync(path.join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => extensions.test(file))
    .map((file) => path.join(folder, file).split(path.sep).join('/'));
}

/** Module specifiers a source file imports (static and dynamic). */
function importsOf(file: string): string[] {
  const source = readFileSync(path.join(root, file), 'utf8');
  return [...source.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (match) => match[1] ?? match[2]!,
  );
}

/** The source without comments, so a comment that names `process.env` is not a read of it. */
function codeOf(file: string): string {
  return readFileSync(path.join(root, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

describe('architecture', () => {
  const views = [...sourcesBelow('src/components'), ...sourcesBelow('src/layouts')];

  it('finds the components and layouts it checks', () => {
    expect(views.length).toBeGreaterThanOrEqual(8);
  });

  it.each(views)('%s imports neither the site data nor the settings', (file) => {
    const resolved = importsOf(file).map((specifier) =>
      specifier.startsWith('.') ? path.posix.join(path.posix.dirname(file), specifier) : specifier,
    );
    for (const target of resolved) {
      expect(target, `${file} imports ${target}`).not.toMatch(/^src\/(site-data|site\.config|settings)(\.ts|\/|$)/);
    }
  });

  const production = [...sourcesBelow('src'), ...sourcesBelow('scripts'), 'astro.config.mjs'].filter(
    (file) => !file.startsWith('src/settings/'),
  );

  it.each(production)('%s does not read the environment', (file) => {
    expect(codeOf(file)).not.toMatch(/process\.env|import\.meta\.env|process\[['"]env['"]\]/);
  });

  it('the settings resolver is the one place that does', () => {
    expect(codeOf('src/settings/index.ts')).toMatch(/resolveSettings\([^)]*process\.env\)/);
  });

  // A clone with nothing beside it (a user's, a GitHub runner's) must pass every test: the one
  // module that knows the shared samples decides whether tests over them run, or must. (This
  // rule and the test that runs the check job where no samples are name them too.)
  const tests = sourcesBelow('tests', /\.ts$/).filter(
    (file) => !['tests/support/shared-samples.ts', 'tests/unit/architecture.test.ts', 'tests/build/github-check.test.ts'].includes(file),
  );

  it.each(tests)('%s reaches the shared samples only through tests/support/shared-samples.ts', (file) => {
    expect(codeOf(file)).not.toMatch(/\.\.\/shared\b|XINWEN_SAMPLES|XINWEN_REAL_JEKYLL|process\.env\.CI\b/);
  });
});

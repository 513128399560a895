/**
 * The rules that keep the code easy to change, checked on the sources: components render what
 * they are given, only the settings resolver looks at the environment, the pure helpers of
 * `src/lib/` import nothing above them, and no module imports itself through others.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PAGE_KIND_NAMES, PAGE_KINDS } from '../../src/lib/page-kinds';

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

/** A relative import of a source file: whom, what, and whether only types are taken. */
interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
}

const IMPORT_STATEMENT = /^\s*((?:import|export)\b[^;'"]*?\bfrom\s*|import\s*)['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;

/**
 * The relative imports of a source file (static, re-exports, side effects, dynamic; an `.astro`
 * file's frontmatter), each resolved to the file it names as the TypeScript compiler does:
 * `./x` is `x.ts`, `x/index.ts` or the file itself. An import of a file that is no source
 * (a style sheet, data) is left out; one that names no file at all is kept, as `?`-prefixed.
 */
function edgesOf(file: string, sources: ReadonlySet<string>): Edge[] {
  let code = codeOf(file);
  if (file.endsWith('.astro')) code = /^---\n([\s\S]*?)\n---/.exec(code)?.[1] ?? '';
  const edges: Edge[] = [];
  for (const [, statement = '', staticTarget, dynamicTarget] of code.matchAll(IMPORT_STATEMENT)) {
    const specifier = staticTarget ?? dynamicTarget!;
    if (!specifier.startsWith('.')) continue;
    const base = path.posix.join(path.posix.dirname(file), specifier);
    const candidates = [base, `${base}.ts`, base.replace(/\.js$/, '.ts'), `${base}/index.ts`];
    const to = candidates.find((candidate) => sources.has(candidate));
    if (to === undefined && candidates.some((candidate) => existsSync(path.join(root, candidate)))) continue;
    // `import type { A }`, or `import { type A, type B }`: erased from the JavaScript.
    const names = /\{([^}]*)\}/.exec(statement)?.[1];
    const typeOnly =
      /^\s*(?:import|export)\s+type\b/.test(statement) ||
      names?.split(',').every((name) => name.trim() === '' || /^type\s/.test(name.trim())) === true;
    edges.push({ from: file, to: to ?? `?${base}`, typeOnly });
  }
  return edges;
}

/** The import circles of a graph: each strongly connected set of two or more files (Tarjan). */
function circles(files: readonly string[], edges: readonly Edge[]): string[][] {
  const next = new Map(files.map((file) => [file, edges.filter((edge) => edge.from === file).map((edge) => edge.to)]));
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (file: string) => {
    order.set(file, order.size);
    low.set(file, order.get(file)!);
    stack.push(file);
    for (const target of next.get(file) ?? []) {
      if (!next.has(target)) continue;
      if (!order.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (stack.includes(target)) low.set(file, Math.min(low.get(file)!, order.get(target)!));
    }
    if (low.get(file) !== order.get(file)) return;
    const members = stack.splice(stack.indexOf(file));
    if (members.length > 1 || next.get(file)!.includes(file)) found.push(members.sort());
  };
  for (const file of files) if (!order.has(file)) visit(file);
  return found;
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

  // A view is everything its page shows: pages and components read no store of the loaders; the
  // route data hands them the bodies and excerpts they show (`shownView`).
  const rendering = [...sourcesBelow('src/components'), ...sourcesBelow('src/pages')];

  it.each(rendering)('%s imports nothing from src/loaders/', (file) => {
    const resolved = importsOf(file).map((specifier) =>
      specifier.startsWith('.') ? path.posix.join(path.posix.dirname(file), specifier) : specifier,
    );
    for (const target of resolved) expect(target, `${file} imports ${target}`).not.toMatch(/^src\/loaders\//);
  });

  // The house's own modules and the imports between them.
  const modules = sourcesBelow('src').filter((file) => !file.endsWith('.mjs'));
  const moduleSet = new Set(modules);
  const graph = modules.flatMap((file) => edgesOf(file, moduleSet));

  /**
   * What breaks a rule below and waits for a rewrite, with the reason. The test fails once the
   * exception is no longer needed, so the entry is removed with it. None today.
   */
  const KNOWN_LIB_IMPORTS: readonly { from: string; to: string; why: string }[] = [];
  const KNOWN_IN_CIRCLES: readonly { file: string; why: string }[] = [];
  const knownLibImport = (edge: Edge) => KNOWN_LIB_IMPORTS.some((entry) => entry.from === edge.from && entry.to === edge.to);

  it('finds the modules and the imports it checks', () => {
    expect(modules.length).toBeGreaterThanOrEqual(100);
    expect(graph.length).toBeGreaterThanOrEqual(200);
    expect(
      graph.filter((edge) => edge.to.startsWith('?')),
      'imports of no file',
    ).toEqual([]);
  });

  it.each(KNOWN_LIB_IMPORTS)('still has the known import $from → $to', (entry) => {
    expect(
      graph.some((edge) => edge.from === entry.from && edge.to === entry.to),
      'the import is gone: remove it from KNOWN_LIB_IMPORTS',
    ).toBe(true);
  });

  it.each(KNOWN_IN_CIRCLES)('still has $file in a circle', (entry) => {
    expect(
      circles(modules, graph).some((members) => members.includes(entry.file)),
      'the circle is gone: remove the file from KNOWN_IN_CIRCLES',
    ).toBe(true);
  });

  // Pure helpers stay importable without Astro, the settings or a build: they take what they work
  // on as arguments. The shapes of the settings and posts they take are written once, in
  // src/schemas/, so a helper may import types from there, never values (zod, and the settings
  // schema's own imports); src/schemas/ parses with lib's dates, so a value import would be a
  // circle in waiting.
  it.each(modules.filter((file) => file.startsWith('src/lib/')))('%s imports nothing above src/lib/', (file) => {
    for (const edge of graph.filter((candidate) => candidate.from === file && !knownLibImport(candidate))) {
      const allowed = edge.to.startsWith('src/lib/') || (edge.typeOnly && edge.to.startsWith('src/schemas/'));
      expect(allowed, `${file} imports ${edge.to}${edge.typeOnly ? ' (types)' : ''}`).toBe(true);
    }
    expect(
      importsOf(file).filter((specifier) => specifier.startsWith('astro:')),
      `${file} imports Astro's virtual modules`,
    ).toEqual([]);
  });

  it('src/site.config.ts takes only the settings schema', () => {
    expect(graph.filter((edge) => edge.from === 'src/site.config.ts').map((edge) => edge.to)).toEqual(['src/schemas/settings.ts']);
  });

  it('no module imports itself through others', () => {
    // A known file is left out: a circle through it is known, one beside it is still found.
    const left = (file: string) => KNOWN_IN_CIRCLES.some((entry) => entry.file === file);
    const found = circles(
      modules.filter((file) => !left(file)),
      graph.filter((edge) => !left(edge.from) && !left(edge.to)),
    );
    expect(
      found.map((members) => members.join(', ')),
      'import circles (both type and value imports count)',
    ).toEqual([]);
  });

  // One list of routes: every route of src/pages/ writes the pages of a kind in the table of
  // page kinds, and every route the table names is a file of src/pages/.
  const pageRoutes = sourcesBelow('src/pages', /\.(ts|astro)$/).map((file) =>
    file.replace(/^src\/pages\//, '').replace(/\.(ts|astro)$/, ''),
  );
  const tableRoutes = new Set(PAGE_KIND_NAMES.flatMap((kind) => PAGE_KINDS[kind].routes.map((route) => route.route)));

  it('finds the routes of src/pages it checks', () => {
    expect(pageRoutes).toEqual(expect.arrayContaining(['index', '[...path]', 'category/[...listing]', 'feed.xml']));
  });

  it.each(pageRoutes)('the route %s of src/pages is in the table of page kinds', (route) => {
    expect(tableRoutes.has(route as never), `src/lib/page-kinds.ts names no kind written by ${route}`).toBe(true);
  });

  it.each([...tableRoutes].filter((route) => route !== null))('the route %s of the table of page kinds is a file of src/pages', (route) => {
    expect(pageRoutes).toContain(route);
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

  // HTML and Markdown knowledge written once: character references are decoded by
  // src/lib/html-entities.ts, tags read by src/lib/html-tag.ts, fences by src/lib/markdown-lines.ts.
  it.each(production.filter((file) => file !== 'src/lib/html-entities.ts'))('%s decodes no character references of its own', (file) => {
    expect(codeOf(file)).not.toMatch(/fromCodePoint|from ['"]entities(?:\/[^'"]*)?['"]/);
  });

  it.each(production.filter((file) => file !== 'src/lib/markdown-lines.ts'))('%s reads no code fences of its own', (file) => {
    expect(codeOf(file)).not.toMatch(/`\{3,\}|~\{3,\}/);
  });

  // A clone with nothing beside it (a user's, a GitHub runner's) must pass every test: the one
  // module that knows the shared samples decides whether tests over them run, or must. (This
  // rule and the test that runs the workflow's checks where no samples are name them too.)
  const tests = sourcesBelow('tests', /\.ts$/).filter(
    (file) => !['tests/support/shared-samples.ts', 'tests/unit/architecture.test.ts', 'tests/build/github-check.test.ts'].includes(file),
  );

  it.each(tests)('%s reaches the shared samples only through tests/support/shared-samples.ts', (file) => {
    expect(codeOf(file)).not.toMatch(/\.\.\/shared\b|XINWEN_SAMPLES|XINWEN_REAL_JEKYLL|process\.env\.CI\b/);
  });
});

/**
 * One copy of Pagefind's WebAssembly for every bundle of the search index. Each bundle runs in
 * a Pagefind module of its own (Pagefind keeps one WebAssembly instance per module), and each
 * module fetches the WebAssembly from its own bundle's folder: a search that opened the delta
 * and two shards downloaded the same 55 KB three times. Here every bundle's module and worker
 * fetch one copy, in a folder named by its digest, which hosts and CDNs cache for good; a search
 * page then downloads it once, and a reader's browser keeps it from one visit to the next.
 *
 * A bundle is changed in an order that leaves it working wherever a build stops: the shared
 * copy is written first, then the module and worker, and the bundle's own copy removed last.
 * Every indexing build runs this over every bundle, so bundles an older version wrote are
 * converted without being indexed again, and copies no bundle names any longer are removed.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SEARCH_BUNDLES } from '../../lib/search-plan';

/** Pagefind's WebAssembly files in a bundle: `wasm.unknown.pagefind`, or one per language with a stemmer. */
const WASM_FILE = /^wasm\.[^/]+\.pagefind$/;
/** The files of a bundle that load the WebAssembly: the module and its web worker. */
const LOADER_FILES = ['pagefind.js', 'pagefind-worker.js'];
/** Where Pagefind's loader (1.x) fetches the WebAssembly, as its code spells it. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: the text of Pagefind's template literal
const OWN_WASM_URL = '`${this.basePath}wasm.${language}.pagefind`';
/** The shared copy a rewritten loader names. */
const SHARED_WASM = new RegExp(`${SEARCH_BUNDLES.runtime}/([0-9a-f]{12})/`);

/** The URL a rewritten loader fetches: beside the bundles, whatever folder the site is served from. */
function sharedWasmUrl(digest: string): string {
  return `\`\${this.basePath}../${SEARCH_BUNDLES.runtime}/${digest}/wasm.\${language}.pagefind\``;
}

/** The digest of a bundle's WebAssembly files, names and bytes: the shared copy's folder. */
export function runtimeDigest(files: readonly { name: string; bytes: Uint8Array }[]): string {
  const hash = createHash('sha256');
  for (const { name, bytes } of [...files].sort((a, b) => (a.name < b.name ? -1 : 1)))
    hash.update(`${name}\0${bytes.length}\0`).update(bytes);
  return hash.digest('hex').slice(0, 12);
}

/** Writes `file` whole or not at all: a build stopped mid-write leaves the old bytes. */
function replaceFile(file: string, bytes: string | Uint8Array): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, bytes);
  renameSync(temporary, file);
}

/** Removes what a build stopped inside {@link replaceFile} left. */
function removeTemporaries(dir: string): void {
  for (const name of readdirSync(dir)) if (name.endsWith('.tmp')) rmSync(path.join(dir, name));
}

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

/** What sharing did: bundles converted this build, and those whose loader was not recognized. */
export interface RuntimeSharing {
  converted: string[];
  unrecognized: string[];
}

/**
 * Points the loaders of every bundle in `bundles` (output folders) at one shared copy of the
 * WebAssembly and removes the bundle's own, then removes the shared copies no bundle names. A
 * bundle whose loader does not read as expected (a Pagefind this code does not know) keeps its
 * own copy and still works; it is reported.
 */
export function shareSearchRuntime(outDir: string, bundles: readonly string[]): RuntimeSharing {
  const runtimeDir = path.join(outDir, SEARCH_BUNDLES.runtime);
  const converted: string[] = [];
  const unrecognized: string[] = [];
  for (const folder of bundles) {
    const bundleDir = path.join(outDir, folder);
    const wasm = existsSync(bundleDir) ? readdirSync(bundleDir).filter((name) => WASM_FILE.test(name)) : [];
    if (wasm.length === 0) continue;
    const loaders = LOADER_FILES.map((name) => path.join(bundleDir, name)).filter((file) => existsSync(file));
    const texts = loaders.map((file) => readFileSync(file, 'utf8'));
    if (loaders.length === 0 || texts.some((text) => occurrences(text, OWN_WASM_URL) !== 1)) {
      unrecognized.push(folder);
      continue;
    }
    const files = wasm.map((name) => ({ name, bytes: readFileSync(path.join(bundleDir, name)) }));
    const digest = runtimeDigest(files);
    mkdirSync(path.join(runtimeDir, digest), { recursive: true });
    removeTemporaries(bundleDir);
    removeTemporaries(path.join(runtimeDir, digest));
    for (const { name, bytes } of files) {
      const shared = path.join(runtimeDir, digest, name);
      if (!existsSync(shared)) replaceFile(shared, bytes);
    }
    for (const [index, file] of loaders.entries()) replaceFile(file, texts[index]!.replace(OWN_WASM_URL, sharedWasmUrl(digest)));
    for (const name of wasm) rmSync(path.join(bundleDir, name));
    converted.push(folder);
  }
  if (existsSync(runtimeDir)) {
    const named = new Set(bundles.flatMap((folder) => namedRuntime(path.join(outDir, folder))));
    for (const entry of readdirSync(runtimeDir)) {
      if (!named.has(entry)) rmSync(path.join(runtimeDir, entry), { recursive: true, force: true });
    }
  }
  return { converted, unrecognized };
}

/** The shared copy a bundle's module fetches, if it was pointed at one. */
function namedRuntime(bundleDir: string): string[] {
  const module = path.join(bundleDir, LOADER_FILES[0]!);
  const digest = existsSync(module) ? SHARED_WASM.exec(readFileSync(module, 'utf8'))?.[1] : undefined;
  return digest ? [digest] : [];
}

/**
 * `npm run budget [-- dist]`: the page-weight budget of an article page, measured on a built
 * site: CSS and JavaScript it loads (gzip-compressed) must stay within 30 KB besides the HTML,
 * and nothing render-blocking may come from another host. Prints the figures; exits 1 when a
 * budget is exceeded.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 30 * 1024;
const outDir = path.resolve(process.argv[2] ?? 'dist');

/** An article page: the first HTML file that has an `<article class="article">`. */
function findArticle(dir: string): string | undefined {
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const file = path.join(dir, name);
    if (!name.endsWith('.html') || !statSync(file).isFile()) continue;
    if (readFileSync(file, 'utf8').includes('<article class="article"')) return file;
  }
  return undefined;
}

const article = findArticle(outDir);
if (!article) {
  console.error(`No article page in ${outDir}: build the site first (npm run build).`);
  process.exit(2);
}
const html = readFileSync(article, 'utf8');
const resources = [
  ...[...html.matchAll(/<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"/g)].map((match) => ({ kind: 'css', url: match[1]! })),
  ...[...html.matchAll(/<script\b([^>]*)\bsrc="([^"]+)"[^>]*>/g)].map((match) => ({
    kind: /\b(?:async|defer|type="module")/.test(match[1]!) ? 'js (non-blocking)' : 'js',
    url: match[2]!,
  })),
];
const inlineScripts = [...html.matchAll(/<script\b(?![^>]*\bsrc=)(?![^>]*type="application\/ld\+json")[^>]*>/g)].length;

let total = 0;
const thirdParty: string[] = [];
console.log(`article page: ${path.relative(outDir, article)} (${(gzipSync(html).length / 1024).toFixed(1)} KB of HTML, gzip)`);
for (const resource of resources) {
  if (/^(?:https?:)?\/\//.test(resource.url)) {
    thirdParty.push(`${resource.kind} ${resource.url}`);
    continue;
  }
  const bytes = gzipSync(readFileSync(path.join(outDir, resource.url))).length;
  total += bytes;
  console.log(`  ${resource.kind.padEnd(18)} ${resource.url}  ${(bytes / 1024).toFixed(1)} KB gzip`);
}
console.log(
  `CSS + JS: ${(total / 1024).toFixed(1)} KB gzip (budget ${BUDGET_BYTES / 1024} KB); inline scripts: ${inlineScripts}; third-party render-blocking requests: ${thirdParty.length}`,
);
for (const entry of thirdParty) console.log(`  third-party: ${entry}`);
process.exitCode = total > BUDGET_BYTES || thirdParty.length > 0 || inlineScripts > 0 ? 1 : 0;

/**
 * What a site owner would pick instead, measured in the same run as xinwen's own figures:
 *
 * - `single`: one Pagefind index of the same article pages, made by Pagefind's own CLI
 *   (`pagefind --site`), as a site would without shards. It indexes a copy of the output (hard
 *   links, the search folders left out), and the search page is pointed at that one bundle, so
 *   the `search` measure of the copy is a single index's cold query on the same page.
 * - `hugo`: Hugo (0.111 in Debian's packages, where installed) building the same posts into
 *   article pages, category and tag listings and feeds, cold and again with nothing changed.
 *   Hugo reads the Jekyll front matter as it is; its pages are Hugo's, with a minimal layout.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

function timed(command: string, args: string[], cwd: string): { seconds: number; output: string; status: number | null } {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
  return { seconds: (performance.now() - started) / 1000, output: `${result.stdout ?? ''}${result.stderr ?? ''}`, status: result.status };
}

function filesAndBytes(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    files += 1;
    bytes += statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return { files, bytes };
}

/**
 * A copy of `outDir` (hard links) whose search index is one Pagefind bundle of every article,
 * made by the Pagefind CLI; returns the copy and the indexing time.
 */
export function singleIndexSite(root: string, outDir: string, work: string, language: string): { dir: string; seconds: number } {
  const dir = path.join(work, 'single-index');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(outDir)) {
    if (/^pagefind(-\d+|-delta)?$/.test(name)) continue;
    spawnSync('cp', ['-al', path.join(outDir, name), path.join(dir, name)]);
  }
  const cli = path.join(root, 'node_modules/.bin/pagefind');
  const indexed = timed(cli, ['--site', dir, '--force-language', language.split('-')[0]!.toLowerCase(), '--silent'], root);
  if (indexed.status !== 0) throw new Error(`pagefind failed:\n${indexed.output.slice(-3000)}`);
  const { files } = filesAndBytes(path.join(dir, 'pagefind'));
  // The search page reads its bundles from the manifest: here, the one bundle.
  mkdirSync(path.join(dir, 'pagefind-delta'), { recursive: true });
  writeFileSync(
    path.join(dir, 'pagefind-delta/xinwen-search.json'),
    JSON.stringify({ bundles: ['/pagefind/'], sizes: [0], years: [[]], hidden: [], filters: {} }),
  );
  console.log(`single Pagefind index (pagefind --site, ${files} files): ${indexed.seconds.toFixed(1)} s to index every article`);
  return { dir, seconds: indexed.seconds };
}

const HUGO_CONFIG = `baseURL = "https://finews.example.com/"
languageCode = "zh-CN"
title = "新闻存档"
hasCJKLanguage = true
disableKinds = ["sitemap"]
[taxonomies]
  category = "categories"
  tag = "tags"
[markup.goldmark.renderer]
  unsafe = true
[pagination]
  pagerSize = 50
[permalinks]
  posts = "/:sections/:year/:month/:day/:slug/"
`;

const LAYOUT = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }} | {{ site.Title }}</title></head>
<body><header><a href="/">{{ site.Title }}</a></header><main>{{ block "main" . }}{{ end }}</main></body></html>`;
const SINGLE = `{{ define "main" }}<article><h1>{{ .Title }}</h1><time>{{ .Date.Format "2006-01-02 15:04" }}</time>
{{ range .GetTerms "categories" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}
{{ .Content }}</article>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ end }}`;
const LIST = `{{ define "main" }}<h1>{{ .Title }}</h1><ol>{{ range (.Paginate .Pages).Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }} {{ .Summary | plainify | truncate 120 }}</li>{{ end }}</ol>
{{ template "_internal/pagination.html" . }}{{ end }}`;

export interface HugoMeasure {
  coldSeconds: number;
  noopSeconds: number;
  files: number;
  outputMb: number;
}

/** Hugo over the same posts, cold and again unchanged; undefined where Hugo is not installed. */
export function measureHugo(postsDir: string, work: string): HugoMeasure | undefined {
  const hugo = spawnSync('sh', ['-c', 'command -v hugo'], { encoding: 'utf8' }).stdout.trim();
  if (hugo === '') {
    console.log('hugo: not measured, Hugo is not installed (Debian: apt install hugo)');
    return undefined;
  }
  const site = path.join(work, 'hugo');
  rmSync(site, { recursive: true, force: true });
  for (const [file, text] of Object.entries({
    'hugo.toml': HUGO_CONFIG,
    'layouts/_default/baseof.html': LAYOUT,
    'layouts/_default/single.html': SINGLE,
    'layouts/_default/list.html': LIST,
  })) {
    mkdirSync(path.dirname(path.join(site, file)), { recursive: true });
    writeFileSync(path.join(site, file), text);
  }
  mkdirSync(path.join(site, 'content'), { recursive: true });
  cpSync(postsDir, path.join(site, 'content/posts'), { recursive: true });
  const version = timed(hugo, ['version'], site).output.trim().split(' ')[1] ?? '';
  const cold = timed(hugo, ['--quiet', '--destination', 'public'], site);
  if (cold.status !== 0) throw new Error(`hugo failed:\n${cold.output.slice(-3000)}`);
  const noop = timed(hugo, ['--quiet', '--destination', 'public'], site);
  const { files, bytes } = filesAndBytes(path.join(site, 'public'));
  const measure = { coldSeconds: cold.seconds, noopSeconds: noop.seconds, files, outputMb: bytes / 2 ** 20 };
  console.log(
    `hugo ${version}: the same posts into article pages, category and tag listings and feeds: cold ${cold.seconds.toFixed(1)} s, ` +
      `again unchanged ${noop.seconds.toFixed(1)} s (Hugo builds whole every time); ${files} files, ${measure.outputMb.toFixed(0)} MB` +
      (existsSync(path.join(site, 'public/index.xml')) ? '' : ' (no site feed?)'),
  );
  return measure;
}

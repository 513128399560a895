/**
 * Liquid in a post body, run as Jekyll 4 runs it before Markdown: `{{ site.url }}` becomes the
 * address, an undefined variable nothing, `{% raw %}` keeps its content as written,
 * `{% include JB/setup %}` runs the include. The engine is liquidjs (Shopify's Liquid for
 * JavaScript: no code execution, includes only from the map given here, never from files, and
 * limits on parse size, render time and memory); this module decides what it may see.
 *
 * What Jekyll could run and this cannot — a tag it does not know (`{% post_url %}`), an include
 * whose output is not known — is left as written and returned as an issue with its line, so the
 * caller reports it; the rest of the body is still rendered. A `{{` or `{%` never closed, on
 * which Jekyll stops, and Liquid the engine cannot read leave the whole body as written. Lines
 * of the rendered body are mapped back to the lines of the body as written.
 */
import { type Context, type Emitter, Liquid, type Parser, Tag, type TagToken, type Template, type TopLevelToken } from 'liquidjs';

/** The values and includes a site's posts are rendered with (the `liquid` setting, completed). */
export interface LiquidSite {
  /** `site.*`: the site's title, description, url and baseurl, and the old `_config.yml` values posts use. */
  site: Readonly<Record<string, unknown>>;
  /** Top-level variables, as the old site's includes assigned them (`BLOG_IMG`, `HOME_PATH`). */
  variables: Readonly<Record<string, unknown>>;
  /** Include name (`JB/setup`, `note.html`) → its Liquid source; rendered in the post's scope. */
  includes: Readonly<Record<string, string>>;
}

/** Why a piece of Liquid was left as written. */
export type LiquidIssueKind = 'tag' | 'include' | 'unclosed' | 'error' | 'variable';

/** A piece of Liquid that was not run as Jekyll ran it. */
export interface LiquidIssue {
  kind: LiquidIssueKind;
  /** What it is about: the tag name, the include name, the variable, or the error's message. */
  name: string;
  /** The markup as written (shortened), or the variable's reference. */
  text: string;
  /** 0-based line in the body as written. */
  line: number;
}

/** A body after Liquid. */
export interface RenderedLiquid {
  /** The body as Jekyll's Markdown (or HTML) step would see it. */
  body: string;
  /** Whether anything was rendered (false: `body` is the body as written). */
  rendered: boolean;
  /** 0-based line of the rendered body → 0-based line of the body as written. */
  sourceLine: (line: number) => number;
  issues: LiquidIssue[];
}

/** What the body is rendered as, after Liquid. */
export interface LiquidOptions {
  /** Markdown (`.md`, `.markdown`) or HTML: `{% highlight %}` becomes a fenced block or `<figure class="highlight">`. */
  markdown: boolean;
}

/**
 * Includes whose output Jekyll-Bootstrap sites share, known without the old site's files:
 * `JB/setup` prints nothing and sets the path variables (`BASE_PATH` only when
 * `site.JB.BASE_PATH` is set, `HOME_PATH` `/` otherwise). An include of the same name in the
 * settings replaces it.
 */
export const KNOWN_INCLUDES: Readonly<Record<string, string>> = {
  'JB/setup':
    "{%- if site.JB.BASE_PATH and site.JB.BASE_PATH != '' -%}{%- assign BASE_PATH = site.JB.BASE_PATH -%}{%- assign HOME_PATH = site.JB.BASE_PATH -%}" +
    '{%- else -%}{%- assign HOME_PATH = "/" -%}{%- endif -%}',
};

/** Whether a body has Liquid at all; Jekyll renders only such a body. */
export const hasLiquid = (body: string): boolean => body.includes('{%') || body.includes('{{');

// Liquid 4's (Jekyll 4.3's) tokenizer: a tag ends at the first `%}`, an output at the first `}`
// or `}}`; a `{%` or `{{` with no end is a token of its own, which Liquid rejects.
const TOKEN = /\{%[\s\S]*?%\}|\{\{[\s\S]*?\}\}?|\{%|\{\{/g;
const TAG = /^\{%-?\s*(\w+)\s*([\s\S]*?)-?%\}$/;
const OUTPUT = /^\{\{-?([\s\S]*?)-?\}\}$/;

// The tags of Liquid 4 and Jekyll 4 that run here, with the tags that end or divide their blocks.
const BLOCKS = ['if', 'unless', 'case', 'for', 'tablerow', 'capture', 'comment', 'raw', 'highlight'];
const RUN = new Set([
  ...BLOCKS,
  ...BLOCKS.map((name) => `end${name}`),
  'assign',
  'include',
  'increment',
  'decrement',
  'cycle',
  'break',
  'continue',
  'else',
  'elsif',
  'when',
]);

// Marks put at the start of the body's lines before rendering, read and removed after it: the
// line each piece of output came from. Private-use characters, never in the markup they mark.
const MARK_OPEN = '\uE000';
const MARK_CLOSE = '\uE001';
const MARK = /\uE000([0-9a-z]+)\uE001/g;
const MARK_OR_LINE_END = /^(?:[\r\n]|\uE000[0-9a-z]+\uE001)+|(?:[\r\n]|\uE000[0-9a-z]+\uE001)+$/g;

/** A token of the body, where it is and what it is. */
interface Token {
  start: number;
  end: number;
  text: string;
  /** The tag's name; undefined for an output. */
  tag?: string;
  args?: string;
  /** Not a complete tag or output: shown as written. */
  unclosed?: boolean;
}

function tokens(body: string): Token[] {
  const found: Token[] = [];
  const scan = new RegExp(TOKEN.source, 'g');
  for (let match = scan.exec(body); match; match = scan.exec(body)) {
    const text = match[0];
    const token: Token = { start: match.index, end: match.index + text.length, text };
    const tag = text.startsWith('{%') ? TAG.exec(text) : undefined;
    if (tag) {
      token.tag = tag[1]!;
      token.args = tag[2]!.trim();
    } else if (tag === null || !OUTPUT.test(text)) {
      // Liquid stops here; the `{{` or `{%` alone is kept as written, and what follows is read on.
      token.unclosed = true;
      token.end = token.start + 2;
      token.text = text.slice(0, 2);
      scan.lastIndex = token.end;
    }
    found.push(token);
  }
  return found;
}

/** The line (0-based) of a position. */
function lineAt(lineStarts: readonly number[], position: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (lineStarts[middle]! <= position) low = middle;
    else high = middle - 1;
  }
  return low;
}

const short = (text: string) => {
  const line = text.replace(/\s+/g, ' ');
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
};

/** The name an include tag names (`JB/setup`, `note.html`), as Jekyll reads it. */
export const includeName = (args: string): string => args.split(/\s+/)[0] ?? '';

/**
 * The body prepared for the engine: tags and outputs it must not run kept as written (inside
 * `{% raw %}`), marks at the lines' starts, and what was kept, as issues.
 */
function prepare(body: string, includes: Readonly<Record<string, string>>) {
  const lineStarts = [0];
  for (let index = body.indexOf('\n'); index >= 0; index = body.indexOf('\n', index + 1)) lineStarts.push(index + 1);
  const all = tokens(body);
  const issues: LiquidIssue[] = [];
  // Where no mark may go: inside a token, a capture (its text may be filtered) or the
  // whitespace a `{%-` or `-%}` trims (a mark would stop the trimming).
  const noMark: [number, number][] = [];
  const kept = new Set<Token>();
  let raw = false;
  let capture: number | undefined;
  let captureDepth = 0;
  for (const [index, token] of all.entries()) {
    noMark.push([token.start + 1, token.end]);
    if (raw) {
      if (token.tag === 'endraw') raw = false;
      continue;
    }
    if (token.text.startsWith('{%-') || token.text.startsWith('{{-')) {
      const before = all[index - 1]?.end ?? 0;
      let from = token.start;
      while (from > before && /\s/.test(body[from - 1]!)) from -= 1;
      noMark.push([from, token.start + 1]);
    }
    if (token.text.endsWith('-%}') || token.text.endsWith('-}}')) {
      let to = token.end;
      while (to < body.length && /\s/.test(body[to]!)) to += 1;
      noMark.push([token.end, to + 1]);
    }
    const line = lineAt(lineStarts, token.start);
    if (token.unclosed) {
      kept.add(token);
      issues.push({ kind: 'unclosed', name: token.text.slice(0, 2), text: short(body.slice(token.start, token.start + 40)), line });
      continue;
    }
    if (token.tag === undefined) continue;
    if (!RUN.has(token.tag)) {
      kept.add(token);
      issues.push({ kind: 'tag', name: token.tag, text: short(token.text), line });
    } else if (token.tag === 'raw') raw = true;
    else if (token.tag === 'include' && !(includeName(token.args ?? '') in includes)) {
      kept.add(token);
      issues.push({ kind: 'include', name: includeName(token.args ?? ''), text: short(token.text), line });
    } else if (token.tag === 'capture') {
      captureDepth += 1;
      capture ??= token.start;
    } else if (token.tag === 'endcapture' && captureDepth > 0) {
      captureDepth -= 1;
      if (captureDepth === 0 && capture !== undefined) {
        noMark.push([capture, token.end]);
        capture = undefined;
      }
    }
  }
  const marked = !body.includes(MARK_OPEN) && !body.includes(MARK_CLOSE);
  const blocked = (position: number) => noMark.some(([from, to]) => position >= from && position < to);
  let out = '';
  let at = 0;
  const mark = (until: number) => {
    for (let line = lineAt(lineStarts, at); line < lineStarts.length && lineStarts[line]! < until; line += 1) {
      const start = lineStarts[line]!;
      if (start < at || !marked || blocked(start)) continue;
      out += body.slice(at, start);
      out += `${MARK_OPEN}${line.toString(36)}${MARK_CLOSE}`;
      at = start;
    }
    out += body.slice(at, until);
    at = until;
  };
  for (const token of all) {
    mark(token.start);
    out += kept.has(token) ? `{% raw %}${token.text}{% endraw %}` : token.text;
    at = token.end;
  }
  mark(body.length);
  return { text: out, issues, lineStarts };
}

/** The rendered text without its marks, and each of its lines' source line. */
function unmark(text: string): { body: string; sourceLine: (line: number) => number } {
  const lines = text.split('\n');
  const sources: number[] = [];
  let last = 0;
  let lastAt = 0;
  for (const [index, line] of lines.entries()) {
    MARK.lastIndex = 0;
    const found = MARK.exec(line);
    if (found) {
      last = Number.parseInt(found[1]!, 36);
      lastAt = index;
    }
    sources.push(last + index - lastAt);
  }
  return {
    body: text.replace(MARK, ''),
    sourceLine: (line) => sources[Math.min(Math.max(line, 0), sources.length - 1)] ?? line,
  };
}

/** A fence longer than any run of backticks in the code. */
function fence(code: string): string {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((run) => run[0].length));
  return '`'.repeat(longest + 1);
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Jekyll's `{% highlight lang [linenos] %}`: the block's text (its Liquid run, leading and
 * trailing line breaks removed) as a code block of the language, a fenced block in Markdown,
 * Jekyll's `<figure class="highlight">` in HTML. Line numbers are not drawn.
 */
function highlightTag(markdown: boolean) {
  return class HighlightTag extends Tag {
    private readonly language: string;
    private readonly templates: Template[] = [];
    constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, parser: Parser) {
      super(token, remain, liquid);
      this.language = /^[a-zA-Z0-9.+#_-]+/.exec(token.args.trim())?.[0] ?? '';
      while (remain.length > 0) {
        const next = remain.shift()!;
        if ('name' in next && next.name === 'endhighlight') return;
        this.templates.push(parser.parseToken(next, remain));
      }
      throw new Error(`tag ${token.getText()} not closed`);
    }
    *render(context: Context, emitter: Emitter): Generator<unknown, void, string> {
      const code = (yield this.liquid.renderer.renderTemplates(this.templates, context)).replace(MARK_OR_LINE_END, '');
      const language = this.language;
      if (markdown) {
        const bar = fence(code);
        emitter.write(`${bar}${language}\n${code}\n${bar}`);
      } else {
        const attributes = language ? ` class="language-${language}" data-lang="${language}"` : '';
        emitter.write(`<figure class="highlight"><pre><code${attributes}>${escapeHtml(code)}</code></pre></figure>`);
      }
    }
  };
}

/** `path` under the site's `baseurl`, as Jekyll's `relative_url` filter writes it. */
function relativeUrl(path: unknown, baseurl: unknown): string {
  const text = String(path ?? '');
  if (/^[a-z][a-z0-9+.-]*:/i.test(text) || text.startsWith('//')) return text;
  const base = String(baseurl ?? '').replace(/\/+$/, '');
  const prefix = base === '' || base.startsWith('/') ? base : `/${base}`;
  return `${prefix}/${text.replace(/^\/+/, '')}`.replace(/^\/\/+/, '/');
}

const engines = new Map<string, Liquid>();

/** One engine per set of includes and output kind (a site has one set): parsing is the work. */
function engineFor(includes: Readonly<Record<string, string>>, markdown: boolean): Liquid {
  const key = JSON.stringify([markdown, includes]);
  let engine = engines.get(key);
  if (engine) return engine;
  engine = new Liquid({
    templates: { ...includes },
    jekyllInclude: true,
    dynamicPartials: false,
    strictFilters: false,
    strictVariables: false,
    ownPropertyOnly: true,
    preserveTimezones: true,
    parseLimit: 1e8,
    renderLimit: 1000,
    memoryLimit: 1e7,
  });
  engine.registerTag('highlight', highlightTag(markdown));
  engine.registerFilter('relative_url', function (this: { context: Context }, path: unknown) {
    return relativeUrl(path, this.context.getSync(['site', 'baseurl']));
  });
  engine.registerFilter('absolute_url', function (this: { context: Context }, path: unknown) {
    const text = String(path ?? '');
    if (/^[a-z][a-z0-9+.-]*:/i.test(text)) return text;
    const site = String(this.context.getSync(['site', 'url']) ?? '').replace(/\/+$/, '');
    return `${site}${relativeUrl(text, this.context.getSync(['site', 'baseurl']))}`;
  });
  if (engines.size > 8) engines.clear();
  engines.set(key, engine);
  return engine;
}

/** What a body's Liquid uses, outside `{% raw %}`: for `npm run migrate` to carry values over. */
export interface LiquidUses {
  /** Include names (`JB/setup`). */
  includes: Set<string>;
  /** Keys of `site` read (`url`, `JB`). */
  site: Set<string>;
  /** Top-level variables read (`BLOG_IMG`), besides `site`, `page` and those the body sets. */
  variables: Set<string>;
}

// Names Liquid or Jekyll give a post, or a tag sets for its block: never a site's own variable.
const GIVEN = new Set([
  'site',
  'page',
  'include',
  'forloop',
  'tablerowloop',
  'content',
  'layout',
  'paginator',
  'jekyll',
  'true',
  'false',
  'nil',
  'null',
  'empty',
  'blank',
]);

/** The includes, `site.*` keys and variables a body's Liquid uses. */
export function liquidUses(body: string): LiquidUses {
  const uses: LiquidUses = { includes: new Set(), site: new Set(), variables: new Set() };
  if (!hasLiquid(body)) return uses;
  const set = new Set<string>();
  const read: string[] = [];
  let raw = false;
  let comment = 0;
  for (const token of tokens(body)) {
    if (raw) {
      raw = token.tag !== 'endraw';
      continue;
    }
    if (token.tag === 'raw') raw = true;
    if (token.tag === 'comment') comment += 1;
    if (token.tag === 'endcomment') comment = Math.max(0, comment - 1);
    if (comment > 0 || token.unclosed) continue;
    let expression = token.tag === undefined ? token.text.replace(/^\{\{-?|-?\}\}$/g, '') : (token.args ?? '');
    if (token.tag === 'include') {
      uses.includes.add(includeName(expression));
      expression = expression.slice(includeName(expression).length);
    }
    if (token.tag === 'assign' || token.tag === 'capture' || token.tag === 'for' || token.tag === 'tablerow') {
      const name = /^[\w-]+/.exec(expression)?.[0];
      if (name) set.add(name);
      expression = expression.replace(/^[\w-]+\s*(=|in\b)?/, '');
    }
    // Quoted text, filter names and parameter names are no variables.
    const code = expression
      .replace(/"[^"]*"|'[^']*'/g, '')
      .replace(/\|\s*[\w-]+/g, '|')
      .replace(/[\w-]+\s*[:=](?!=)/g, '');
    for (const key of code.matchAll(/\bsite\.([\w-]+)/g)) uses.site.add(key[1]!);
    for (const name of code.matchAll(/(?<![\w.\]-])([A-Za-z_][\w-]*)/g)) read.push(name[1]!);
  }
  const words = new Set(['and', 'or', 'contains', 'in', 'reversed', 'limit', 'offset', 'cols', 'with', 'for']);
  for (const name of read) if (!set.has(name) && !GIVEN.has(name) && !words.has(name)) uses.variables.add(name);
  return uses;
}

/** Root variables a rendered body reads that neither the body, the site nor its includes set. */
function undefinedVariables(engine: Liquid, text: string, scope: Readonly<Record<string, unknown>>, assigned: ReadonlySet<string>) {
  try {
    return engine.globalVariablesSync(text, { partials: false }).filter((name) => !(name in scope) && !assigned.has(name));
  } catch {
    return [];
  }
}

/** Variables the includes a body runs assign (`{% assign HOME_PATH = "/" %}` in `JB/setup`). */
function includeAssigns(text: string, includes: Readonly<Record<string, string>>): Set<string> {
  const names = new Set<string>();
  for (const token of tokens(text)) {
    if (token.tag !== 'include') continue;
    for (const inner of tokens(includes[includeName(token.args ?? '')] ?? '')) {
      if ((inner.tag === 'assign' || inner.tag === 'capture') && inner.args) names.add(/^[\w-]+/.exec(inner.args)?.[0] ?? '');
    }
  }
  return names;
}

/**
 * Renders the Liquid in `body` with the site's values and the post's `page` values, as Jekyll
 * does before Markdown. Pure; never throws: what cannot run is kept as written and returned as
 * an issue (a body Liquid cannot read at all is returned as written, with one `error` issue).
 */
export function renderLiquid(
  body: string,
  site: LiquidSite,
  page: Readonly<Record<string, unknown>>,
  options: LiquidOptions,
): RenderedLiquid {
  const asWritten = (issues: LiquidIssue[]): RenderedLiquid => ({ body, rendered: false, sourceLine: (line) => line, issues });
  if (!hasLiquid(body)) return asWritten([]);
  const includes = site.includes;
  const prepared = prepare(body, includes);
  // A `{{` or `{%` never closed stops Jekyll on the whole post: it was text, not Liquid, so
  // none of the body's Liquid is run and all of it is kept as written.
  const unclosed = prepared.issues.filter((issue) => issue.kind === 'unclosed');
  if (unclosed.length > 0) return asWritten(unclosed);
  const engine = engineFor(includes, options.markdown);
  const scope = { ...site.variables, site: site.site, page };
  let output: string;
  try {
    output = engine.parseAndRenderSync(prepared.text, scope);
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(MARK, '').split('\n')[0]! : String(error);
    // Marks and kept markup add no lines: the engine's line is the line as written.
    const line = Number(/line:(\d+)/.exec(message)?.[1] ?? 1) - 1;
    return asWritten([
      ...prepared.issues,
      { kind: 'error', name: message.replace(/, line:\d+, col:\d+.*$/, ''), text: short(message), line },
    ]);
  }
  const issues = [...prepared.issues];
  const assigned = includeAssigns(body, includes);
  for (const name of undefinedVariables(engine, prepared.text, scope, assigned)) {
    const at = body.search(new RegExp(`\\{\\{-?\\s*${name.replace(/[^\w]/g, '\\$&')}\\b`));
    issues.push({ kind: 'variable', name, text: `{{ ${name} }}`, line: at < 0 ? 0 : lineAt(prepared.lineStarts, at) });
  }
  const { body: rendered, sourceLine } = unmark(output);
  return { body: rendered, rendered: true, sourceLine, issues };
}

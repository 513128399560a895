/**
 * Liquid in a post body, run before Markdown as Jekyll runs it (`src/lib/liquid.ts`), with the
 * site's `liquid` setting and the post's own `page` values. What cannot run as in Jekyll is kept
 * as written and reported: one warning per file and kind (a tag, an include, a variable without
 * a value), at its first line, with a `group` so that a report names the kind once with the
 * files that use it.
 */
import { toIsoInZone } from '../lib/dates';
import { hasLiquid, type LiquidIssue, type LiquidSite, renderLiquid } from '../lib/liquid';
import { bodyFirstLine } from './front-matter';
import type { Finding } from '../lib/problem';

/** What the `page.*` values of a post are made of. */
export interface LiquidPage {
  /** The front matter as read (scalars as text). */
  data: Readonly<Record<string, unknown>>;
  title: string;
  date: Date;
  url: string;
  categories: readonly string[];
  tags: readonly string[];
  slug: string;
  /** The file as Jekyll names it in `page.path`. */
  path: string;
}

/** A body after Liquid, and the file's text with that body, for the stages that read both. */
export interface LiquidBody {
  body: string;
  /** The file's text with the rendered body in place of the body as written. */
  text: string;
  /** A 1-based line of `text` → the line of the file as written. */
  fileLine: (line: number) => number;
  warnings: Finding[];
}

/** `2016-02-21 10:00:00 +0800`, Ruby's `Time#to_s`, as Jekyll prints `{{ page.date }}`. */
export function rubyTime(date: Date, timeZone: string): string {
  return toIsoInZone(date, timeZone)
    .replace('T', ' ')
    .replace(/([+-]\d\d):(\d\d)$/, ' $1$2');
}

/** The `page` object of a post, as Jekyll gives it to the post's Liquid. */
export function pageValues(page: LiquidPage, timeZone: string): Record<string, unknown> {
  return {
    ...page.data,
    title: page.title,
    date: rubyTime(page.date, timeZone),
    url: page.url,
    categories: [...page.categories],
    tags: [...page.tags],
    slug: page.slug,
    path: page.path,
  };
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The warning of one kind of issue in one file; `more` counts its other places in the file. */
function issueMessage(issue: LiquidIssue, more: number): string {
  const others = more > 0 ? ` (and ${plural(more, 'more place')})` : '';
  const quoted = JSON.stringify(issue.text);
  switch (issue.kind) {
    case 'tag':
      return `${quoted} is a Liquid tag that is not run here: it is shown as written, where Jekyll ran it (or stopped on it)${others}; write what it printed`;
    case 'include':
      return (
        `${quoted} includes ${issue.name}, whose output is not known: it is shown as written, where Jekyll put in _includes/${issue.name}${others}; ` +
        `give its Liquid in the liquid.includes setting ("${issue.name}": "…", "" for nothing), which npm run migrate carries from the old site`
      );
    case 'unclosed':
      return (
        `${quoted}: "${issue.name}" is never closed, so Jekyll stops the build on this post; its Liquid is not run and the body is shown as written${others}; ` +
        'close it, or write the text inside {% raw %}…{% endraw %}'
      );
    case 'variable':
      return (
        `${quoted} has no value, so it is left empty, as Jekyll leaves a variable nothing set${others}; ` +
        `if the old site's includes or layouts set it, give it in the liquid.variables setting ("${issue.name}": "…")`
      );
    case 'error':
      return `Liquid that cannot be run (${issue.name}): the body is shown as written, where Jekyll stops the build; correct the Liquid`;
  }
}

/**
 * Renders a post body's Liquid. `text` is the whole file and `body` its body part; `markdown`
 * whether the body is Markdown. A body without Liquid, or with `render_with_liquid: false` in its
 * front matter (as in Jekyll), is returned as it is.
 */
export function renderPostLiquid(
  text: string,
  body: string,
  liquid: LiquidSite,
  page: LiquidPage,
  options: { markdown: boolean; timeZone: string },
): LiquidBody {
  const same: LiquidBody = { body, text, fileLine: (line) => line, warnings: [] };
  const off = page.data.render_with_liquid;
  if (!hasLiquid(body) || off === false || off === 'false') return same;
  const result = renderLiquid(body, liquid, pageValues(page, options.timeZone), { markdown: options.markdown });
  const bodyStart = bodyFirstLine(text, body);
  const byKind = new Map<string, LiquidIssue[]>();
  for (const issue of result.issues) {
    const key = `${issue.kind} ${issue.name}`;
    byKind.set(key, [...(byKind.get(key) ?? []), issue]);
  }
  const warnings: Finding[] = [...byKind.entries()].map(([key, [first, ...rest]]) => ({
    line: bodyStart + first!.line,
    field: 'body',
    message: issueMessage(first!, rest.length),
    group: `liquid ${key}`,
  }));
  if (!result.rendered) return { ...same, warnings };
  return {
    body: result.body,
    text: text.slice(0, text.length - body.length) + result.body,
    fileLine: (line) => (line < bodyStart ? line : bodyStart + result.sourceLine(line - bodyStart)),
    warnings,
  };
}

/**
 * Reads one Jekyll post file into a post, or into the problems that keep it out, by running
 * the reading stages in order: decode, front matter, schema, publication, URLs, body. Pure
 * apart from the clock passed in: the loader, `npm run check` and the tests all use it, so a
 * file means the same thing everywhere.
 */
import { PLACEHOLDER_BODY } from '../lib/new-post';
import type { ReadPost } from '../schemas/post';
import { linksAndMarkup, siteTarget, type WrittenLink } from '../lib/body-links';
import { splitScraperTail } from '../lib/boilerplate';
import { bodyExcerpt, renderBody, summaryText } from './body';
import { decodePost } from './decode';
import { fileNameDate, isHtmlExtension, notAPostWarning, parsePostFileName, titleFromSlug } from './file-name';
import { bodyFirstLine, displacedFrontMatter, missingFrontMatter, readFrontMatter } from './front-matter';
import { finding, inFile, type Finding, type Problem } from '../lib/problem';
import { renderPostLiquid } from './liquid';
import { removedContentWarning } from './removed-content';
import { shownLinks } from './shown-links';
import { unclosedElementWarning } from './unclosed-elements';
import { emptyPublishedWarning, layoutWarning, publicationOf } from './publication';
import { checkFrontMatter, type CheckedFrontMatter, ignoredTerms, untitledWarning } from './schema';
import type { ReaderSettings } from './settings';
import { jekyllUtcDate, overlongName, postUrls } from './urls';
import { defaultsFor, withDefaults } from '../lib/post-defaults';

/** What a read depends on besides the file and the settings. */
export interface ReadOptions {
  /** The build's clock, for future posts. */
  now: Date;
  /** Render and sanitize the body (the build does; `npm run check` only validates). Default true. */
  render?: boolean;
}

/** What a file turned out to be. `repairs` lists what lenient mode fixed in the file. */
export type ReadResult = { warnings: Problem[]; repairs: Problem[] } & (
  | { status: 'post'; post: ReadPost; html: string }
  | { status: 'unpublished' | 'future' }
  | { status: 'invalid'; problems: Problem[] }
  | { status: 'not-a-post' }
);

/**
 * Reads a post file. `file` is the path shown in messages and stored as the post's source;
 * only its last segment is matched against the `YYYY-MM-DD-name` rule.
 */
export function readPostFile(file: string, bytes: Uint8Array, settings: ReaderSettings, options: ReadOptions): ReadResult {
  const located = (findings: readonly Finding[]) => findings.map((found) => inFile(file, found));
  const name = parsePostFileName(file);

  const decoded = decodePost(bytes);
  if (!decoded.ok) {
    const reason = located([decoded.problem]);
    return name
      ? { status: 'invalid', problems: reason, warnings: [], repairs: [] }
      : { status: 'not-a-post', warnings: reason, repairs: [] };
  }

  // Lenient mode, for sites fed by scrapers, repairs the one common title mistake.
  const frontMatter = readFrontMatter(decoded.text, { repairTitles: settings.invalidPosts === 'skip' });
  const repairs = located(frontMatter.repairs);
  // `tags: 404` and the like are no tags to Jekyll: left out before the schema reads the rest.
  const terms = ignoredTerms(frontMatter.data, frontMatter.keyLines, frontMatter.notText);
  // The site's front-matter defaults for the file's folder, under what the file sets itself.
  const data = settings.postDefaults
    ? withDefaults(defaultsFor(postsRelative(file, settings.postsDir), settings.postDefaults), terms.data)
    : terms.data;
  const checked: CheckedFrontMatter =
    frontMatter.problems.length > 0
      ? { ok: false, problems: frontMatter.problems }
      : checkFrontMatter(data, frontMatter.keyLines, settings.timeZone);
  const frontMatterProblems = checked.ok ? [] : checked.problems;
  // Only front matter that was read can lack a title: a file without any has its own warning,
  // and YAML that cannot be read has its errors.
  const hasFrontMatter = frontMatter.body.length < decoded.text.length && frontMatter.problems.length === 0;
  const untitled = hasFrontMatter ? untitledWarning(data, frontMatter.keyLines, name && titleFromSlug(name.slug)) : undefined;

  if (!name) {
    return {
      status: 'not-a-post',
      warnings: located([notAPostWarning([...frontMatterProblems, ...(untitled ? [untitled] : [])])]),
      repairs,
    };
  }

  const displaced = displacedFrontMatter(decoded.text) ?? missingFrontMatter(decoded.text);
  const warnings = located(
    [untitled, displaced, ...(frontMatter.warnings ?? []), ...terms.warnings].filter((found) => found !== undefined),
  );
  const nameDate = fileNameDate(name, settings.timeZone);
  // Jekyll reads the file name's date only for a post without `date:` (its `modify_date`), so a
  // name that is no real date (`2023-13-01-x.md`) is wrong only then.
  const dated = checked.ok && checked.frontMatter.date !== undefined;
  const placeholder = placeholderProblem(decoded.text, frontMatter.body);
  if (!checked.ok || (!nameDate.ok && !dated) || placeholder) {
    // Every problem of the file is listed at once, so one fix-and-rebuild round is enough.
    const problems = [...frontMatterProblems, ...(nameDate.ok ? [] : [nameDate.problem]), ...(placeholder ? [placeholder] : [])];
    return { status: 'invalid', problems: located(problems), warnings, repairs };
  }

  const fields = checked.frontMatter;
  const fileDate = { date: nameDate.ok ? nameDate.date : fields.date!.date };
  const layout = layoutWarning(fields, frontMatter.keyLines);
  if (layout) warnings.push(inFile(file, layout));
  const emptyPublished = emptyPublishedWarning(frontMatter.data, frontMatter.keyLines);
  if (emptyPublished) warnings.push(inFile(file, emptyPublished));
  // The post's URL, from its date whether it is published or not: Liquid's `page.url` needs it.
  const { path, url, legacyPaths, keptExtension } = postUrls(
    {
      categories: fields.categories,
      slug: fields.slug ?? name.slug,
      fileStem: name.stem,
      sourcePath: postsRelative(file, settings.postsDir).slice(0, -(name.extension.length + 1)),
      // Jekyll's converter for HTML files keeps their extension as written.
      convertedExt: isHtmlExtension(name.extension) ? `.${name.extension}` : '.html',
      date: fields.date?.date ?? fileDate.date,
      permalink: fields.permalink,
      jekyllDate: jekyllUtcDate(frontMatter.plainDate, fields.date, settings.timeZone),
      dateHasOffset: fields.date?.hasOffset,
    },
    settings,
  );
  // jekyll-redirect-from's old paths redirect like the old permalink's.
  const redirectFrom = fields.redirect_from?.filter((from) => from !== path && !legacyPaths.includes(from));
  if (redirectFrom) legacyPaths.push(...redirectFrom);
  const overlong = overlongName(
    { path, legacyPaths, categories: fields.categories, tags: fields.tags, ownPermalink: fields.permalink !== undefined },
    frontMatter.keyLines,
  );
  if (overlong) return { status: 'invalid', problems: located([overlong]), warnings, repairs };
  // Jekyll runs a body's Liquid before Markdown: the stages below read the body it printed, and
  // their findings name the lines of the file as written.
  const markdown = !isHtmlExtension(name.extension);
  const liquid = renderPostLiquid(
    decoded.text,
    frontMatter.body,
    settings.liquid,
    {
      data,
      title: fields.title ?? titleFromSlug(name.slug),
      date: fields.date?.date ?? fileDate.date,
      url,
      categories: fields.categories,
      tags: fields.tags,
      slug: fields.slug ?? name.slug,
      path: file,
    },
    { markdown, timeZone: settings.timeZone },
  );
  const body = liquid.body;
  const asWritten = (found: Finding): Finding => (found.line === undefined ? found : { ...found, line: liquid.fileLine(found.line) });
  warnings.push(...located(liquid.warnings));
  const removed = removedContentWarning(liquid.text, body);
  if (removed) warnings.push(inFile(file, asWritten(removed)));
  // The body's links and tags, read once: the tags for what is left open, the links for the link check.
  const read = linksAndMarkup(body, bodyFirstLine(liquid.text, body), { markdown });
  const written = read.links.map((link) => ({ ...link, line: liquid.fileLine(link.line) }));
  const unclosed = unclosedElementWarning(liquid.text, body, read.markup, name.extension, settings.legacyHosts);
  if (unclosed) warnings.push(inFile(file, asWritten(unclosed)));

  const summary = fields.description ?? fields.excerpt;
  for (const key of ['description', 'excerpt'] as const) {
    const value = data[key];
    if (typeof value === 'object' && value !== null)
      warnings.push(
        inFile(
          file,
          finding(
            key,
            'is a list or map, not text, so it is no summary of the post; write the summary as one line of text',
            frontMatter.keyLines.get(key),
          ),
        ),
      );
  }
  const publication = publicationOf(fields, fileDate.date, { includeFuture: settings.includeFuture, now: options.now });
  if (publication.status !== 'published') return { status: publication.status, warnings, repairs };
  // The scraper's trailing source link and back links are no content: not in the body, the
  // excerpt, the feeds, the search index or the reading time; the source address is kept.
  const rendered = options.render === false ? undefined : renderBody(body, name.extension, settings);
  const { html, sourceUrl } = rendered === undefined ? { html: '', sourceUrl: undefined } : splitScraperTail(rendered, name.slug);
  const post: ReadPost = {
    title: fields.title ?? titleFromSlug(name.slug),
    date: publication.date,
    categories: fields.categories,
    tags: fields.tags,
    path,
    url,
    legacyPaths,
    ...(redirectFrom && redirectFrom.length > 0 ? { redirectFrom } : {}),
    ...(keptExtension === undefined ? {} : { keptExtension }),
    // The author's summary where there is one, as Jekyll's SEO tag and feed show it.
    excerpt: summary === undefined ? bodyExcerpt(html, settings.excerptLength) : summaryText(summary, settings),
    sourceFile: file,
    ...(sourceUrl === undefined ? {} : { sourceUrl }),
  };
  // Read from the file as written, with the file's lines; a rendered body also tells which of
  // them the page shows (not the scraper's back links, for one), as only those are reported.
  const shown = rendered === undefined ? undefined : () => shownLinks(body, name.extension, settings.legacyHosts, rendered, name.slug);
  const links = siteLinks(written, url, settings.legacyHosts, shown);
  if (links.length > 0) post.links = links;
  return { status: 'post', post, html, warnings, repairs };
}

/**
 * The links into the site of the post in `file`, read with its body rendered, so that each knows
 * whether its page shows it; undefined when the file is no published post. For reading without
 * rendering (`npm run check`), of the few posts that have a link leading nowhere.
 */
export function renderedLinks(file: string, bytes: Uint8Array, settings: ReaderSettings, now: Date): ReadPost['links'] | undefined {
  const result = readPostFile(file, bytes, settings, { now, render: true });
  return result.status === 'post' ? (result.post.links ?? []) : undefined;
}

/**
 * The body's links into the site, with their lines and the site paths they resolve to; `shown`,
 * when the body was rendered, tells which written links the page shows (asked only when some
 * lead into the site: it renders the body again).
 */
function siteLinks(
  written: readonly WrittenLink[],
  url: string,
  legacyHosts: readonly string[],
  shown?: () => boolean[],
): NonNullable<ReadPost['links']> {
  const links: NonNullable<ReadPost['links']> = [];
  const indexes: number[] = [];
  written.forEach(({ line, href }, index) => {
    const path = siteTarget(href, url, legacyHosts);
    if (path === undefined) return;
    links.push({ line, href, path });
    indexes.push(index);
  });
  if (links.length > 0 && shown) {
    const onPage = shown();
    links.forEach((link, position) => {
      if (onPage[indexes[position]!] === false) link.shown = false;
    });
  }
  return links;
}

/** The body is still what `npm run new` wrote: the article was never written. */
function placeholderProblem(text: string, body: string): Finding | undefined {
  if (body.trim() !== PLACEHOLDER_BODY) return undefined;
  return {
    field: 'body',
    line: bodyFirstLine(text, body),
    message: `is still the placeholder ${PLACEHOLDER_BODY} that npm run new wrote; write the article, or remove the file`,
  };
}

/** `file` (as messages show it: the posts folder, then the file) relative to the posts folder. */
function postsRelative(file: string, postsDir: string): string {
  const folder = postsDir.split('\\').join('/').replace(/^\.\//, '').replace(/\/+$/, '');
  return folder !== '' && file.startsWith(`${folder}/`) ? file.slice(folder.length + 1) : file;
}

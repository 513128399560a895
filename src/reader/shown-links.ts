/**
 * Which of the links a body writes its page shows as links. Some are written into content the
 * page leaves out: the scraper's tail of back links (`src/lib/boilerplate.ts`), elements the
 * sanitizer removes with what they hold (a frame's `src`, the links of a `<noscript>`), attributes
 * it drops (`<span href>`), Markdown the renderer shows as text. Each written link is followed
 * through the page's own making to know: every destination gets a mark of its own, the body is
 * rendered and sanitized as for the page, and the marks still in a kept `href` or `src` before the
 * scraper's tail are the links shown. The marks change nothing the renderer, the sanitizer or the
 * tail's shapes look at, which the comparison with the page's own HTML confirms; where it would
 * not, every link counts as shown, so none that leads nowhere goes unreported.
 */
import { withMarkedLinks } from '../lib/body-links';
import { splitScraperTail } from '../lib/boilerplate';
import { renderBody } from './body';
import { isHtmlExtension } from './file-name';

/**
 * For each link of the body ({@link writtenLinks} order), whether its page shows it. `pageHtml` is
 * the page's sanitized body as rendered, before its scraper tail is taken out; `slug` the post's
 * file-name slug, which tells a scraper's source link (see `splitScraperTail`).
 */
export function shownLinks(body: string, extension: string, legacyHosts: readonly string[], pageHtml: string, slug?: string): boolean[] {
  const markdown = !isHtmlExtension(extension);
  // A mark no body holds already: a fragment, which every link may carry and no reader resolves.
  let name = 'xinwen-link-';
  while (body.includes(name)) name = `${name}-`;
  let count = 0;
  const marked = renderBody(
    withMarkedLinks(body, { markdown }, (index) => {
      count = Math.max(count, index + 1);
      return `#${name}${index}`;
    }),
    extension,
    { legacyHosts },
  );
  const shown = new Array<boolean>(count).fill(false);
  // The marked page without its marks, and where each mark stood in it.
  const mark = new RegExp(`#${name}(\\d+)`, 'g');
  let html = '';
  let last = 0;
  const linked: { index: number; at: number }[] = [];
  for (const match of marked.matchAll(mark)) {
    html += marked.slice(last, match.index);
    last = match.index + match[0].length;
    // Sanitized markup escapes < and > in attribute values: a mark after the last < is in a tag.
    const tag = marked.lastIndexOf('<', match.index);
    if (tag > marked.lastIndexOf('>', match.index) && /\s(?:href|src)="[^"]*$/.test(marked.slice(tag, match.index))) {
      linked.push({ index: Number(match[1]), at: html.length });
    }
  }
  html += marked.slice(last);
  if (html !== pageHtml) return shown.fill(true);
  const kept = splitScraperTail(html, slug).html.replace(/\s+$/, '').length;
  for (const { index, at } of linked) if (at < kept) shown[index] = true;
  return shown;
}

/**
 * Parts of a body the sanitizing policy removes whole: scripts, embedded frames, players and
 * forms. Jekyll published them as written; xinwen publishes the post without them (their text
 * goes too), so a reader sees less than its author meant, and the first line with one is named.
 */
import { markdownLines } from '../lib/markdown-lines';
import { bodyFirstLine } from './front-matter';
import { finding, type Finding } from '../lib/problem';

// Elements removed with what they show; `style` and `noscript` are left out: their removal
// changes nothing a reader of the article was meant to see.
const REMOVED = /<(script|iframe|frame|frameset|object|embed|applet|video|audio|form)(?=[\s/>])/i;

/** A warning at the first body line (outside code fences) with an element the policy removes. */
export function removedContentWarning(text: string, body: string): Finding | undefined {
  const found: { line: number; tag: string }[] = [];
  for (const { text: line, index, inCode } of markdownLines(body)) {
    const tag = inCode ? undefined : REMOVED.exec(line)?.[1];
    if (tag) found.push({ line: index, tag: tag.toLowerCase() });
  }
  const [first] = found;
  if (!first) return undefined;
  const more = found.length - 1;
  const bodyStart = bodyFirstLine(text, body);
  return finding(
    'body',
    `<${first.tag}> is removed with its content (scripts, frames, players and forms are not published), so the page shows less than the file` +
      `${more > 0 ? ` (and ${more} more line${more === 1 ? '' : 's'} with such elements)` : ''}; link to the original instead if a reader needs it`,
    bodyStart + first.line,
  );
}

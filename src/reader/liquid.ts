/**
 * Liquid in a post body. Jekyll runs it (`{{ site.url }}` becomes the address, an unknown
 * variable becomes nothing); xinwen has no template language and shows it as written. The post
 * is published either way, but not as its author meant, so the first line with Liquid is named.
 */
import { bodyFirstLine } from './front-matter';
import { finding, type Finding } from './problem';

const LIQUID = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/;

/** A warning at the first body line with Liquid; `text` is the whole file, `body` its body part. */
export function liquidWarning(text: string, body: string): Finding | undefined {
  const lines = body.split('\n');
  const at = lines.findIndex((line) => LIQUID.test(line));
  if (at < 0) return undefined;
  const tag = LIQUID.exec(lines[at]!)![0];
  const more = lines.slice(at + 1).filter((line) => LIQUID.test(line)).length;
  const bodyStart = bodyFirstLine(text, body);
  return finding(
    'body',
    `${JSON.stringify(tag.length > 40 ? `${tag.slice(0, 37)}…` : tag)} is Liquid, which is not run: it is shown as written, where Jekyll ran it (replacing it, or stopping on an error)` +
      `${more > 0 ? ` (and ${more} more line${more === 1 ? '' : 's'} with Liquid)` : ''}; write the value itself`,
    bodyStart + at,
  );
}

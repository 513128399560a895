/**
 * Liquid in a body is shown as written, with a warning at its line, as Jekyll would have run it.
 */
import { describe, expect, it } from 'vitest';
import { liquidWarning } from '../../src/reader/liquid';
import { readPostFile } from '../../src/reader/read-post';
import { testReaderSettings } from '../support/reader-settings';

const FRONT = '---\ntitle: 模板\ndate: 2024-01-01 10:00:00 +0800\n---\n';
const warningOf = (body: string) => liquidWarning(FRONT + body, body);

describe('liquidWarning', () => {
  it('names the first line with an output tag or a tag, and counts the others', () => {
    expect(warningOf('正文\n见 {{ site.url }}/a.html\n{% raw %}x{% endraw %}\n')).toEqual({
      line: 6,
      field: 'body',
      message:
        '"{{ site.url }}" is Liquid, which is not run: it is shown as written, where Jekyll ran it (replacing it, or stopping on an error) (and 1 more line with Liquid); write the value itself',
    });
    expect(warningOf('{% include note.html %}\n')?.line).toBe(5);
  });

  it('says nothing of braces that are not Liquid', () => {
    expect(warningOf('涨幅{%5，价格 {a: 1}，模板 {{ 未闭合\n')).toBeUndefined();
  });

  it('is a warning of the read post, which is still published', () => {
    const result = readPostFile('2024-01-01-muban.md', new TextEncoder().encode(`${FRONT}见 {{ site.url }}\n`), testReaderSettings(), {
      now: new Date('2026-01-01T00:00:00Z'),
      render: true,
    });
    expect(result.status).toBe('post');
    expect(result.warnings).toEqual([expect.objectContaining({ file: '2024-01-01-muban.md', line: 5, field: 'body' })]);
  });
});

import { describe, expect, it } from 'vitest';
import { closesFence, fencedCode, markdownLines, openingFence } from '../../src/lib/markdown-lines';

/** The lines of `text` that are fenced code, 1-based. */
function codeLines(text: string): number[] {
  return markdownLines(text).flatMap(({ index, inCode }) => (inCode ? [index + 1] : []));
}

describe('openingFence', () => {
  it.each([
    ['three backticks', '```', { char: '`', length: 3, info: '' }],
    ['three tildes', '~~~', { char: '~', length: 3, info: '' }],
    ['a longer run', '`````', { char: '`', length: 5, info: '' }],
    ['an info string, as written', '``` js title="a"', { char: '`', length: 3, info: ' js title="a"' }],
    ['an info string right after the fence', '```python', { char: '`', length: 3, info: 'python' }],
    ['a tilde fence whose info string holds a backtick', '~~~ a`b', { char: '~', length: 3, info: ' a`b' }],
    ['up to three spaces before it', '   ```', { char: '`', length: 3, info: '' }],
    ['a line break of \\r\\n', '```js\r', { char: '`', length: 3, info: 'js' }],
  ])('opens on %s', (_name, line, fence) => {
    expect(openingFence(line)).toEqual(fence);
  });

  it.each([
    ['two backticks', '``'],
    ['two tildes', '~~'],
    ['a backtick fence whose info string holds a backtick (a code span)', '```a`b'],
    ['code on one line', '```code```'],
    ['four spaces before it (indented code)', '    ```'],
    ['a tab before it (indented code)', '\t```'],
    ['text before it', 'a ```'],
    ['a mixed run', '`~~'],
  ])('does not open on %s', (_name, line) => {
    expect(openingFence(line)).toBeUndefined();
  });
});

describe('closesFence', () => {
  const backticks = openingFence('```')!;
  const four = openingFence('````')!;

  it.each([
    ['the same fence', '```', backticks],
    ['a longer run', '``````', backticks],
    ['spaces and tabs after it', '```  \t', backticks],
    ['up to three spaces before it', '   ```', backticks],
    ['a line break of \\r\\n', '```\r', backticks],
    ['a run as long as a longer opening one', '````', four],
  ])('closes on %s', (_name, line, fence) => {
    expect(closesFence(line, fence)).toBe(true);
  });

  it.each([
    ['a shorter run', '```', four],
    ['the other character', '~~~', backticks],
    ['a run with an info string', '```js', backticks],
    ['a run with text after a space', '``` x', backticks],
    ['four spaces before it', '    ```', backticks],
    ['text', 'code', backticks],
  ])('does not close on %s', (_name, line, fence) => {
    expect(closesFence(line, fence)).toBe(false);
  });
});

describe('fencedCode and markdownLines', () => {
  it('marks a block and its fences, and nothing around it', () => {
    expect(codeLines('a\n```js\ncode\n```\nb')).toEqual([2, 3, 4]);
  });

  it('reads a line that only looks like a closing fence as code (CommonMark § 4.5)', () => {
    expect(codeLines('````\n```\n~~~~\n```js\n````\nafter')).toEqual([1, 2, 3, 4, 5]);
    expect(codeLines('~~~\n```\n~~~\n```\n<b>x</b>\n```')).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('closes on a longer run of the same character', () => {
    expect(codeLines('```\nx\n`````\nafter')).toEqual([1, 2, 3]);
  });

  it('runs an unclosed block to the end of the text', () => {
    expect(codeLines('a\n~~~\nx\n```\ny')).toEqual([2, 3, 4, 5]);
  });

  it('opens no block on a backtick run whose info string holds a backtick', () => {
    expect(codeLines('```a`b\n<b>x</b>\n```\ncode')).toEqual([3, 4]);
  });

  it('opens no block on an indented fence', () => {
    expect(codeLines('    ```\nx\n    ```')).toEqual([]);
  });

  it('reads one line at a time, from the first', () => {
    const inCode = fencedCode();
    expect(['a', '~~~', '~~', '~~~~ ', 'b'].map(inCode)).toEqual([false, true, true, true, false]);
  });
});

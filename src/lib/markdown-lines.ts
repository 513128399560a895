/**
 * Markdown read line by line, knowing which lines are fenced code: the one place that knows
 * CommonMark's fences (spec 0.31, § 4.5), for every pass that walks a post's lines and must
 * leave code alone (kramdown's readings, the warnings, the links a body writes).
 *
 * - A fence opens on a line of at least three backticks or tildes, after at most three spaces,
 *   with an info string after it; a backtick fence's info string holds no backtick (```` ```a`b ````
 *   is a code span, not a fence).
 * - It closes on a line of the same character, at least as long, after at most three spaces,
 *   with nothing after it but spaces and tabs: a shorter run, the other character, or a run
 *   with an info string (```` ```js ```` inside a ```` ``` ```` block) is code.
 * - A fence never closed runs to the end of the text.
 *
 * Containers (block quotes, list items) are not followed: a fence inside one is read as if it
 * stood at the start of its line, and one indented inside a list item by more than three
 * spaces is not one.
 */

/** The fence that opens a fenced code block. */
export interface Fence {
  /** `` ` `` or `~`. */
  char: '`' | '~';
  /** How many of it. */
  length: number;
  /** What follows the fence on its line, untrimmed (a language, and more). */
  info: string;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/s;

// A line split at `\n` from text with `\r\n` line breaks keeps the `\r`, which is its line break.
const withoutCarriageReturn = (line: string) => (line.endsWith('\r') ? line.slice(0, -1) : line);

/** The fence `line` opens a fenced code block with, or undefined when it opens none. */
export function openingFence(line: string): Fence | undefined {
  const match = FENCE.exec(withoutCarriageReturn(line));
  if (!match) return undefined;
  const [, run = '', info = ''] = match;
  const char = run[0] === '`' ? '`' : '~';
  if (char === '`' && info.includes('`')) return undefined;
  return { char, length: run.length, info };
}

/** Whether `line` closes the block `fence` opened. */
export function closesFence(line: string, fence: Fence): boolean {
  const match = FENCE.exec(withoutCarriageReturn(line));
  return match !== null && match[1]![0] === fence.char && match[1]!.length >= fence.length && /^[ \t]*$/.test(match[2]!);
}

/**
 * A reader of fenced code, line by line, from the first line of a text on: `inCode(line)` tells
 * whether the line belongs to a fenced code block, its opening and closing fences included.
 */
export function fencedCode(): (line: string) => boolean {
  let open: Fence | undefined;
  return (line) => {
    if (open === undefined) {
      open = openingFence(line);
      return open !== undefined;
    }
    if (closesFence(line, open)) open = undefined;
    return true;
  };
}

/** A line of Markdown text and whether it is fenced code. */
export interface MarkdownLine {
  /** The line, without its `\n`. */
  text: string;
  /** 0-based. */
  index: number;
  /** Part of a fenced code block, its fences included. */
  inCode: boolean;
}

/** The lines of `markdown` (split at `\n`), each with whether it is fenced code. */
export function markdownLines(markdown: string): MarkdownLine[] {
  const inCode = fencedCode();
  return markdown.split('\n').map((text, index) => ({ text, index, inCode: inCode(text) }));
}

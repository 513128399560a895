/**
 * Lenient mode's one repair: a scraper's `title: "专家称"稳增长"政策仍有空间"`, double quotes
 * around a value with more double quotes inside. Nothing else is guessed.
 */

const UNESCAPED_QUOTED_TITLE = /^title:[ \t]*"(.*".*)"[ \t]*$/;

/** A `title:` line that was rewritten: its line in the YAML text (1-based) and the title read. */
export interface RepairedTitle {
  line: number;
  title: string;
}

/**
 * The YAML text with each broken double-quoted title line rewritten in single quotes, and the
 * lines changed. A title with escaped quotes (`\"`) is left alone: its author knew the rule, so
 * something else is wrong. The caller keeps the result only if the YAML then reads without errors.
 */
export function repairQuotedTitles(yamlText: string): { text: string; lines: RepairedTitle[] } {
  const lines: RepairedTitle[] = [];
  const text = yamlText
    .split('\n')
    .map((line, index) => {
      const match = UNESCAPED_QUOTED_TITLE.exec(line);
      if (!match || /\\"/.test(match[1]!)) return line;
      lines.push({ line: index + 1, title: match[1]! });
      return `title: '${match[1]!.replace(/'/g, "''")}'`;
    })
    .join('\n');
  return { text, lines };
}

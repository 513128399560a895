/** `1 post`, `2 posts`: a count and its word, for migrate's messages. */
export const counted = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

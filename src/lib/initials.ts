/**
 * Groups categories for an A–Z index without a pinyin dictionary. Category keys in Jekyll news
 * archives are mostly pinyin (`guangmingribao` for 光明日报), so a Latin key's first letter is
 * the name's pinyin initial; other keys fall back to the name's first character.
 */

/** The heading an entry is listed under: A–Z, "0–9", or the name's first character. */
export function initialOf(key: string, name: string): string {
  const first = key.trim().charAt(0).toUpperCase();
  if (/[A-Z]/.test(first)) return first;
  if (/[0-9]/.test(first)) return '0–9';
  return Array.from(name.trim())[0] ?? '?';
}

/** Entries grouped under their initials: A–Z first, then 0–9, then other characters in zh-CN order. */
export function groupByInitial<T>(
  items: readonly T[],
  keyOf: (item: T) => { key: string; name: string },
): { initial: string; items: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const { key, name } = keyOf(item);
    const initial = initialOf(key, name);
    const group = groups.get(initial);
    if (group) group.push(item);
    else groups.set(initial, [item]);
  }
  const rank = (initial: string) => (/^[A-Z]$/.test(initial) ? 0 : initial === '0–9' ? 1 : 2);
  return [...groups]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b, 'zh-CN'))
    .map(([initial, grouped]) => ({ initial, items: grouped }));
}

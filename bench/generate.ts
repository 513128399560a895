/** `tsx bench/generate.ts <dir> [count]`: writes a benchmark corpus (default 20,000 posts). */
import { writeCorpus } from './corpus';

const [dir, count = '20000'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: tsx bench/generate.ts <dir> [count]');
  process.exit(2);
}
const started = performance.now();
const names = writeCorpus(dir, { count: Number(count) });
console.log(`wrote ${names.length} posts to ${dir} in ${((performance.now() - started) / 1000).toFixed(1)} s`);

// @ts-check
/**
 * Samples the memory of every process below one (`argv[2]`, the bench) every 250 ms, itself
 * left out, and writes the largest sum seen (MB) to `argv[3]` when told to stop (SIGTERM). A
 * build's peak is its own process plus the search indexers it starts (Pagefind's, one per lane),
 * which no single process's peak shows. Linux only: it reads /proc.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

const [rootPid, outFile] = [Number(process.argv[2]), process.argv[3] ?? ''];
let peakKb = 0;

/** Parent of each process, from /proc/<pid>/stat (the field after the parenthesised name). */
function parents() {
  const parentOf = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parentOf.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Gone between the listing and the read.
    }
  }
  return parentOf;
}

function sample() {
  const parentOf = parents();
  let totalKb = 0;
  for (const pid of parentOf.keys()) {
    if (pid === process.pid) continue;
    let at = parentOf.get(pid);
    while (at !== undefined && at !== rootPid && at > 1) at = parentOf.get(at);
    if (at !== rootPid) continue;
    try {
      totalKb += Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // Ended meanwhile.
    }
  }
  peakKb = Math.max(peakKb, totalKb);
}

const timer = setInterval(sample, 250);
process.on('SIGTERM', () => {
  clearInterval(timer);
  sample();
  writeFileSync(outFile, String(Math.round(peakKb / 1024)));
  process.exit(0);
});

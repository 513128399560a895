/**
 * The build's log destination (astro.config.mjs `logger`): Astro's own terminal output, but the
 * line Astro prints per generated page is replaced by one line per kind of page when the
 * generation ends (`src/lib/build-log.ts`). `BUILD_LOG=pages` (setting `buildLog`) keeps every
 * page's line.
 *
 * Astro imports this file itself, outside Vite: it is loaded by Node's own TypeScript support,
 * so its relative imports name their `.ts` files, and it uses no syntax Node cannot strip.
 */
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import type { AstroLoggerDestination, AstroLoggerMessage } from 'astro';
import nodeDestination from 'astro/logger/node';
import { type GeneratedPage, type PageKindIndex, pageKindIndex, summarizePages } from '../lib/build-log.ts';
import { readRouteRecord } from '../lib/route-record.ts';

/** How the log is written: set by astro.config.mjs from the site settings. */
export interface BuildLogConfig {
  /** `summary`: a line per kind of page; `pages`: Astro's line per page. */
  pages: 'summary' | 'pages';
  /** Astro's cache folder, where the route data writes the route record. */
  cacheDir: string;
}

// The settings reach the destination through the process, not through the logger's `config`:
// Astro writes that config into the build's manifest, which every page's cache key depends on,
// so `BUILD_LOG=pages` would render every page again. (astro.config.mjs runs in this process.)
const CONFIG = Symbol.for('xinwen.build-log');

/** Sets how this process's builds log (astro.config.mjs calls it with the settings). */
export function configureBuildLog(config: BuildLogConfig): void {
  (globalThis as { [CONFIG]?: BuildLogConfig })[CONFIG] = config;
}

function currentConfig(): BuildLogConfig {
  return (globalThis as { [CONFIG]?: BuildLogConfig })[CONFIG] ?? { pages: 'summary', cacheDir: 'node_modules/.astro' };
}

/** Astro's page line: `  ├─ /a/b.html`, written without a line end, its time or state following. */
const PAGE_LINE = /^\s*├─\s+(\S.*?)\s*$/;
/** Astro's line when every page is generated. */
const GENERATED = /✓ Completed in/;

/** The destination Astro writes its log to. */
export default function buildLog(): AstroLoggerDestination {
  // Astro's logger filters by level before the destination sees a message.
  const terminal = nodeDestination({ level: 'debug' });
  const pages: GeneratedPage[] = [];
  let pending: string | undefined;

  const summary = (): AstroLoggerMessage[] => {
    let index: PageKindIndex = new Map();
    try {
      index = pageKindIndex(readRouteRecord(path.resolve(currentConfig().cacheDir)));
    } catch {
      // No record (not this project's routes): kinds by path alone.
    }
    return summarizePages(pages, index).map((message) => ({ label: 'build', level: 'info', message, newLine: true }));
  };

  return {
    write(message) {
      if (currentConfig().pages === 'pages') {
        terminal.write(message);
        return;
      }
      const text = stripVTControlCharacters(message.message);
      const page = message.label === null && !message.newLine ? PAGE_LINE.exec(text) : null;
      if (page) {
        pending = page[1];
        return;
      }
      if (pending !== undefined && message.label === 'SKIP_FORMAT') {
        // ` (+12ms)` when rendered, ` (cached)` or ` (restored)` when kept from the last build.
        pages.push({ path: pending, rendered: !/\((cached|restored)\)/.test(text) });
        pending = undefined;
        return;
      }
      if (pages.length > 0 && message.label === null && GENERATED.test(text)) {
        for (const line of summary()) terminal.write(line);
        pages.length = 0;
      }
      terminal.write(message);
    },
  };
}

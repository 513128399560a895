/**
 * What the steps after `astro build` share: the folders, what Astro reported, the logger, and
 * the one definition of "written by this build".
 *
 * Astro 7's hooks do not say which pages were rendered and which were kept from the
 * incremental cache: `astro:build:done` lists both alike in `pages` and `assets`. So a file
 * counts as written when it was modified after the build started; `wasWritten` is the only
 * place that compares times.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegrationLogger, HookParameters } from 'astro';

/** What `astro:build:done` passes, but the logger. */
export type BuildReport = Omit<HookParameters<'astro:build:done'>, 'logger'>;

export interface PipelineState {
  /** Output folder, absolute. */
  readonly outDir: string;
  /** Astro's cache folder, absolute; steps keep their own records here too. */
  readonly cacheDir: string;
  /** Public folder, absolute: its files are copied into the output by Astro. */
  readonly publicDir: string;
  /** The project folder, absolute (Astro's `root`): where the site's data files are. */
  readonly root: string;
  /** Start of the build, rounded down to the second (see `buildStartTime`). */
  readonly buildStarted: number;
  /** The id this build was given when it started; its route record carries it. */
  readonly buildId: string;
  /** What Astro reported at the end of the build. */
  readonly report: BuildReport;
  /**
   * Every file the routes produced, rendered now or kept from the incremental cache: relative
   * to the output folder, `/`-separated, named as Astro wrote them (with `%3F`/`%23` escapes).
   */
  readonly outputs: readonly string[];
  readonly logger: AstroIntegrationLogger;
  /** The site's address (Astro's `site`), `''` when it has none. */
  readonly site: string;
  /**
   * Files an earlier build wrote that a step found still right and left in place: they are this
   * build's output as much as what it wrote, so the tidying keeps them.
   */
  readonly kept: Set<string>;
  /**
   * The output's files after the tidying, relative: set by the output folder step, so the link
   * check does not walk the folder again. Files a later step writes (the search index's) are
   * not in it.
   */
  outputFiles?: readonly string[];
  /**
   * Whether this build wrote `file` (relative to the output folder, or absolute); false for a
   * missing file. Renaming keeps a file's time, so the answer survives the output tidying.
   */
  wasWritten(file: string): boolean;
}

/**
 * The time a build starts, in whole seconds: some file systems keep modification times that
 * coarse, and a file written in the build's first second must still count as written by it.
 */
export function buildStartTime(now = Date.now()): number {
  return Math.floor(now / 1000) * 1000;
}

/** A path below `dir` as a relative, `/`-separated path. */
export function relativePath(dir: string, file: string): string {
  return path.relative(dir, file).split(path.sep).join('/');
}

/** The state of one run of the pipeline. */
export function createPipelineState(options: {
  cacheDir: string;
  publicDir: string;
  /** The project folder; the working folder (where builds run) when not given. */
  root?: string;
  buildStarted: number;
  buildId: string;
  report: BuildReport;
  logger: AstroIntegrationLogger;
  site?: string;
}): PipelineState {
  const outDir = fileURLToPath(options.report.dir);
  const outputs: string[] = [];
  for (const urls of options.report.assets.values()) {
    for (const url of urls) outputs.push(relativePath(outDir, fileURLToPath(url)));
  }
  // Several steps ask about the same files (the tidying about every output, the search index
  // about every article): each file is looked at once a build.
  const written = new Map<string, boolean>();
  return {
    outDir,
    cacheDir: options.cacheDir,
    publicDir: options.publicDir,
    root: options.root ?? path.resolve('.'),
    buildStarted: options.buildStarted,
    buildId: options.buildId,
    report: options.report,
    outputs,
    logger: options.logger,
    site: options.site ?? '',
    kept: new Set(),
    wasWritten(file) {
      const full = path.resolve(outDir, file);
      let answer = written.get(full);
      if (answer === undefined) {
        const stats = statSync(full, { throwIfNoEntry: false });
        answer = stats !== undefined && stats.mtimeMs >= options.buildStarted;
        // A missing file may yet be written (a renamed page): only what exists is remembered.
        if (stats !== undefined) written.set(full, answer);
      }
      return answer;
    },
  };
}

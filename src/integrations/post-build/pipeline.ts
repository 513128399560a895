/**
 * Runs named steps one after the other on one pipeline state, so that the order the output
 * depends on is written down in one list and a failure says which step it came from.
 */
import type { AstroIntegrationLogger } from 'astro';
import type { PipelineState } from './state';

export interface PostBuildStep {
  /** Short name, used in log labels and error messages. */
  readonly name: string;
  /**
   * False for advisory steps: their failure is reported as a warning and the build goes on.
   * A required step's failure fails the build and the steps after it do not run, since they
   * may rely on what it did.
   */
  readonly required: boolean;
  run(state: PipelineState, logger: AstroIntegrationLogger): void | Promise<void>;
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs `steps` in order. Each step logs under its own label (`<label>:<step>`); a required
 * step's error is rethrown naming the step, an advisory step's is logged as a warning.
 */
export async function runSteps(steps: readonly PostBuildStep[], state: PipelineState, label: string): Promise<void> {
  const timings: string[] = [];
  for (const step of steps) {
    const logger = state.logger.fork(`${label}:${step.name}`);
    const started = performance.now();
    try {
      await step.run(state, logger);
    } catch (error) {
      if (!step.required) {
        logger.warn(`step "${step.name}" failed, the build goes on without it: ${messageOf(error)}`);
        continue;
      }
      throw new Error(`post-build step "${step.name}" failed: ${messageOf(error)}`, { cause: error });
    } finally {
      timings.push(`${step.name} ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  }
  // What a site owner waits for after the pages are written, step by step.
  state.logger.fork(label).info(`post-build steps: ${timings.join(', ')}`);
}

/** Where the project's CI requires the shared data (see tests/support/shared-samples.ts), it must be there. */
import { describe, expect, it } from 'vitest';
import { REAL_JEKYLL_MISSING, REAL_JEKYLL_PRESENT, SAMPLES_MISSING, SAMPLES_PRESENT, SAMPLES_REQUIRED } from '../support/shared-samples';

describe.runIf(SAMPLES_REQUIRED)('the shared data beside the checkout', () => {
  it('has the sample posts', () => {
    expect(SAMPLES_PRESENT, SAMPLES_MISSING).toBe(true);
  });

  it('has the real Jekyll sites', () => {
    expect(REAL_JEKYLL_PRESENT, REAL_JEKYLL_MISSING).toBe(true);
  });
});

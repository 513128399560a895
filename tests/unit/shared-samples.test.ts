/** Where XINWEN_REQUIRE_SAMPLES=1 (the project's CI), the shared data must be there, or the run fails. */
import { describe, expect, it } from 'vitest';
import { REAL_JEKYLL, REAL_JEKYLL_PRESENT, SAMPLES_MISSING, SAMPLES_PRESENT, SAMPLES_REQUIRED } from '../support/shared-samples';

describe.runIf(SAMPLES_REQUIRED)('the shared data beside the checkout', () => {
  it('has the sample posts', () => {
    expect(SAMPLES_PRESENT, SAMPLES_MISSING).toBe(true);
  });

  it('has the real Jekyll sites', () => {
    expect(
      REAL_JEKYLL_PRESENT,
      `${REAL_JEKYLL}/sites is missing, and XINWEN_REQUIRE_SAMPLES=1 requires it (or set XINWEN_REAL_JEKYLL)`,
    ).toBe(true);
  });
});

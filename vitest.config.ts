import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The build tests run `astro build` on fixture sites; give them room on 2-core machines.
    testTimeout: 30_000,
    hookTimeout: 240_000,
  },
});

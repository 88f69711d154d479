import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // The scratch run (generator, PyTorch fixtures, two autograd suites) shares CI's 2 cores with
    // every other suite under turbo: allow it minutes, not hung.
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});

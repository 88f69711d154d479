import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Each block runs in its own Node process under tsx; CI's 2 cores are shared with other suites.
    testTimeout: 120_000,
  },
});

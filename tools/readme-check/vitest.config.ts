import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // One Node process under tsx runs every block (in beforeAll); CI's 2 cores are shared with other suites.
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
});

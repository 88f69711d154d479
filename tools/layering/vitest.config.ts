import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // turbo runs every package's suite at once on CI's 2 cores: allow slow, not hung, tests.
    testTimeout: 60_000, include: ['src/**/*.test.ts'] },
});

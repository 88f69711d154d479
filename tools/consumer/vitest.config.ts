import { defineConfig } from 'vitest/config';

// No '@dl/source' condition here: this suite tests the packed tarballs, never the sources.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Packing, npm install, tsc twice and esbuild run on CI's 2 cores, shared with other suites.
    testTimeout: 240_000,
    hookTimeout: 240_000,
  },
});

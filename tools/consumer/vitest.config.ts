import { defineConfig } from 'vitest/config';

// No '@dl/source' condition here: this suite tests the packed tarballs, never the sources.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    globalSetup: ['src/setup.ts'],
    // Packing, npm install, tsc twice and esbuild: about 50 s alone, but on CI's 2 cores they
    // share the machine with every other suite (turbo runs them at once), so allow slow, not hung.
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});

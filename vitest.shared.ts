// The vitest settings every workspace package shares; each package's vitest.config.ts re-exports it.
import { defineConfig } from 'vitest/config';

// '@dl/source' resolves sibling packages to their src, so tests never wait for a build (STYLE §8).
const conditions = ['@dl/source'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    // turbo runs every package's suite at once on CI's 2 cores, and CI machines are slower than
    // ours (a 10 s default hook timed out there building a browser bundle): allow slow, not hung.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts', 'test/**/*.test-d.ts'] },
    benchmark: { include: ['bench/**/*.bench.ts'] },
  },
});

// `pnpm test` runs the op (and memory) suites a second time through this config: 2 threads, tiny split
// thresholds (test/threads-setup.ts), so the tensor op suite passes with 1 and with 2 threads.
import { defineConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

export default defineConfig({
  ...shared,
  test: {
    ...shared.test,
    include: ['src/ops/**/*.test.ts', 'src/memory/**/*.test.ts'],
    setupFiles: ['test/threads-setup.ts'],
    typecheck: { enabled: false },
  },
});

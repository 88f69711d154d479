// `pnpm test` runs the op (and memory) suites a second time through this config: 2 threads, tiny split
// thresholds (test/threads-setup.ts), and every array of 256 elements or more resident in wasm
// linear memory (test/resident-setup.ts), so the tensor op suite passes with 1 and with 2 threads,
// and workers read and write resident storage in place. The staged path (JS operands copied for
// the workers) runs in src/threads' tests, in the default config.
import { defineConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

export default defineConfig({
  ...shared,
  test: {
    ...shared.test,
    include: ['src/ops/**/*.test.ts', 'src/memory/**/*.test.ts'],
    // The pool holds JS storage only; resident storage goes back to wasm memory instead.
    exclude: ['src/memory/pool.test.ts'],
    setupFiles: ['test/threads-setup.ts', 'test/resident-setup.ts'],
    typecheck: { enabled: false },
  },
});

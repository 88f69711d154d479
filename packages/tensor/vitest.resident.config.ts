// `pnpm test` runs the op (and memory) suites a fourth time through this config: storage of 256
// elements and more is resident in wasm linear memory wherever it is made (test/resident-setup.ts),
// so each op test passes on JS storage and on resident storage.
import { defineConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

export default defineConfig({
  ...shared,
  test: {
    ...shared.test,
    include: ['src/ops/**/*.test.ts', 'src/memory/**/*.test.ts', 'src/kernels/**/*.test.ts'],
    // The pool holds JS storage only; resident storage goes back to wasm memory instead.
    exclude: ['src/memory/pool.test.ts'],
    setupFiles: ['test/resident-setup.ts'],
    typecheck: { enabled: false },
  },
});

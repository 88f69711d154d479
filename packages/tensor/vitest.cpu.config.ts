// `pnpm test` runs the op (and memory) suites a third time through this config, on the cpu backend
// (test/cpu-setup.ts), so each op test passes on wasm (the default) and on cpu.
import { defineConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

export default defineConfig({
  ...shared,
  test: {
    ...shared.test,
    include: ['src/ops/**/*.test.ts', 'src/memory/**/*.test.ts'],
    setupFiles: ['test/cpu-setup.ts'],
    typecheck: { enabled: false },
  },
});

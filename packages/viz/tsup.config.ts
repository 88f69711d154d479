import { defineConfig } from 'tsup';

// As ../../tsup.shared.ts, plus the Node-only '@dl/viz/node' entry (files, PNG, HTML).
export default defineConfig({
  entry: ['src/index.ts', 'src/testing/index.ts', 'src/node/index.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  target: 'es2022',
  clean: true,
});

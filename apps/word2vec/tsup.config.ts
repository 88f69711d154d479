import { defineConfig } from 'tsup';

// A bundle of the CLI and the worker with @dl/* compiled in from their sources: `node dist/cli.js`
// starts without tsx (no loader thread, no TypeScript compile), and so does every worker thread,
// which is what the bench runs (smaller peak RSS per thread).
export default defineConfig({
  // threads-worker: @dl/tensor's own thread pool looks for it beside the bundle.
  entry: { cli: 'src/cli.ts', worker: 'src/worker.ts', 'threads-worker': '../../packages/tensor/src/threads/worker.ts' },
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outDir: 'dist',
  clean: true,
  splitting: false,
  noExternal: [/^@dl\//],
  esbuildOptions(options) {
    options.conditions = ['@dl/source'];
  },
});

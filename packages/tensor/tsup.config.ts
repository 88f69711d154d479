import { defineConfig, type Options } from 'tsup';
import shared from '../../tsup.shared.js';

// The shared build plus the thread pool's worker script, emitted beside the chunks as
// dist/threads-worker.js, where src/threads/env.ts looks for it.
export default defineConfig({
  ...(shared as Options),
  entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts', 'threads-worker': 'src/threads/worker.ts' },
});

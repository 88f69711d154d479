import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      // The browser tests build the site once; two files at a time is all 2 shared cores take.
      fileParallelism: false,
      typecheck: { enabled: false },
    },
  }),
);

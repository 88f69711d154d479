// Setup of `vitest.threads.config.ts`: the op suites again, on 2 threads, with split thresholds
// of a few elements so every matmul, element-wise op and reduction there takes the parallel path.
import { afterAll, beforeAll } from 'vitest';
import { setParallelThresholds } from '../src/threads/parallel.js';
import { setNumThreads, threadsReady } from '../src/threads/pool.js';

beforeAll(async () => {
  setNumThreads(2);
  setParallelThresholds({ matmulWork: 1, elements: 2, stagedElements: 2, sgdElements: 2, adamElements: 2, missesBeforePause: Infinity });
  if ((await threadsReady()) !== 2) throw new Error('threads-setup: the worker pool did not start');
});

afterAll(() => {
  setNumThreads(1);
});

import { afterAll, beforeAll, describe } from 'vitest';
import { setParallelThresholds } from '../threads/parallel.js';
import { getNumThreads, setNumThreads, threadsReady } from '../threads/pool.js';

/**
 * Runs a suite once per thread count, with split thresholds lowered to a few elements so the
 * parallel path runs even on test-sized arrays; the previous settings are restored afterwards.
 * @example
 * forEachThreadCount((threads) => {
 *   it('multiplies', () => expectClose(matmul(a, b), expected));
 * });
 */
export function forEachThreadCount(fn: (threads: number) => void, counts: readonly number[] = [1, 2]): void {
  describe.each(counts)('%i threads', (threads) => {
    let previousThreads = 1;
    let previousThresholds = setParallelThresholds({});
    beforeAll(async () => {
      previousThreads = getNumThreads();
      setNumThreads(threads);
      previousThresholds = setParallelThresholds({ matmulWork: 1, elements: 2, stagedElements: 2, sgdElements: 2, adamElements: 2, missesBeforePause: Infinity });
      if (threads > 1) await threadsReady();
    });
    afterAll(() => {
      setParallelThresholds(previousThresholds);
      setNumThreads(previousThreads);
    });
    fn(threads);
  });
}

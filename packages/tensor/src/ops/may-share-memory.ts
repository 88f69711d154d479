import { storageOverlaps } from '../memory/overlap.js';
import type { NDArray } from '../ndarray.js';
import { expectNDArray } from './operand.js';

/**
 * Whether `a` and `b` may share memory, as numpy's `may_share_memory`: true when their storages
 * overlap, so an in-place write to one may change the other (views of one array always do).
 * Compares byte ranges: storage in wasm memory shares one buffer with other storage.
 * @example
 * const x = zeros([4]);
 * mayShareMemory(x, x.reshape([2, 2])) // true
 * mayShareMemory(x, zeros([4])) // false
 */
export function mayShareMemory(a: NDArray, b: NDArray): boolean {
  expectNDArray('mayShareMemory', a, false);
  expectNDArray('mayShareMemory', b, false);
  return storageOverlaps(a.data, b.data);
}

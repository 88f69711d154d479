import { scopes } from './scope.js';
import { poolStats } from './pool.js';
import { residentAllocator } from './resident.js';
import { storageCounts } from './storage.js';

/**
 * What memory() reports. Managed storage is what the allocator hands out from 256 elements up.
 * "In use" means not yet disposed: an array dropped without dispose stays counted after the GC
 * frees it (@dl does not watch the GC, which would slow it down), so the counts are exact for
 * code that disposes (tidy loops), and only grow for code that does not.
 */
export interface MemoryInfo {
  /** NDArrays over managed storage not yet disposed. */
  readonly arrays: number;
  /** Managed storages not yet returned by dispose. */
  readonly storages: number;
  /** Bytes of those storages. */
  readonly bytesInUse: number;
  /** Bytes of disposed storage the pool holds for reuse. */
  readonly bytesPooled: number;
  /** Buffers the pool holds. */
  readonly pooledBuffers: number;
  /** The pool's byte cap (setPoolCapacity). */
  readonly poolCapacity: number;
  /**
   * Bytes of storage resident in the backend's memory (wasm linear memory), made inside tidy()
   * and not yet disposed or collected; part of `bytesInUse` until disposed.
   */
  readonly bytesResident: number;
  /** Open tidy() scopes. */
  readonly tidyDepth: number;
}

/**
 * Counts of managed storage, as tfjs's `memory()`: arrays and bytes in use, bytes pooled for
 * reuse. Arrays dropped without dispose leave the counts when the
 * garbage collector frees their storage.
 * @example
 * const before = memory().bytesInUse; tidy(() => step()); memory().bytesInUse - before // 0
 */
export function memory(): MemoryInfo {
  const pool = poolStats();
  return {
    arrays: storageCounts.arrays,
    storages: storageCounts.storages,
    bytesInUse: storageCounts.bytes,
    bytesPooled: pool.bytes,
    pooledBuffers: pool.buffers,
    poolCapacity: pool.capacity,
    bytesResident: residentAllocator()?.bytes() ?? 0,
    tidyDepth: scopes.depth,
  };
}

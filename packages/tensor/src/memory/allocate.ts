import type { DType, TypedArrayOf } from '../dtype.js';
import { takeFromPool } from './pool.js';
import { manage, TRACKED_LENGTH } from './storage.js';

// The constructors per dtype again: dtype.ts imports this file, so it cannot be imported back.
const CONSTRUCTORS = { float32: Float32Array, float64: Float64Array, int32: Int32Array, bool: Uint8Array } as const;

/**
 * @internal Storage for `size` elements of `dtype`: a pooled buffer of that exact size when one
 * was released, else a fresh one. `zero` says whether the caller needs zeros; callers that write
 * every element pass false and may get a reused buffer's old values. Fresh memory is zeros.
 * Throws the engine's RangeError for sizes it cannot allocate (dtype.ts turns it into an ArgumentError).
 */
export function allocateStorage<T extends DType>(dtype: T, size: number, zero: boolean): TypedArrayOf[T] {
  if (size >= TRACKED_LENGTH) {
    const reused = takeFromPool(dtype, size) as TypedArrayOf[T] | undefined;
    if (reused !== undefined) {
      if (zero) reused.fill(0);
      return reused;
    }
    const data = new CONSTRUCTORS[dtype](size) as TypedArrayOf[T];
    manage(data, dtype);
    return data;
  }
  return new CONSTRUCTORS[dtype](size) as TypedArrayOf[T];
}

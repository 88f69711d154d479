import type { DType, TypedArray } from '../dtype.js';
import { takeFromPool } from './pool.js';
import { manage, TRACKED_LENGTH } from './storage.js';

/**
 * @internal Storage for `size` elements of `dtype`: a pooled buffer of that exact size when one
 * was released, else a fresh one made with `create` (dtype.ts's constructor for `dtype`). `zero`
 * says whether the caller needs zeros; callers that write every element pass false and may get
 * a reused buffer's old values. Fresh memory is zeros.
 * Throws the engine's RangeError for sizes it cannot allocate (dtype.ts turns it into an ArgumentError).
 */
export function allocateStorage(create: new (size: number) => TypedArray, dtype: DType, size: number, zero: boolean): TypedArray {
  if (size >= TRACKED_LENGTH) {
    const reused = takeFromPool(dtype, size);
    if (reused !== undefined) {
      if (zero) reused.fill(0);
      return reused;
    }
    const data = new create(size);
    manage(data, dtype);
    return data;
  }
  return new create(size);
}

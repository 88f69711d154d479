import type { DType, TypedArray } from '../dtype.js';
import { takeFromPool } from './pool.js';
import { residentAllocator, residentEverywhere } from './resident.js';
import { scopes } from './scope.js';
import { manage, TRACKED_LENGTH } from './storage.js';

/**
 * @internal Storage for `size` elements of `dtype`: inside tidy(), storage in the backend's own
 * memory when it offers some (resident.ts); else a pooled buffer of that exact size when one
 * was released, else a fresh one made with `create` (dtype.ts's constructor for `dtype`). `zero`
 * says whether the caller needs zeros; callers that write every element pass false and may get
 * a reused buffer's old values. Fresh memory is zeros.
 * Throws the engine's RangeError for sizes it cannot allocate (dtype.ts turns it into an ArgumentError).
 */
export function allocateStorage(create: new (size: number) => TypedArray, dtype: DType, size: number, zero: boolean): TypedArray {
  if (size >= TRACKED_LENGTH) {
    const scope = scopes.current;
    const resident = scope === null && !residentEverywhere() ? null : residentAllocator();
    // Storage the tidy ends up not disposing is watched for the GC then (tidy.ts); made outside
    // every tidy (or in a scope of another @dl copy without the list), it is watched from the start.
    const residents = scope?.residents;
    const inside = resident?.allocate(dtype, size, zero, residents === undefined);
    if (inside !== undefined) {
      const record = manage(inside, dtype, resident, residents === undefined);
      residents?.push(record);
      return inside;
    }
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

/**
 * @internal Shared storage (`{ shared: true }`, `toShared()`) of 256 elements or more in the
 * backend's own memory when it is shared memory (the wasm backend's linear memory), so kernels and
 * pool workers use it in place; undefined: the caller makes a SharedArrayBuffer. Only the garbage
 * collector frees it.
 */
export function allocateSharedResident(dtype: DType, size: number): TypedArray | undefined {
  return size >= TRACKED_LENGTH ? residentAllocator()?.allocateShared(dtype, size) : undefined;
}

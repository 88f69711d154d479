import type { DType, TypedArray } from '../dtype.js';
import { disposedStorage, isDisposedStorage, type DisposedBy } from './disposed.js';
import { giveToPool } from './pool.js';
import { noteFreed, TRACKED_LENGTH, uncountView } from './storage.js';
import { forgetStorageVersion } from '../version.js';

/** What disposing needs of an NDArray (this file imports no NDArray: ndarray.ts imports it). */
interface Releasable {
  readonly data: TypedArray;
  readonly shape: readonly number[];
  readonly dtype: DType;
}

/**
 * @internal Disposes one array: its `data` becomes the throwing stand-in, and when it was the
 * last live view of managed storage, that storage goes to the pool (or back to the backend that
 * holds it, for resident storage). Disposing twice is a no-op.
 */
export function releaseArray(x: Releasable, by: DisposedBy): void {
  const data = x.data;
  if (isDisposedStorage(data)) return;
  (x as { data: TypedArray }).data = disposedStorage(x, by);
  if (data.length < TRACKED_LENGTH) return;
  const last = uncountView(data);
  if (last === undefined) return;
  forgetStorageVersion(data);
  if (last.resident) {
    noteFreed(data, last);
    last.resident.free(data, last.watched);
  } else {
    giveToPool(data, last);
  }
}

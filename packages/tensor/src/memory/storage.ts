import type { DType, TypedArray } from '../dtype.js';
import { shared } from '../global-state.js';

// Storage the allocator hands out from TRACKED_LENGTH elements up is *managed*: a record counts
// the live NDArrays that view it, so that once every one of them is disposed the storage can go
// back to the pool (pool.ts) for the next allocation. Smaller storage is left to the garbage
// collector: V8 allocates it cheaply, and the 2x2 op path pays one length comparison, no lookup.
// Storage an array was built on by the caller (fromTypedArray, shared memory) has no record and
// is never recycled.

/** Storage of at least this many elements is counted and may be recycled. */
export const TRACKED_LENGTH = 256;

/** What the allocator knows of one managed storage. */
export interface StorageRecord {
  readonly dtype: DType;
  readonly bytes: number;
  /** Live (not disposed) NDArrays over this storage. */
  views: number;
  /** True while the storage sits in the pool's free lists. */
  pooled: boolean;
}

/** Managed storage in use (not pooled) and the arrays over it. */
export interface StorageCounts {
  storages: number;
  bytes: number;
  arrays: number;
}

interface StorageState {
  readonly records: WeakMap<TypedArray, StorageRecord>;
  readonly counts: StorageCounts;
  readonly finalizer: FinalizationRegistry<StorageRecord>;
}

// NOTE: storage that is dropped without dispose (the default, GC-managed path) leaves the counts
// through the finalizer, so memory() stays right whether or not a program disposes anything.
const state: StorageState = shared('memoryStorage', () => {
  const counts: StorageCounts = { storages: 0, bytes: 0, arrays: 0 };
  return {
    records: new WeakMap<TypedArray, StorageRecord>(),
    counts,
    finalizer: new FinalizationRegistry<StorageRecord>((record) => {
      counts.storages--;
      counts.bytes -= record.bytes;
      counts.arrays -= record.views;
    }),
  };
});

/** @internal Live counts of managed storage (memory() reads them). */
export const storageCounts: Readonly<StorageCounts> = state.counts;

/** @internal Starts managing freshly allocated `data`. */
export function manage(data: TypedArray, dtype: DType): StorageRecord {
  const record: StorageRecord = { dtype, bytes: data.byteLength, views: 0, pooled: false };
  state.records.set(data, record);
  state.finalizer.register(data, record, record);
  state.counts.storages++;
  state.counts.bytes += record.bytes;
  return record;
}

/** @internal The record of managed storage, or undefined for storage the allocator does not manage. */
export function recordOf(data: TypedArray): StorageRecord | undefined {
  return state.records.get(data);
}

/** @internal An NDArray over `data` was created (callers check `data.length >= TRACKED_LENGTH` first). */
export function countView(data: TypedArray): void {
  const record = state.records.get(data);
  if (record !== undefined) {
    record.views++;
    state.counts.arrays++;
  }
}

/**
 * @internal An NDArray over `data` was disposed; returns the record when that was the last live
 * view, so the caller can recycle the storage.
 */
export function uncountView(data: TypedArray): StorageRecord | undefined {
  const record = state.records.get(data);
  if (record === undefined || record.pooled) return undefined;
  record.views--;
  state.counts.arrays--;
  return record.views === 0 ? record : undefined;
}

/** @internal Managed storage went into the pool: it no longer counts as in use. */
export function notePooled(record: StorageRecord): void {
  record.pooled = true;
  state.counts.storages--;
  state.counts.bytes -= record.bytes;
}

/** @internal Pooled storage was handed out again. */
export function noteReused(record: StorageRecord): void {
  record.pooled = false;
  record.views = 0;
  state.counts.storages++;
  state.counts.bytes += record.bytes;
}

/** @internal Pooled storage was dropped by the pool (trimmed): the finalizer must not count it again. */
export function forget(data: TypedArray, record: StorageRecord): void {
  state.finalizer.unregister(record);
  state.records.delete(data);
}

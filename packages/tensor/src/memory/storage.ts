import type { DType, TypedArray } from '../dtype.js';
import { shared } from '../global-state.js';
import type { ResidentAllocator } from './resident.js';

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
  /** The allocator of storage that lives in a backend's memory (freed there, never pooled), else null. */
  readonly resident: ResidentAllocator | null;
  /** Resident storage the allocator watches for the garbage collector (it outlived its tidy). */
  watched: boolean;
  /** Resident storage given back to its allocator. */
  freed: boolean;
  /** The storage (kept for watchSurvivors; the records map is weak in it either way). */
  readonly data: TypedArray;
}

/** Managed storage handed out and not yet disposed (nor pooled), and the undisposed arrays over it. */
export interface StorageCounts {
  storages: number;
  bytes: number;
  arrays: number;
}

interface StorageState {
  readonly records: WeakMap<TypedArray, StorageRecord>;
  readonly counts: StorageCounts;
}

// NOTE: no FinalizationRegistry tells the counts when the GC frees storage that was never
// disposed: V8 keeps a registered object alive through young-generation GCs, so every fresh
// output would wait for a full GC to give its memory back (one side-by-side run: add of 1e6
// floats without dispose 1.86 ms registered, 0.68 ms on main). The counts are of storage not yet disposed.
const state: StorageState = shared('memoryStorage', () => ({
  records: new WeakMap<TypedArray, StorageRecord>(),
  counts: { storages: 0, bytes: 0, arrays: 0 },
}));

/** @internal Live counts of managed storage (memory() reads them). */
export const storageCounts: Readonly<StorageCounts> = state.counts;

/** @internal Starts managing freshly allocated `data`. */
export function manage(data: TypedArray, dtype: DType, resident: ResidentAllocator | null = null, watched = false): StorageRecord {
  const record: StorageRecord = { dtype, bytes: data.byteLength, views: 0, pooled: false, resident, watched, freed: false, data };
  state.records.set(data, record);
  state.counts.storages++;
  state.counts.bytes += record.bytes;
  return record;
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

/**
 * @internal At the end of a tidy(): resident storage it allocated that is still in use (viewed by
 * a kept or returned array, or never wrapped in an array) goes to its allocator's watch, so the
 * garbage collector can free it; storage the tidy disposed was never watched.
 */
export function watchSurvivors(residents: readonly StorageRecord[]): void {
  for (const record of residents) {
    if (record.freed || record.watched || record.resident === null) continue;
    record.watched = true;
    record.resident.watch(record.data);
  }
}

/** @internal Managed storage went into the pool: it no longer counts as in use. */
export function notePooled(record: StorageRecord): void {
  record.pooled = true;
  state.counts.storages--;
  state.counts.bytes -= record.bytes;
}

/** @internal Resident storage went back to its allocator: it no longer counts, nor is it known. */
export function noteFreed(data: TypedArray, record: StorageRecord): void {
  record.freed = true;
  state.counts.storages--;
  state.counts.bytes -= record.bytes;
  state.records.delete(data);
}

/** @internal Pooled storage was handed out again. */
export function noteReused(record: StorageRecord): void {
  record.pooled = false;
  record.views = 0;
  state.counts.storages++;
  state.counts.bytes += record.bytes;
}

/** @internal Pooled storage was dropped by the pool (trimmed), for the GC to free. */
export function forget(data: TypedArray): void {
  state.records.delete(data);
}

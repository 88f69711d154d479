import type { DType, TypedArray } from '../dtype.js';
import { ArgumentError } from '../errors.js';
import { shared } from '../global-state.js';
import { forget, noteReused, notePooled, type StorageRecord } from './storage.js';

// Free lists of released storage, keyed by dtype and exact length (a training loop allocates
// the same shapes step after step, so exact sizes match; a kernel may rely on `out.length`).
// A reused buffer skips calloc, the first-touch page faults of fresh memory (8-12 µs per 4 KiB
// page measured on the bench VM) and the GC pressure of external memory. The pool holds at most
// `capacity` bytes: past it, the oldest released buffers are dropped for the GC to free.

/** Default byte cap of the pool. */
export const DEFAULT_POOL_CAPACITY = 256 * 2 ** 20;

interface PoolState {
  /** Per dtype, per length: released buffers, most recent last. */
  readonly lists: Record<DType, Map<number, TypedArray[]>>;
  /** Every pooled buffer with its record, oldest first (a Map keeps insertion order). */
  readonly order: Map<TypedArray, StorageRecord>;
  bytes: number;
  capacity: number;
}

const state: PoolState = shared('memoryPool', () => ({
  lists: { float32: new Map(), float64: new Map(), int32: new Map(), bool: new Map() },
  order: new Map<TypedArray, StorageRecord>(),
  bytes: 0,
  capacity: DEFAULT_POOL_CAPACITY,
}));

/** @internal Bytes and buffers the pool holds, and its cap. */
export function poolStats(): { bytes: number; buffers: number; capacity: number } {
  return { bytes: state.bytes, buffers: state.order.size, capacity: state.capacity };
}

/**
 * @internal A released buffer of exactly `length` elements of `dtype`, its old values still in
 * it, or undefined when none is pooled.
 */
export function takeFromPool(dtype: DType, length: number): TypedArray | undefined {
  if (state.order.size === 0) return undefined;
  const list = state.lists[dtype].get(length);
  const data = list?.pop();
  const record = data === undefined ? undefined : state.order.get(data);
  if (data === undefined || record === undefined) return undefined;
  state.order.delete(data);
  state.bytes -= record.bytes;
  noteReused(record);
  return data;
}

/** @internal Puts storage whose last view was disposed into the pool (then trims to the cap). */
export function giveToPool(data: TypedArray, record: StorageRecord): void {
  notePooled(record);
  if (record.bytes > state.capacity) {
    forget(data);
    return;
  }
  let list = state.lists[record.dtype].get(data.length);
  if (list === undefined) state.lists[record.dtype].set(data.length, (list = []));
  list.push(data);
  state.order.set(data, record);
  state.bytes += record.bytes;
  trim();
}

/** Drops the oldest pooled buffers until the pool is within its cap. */
function trim(): void {
  for (const [data, record] of state.order) {
    if (state.bytes <= state.capacity) return;
    const list = state.lists[record.dtype].get(data.length) ?? [];
    list.splice(list.indexOf(data), 1);
    if (list.length === 0) state.lists[record.dtype].delete(data.length);
    state.order.delete(data);
    state.bytes -= record.bytes;
    forget(data);
  }
}

/**
 * Sets how many bytes of disposed storage the pool may hold for reuse (256 MiB by default) and
 * returns the previous cap; the oldest buffers beyond it are released to the garbage collector.
 * `0` turns pooling off and empties the pool.
 * @example
 * setPoolCapacity(64 * 2 ** 20); // keep at most 64 MiB of disposed storage
 */
export function setPoolCapacity(bytes: number): number {
  if (typeof bytes !== 'number' || !(bytes >= 0) || !Number.isFinite(bytes)) {
    throw new ArgumentError(`setPoolCapacity: bytes must be a finite number >= 0, got ${String(bytes)}`);
  }
  const previous = state.capacity;
  state.capacity = bytes;
  trim();
  return previous;
}

import type { TypedArray } from './dtype.js';
import { ArgumentError } from './errors.js';
import type { NDArray } from './ndarray.js';

/** How many times a storage was written in place, by which op last, and when (recent writes). */
interface StorageVersion {
  version: number;
  op: string;
  /** The global write count after each of the last HISTORY writes to this storage, oldest first. */
  writes: number[];
}

interface VersionTable {
  table: WeakMap<TypedArray, StorageVersion>;
  /** In-place writes so far, to any storage. */
  writes: number;
}

/** Writes per storage whose global count is kept, to report a saved value's old version. */
const HISTORY = 32;

// NOTE: the table is keyed by the storage (the typed array every view of it shares), so views and
// tensors whose `.data` is a view see one counter, as PyTorch's version counter lives on the
// storage. It sits on globalThis under a registered symbol so two copies of @dl/tensor in one
// application bump and read the same counters (DESIGN, Packaging). The global write count lets
// autograd skip every per-storage lookup while nothing was written in place (the usual case).
const KEY = Symbol.for('dl.storageVersions');
const registry = globalThis as unknown as Record<symbol, VersionTable | undefined>;
const state: VersionTable = (registry[KEY] ??= { table: new WeakMap(), writes: 0 });

/**
 * How many in-place writes the storage of `x` has seen, as PyTorch's `tensor._version`: every
 * in-place op (`add_`, `copy_`, `indexAdd_`, an optimizer step, ...) adds one, on every view of
 * that storage. Autograd checks that the values it saved for backward were not written since.
 * @example
 * const x = zeros([2]); storageVersion(x) // 0
 * add_(x.reshape([2, 1]), 1); storageVersion(x) // 1
 */
export function storageVersion(x: NDArray): number {
  return state.table.get(storageOf('storageVersion', x))?.version ?? 0;
}

/**
 * In-place writes so far, to any storage: a value saved when this was `n` is unchanged while
 * `storageVersionAt(value, n) === storageVersion(value)`, and certainly so while it is still `n`.
 * @example
 * const n = inPlaceWriteCount(); mul_(x, 2); inPlaceWriteCount() - n // 1
 */
export function inPlaceWriteCount(): number {
  return state.writes;
}

/**
 * The version the storage of `x` had when `inPlaceWriteCount()` was `count`; undefined if more
 * writes to it followed than the last 32 it remembers.
 * @example
 * const n = inPlaceWriteCount(); add_(x, 1); storageVersionAt(x, n) // storageVersion(x) - 1
 */
export function storageVersionAt(x: NDArray, count: number): number | undefined {
  const entry = state.table.get(storageOf('storageVersionAt', x));
  if (entry === undefined) return 0;
  let later = 0;
  while (later < entry.writes.length && entry.writes[entry.writes.length - 1 - later] > count) later++;
  if (later === entry.writes.length && entry.version > entry.writes.length) return undefined;
  return entry.version - later;
}

/**
 * The in-place op that last wrote the storage of `x` (undefined if none did).
 * @example
 * mul_(x, 2); lastInPlaceOp(x) // 'mul_'
 */
export function lastInPlaceOp(x: NDArray): string | undefined {
  return state.table.get(storageOf('lastInPlaceOp', x))?.op;
}

/**
 * Records an in-place write to the storage of `x` by `op`. Every in-place op calls it; code that
 * writes an NDArray's typed array directly (a custom kernel, a loader) must call it too, or
 * autograd cannot tell that a value it saved has changed.
 * @example
 * x.data[0] = 5; bumpVersion(x, 'myFill_');
 */
export function bumpVersion(x: NDArray, op: string): void {
  const storage = storageOf('bumpVersion', x);
  const count = ++state.writes;
  const entry = state.table.get(storage);
  if (entry === undefined) {
    state.table.set(storage, { version: 1, op, writes: [count] });
    return;
  }
  entry.version++;
  entry.op = op;
  if (entry.writes.length === HISTORY) entry.writes.shift();
  entry.writes.push(count);
}

// A Tensor's `data` is an NDArray, not a typed array: without this its storage would read as
// never written (version 0) instead of failing.
function storageOf(op: string, x: NDArray): TypedArray {
  if (!ArrayBuffer.isView(x.data)) {
    throw new ArgumentError(`${op}: expected an NDArray\nhint: for an @dl/autograd Tensor pass tensor.data, or read tensor.version`);
  }
  return x.data;
}

/** @internal Storage recycled by the pool starts over at version 0, as fresh storage would. */
export function forgetStorageVersion(data: TypedArray): void {
  state.table.delete(data);
}

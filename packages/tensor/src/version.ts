import type { TypedArray } from './dtype.js';
import type { NDArray } from './ndarray.js';

/** How many times a storage was written in place, and by which op last. */
interface StorageVersion {
  version: number;
  op: string;
}

// NOTE: the table is keyed by the storage (the typed array every view of it shares), so views and
// tensors whose `.data` is a view see one counter, as PyTorch's version counter lives on the
// storage. It sits on globalThis under a registered symbol so two copies of @dl/tensor in one
// application bump and read the same counters (DESIGN, Packaging). A WeakMap lookup of an array
// that was never written in place costs a few ns: V8 has not given it a hash yet.
const KEY = Symbol.for('dl.storageVersions');
const registry = globalThis as unknown as Record<symbol, WeakMap<TypedArray, StorageVersion> | undefined>;
const versions: WeakMap<TypedArray, StorageVersion> = (registry[KEY] ??= new WeakMap());

/**
 * How many in-place writes the storage of `x` has seen, as PyTorch's `tensor._version`: every
 * in-place op (`add_`, `copy_`, `indexAdd_`, an optimizer step, ...) adds one, on every view of
 * that storage. Autograd records it when it saves a value and checks it in `backward()`.
 * @example
 * const x = zeros([2]); storageVersion(x) // 0
 * add_(x.reshape([2, 1]), 1); storageVersion(x) // 1
 */
export function storageVersion(x: NDArray): number {
  return versions.get(x.data)?.version ?? 0;
}

/**
 * The in-place op that last wrote the storage of `x` (undefined if none did).
 * @example
 * mul_(x, 2); lastInPlaceOp(x) // 'mul_'
 */
export function lastInPlaceOp(x: NDArray): string | undefined {
  return versions.get(x.data)?.op;
}

/**
 * Records an in-place write to the storage of `x` by `op`. Every in-place op calls it; code that
 * writes an NDArray's typed array directly (a custom kernel, a loader) must call it too, or
 * autograd cannot tell that a value it saved has changed.
 * @example
 * x.data[0] = 5; bumpVersion(x, 'myFill_');
 */
export function bumpVersion(x: NDArray, op: string): void {
  const entry = versions.get(x.data);
  if (entry) {
    entry.version++;
    entry.op = op;
  } else versions.set(x.data, { version: 1, op });
}

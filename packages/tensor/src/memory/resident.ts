import type { DType, TypedArray } from '../dtype.js';
import { shared } from '../global-state.js';

// Storage made inside tidy() may live in a backend's own memory (the wasm backend's linear
// memory), where its kernels read and write it with no copy. The backend installs an allocator
// here; memory/ knows nothing of wasm. Only tidy-made storage is placed there because it has a
// known end: tidy disposes it, or it escapes (returned or kept) and is freed on dispose or,
// failing that, once the garbage collector finds it (the allocator watches those).

/** A backend's allocator of storage in its own memory. */
export interface ResidentAllocator {
  /**
   * Storage for `size` elements of `dtype` (zeros when `zero`), or undefined to use a JS array.
   * `watch`: free it once the garbage collector collects it; else `watch` is called if it
   * outlives its tidy() (storage a tidy disposes is never watched: watching costs a
   * FinalizationRegistry entry, and V8 keeps registered objects through young-generation GCs).
   */
  allocate(dtype: DType, size: number, zero: boolean, watch: boolean): TypedArray | undefined;
  /** Frees storage `allocate` returned unwatched once the garbage collector collects it: it outlived its tidy. */
  watch(data: TypedArray): void;
  /**
   * Zeroed storage for `size` elements that lives until the garbage collector collects its
   * typed array (dispose never frees it: shared storage may be in use by other threads), or
   * undefined to use a SharedArrayBuffer. Storage in this memory must be shared memory.
   */
  allocateShared(dtype: DType, size: number): TypedArray | undefined;
  /** Gives back storage `allocate` returned (`watched`: passed to `watch` or allocated watched); its last array was disposed. */
  free(data: TypedArray, watched: boolean): void;
  /** Bytes of resident storage not yet given back (disposed, or collected by the GC). */
  bytes(): number;
}

const state = shared('memoryResident', () => ({ allocator: null as ResidentAllocator | null, everywhere: false }));

/** @internal The installed allocator, or null. */
export function residentAllocator(): ResidentAllocator | null {
  return state.allocator;
}

/** @internal Installs (or with null removes) the allocator tidy-made storage comes from. */
export function setResidentAllocator(allocator: ResidentAllocator | null): void {
  state.allocator = allocator;
}

/** @internal True when storage made outside tidy() is placed by the allocator too (tests). */
export function residentEverywhere(): boolean {
  return state.everywhere;
}

/**
 * @internal Test hook: with true, storage made anywhere (not only inside tidy) comes from the
 * resident allocator, so a whole suite runs on resident storage; returns the previous setting.
 */
export function setResidentEverywhere(on: boolean): boolean {
  const previous = state.everywhere;
  state.everywhere = on;
  return previous;
}

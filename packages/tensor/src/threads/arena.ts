import type { TypedArray } from '../dtype.js';
import { shared } from '../global-state.js';

// Staging memory for ops whose operands are not shared: one SharedArrayBuffer, reused op after
// op, that inputs are copied into for the workers and that workers write their output into.
// Measured (2-vCPU VM, Node 20): a fresh 800 KB SharedArrayBuffer costs ~450 µs to allocate
// and fill against ~110 µs for an ArrayBuffer, and posting a buffer a worker has not seen
// costs ~70-110 µs against ~5 µs for one it has; a reused buffer avoids both.

/** Bytes the first buffer holds; it doubles as ops need more. */
const INITIAL_BYTES = 1 << 20;
/** Every span starts on a 16-byte boundary, so any typed array (and SIMD loads) fits there. */
const ALIGN = 16;

const state = shared('threadsArena', () => ({ buffer: undefined as SharedArrayBuffer | undefined, used: 0 }));

/** @internal Starts an op's staging: later `reserve` calls reuse the memory from the start. */
export function resetArena(): void {
  state.used = 0;
}

/** @internal Frees the staging memory (the pool shut down). */
export function releaseArena(): void {
  state.buffer = undefined;
  state.used = 0;
}

/**
 * @internal Room for `length` elements of `data`'s type in the staging buffer, valid until the
 * next `resetArena`. A span that does not fit starts a bigger buffer; spans handed out before
 * stay valid in the old one, which is freed once the op drops them.
 */
export function reserve<T extends TypedArray>(like: T, length: number): T {
  const bytes = Math.ceil((length * like.BYTES_PER_ELEMENT) / ALIGN) * ALIGN;
  if (!state.buffer || state.used + bytes > state.buffer.byteLength) {
    // Sized for the whole op so far, so the same op fits in one buffer from its next call on.
    let size = Math.max(INITIAL_BYTES, state.buffer?.byteLength ?? 0);
    while (size < state.used + bytes) size *= 2;
    state.buffer = new SharedArrayBuffer(size);
    state.used = 0;
  }
  const Ctor = like.constructor as new (buffer: SharedArrayBuffer, byteOffset: number, length: number) => T;
  const span = new Ctor(state.buffer, state.used, length);
  state.used += bytes;
  return span;
}

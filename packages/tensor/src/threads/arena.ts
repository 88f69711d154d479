import type { TypedArray } from '../dtype.js';
import { shared } from '../global-state.js';
import { heapAllocate, heapFree } from '../kernels/wasm/heap.js';
import { linearMemoryBuffer, sharedMemoryObject } from '../kernels/wasm/runtime.js';

// Staging memory for ops whose operands workers cannot read where they are: one buffer, reused
// op after op, that inputs are copied into for the workers and that workers write their output
// into. Where the workers run over this thread's wasm linear memory, the buffer is a heap block
// of it, so staged operands are resident there too and the wasm kernels use them in place; else
// a SharedArrayBuffer.
// Measured (2-vCPU VM, Node 20): a fresh 800 KB SharedArrayBuffer costs ~450 µs to allocate
// and fill against ~110 µs for an ArrayBuffer, and posting a buffer a worker has not seen
// costs ~70-110 µs against ~5 µs for one it has; a reused buffer avoids both.

/** Bytes the first buffer holds; it doubles as ops need more. */
const INITIAL_BYTES = 1 << 20;
/** Every span starts on a 16-byte boundary, so any typed array (and SIMD loads) fits there. */
const ALIGN = 16;

interface Arena {
  /** The staging buffer and the byte where it starts in it (0, or a heap block's address). */
  buffer: SharedArrayBuffer | undefined;
  start: number;
  bytes: number;
  used: number;
  /** Whether `buffer` is a heap block of linear memory. */
  linear: boolean;
  /** Heap blocks an op outgrew: its earlier spans live there until the next op starts. */
  retired: number[];
  /** The linear memory whose heap holds the blocks (the state is process-wide, each copy of the package has its own heap). */
  memory: object | null;
}

const state = shared('threadsArena', (): Arena => ({ buffer: undefined, start: 0, bytes: 0, used: 0, linear: false, retired: [], memory: null }));

/**
 * @internal Starts an op's staging: later `reserve` calls reuse the memory from the start, in
 * linear memory when `linear` (the workers run over it), else in a SharedArrayBuffer.
 */
export function resetArena(linear = false): void {
  if (state.linear !== linear || (linear && state.memory !== sharedMemoryObject())) releaseArena();
  for (const address of state.retired) heapFree(address);
  state.retired = [];
  state.linear = linear;
  state.used = 0;
}

/** @internal Frees the staging memory (the pool shut down). */
export function releaseArena(): void {
  if (state.memory !== null && state.memory === sharedMemoryObject()) {
    for (const address of state.retired) heapFree(address);
    if (state.linear && state.buffer) heapFree(state.start);
  }
  Object.assign(state, { buffer: undefined, start: 0, bytes: 0, used: 0, linear: false, retired: [], memory: null });
}

/** A new staging buffer of `size` bytes: a heap block, or a SharedArrayBuffer where the heap is not used or full. */
function grow(size: number): SharedArrayBuffer {
  if (state.linear && state.buffer) state.retired.push(state.start);
  const address = state.linear ? heapAllocate(size) : -1;
  if (address >= 0) {
    const buffer = linearMemoryBuffer() as unknown as SharedArrayBuffer;
    Object.assign(state, { buffer, start: address, bytes: size, used: 0, memory: sharedMemoryObject() });
    return buffer;
  }
  const buffer = new SharedArrayBuffer(size);
  Object.assign(state, { buffer, start: 0, bytes: size, used: 0, linear: false });
  return buffer;
}

/**
 * @internal Room for `length` elements of `data`'s type in the staging buffer, valid until the
 * next `resetArena`. A span that does not fit starts a bigger buffer; spans handed out before
 * stay valid in the old one, which is freed once the op drops them (a heap block: at the next op).
 */
export function reserve<T extends TypedArray>(like: T, length: number): T {
  const bytes = Math.ceil((length * like.BYTES_PER_ELEMENT) / ALIGN) * ALIGN;
  let buffer = state.buffer;
  if (!buffer || state.used + bytes > state.bytes) {
    // Sized for the whole op so far, so the same op fits in one buffer from its next call on.
    let size = Math.max(INITIAL_BYTES, state.bytes);
    while (size < state.used + bytes) size *= 2;
    buffer = grow(size);
  }
  const Ctor = like.constructor as new (buffer: SharedArrayBuffer, byteOffset: number, length: number) => T;
  const span = new Ctor(buffer, state.start + state.used, length);
  state.used += bytes;
  return span;
}

/** @internal True when the staging buffer is a heap block of linear memory (tests). */
export function arenaInLinearMemory(): boolean {
  return state.linear && state.buffer !== undefined;
}

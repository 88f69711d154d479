import { SCRATCH_START } from './runtime.js';

// The scratch regions of linear memory the element-wise, reduction, softmax and optimizer
// kernels stream their data through. Memory never grows with the input: every call reuses these
// regions. They are live bindings: a thread that shares another's memory (a pool worker) moves
// its own regions to a block of its own with `relocateScratch`.

/** Floats per chunk: the regions a call touches (16-32 KiB each) stay in L1/L2. */
export const CHUNK = 8192;
/** A chunk of floats plus one vector: lane kernels may run up to 3 floats past a batch. */
const REGION = CHUNK * 4 + 16;
/** Accumulator rows hold up to CHUNK lanes (plus one vector) as f64s. */
const ACC_REGION = CHUNK * 8 + 32;
/** Bytes of all the regions together. */
export const SCRATCH_BYTES = 2 * REGION + 3 * ACC_REGION;
/** The end of the main thread's regions: the heap (heap.ts) starts above it. */
export const FIXED_SCRATCH_END = SCRATCH_START + SCRATCH_BYTES;

/** Region A (input) and region B (second input or result), byte offsets. */
export let A = SCRATCH_START;
export let B = A + REGION;
/** Three accumulator rows for the lane kernels (sums, products, maxima, softmax's scales). */
export let ACC = B + REGION;
export let ACC2 = ACC + ACC_REGION;
export let ACC3 = ACC2 + ACC_REGION;
/** The end of the scratch regions: `reserve(SCRATCH_END)` before taking `heapF32()`. */
export let SCRATCH_END = FIXED_SCRATCH_END;

/** @internal Moves this thread's regions to `SCRATCH_BYTES` bytes at `base` (16-byte aligned). */
export function relocateScratch(base: number): void {
  A = base;
  B = A + REGION;
  ACC = B + REGION;
  ACC2 = ACC + ACC_REGION;
  ACC3 = ACC2 + ACC_REGION;
  SCRATCH_END = base + SCRATCH_BYTES;
}

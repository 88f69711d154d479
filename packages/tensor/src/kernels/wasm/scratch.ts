import { importedScratch, SCRATCH_START } from './runtime.js';

// The scratch regions of linear memory the element-wise, reduction, softmax and optimizer
// kernels stream their data through. Memory never grows with the input: every call reuses these
// regions. A pool worker runs over the calling thread's memory: its regions lie in the block
// that thread gave it (runtime.ts `importedScratch`), fixed before any kernel module evaluates.

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

/** Region A (input) and region B (second input or result), byte offsets (a pool worker's own, in its block). */
export const A = importedScratch?.base ?? SCRATCH_START;
export const B = A + REGION;
/** Three accumulator rows for the lane kernels (sums, products, maxima, softmax's scales). */
export const ACC = B + REGION;
export const ACC2 = ACC + ACC_REGION;
export const ACC3 = ACC2 + ACC_REGION;
/** The end of the scratch regions: `reserve(SCRATCH_END)` before taking `heapF32()`. */
export const SCRATCH_END = A + SCRATCH_BYTES;

import { SCRATCH_START } from './runtime.js';

// The scratch regions of linear memory the element-wise, reduction and softmax kernels stream
// their data through. Memory never grows with the input: every call reuses these regions.

/** Floats per chunk: the regions a call touches (16-32 KiB each) stay in L1/L2. */
export const CHUNK = 8192;
/** A chunk of floats plus one vector: lane kernels may run up to 3 floats past a batch. */
const REGION = CHUNK * 4 + 16;
/** Accumulator rows hold up to CHUNK lanes (plus one vector) as f64s. */
const ACC_REGION = CHUNK * 8 + 32;

/** Region A (input) and region B (second input or result), byte offsets. */
export const A = SCRATCH_START;
export const B = A + REGION;
/** Three accumulator rows for the lane kernels (sums, products, maxima, softmax's scales). */
export const ACC = B + REGION;
export const ACC2 = ACC + ACC_REGION;
export const ACC3 = ACC2 + ACC_REGION;
/** The end of the scratch regions: `reserve(SCRATCH_END)` before taking `heapF32()`. */
export const SCRATCH_END = ACC3 + ACC_REGION;

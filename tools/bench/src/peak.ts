// Probes of @dl's wasm runtime that its public API does not offer: the SIMD128 peak (the one
// copy lives in @dl/tensor's bench folder) and the size of linear memory. Under the @dl/source
// condition '@dl/tensor' resolves to the same runtime.ts file, so this is the very instance the
// ops use, not a second copy.
import { heapF32 } from '../../../packages/tensor/src/kernels/wasm/runtime.js';

export { simdPeak } from '../../../packages/tensor/bench/peak.js';

/** Bytes of @dl's wasm linear memory (it only grows: the high-water mark of kernel scratch). */
export function wasmMemoryBytes(): number {
  return heapF32().byteLength;
}

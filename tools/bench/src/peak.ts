// Probes of @dl's wasm runtime that its public API does not offer: the SIMD128 peak loop of
// gemm.wat and the size of linear memory. Under the @dl/source condition '@dl/tensor' resolves
// to the same runtime.ts file, so this is the very instance the ops use, not a second copy.
import { heapF32, wasm } from '../../../packages/tensor/src/kernels/wasm/runtime.js';
import { now } from './clock.js';

/**
 * The machine's SIMD128 peak in GFLOP/s on one thread: best of 5 runs of gemm.wat's `peak`, 12
 * independent chains of f32x4.mul + f32x4.add (8 flops each) per iteration; NaN without wasm.
 */
export function simdPeak(iterations: number): number {
  const gemm = wasm()?.gemm;
  if (!gemm) return NaN;
  gemm.peak(1000);
  let best = Infinity;
  for (let run = 0; run < 5; run++) {
    const start = now('cpu');
    gemm.peak(iterations);
    best = Math.min(best, now('cpu') - start);
  }
  return (iterations * 12 * 8) / (best * 1e6);
}

/** Bytes of @dl's wasm linear memory (it only grows: the high-water mark of kernel scratch). */
export function wasmMemoryBytes(): number {
  return heapF32().byteLength;
}

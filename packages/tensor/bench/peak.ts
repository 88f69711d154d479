// The machine's SIMD128 peak, the yardstick every matmul figure is given as a share of. The one
// copy: this package's tables and the root bench (tools/bench/src/peak.ts) both call it.
import { wasm } from '../src/kernels/wasm/runtime.js';

/** CPU milliseconds of this process (report.ts's cpuNow, not imported: the root bench loads this file). */
function cpuNow(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Flops of one iteration of gemm.wat's `peak`: 12 chains of f32x4.mul + f32x4.add. */
const FLOPS_PER_ITERATION = 12 * 8;

/**
 * SIMD128 peak in GFLOP/s on one thread: gemm.wat's `peak` loop (12 independent chains of
 * f32x4.mul + f32x4.add), best of `runs` runs of about `runMs` CPU milliseconds each; NaN
 * without wasm.
 * NOTE: one 35 ms run read 5-10% low now and then on a shared 2-vCPU VM (clock boost and the
 * neighbour's load move under it): the best of many longer runs is the figure that repeats.
 */
export function simdPeak({ runs = 10, runMs = 100 }: { runs?: number; runMs?: number } = {}): number {
  const gemm = wasm()?.gemm;
  if (!gemm) return NaN;
  // Warm-up and calibration: tier-up to optimised code, then size a run to about runMs.
  let iterations = 100_000;
  for (;;) {
    const start = cpuNow();
    gemm.peak(iterations);
    const ms = cpuNow() - start;
    if (ms >= 10) {
      iterations = Math.max(1, Math.round((iterations * runMs) / ms));
      break;
    }
    iterations *= 4;
  }
  let best = Infinity;
  for (let run = 0; run < runs; run++) {
    const start = cpuNow();
    gemm.peak(iterations);
    best = Math.min(best, cpuNow() - start);
  }
  return (iterations * FLOPS_PER_ITERATION) / (best * 1e6);
}

import type { Kernels } from '../registry.js';
import { optimizerKernels } from '../cpu/optimizer.js';
import { heapF32, reserve, wasm } from './runtime.js';
import { A, ACC, ACC2, ACC3, B, CHUNK, SCRATCH_END } from './scratch.js';

// Fused optimizer updates in WASM SIMD128 (optimizer.wat) over float32; float64 runs on cpu.
// Every array streams through its own scratch region chunk by chunk (copy in, update in place,
// copy the updated ones out), as the element-wise kernels do, so memory never grows.

interface OptimizerExports {
  sgd: (p: number, g: number, buf: number, n: number, lr: number, momentum: number, keep: number, decay: number, flags: number) => void;
  adam: (p: number, g: number, m: number, v: number, vmax: number, n: number, scale: number, beta1: number, keep1: number,
    beta2: number, keep2: number, correction2: number, eps: number, decay: number, shrink: number, flags: number) => void;
}

function exported(): OptimizerExports | undefined {
  return (wasm() as unknown as { optimizer?: OptimizerExports } | null)?.optimizer;
}

/** Region per argument position: param, grad, then the state arrays. */
const REGIONS = [A, B, ACC, ACC2, ACC3];

/**
 * Streams `arrays` (undefined: absent) through the scratch regions, `update(count)` per chunk;
 * copies every array but the gradient (position 1) back.
 */
function stream(arrays: readonly (Float32Array | undefined)[], update: (count: number) => void): void {
  reserve(SCRATCH_END);
  const heap = heapF32();
  const n = arrays[0]?.length ?? 0;
  for (let i = 0; i < n; i += CHUNK) {
    const c = Math.min(CHUNK, n - i);
    arrays.forEach((x, k) => { if (x) heap.set(x.subarray(i, i + c), REGIONS[k] / 4); });
    update(c);
    arrays.forEach((x, k) => { if (x && k !== 1) x.set(heap.subarray(REGIONS[k] / 4, REGIONS[k] / 4 + c), i); });
  }
}

const sgdStep: Kernels['sgdStep'] = (param, grad, buffer, hyper) => {
  const f = exported();
  if (!f || !(param instanceof Float32Array)) {
    optimizerKernels.sgdStep(param, grad, buffer, hyper);
    return;
  }
  const [lr, momentum, keep, decay, nesterov, maximize, first] = hyper;
  const flags = (buffer ? 1 : 0) | (nesterov ? 2 : 0) | (maximize ? 4 : 0) | (first ? 8 : 0);
  stream([param, grad as Float32Array, buffer as Float32Array | undefined], (c) => { f.sgd(A, B, ACC, c, lr, momentum, keep, decay, flags); });
};

const adamStep: Kernels['adamStep'] = (param, grad, expAvg, expAvgSq, maxExpAvgSq, hyper) => {
  const f = exported();
  if (!f || !(param instanceof Float32Array)) {
    optimizerKernels.adamStep(param, grad, expAvg, expAvgSq, maxExpAvgSq, hyper);
    return;
  }
  const [scale, beta1, keep1, beta2, keep2, correction2, eps, decay, shrink, maximize] = hyper;
  const flags = (maximize ? 1 : 0) | (maxExpAvgSq ? 2 : 0);
  const arrays = [param, grad, expAvg, expAvgSq, maxExpAvgSq] as (Float32Array | undefined)[];
  stream(arrays, (c) => { f.adam(A, B, ACC, ACC2, ACC3, c, scale, beta1, keep1, beta2, keep2, correction2, eps, decay, shrink, flags); });
};

/** The optimizer kernels of the wasm backend. */
export const optimizerWasmKernels: Pick<Kernels, 'sgdStep' | 'adamStep'> = { sgdStep, adamStep };

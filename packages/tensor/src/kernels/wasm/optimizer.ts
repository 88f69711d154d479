import type { Kernels } from '../registry.js';
import { optimizerKernels } from '../cpu/optimizer.js';
import { addressOf, heapF32, reserve, wasm } from './runtime.js';
import { A, ACC, ACC2, ACC3, B, CHUNK, SCRATCH_END } from './scratch.js';

// Fused optimizer updates in WASM SIMD128 (optimizer.wat) over float32; float64 runs on cpu.
// Arrays resident in linear memory are updated in place; the others stream through their own
// scratch region chunk by chunk (copy in, update in place, copy the updated ones out), as the
// element-wise kernels do, so memory never grows. The kernels work on whole f32x4 vectors, so
// resident arrays get whole vectors only and the last n % 4 floats go through the regions.

interface OptimizerExports {
  sgd: (p: number, g: number, buf: number, n: number, lr: number, momentum: number, keep: number, decay: number, flags: number) => void;
  adam: (p: number, g: number, m: number, v: number, vmax: number, n: number, scale: number, beta1: number, keep1: number,
    beta2: number, keep2: number, correction2: number, eps: number, decay: number, shrink: number, flags: number) => void;
}

function exported(): OptimizerExports | undefined {
  return (wasm() as unknown as { optimizer?: OptimizerExports } | null)?.optimizer;
}

/** Region per argument position: param, grad, then the state arrays (this thread's: scratch.ts). */
const REGIONS = [A, B, ACC, ACC2, ACC3];

/**
 * Runs `update(count, at)` over `arrays` (undefined: absent), `at` holding each array's address:
 * in place when resident, else its scratch region, streamed chunk by chunk; copies every
 * streamed array but the gradient (position 1) back.
 */
function stream(arrays: readonly (Float32Array | undefined)[], update: (count: number, at: number[]) => void): void {
  reserve(SCRATCH_END);
  const heap = heapF32();
  const n = arrays[0]?.length ?? 0;
  const resident = arrays.map((x) => (x ? addressOf(x) : -1));
  const body = resident.some((address) => address >= 0) ? n - (n % 4) : n;
  const step = arrays.every((x, k) => !x || resident[k] >= 0) ? body : CHUNK;
  for (let i = 0; i < body; i += step) runChunk(arrays, resident, heap, update, i, Math.min(step, body - i), true);
  if (body < n) runChunk(arrays, resident, heap, update, body, n - body, false);
}

// NOTE: module level, not a closure made per stream() call: run through tsx/esbuild with
// keepNames, every named closure also costs a defineProperty of its name per call.
/** One chunk of `stream`: `c` elements from `i`, resident arrays in place when `inPlace`. */
function runChunk(
  arrays: readonly (Float32Array | undefined)[], resident: readonly number[], heap: Float32Array,
  update: (count: number, at: number[]) => void, i: number, c: number, inPlace: boolean,
): void {
  const streamed = arrays.map((x, k) => x !== undefined && !(inPlace && resident[k] >= 0));
  arrays.forEach((x, k) => { if (x && streamed[k]) heap.set(x.subarray(i, i + c), REGIONS[k] / 4); });
  update(c, REGIONS.map((r, k) => (streamed[k] ? r : resident[k] + i * 4)));
  arrays.forEach((x, k) => { if (x && streamed[k] && k !== 1) x.set(heap.subarray(REGIONS[k] / 4, REGIONS[k] / 4 + c), i); });
}

const sgdStep: Kernels['sgdStep'] = (param, grad, buffer, hyper) => {
  const f = exported();
  if (!f || !(param instanceof Float32Array)) {
    optimizerKernels.sgdStep(param, grad, buffer, hyper);
    return;
  }
  const [lr, momentum, keep, decay, nesterov, maximize, first] = hyper;
  const flags = (buffer ? 1 : 0) | (nesterov ? 2 : 0) | (maximize ? 4 : 0) | (first ? 8 : 0);
  stream([param, grad as Float32Array, buffer as Float32Array | undefined], (c, at) => { f.sgd(at[0], at[1], at[2], c, lr, momentum, keep, decay, flags); });
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
  stream(arrays, (c, at) => { f.adam(at[0], at[1], at[2], at[3], at[4], c, scale, beta1, keep1, beta2, keep2, correction2, eps, decay, shrink, flags); });
};

/** The optimizer kernels of the wasm backend. */
export const optimizerWasmKernels: Pick<Kernels, 'sgdStep' | 'adamStep'> = { sgdStep, adamStep };

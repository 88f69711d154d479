import { describe, expect, it } from 'vitest';
import { optimizerKernels } from '../cpu/optimizer.js';
import { optimizerWasmKernels } from './optimizer.js';
import { wasm } from './runtime.js';

// The SIMD kernels against the cpu loops, called directly: lengths that span several scratch
// chunks and end off a vector boundary, every flag.

function arrays(n: number, count: number, seed: number): Float32Array[] {
  let state = seed;
  const next = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648 - 0.5;
  };
  return Array.from({ length: count }, (_, k) => Float32Array.from({ length: n }, () => (k >= 2 ? Math.abs(next()) : next())));
}

const copy = (xs: Float32Array[]): Float32Array[] => xs.map((x) => x.slice());

describe.runIf(wasm()?.elementwise)('wasm optimizer kernels', () => {
  it.each([[7], [8192 * 2 + 5]])('sgdStep equals the cpu loop for n = %i with every flag combination', (n) => {
    for (const [nesterov, maximize, first, decay, momentum] of [[0, 0, 0, 0, 0], [0, 1, 0, 0.01, 0], [0, 0, 1, 0, 0.9], [1, 1, 0, 0.02, 0.8], [0, 0, 0, 0.02, 0.7]]) {
      const [p, g, b] = arrays(n, 3, n + nesterov);
      const cpu = copy([p, g, b]);
      const hyper = [0.1, momentum, 0.75, decay, nesterov, maximize, first].map(Math.fround);
      optimizerWasmKernels.sgdStep(p, g, momentum ? b : undefined, hyper);
      optimizerKernels.sgdStep(cpu[0], cpu[1], momentum ? cpu[2] : undefined, hyper);
      expect([p, b]).toEqual([cpu[0], cpu[2]]);
    }
  });

  it.each([[7], [8192 * 2 + 5]])('adamStep equals the cpu loop for n = %i, with and without amsgrad', (n) => {
    for (const [amsgrad, maximize, decay, shrink] of [[0, 0, 0, 1], [1, 1, 0.1, 1], [1, 0, 0, 0.999]]) {
      const [p, g, m, v, vmax] = arrays(n, 5, n + amsgrad);
      const cpu = copy([p, g, m, v, vmax]);
      const hyper = [-0.01, 0.9, 0.1, 0.999, 0.001, 0.3, 1e-8, decay, shrink, maximize].map(Math.fround);
      optimizerWasmKernels.adamStep(p, g, m, v, amsgrad ? vmax : undefined, hyper);
      optimizerKernels.adamStep(cpu[0], cpu[1], cpu[2], cpu[3], amsgrad ? cpu[4] : undefined, hyper);
      expect([p, m, v, vmax]).toEqual([cpu[0], cpu[2], cpu[3], cpu[4]]);
    }
  });
});

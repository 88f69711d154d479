import { describe, expect, it } from 'vitest';
import type { TypedArray } from '../dtype.js';
import { getBackend, manualSeed, randint, randn, tidy, zeros, type NDArray } from '../index.js';
import { matmul as cpuMatmul } from './cpu/matmul.js';
import type { StridedView } from './strided.js';
import { matmul as wasmMatmul } from './wasm/matmul.js';
import { addressOf, sharedLinearMemory } from './wasm/runtime.js';

// `outStride` lets a thread write a column panel of a wider product (threads/parallel.ts): the
// panel's rows land `outStride` apart and nothing between them is touched.

/** Exact in every dtype (int32 too). */
const SENTINEL = 7777;

function view(x: NDArray): StridedView {
  return { data: x.data, shape: [1, ...x.shape], strides: [0, ...x.strides], offset: x.offset };
}

/** A column panel [j0, j0 + w) of `a @ b (+ bias)` written into an m x wide buffer, and the dense product. */
function panel(kernel: typeof cpuMatmul, a: NDArray, b: NDArray, out: TypedArray, wide: number, j0: number, w: number, bias?: NDArray): TypedArray {
  const [m, k] = a.shape;
  const n = b.shape[1];
  out.fill(SENTINEL);
  const cols: StridedView = { ...view(b), shape: [1, k, w], offset: b.offset + j0 * b.strides[1] };
  const biasCols = bias && { data: bias.data, shape: [w], strides: bias.strides, offset: bias.offset + j0 * bias.strides[0] };
  kernel(view(a), cols, out.subarray(j0, (m - 1) * wide + j0 + w), 1, m, k, w, biasCols, wide);
  const dense = new (out.constructor as new (length: number) => TypedArray)(m * n);
  kernel(view(a), view(b), dense, 1, m, k, n, bias && { data: bias.data, shape: [n], strides: bias.strides, offset: bias.offset });
  return dense;
}

/** Cells of the wide buffer that are not the dense product's (inside the panel) or the sentinel (outside). */
function wrongCells(out: TypedArray, dense: TypedArray, m: number, n: number, wide: number, j0: number, w: number): string[] {
  const wrong: string[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < wide; j++) {
      const want = j >= j0 && j < j0 + w ? dense[i * n + j] : SENTINEL;
      if (!Object.is(out[i * wide + j], want)) wrong.push(`(${i}, ${j}): ${out[i * wide + j]} instead of ${want}`);
    }
  }
  return wrong;
}

describe('matmul kernels with an output row stride', () => {
  const [m, k, n] = [13, 37, 40];
  const [j0, w, wide] = [8, 24, 45];

  it.each(['float32', 'float64'] as const)('cpu, %s, with and without a bias', (dtype) => {
    manualSeed(0);
    const [a, b, bias] = [randn([m, k], { dtype }), randn([k, n], { dtype }), randn([n], { dtype })];
    for (const withBias of [undefined, bias]) {
      const out = dtype === 'float32' ? new Float32Array(m * wide) : new Float64Array(m * wide);
      expect(wrongCells(out, panel(cpuMatmul, a, b, out, wide, j0, w, withBias), m, n, wide, j0, w)).toEqual([]);
    }
  });

  it('cpu, int32', () => {
    manualSeed(0);
    const [a, b] = [randint(-50, 50, [m, k]), randint(-50, 50, [k, n])];
    const out = new Int32Array(m * wide);
    expect(wrongCells(out, panel(cpuMatmul, a, b, out, wide, j0, w), m, n, wide, j0, w)).toEqual([]);
  });

  it.runIf(getBackend() === 'wasm')('wasm, float32, product copied out of scratch', () => {
    manualSeed(0);
    const [a, b, bias] = [randn([m, k]), randn([k, n]), randn([n])];
    for (const withBias of [undefined, bias]) {
      const out = new Float32Array(m * wide);
      expect(wrongCells(out, panel(wasmMatmul, a, b, out, wide, j0, w, withBias), m, n, wide, j0, w)).toEqual([]);
    }
  });

  it.runIf(getBackend() === 'wasm' && sharedLinearMemory)('wasm, float32, resident product written in place', () => {
    manualSeed(0);
    const [a, b, bias] = [randn([m, k]), randn([k, n]), randn([n])];
    const storage = tidy(() => zeros([m * wide]));
    expect(addressOf(storage.data)).toBeGreaterThanOrEqual(0);
    for (const withBias of [undefined, bias]) {
      const out = storage.data as Float32Array;
      expect(wrongCells(out, panel(wasmMatmul, a, b, out, wide, j0, w, withBias), m, n, wide, j0, w)).toEqual([]);
    }
    storage.dispose();
  });

  it.runIf(getBackend() === 'wasm')('wasm, k = 0: the panel is the bias, or zeros', () => {
    const [a, b, bias] = [zeros([m, 0]), zeros([0, n]), randn([n])];
    for (const withBias of [undefined, bias]) {
      const out = new Float32Array(m * wide);
      expect(wrongCells(out, panel(wasmMatmul, a, b, out, wide, j0, w, withBias), m, n, wide, j0, w)).toEqual([]);
    }
  });
});

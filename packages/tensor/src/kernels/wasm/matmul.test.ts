import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { linear, matmul, randn, setBackend, getBackend, transpose, slice, manualSeed, expand, type NDArray } from '../../index.js';
import { matmul as cpuMatmul } from '../cpu/matmul.js';
import { expectClose } from '../../testing/index.js';
import { matmul as wasmMatmul } from './matmul.js';
import { heapF32, ready, reserve } from './runtime.js';

// The wasm kernel against the cpu one (which sums in doubles): wasm sums float32 products in
// float32, so results agree to float32 rounding of a k-term sum; for standard-normal inputs
// |error| stays far below 1e-5 * sqrt(k) + 1e-5 * |value|, the tolerance used here.
// `f` runs once per backend from the same seed, so it may draw its own inputs.
function onBoth(f: () => NDArray): [NDArray, NDArray] {
  setBackend('cpu');
  manualSeed(1);
  const expected = f();
  setBackend('wasm');
  manualSeed(1);
  return [f(), expected];
}

describe('wasm matmul', () => {
  let previous = 'cpu';
  beforeEach(() => {
    previous = getBackend();
    manualSeed(0);
  });
  afterEach(() => {
    setBackend(previous);
  });

  it('is ready at import in Node', async () => {
    expect(await ready()).toBe(true);
  });

  it.each([
    [1, 1, 1], [1, 7, 1], [3, 5, 7], [4, 8, 8], [5, 9, 17], [17, 300, 33], [130, 520, 70], [64, 64, 64], [1, 600, 2100],
  ])('matches cpu for [%i, %i] @ [.., %i] in all transpose variants', (m, k, n) => {
    const a = randn([m, k]);
    const b = randn([k, n]);
    const aT = transpose(randn([k, m]), 0, 1);
    const bT = transpose(randn([n, k]), 0, 1);
    const atol = 1e-5 * Math.sqrt(k);
    for (const [x, y] of [[a, b], [aT, b], [a, bT], [aT, bT]]) {
      const [actual, expected] = onBoth(() => matmul(x, y));
      expectClose(actual, expected, { atol, rtol: 1e-5 });
    }
  });

  it.each([[70, 300, 13], [9, 6, 70]])('matches cpu for [%i, %i] @ [.., %i] with no unit stride in either operand', (m, k, n) => {
    // Every-other-column slices: packA and packB take their element-by-element paths, and the
    // transposed slice of B its 4 x 4 transposing path with a column stride of 2k.
    const a = slice(randn([m, 2 * k]), 1, { step: 2 });
    const b = slice(randn([k, 2 * n]), 1, { step: 2 });
    const bT = transpose(slice(randn([2 * n, k]), 0, { step: 2 }), 0, 1);
    const aT = transpose(slice(randn([2 * k, m]), 0, { step: 2 }), 0, 1);
    for (const [x, y] of [[a, b], [a, bT], [aT, b], [aT, bT]]) {
      const [actual, expected] = onBoth(() => matmul(x, y));
      expectClose(actual, expected, { atol: 1e-5 * Math.sqrt(k), rtol: 1e-5 });
    }
  });

  it('matches cpu for broadcast batches, strided slices and a 1-d operand', () => {
    const a = randn([3, 10, 20]);
    const w = randn([20, 12]);
    const sliced = slice(randn([40, 12]), 0, { step: 2 });
    const cases: (() => NDArray)[] = [
      () => matmul(a, w),
      () => matmul(a, expand(randn([1, 20, 5]), [3, 20, 5])),
      () => matmul(a, sliced),
      () => matmul(randn([20]), w),
      () => matmul(a, randn([20])),
    ];
    for (const f of cases) {
      const [actual, expected] = onBoth(f);
      expectClose(actual, expected, { atol: 1e-4, rtol: 1e-5 });
    }
  });

  it.each([[1, 1, 1], [5, 9, 17], [13, 784, 10], [130, 257, 70]])('adds a bias in the product for [%i, %i] @ [.., %i]ᵀ as cpu does', (m, k, n) => {
    const x = randn([m, k]);
    const w = randn([n, k]);
    const b = slice(randn([2 * n]), 0, { step: 2 });
    const [actual, expected] = onBoth(() => linear(x, w, b));
    expectClose(actual, expected, { atol: 1e-5 * Math.sqrt(k), rtol: 1e-5 });
  });

  it('adds the bias to every product of a batch, with a broadcast operand', () => {
    const [batch, m, k, n] = [3, 6, 11, 9];
    const a = randn([batch, m, k]);
    const b = randn([k, n]);
    const bias = randn([n]);
    const views = [
      { data: a.data, shape: [batch, m, k], strides: a.strides, offset: 0 },
      { data: b.data, shape: [batch, k, n], strides: [0, ...b.strides], offset: 0 },
    ] as const;
    const biasView = { data: bias.data, shape: bias.shape, strides: bias.strides, offset: 0 };
    const [actual, expected] = [new Float32Array(batch * m * n), new Float32Array(batch * m * n)];
    wasmMatmul(views[0], views[1], actual, batch, m, k, n, biasView);
    cpuMatmul(views[0], views[1], expected, batch, m, k, n, biasView);
    expectClose(Array.from(actual), Array.from(expected), { atol: 1e-4, rtol: 1e-5 });
  });

  it('keeps earlier results valid when linear memory grows', () => {
    setBackend('wasm');
    const small = matmul(randn([8, 8]), randn([8, 8]));
    const before = Array.from(small.dataSync());
    reserve(heapF32().byteLength + (64 << 20));
    matmul(randn([300, 300]), randn([300, 300]));
    expect(Array.from(small.dataSync())).toEqual(before);
  });
});

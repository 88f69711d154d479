import { afterEach, beforeEach, describe, it } from 'vitest';
import {
  add, amax, amin, array, fromTypedArray, getBackend, logSoftmax, manualSeed, mul, prod, rand, randn, setBackend, softmax, sum,
  type NDArray,
} from '../../index.js';
import { expectClose } from '../../testing/index.js';

/** `f(x)` on cpu and on wasm. */
function onBoth(f: () => NDArray): [wasm: NDArray, cpu: NDArray] {
  setBackend('cpu');
  const expected = f();
  setBackend('wasm');
  return [f(), expected];
}

// Shapes and dims that take each path of the wasm kernels: rows (inner = 1) short and longer
// than a chunk (8192 floats), a middle dim with rows batched per chunk, and a middle dim whose
// rows are wider than a chunk (column blocks), with sizes that are not multiples of 4.
const CASES: [number[], number][] = [
  [[6, 7, 5], 0], [[6, 7, 5], 1], [[6, 7, 5], 2], [[3, 9001, 3], 1], [[2, 3, 8197], 1], [[8195, 2], 0], [[2, 20_001], 1], [[5], 0],
];

describe('wasm reductions and softmax', () => {
  let previous = 'cpu';
  beforeEach(() => {
    previous = getBackend();
    manualSeed(0);
  });
  afterEach(() => {
    setBackend(previous);
  });

  it.each(CASES)('sum, amax, amin and prod of %j along dim %i match cpu', (shape, dim) => {
    const x = randn(shape);
    // Factors near 1 keep long products finite.
    const factors = add(mul(rand(shape), 0.02), 0.99);
    for (const f of [() => sum(x, dim), () => amax(x, dim), () => amin(x, dim), () => prod(factors, dim)]) {
      const [actual, expected] = onBoth(f);
      expectClose(actual, expected, { atol: 1e-6, rtol: 1e-5 });
    }
  });

  it.each(CASES)('softmax and logSoftmax of %j along dim %i match cpu', (shape, dim) => {
    const x = mul(randn(shape), 5);
    for (const f of [() => softmax(x, dim), () => logSoftmax(x, dim)]) {
      const [actual, expected] = onBoth(f);
      expectClose(actual, expected, { atol: 1e-6, rtol: 1e-5 });
    }
  });

  it('propagates NaN and -Infinity along a middle dim as cpu does', () => {
    // Column 0 holds a NaN, column 1 is all -Infinity, column 2 holds +Infinity, column 3 is plain.
    const x = array([[[NaN, -Infinity, 1, 1]], [[0, -Infinity, Infinity, 2]], [[1, -Infinity, 0, 3]]]);
    for (const f of [() => amax(x, 0), () => amin(x, 0), () => sum(x, 0), () => softmax(x, 0), () => logSoftmax(x, 0)]) {
      const [actual, expected] = onBoth(f);
      expectClose(actual, expected, { atol: 1e-6, rtol: 1e-6 });
    }
  });

  it('keeps rows apart when a row is not a whole number of vectors', () => {
    // Rows of 5 floats: each row's last vector reaches 3 floats into the next row in linear memory.
    const x = fromTypedArray(Float32Array.from({ length: 7 * 5 }, (_, i) => i % 7), [7, 5]);
    const [actual, expected] = onBoth(() => softmax(x, 0));
    expectClose(actual, expected, { atol: 1e-7, rtol: 1e-6 });
  });
});

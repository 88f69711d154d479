import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { erf, exp, fromTypedArray, getBackend, log, logSoftmax, max, maximum, minimum, randn, setBackend, sigmoid, softmax, sum, tanh, manualSeed } from '../../index.js';
import { erf as erfReference } from '../cpu/erf.js';
import { expectClose } from '../../testing/index.js';

const bits = new Float32Array(1);
const word = new Int32Array(bits.buffer);

/** Position of a float32 on the number line in ulps (negative floats below zero). */
function ordinal(x: number): number {
  bits[0] = x;
  return word[0] < 0 ? -(word[0] & 0x7fffffff) : word[0];
}

/** Largest distance in float32 ulps between `f` on the wasm backend and `reference` rounded to float32. */
function maxUlpError(f: typeof exp, reference: (x: number) => number, xs: Float32Array): number {
  const ys = f(fromTypedArray(xs, [xs.length])).dataSync();
  let worst = 0;
  for (let i = 0; i < xs.length; i++) {
    const expected = Math.fround(reference(xs[i]));
    if (Object.is(ys[i], expected)) continue;
    worst = Math.max(worst, Math.abs(ordinal(ys[i]) - ordinal(expected)));
  }
  return worst;
}

function sweep(lo: number, hi: number, n: number, logScale = false): Float32Array {
  const xs = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / (n - 1);
    xs[i] = logScale ? Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * t) : lo + (hi - lo) * t;
  }
  return xs;
}

describe('wasm element-wise accuracy', () => {
  let previous = 'cpu';
  beforeEach(() => {
    previous = getBackend();
    setBackend('wasm');
    manualSeed(0);
  });
  afterEach(() => {
    setBackend(previous);
  });

  // NOTE: results in the subnormal range count ulps of the subnormal spacing, so `exp` and
  // `sigmoid` sweeps stop where their results would become subnormal; specials are checked below.
  it.each([
    ['exp', exp, Math.exp, sweep(-87, 88.7, 400_000), 1],
    ['log', log, Math.log, sweep(1e-37, 3e38, 400_000, true), 1],
    ['tanh', tanh, Math.tanh, sweep(-10, 10, 400_000), 2],
    ['sigmoid', sigmoid, (x: number) => 1 / (1 + Math.exp(-x)), sweep(-87, 30, 400_000), 2],
    ['erf', erf, erfReference, sweep(-6, 6, 400_000), 8],
    ['erf', erf, erfReference, sweep(1e-30, 0.5, 400_000, true), 8],
  ] as const)('%s is within %i ulp of Math on a dense sweep', (_, f, reference, xs, ulps) => {
    expect(maxUlpError(f, reference, xs)).toBeLessThanOrEqual(ulps);
  });

  it('handles zeros, infinities, NaN and subnormals as Math does', () => {
    // Five copies: 40 values reach both the four-vector loops and the one-vector tails.
    const specials = [0, -0, Infinity, -Infinity, NaN, 1e-45, -200, 200];
    const xs = new Float32Array(Array.from({ length: 5 }, () => specials).flat());
    const check = (f: typeof exp, reference: (x: number) => number): void => {
      const ys = Array.from(f(fromTypedArray(xs, [xs.length])).dataSync());
      expect(ys).toEqual(Array.from(xs, (x) => Math.fround(reference(x))));
    };
    check(exp, Math.exp);
    check(log, Math.log);
    check(tanh, Math.tanh);
    check(sigmoid, (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))));
    // erf(1e-45) is 1.13e-45, a subnormal: the rational form loses it to 0 (the only such miss).
    const ys = Array.from(erf(fromTypedArray(xs, [xs.length])).dataSync());
    expect(ys).toEqual(Array.from(xs, (x) => (x === Math.fround(1e-45) ? 0 : Math.fround(erfReference(x)))));
  });

  it.each([['exp', exp], ['sigmoid', sigmoid], ['tanh', tanh]] as const)('%s gives the same bits whether or not a vector group fits exp\'s one-scaling range', (_, f) => {
    // A NaN in a group of 16 sends the whole group through exp's clamping path; every other
    // position must match the result it gets in a group of in-range values.
    const xs = sweep(-90, 90, 160_000);
    const plain = f(fromTypedArray(xs, [xs.length])).dataSync();
    for (const hole of [0, 7]) {
      const holed = xs.slice();
      for (let i = hole; i < holed.length; i += 16) holed[i] = NaN;
      const ys = f(fromTypedArray(holed, [holed.length])).dataSync();
      let mismatches = 0;
      for (let i = 0; i < xs.length; i++) if (i % 16 !== hole && !Object.is(ys[i], plain[i])) mismatches++;
      expect(mismatches).toBe(0);
    }
  });

  it('maximum and minimum break ±0 ties and pass NaN as the cpu rows do, at every size', () => {
    // A view and its contiguous copy may take different backends (size thresholds, threads),
    // so the wasm kernels must agree with the cpu rows bit for bit, signed zeros included.
    const pairs = [[0, -0], [-0, 0], [1, NaN], [NaN, 1], [-Infinity, Infinity], [2, -3]];
    const signs = (x: ArrayLike<number>) => Array.from(x, (v) => (Object.is(v, -0) ? '-0' : String(v)));
    for (const copies of [1, 20]) {
      const a = new Float32Array(Array.from({ length: copies }, () => pairs.map(([x]) => x)).flat());
      const b = new Float32Array(Array.from({ length: copies }, () => pairs.map(([, y]) => y)).flat());
      for (const f of [maximum, minimum]) {
        const run = () => signs(f(fromTypedArray(a, [a.length]), fromTypedArray(b, [b.length])).dataSync());
        const onWasm = run();
        setBackend('cpu');
        expect([copies, onWasm]).toEqual([copies, run()]);
        setBackend('wasm');
      }
    }
  });

  it('sums in doubles and reduces rows of any length like cpu', () => {
    for (const shape of [[100_003], [7, 13], [3, 1001], [20, 9000], [5, 1]]) {
      const x = randn(shape);
      setBackend('cpu');
      const expected = [sum(x, -1), max(x, -1).values, softmax(x, -1), logSoftmax(x, -1)];
      setBackend('wasm');
      const actual = [sum(x, -1), max(x, -1).values, softmax(x, -1), logSoftmax(x, -1)];
      for (let i = 0; i < actual.length; i++) expectClose(actual[i], expected[i], { atol: 1e-6, rtol: 1e-5 });
    }
  });
});

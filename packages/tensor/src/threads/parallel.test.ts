import { beforeAll, describe, expect, it } from 'vitest';
import type { NDArray} from '../index.js';
import {
  add, astype, bmm, getBackend, clamp, cumsum, exp, fusedAdam_, fusedSgd_, gelu, gt, linear, logsumexp, manualSeed, matmul, max, mul, randint, randn, setNumThreads,
  slice, softmax, sum, tidy, transpose, variance, where, zeros,
} from '../index.js';
import { sharedLinearMemory } from '../kernels/wasm/runtime.js';
import { forEachThreadCount } from '../testing/index.js';
import { columnSplits, setCallerClaims, splitCounts } from './parallel.js';

/** Every case draws its inputs from seed 0, so each thread count sees the same arrays. */
const CASES: Record<string, () => NDArray | NDArray[]> = {
  'matmul 67x300 @ 300x45 (row panels; k spans two blocks)': () => matmul(randn([67, 300]), randn([300, 45])),
  'matmul of a transposed left side': () => matmul(transpose(randn([130, 40]), 0, 1), randn([130, 33])),
  'bmm 3 x [40, 50] @ [50, 30] (split by batch)': () => bmm(randn([3, 40, 50]), randn([3, 50, 30])),
  'matmul [2, 48, 20] @ [20, 9] (a broadcast right side, split by batch)': () => matmul(randn([2, 48, 20]), randn([20, 9])),
  'linear 200x300 · (45x300)ᵀ + bias (row panels add the bias)': () => linear(randn([200, 300]), randn([45, 300]), randn([45])),
  // Made inside tidy, the products are resident, so a wide one splits into column panels.
  'matmul 40x70 @ 70x130 inside tidy (column panels)': () => tidy(() => matmul(randn([40, 70]), randn([70, 130]))),
  'linear 48x300 · (200x300)ᵀ + strided bias inside tidy (column panels add their part of it)': () =>
    tidy(() => linear(randn([48, 300]), randn([200, 300]), slice(randn([400]), 0, { step: 2 }))),
  'matmul float64': () => matmul(randn([40, 70], { dtype: 'float64' }), randn([70, 24], { dtype: 'float64' })),
  'matmul int32 (wrapping)': () => matmul(randint(-1000, 1000, [32, 40]), randint(-1000, 1000, [40, 16])),
  'add with a broadcast row': () => add(randn([200, 30]), randn([30])),
  'mul by a scalar': () => mul(randn([5000]), 3.5),
  'exp of a transposed view': () => exp(transpose(randn([60, 70]), 0, 1)),
  'gelu, clamp, gt': () => {
    const x = randn([3000]);
    return [gelu(x), clamp(x, { min: -0.5, max: 0.5 }), gt(x, 0)];
  },
  'where with broadcast branches': () => {
    const x = randn([80, 50]);
    return where(gt(x, 0), x, randn([50]));
  },
  'sum over the last dim, and over the first': () => {
    const x = randn([90, 70]);
    return [sum(x, 1), sum(x, 0), sum(astype(x, 'float64'), 1)];
  },
  'max with indices': () => {
    const { values, indices } = max(randn([90, 70]), 1);
    return [values, indices];
  },
  'softmax, cumsum, variance, logsumexp': () => {
    const x = randn([64, 33]);
    return [softmax(x, -1), cumsum(x, 1), variance(x, 1), logsumexp(x, 1)];
  },
  'fusedSgd_ with momentum, on ordinary and on shared arrays': () => {
    const [param, grad, shared] = [randn([3000]), randn([3000]), randn([3000], { shared: true })];
    const [buffer, sharedBuffer] = [zeros([3000]), zeros([3000], { shared: true })];
    for (const firstStep of [true, false]) {
      fusedSgd_(param, grad, { lr: 0.1, momentum: 0.9, weightDecay: 0.01, momentumBuffer: buffer, firstStep });
      fusedSgd_(shared, grad, { lr: 0.1, momentum: 0.9, nesterov: true, momentumBuffer: sharedBuffer, firstStep });
    }
    return [param, buffer, shared, sharedBuffer];
  },
  'fusedAdam_ with amsgrad': () => {
    const [param, grad] = [randn([3000]), randn([3000])];
    const state = [zeros([3000]), zeros([3000]), zeros([3000])];
    for (const step of [1, 2]) fusedAdam_(param, grad, state[0], state[1], { lr: 0.01, step, weightDecay: 0.1, maxExpAvgSq: state[2] });
    return [param, ...state];
  },
};

/** The values as doubles (exact for every dtype); toEqual tells -0 from 0 and matches NaN to NaN. */
function bits(x: NDArray): number[] {
  return Array.from(x.dataSync(), Number);
}

function run(name: string): number[][] {
  manualSeed(0);
  const result = CASES[name]();
  return (Array.isArray(result) ? result : [result]).map(bits);
}

const reference: Record<string, number[][]> = {};

beforeAll(() => {
  setNumThreads(1);
  for (const name of Object.keys(CASES)) reference[name] = run(name);
});

describe('parallel kernels', () => {
  forEachThreadCount((threads) => {
    it.each(Object.keys(CASES))('%s equals the one-thread result bit for bit', (name) => {
      expect(run(name)).toEqual(reference[name]);
    });

    it.runIf(threads > 1).each(Object.keys(CASES))('%s equals it when workers run every chunk on staged copies', (name) => {
      const previous = setCallerClaims(false);
      try {
        expect(run(name)).toEqual(reference[name]);
      } finally {
        setCallerClaims(previous);
      }
    });

    it.runIf(threads > 1)('actually split matmul, element-wise, reduction and optimizer calls', () => {
      const before = { ...splitCounts };
      for (const name of Object.keys(CASES)) run(name);
      const kernels = ['matmul', 'binary', 'unary', 'where', 'reduce', 'softmax', 'scan', 'statistic', 'sgdStep', 'adamStep'] as const;
      const split = kernels.filter((kernel) => (splitCounts[kernel] ?? 0) > (before[kernel] ?? 0));
      expect(split).toEqual(kernels);
    });

    it.runIf(threads > 1 && sharedLinearMemory && getBackend() === 'wasm')('split wide resident products into column panels', () => {
      const before = columnSplits.count;
      run('matmul 40x70 @ 70x130 inside tidy (column panels)');
      expect(columnSplits.count).toBeGreaterThan(before);
    });
  }, [1, 2, 3]);
});

import { beforeAll, describe, expect, it } from 'vitest';
import { clone, expand, getBackend, linear, manualSeed, matmul, randn, setNumThreads, slice, tidy, transpose, type NDArray } from '../../index.js';
import { setResidentEverywhere } from '../../memory/resident.js';
import { forEachThreadCount } from '../../testing/index.js';
import { addressOf, sharedLinearMemory } from './runtime.js';

// Resident operands are packed where they are and a resident product written in place; that
// must give the bits of the copy path (operands copied into scratch, product copied out), on
// one thread and split across workers (which run over the same memory).

/** Each case builds its operands with `own` (a JS array, or a resident copy) from seed 0. */
const CASES: Record<string, (own: (x: NDArray) => NDArray) => NDArray> = {
  'A·B 67x300 @ 300x45': (own) => matmul(own(randn([67, 300])), own(randn([300, 45]))),
  'Aᵀ·B': (own) => matmul(transpose(own(randn([130, 40])), 0, 1), own(randn([130, 33]))),
  'A·Bᵀ': (own) => matmul(own(randn([40, 130])), transpose(own(randn([33, 130])), 0, 1)),
  'Aᵀ·Bᵀ': (own) => matmul(transpose(own(randn([130, 40])), 0, 1), transpose(own(randn([33, 130])), 0, 1)),
  'linear with a strided bias (row panels add it)': (own) => linear(own(randn([200, 300])), own(randn([45, 300])), slice(own(randn([90])), 0, { step: 2 })),
  'A·B 40x70 @ 70x130 (wide: column panels on 2 threads)': (own) => matmul(own(randn([40, 70])), own(randn([70, 130]))),
  'linear 48x300 · (200x300)ᵀ with a strided bias (column panels add their part of it)': (own) => linear(own(randn([48, 300])), own(randn([200, 300])), slice(own(randn([400])), 0, { step: 2 })),
  'batch 3 with a broadcast right side and a bias': (own) => linear(own(randn([3, 48, 20])), own(randn([30, 20])), own(randn([30]))),
  'batch 2 with an expanded operand': (own) => matmul(own(randn([2, 40, 20])), expand(own(randn([1, 20, 15])), [2, 20, 15])),
  'offset views (slices that start inside their storage)': (own) => matmul(
    slice(slice(own(randn([70, 90])), 0, { start: 3, end: 67 }), 1, { start: 5, end: 85, step: 2 }),
    slice(own(randn([50, 41])), 0, { start: 10 }),
  ),
};

function bits(x: NDArray): number[] {
  return Array.from(x.dataSync(), Number);
}

const reference: Record<string, number[]> = {};

describe.runIf(sharedLinearMemory && getBackend() === 'wasm')('wasm matmul on resident storage', () => {
  beforeAll(() => {
    setNumThreads(1);
    const everywhere = setResidentEverywhere(false);
    for (const [name, f] of Object.entries(CASES)) {
      manualSeed(0);
      const product = f((x) => x);
      if (addressOf(product.data) !== -1) throw new Error(`${name}: the copy path's product is resident`);
      reference[name] = bits(product);
    }
    setResidentEverywhere(everywhere);
  });

  forEachThreadCount(() => {
    it.each(Object.keys(CASES))('%s equals the copy path bit for bit', (name) => {
      manualSeed(0);
      const product = tidy(() => CASES[name]((x) => {
        const copy = clone(x);
        // Storage of 256 elements and more is resident (the bias rows here are smaller).
        expect(addressOf(copy.data) >= 0).toBe(copy.size >= 256);
        return copy;
      }));
      expect(addressOf(product.data)).toBeGreaterThanOrEqual(0);
      expect(bits(product)).toEqual(reference[name]);
      product.dispose();
    });
  });
});

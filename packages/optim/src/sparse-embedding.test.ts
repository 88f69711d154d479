// End to end: autograd's sparse `embedding` fills `weight.sparseGrad` in backward, and the
// optimizers update only the looked-up rows. (optim may not import @dl/nn, so the primitive is
// used directly, as nn's Embedding({ sparse: true }) does.)
import { describe, expect, it } from 'vitest';
import * as nd from '@dl/tensor';
import { Generator, type NDArray } from '@dl/tensor';
import { expectClose } from '@dl/tensor/testing';
import { embedding, mul, sum, tensor, type Tensor } from '@dl/autograd';
import { SGD } from './sgd.js';
import { SparseAdam } from './sparse-adam.js';

const ROWS = 1000;
const DIM = 16;
// Five distinct rows, looked up in a [2, 4] batch with repeats.
const BATCH = nd.array([[17, 998, 3, 17], [512, 3, 40, 17]], { dtype: 'int32' });
const TOUCHED = [3, 17, 40, 512, 998];

function table(seed: number): Tensor {
  return tensor(nd.randn([ROWS, DIM], { generator: new Generator(seed) }), { requiresGrad: true });
}

/** sum(embedding · target): every lookup gets its own gradient row, repeats add up. */
function backward(weight: Tensor, sparse: boolean): void {
  const target = nd.randn([...BATCH.shape, DIM], { generator: new Generator(7) });
  sum(mul(embedding(weight, BATCH, { sparse }), target)).backward();
}

/** Indices of the rows that differ between two [ROWS, DIM] tables. */
function changedRows(before: NDArray, after: NDArray): number[] {
  const differs = nd.any(nd.ne(before, after), 1).dataSync();
  return Array.from(differs.keys()).filter((row) => differs[row] !== 0);
}

describe('sparse embedding training step', () => {
  it('SGD changes only the looked-up rows, by the same numbers as the dense gradient', () => {
    const sparse = table(1);
    const dense = table(1);
    const before = nd.clone(sparse.data);
    backward(sparse, true);
    backward(dense, false);
    expect(sparse.grad).toBeNull();
    expect(sparse.sparseGrad?.indices.size).toBe(BATCH.size);
    new SGD([sparse], { lr: 0.5 }).step();
    new SGD([dense], { lr: 0.5 }).step();
    expect(changedRows(before, sparse.data)).toEqual(TOUCHED);
    expectClose(sparse.data, dense.data, { atol: 1e-6 });
  });

  it('SGD with momentum falls back to a dense update and still matches the dense path', () => {
    const sparse = table(2);
    const dense = table(2);
    const optimizers = [new SGD([sparse], { lr: 0.1, momentum: 0.9 }), new SGD([dense], { lr: 0.1, momentum: 0.9 })];
    for (let step = 0; step < 2; step++) {
      optimizers.forEach((optimizer) => { optimizer.zeroGrad(); });
      backward(sparse, true);
      backward(dense, false);
      optimizers.forEach((optimizer) => { optimizer.step(); });
    }
    expectClose(sparse.data, dense.data, { atol: 1e-6 });
  });

  it('SparseAdam changes only the looked-up rows of the weights and of both moments', () => {
    const weight = table(3);
    const before = nd.clone(weight.data);
    const optimizer = new SparseAdam([weight], { lr: 0.01 });
    backward(weight, true);
    optimizer.step();
    expect(changedRows(before, weight.data)).toEqual(TOUCHED);
    const state = optimizer.state.get(weight);
    if (state === undefined) throw new Error('no SparseAdam state');
    const zeros = nd.zeros([ROWS, DIM]);
    expect(changedRows(zeros, state.expAvg)).toEqual(TOUCHED);
    expect(changedRows(zeros, state.expAvgSq)).toEqual(TOUCHED);
    // Each touched row moves by lr in every coordinate on Adam's first step (|m̂ / √v̂| = 1).
    expectClose(nd.abs(nd.sub(nd.indexSelect(weight.data, 0, nd.array(TOUCHED, { dtype: 'int32' })), nd.indexSelect(before, 0, nd.array(TOUCHED, { dtype: 'int32' })))), nd.full([5, DIM], 0.01), { atol: 1e-6 });
    optimizer.zeroGrad();
    expect(weight.sparseGrad).toBeNull();
  });

  it('accumulates two backward passes before one step, as the dense gradient does', () => {
    const sparse = table(4);
    const dense = table(4);
    for (let pass = 0; pass < 2; pass++) {
      backward(sparse, true);
      backward(dense, false);
    }
    expect(sparse.sparseGrad?.indices.size).toBe(2 * BATCH.size);
    new SGD([sparse], { lr: 0.5 }).step();
    new SGD([dense], { lr: 0.5 }).step();
    expectClose(sparse.data, dense.data, { atol: 1e-6 });
  });
});

import { describe, expect, it } from 'vitest';
import { array, ones, zeros } from '@dl/tensor';
import { expectClose } from '@dl/tensor/testing';
import { tensor } from '@dl/autograd';
import { DTYPES, replaySparse, sparseCases, TOLERANCE } from './__fixtures__/fixtures.js';
import { SparseAdam } from './sparse-adam.js';
import { setSparseGrad } from './sparse-grad.js';

describe('SparseAdam', () => {
  for (const testCase of sparseCases('SparseAdam')) {
    for (const dtype of DTYPES) {
      it(`follows PyTorch's trajectory: ${testCase.name} (${dtype})`, () => {
        const { actual, expected } = replaySparse(testCase, dtype);
        expectClose(actual, expected, TOLERANCE[dtype]);
      });
    }
  }

  it('changes only the touched rows of the weights and of both moments', () => {
    const weight = tensor(array([[1, 1], [2, 2], [3, 3]]), { requiresGrad: true });
    const optimizer = new SparseAdam([weight], { lr: 0.1 });
    setSparseGrad(weight, { indices: array([0], { dtype: 'int32' }), values: ones([1, 2]) });
    optimizer.step();
    setSparseGrad(weight, { indices: array([2], { dtype: 'int32' }), values: ones([1, 2]) });
    optimizer.step();
    const state = optimizer.state.get(weight)!;
    // Row 2's first update is bias-corrected for step 2: the step counts the parameter's steps, as PyTorch's.
    const row2 = 3 - ((0.1 * Math.sqrt(1 - 0.999 ** 2)) / (1 - 0.9 ** 2)) * (0.1 / (Math.sqrt(0.001) + 1e-8));
    expectClose(weight.data, [[0.9, 0.9], [2, 2], [row2, row2]], { atol: 1e-6 });
    expect((weight.toArray() as number[][])[1]).toEqual([2, 2]);
    expectClose(state.expAvg, [[0.1, 0.1], [0, 0], [0.1, 0.1]]);
    expect(state.step).toBe(2);
  });

  it('counts a step whose gradient has no rows without changing anything', () => {
    const weight = tensor(array([[1, 2]]), { requiresGrad: true });
    const optimizer = new SparseAdam([weight]);
    setSparseGrad(weight, { indices: array([], { dtype: 'int32' }), values: zeros([0, 2]) });
    optimizer.step();
    expect(optimizer.state.get(weight)!.step).toBe(1);
    expect(weight.toArray()).toEqual([[1, 2]]);
  });

  it('refuses dense gradients, pointing to Adam', () => {
    const weight = tensor(array([[1, 2]]), { requiresGrad: true });
    weight.grad = ones([1, 2]);
    expect(() => { new SparseAdam([weight]).step(); }).toThrow(/SparseAdam: does not support dense gradients \(parameter of shape \[1, 2\] has a dense grad\)\nhint: use Adam/);
  });

  it.each([
    [{ lr: 0 }, /SparseAdam: invalid learning rate 0 \(expected > 0\)/],
    [{ eps: 0 }, /SparseAdam: invalid epsilon 0 \(expected > 0\)/],
    [{ betas: [0.9, 1] as const }, /SparseAdam: invalid betas\[1\] 1 \(expected in \[0, 1\)\)/],
  ])('rejects invalid hyperparameters %o', (options, message) => {
    expect(() => new SparseAdam([tensor([1], { requiresGrad: true })], options)).toThrow(message);
  });
});

import { describe, expect, it } from 'vitest';
import { array, ones } from '@dl/tensor';
import { expectClose } from '@dl/tensor/testing';
import { tensor } from '@dl/autograd';
import { DTYPES, denseCases, replayDense, replaySparse, sparseCases, TOLERANCE } from './__fixtures__/fixtures.js';
import { Adagrad } from './adagrad.js';
import { setSparseGrad } from './sparse-grad.js';

describe('Adagrad', () => {
  for (const testCase of denseCases('Adagrad')) {
    for (const dtype of DTYPES) {
      it(`follows PyTorch's trajectory: ${testCase.name} (${dtype})`, () => {
        const { actual, expected } = replayDense(testCase, dtype);
        expectClose(actual, expected, TOLERANCE[dtype]);
      });
    }
  }

  for (const testCase of sparseCases('Adagrad')) {
    for (const dtype of DTYPES) {
      it(`follows PyTorch's trajectory with row-sparse gradients: ${testCase.name} (${dtype})`, () => {
        const { actual, expected } = replaySparse(testCase, dtype);
        expectClose(actual, expected, TOLERANCE[dtype]);
      });
    }
  }

  it('starts the sum of squares at initialAccumulatorValue', () => {
    const x = tensor([[1, 2]], { requiresGrad: true });
    x.grad = array([[0, 0]]);
    const optimizer = new Adagrad([x], { initialAccumulatorValue: 0.5 });
    optimizer.step();
    expectClose(optimizer.state.get(x)!.sum, [[0.5, 0.5]]);
  });

  it('sums repeated rows of a sparse gradient before squaring them', () => {
    const x = tensor([[0, 0], [0, 0]], { requiresGrad: true });
    setSparseGrad(x, { indices: array([1, 1], { dtype: 'int32' }), values: ones([2, 2]) });
    const optimizer = new Adagrad([x], { lr: 1, eps: 0 });
    optimizer.step();
    expectClose(optimizer.state.get(x)!.sum, [[0, 0], [4, 4]]);
    expectClose(x.data, [[0, 0], [-1, -1]]);
  });

  it('refuses weight decay with a sparse gradient', () => {
    const x = tensor([[1, 2]], { requiresGrad: true });
    setSparseGrad(x, { indices: array([0], { dtype: 'int32' }), values: ones([1, 2]) });
    expect(() => { new Adagrad([x], { weightDecay: 0.1 }).step(); }).toThrow(/Adagrad: weightDecay 0.1 is not compatible with sparse gradients/);
  });

  it.each([
    [{ lr: -1 }, /Adagrad: invalid learning rate -1 \(expected >= 0\)/],
    [{ lrDecay: -1 }, /Adagrad: invalid lrDecay -1 \(expected >= 0\)/],
    [{ weightDecay: -1 }, /Adagrad: invalid weight decay -1 \(expected >= 0\)/],
    [{ initialAccumulatorValue: -1 }, /Adagrad: invalid initialAccumulatorValue -1 \(expected >= 0\)/],
    [{ eps: -1 }, /Adagrad: invalid epsilon -1 \(expected >= 0\)/],
  ])('rejects invalid hyperparameters %o', (options, message) => {
    expect(() => new Adagrad([tensor([1], { requiresGrad: true })], options)).toThrow(message);
  });
});

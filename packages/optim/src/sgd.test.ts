import { describe, expect, it } from 'vitest';
import { array, ones } from '@dl/tensor';
import { expectClose } from '@dl/tensor/testing';
import { tensor } from '@dl/autograd';
import { DTYPES, denseCases, replayDense, replaySparse, sparseCases, TOLERANCE } from './__fixtures__/fixtures.js';
import { SGD } from './sgd.js';
import { setSparseGrad } from './sparse-grad.js';

describe('SGD', () => {
  for (const testCase of denseCases('SGD')) {
    for (const dtype of DTYPES) {
      it(`follows PyTorch's trajectory: ${testCase.name} (${dtype})`, () => {
        const { actual, expected } = replayDense(testCase, dtype);
        expectClose(actual, expected, TOLERANCE[dtype]);
      });
    }
  }

  for (const testCase of sparseCases('SGD')) {
    for (const dtype of DTYPES) {
      it(`follows PyTorch's trajectory with row-sparse gradients: ${testCase.name} (${dtype})`, () => {
        const { actual, expected } = replaySparse(testCase, dtype);
        expectClose(actual, expected, TOLERANCE[dtype]);
      });
    }
  }

  it('leaves the rows a plain sparse step does not touch bit for bit unchanged', () => {
    const weight = tensor(array([[1, 2], [3, 4], [5, 6]]), { requiresGrad: true });
    setSparseGrad(weight, { indices: array([2, 2], { dtype: 'int32' }), values: ones([2, 2]) });
    new SGD([weight], { lr: 0.5 }).step();
    expect(weight.toArray()).toEqual([[1, 2], [3, 4], [4, 5]]);
  });

  it('adds a dense and a sparse gradient of the same parameter', () => {
    const weight = tensor(array([[0, 0], [0, 0]]), { requiresGrad: true });
    weight.grad = ones([2, 2]);
    setSparseGrad(weight, { indices: array([1], { dtype: 'int32' }), values: array([[2, 3]]) });
    new SGD([weight], { lr: 1 }).step();
    expectClose(weight.data, [[-1, -1], [-3, -4]]);
  });

  it('defaults lr to 1e-3 as PyTorch 2', () => {
    expect(new SGD([tensor([1], { requiresGrad: true })]).defaults.lr).toBe(1e-3);
  });

  it.each([
    [{ lr: -1 }, /SGD: invalid learning rate -1 \(expected >= 0\)/],
    [{ momentum: -0.5 }, /SGD: invalid momentum -0.5 \(expected >= 0\)/],
    [{ weightDecay: -1 }, /SGD: invalid weight decay -1 \(expected >= 0\)/],
    [{ lr: Number.NaN }, /SGD: invalid learning rate NaN/],
    [{ nesterov: true }, /SGD: nesterov momentum requires a momentum > 0 and zero dampening \(got momentum 0, dampening 0\)/],
    [{ nesterov: true, momentum: 0.9, dampening: 0.1 }, /SGD: nesterov momentum requires a momentum > 0 and zero dampening \(got momentum 0.9, dampening 0.1\)/],
  ])('rejects invalid hyperparameters %o', (options, message) => {
    expect(() => new SGD([tensor([1], { requiresGrad: true })], options)).toThrow(message);
  });
});

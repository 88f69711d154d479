import { describe, expect, it } from 'vitest';
import { array, ones } from '@dl/tensor';
import { expectClose } from '@dl/tensor/testing';
import { tensor } from '@dl/autograd';
import { DTYPES, denseCases, replayDense, TOLERANCE } from './__fixtures__/fixtures.js';
import { Adam } from './adam.js';
import { AdamW } from './adamw.js';
import { setSparseGrad } from './sparse-grad.js';

const param = () => tensor([1, 2], { requiresGrad: true });

describe('Adam', () => {
  for (const testCase of denseCases('Adam')) {
    for (const dtype of DTYPES) {
      it(`follows PyTorch's trajectory: ${testCase.name} (${dtype})`, () => {
        const { actual, expected } = replayDense(testCase, dtype);
        expectClose(actual, expected, TOLERANCE[dtype]);
      });
    }
  }

  it('moves each coordinate by about lr on the first step', () => {
    const x = param();
    x.grad = array([3, -0.5]);
    new Adam([x], { lr: 0.1 }).step();
    expectClose(x.data, [0.9, 2.1], { atol: 1e-6 });
  });

  it('keeps amsgrad’s running maximum in state', () => {
    const x = param();
    const optimizer = new Adam([x], { amsgrad: true });
    x.grad = array([2, 2]);
    optimizer.step();
    x.grad = array([0, 0]);
    optimizer.step();
    const state = optimizer.state.get(x)!;
    expect(state.step).toBe(2);
    expectClose(state.maxExpAvgSq!, [0.004, 0.004]);
  });

  it('refuses row-sparse gradients, pointing to SparseAdam', () => {
    const x = tensor([[1, 2]], { requiresGrad: true });
    setSparseGrad(x, { indices: array([0], { dtype: 'int32' }), values: ones([1, 2]) });
    expect(() => { new Adam([x]).step(); }).toThrow(/Adam: does not support sparse gradients \(parameter of shape \[1, 2\] has a sparseGrad, nnz 1\)\nhint: use SparseAdam/);
  });

  it.each([
    [{ lr: -0.1 }, /Adam: invalid learning rate -0.1 \(expected >= 0\)/],
    [{ eps: -1 }, /Adam: invalid epsilon -1 \(expected >= 0\)/],
    [{ betas: [1, 0.999] as const }, /Adam: invalid betas\[0\] 1 \(expected in \[0, 1\)\)/],
    [{ betas: [0.9, -0.1] as const }, /Adam: invalid betas\[1\] -0.1 \(expected in \[0, 1\)\)/],
    [{ betas: [0.9] as unknown as [number, number] }, /Adam: invalid betas \[0.9\] \(expected a pair \[beta1, beta2\]\)/],
    [{ weightDecay: -1 }, /Adam: invalid weight decay -1 \(expected >= 0\)/],
  ])('rejects invalid hyperparameters %o', (options, message) => {
    expect(() => new Adam([param()], options)).toThrow(message);
  });
});

describe('AdamW', () => {
  for (const testCase of denseCases('AdamW')) {
    for (const dtype of DTYPES) {
      it(`follows PyTorch's trajectory: ${testCase.name} (${dtype})`, () => {
        const { actual, expected } = replayDense(testCase, dtype);
        expectClose(actual, expected, TOLERANCE[dtype]);
      });
    }
  }

  it('defaults weightDecay to 1e-2 and names itself in errors', () => {
    expect(new AdamW([param()]).defaults.weightDecay).toBe(1e-2);
    expect(() => new AdamW([param()], { lr: -1 })).toThrow(/AdamW: invalid learning rate -1/);
  });

  it('shrinks a parameter with a zero gradient by lr * weightDecay', () => {
    const x = param();
    x.grad = array([0, 0]);
    new AdamW([x], { lr: 0.1, weightDecay: 0.5 }).step();
    expectClose(x.data, [0.95, 1.9]);
  });
});

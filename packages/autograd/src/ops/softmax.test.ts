import * as nd from '@dl/tensor';
import { arbShape, expectClose } from '@dl/tensor/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leaf } from '../testing/check-op.js';
import { gradcheck } from '../testing/index.js';
import { tensor, type Tensor } from '../tensor.js';
import { logSoftmax, softmax, softmaxCrossEntropy } from './softmax.js';

const runs = { seed: 5, numRuns: 12 };

const arbCase = fc
  .tuple(arbShape({ maxSize: 24 }), fc.nat(), fc.boolean(), fc.nat())
  .map(([shape, seed, strided, pick]) => ({
    x: leaf(shape, seed, strided),
    dim: shape.length === 0 ? -1 : (pick % (2 * shape.length)) - shape.length,
  }));

const weights = nd.array([1, 2, 3], { dtype: 'float64' });

describe.each([
  ['softmax', softmax, nd.softmax],
  ['logSoftmax', logSoftmax, nd.logSoftmax],
] as const)('%s', (name, op, reference) => {
  it('matches the nd op and gradcheck over random shapes and dims (negative too)', () => {
    fc.assert(
      fc.property(arbCase, ({ x, dim }) => {
        expect(op(x, dim).toArray()).toEqual(reference(x.data, dim).toArray());
        gradcheck((a) => op(a, dim), [x]);
      }),
      runs,
    );
  });

  it('stays finite, values and gradients, for logits of ±1e4', () => {
    for (const logits of [[1e4, -1e4, 0], [1e4, 1e4, 0], [-1e4, -1e4, -1e4]]) {
      const x = tensor(logits, { dtype: 'float64', requiresGrad: true });
      const y = op(x, 0);
      y.backward(weights);
      expect(nd.all(nd.isFinite(y.data)).item()).toBe(1);
      expect(nd.all(nd.isFinite(x.grad!)).item()).toBe(1);
    }
  });

  it('throws naming the op for a missing or out-of-range dim', () => {
    expect(() => op(tensor([[1, 2]]), 2)).toThrow(new RegExp(`${name}: dim 2 out of range for a 2-d array`));
    expect(() => (op as (x: Tensor) => Tensor)(tensor([1, 2]))).toThrow(new RegExp(`${name}: dim is required`));
  });
});

describe('softmax', () => {
  it('matches PyTorch at ±1e4', () => {
    const x = tensor([1e4, 1e4, 0], { dtype: 'float64', requiresGrad: true });
    softmax(x, -1).backward(weights);
    // torch 1.13: (F.softmax(x, -1) * tensor([1., 2., 3.])).sum().backward()
    expectClose(x.grad!, [-0.25, 0.25, 0], { atol: 1e-15 });
  });
});

describe('logSoftmax', () => {
  it('matches PyTorch at ±1e4', () => {
    const x = tensor([1e4, -1e4, 0], { dtype: 'float64', requiresGrad: true });
    const y = logSoftmax(x, -1);
    y.backward(weights);
    // torch 1.13: (F.log_softmax(x, -1) * tensor([1., 2., 3.])).sum().backward()
    expect(y.toArray()).toEqual([0, -20000, -10000]);
    expect(x.grad?.toArray()).toEqual([-5, 2, 3]);
  });
});

describe('softmaxCrossEntropy', () => {
  const labels = nd.array([2, 0], { dtype: 'int32' });

  it('gives the mean gradient (softmax - onehot) / N in one node, and no gradient to the labels', () => {
    const x = tensor([[0, 0, 0], [1, 1, 1]], { dtype: 'float64', requiresGrad: true });
    const loss = softmaxCrossEntropy(x, labels, 'mean');
    loss.backward();
    expect(loss.gradFn?.name).toBe('SoftmaxCrossEntropyBackward');
    expect(loss.item()).toBeCloseTo(Math.log(3), 14);
    expectClose(x.grad!, [[1 / 6, 1 / 6, -1 / 3], [-1 / 3, 1 / 6, 1 / 6]], { atol: 1e-15 });
  });

  it('throws naming a bad reduction and an out-of-range label', () => {
    const x = tensor([[0, 0, 0], [1, 1, 1]]);
    expect(() => softmaxCrossEntropy(x, labels, 'avg' as 'mean')).toThrow(/softmaxCrossEntropy: reduction must be 'none', 'mean' or 'sum', got 'avg'/);
    expect(() => softmaxCrossEntropy(x, nd.array([0, 3], { dtype: 'int32' }), 'sum')).toThrow(/label 3 at index 1 is out of range for 3 classes/);
  });
});

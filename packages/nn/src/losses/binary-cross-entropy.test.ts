import { randn, sigmoid, tensor } from '@dl/autograd';
import { gradcheck } from '@dl/autograd/testing';
import * as nd from '@dl/tensor';
import { manualSeed } from '@dl/tensor';
import { expectClose } from '@dl/tensor/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { checkFixture, fixture, fixtureNames, float64 } from '../__fixtures__/read-fixture.js';
import { BCELoss, BCEWithLogitsLoss, functional as F, type BCEWithLogitsLossOptions } from '../index.js';

beforeEach(() => {
  manualSeed(0);
});

function optionsOf(name: string): BCEWithLogitsLossOptions {
  const { weight, posWeight, ...rest } = fixture(name).options as BCEWithLogitsLossOptions & { weight?: number[]; posWeight?: number[] };
  return { ...rest, ...(weight ? { weight: float64(weight) } : {}), ...(posWeight ? { posWeight: float64(posWeight) } : {}) };
}

const f64 = { dtype: 'float64' as const, requiresGrad: true };

describe('BCELoss', () => {
  it.each(fixtureNames('BCELoss_').filter((name) => name !== 'BCELoss_clamp'))('matches PyTorch: %s', (name) => {
    expect(() => {
      checkFixture(name, new BCELoss(optionsOf(name)));
    }).not.toThrow();
  });

  it('clamps the log at -100 as PyTorch, so p = 0 and p = 1 give finite losses', () => {
    const { inputs, output } = fixture('BCELoss_clamp');
    const p = tensor(inputs.input, { dtype: 'float64', requiresGrad: true });
    const loss = F.binaryCrossEntropy(p, float64(inputs.target), { reduction: 'none' });
    expectClose(loss.data, output, { atol: 1e-10 });
    loss.sum().backward();
    expect(Array.from(p.grad!.dataSync()).every(Number.isFinite)).toBe(true);
  });

  it('clamps in float32 too', () => {
    expect(F.binaryCrossEntropy(tensor([0, 1]), tensor([1, 0])).item()).toBe(100);
  });

  it('gives PyTorch\'s finite float32 gradients for probabilities at and near 0 and 1 (#9)', () => {
    const p = tensor([0, 1e-45, 1e-7, 0.99999994, 1], { requiresGrad: true });
    F.binaryCrossEntropy(p, tensor([1, 1, 0, 0, 0]), { reduction: 'sum' }).backward();
    // (p - y) / max(p·(1 - p), 1e-12), PyTorch's binary_cross_entropy_backward.
    expectClose(p.grad!, [-1e12, -1e12, 1.0000001, 16777216, 1e12], { rtol: 1e-6 });
  });

  it('passes gradcheck in input and target', () => {
    const p = tensor(nd.add(nd.mul(nd.rand([3, 2], { dtype: 'float64' }), 0.9), 0.05), { requiresGrad: true });
    gradcheck((x, y) => F.binaryCrossEntropy(x, y, { weight: nd.array([0.3, 2], { dtype: 'float64' }) }), [p, tensor(nd.rand([3, 2], { dtype: 'float64' }), { requiresGrad: true })]);
  });

  it('throws on inputs outside [0, 1], hinting at the logits version', () => {
    expect(() => F.binaryCrossEntropy(tensor([0.5, 1.5]), tensor([0, 1]))).toThrow(
      /binaryCrossEntropy: all elements of input must be between 0 and 1, got values in \[0.5, 1.5\]\nhint: apply sigmoid, or use binaryCrossEntropyWithLogits/,
    );
  });

  it('throws on integer targets and on weights that do not broadcast', () => {
    expect(() => F.binaryCrossEntropy(tensor([0.5]), tensor([1], { dtype: 'int32' }))).toThrow(/binaryCrossEntropy: input and target must be floating point, got float32 and int32/);
    expect(() => F.binaryCrossEntropy(sigmoid(randn([2, 3])), nd.zeros([2, 3]), { weight: nd.ones([4, 1, 3]) })).toThrow(
      /binaryCrossEntropy: weight of shape \[4, 1, 3\] does not broadcast to the input shape \[2, 3\]/,
    );
  });
});

describe('BCEWithLogitsLoss', () => {
  it.each(fixtureNames('BCEWithLogitsLoss_'))('matches PyTorch: %s', (name) => {
    expect(() => {
      checkFixture(name, new BCEWithLogitsLoss(optionsOf(name)));
    }).not.toThrow();
  });

  it('has the slope sigmoid(x) - y at x = 0', () => {
    const x = tensor([0, 0], { requiresGrad: true });
    F.binaryCrossEntropyWithLogits(x, tensor([1, 0]), { reduction: 'sum' }).backward();
    expect(x.grad?.toArray()).toEqual([-0.5, 0.5]);
  });

  it('passes gradcheck with weight and posWeight', () => {
    const options = { weight: nd.array([1, 0.5, 2], { dtype: 'float64' }), posWeight: nd.array([3, 1, 0.2], { dtype: 'float64' }) };
    gradcheck((x, y) => F.binaryCrossEntropyWithLogits(x, y, options), [randn([2, 3], f64), tensor(nd.rand([2, 3], { dtype: 'float64' }), { requiresGrad: true })]);
  });

  it('saves weight and posWeight as buffers', () => {
    expect(Object.keys(new BCEWithLogitsLoss({ posWeight: nd.ones([3]) }).stateDict())).toEqual(['pos_weight']);
  });
});

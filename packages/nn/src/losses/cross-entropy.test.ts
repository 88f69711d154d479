import { randn, tensor } from '@dl/autograd';
import { gradcheck } from '@dl/autograd/testing';
import * as nd from '@dl/tensor';
import { manualSeed } from '@dl/tensor';
import { beforeEach, describe, expect, it } from 'vitest';
import { checkFixture, fixture, fixtureNames, float64 } from '../__fixtures__/read-fixture.js';
import { CrossEntropyLoss, NLLLoss, functional as F, type CrossEntropyOptions } from '../index.js';

beforeEach(() => {
  manualSeed(0);
});

/** Loss options of a fixture case, with its class weights as a float64 NDArray. */
function optionsOf(name: string): CrossEntropyOptions {
  const { weight, ...rest } = fixture(name).options as CrossEntropyOptions & { weight?: number[] };
  return { ...rest, ...(weight ? { weight: float64(weight) } : {}) };
}

const isProbability = (name: string): boolean => name.includes('probs') || name.includes('Probs');

describe('CrossEntropyLoss', () => {
  it.each(fixtureNames('CrossEntropyLoss_'))('matches PyTorch: %s', (name) => {
    expect(() => {
      checkFixture(name, new CrossEntropyLoss(optionsOf(name)), { indices: isProbability(name) ? [] : ['target'] });
    }).not.toThrow();
  });

  it('saves its class weight as a buffer', () => {
    expect(Object.keys(new CrossEntropyLoss({ weight: nd.ones([3]) }).stateDict())).toEqual(['weight']);
    expect(Object.keys(new CrossEntropyLoss().stateDict())).toEqual([]);
  });

  it('prints its options', () => {
    expect(String(new CrossEntropyLoss({ reduction: 'sum', labelSmoothing: 0.1 })).split('\n')[0]).toBe("CrossEntropyLoss(reduction='sum', labelSmoothing=0.1)");
  });
});

describe('crossEntropy', () => {
  const labels = tensor([2, 0, 1], { dtype: 'int32' });

  it('passes gradcheck with weight, ignoreIndex and label smoothing', () => {
    const weight = nd.array([0.5, 2, 1], { dtype: 'float64' });
    for (const reduction of ['none', 'mean', 'sum'] as const) {
      gradcheck((x) => F.crossEntropy(x, labels, { weight, ignoreIndex: 0, labelSmoothing: 0.2, reduction }), [randn([3, 3], { dtype: 'float64', requiresGrad: true })]);
    }
  });

  it('passes gradcheck with probability targets in both inputs', () => {
    const probs = tensor(nd.softmax(nd.randn([4, 3], { dtype: 'float64' }), 1), { requiresGrad: true });
    gradcheck((x, p) => F.crossEntropy(x, p, { labelSmoothing: 0.1 }), [randn([4, 3], { dtype: 'float64', requiresGrad: true }), probs]);
  });

  it('passes gradcheck on a non-contiguous input with extra dims', () => {
    const x = tensor(nd.transpose(nd.randn([3, 4, 2], { dtype: 'float64' }), 1, 2), { requiresGrad: true }); // [3, 2, 4]: N=3, C=2, d1=4
    gradcheck((logits) => F.crossEntropy(logits, tensor([[0, 1, 1, 0], [1, 1, 0, 0], [0, 0, 0, 1]], { dtype: 'int32' })), [x]);
  });

  it('runs the plain case as the fused primitive, with gradcheck for every reduction', () => {
    for (const reduction of ['none', 'mean', 'sum'] as const) {
      const x = randn([3, 3], { dtype: 'float64', requiresGrad: true });
      expect(F.crossEntropy(x, labels, { reduction }).gradFn?.name).toBe('SoftmaxCrossEntropyBackward');
      gradcheck((logits) => F.crossEntropy(logits, labels, { reduction }), [x]);
    }
  });

  it('agrees with the composite path, which weight, smoothing and a hit ignoreIndex keep', () => {
    const x = randn([5, 4], { dtype: 'float64', requiresGrad: true });
    const target = tensor([3, 0, 1, 1, 2], { dtype: 'int32' });
    const fused = F.crossEntropy(x, target);
    // Unit weights and an ignoreIndex no target hits take the composite path to the same loss.
    const composite = F.crossEntropy(x, target, { weight: nd.ones([4], { dtype: 'float64' }) });
    expect(composite.gradFn?.name).not.toBe('SoftmaxCrossEntropyBackward');
    expect(fused.item()).toBeCloseTo(composite.item(), 12);
    const hit = F.crossEntropy(x, target, { ignoreIndex: 1 });
    expect(hit.gradFn?.name).not.toBe('SoftmaxCrossEntropyBackward');
    gradcheck((logits) => F.crossEntropy(logits, target, { ignoreIndex: 1 }), [x]);
  });

  it('takes an unbatched input [C] with a 0-d target', () => {
    const loss = F.crossEntropy(tensor([1, 2, 3]), tensor(2, { dtype: 'int32' }));
    expect(loss.item()).toBeCloseTo(Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 3, 6);
  });

  it('is NaN for a mean over only ignored targets, as PyTorch', () => {
    expect(F.crossEntropy(randn([2, 3]), tensor([-100, -100], { dtype: 'int32' })).item()).toBeNaN();
  });

  it('throws on out-of-range targets, naming the value and the class count', () => {
    expect(() => F.crossEntropy(randn([3, 4]), tensor([0, 4, 1], { dtype: 'int32' }))).toThrow(/crossEntropy: target 4 is out of bounds for 4 classes \(expected 0\.\.3 or ignoreIndex -100\)/);
  });

  it('throws on float class indices of the wrong shape, and on int targets of the wrong shape', () => {
    expect(() => F.crossEntropy(randn([3, 4]), tensor([0, 1, 2]))).toThrow(/crossEntropy: probability targets must have the input's shape \[3, 4\], got \[3\]/);
    expect(() => F.crossEntropy(randn([3, 4]), tensor([0, 1], { dtype: 'int32' }))).toThrow(/crossEntropy: expected target \[3\] for input \[3, 4\], got \[2\]/);
  });

  it('throws on bad options', () => {
    expect(() => F.crossEntropy(randn([3, 4]), tensor([0, 1, 2], { dtype: 'int32' }), { weight: nd.ones([3]) })).toThrow(/crossEntropy: weight must have shape \[4\] \(one per class\), got \[3\]/);
    expect(() => F.crossEntropy(randn([3, 4]), tensor([0, 1, 2], { dtype: 'int32' }), { labelSmoothing: 1.5 })).toThrow(/crossEntropy: labelSmoothing must be in \[0, 1\], got 1.5/);
    expect(() => F.crossEntropy(randn([3, 4]), tensor([0, 1, 2], { dtype: 'int32' }), { reduction: 'avg' as 'mean' })).toThrow(/crossEntropy: reduction must be 'none', 'mean' or 'sum', got 'avg'/);
    expect(() => F.crossEntropy(randn([2, 3]), nd.softmax(nd.randn([2, 3]), 1), { ignoreIndex: 1 })).toThrow(/crossEntropy: ignoreIndex is not supported for probability targets \(got 1\)/);
    expect(() => F.crossEntropy(tensor(1), tensor(0, { dtype: 'int32' }))).toThrow(/crossEntropy: expected input \[C\], \[N, C\] or \[N, C, d1, \.\.\.\], got a 0-d tensor/);
    expect(() => F.crossEntropy(tensor([[1, 2]], { dtype: 'int32' }), tensor([0], { dtype: 'int32' }))).toThrow(/crossEntropy: input must be floating point, got int32/);
  });
});

describe('NLLLoss', () => {
  it.each(fixtureNames('NLLLoss_'))('matches PyTorch: %s', (name) => {
    expect(() => {
      checkFixture(name, new NLLLoss(optionsOf(name)), { indices: ['target'] });
    }).not.toThrow();
  });

  it('throws on float targets', () => {
    expect(() => F.nllLoss(randn([2, 3]), tensor([0, 1]))).toThrow(/nllLoss: target must be int32 class indices, got float32/);
  });
});

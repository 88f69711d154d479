import { randn, tensor } from '@dl/autograd';
import { gradcheck } from '@dl/autograd/testing';
import * as nd from '@dl/tensor';
import { manualSeed } from '@dl/tensor';
import { expectClose } from '@dl/tensor/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { checkFixture, fixtureOptions } from '../__fixtures__/read-fixture.js';
import { BatchNorm1d, BatchNorm2d, LayerNorm, functional as F, type BatchNormOptions, type LayerNormOptions } from '../index.js';

beforeEach(() => {
  manualSeed(0);
});

const f64 = { dtype: 'float64' as const, requiresGrad: true };

describe('LayerNorm', () => {
  it.each(['LayerNorm', 'LayerNorm_2d', 'LayerNorm_noAffine'])('matches PyTorch: %s', (name) => {
    const { normalizedShape, ...options } = fixtureOptions<LayerNormOptions & { normalizedShape: number[] }>(name);
    expect(() => {
      checkFixture(name, new LayerNorm(normalizedShape, { ...options, dtype: 'float64' }));
    }).not.toThrow();
  });

  it('passes gradcheck on a non-contiguous input', () => {
    const norm = new LayerNorm([3], { dtype: 'float64' });
    nd.copy_(norm.weight!.data, nd.randn([3], { dtype: 'float64' }));
    const x = tensor(nd.transpose(nd.randn([3, 4], { dtype: 'float64' }), 0, 1), { requiresGrad: true });
    gradcheck((input, w, b) => F.layerNorm(input, [3], { weight: w, bias: b }), [x, norm.weight!, norm.bias!]);
  });

  it('throws when the trailing dims differ from normalizedShape', () => {
    expect(() => new LayerNorm(4).call(randn([2, 3, 5]))).toThrow(/layerNorm: expected input \[\.\.\., 4\] for normalizedShape \[4\], got \[2, 3, 5\]/);
  });
});

describe('BatchNorm1d', () => {
  it.each(['BatchNorm1d_train', 'BatchNorm1d_train3d', 'BatchNorm1d_noTracking', 'BatchNorm1d_cumulative'])('matches PyTorch in training mode: %s', (name) => {
    const { numFeatures, ...options } = fixtureOptions<BatchNormOptions & { numFeatures: number }>(name);
    expect(() => {
      checkFixture(name, new BatchNorm1d(numFeatures, { ...options, dtype: 'float64' }));
    }).not.toThrow();
  });

  it('matches PyTorch in eval mode, using the running statistics', () => {
    const { numFeatures, ...options } = fixtureOptions<BatchNormOptions & { numFeatures: number }>('BatchNorm1d_eval');
    expect(() => {
      checkFixture('BatchNorm1d_eval', new BatchNorm1d(numFeatures, { ...options, dtype: 'float64' }).eval());
    }).not.toThrow();
  });

  it('saves running statistics and the batch count in stateDict', () => {
    expect(Object.keys(new BatchNorm1d(3).stateDict())).toEqual(['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']);
    expect(Object.keys(new BatchNorm1d(3, { affine: false, trackRunningStats: false }).stateDict())).toEqual([]);
    expect(new BatchNorm1d(3).buffers().map((b) => b.dtype)).toEqual(['float32', 'float32', 'int32']);
  });

  it('passes gradcheck in training mode', () => {
    const bn = new BatchNorm1d(2, { dtype: 'float64' });
    gradcheck((x, w, b) => F.batchNorm(x, null, null, { weight: w, bias: b, training: true }), [randn([4, 2, 3], f64), bn.weight!, bn.bias!]);
  });

  it('resets its running statistics', () => {
    const bn = new BatchNorm1d(2);
    bn.call(randn([4, 2]));
    bn.resetRunningStats();
    expectClose(bn.runningMean!.data, [0, 0]);
    expect(bn.numBatchesTracked?.item()).toBe(0);
  });

  it('throws on one value per channel in training, as PyTorch', () => {
    expect(() => new BatchNorm1d(3).call(randn([1, 3]))).toThrow(/batchNorm: expected more than 1 value per channel when training, got input \[1, 3\]/);
  });

  it('throws on a wrong channel count', () => {
    expect(() => new BatchNorm1d(3).call(randn([4, 2]))).toThrow(/BatchNorm1d\(3\): expected input \[N, 3\] or \[N, 3, L\], got \[4, 2\]/);
  });

  it('throws outside training without running statistics', () => {
    expect(() => F.batchNorm(randn([4, 2]), null, null)).toThrow(/batchNorm: running statistics are needed outside training\nhint:/);
  });
});

describe('BatchNorm2d', () => {
  it('normalizes each channel of [N, C, H, W] to mean 0 and variance 1', () => {
    const bn = new BatchNorm2d(3);
    const y = bn.call(tensor(nd.add(nd.mul(nd.randn([4, 3, 5, 5]), 3), 2)));
    expectClose(nd.mean(y.data, [0, 2, 3]), [0, 0, 0], { atol: 1e-5 });
    expectClose(nd.variance(y.data, [0, 2, 3], { correction: 0 }), [1, 1, 1], { atol: 1e-3 });
  });

  it('throws on a 3-d input', () => {
    expect(() => new BatchNorm2d(3).call(randn([4, 3, 5]))).toThrow(/BatchNorm2d\(3\): expected input \[N, 3, H, W\], got \[4, 3, 5\]/);
  });
});

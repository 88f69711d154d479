import { randn, tensor } from '@dl/autograd';
import { gradcheck } from '@dl/autograd/testing';
import * as nd from '@dl/tensor';
import { manualSeed } from '@dl/tensor';
import { beforeEach, describe, expect, it } from 'vitest';
import { checkFixture, fixtureOptions } from '../__fixtures__/read-fixture.js';
import { Conv1d, Conv2d, functional as F, type ConvModuleOptions, type SizeArg } from '../index.js';

beforeEach(() => {
  manualSeed(0);
});

const f64 = { dtype: 'float64' as const, requiresGrad: true };

interface ConvCase extends ConvModuleOptions {
  inChannels: number;
  outChannels: number;
  kernelSize: SizeArg;
}

describe('Conv2d', () => {
  it.each(['Conv2d', 'Conv2d_stridePadding', 'Conv2d_dilation', 'Conv2d_groups', 'Conv2d_depthwiseNoBias'])('matches PyTorch: %s', (name) => {
    const { inChannels, outChannels, kernelSize, ...options } = fixtureOptions<ConvCase>(name);
    expect(() => {
      checkFixture(name, new Conv2d(inChannels, outChannels, kernelSize, { ...options, dtype: 'float64' }));
    }).not.toThrow();
  });

  it('passes gradcheck with stride, padding, dilation and groups on a non-contiguous input', () => {
    const options = { stride: [2, 1], padding: 1, dilation: [1, 2], groups: 2 };
    const conv = new Conv2d(4, 2, [2, 3], { ...options, dtype: 'float64' });
    const x = tensor(nd.permute(nd.randn([5, 4, 2, 3], { dtype: 'float64' }), [2, 1, 3, 0]), { requiresGrad: true }); // [2, 4, 3, 5]
    gradcheck((input, w, b) => F.conv2d(input, w, b, options), [x, conv.weight, conv.bias!]);
  });

  it("keeps the size with padding 'same' (extra padding after, as PyTorch)", () => {
    const conv = new Conv2d(1, 1, [2, 4], { padding: 'same' });
    expect(conv.call(randn([1, 1, 5, 6])).shape).toEqual([1, 1, 5, 6]);
  });

  it('takes an unbatched input', () => {
    const conv = new Conv2d(3, 2, 3);
    const x = randn([3, 5, 5]);
    expect(conv.call(x).toArray()).toEqual(conv.call(x.reshape([1, 3, 5, 5])).reshape([2, 3, 3]).toArray());
  });

  it('starts like PyTorch: weight and bias in U(-1/√fanIn, 1/√fanIn)', () => {
    const conv = new Conv2d(4, 8, 3, { groups: 2 }); // fanIn = 2 · 9 = 18
    const bound = 1 / Math.sqrt(18);
    expect(nd.amax(nd.abs(conv.weight.data)).item()).toBeLessThanOrEqual(bound);
    expect(nd.amax(nd.abs(conv.bias!.data)).item()).toBeLessThanOrEqual(bound);
    expect(conv.weight.shape).toEqual([8, 2, 3, 3]);
  });

  it('prints its hyperparameters', () => {
    expect(String(new Conv2d(3, 16, 3, { stride: 2, padding: 1, bias: false })).split('\n')[0]).toBe('Conv2d(3, 16, kernelSize=[3, 3], stride=[2, 2], padding=[1, 1], bias=false)');
  });

  it('throws on channels that do not fit the weight', () => {
    expect(() => new Conv2d(3, 4, 3).call(randn([1, 2, 5, 5]))).toThrow(/conv2d: weight \[4, 3, 3, 3\] with groups=1 expects 3 input channels and out channels divisible by 1, got input \[1, 2, 5, 5\]/);
    expect(() => new Conv2d(3, 4, 3).call(randn([5, 5]))).toThrow(/conv2d: expected a 3-d \(unbatched\) or 4-d \(batched\) input, got \[5, 5\]/);
  });

  it('throws when the kernel does not fit the input', () => {
    expect(() => new Conv2d(1, 1, 5).call(randn([1, 1, 3, 3]))).toThrow(/conv2d: kernel \[5, 5\] with dilation \[1, 1\] does not fit the padded input \[3, 3\] \(output would be \[-1, -1\]\)/);
  });

  it('throws on bad hyperparameters', () => {
    expect(() => new Conv2d(3, 4, 3, { groups: 2 })).toThrow(/Conv2d: inChannels \(3\) and outChannels \(4\) must be divisible by groups \(2\)/);
    expect(() => new Conv2d(2, 2, [3, 3, 3])).toThrow(/Conv2d: kernelSize must be a positive integer or 2 of them, got \[3, 3, 3\]/);
    expect(() => new Conv2d(2, 2, 3, { padding: -1 })).toThrow(/Conv2d: padding must be a non-negative integer or 2 of them, got -1/);
    expect(() => new Conv2d(2, 2, 3, { padding: 'same', stride: 2 })).toThrow(/Conv2d: padding 'same' needs stride 1, got \[2, 2\]/);
  });
});

describe('Conv1d', () => {
  it.each(['Conv1d', 'Conv1d_groupsDilation'])('matches PyTorch: %s', (name) => {
    const { inChannels, outChannels, kernelSize, ...options } = fixtureOptions<ConvCase>(name);
    expect(() => {
      checkFixture(name, new Conv1d(inChannels, outChannels, kernelSize, { ...options, dtype: 'float64' }));
    }).not.toThrow();
  });

  it('passes gradcheck', () => {
    const conv = new Conv1d(2, 3, 3, { stride: 2, padding: 1, dtype: 'float64' });
    gradcheck((x, w, b) => F.conv1d(x, w, b, { stride: 2, padding: 1 }), [randn([2, 2, 7], f64), conv.weight, conv.bias!]);
  });
});

describe('unfold', () => {
  it('lays out columns as PyTorch: channel-major, then kernel row and column', () => {
    const x = tensor(nd.reshape(nd.arange(18), [1, 2, 3, 3]));
    const columns = F.unfold(x, 2);
    expect(columns.shape).toEqual([1, 8, 4]);
    expect(columns.toArray()).toEqual([[[0, 1, 3, 4], [1, 2, 4, 5], [3, 4, 6, 7], [4, 5, 7, 8], [9, 10, 12, 13], [10, 11, 13, 14], [12, 13, 15, 16], [13, 14, 16, 17]]]);
  });
});

describe('pad', () => {
  it('pads the last dims with a constant, last dim first', () => {
    expect(F.pad(tensor([[1, 2]]), [1, 0, 0, 1], 9).toArray()).toEqual([[9, 1, 2], [9, 9, 9]]);
  });

  it('throws on odd or negative padding', () => {
    expect(() => F.pad(tensor([1]), [1])).toThrow(/pad: padding must be non-negative \(before, after\) pairs for at most 1 dims, got \[1\]/);
  });
});

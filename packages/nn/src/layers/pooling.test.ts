import { randn, tensor } from '@dl/autograd';
import { gradcheck } from '@dl/autograd/testing';
import * as nd from '@dl/tensor';
import { manualSeed } from '@dl/tensor';
import { beforeEach, describe, expect, it } from 'vitest';
import { checkFixture, fixtureOptions } from '../__fixtures__/read-fixture.js';
import { AvgPool2d, MaxPool2d, functional as F, type AvgPool2dOptions, type MaxPool2dOptions, type SizeArg } from '../index.js';

beforeEach(() => {
  manualSeed(0);
});

const f64 = { dtype: 'float64' as const, requiresGrad: true };
type Case<T> = T & { kernelSize: SizeArg };

describe('MaxPool2d', () => {
  it.each(['MaxPool2d', 'MaxPool2d_stridePadding', 'MaxPool2d_dilation'])('matches PyTorch: %s', (name) => {
    const { kernelSize, ...options } = fixtureOptions<Case<MaxPool2dOptions>>(name);
    expect(() => {
      checkFixture(name, new MaxPool2d(kernelSize, options));
    }).not.toThrow();
  });

  it('passes gradcheck on a non-contiguous input', () => {
    const x = tensor(nd.transpose(nd.randn([1, 2, 5, 6], { dtype: 'float64' }), 2, 3), { requiresGrad: true });
    gradcheck((input) => F.maxPool2d(input, 3, { stride: 2, padding: 1 }), [x]);
  });

  it('sends the gradient to the first maximum of a window, as PyTorch', () => {
    const x = tensor([[[[1, 1], [1, 1]]]], { requiresGrad: true });
    F.maxPool2d(x, 2).sum().backward();
    expect(x.grad?.toArray()).toEqual([[[[1, 0], [0, 0]]]]);
  });

  it('takes an unbatched input', () => {
    expect(new MaxPool2d(2).call(randn([3, 4, 4])).shape).toEqual([3, 2, 2]);
  });

  it('throws on padding larger than half the kernel', () => {
    expect(() => new MaxPool2d(2, { padding: 2 })).toThrow(/MaxPool2d: padding \[2, 2\] must be at most half the kernel size \[2, 2\]/);
  });

  it('prints its geometry', () => {
    expect(String(new MaxPool2d(2)).split('\n')[0]).toBe('MaxPool2d(kernelSize=2, stride=2, padding=0, dilation=1)');
  });
});

describe('AvgPool2d', () => {
  it.each(['AvgPool2d', 'AvgPool2d_padding', 'AvgPool2d_excludePad'])('matches PyTorch: %s', (name) => {
    const { kernelSize, ...options } = fixtureOptions<Case<AvgPool2dOptions>>(name);
    expect(() => {
      checkFixture(name, new AvgPool2d(kernelSize, options));
    }).not.toThrow();
  });

  it('passes gradcheck without counting padding', () => {
    gradcheck((input) => F.avgPool2d(input, [3, 2], { stride: 1, padding: 1, countIncludePad: false }), [randn([2, 1, 4, 3], f64)]);
  });

  it('divides by divisorOverride when given', () => {
    expect(F.avgPool2d(tensor([[[[1, 2], [3, 4]]]]), 2, { divisorOverride: 2 }).toArray()).toEqual([[[[5]]]]);
  });

  it('throws on integer input', () => {
    expect(() => F.avgPool2d(tensor([[[[1]]]], { dtype: 'int32' }), 1)).toThrow(/avgPool2d: input must be floating point, got int32/);
  });
});

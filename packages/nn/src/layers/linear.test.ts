import { randn } from '@dl/autograd';
import { gradcheck } from '@dl/autograd/testing';
import * as nd from '@dl/tensor';
import { manualSeed } from '@dl/tensor';
import { beforeEach, describe, expect, it } from 'vitest';
import { checkFixture } from '../__fixtures__/read-fixture.js';
import { Bilinear, Linear, functional as F } from '../index.js';

beforeEach(() => {
  manualSeed(0);
});

const f64 = { dtype: 'float64' as const };

describe('Linear', () => {
  it('matches PyTorch forward and gradients', () => {
    expect(() => {
      checkFixture('Linear', new Linear(4, 3, f64));
    }).not.toThrow();
    expect(() => {
      checkFixture('Linear_noBias', new Linear(4, 3, { ...f64, bias: false }));
    }).not.toThrow();
  });

  it('starts with weight and bias in U(-1/√in, 1/√in), as PyTorch', () => {
    const fc = new Linear(16, 200);
    for (const p of fc.parameters()) {
      expect(nd.amax(nd.abs(p.data)).item()).toBeLessThanOrEqual(0.25);
      expect(nd.amax(nd.abs(p.data)).item()).toBeGreaterThan(0.2);
    }
    expect(fc.weight.shape).toEqual([200, 16]);
  });

  it('registers weight and bias, or only weight without bias', () => {
    expect(new Linear(2, 3).namedParameters().map(([name]) => name)).toEqual(['weight', 'bias']);
    expect(new Linear(2, 3, { bias: false }).namedParameters().map(([name]) => name)).toEqual(['weight']);
  });

  it('passes gradcheck on inputs with extra leading dims', () => {
    const fc = new Linear(3, 2, f64);
    gradcheck((x, w, b) => F.linear(x, w, b), [randn([2, 4, 3], { ...f64, requiresGrad: true }), fc.weight, fc.bias!]);
  });

  it('runs as one fused linear node, and adds a broadcast (non-[out]) bias after it', () => {
    const fc = new Linear(3, 2, f64);
    expect(fc.call(randn([4, 3], f64)).gradFn?.name).toBe('LinearBackward');
    const x = randn([4, 3], { ...f64, requiresGrad: true });
    const scalarBias = randn([], { ...f64, requiresGrad: true });
    const expected = nd.add(nd.matmul(x.data, nd.mT(fc.weight.data)), scalarBias.data);
    expect(F.linear(x, fc.weight, scalarBias).toArray()).toEqual(expected.toArray());
    gradcheck((a, w, b) => F.linear(a, w, b), [x, fc.weight, scalarBias]);
  });

  it('names itself and both sizes when the input does not fit', () => {
    expect(() => new Linear(128, 10).call(randn([32, 64]))).toThrow(/^Linear\(in=128, out=10\): expected input \[\.\.\., 128\], got \[32, 64\]$/);
    expect(() => F.linear(randn([2, 3]), randn([4, 5]))).toThrow(/linear: expected input \[\.\.\., 5\] and a 2-d weight, got input \[2, 3\] and weight \[4, 5\]/);
  });

  it('rejects non-positive sizes', () => {
    expect(() => new Linear(0, 3)).toThrow(/Linear: inFeatures must be a positive integer, got 0/);
    expect(() => new Linear(2, 1.5)).toThrow(/Linear: outFeatures must be a positive integer, got 1.5/);
  });

  it('prints its sizes', () => {
    expect(String(new Linear(2, 3)).split('\n')[0]).toBe('Linear(inFeatures=2, outFeatures=3, bias=true)');
  });
});

describe('Bilinear', () => {
  it('matches PyTorch forward and gradients', () => {
    expect(() => {
      checkFixture('Bilinear', new Bilinear(3, 4, 2, f64));
    }).not.toThrow();
  });

  it('passes gradcheck', () => {
    const layer = new Bilinear(2, 3, 2, f64);
    gradcheck((a, b, w, bias) => F.bilinear(a, b, w, bias), [randn([4, 2], { ...f64, requiresGrad: true }), randn([4, 3], { ...f64, requiresGrad: true }), layer.weight, layer.bias!]);
  });

  it('throws naming all shapes when they do not fit', () => {
    expect(() => new Bilinear(3, 4, 2).call(randn([5, 3]), randn([5, 3]))).toThrow(/bilinear: expected inputs \[\.\.\., 3\] and \[\.\.\., 4\] and a 3-d weight, got \[5, 3\], \[5, 3\] and weight \[2, 3, 4\]/);
  });
});

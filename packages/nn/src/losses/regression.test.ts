import { randn, tensor } from '@dl/autograd';
import { gradcheck } from '@dl/autograd/testing';
import * as nd from '@dl/tensor';
import { manualSeed } from '@dl/tensor';
import { beforeEach, describe, expect, it } from 'vitest';
import { checkFixture, fixture, fixtureNames } from '../__fixtures__/read-fixture.js';
import { HuberLoss, L1Loss, MSELoss, SmoothL1Loss, functional as F, type SmoothL1LossOptions } from '../index.js';

beforeEach(() => {
  manualSeed(0);
});

const options = (name: string): SmoothL1LossOptions => fixture(name).options;
const f64 = { dtype: 'float64' as const, requiresGrad: true };

describe('MSELoss', () => {
  it.each(fixtureNames('MSELoss_'))('matches PyTorch: %s', (name) => {
    expect(() => {
      checkFixture(name, new MSELoss(options(name)));
    }).not.toThrow();
  });

  it('throws instead of broadcasting a target of another shape', () => {
    expect(() => F.mseLoss(randn([5, 1]), randn([5]))).toThrow(/mseLoss: target shape \[5\] differs from input shape \[5, 1\]\nhint: reshape the target/);
  });

  it('accepts an NDArray target', () => {
    expect(F.mseLoss(tensor([1, 2]), nd.array([1, 4])).item()).toBe(2);
  });
});

describe('L1Loss', () => {
  it.each(fixtureNames('L1Loss_'))('matches PyTorch: %s', (name) => {
    expect(() => {
      checkFixture(name, new L1Loss(options(name)));
    }).not.toThrow();
  });
});

describe('SmoothL1Loss', () => {
  it.each(fixtureNames('SmoothL1Loss_'))('matches PyTorch: %s', (name) => {
    expect(() => {
      checkFixture(name, new SmoothL1Loss(options(name)));
    }).not.toThrow();
  });

  it('passes gradcheck on a non-contiguous input', () => {
    const x = tensor(nd.transpose(nd.randn([4, 3], { dtype: 'float64' }), 0, 1), { requiresGrad: true });
    gradcheck((a, b) => F.smoothL1Loss(a, b, { beta: 0.7, reduction: 'sum' }), [x, randn([3, 4], f64)]);
  });

  it('throws on a negative beta', () => {
    expect(() => new SmoothL1Loss({ beta: -1 })).toThrow(/SmoothL1Loss: beta must be a finite number >= 0, got -1/);
    expect(() => F.smoothL1Loss(randn([2]), randn([2]), { beta: -1 })).toThrow(/smoothL1Loss: beta must be a finite number >= 0, got -1/);
  });

  it('prints beta and a non-default reduction', () => {
    expect(String(new SmoothL1Loss({ beta: 0.5, reduction: 'sum' })).split('\n')[0]).toBe("SmoothL1Loss(reduction='sum', beta=0.5)");
  });
});

describe('mseLoss', () => {
  it('passes gradcheck in both operands', () => {
    gradcheck((a, b) => F.mseLoss(a, b), [randn([3, 2], f64), randn([3, 2], f64)]);
    gradcheck((a, b) => F.l1Loss(a, b, { reduction: 'none' }), [randn([3, 2], f64), randn([3, 2], f64)]);
  });

  it('throws on an unknown reduction', () => {
    expect(() => new MSELoss({ reduction: 'avg' as 'mean' })).toThrow(/MSELoss: reduction must be 'none', 'mean' or 'sum', got 'avg'/);
  });
});

describe('HuberLoss', () => {
  it('is smoothL1Loss with beta = delta, times delta', () => {
    const [x, y] = [randn([4, 3]), randn([4, 3])];
    const huber = new HuberLoss({ delta: 0.5 }).call(x, y);
    expect(huber.item()).toBeCloseTo(0.5 * F.smoothL1Loss(x, y, { beta: 0.5 }).item(), 6);
  });

  it('passes gradcheck in both operands', () => {
    gradcheck((x, y) => F.huberLoss(x, y, { delta: 0.7 }), [randn([3, 4], f64), randn([3, 4], f64)]);
  });

  it('throws on a delta that is not positive and prints delta', () => {
    expect(() => new HuberLoss({ delta: 0 })).toThrow(/HuberLoss: delta must be a finite number > 0, got 0/);
    expect(String(new HuberLoss({ delta: 2 })).split('\n')[0]).toBe('HuberLoss(delta=2)');
  });
});

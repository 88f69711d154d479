import { logSoftmax, randn, tensor } from '@dl/autograd';
import { gradcheck } from '@dl/autograd/testing';
import * as nd from '@dl/tensor';
import { manualSeed } from '@dl/tensor';
import { expectClose } from '@dl/tensor/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { KLDivLoss, functional as F } from '../index.js';

beforeEach(() => {
  manualSeed(0);
});

const f64 = { dtype: 'float64' as const, requiresGrad: true };

describe('klDiv', () => {
  it('is Σ p·(log p - input), 0·log 0 counting as 0', () => {
    const logQ = tensor(nd.log(nd.array([[0.25, 0.75], [0.5, 0.5]])));
    const p = nd.array([[0, 1], [0.5, 0.5]]);
    const expected = 1 * (0 - Math.log(0.75)) + 0.5 * (Math.log(0.5) - Math.log(0.5)) * 2;
    expectClose(F.klDiv(logQ, p, { reduction: 'sum' }).data, expected, { atol: 1e-6 });
    expectClose(F.klDiv(logQ, p, { reduction: 'batchmean' }).data, expected / 2, { atol: 1e-6 });
    expectClose(F.klDiv(logQ, p).data, expected / 4, { atol: 1e-6 });
    const positive = nd.array([[0.1, 0.9], [0.5, 0.5]]);
    expectClose(F.klDiv(logQ, nd.log(positive), { logTarget: true }).data, F.klDiv(logQ, positive).data, { atol: 1e-6 });
  });

  it('passes gradcheck in input and target', () => {
    const target = tensor(nd.softmax(nd.randn([3, 4], { dtype: 'float64' }), 1), { requiresGrad: true });
    gradcheck((x, y) => F.klDiv(x, y, { reduction: 'batchmean' }), [logSoftmax(randn([3, 4], f64), 1).detach().requiresGrad_(), target]);
  });

  it('throws on an unknown reduction and on a target of another shape', () => {
    expect(() => F.klDiv(randn([2, 3]), nd.ones([2, 3]), { reduction: 'avg' as 'sum' })).toThrow(/klDiv: reduction must be 'none', 'mean', 'sum' or 'batchmean', got 'avg'/);
    expect(() => F.klDiv(randn([2, 3]), nd.ones([3]))).toThrow(/klDiv: target shape \[3\] differs from input shape \[2, 3\]/);
  });
});

describe('KLDivLoss', () => {
  it('keeps batchmean and logTarget and prints them', () => {
    const loss = new KLDivLoss({ reduction: 'batchmean', logTarget: true });
    const x = logSoftmax(randn([2, 3]), 1);
    expectClose(loss.call(x, x).data, 0, { atol: 1e-6 });
    expect(String(loss).split('\n')[0]).toBe("KLDivLoss(reduction='batchmean', logTarget=true)");
  });
});

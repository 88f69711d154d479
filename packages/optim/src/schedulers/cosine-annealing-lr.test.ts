import { describe, expect, it } from 'vitest';
import { expectClose } from '@dl/tensor/testing';
import { tensor } from '@dl/autograd';
import { EXACT, runScheduler, schedulerCase } from '../__fixtures__/fixtures.js';
import { SGD } from '../sgd.js';
import { CosineAnnealingLR } from './cosine-annealing-lr.js';

describe('CosineAnnealingLR', () => {
  it('matches PyTorch’s lr sequence down to etaMin and back up', () => {
    const testCase = schedulerCase('CosineAnnealingLR');
    const run = runScheduler(testCase);
    expectClose(run.lrs, testCase.lrs, EXACT);
  });

  it('rejects a tMax that is not a positive integer and a negative etaMin', () => {
    const optimizer = new SGD([tensor([1], { requiresGrad: true })]);
    expect(() => new CosineAnnealingLR(optimizer, { tMax: 0 })).toThrow(/CosineAnnealingLR: invalid tMax 0 \(expected an integer >= 1\)/);
    expect(() => new CosineAnnealingLR(optimizer, { tMax: 3, etaMin: -1 })).toThrow(/CosineAnnealingLR: invalid etaMin -1 \(expected >= 0\)/);
  });
});

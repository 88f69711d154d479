import { describe, expect, it } from 'vitest';
import { expectClose } from '@dl/tensor/testing';
import { tensor } from '@dl/autograd';
import { EXACT, runScheduler, schedulerCase } from '../__fixtures__/fixtures.js';
import { SGD } from '../sgd.js';
import { StepLR } from './step-lr.js';

describe('StepLR', () => {
  it('matches PyTorch’s lr sequence for two groups', () => {
    const testCase = schedulerCase('StepLR');
    const run = runScheduler(testCase);
    expectClose(run.lrs, testCase.lrs, EXACT);
  });

  it('rejects a stepSize that is not a positive integer', () => {
    const optimizer = new SGD([tensor([1], { requiresGrad: true })]);
    expect(() => new StepLR(optimizer, { stepSize: 0 })).toThrow(/StepLR: invalid stepSize 0 \(expected an integer >= 1\)/);
    expect(optimizer.paramGroups[0].initialLr).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { expectClose } from '@dl/tensor/testing';
import { tensor } from '@dl/autograd';
import { EXACT, runScheduler, schedulerCase } from '../__fixtures__/fixtures.js';
import { SGD } from '../sgd.js';
import { MultiStepLR } from './multi-step-lr.js';

describe('MultiStepLR', () => {
  it('matches PyTorch’s lr sequence, decaying twice at a repeated milestone', () => {
    const testCase = schedulerCase('MultiStepLR');
    const run = runScheduler(testCase);
    expectClose(run.lrs, testCase.lrs, EXACT);
  });

  it('rejects milestones that are not integers', () => {
    const optimizer = new SGD([tensor([1], { requiresGrad: true })]);
    expect(() => new MultiStepLR(optimizer, { milestones: [1.5] })).toThrow(/MultiStepLR: milestones must be a list of integers, got \[1.5\]/);
  });
});

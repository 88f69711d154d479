import { describe, it } from 'vitest';
import { expectClose } from '@dl/tensor/testing';
import { EXACT, runScheduler, schedulerCase } from '../__fixtures__/fixtures.js';

describe('ExponentialLR', () => {
  it('matches PyTorch’s lr sequence for two groups', () => {
    const testCase = schedulerCase('ExponentialLR');
    const run = runScheduler(testCase);
    expectClose(run.lrs, testCase.lrs, EXACT);
  });
});

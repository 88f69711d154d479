import { describe, expect, it } from 'vitest';
import { expectClose } from '@dl/tensor/testing';
import { tensor } from '@dl/autograd';
import { EXACT, runScheduler, schedulerCase } from '../__fixtures__/fixtures.js';
import { SGD } from '../sgd.js';
import { LinearLR } from './linear-lr.js';

describe('LinearLR', () => {
  it('matches PyTorch’s warm-up sequence', () => {
    const testCase = schedulerCase('LinearLR warmup');
    const run = runScheduler(testCase);
    expectClose(run.lrs, testCase.lrs, EXACT);
  });

  it('matches PyTorch’s linear decay sequence', () => {
    const testCase = schedulerCase('LinearLR decay');
    const run = runScheduler(testCase);
    expectClose(run.lrs, testCase.lrs, EXACT);
  });

  it('rejects factors outside their range', () => {
    const optimizer = new SGD([tensor([1], { requiresGrad: true })]);
    expect(() => new LinearLR(optimizer, { startFactor: 0 })).toThrow(/LinearLR: invalid startFactor 0 \(expected in \(0, 1\]\)/);
    expect(() => new LinearLR(optimizer, { endFactor: 2 })).toThrow(/LinearLR: invalid endFactor 2 \(expected in \[0, 1\]\)/);
    expect(() => new LinearLR(optimizer, { totalIters: 0 })).toThrow(/LinearLR: invalid totalIters 0 \(expected an integer >= 1\)/);
  });
});

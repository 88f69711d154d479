import { describe, expect, it } from 'vitest';
import { expectClose } from '@dl/tensor/testing';
import { tensor } from '@dl/autograd';
import { EXACT, runScheduler, schedulerCase } from '../__fixtures__/fixtures.js';
import { SGD } from '../sgd.js';
import { LambdaLR } from './lambda-lr.js';

describe('LambdaLR', () => {
  it('matches PyTorch’s lr sequence with one function per group', () => {
    const testCase = schedulerCase('LambdaLR');
    const run = runScheduler(testCase);
    expectClose(run.lrs, testCase.lrs, EXACT);
  });

  it('uses one function for every group, and does not save it', () => {
    const optimizer = new SGD([{ params: [tensor([1], { requiresGrad: true })] }, { params: [tensor([1], { requiresGrad: true })], lr: 1 }], { lr: 0.1 });
    const scheduler = new LambdaLR(optimizer, (epoch) => 1 / (epoch + 1));
    scheduler.step();
    expect(scheduler.getLastLr()).toEqual([0.05, 0.5]);
    expect(Object.keys(scheduler.stateDict())).not.toContain('lrLambdas');
  });

  it('needs one function per group', () => {
    const optimizer = new SGD([tensor([1], { requiresGrad: true })]);
    expect(() => new LambdaLR(optimizer, [() => 1, () => 1])).toThrow(/LambdaLR: expected 1 lrLambdas \(one per parameter group\), got 2/);
  });
});

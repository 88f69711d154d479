import { describe, expect, it } from 'vitest';
import { expectClose } from '@dl/tensor/testing';
import { tensor } from '@dl/autograd';
import { EXACT, runScheduler, schedulerCase } from '../__fixtures__/fixtures.js';
import { Adagrad } from '../adagrad.js';
import { SGD } from '../sgd.js';
import type { SchedulerStateDict } from './lr-scheduler.js';
import { OneCycleLR } from './one-cycle-lr.js';

const sgd = () => new SGD([tensor([1], { requiresGrad: true })], { momentum: 0.9 });

describe('OneCycleLR', () => {
  it('matches PyTorch’s lr and momentum sequences (cos, SGD)', () => {
    const testCase = schedulerCase('OneCycleLR');
    const run = runScheduler(testCase);
    expectClose(run.lrs, testCase.lrs, EXACT);
    expectClose(run.momentums, testCase.momentums ?? [], EXACT);
  });

  it('matches PyTorch’s three-phase linear cycle with one maxLr per group', () => {
    const testCase = schedulerCase('OneCycleLR linear threePhase');
    const run = runScheduler(testCase);
    expectClose(run.lrs, testCase.lrs, EXACT);
    expectClose(run.momentums, testCase.momentums ?? [], EXACT);
  });

  it('cycles Adam’s beta1 instead of momentum (epochs * stepsPerEpoch)', () => {
    const testCase = schedulerCase('OneCycleLR Adam');
    const run = runScheduler(testCase);
    expectClose(run.lrs, testCase.lrs, EXACT);
    expectClose(run.momentums, testCase.momentums ?? [], EXACT);
  });

  it('resumes from a JSON round trip of its state dict', () => {
    const optimizer = sgd();
    const scheduler = new OneCycleLR(optimizer, { maxLr: 1, totalSteps: 8, threePhase: true });
    for (let i = 0; i < 3; i++) scheduler.step();
    const resumedOptimizer = sgd();
    const resumed = new OneCycleLR(resumedOptimizer, { maxLr: 0.5, totalSteps: 20 });
    resumed.loadStateDict(JSON.parse(JSON.stringify(scheduler.stateDict())) as SchedulerStateDict);
    for (let i = 0; i < 5; i++) {
      scheduler.step();
      resumed.step();
      expect(resumed.getLastLr()).toEqual(scheduler.getLastLr());
      expect(resumedOptimizer.paramGroups[0].momentum).toBe(optimizer.paramGroups[0].momentum);
    }
  });

  it('throws once stepped past totalSteps', () => {
    const scheduler = new OneCycleLR(sgd(), { maxLr: 1, totalSteps: 2 });
    scheduler.step();
    scheduler.step();
    expect(() => { scheduler.step(); }).toThrow(/OneCycleLR: tried to step 3 times, but totalSteps is 2/);
  });

  it('rejects inconsistent options', () => {
    expect(() => new OneCycleLR(sgd(), { maxLr: 1 })).toThrow(/OneCycleLR: give totalSteps, or epochs and stepsPerEpoch/);
    expect(() => new OneCycleLR(sgd(), { maxLr: 1, totalSteps: 0 })).toThrow(/OneCycleLR: invalid totalSteps 0 \(expected an integer >= 1\)/);
    expect(() => new OneCycleLR(sgd(), { maxLr: 1, totalSteps: 5, pctStart: 1.5 })).toThrow(/OneCycleLR: invalid pctStart 1.5 \(expected in \[0, 1\]\)/);
    expect(() => new OneCycleLR(sgd(), { maxLr: [1, 2], totalSteps: 5 })).toThrow(/OneCycleLR: expected 1 values of maxLr \(one per parameter group\), got 2/);
    expect(() => new OneCycleLR(sgd(), { maxLr: 1, totalSteps: 5, annealStrategy: 'exp' as 'cos' })).toThrow(/OneCycleLR: annealStrategy must be 'cos' or 'linear', got "exp"/);
  });

  it('needs momentum or betas to cycle momentum', () => {
    const adagrad = new Adagrad([tensor([1], { requiresGrad: true })]);
    expect(() => new OneCycleLR(adagrad, { maxLr: 1, totalSteps: 5 })).toThrow(/OneCycleLR: cycleMomentum needs an optimizer with momentum or betas, and Adagrad has neither/);
    expect(new OneCycleLR(adagrad, { maxLr: 1, totalSteps: 5, cycleMomentum: false }).getLastLr()[0]).toBeCloseTo(0.04, 12);
  });
});

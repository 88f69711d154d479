import { describe, expect, it } from 'vitest';
import { tensor } from '@dl/autograd';
import { SGD } from '../sgd.js';
import { CosineAnnealingLR } from './cosine-annealing-lr.js';
import { ExponentialLR } from './exponential-lr.js';
import type { AnyOptimizer, SchedulerStateDict } from './lr-scheduler.js';
import { StepLR } from './step-lr.js';

const sgd = (lr = 0.1) => new SGD([tensor([1], { requiresGrad: true })], { lr });

describe('LRScheduler', () => {
  it('writes the lr into the optimizer’s groups and records initialLr', () => {
    const optimizer = sgd();
    const scheduler = new ExponentialLR(optimizer, { gamma: 0.5 });
    scheduler.step();
    expect(optimizer.paramGroups[0].lr).toBe(0.05);
    expect(optimizer.paramGroups[0].initialLr).toBe(0.1);
    expect(scheduler.baseLrs).toEqual([0.1]);
    expect(scheduler.lastEpoch).toBe(1);
  });

  it('composes with changes made to group.lr from outside', () => {
    const optimizer = sgd();
    const scheduler = new ExponentialLR(optimizer, { gamma: 0.5 });
    optimizer.paramGroups[0].lr = 1;
    scheduler.step();
    expect(scheduler.getLastLr()).toEqual([0.5]);
  });

  it('gives a second scheduler the same base lrs as the first', () => {
    const optimizer = sgd();
    new ExponentialLR(optimizer, { gamma: 0.5 }).step();
    expect(new StepLR(optimizer, { stepSize: 2 }).baseLrs).toEqual([0.1]);
  });

  it('resumes from a JSON round trip of stateDict exactly', () => {
    const optimizer = sgd();
    const scheduler = new CosineAnnealingLR(optimizer, { tMax: 5, etaMin: 0.01 });
    for (let i = 0; i < 3; i++) scheduler.step();
    const saved = JSON.parse(JSON.stringify({ optimizer: { lr: optimizer.paramGroups[0].lr }, scheduler: scheduler.stateDict() })) as {
      optimizer: { lr: number };
      scheduler: SchedulerStateDict;
    };
    const resumedOptimizer = sgd();
    const resumed = new CosineAnnealingLR(resumedOptimizer, { tMax: 5, etaMin: 0.01 });
    resumedOptimizer.paramGroups[0].lr = saved.optimizer.lr;
    resumed.loadStateDict(saved.scheduler);
    for (let i = 0; i < 6; i++) {
      scheduler.step();
      resumed.step();
      expect(resumed.getLastLr()).toEqual(scheduler.getLastLr());
    }
  });

  it('saves counters and settings but not the optimizer', () => {
    const saved = new StepLR(sgd(), { stepSize: 3, gamma: 0.5 }).stateDict();
    expect(saved).toEqual({ lastEpoch: 0, baseLrs: [0.1], lastLr: [0.1], stepSize: 3, gamma: 0.5 });
  });

  it('names missing and unexpected keys in loadStateDict', () => {
    const scheduler = new StepLR(sgd(), { stepSize: 3 });
    expect(() => { scheduler.loadStateDict({ lastEpoch: 2, baseLrs: [0.1], lastLr: [0.1], stepSize: 3, tMax: 4 }); }).toThrow(
      /loadStateDict\(StepLR\): missing keys: gamma; unexpected keys: tMax/,
    );
  });

  it('rejects something that is not an optimizer', () => {
    expect(() => new StepLR({} as unknown as AnyOptimizer, { stepSize: 1 })).toThrow(/StepLR: expected an Optimizer, got \{\}/);
  });
});

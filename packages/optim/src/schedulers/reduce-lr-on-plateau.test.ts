import { describe, expect, it } from 'vitest';
import { expectClose } from '@dl/tensor/testing';
import { tensor } from '@dl/autograd';
import { EXACT, runScheduler, schedulerCase } from '../__fixtures__/fixtures.js';
import { SGD } from '../sgd.js';
import type { SchedulerStateDict } from './lr-scheduler.js';
import { ReduceLROnPlateau } from './reduce-lr-on-plateau.js';

const sgd = () => new SGD([tensor([1], { requiresGrad: true })], { lr: 0.1 });

describe('ReduceLROnPlateau', () => {
  it('matches PyTorch (min mode, relative threshold, cooldown)', () => {
    const testCase = schedulerCase('ReduceLROnPlateau');
    const run = runScheduler(testCase);
    expectClose(run.lrs, testCase.lrs, EXACT);
  });

  it('matches PyTorch (max mode, absolute threshold, one minLr per group)', () => {
    const testCase = schedulerCase('ReduceLROnPlateau max abs');
    const run = runScheduler(testCase);
    expectClose(run.lrs, testCase.lrs, EXACT);
  });

  it('takes a one-element Tensor as the metric', () => {
    const scheduler = new ReduceLROnPlateau(sgd(), { patience: 0 });
    scheduler.step(tensor(1));
    scheduler.step(tensor(2));
    expect(scheduler.getLastLr()[0]).toBeCloseTo(0.01);
  });

  it('reads back a state dict whose infinite best went through JSON as null', () => {
    const scheduler = new ReduceLROnPlateau(sgd(), { patience: 0 });
    const saved = JSON.parse(JSON.stringify(scheduler.stateDict())) as SchedulerStateDict;
    expect(saved.best).toBeNull();
    const resumed = new ReduceLROnPlateau(sgd(), { patience: 0 });
    resumed.loadStateDict(saved);
    expect(resumed.best).toBe(Infinity);
    resumed.step(5);
    expect(resumed.best).toBe(5);
  });

  it('rejects invalid options', () => {
    expect(() => new ReduceLROnPlateau(sgd(), { factor: 1 })).toThrow(/ReduceLROnPlateau: factor must be < 1, got 1/);
    expect(() => new ReduceLROnPlateau(sgd(), { mode: 'avg' as 'min' })).toThrow(/ReduceLROnPlateau: mode must be 'min' or 'max', got "avg"/);
    expect(() => new ReduceLROnPlateau(sgd(), { thresholdMode: 'x' as 'rel' })).toThrow(/ReduceLROnPlateau: thresholdMode must be 'rel' or 'abs', got "x"/);
    expect(() => new ReduceLROnPlateau(sgd(), { minLr: [0, 0] })).toThrow(/ReduceLROnPlateau: expected 1 values of minLr \(one per parameter group\), got 2/);
    expect(() => { new ReduceLROnPlateau(sgd()).step('low' as unknown as number); }).toThrow(/ReduceLROnPlateau.step: metric must be a number or a Tensor, got "low"/);
  });
});

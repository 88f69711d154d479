import { ArgumentError } from '@dl/tensor';
import { checkPositiveInteger, checkRange, show } from '../hyperparameters.js';
import type { ParamGroup } from '../optimizer.js';
import { LRScheduler, checkOptimizer, perGroup, type AnyOptimizer } from './lr-scheduler.js';

/**
 * Options of `OneCycleLR`; give `totalSteps`, or `epochs` and `stepsPerEpoch`.
 * @example
 * new OneCycleLR(optimizer, { maxLr: 0.1, totalSteps: 1000, annealStrategy: 'linear' });
 */
export interface OneCycleLROptions {
  /** The peak lr, one for all groups or one per group. */
  maxLr: number | readonly number[];
  /** Steps in the cycle. */
  totalSteps?: number;
  epochs?: number;
  stepsPerEpoch?: number;
  /** Fraction of the cycle spent raising the lr (default 0.3). */
  pctStart?: number;
  /** 'cos' (default) or 'linear' annealing between the phase ends. */
  annealStrategy?: 'cos' | 'linear';
  /** Cycle momentum (or Adam's beta1) inversely to the lr (default true). */
  cycleMomentum?: boolean;
  /** The lowest momentum, reached at the peak lr (default 0.85). */
  baseMomentum?: number | readonly number[];
  /** The highest momentum, at the start and end (default 0.95). */
  maxMomentum?: number | readonly number[];
  /** The initial lr is maxLr / divFactor (default 25). */
  divFactor?: number;
  /** The final lr is the initial lr / finalDivFactor (default 1e4). */
  finalDivFactor?: number;
  /** Add a third phase that anneals from the initial lr to the final one (default false). */
  threePhase?: boolean;
}

type LrKey = 'initialLrs' | 'maxLrs' | 'minLrs';
type MomentumKey = 'maxMomentums' | 'baseMomentums';

/** One phase of the cycle: it ends at `endStep` and anneals between the named per-group values. */
interface Phase {
  readonly endStep: number;
  readonly lr: readonly [LrKey, LrKey];
  readonly momentum: readonly [MomentumKey, MomentumKey];
}

type MomentumGroup = ParamGroup & { momentum?: number; betas?: readonly [number, number] };

const anneal = {
  cos: (start: number, end: number, pct: number): number => end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1),
  linear: (start: number, end: number, pct: number): number => (end - start) * pct + start,
};

/**
 * The 1cycle policy, as `torch.optim.lr_scheduler.OneCycleLR`: the lr rises from
 * maxLr / divFactor to maxLr, then anneals far below the start, while momentum moves the other
 * way. Step it after every batch.
 * @example
 * const scheduler = new OneCycleLR(optimizer, { maxLr: 0.1, epochs: 10, stepsPerEpoch: batches.length });
 */
export class OneCycleLR extends LRScheduler {
  readonly totalSteps: number;
  readonly annealStrategy: 'cos' | 'linear';
  readonly cycleMomentum: boolean;
  /** True when the optimizer has `betas` (Adam) rather than `momentum` (SGD). */
  readonly useBeta1: boolean;
  readonly phases: Phase[];
  readonly initialLrs: number[];
  readonly maxLrs: number[];
  readonly minLrs: number[];
  readonly maxMomentums: number[];
  readonly baseMomentums: number[];

  constructor(optimizer: AnyOptimizer, options: OneCycleLROptions) {
    const { pctStart = 0.3, annealStrategy = 'cos', cycleMomentum = true, divFactor = 25, finalDivFactor = 1e4, threePhase = false } = options;
    checkOptimizer('OneCycleLR', optimizer);
    const totalSteps = OneCycleLR.totalStepsOf(options);
    checkRange('OneCycleLR', 'pctStart', pctStart, 0, 1);
    if (!['cos', 'linear'].includes(annealStrategy)) {
      throw new ArgumentError(`OneCycleLR: annealStrategy must be 'cos' or 'linear', got ${show(annealStrategy)}`);
    }
    const groups = optimizer.paramGroups.length;
    const maxLrs = perGroup('OneCycleLR', 'maxLr', options.maxLr, groups);
    const useBeta1 = 'betas' in optimizer.defaults;
    if (cycleMomentum && !useBeta1 && !('momentum' in optimizer.defaults)) {
      throw new ArgumentError(`OneCycleLR: cycleMomentum needs an optimizer with momentum or betas, and ${optimizer.name} has neither\nhint: pass cycleMomentum: false`);
    }
    super(optimizer);
    this.totalSteps = totalSteps;
    this.annealStrategy = annealStrategy;
    this.cycleMomentum = cycleMomentum;
    this.useBeta1 = useBeta1;
    this.maxLrs = maxLrs;
    this.initialLrs = maxLrs.map((lr) => lr / divFactor);
    this.minLrs = this.initialLrs.map((lr) => lr / finalDivFactor);
    this.maxMomentums = perGroup('OneCycleLR', 'maxMomentum', options.maxMomentum ?? 0.95, groups);
    this.baseMomentums = perGroup('OneCycleLR', 'baseMomentum', options.baseMomentum ?? 0.85, groups);
    const rise = pctStart * totalSteps - 1;
    this.phases = threePhase
      ? [
          { endStep: rise, lr: ['initialLrs', 'maxLrs'], momentum: ['maxMomentums', 'baseMomentums'] },
          { endStep: 2 * pctStart * totalSteps - 2, lr: ['maxLrs', 'initialLrs'], momentum: ['baseMomentums', 'maxMomentums'] },
          { endStep: totalSteps - 1, lr: ['initialLrs', 'minLrs'], momentum: ['maxMomentums', 'maxMomentums'] },
        ]
      : [
          { endStep: rise, lr: ['initialLrs', 'maxLrs'], momentum: ['maxMomentums', 'baseMomentums'] },
          { endStep: totalSteps - 1, lr: ['maxLrs', 'minLrs'], momentum: ['baseMomentums', 'maxMomentums'] },
        ];
    // As PyTorch, the cycle starts from maxLr / divFactor whatever lr the optimizer had.
    optimizer.paramGroups.forEach((group, i) => (group.initialLr = this.initialLrs[i]));
    this.baseLrs = [...this.initialLrs];
    if (cycleMomentum) optimizer.paramGroups.forEach((group, i) => { this.setMomentum(group, this.maxMomentums[i]); });
    this.initialStep();
  }

  private static totalStepsOf(options: OneCycleLROptions): number {
    if (options.totalSteps !== undefined) {
      checkPositiveInteger('OneCycleLR', 'totalSteps', options.totalSteps);
      return options.totalSteps;
    }
    if (options.epochs === undefined || options.stepsPerEpoch === undefined) {
      throw new ArgumentError('OneCycleLR: give totalSteps, or epochs and stepsPerEpoch');
    }
    checkPositiveInteger('OneCycleLR', 'epochs', options.epochs);
    checkPositiveInteger('OneCycleLR', 'stepsPerEpoch', options.stepsPerEpoch);
    return options.epochs * options.stepsPerEpoch;
  }

  override get name(): string {
    return 'OneCycleLR';
  }

  private setMomentum(group: MomentumGroup, value: number): void {
    if (this.useBeta1) group.betas = [value, group.betas?.[1] ?? 0.999];
    else group.momentum = value;
  }

  protected getLr(): number[] {
    const step = this.lastEpoch;
    if (step > this.totalSteps) {
      throw new ArgumentError(`OneCycleLR: tried to step ${step} times, but totalSteps is ${this.totalSteps}\nhint: make totalSteps (or epochs * stepsPerEpoch) cover every scheduler.step()`);
    }
    const fn = anneal[this.annealStrategy];
    return this.optimizer.paramGroups.map((group, i) => {
      let start = 0;
      for (const [k, phase] of this.phases.entries()) {
        if (step <= phase.endStep || k === this.phases.length - 1) {
          const pct = (step - start) / (phase.endStep - start);
          if (this.cycleMomentum) this.setMomentum(group, fn(this[phase.momentum[0]][i], this[phase.momentum[1]][i], pct));
          return fn(this[phase.lr[0]][i], this[phase.lr[1]][i], pct);
        }
        start = phase.endStep;
      }
      return group.lr;
    });
  }
}

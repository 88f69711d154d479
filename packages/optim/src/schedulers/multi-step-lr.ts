import { ArgumentError } from '@dl/tensor';
import { show } from '../hyperparameters.js';
import { LRScheduler, checkOptimizer, type AnyOptimizer } from './lr-scheduler.js';

/**
 * Options of `MultiStepLR`.
 * @example
 * new MultiStepLR(optimizer, { milestones: [30, 80] });
 */
export interface MultiStepLROptions {
  /** Epochs at which to decay; a milestone listed twice decays twice. */
  milestones: readonly number[];
  /** Factor applied at each milestone (default 0.1). */
  gamma?: number;
}

/**
 * Multiplies each group's lr by `gamma` at each milestone epoch, as
 * `torch.optim.lr_scheduler.MultiStepLR`.
 * @example
 * const scheduler = new MultiStepLR(optimizer, { milestones: [30, 80], gamma: 0.1 });
 */
export class MultiStepLR extends LRScheduler {
  readonly milestones: number[];
  readonly gamma: number;

  constructor(optimizer: AnyOptimizer, options: MultiStepLROptions) {
    const milestones: unknown = options.milestones;
    checkOptimizer('MultiStepLR', optimizer);
    if (!Array.isArray(milestones) || milestones.some((m) => !Number.isInteger(m))) {
      throw new ArgumentError(`MultiStepLR: milestones must be a list of integers, got ${show(milestones)}`);
    }
    super(optimizer);
    this.milestones = [...options.milestones].sort((a, b) => a - b);
    this.gamma = options.gamma ?? 0.1;
    this.initialStep();
  }

  override get name(): string {
    return 'MultiStepLR';
  }

  protected getLr(): number[] {
    const hits = this.milestones.filter((milestone) => milestone === this.lastEpoch).length;
    return this.optimizer.paramGroups.map((group) => (hits === 0 ? group.lr : group.lr * this.gamma ** hits));
  }
}

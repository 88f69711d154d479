import { checkPositiveInteger, checkRange } from '../hyperparameters.js';
import { LRScheduler, checkOptimizer, type AnyOptimizer } from './lr-scheduler.js';

/**
 * Options of `LinearLR`.
 * @example
 * new LinearLR(optimizer, { startFactor: 0.1, totalIters: 100 });
 */
export interface LinearLROptions {
  /** Factor of the lr at epoch 0, in (0, 1] (default 1/3). */
  startFactor?: number;
  /** Factor of the lr from epoch `totalIters` on, in [0, 1] (default 1). */
  endFactor?: number;
  /** Epochs the factor takes to go from start to end (default 5). */
  totalIters?: number;
}

/**
 * Scales each group's lr by a factor going linearly from `startFactor` to `endFactor` over
 * `totalIters` epochs (warm-up or linear decay), as `torch.optim.lr_scheduler.LinearLR`.
 * @example
 * const warmup = new LinearLR(optimizer, { startFactor: 0.1, totalIters: 100 });
 */
export class LinearLR extends LRScheduler {
  readonly startFactor: number;
  readonly endFactor: number;
  readonly totalIters: number;

  constructor(optimizer: AnyOptimizer, options: LinearLROptions = {}) {
    const { startFactor = 1 / 3, endFactor = 1, totalIters = 5 } = options;
    checkOptimizer('LinearLR', optimizer);
    // NOTE: as PyTorch 2, startFactor 0 is refused: the chainable update would keep the lr at 0.
    checkRange('LinearLR', 'startFactor', startFactor, 0, 1, { openMin: true });
    checkRange('LinearLR', 'endFactor', endFactor, 0, 1);
    checkPositiveInteger('LinearLR', 'totalIters', totalIters);
    super(optimizer);
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = totalIters;
    this.initialStep();
  }

  override get name(): string {
    return 'LinearLR';
  }

  protected getLr(): number[] {
    const { startFactor, endFactor, totalIters, lastEpoch } = this;
    const groups = this.optimizer.paramGroups;
    if (lastEpoch === 0) return groups.map((group) => group.lr * startFactor);
    if (lastEpoch > totalIters) return groups.map((group) => group.lr);
    // The ratio of this epoch's factor to the previous one's, so outside lr changes compose.
    const ratio = 1 + (endFactor - startFactor) / (totalIters * startFactor + (lastEpoch - 1) * (endFactor - startFactor));
    return groups.map((group) => group.lr * ratio);
  }
}

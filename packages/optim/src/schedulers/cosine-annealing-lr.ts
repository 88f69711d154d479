import { checkNonNegative, checkPositiveInteger } from '../hyperparameters.js';
import { LRScheduler, checkOptimizer, type AnyOptimizer } from './lr-scheduler.js';

/**
 * Options of `CosineAnnealingLR`.
 * @example
 * new CosineAnnealingLR(optimizer, { tMax: 50, etaMin: 1e-5 });
 */
export interface CosineAnnealingLROptions {
  /** Epochs of a half cosine period (PyTorch's `T_max`). */
  tMax: number;
  /** The lowest lr (default 0). */
  etaMin?: number;
}

/**
 * Anneals each group's lr along a cosine from its initial value to `etaMin` over `tMax` epochs
 * (and back up over the next `tMax`), as `torch.optim.lr_scheduler.CosineAnnealingLR`.
 * @example
 * const scheduler = new CosineAnnealingLR(optimizer, { tMax: 100, etaMin: 1e-5 });
 */
export class CosineAnnealingLR extends LRScheduler {
  readonly tMax: number;
  readonly etaMin: number;

  constructor(optimizer: AnyOptimizer, options: CosineAnnealingLROptions) {
    const { tMax, etaMin = 0 } = options;
    checkOptimizer('CosineAnnealingLR', optimizer);
    checkPositiveInteger('CosineAnnealingLR', 'tMax', tMax);
    checkNonNegative('CosineAnnealingLR', 'etaMin', etaMin);
    super(optimizer);
    this.tMax = tMax;
    this.etaMin = etaMin;
    this.initialStep();
  }

  override get name(): string {
    return 'CosineAnnealingLR';
  }

  protected getLr(): number[] {
    const { tMax, etaMin, lastEpoch } = this;
    const groups = this.optimizer.paramGroups;
    if (lastEpoch === 0) return groups.map((group) => group.lr);
    // NOTE: at the bottom of a period the ratio below is 0/0, so PyTorch steps up by the increment instead.
    if ((lastEpoch - 1 - tMax) % (2 * tMax) === 0) {
      return groups.map((group, i) => group.lr + (((this.baseLrs[i]) - etaMin) * (1 - Math.cos(Math.PI / tMax))) / 2);
    }
    const ratio = (1 + Math.cos((Math.PI * lastEpoch) / tMax)) / (1 + Math.cos((Math.PI * (lastEpoch - 1)) / tMax));
    return groups.map((group) => ratio * (group.lr - etaMin) + etaMin);
  }
}

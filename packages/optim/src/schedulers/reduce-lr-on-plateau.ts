import { ArgumentError } from '@dl/tensor';
import { Tensor } from '@dl/autograd';
import { checkNonNegative, show } from '../hyperparameters.js';
import { checkOptimizer, loadFields, perGroup, saveFields, type AnyOptimizer, type SchedulerStateDict } from './lr-scheduler.js';

/**
 * Options of `ReduceLROnPlateau`.
 * @example
 * new ReduceLROnPlateau(optimizer, { mode: 'max', factor: 0.5, patience: 3 });
 */
export interface ReduceLROnPlateauOptions {
  /** 'min' (default): the metric should fall (a loss); 'max': it should rise (an accuracy). */
  mode?: 'min' | 'max';
  /** Factor applied to the lr on a plateau, below 1 (default 0.1). */
  factor?: number;
  /** Epochs without improvement tolerated before reducing (default 10). */
  patience?: number;
  /** The smallest change that counts as an improvement (default 1e-4). */
  threshold?: number;
  /** 'rel' (default): threshold is relative to the best value; 'abs': absolute. */
  thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after a reduction before counting bad epochs again (default 0). */
  cooldown?: number;
  /** The lowest lr, one for all groups or one per group (default 0). */
  minLr?: number | readonly number[];
  /** Reductions smaller than this are skipped (default 1e-8). */
  eps?: number;
}

/**
 * Reduces each group's lr by `factor` once a metric has stopped improving for `patience`
 * epochs, as `torch.optim.lr_scheduler.ReduceLROnPlateau`. Pass the metric to `step`.
 * @example
 * const scheduler = new ReduceLROnPlateau(optimizer, { patience: 5 });
 * for (const epoch of epochs) { train(); scheduler.step(validationLoss()); }
 */
export class ReduceLROnPlateau {
  /** The optimizer whose groups' `lr` this scheduler lowers. */
  readonly optimizer: AnyOptimizer;
  readonly mode: 'min' | 'max';
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly thresholdMode: 'rel' | 'abs';
  readonly cooldown: number;
  readonly minLrs: number[];
  readonly eps: number;
  /** The best metric so far (±Infinity before the first step). */
  best: number;
  numBadEpochs = 0;
  cooldownCounter = 0;
  /** The number of `step` calls. */
  lastEpoch = 0;
  private lastLr: number[];

  constructor(optimizer: AnyOptimizer, options: ReduceLROnPlateauOptions = {}) {
    const { mode = 'min', factor = 0.1, patience = 10, threshold = 1e-4, thresholdMode = 'rel', cooldown = 0, minLr = 0, eps = 1e-8 } = options;
    checkOptimizer('ReduceLROnPlateau', optimizer);
    if (!(factor < 1)) throw new ArgumentError(`ReduceLROnPlateau: factor must be < 1, got ${show(factor)}`);
    if (!['min', 'max'].includes(mode)) throw new ArgumentError(`ReduceLROnPlateau: mode must be 'min' or 'max', got ${show(mode)}`);
    if (!['rel', 'abs'].includes(thresholdMode)) {
      throw new ArgumentError(`ReduceLROnPlateau: thresholdMode must be 'rel' or 'abs', got ${show(thresholdMode)}`);
    }
    checkNonNegative('ReduceLROnPlateau', 'patience', patience);
    checkNonNegative('ReduceLROnPlateau', 'cooldown', cooldown);
    this.optimizer = optimizer;
    this.mode = mode;
    this.factor = factor;
    this.patience = patience;
    this.threshold = threshold;
    this.thresholdMode = thresholdMode;
    this.cooldown = cooldown;
    this.minLrs = perGroup('ReduceLROnPlateau', 'minLr', minLr, optimizer.paramGroups.length);
    this.eps = eps;
    this.best = this.worst;
    this.lastLr = optimizer.paramGroups.map((group) => group.lr);
  }

  private get worst(): number {
    return this.mode === 'min' ? Infinity : -Infinity;
  }

  private isBetter(value: number): boolean {
    const { best, threshold } = this;
    if (this.mode === 'min') return this.thresholdMode === 'rel' ? value < best * (1 - threshold) : value < best - threshold;
    return this.thresholdMode === 'rel' ? value > best * (1 + threshold) : value > best + threshold;
  }

  /**
   * Records one epoch's metric (a number or a one-element Tensor) and lowers the lrs if it has
   * plateaued.
   * @example
   * scheduler.step(validationLoss);
   */
  step(metric: number | Tensor): void {
    const value = Tensor.isTensor(metric) ? metric.item() : metric;
    if (typeof value !== 'number') throw new ArgumentError(`ReduceLROnPlateau.step: metric must be a number or a Tensor, got ${show(value)}`);
    this.lastEpoch += 1;
    if (this.isBetter(value)) {
      this.best = value;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      this.optimizer.paramGroups.forEach((group, i) => {
        const lr = Math.max(group.lr * this.factor, this.minLrs[i]);
        if (group.lr - lr > this.eps) group.lr = lr;
      });
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.optimizer.paramGroups.map((group) => group.lr);
  }

  /**
   * The lr of each group after the last step.
   * @example
   * scheduler.getLastLr() // [0.01]
   */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /**
   * The scheduler's counters and settings, as `state_dict()`. `best` is ±Infinity before the
   * first step; JSON writes that as null, which `loadStateDict` reads back.
   * @example
   * const saved = scheduler.stateDict();
   */
  stateDict(): SchedulerStateDict {
    return saveFields(this);
  }

  /**
   * Restores a state saved by `stateDict`.
   * @example
   * scheduler.loadStateDict(saved);
   */
  loadStateDict(stateDict: SchedulerStateDict): void {
    loadFields(this, 'ReduceLROnPlateau', stateDict);
    // NOTE: JSON.stringify turns the initial ±Infinity into null.
    if ((this.best as number | null) === null) this.best = this.worst;
  }
}

import { ArgumentError } from '@dl/tensor';
import { show } from '../hyperparameters.js';
import type { Optimizer } from '../optimizer.js';

/**
 * A JSON-friendly value of a scheduler's state dict.
 * @example
 * const lastEpoch: SchedulerStateValue = scheduler.stateDict().lastEpoch;
 */
export type SchedulerStateValue = number | string | boolean | null | readonly SchedulerStateValue[] | { readonly [key: string]: SchedulerStateValue };

/**
 * A scheduler's state: its counters and settings by field name, as PyTorch's `__dict__` minus
 * the optimizer (and functions, which cannot be saved).
 * @example
 * const saved: SchedulerStateDict = scheduler.stateDict(); saved.lastEpoch // 7
 */
export type SchedulerStateDict = Record<string, SchedulerStateValue>;

/**
 * Any optimizer a scheduler can drive: it reads and writes `paramGroups[i].lr`.
 * @example
 * const optimizers: AnyOptimizer[] = [new SGD(params), new Adam(params)];
 */
export type AnyOptimizer = Optimizer;

function copyValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyValue);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copyValue(v)]));
  return value;
}

const savable = (key: string, value: unknown): boolean =>
  key !== 'optimizer' && typeof value !== 'function' && !(Array.isArray(value) && value.some((v) => typeof v === 'function'));

/**
 * @internal The savable own fields of a scheduler, copied.
 * @example
 * saveFields(this) // { lastEpoch: 3, baseLrs: [0.1], ... }
 */
export function saveFields(scheduler: object): SchedulerStateDict {
  const out: SchedulerStateDict = {};
  for (const [key, value] of Object.entries(scheduler)) if (savable(key, value)) out[key] = copyValue(value) as SchedulerStateValue;
  return out;
}

/**
 * @internal Restores fields saved by `saveFields`; the keys must be exactly the savable fields.
 * @example
 * loadFields(this, 'StepLR', saved);
 */
export function loadFields(scheduler: object, name: string, stateDict: SchedulerStateDict): void {
  const expected = Object.keys(saveFields(scheduler));
  const missing = expected.filter((key) => !(key in stateDict));
  const unexpected = Object.keys(stateDict).filter((key) => !expected.includes(key));
  if (missing.length > 0 || unexpected.length > 0) {
    const parts = [missing.length > 0 ? `missing keys: ${missing.join(', ')}` : '', unexpected.length > 0 ? `unexpected keys: ${unexpected.join(', ')}` : ''];
    throw new ArgumentError(`loadStateDict(${name}): ${parts.filter(Boolean).join('; ')}`);
  }
  Object.assign(scheduler, copyValue(stateDict));
}

/** @internal Throws unless `optimizer` looks like an Optimizer (for callers without types). */
export function checkOptimizer(name: string, optimizer: unknown): void {
  const groups = (optimizer as { paramGroups?: unknown } | null)?.paramGroups;
  if (!Array.isArray(groups)) throw new ArgumentError(`${name}: expected an Optimizer, got ${show(optimizer)}`);
}

/**
 * @internal One value per parameter group: a single value is repeated, a list must have one
 * entry per group.
 */
export function perGroup<T>(name: string, label: string, value: T | readonly T[], groups: number): T[] {
  if (!Array.isArray(value)) return Array.from({ length: groups }, () => value as T);
  if (value.length !== groups) throw new ArgumentError(`${name}: expected ${groups} values of ${label} (one per parameter group), got ${value.length}`);
  return [...(value as readonly T[])];
}

/**
 * The base of epoch-driven learning-rate schedulers, as `torch.optim.lr_scheduler.LRScheduler`:
 * `step()` moves to the next epoch and writes each group's new `lr` into the optimizer (the
 * optimizer's groups are the only copy of the current lr). Subclasses give PyTorch's chainable
 * `getLr()` and call `initialStep()` at the end of their constructor.
 * @example
 * class HalvingLR extends LRScheduler {
 *   constructor(optimizer: AnyOptimizer) { super(optimizer); this.initialStep(); }
 *   override get name() { return 'HalvingLR'; }
 *   protected getLr() { return this.optimizer.paramGroups.map((g) => (this.lastEpoch === 0 ? g.lr : g.lr / 2)); }
 * }
 */
export abstract class LRScheduler {
  /** The optimizer whose groups' `lr` this scheduler sets. */
  readonly optimizer: AnyOptimizer;
  /** Each group's lr when scheduling started (its `initialLr`), as PyTorch's `base_lrs`. */
  baseLrs: number[];
  /** The number of `step()` calls since construction (0 right after it), as PyTorch's `last_epoch`. */
  lastEpoch = -1;
  /** The lrs the last step set. */
  protected lastLr: number[] = [];

  protected constructor(optimizer: AnyOptimizer) {
    this.optimizer = optimizer;
    // As PyTorch: the first scheduler records each group's starting lr, later ones reuse it.
    for (const group of optimizer.paramGroups) group.initialLr ??= group.lr;
    this.baseLrs = optimizer.paramGroups.map((group) => group.initialLr ?? group.lr);
  }

  /** The scheduler's name, as error messages print it. */
  abstract get name(): string;

  /** The lr of each group for epoch `lastEpoch`, from the current `group.lr` (PyTorch's `get_lr`). */
  protected abstract getLr(): number[];

  /** Sets the epoch-0 lrs; subclass constructors call it last, once their fields are set. */
  protected initialStep(): void {
    this.step();
  }

  /**
   * Moves to the next epoch and sets each group's lr, as `scheduler.step()`; call it after
   * `optimizer.step()`.
   * @example
   * for (let epoch = 0; epoch < 10; epoch++) { train(); scheduler.step(); }
   */
  step(): void {
    this.lastEpoch += 1;
    const lrs = this.getLr();
    this.optimizer.paramGroups.forEach((group, i) => (group.lr = lrs[i]));
    this.lastLr = this.optimizer.paramGroups.map((group) => group.lr);
  }

  /**
   * The lr of each group after the last step, as `get_last_lr()`.
   * @example
   * scheduler.getLastLr() // [0.05]
   */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /**
   * The scheduler's counters and settings (JSON-friendly), as `state_dict()`; save it with the
   * optimizer's state dict.
   * @example
   * const saved = scheduler.stateDict();
   */
  stateDict(): SchedulerStateDict {
    return saveFields(this);
  }

  /**
   * Restores a state saved by `stateDict` of the same kind of scheduler.
   * @example
   * scheduler.loadStateDict(saved);
   */
  loadStateDict(stateDict: SchedulerStateDict): void {
    loadFields(this, this.name, stateDict);
  }
}

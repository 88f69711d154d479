// What every loss shares: the reduction option, operand checks and the Loss base class.
import { mean, sum, type Tensor } from '@dl/autograd';
import { ArgumentError, type NDArray, ShapeError, formatShape, shapesEqual } from '@dl/tensor';
import { Module } from '../module.js';
import { asTensor } from '../operand.js';

/** How a loss combines per-element values: keep them ('none'), average ('mean', default) or add ('sum'). */
export type Reduction = 'none' | 'mean' | 'sum';

/** Options every loss takes. */
export interface LossOptions {
  /** 'mean' (default), 'sum' or 'none'. */
  reduction?: Reduction;
}

/** @internal Throws unless `reduction` is one of the three. */
export function checkReduction(op: string, reduction: unknown): Reduction {
  if (reduction !== 'none' && reduction !== 'mean' && reduction !== 'sum') {
    throw new ArgumentError(`${op}: reduction must be 'none', 'mean' or 'sum', got '${String(reduction)}'`);
  }
  return reduction;
}

/** @internal Applies a reduction to per-element losses. */
export function reduce(op: string, loss: Tensor, reduction: Reduction | undefined): Tensor {
  const r = checkReduction(op, reduction ?? 'mean');
  return r === 'none' ? loss : r === 'sum' ? sum(loss) : mean(loss);
}

/** @internal The NDArray of an optional constant operand (weights), or null. */
export function constantOf(op: string, what: string, value: Tensor | NDArray | null | undefined): NDArray | null {
  if (value === undefined || value === null) return null;
  return asTensor(op, what, value).data;
}

/** @internal Throws unless target and input have the same shape (PyTorch only warns; broadcasting [N] against [N, 1] is a classic bug). */
export function checkSameShape(op: string, input: Tensor, target: Tensor): void {
  if (!shapesEqual(input.shape, target.shape)) {
    throw new ShapeError(
      `${op}: target shape ${formatShape(target.shape)} differs from input shape ${formatShape(input.shape)}\nhint: reshape the target to the input's shape; losses do not broadcast`,
    );
  }
}

/**
 * Base class of the losses: a Module with `forward(input, target)` and a `reduction`.
 * @example
 * const loss: Loss = new MSELoss({ reduction: 'sum' });
 * loss.call(prediction, target).backward();
 */
export abstract class Loss extends Module {
  readonly reduction: Reduction;

  constructor(options: LossOptions = {}) {
    super();
    this.reduction = checkReduction(new.target.name, options.reduction ?? 'mean');
  }

  /** The loss of `input` against `target`. @example loss.forward(input, target) */
  abstract override forward(input: Tensor | NDArray, target: Tensor | NDArray): Tensor;

  protected override extraRepr(): string {
    return this.reduction === 'mean' ? '' : `reduction='${this.reduction}'`;
  }
}

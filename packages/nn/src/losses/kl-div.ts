// Kullback-Leibler divergence of log-probabilities from a target distribution, as PyTorch's.
import { div, exp, log, mul, sub, sum, where, type Tensor } from '@dl/autograd';
import * as nd from '@dl/tensor';
import { ArgumentError, DTypeError, type NDArray, isFloating } from '@dl/tensor';
import { Loss, checkSameShape, type LossOptions } from './loss.js';
import { asTensor } from '../operand.js';

/** How `klDiv` reduces: as every loss, plus 'batchmean' (the sum divided by the batch size, dim 0). */
export type KLDivReduction = 'none' | 'mean' | 'sum' | 'batchmean';

/** Options of `klDiv`. */
export interface KLDivLossOptions extends Omit<LossOptions, 'reduction'> {
  /** 'mean' (default, PyTorch's; 'batchmean' is the true KL divergence), 'batchmean', 'sum' or 'none'. */
  reduction?: KLDivReduction;
  /** The target holds log-probabilities instead of probabilities (default false). */
  logTarget?: boolean;
}

function checkKLReduction(op: string, reduction: unknown): KLDivReduction {
  if (reduction !== 'none' && reduction !== 'mean' && reduction !== 'sum' && reduction !== 'batchmean') {
    throw new ArgumentError(`${op}: reduction must be 'none', 'mean', 'sum' or 'batchmean', got '${String(reduction)}'`);
  }
  return reduction;
}

/**
 * Σ target·(log target - input) for log-probabilities `input`, as `F.kl_div`; with `logTarget`
 * the target is log-probabilities too: Σ exp(target)·(target - input).
 * @example
 * klDiv(logSoftmax(logits, 1), targetProbs, { reduction: 'batchmean' })
 */
export function klDiv(input: Tensor | NDArray, target: Tensor | NDArray, options: KLDivLossOptions = {}): Tensor {
  const op = 'klDiv';
  const reduction = checkKLReduction(op, options.reduction ?? 'mean');
  const x = asTensor(op, 'input', input);
  const y = asTensor(op, 'target', target);
  if (!isFloating(x.dtype) || !isFloating(y.dtype)) throw new DTypeError(`${op}: input and target must be floating point, got ${x.dtype} and ${y.dtype}`);
  checkSameShape(op, x, y);
  let loss: Tensor;
  if (options.logTarget) loss = mul(exp(y), sub(y, x));
  else {
    // NOTE: xlogy(y, y) - y·x as PyTorch: 0·log 0 counts as 0, and log only sees the kept targets
    // so a zero target's gradient is not 0 · -Infinity = NaN.
    const zero = nd.eq(y.data, 0);
    loss = sub(where(zero, 0, mul(y, log(where(zero, 1, y)))), mul(y, x));
  }
  if (reduction === 'none') return loss;
  if (reduction === 'sum') return sum(loss);
  if (reduction === 'mean') return div(sum(loss), x.size);
  return div(sum(loss), x.ndim === 0 ? 1 : x.shape[0]);
}

/**
 * KL divergence as a module, as `torch.nn.KLDivLoss`.
 * @example
 * new KLDivLoss({ reduction: 'batchmean' }).call(logSoftmax(logits, 1), targetProbs)
 */
export class KLDivLoss extends Loss {
  /** The reduction as given ('batchmean' included); the base class's `reduction` reads 'sum' for it. */
  readonly klReduction: KLDivReduction;
  readonly logTarget: boolean;

  constructor(options: KLDivLossOptions = {}) {
    const reduction = checkKLReduction('KLDivLoss', options.reduction ?? 'mean');
    super({ reduction: reduction === 'batchmean' ? 'sum' : reduction });
    this.klReduction = reduction;
    this.logTarget = options.logTarget ?? false;
  }

  /** The divergence of log-probabilities `input` from `target`. @example criterion.forward(logProbs, probs) */
  forward(input: Tensor | NDArray, target: Tensor | NDArray): Tensor {
    return klDiv(input, target, { reduction: this.klReduction, logTarget: this.logTarget });
  }

  protected override extraRepr(): string {
    return [this.klReduction === 'mean' ? '' : `reduction='${this.klReduction}'`, this.logTarget ? 'logTarget=true' : ''].filter(Boolean).join(', ');
  }
}

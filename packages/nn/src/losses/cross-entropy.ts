// Classification losses on logits / log-probabilities: nllLoss and crossEntropy with PyTorch's
// exact formulas for weight, ignoreIndex, labelSmoothing and probability targets.
import { add, div, gather, logSoftmax, mul, neg, softmaxCrossEntropy, squeeze, sum, where, type Tensor } from '@dl/autograd';
import * as nd from '@dl/tensor';
import { ArgumentError, DTypeError, IndexError, type NDArray, ShapeError, formatShape, isFloating } from '@dl/tensor';
import { Loss, checkReduction, constantOf, type LossOptions, type Reduction } from './loss.js';
import { asTensor } from '../operand.js';

/** Options of `nllLoss`. */
export interface NLLLossOptions extends LossOptions {
  /** Per-class weights, shape [C]; constants (no gradient). */
  weight?: Tensor | NDArray | null;
  /** Target value that contributes nothing (not even to the weighted mean's divisor); default -100. */
  ignoreIndex?: number;
}

/** Options of `crossEntropy`. */
export interface CrossEntropyOptions extends NLLLossOptions {
  /** Mixes the target with the uniform distribution: (1 - ε)·target + ε/C (default 0). */
  labelSmoothing?: number;
}

interface Checked {
  x: Tensor;
  classDim: number;
  classes: number;
  weight: NDArray | null;
}

function checkInput(op: string, input: Tensor | NDArray, weight: Tensor | NDArray | null | undefined): Checked {
  const x = asTensor(op, 'input', input);
  if (x.ndim === 0) throw new ShapeError(`${op}: expected input [C], [N, C] or [N, C, d1, ...], got a 0-d tensor`);
  if (!isFloating(x.dtype)) throw new DTypeError(`${op}: input must be floating point, got ${x.dtype}`);
  const classDim = x.ndim === 1 ? 0 : 1;
  const classes = x.shape[classDim];
  let w = constantOf(op, 'weight', weight);
  if (w !== null) {
    if (w.ndim !== 1 || w.shape[0] !== classes) {
      throw new ShapeError(`${op}: weight must have shape [${classes}] (one per class), got ${formatShape(w.shape)}`);
    }
    w = w.astype(x.dtype);
  }
  return { x, classDim, classes, weight: w };
}

/** [C] weights shaped to broadcast along the class dim of an input of `ndim` dims. */
const alongClassDim = (weight: NDArray, ndim: number, classDim: number): NDArray =>
  nd.reshape(weight, [weight.shape[0], ...new Array<number>(ndim - classDim - 1).fill(1)]);

interface Picked {
  /** -w[t]·input[t] per target element, 0 where ignored. */
  loss: Tensor;
  /** w[t] per target element, 0 where ignored (the weighted mean's divisor). */
  weights: NDArray;
  /** Where the target is not ignoreIndex. */
  keep: NDArray;
}

/** The class-index target as a contiguous int32 NDArray, checked against the input's shape and classes. */
function checkTarget(op: string, { x, classes }: Checked, targetArg: Tensor | NDArray, ignoreIndex: number): NDArray {
  const target = nd.contiguous(asTensor(op, 'target', targetArg).data);
  if (target.dtype !== 'int32') throw new DTypeError(`${op}: target must be int32 class indices, got ${target.dtype}`);
  const expected = x.ndim === 1 ? [] : [x.shape[0], ...x.shape.slice(2)];
  if (!nd.shapesEqual(target.shape, expected)) {
    throw new ShapeError(`${op}: expected target ${formatShape(expected)} for input ${formatShape(x.shape)}, got ${formatShape(target.shape)}`);
  }
  for (const t of target.dataSync()) {
    if ((t < 0 || t >= classes) && t !== ignoreIndex) {
      throw new IndexError(`${op}: target ${t} is out of bounds for ${classes} classes (expected 0..${classes - 1} or ignoreIndex ${ignoreIndex})`);
    }
  }
  return target;
}

function pickTargets(op: string, checked: Checked, targetArg: Tensor | NDArray, ignoreIndex: number): Picked {
  const { x, classDim, weight } = checked;
  const target = checkTarget(op, checked, targetArg, ignoreIndex);
  const keep = nd.ne(target, ignoreIndex);
  // Ignored targets may be any number (-100): point them at class 0 and zero their weight.
  const safe = nd.where(keep, target, 0);
  const classWeight = weight ? nd.reshape(nd.indexSelect(weight, 0, nd.flatten(safe)), target.shape) : nd.ones(target.shape, { dtype: x.dtype });
  const weights = nd.where(keep, classWeight, 0).astype(x.dtype);
  const picked = squeeze(gather(x, classDim, nd.unsqueeze(safe, classDim)), classDim);
  // NOTE: an ignored target points at class 0, whose log-probability may be -Infinity; a where
  // (not a zero weight, since 0 · -Infinity = NaN) drops it, as PyTorch skips the element.
  return { loss: where(keep, neg(mul(picked, weights)), 0), weights, keep };
}

/** Σ loss / Σ weights for 'mean' (PyTorch's weighted mean), else the plain reduction. */
function weightedReduce(loss: Tensor, weights: NDArray, reduction: Reduction): Tensor {
  if (reduction === 'none') return loss;
  if (reduction === 'sum') return sum(loss);
  return div(sum(loss), nd.sum(weights));
}

/**
 * Negative log-likelihood of class-index targets given log-probabilities, as `F.nll_loss`:
 * input [N, C] (or [C], or [N, C, d1, ...]) and int32 target [N] (or [], or [N, d1, ...]).
 * The 'mean' divides by the summed weights of non-ignored targets.
 * @example
 * nllLoss(logSoftmax(logits, 1), labels)
 */
export function nllLoss(input: Tensor | NDArray, target: Tensor | NDArray, options: NLLLossOptions = {}): Tensor {
  const reduction = checkReduction('nllLoss', options.reduction ?? 'mean');
  const checked = checkInput('nllLoss', input, options.weight);
  const { loss, weights } = pickTargets('nllLoss', checked, target, options.ignoreIndex ?? -100);
  return weightedReduce(loss, weights, reduction);
}

/**
 * Cross-entropy of logits against class indices (int32) or class probabilities (float, same
 * shape as input), as `F.cross_entropy`, with PyTorch's weight, ignoreIndex and labelSmoothing.
 * NOTE: class indices into [N, C] logits with no weight, no label smoothing and no target hitting
 * ignoreIndex run as the fused softmaxCrossEntropy primitive; every other case on the fused
 * logSoftmax. Both give finite values and gradients for logits of ±1e4.
 * @example
 * crossEntropy(logits, labels) // logits [N, C], labels [N] int32
 * crossEntropy(logits, labels, { labelSmoothing: 0.1, ignoreIndex: 0 })
 */
export function crossEntropy(input: Tensor | NDArray, target: Tensor | NDArray, options: CrossEntropyOptions = {}): Tensor {
  const op = 'crossEntropy';
  const reduction = checkReduction(op, options.reduction ?? 'mean');
  const ignoreIndex = options.ignoreIndex ?? -100;
  const smoothing = options.labelSmoothing ?? 0;
  if (!(smoothing >= 0 && smoothing <= 1)) throw new ArgumentError(`${op}: labelSmoothing must be in [0, 1], got ${smoothing}`);
  const checked = checkInput(op, input, options.weight);
  const { x, classDim, classes, weight } = checked;
  const t = asTensor(op, 'target', target);
  if (x.ndim === 2 && !isFloating(t.dtype) && weight === null && smoothing === 0) {
    // The plain case runs as one fused primitive: no [N, C] log-probabilities, one backward pass.
    const labels = checkTarget(op, checked, t, ignoreIndex);
    if (!labels.dataSync().includes(ignoreIndex)) return softmaxCrossEntropy(x, labels, reduction);
  }
  const logProbs = logSoftmax(x, classDim);
  const classWeight = weight ? alongClassDim(weight, x.ndim, classDim) : null;

  if (isFloating(t.dtype)) {
    if (!nd.shapesEqual(t.shape, x.shape)) {
      throw new ShapeError(`${op}: probability targets must have the input's shape ${formatShape(x.shape)}, got ${formatShape(t.shape)}`);
    }
    if (ignoreIndex >= 0) throw new ArgumentError(`${op}: ignoreIndex is not supported for probability targets (got ${ignoreIndex})`);
    const smoothed = smoothing > 0 ? add(mul(t, 1 - smoothing), smoothing / classes) : t;
    const terms = classWeight ? mul(mul(logProbs, smoothed), classWeight) : mul(logProbs, smoothed);
    if (reduction === 'none') return neg(sum(terms, classDim));
    const total = neg(sum(terms));
    // NOTE: PyTorch's mean over probability targets divides by the number of samples, not by the weights.
    return reduction === 'sum' ? total : div(total, x.size / classes);
  }

  const { loss, weights, keep } = pickTargets(op, { ...checked, x: logProbs }, t, ignoreIndex);
  const nll = weightedReduce(loss, weights, reduction);
  if (smoothing === 0) return nll;
  // The uniform part: -Σ_c w_c log p_c per element, ignored elements zeroed, reduced with the
  // same divisor as the nll part (PyTorch's cross_entropy_loss_label_smoothing).
  const perClass = classWeight ? mul(logProbs, classWeight) : logProbs;
  const uniform = where(keep, neg(sum(perClass, classDim)), 0);
  const uniformReduced = reduction === 'none' ? uniform : reduction === 'sum' ? sum(uniform) : div(sum(uniform), nd.sum(weights));
  return add(mul(nll, 1 - smoothing), mul(uniformReduced, smoothing / classes));
}

/**
 * Cross-entropy as a module, as `torch.nn.CrossEntropyLoss`; `weight` is a buffer (saved in stateDict).
 * @example
 * const criterion = new CrossEntropyLoss({ labelSmoothing: 0.1 });
 * criterion.call(model.call(x), labels).backward();
 */
export class CrossEntropyLoss extends Loss {
  readonly ignoreIndex: number;
  readonly labelSmoothing: number;
  declare readonly weight: Tensor | null;

  constructor(options: CrossEntropyOptions = {}) {
    super(options);
    this.registerBuffer('weight', constantOf('CrossEntropyLoss', 'weight', options.weight));
    this.ignoreIndex = options.ignoreIndex ?? -100;
    this.labelSmoothing = options.labelSmoothing ?? 0;
  }

  /** The loss of logits `input` against `target`. @example criterion.forward(logits, labels) */
  forward(input: Tensor | NDArray, target: Tensor | NDArray): Tensor {
    const { reduction, ignoreIndex, labelSmoothing, weight } = this;
    return crossEntropy(input, target, { reduction, ignoreIndex, labelSmoothing, weight });
  }

  protected override extraRepr(): string {
    return [super.extraRepr(), this.labelSmoothing ? `labelSmoothing=${this.labelSmoothing}` : ''].filter(Boolean).join(', ');
  }
}

/**
 * Negative log-likelihood as a module, as `torch.nn.NLLLoss`; pair it with LogSoftmax.
 * @example
 * new NLLLoss().call(new LogSoftmax(1).call(logits), labels)
 */
export class NLLLoss extends Loss {
  readonly ignoreIndex: number;
  declare readonly weight: Tensor | null;

  constructor(options: NLLLossOptions = {}) {
    super(options);
    this.registerBuffer('weight', constantOf('NLLLoss', 'weight', options.weight));
    this.ignoreIndex = options.ignoreIndex ?? -100;
  }

  /** The loss of log-probabilities `input` against `target`. @example criterion.forward(logProbs, labels) */
  forward(input: Tensor | NDArray, target: Tensor | NDArray): Tensor {
    const { reduction, ignoreIndex, weight } = this;
    return nllLoss(input, target, { reduction, ignoreIndex, weight });
  }
}

// Binary cross-entropy on probabilities (with PyTorch's log clamp) and on logits (stable form).
import { add, clamp, log, mul, neg, softplus, sub, type Tensor } from '@dl/autograd';
import * as nd from '@dl/tensor';
import { ArgumentError, DTypeError, type NDArray, ShapeError, formatShape, isFloating } from '@dl/tensor';
import { Loss, asTensor, checkSameShape, constantOf, reduce, type LossOptions } from './loss.js';

/** Options of `binaryCrossEntropy`. */
export interface BCELossOptions extends LossOptions {
  /** Rescaling weight of each element, broadcast to the input; a constant. */
  weight?: Tensor | NDArray | null;
}

/** Options of `binaryCrossEntropyWithLogits`. */
export interface BCEWithLogitsLossOptions extends BCELossOptions {
  /** Weight of positive examples, broadcast along the last (class) dim; a constant. */
  posWeight?: Tensor | NDArray | null;
}

function checkOperands(op: string, input: Tensor | NDArray, target: Tensor | NDArray): [Tensor, Tensor] {
  const x = asTensor(op, 'input', input);
  const y = asTensor(op, 'target', target);
  if (!isFloating(x.dtype) || !isFloating(y.dtype)) {
    throw new DTypeError(`${op}: input and target must be floating point, got ${x.dtype} and ${y.dtype}`);
  }
  checkSameShape(op, x, y);
  return [x, y];
}

function broadcastConstant(op: string, what: string, value: Tensor | NDArray | null | undefined, input: Tensor): NDArray | null {
  const c = constantOf(op, what, value);
  if (c === null) return null;
  const shape = nd.broadcastShapes(op, c.shape, input.shape);
  if (!nd.shapesEqual(shape, input.shape)) {
    throw new ShapeError(`${op}: ${what} of shape ${formatShape(c.shape)} does not broadcast to the input shape ${formatShape(input.shape)}`);
  }
  return c.astype(input.dtype);
}

// NOTE: PyTorch clamps log(p) at -100 so p = 0 gives a finite loss. Clamping p first (at 1e-44,
// below e^-100 even as a float32 denormal) keeps log's gradient 1/p finite where the outer clamp
// cuts it, so p = 0 or 1 gives a zero gradient instead of NaN (PyTorch gives ±1e12 there).
const clampedLog = (p: Tensor): Tensor => clamp(log(clamp(p, { min: 1e-44 })), { min: -100 });

/**
 * -w·[y·log x + (1 - y)·log(1 - x)] for probabilities x in [0, 1], with each log clamped at -100
 * as PyTorch, as `F.binary_cross_entropy`. Prefer binaryCrossEntropyWithLogits on raw scores.
 * @example
 * binaryCrossEntropy(sigmoid(scores), labels)
 */
export function binaryCrossEntropy(input: Tensor | NDArray, target: Tensor | NDArray, options: BCELossOptions = {}): Tensor {
  const op = 'binaryCrossEntropy';
  const [x, y] = checkOperands(op, input, target);
  const weight = broadcastConstant(op, 'weight', options.weight, x);
  if (x.size > 0 && (nd.amin(x.data).item() < 0 || nd.amax(x.data).item() > 1 || nd.any(nd.isNaN(x.data)).item())) {
    throw new ArgumentError(`${op}: all elements of input must be between 0 and 1, got values in [${nd.amin(x.data).item()}, ${nd.amax(x.data).item()}]\nhint: apply sigmoid, or use binaryCrossEntropyWithLogits`);
  }
  const logLikelihood = add(mul(y, clampedLog(x)), mul(sub(1, y), clampedLog(sub(1, x))));
  const loss = weight ? neg(mul(logLikelihood, weight)) : neg(logLikelihood);
  return reduce(op, loss, options.reduction);
}

/**
 * Binary cross-entropy on logits, (1 - y)·x + (1 + (posWeight - 1)·y)·softplus(-x), as
 * `F.binary_cross_entropy_with_logits`; stable for any logit (±1e4 included).
 * @example
 * binaryCrossEntropyWithLogits(scores, labels, { posWeight: nd.array([3]) })
 */
export function binaryCrossEntropyWithLogits(input: Tensor | NDArray, target: Tensor | NDArray, options: BCEWithLogitsLossOptions = {}): Tensor {
  const op = 'binaryCrossEntropyWithLogits';
  const [x, y] = checkOperands(op, input, target);
  const weight = broadcastConstant(op, 'weight', options.weight, x);
  const posWeight = broadcastConstant(op, 'posWeight', options.posWeight, x);
  // NOTE: softplus(-x) = -log σ(x) never overflows, and its slope at 0 is exactly -½.
  const negLogSigmoid = softplus(neg(x));
  const positive = posWeight ? mul(add(mul(y, nd.sub(posWeight, 1)), 1), negLogSigmoid) : negLogSigmoid;
  const loss = add(mul(sub(1, y), x), positive);
  return reduce(op, weight ? mul(loss, weight) : loss, options.reduction);
}

/**
 * Binary cross-entropy on probabilities as a module, as `torch.nn.BCELoss`; `weight` is a buffer.
 * @example
 * new BCELoss().call(sigmoid(scores), labels)
 */
export class BCELoss extends Loss {
  declare readonly weight: Tensor | null;

  constructor(options: BCELossOptions = {}) {
    super(options);
    this.registerBuffer('weight', constantOf('BCELoss', 'weight', options.weight));
  }

  /** The loss of probabilities `input` against `target`. @example criterion.forward(p, y) */
  forward(input: Tensor | NDArray, target: Tensor | NDArray): Tensor {
    return binaryCrossEntropy(input, target, { reduction: this.reduction, weight: this.weight });
  }
}

/**
 * Binary cross-entropy on logits as a module, as `torch.nn.BCEWithLogitsLoss`; `weight` and
 * `posWeight` are buffers (saved as `weight` and `pos_weight`, PyTorch's keys).
 * @example
 * new BCEWithLogitsLoss({ posWeight: nd.full([classes], 3) }).call(scores, labels)
 */
export class BCEWithLogitsLoss extends Loss {
  declare readonly weight: Tensor | null;
  // NOTE: PyTorch's buffer name, so stateDict() keys match torch's BCEWithLogitsLoss.
  declare readonly pos_weight: Tensor | null;

  constructor(options: BCEWithLogitsLossOptions = {}) {
    super(options);
    this.registerBuffer('weight', constantOf('BCEWithLogitsLoss', 'weight', options.weight));
    this.registerBuffer('pos_weight', constantOf('BCEWithLogitsLoss', 'posWeight', options.posWeight));
  }

  /** The `pos_weight` buffer, or null. @example criterion.posWeight?.data */
  get posWeight(): Tensor | null {
    return this.pos_weight;
  }

  /** The loss of logits `input` against `target`. @example criterion.forward(scores, y) */
  forward(input: Tensor | NDArray, target: Tensor | NDArray): Tensor {
    return binaryCrossEntropyWithLogits(input, target, { reduction: this.reduction, weight: this.weight, posWeight: this.pos_weight });
  }
}

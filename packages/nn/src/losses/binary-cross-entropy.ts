// Binary cross-entropy on probabilities (with PyTorch's log clamp) and on logits (stable form).
import { add, defineOp, mul, neg, softplus, sub, type Tensor } from '@dl/autograd';
import * as nd from '@dl/tensor';
import { ArgumentError, DTypeError, type NDArray, ShapeError, formatShape, isFloating } from '@dl/tensor';
import { Loss, checkSameShape, constantOf, reduce, type LossOptions } from './loss.js';
import { asTensor } from '../operand.js';

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

const EPSILON = 1e-12;

/**
 * The element-wise loss -w·[y·max(log x, -100) + (1 - y)·max(log(1 - x), -100)] with PyTorch's
 * own gradients: (x - y) / max(x·(1 - x), 1e-12) for x and -logit(x) for y, times w.
 * NOTE: a fused primitive because no composition of log and clamp has these gradients: the
 * clamp stops the loss at 100 but PyTorch's input gradient keeps its slope (±1e12 at p = 0 or 1,
 * exactly 0 where p equals the target) and its target gradient is the unclamped ±Infinity there.
 */
const bceElements = defineOp({
  name: 'binaryCrossEntropy',
  inputs: 2,
  forward: (x: NDArray, y: NDArray, weight: NDArray | null) => {
    const logX = nd.maximum(nd.log(x), -100);
    const log1mX = nd.maximum(nd.log(nd.sub(1, x)), -100);
    const loss = nd.sub(nd.mul(nd.sub(y, 1), log1mX), nd.mul(y, logX));
    return weight ? nd.mul(loss, weight) : loss;
  },
  backward: (dy, { inputs: [x, y], args: [, , weight], needsGrad }) => {
    const scale = weight ? nd.mul(dy, weight) : dy;
    const dx = needsGrad[0] ? nd.mul(scale, nd.div(nd.sub(x, y), nd.maximum(nd.mul(x, nd.sub(1, x)), EPSILON))) : null;
    const dt = needsGrad[1] ? nd.mul(scale, nd.neg(nd.log(nd.div(x, nd.sub(1, x))))) : null;
    return [dx, dt];
  },
});

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
  return reduce(op, bceElements(x, y, weight), options.reduction);
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

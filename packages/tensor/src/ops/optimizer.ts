import type { DType, TypedArray } from '../dtype.js';
import { ArgumentError, DTypeError, ShapeError } from '../errors.js';
import { kernels } from '../kernels/registry.js';
import type { AdamHyper, SgdHyper } from '../kernels/cpu/optimizer.js';
import type { NDArray } from '../ndarray.js';
import { formatShape, shapesEqual } from '../shape.js';
import { bumpVersion } from '../version.js';
import { clone, contiguous } from './movement.js';
import { copy_ } from './in-place.js';
import { expectNDArray } from './operand.js';

// Fused optimizer updates, as PyTorch's `_fused_sgd_` / `_fused_adam_`: the whole update of one
// parameter in one pass, with no temporaries, split across threads for large parameters. Each
// gives the bits of the composed ops an optimizer would otherwise run (mul, add, sqrt, div in the
// parameter's dtype), so switching between them never changes a seeded run.

/**
 * Options of `fusedSgd_`: `torch.optim.SGD`'s hyperparameters, and the momentum buffer.
 * @example
 * const options: FusedSgdOptions = { lr: 0.1, momentum: 0.9, momentumBuffer: buffer };
 */
export interface FusedSgdOptions {
  lr: number;
  momentum?: number;
  dampening?: number;
  weightDecay?: number;
  nesterov?: boolean;
  maximize?: boolean;
  /** Needed when momentum is not 0: updated in place, same shape and dtype as the parameter. */
  momentumBuffer?: NDArray;
  /** The buffer holds nothing yet: it is set to this step's direction (PyTorch clones it). */
  firstStep?: boolean;
}

/**
 * Options of `fusedAdam_`: `torch.optim.Adam`'s hyperparameters (AdamW with `decoupledWeightDecay`),
 * and the step count the bias corrections use (1 on the first step).
 * @example
 * const options: FusedAdamOptions = { lr: 1e-3, betas: [0.9, 0.999], step: 1 };
 */
export interface FusedAdamOptions {
  lr: number;
  step: number;
  betas?: readonly [number, number];
  eps?: number;
  weightDecay?: number;
  /** AdamW: shrink the parameter by `lr * weightDecay` instead of adding an L2 term to the gradient. */
  decoupledWeightDecay?: boolean;
  maximize?: boolean;
  /** AMSGrad's running maximum of `expAvgSq`, updated in place; normalizes by it when given. */
  maxExpAvgSq?: NDArray;
}

/** Checks one array of an update against the parameter: an NDArray of its dtype and shape. */
function checkLike(op: string, name: string, x: NDArray, param: NDArray): void {
  expectNDArray(op, x, false);
  if (x.dtype !== param.dtype) throw new DTypeError(`${op}: ${name} has dtype ${x.dtype}, the parameter ${param.dtype}`);
  if (!shapesEqual(x.shape, param.shape)) throw new ShapeError(`${op}: ${name} has shape ${formatShape(x.shape)}, the parameter ${formatShape(param.shape)}`);
}

function checkParam(op: string, param: NDArray): void {
  expectNDArray(op, param, false);
  if (param.dtype !== 'float32' && param.dtype !== 'float64') throw new DTypeError(`${op}: the parameter must be float32 or float64, got ${param.dtype}`);
}

/** The constants as the composed ops see them: scalars in a float32 op are rounded to float32. */
function rounder(dtype: DType): (value: number) => number {
  return dtype === 'float32' ? Math.fround : (value) => value;
}

/**
 * Runs `update` on contiguous storage of each target (`targets[0]` is the parameter) and the
 * read-only `grad`: the arrays' own memory when they are contiguous, else copies written back.
 */
function inPlace(op: string, targets: NDArray[], grad: NDArray, update: (spans: TypedArray[], grad: TypedArray) => void): void {
  const dense = targets.map((x) => (x.isContiguous() ? x : clone(x)));
  const g = contiguous(grad);
  update(dense.map((x) => x.data.subarray(x.offset, x.offset + x.size)), g.data.subarray(g.offset, g.offset + g.size));
  targets.forEach((x, i) => {
    if (dense[i] !== x) copy_(x, dense[i]);
    else bumpVersion(x, op);
  });
}

/**
 * One step of `torch.optim.SGD` on one parameter, in place and in one pass: weight decay,
 * momentum (with dampening or Nesterov), maximize. Bit for bit the composed update.
 * @example
 * fusedSgd_(weight, grad, { lr: 0.1, momentum: 0.9, momentumBuffer: buffer, firstStep: true });
 */
export function fusedSgd_(param: NDArray, grad: NDArray, options: FusedSgdOptions): NDArray {
  const op = 'fusedSgd_';
  checkParam(op, param);
  checkLike(op, 'grad', grad, param);
  const { lr, momentum = 0, dampening = 0, weightDecay = 0, nesterov = false, maximize = false, momentumBuffer, firstStep = false } = options;
  if (momentum !== 0 && momentumBuffer === undefined) throw new ArgumentError(`${op}: momentum ${momentum} needs a momentumBuffer`);
  if (nesterov && (momentum <= 0 || dampening !== 0)) {
    throw new ArgumentError(`${op}: nesterov momentum requires a momentum > 0 and zero dampening (got momentum ${momentum}, dampening ${dampening})`);
  }
  const buffer = momentum !== 0 ? momentumBuffer : undefined;
  if (buffer) checkLike(op, 'momentumBuffer', buffer, param);
  const r = rounder(param.dtype);
  const hyper: SgdHyper = [r(lr), r(momentum), r(1 - dampening), r(weightDecay), nesterov ? 1 : 0, maximize ? 1 : 0, firstStep ? 1 : 0];
  inPlace(op, buffer ? [param, buffer] : [param], grad, ([p, b], g) => { kernels().sgdStep(p, g, b, hyper); });
  return param;
}

/**
 * One step of `torch.optim.Adam` (or AdamW, with `decoupledWeightDecay`) on one parameter, in
 * place and in one pass: the moments, AMSGrad's maximum and the parameter. Bit for bit the
 * composed update.
 * @example
 * fusedAdam_(weight, grad, expAvg, expAvgSq, { lr: 1e-3, step: 1 });
 */
export function fusedAdam_(param: NDArray, grad: NDArray, expAvg: NDArray, expAvgSq: NDArray, options: FusedAdamOptions): NDArray {
  const op = 'fusedAdam_';
  checkParam(op, param);
  checkLike(op, 'grad', grad, param);
  checkLike(op, 'expAvg', expAvg, param);
  checkLike(op, 'expAvgSq', expAvgSq, param);
  const { lr, step, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0, decoupledWeightDecay = false, maximize = false, maxExpAvgSq } = options;
  if (!Number.isInteger(step) || step < 1) throw new ArgumentError(`${op}: step must be an integer >= 1, got ${step}`);
  if (maxExpAvgSq) checkLike(op, 'maxExpAvgSq', maxExpAvgSq, param);
  const [beta1, beta2] = betas;
  const r = rounder(param.dtype);
  const decoupled = decoupledWeightDecay && weightDecay !== 0;
  const hyper: AdamHyper = [
    r(-lr / (1 - beta1 ** step)), r(beta1), r(1 - beta1), r(beta2), r(1 - beta2), r(Math.sqrt(1 - beta2 ** step)), r(eps),
    decoupled ? 0 : r(weightDecay), decoupled ? r(1 - lr * weightDecay) : 1, maximize ? 1 : 0,
  ];
  const targets = maxExpAvgSq ? [param, expAvg, expAvgSq, maxExpAvgSq] : [param, expAvg, expAvgSq];
  inPlace(op, targets, grad, ([p, m, v, vmax], g) => { kernels().adamStep(p, g, m, v, vmax, hyper); });
  return param;
}

// LayerNorm and BatchNorm composed of mean, sub, mul and rsqrt (no backward code here).
import { add, mean, mul, reshape, rsqrt, sub, Tensor } from '@dl/autograd';
import * as nd from '@dl/tensor';
import { ArgumentError, type NDArray, ShapeError, formatShape, type DType } from '@dl/tensor';
import { Module } from '../module.js';
import { asTensor, optionalTensor } from '../operand.js';
import { Parameter } from '../parameter.js';
import { checkSize } from './linear.js';

/** Options of `layerNorm`. */
export interface LayerNormFunctionOptions {
  /** Scale of shape normalizedShape (default none). */
  weight?: Tensor | NDArray | null;
  /** Shift of shape normalizedShape (default none). */
  bias?: Tensor | NDArray | null;
  /** Added to the variance for stability (default 1e-5). */
  eps?: number;
}

/** (x - mean) / √(var + eps) over `dims` (biased variance), computed in two passes. */
function normalize(x: Tensor, dims: number[], eps: number): Tensor {
  const centered = sub(x, mean(x, dims, { keepdim: true }));
  const variance = mean(mul(centered, centered), dims, { keepdim: true });
  return mul(centered, rsqrt(add(variance, eps)));
}

/**
 * Normalizes over the last dims (those of `normalizedShape`) to mean 0 and variance 1, then
 * applies the optional affine weight and bias, as `F.layer_norm`.
 * @example
 * layerNorm(x, [512], { weight, bias })
 */
export function layerNorm(inputArg: Tensor | NDArray, normalizedShape: readonly number[], options: LayerNormFunctionOptions = {}): Tensor {
  const input = asTensor('layerNorm', 'input', inputArg);
  const weight = optionalTensor('layerNorm', 'weight', options.weight);
  const bias = optionalTensor('layerNorm', 'bias', options.bias);
  const k = normalizedShape.length;
  if (k === 0 || input.ndim < k || !nd.shapesEqual(input.shape.slice(input.ndim - k), normalizedShape)) {
    throw new ShapeError(`layerNorm: expected input [..., ${normalizedShape.join(', ')}] for normalizedShape ${formatShape(normalizedShape)}, got ${formatShape(input.shape)}`);
  }
  const dims = normalizedShape.map((_, i) => input.ndim - k + i);
  let out = normalize(input, dims, options.eps ?? 1e-5);
  if (weight) out = mul(out, weight);
  if (bias) out = add(out, bias);
  return out;
}

/** Options of `LayerNorm`. */
export interface LayerNormOptions {
  /** Added to the variance for stability (default 1e-5). */
  eps?: number;
  /** Learn a weight (ones) and a bias (zeros) of shape normalizedShape (default true). */
  elementwiseAffine?: boolean;
  /** Learn the bias when elementwiseAffine (default true). */
  bias?: boolean;
  /** Parameter dtype (default float32). */
  dtype?: DType;
}

/**
 * Layer normalization over the trailing `normalizedShape`, as `torch.nn.LayerNorm`.
 * @example
 * new LayerNorm(512).call(x) // x [..., 512]
 */
export class LayerNorm extends Module {
  readonly normalizedShape: number[];
  readonly eps: number;
  weight: Parameter | null;
  bias: Parameter | null;

  constructor(normalizedShape: number | readonly number[], options: LayerNormOptions = {}) {
    super();
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    if (this.normalizedShape.length === 0) throw new ArgumentError('LayerNorm: normalizedShape must have at least one dim, got []');
    this.normalizedShape.forEach((size) => checkSize('LayerNorm', 'normalizedShape', size));
    this.eps = options.eps ?? 1e-5;
    const dtype = options.dtype ?? 'float32';
    const affine = options.elementwiseAffine ?? true;
    this.weight = affine ? new Parameter(nd.ones(this.normalizedShape, { dtype })) : null;
    this.bias = affine && options.bias !== false ? new Parameter(nd.zeros(this.normalizedShape, { dtype })) : null;
  }

  /** Normalizes the last dims of `input`. @example norm.forward(x) */
  forward(input: Tensor): Tensor {
    return layerNorm(input, this.normalizedShape, this);
  }

  protected override extraRepr(): string {
    return `[${this.normalizedShape.join(', ')}], eps=${this.eps}, elementwiseAffine=${this.weight !== null}`;
  }
}

/** Options of `batchNorm`. */
export interface BatchNormFunctionOptions {
  /** Per-channel scale [C] (default none). */
  weight?: Tensor | NDArray | null;
  /** Per-channel shift [C] (default none). */
  bias?: Tensor | NDArray | null;
  /** Normalize with the batch statistics and update the running ones (default false: use the running ones). */
  training?: boolean;
  /** Weight of the new batch in the running averages (default 0.1). */
  momentum?: number;
  /** Added to the variance for stability (default 1e-5). */
  eps?: number;
}

type Stat = Tensor | NDArray | null | undefined;
const dataOf = (value: Stat): NDArray | null => (value === null || value === undefined ? null : Tensor.isTensor(value) ? value.data : value);

/**
 * Batch normalization of [N, C, ...] per channel C, as `F.batch_norm`: in training it uses the
 * batch mean and biased variance and updates `runningMean`/`runningVar` in place (with the
 * unbiased variance); otherwise it uses the running statistics.
 * @example
 * batchNorm(x, runningMean, runningVar, { weight, bias, training: true })
 */
export function batchNorm(inputArg: Tensor | NDArray, runningMean: Stat, runningVar: Stat, options: BatchNormFunctionOptions = {}): Tensor {
  const op = 'batchNorm';
  const input = asTensor(op, 'input', inputArg);
  const weight = optionalTensor(op, 'weight', options.weight);
  const bias = optionalTensor(op, 'bias', options.bias);
  if (input.ndim < 2) throw new ShapeError(`${op}: expected input [N, C, ...], got ${formatShape(input.shape)}`);
  const channels = input.shape[1];
  const statShape = input.shape.map((s, d) => (d === 1 ? s : 1));
  const perChannel = (what: string, value: Stat): NDArray | null => {
    const data = dataOf(value);
    if (data && (data.ndim !== 1 || data.shape[0] !== channels)) {
      throw new ShapeError(`${op}: ${what} must have shape [${channels}] (one per channel), got ${formatShape(data.shape)}`);
    }
    return data;
  };
  const rm = perChannel('runningMean', runningMean);
  const rv = perChannel('runningVar', runningVar);
  perChannel('weight', weight);
  perChannel('bias', bias);
  const eps = options.eps ?? 1e-5;
  const dims = input.shape.map((_, d) => d).filter((d) => d !== 1);
  let out: Tensor;
  if (options.training) {
    const count = input.size / channels;
    if (count <= 1) throw new ArgumentError(`${op}: expected more than 1 value per channel when training, got input ${formatShape(input.shape)}`);
    out = normalize(input, dims, eps);
    const momentum = options.momentum ?? 0.1;
    if (rm || rv) {
      // Running statistics are state, not part of the graph: plain NDArray math, written in place.
      const batchMean = nd.mean(input.data, dims);
      const unbiased = nd.variance(input.data, dims, { correction: 1 });
      if (rm) nd.copy_(rm, nd.add(nd.mul(rm, 1 - momentum), nd.mul(batchMean, momentum)));
      if (rv) nd.copy_(rv, nd.add(nd.mul(rv, 1 - momentum), nd.mul(unbiased, momentum)));
    }
  } else {
    if (!rm || !rv) throw new ArgumentError(`${op}: running statistics are needed outside training\nhint: pass runningMean and runningVar, or training: true`);
    out = mul(sub(input, nd.reshape(rm, statShape)), nd.reshape(nd.rsqrt(nd.add(rv, eps)), statShape));
  }
  if (weight) out = mul(out, reshape(weight, statShape));
  if (bias) out = add(out, reshape(bias, statShape));
  return out;
}

/** Options of `BatchNorm1d` and `BatchNorm2d`. */
export interface BatchNormOptions {
  /** Added to the variance for stability (default 1e-5). */
  eps?: number;
  /** Weight of each new batch in the running averages (default 0.1); null for a cumulative average. */
  momentum?: number | null;
  /** Learn a per-channel weight (ones) and bias (zeros) (default true). */
  affine?: boolean;
  /** Keep running statistics for eval mode (default true); without them eval uses batch statistics. */
  trackRunningStats?: boolean;
  /** Parameter and buffer dtype (default float32). */
  dtype?: DType;
}

abstract class BatchNormNd extends Module {
  readonly numFeatures: number;
  readonly eps: number;
  readonly momentum: number | null;
  readonly trackRunningStats: boolean;
  weight: Parameter | null;
  bias: Parameter | null;
  // NOTE: buffers carry PyTorch's names, so stateDict() keys match torch's BatchNorm and a
  // safetensors file loads into either without a key map; the camelCase accessors are aliases.
  declare running_mean: Tensor | null;
  declare running_var: Tensor | null;
  declare num_batches_tracked: Tensor | null;

  constructor(
    private readonly op: string,
    private readonly inputDims: readonly number[],
    numFeatures: number,
    options: BatchNormOptions,
  ) {
    super();
    this.numFeatures = checkSize(op, 'numFeatures', numFeatures);
    this.eps = options.eps ?? 1e-5;
    this.momentum = options.momentum === undefined ? 0.1 : options.momentum;
    this.trackRunningStats = options.trackRunningStats ?? true;
    const dtype = options.dtype ?? 'float32';
    const affine = options.affine ?? true;
    this.weight = affine ? new Parameter(nd.ones([numFeatures], { dtype })) : null;
    this.bias = affine ? new Parameter(nd.zeros([numFeatures], { dtype })) : null;
    const track = this.trackRunningStats;
    this.registerBuffer('running_mean', track ? nd.zeros([numFeatures], { dtype }) : null);
    this.registerBuffer('running_var', track ? nd.ones([numFeatures], { dtype }) : null);
    this.registerBuffer('num_batches_tracked', track ? nd.zeros([], { dtype: 'int32' }) : null);
  }

  /** The `running_mean` buffer (null without running statistics). @example bn.runningMean?.data */
  get runningMean(): Tensor | null {
    return this.running_mean;
  }

  set runningMean(value: Tensor | null) {
    this.running_mean = value;
  }

  /** The `running_var` buffer (null without running statistics). @example bn.runningVar?.data */
  get runningVar(): Tensor | null {
    return this.running_var;
  }

  set runningVar(value: Tensor | null) {
    this.running_var = value;
  }

  /** The `num_batches_tracked` buffer (null without running statistics). @example bn.numBatchesTracked?.item() */
  get numBatchesTracked(): Tensor | null {
    return this.num_batches_tracked;
  }

  set numBatchesTracked(value: Tensor | null) {
    this.num_batches_tracked = value;
  }

  /**
   * Resets the running statistics to mean 0, variance 1 and no batches.
   * @example
   * bn.resetRunningStats();
   */
  resetRunningStats(): void {
    if (this.runningMean) nd.fill_(this.runningMean.data, 0);
    if (this.runningVar) nd.fill_(this.runningVar.data, 1);
    if (this.numBatchesTracked) nd.fill_(this.numBatchesTracked.data, 0);
  }

  /** Normalizes `input` per channel (see the class doc for train and eval). @example bn.forward(x) */
  forward(input: Tensor): Tensor {
    if (!this.inputDims.includes(input.ndim) || input.shape[1] !== this.numFeatures) {
      const names = this.inputDims.includes(4) ? ['N', this.numFeatures, 'H', 'W'] : ['N', this.numFeatures, 'L'];
      const expected = this.inputDims.map((n) => `[${names.slice(0, n).join(', ')}]`).join(' or ');
      throw new ShapeError(`${this.op}(${this.numFeatures}): expected input ${expected}, got ${formatShape(input.shape)}`);
    }
    let momentum = this.momentum ?? 0;
    if (this.training && this.numBatchesTracked) {
      nd.add_(this.numBatchesTracked.data, 1);
      // momentum null: a cumulative moving average, weight 1 / batches seen.
      if (this.momentum === null) momentum = 1 / this.numBatchesTracked.item();
    }
    const training = this.training || this.runningMean === null;
    const useRunning = !this.training || this.trackRunningStats;
    return batchNorm(input, useRunning ? this.runningMean : null, useRunning ? this.runningVar : null, {
      weight: this.weight,
      bias: this.bias,
      training,
      momentum,
      eps: this.eps,
    });
  }

  protected override extraRepr(): string {
    return `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}, affine=${this.weight !== null}, trackRunningStats=${this.trackRunningStats}`;
  }
}

/**
 * Batch normalization of [N, C] or [N, C, L] with running statistics, as `torch.nn.BatchNorm1d`:
 * `train()` normalizes with batch statistics and updates the running ones; `eval()` uses them.
 * @example
 * const bn = new BatchNorm1d(64);
 * bn.call(x); bn.eval(); bn.call(x)
 */
export class BatchNorm1d extends BatchNormNd {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super('BatchNorm1d', [2, 3], numFeatures, options);
  }
}

/**
 * Batch normalization of [N, C, H, W] per channel, as `torch.nn.BatchNorm2d`.
 * @example
 * new BatchNorm2d(16).call(images)
 */
export class BatchNorm2d extends BatchNormNd {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super('BatchNorm2d', [4], numFeatures, options);
  }
}

import { add, linear as fusedLinear, matmul, mul, sum, transpose, unsqueeze, reshape, type Tensor } from '@dl/autograd';
import * as nd from '@dl/tensor';
import { ArgumentError, ShapeError, formatShape, type DType, type Generator, type NDArray } from '@dl/tensor';
import { kaimingUniform_, uniform_ } from '../init.js';
import { Module } from '../module.js';
import { asTensor, optionalTensor } from '../operand.js';
import { Parameter } from '../parameter.js';

/** Options of `Linear` and `Bilinear`. */
export interface LinearOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
  /** Parameter dtype (default float32; float64 for gradcheck). */
  dtype?: DType;
  /** Stream for the initial values; the default generator otherwise. */
  generator?: Generator;
}

/** @internal Throws unless `n` is a positive integer (a layer size). */
export function checkSize(op: string, what: string, n: number): number {
  if (!Number.isInteger(n) || n <= 0) throw new ArgumentError(`${op}: ${what} must be a positive integer, got ${String(n)}`);
  return n;
}

/**
 * y = x Wᵀ + b over the last dim of `input` (weight [out, in], bias [out]), as `F.linear`.
 * @example
 * linear(x, weight, bias) // [batch, in] -> [batch, out]
 */
export function linear(inputArg: Tensor | NDArray, weightArg: Tensor | NDArray, biasArg?: Tensor | NDArray | null): Tensor {
  const input = asTensor('linear', 'input', inputArg);
  const weight = asTensor('linear', 'weight', weightArg);
  const bias = optionalTensor('linear', 'bias', biasArg);
  const inFeatures = weight.shape.at(-1);
  if (weight.ndim !== 2 || input.ndim === 0 || input.shape[input.ndim - 1] !== inFeatures) {
    throw new ShapeError(
      `linear: expected input [..., ${inFeatures ?? '?'}] and a 2-d weight, got input ${formatShape(input.shape)} and weight ${formatShape(weight.shape)}`,
    );
  }
  // The fused op takes a [out] bias; any other broadcastable bias is added after, as in PyTorch.
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== weight.shape[0])) return add(fusedLinear(input, weight), bias);
  return fusedLinear(input, weight, bias);
}

/**
 * A fully connected layer y = x Wᵀ + b, as `torch.nn.Linear`: weight [out, in] and bias [out]
 * start as U(-1/√in, 1/√in) (PyTorch's kaimingUniform with a = √5).
 * @example
 * const fc = new Linear(128, 10);
 * fc.call(x) // [batch, 128] -> [batch, 10]
 */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  weight: Parameter;
  bias: Parameter | null;

  constructor(inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    super();
    this.inFeatures = checkSize('Linear', 'inFeatures', inFeatures);
    this.outFeatures = checkSize('Linear', 'outFeatures', outFeatures);
    const dtype = options.dtype ?? 'float32';
    this.weight = new Parameter(nd.zeros([outFeatures, inFeatures], { dtype }));
    this.bias = options.bias === false ? null : new Parameter(nd.zeros([outFeatures], { dtype }));
    this.resetParameters(options.generator);
  }

  /**
   * Draws fresh initial values, as PyTorch's `reset_parameters`.
   * @example
   * fc.resetParameters();
   */
  resetParameters(generator?: Generator): void {
    kaimingUniform_(this.weight, { a: Math.sqrt(5), generator });
    if (this.bias) {
      const bound = 1 / Math.sqrt(this.inFeatures);
      uniform_(this.bias, -bound, bound, { generator });
    }
  }

  /** Applies the layer to the last dim of `input`. @example fc.forward(x) */
  forward(input: Tensor): Tensor {
    if (input.ndim === 0 || input.shape[input.ndim - 1] !== this.inFeatures) {
      throw new ShapeError(`Linear(in=${this.inFeatures}, out=${this.outFeatures}): expected input [..., ${this.inFeatures}], got ${formatShape(input.shape)}`);
    }
    return linear(input, this.weight, this.bias);
  }

  protected override extraRepr(): string {
    return `inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}, bias=${this.bias !== null}`;
  }
}

/**
 * y_k = x1ᵀ W_k x2 + b_k (weight [out, in1, in2]), as `F.bilinear`; inputs are [..., in1] and [..., in2].
 * @example
 * bilinear(x1, x2, weight, bias) // [batch, out]
 */
export function bilinear(input1Arg: Tensor | NDArray, input2Arg: Tensor | NDArray, weightArg: Tensor | NDArray, biasArg?: Tensor | NDArray | null): Tensor {
  const input1 = asTensor('bilinear', 'input1', input1Arg);
  const input2 = asTensor('bilinear', 'input2', input2Arg);
  const weight = asTensor('bilinear', 'weight', weightArg);
  const bias = optionalTensor('bilinear', 'bias', biasArg);
  const [outFeatures, in1, in2] = weight.shape as [number, number, number];
  if (weight.ndim !== 3 || input1.shape.at(-1) !== in1 || input2.shape.at(-1) !== in2 || input1.ndim !== input2.ndim) {
    throw new ShapeError(
      `bilinear: expected inputs [..., ${weight.shape.at(1) ?? '?'}] and [..., ${weight.shape.at(2) ?? '?'}] and a 3-d weight, got ${formatShape(input1.shape)}, ${formatShape(input2.shape)} and weight ${formatShape(weight.shape)}`,
    );
  }
  // x1 W_k for every k at once: [..., in1] @ [in1, out·in2] -> [..., out, in2], then a dot with x2.
  const flat = reshape(transpose(weight, 0, 1), [in1, outFeatures * in2]);
  const left = reshape(matmul(input1, flat), [...input1.shape.slice(0, -1), outFeatures, in2]);
  const output = sum(mul(left, unsqueeze(input2, -2)), -1);
  return bias ? add(output, bias) : output;
}

/**
 * A bilinear layer y = x1ᵀ W x2 + b, as `torch.nn.Bilinear`: values start as U(-1/√in1, 1/√in1).
 * @example
 * new Bilinear(4, 5, 3).call(x1, x2) // [batch, 3]
 */
export class Bilinear extends Module {
  readonly in1Features: number;
  readonly in2Features: number;
  readonly outFeatures: number;
  weight: Parameter;
  bias: Parameter | null;

  constructor(in1Features: number, in2Features: number, outFeatures: number, options: LinearOptions = {}) {
    super();
    this.in1Features = checkSize('Bilinear', 'in1Features', in1Features);
    this.in2Features = checkSize('Bilinear', 'in2Features', in2Features);
    this.outFeatures = checkSize('Bilinear', 'outFeatures', outFeatures);
    const dtype = options.dtype ?? 'float32';
    this.weight = new Parameter(nd.zeros([outFeatures, in1Features, in2Features], { dtype }));
    this.bias = options.bias === false ? null : new Parameter(nd.zeros([outFeatures], { dtype }));
    this.resetParameters(options.generator);
  }

  /** Draws fresh initial values, U(-1/√in1, 1/√in1). @example layer.resetParameters() */
  resetParameters(generator?: Generator): void {
    const bound = 1 / Math.sqrt(this.in1Features);
    uniform_(this.weight, -bound, bound, { generator });
    if (this.bias) uniform_(this.bias, -bound, bound, { generator });
  }

  /** Applies the layer. @example layer.forward(x1, x2) */
  forward(input1: Tensor, input2: Tensor): Tensor {
    return bilinear(input1, input2, this.weight, this.bias);
  }

  protected override extraRepr(): string {
    return `in1Features=${this.in1Features}, in2Features=${this.in2Features}, outFeatures=${this.outFeatures}, bias=${this.bias !== null}`;
  }
}

// Flatten and Unflatten: reshapes as modules, for use inside Sequential.
import { flatten, unflatten, type Tensor } from '@dl/autograd';
import { ArgumentError } from '@dl/tensor';
import { Module } from '../module.js';

/**
 * Flattens dims `startDim..endDim` into one (default: all but the batch dim), as `torch.nn.Flatten`.
 * @example
 * new Flatten().call(images) // [N, C, H, W] -> [N, C·H·W]
 */
export class Flatten extends Module {
  constructor(
    readonly startDim = 1,
    readonly endDim = -1,
  ) {
    super();
    if (!Number.isInteger(startDim) || !Number.isInteger(endDim)) {
      throw new ArgumentError(`Flatten: startDim and endDim must be integers, got ${startDim} and ${endDim}`);
    }
  }

  /** Flattens `input`. @example flat.forward(x) */
  forward(input: Tensor): Tensor {
    return flatten(input, this.startDim, this.endDim);
  }

  protected override extraRepr(): string {
    return `startDim=${this.startDim}, endDim=${this.endDim}`;
  }
}

/**
 * Splits dim `dim` into `sizes` (one may be -1), the inverse of Flatten, as `torch.nn.Unflatten`.
 * @example
 * new Unflatten(1, [16, 4, 4]).call(x) // [N, 256] -> [N, 16, 4, 4]
 */
export class Unflatten extends Module {
  readonly sizes: readonly number[];

  constructor(
    readonly dim: number,
    sizes: readonly number[],
  ) {
    super();
    this.sizes = [...sizes];
  }

  /** Unflattens `input`. @example unflat.forward(x) */
  forward(input: Tensor): Tensor {
    return unflatten(input, this.dim, this.sizes);
  }

  protected override extraRepr(): string {
    return `dim=${this.dim}, sizes=[${this.sizes.join(', ')}]`;
  }
}

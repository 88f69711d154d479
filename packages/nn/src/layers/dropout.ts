// Inverted dropout: zero each element with probability p and scale the rest by 1 / (1 - p).
import { mul, type Tensor } from '@dl/autograd';
import * as nd from '@dl/tensor';
import { ArgumentError, type Generator, type NDArray } from '@dl/tensor';
import { Module } from '../module.js';
import { asTensor } from '../operand.js';

/** Options of `dropout`. */
export interface DropoutOptions {
  /** Apply dropout (default true); false returns the input unchanged, as eval mode. */
  training?: boolean;
  /** Stream for the mask; the default generator otherwise. */
  generator?: Generator;
}

function checkP(op: string, p: number): number {
  if (!(p >= 0 && p <= 1)) throw new ArgumentError(`${op}: dropout probability has to be between 0 and 1, got ${p}`);
  return p;
}

/**
 * Zeroes each element with probability `p` (default 0.5) and scales the others by 1 / (1 - p),
 * so the expected value is unchanged, as `F.dropout`.
 * @example
 * dropout(h, 0.2, { training: model.training })
 */
export function dropout(inputArg: Tensor | NDArray, p = 0.5, options: DropoutOptions = {}): Tensor {
  checkP('dropout', p);
  const input = asTensor('dropout', 'input', inputArg);
  if (options.training === false || p === 0) return input;
  if (p === 1) return mul(input, 0);
  const keep = nd.lt(nd.rand(input.shape, { dtype: input.dtype, generator: options.generator }), 1 - p);
  return mul(input, nd.mul(keep.astype(input.dtype), 1 / (1 - p)));
}

/**
 * Dropout as a module, active only in training mode (`train()`, the default), as `torch.nn.Dropout`.
 * @example
 * const drop = new Dropout(0.1);
 * drop.call(h); model.eval(); drop.call(h) // identity in eval mode
 */
export class Dropout extends Module {
  readonly p: number;
  readonly generator: Generator | undefined;

  constructor(p = 0.5, options: { generator?: Generator } = {}) {
    super();
    this.p = checkP('Dropout', p);
    this.generator = options.generator;
  }

  /** Drops elements in training mode; returns `input` in eval mode. @example drop.forward(h) */
  forward(input: Tensor): Tensor {
    return dropout(input, this.p, { training: this.training, generator: this.generator });
  }

  protected override extraRepr(): string {
    return `p=${this.p}`;
  }
}

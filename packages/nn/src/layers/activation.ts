// Activation modules: thin wrappers of @dl/autograd's activation ops, with PyTorch's defaults.
import { elu, gelu, leakyRelu, logSoftmax, relu, sigmoid, silu, softmax, tanh, type Tensor } from '@dl/autograd';
import { ArgumentError } from '@dl/tensor';
import { Module } from '../module.js';

function checkDim(op: string, dim: number): number {
  if (!Number.isInteger(dim)) throw new ArgumentError(`${op}: dim must be an integer, got ${String(dim)}`);
  return dim;
}

/**
 * max(x, 0) element-wise.
 * @example
 * new ReLU().call(tensor([-1, 2])) // tensor([0., 2.])
 */
export class ReLU extends Module {
  /** Applies relu. @example new ReLU().forward(x) */
  forward(input: Tensor): Tensor {
    return relu(input);
  }
}

/**
 * x for x > 0, else negativeSlope · x (default slope 0.01).
 * @example
 * new LeakyReLU(0.2).call(x)
 */
export class LeakyReLU extends Module {
  constructor(readonly negativeSlope = 0.01) {
    super();
  }

  /** Applies leakyRelu. @example new LeakyReLU().forward(x) */
  forward(input: Tensor): Tensor {
    return leakyRelu(input, this.negativeSlope);
  }

  protected override extraRepr(): string {
    return `negativeSlope=${this.negativeSlope}`;
  }
}

/**
 * x for x > 0, else alpha · (eˣ - 1) (default alpha 1).
 * @example
 * new ELU().call(x)
 */
export class ELU extends Module {
  constructor(readonly alpha = 1) {
    super();
  }

  /** Applies elu. @example new ELU().forward(x) */
  forward(input: Tensor): Tensor {
    return elu(input, this.alpha);
  }

  protected override extraRepr(): string {
    return `alpha=${this.alpha}`;
  }
}

/** Options of `GELU`. */
export interface GELUOptions {
  /** 'none' (default): the exact erf form; 'tanh': the tanh approximation. */
  approximate?: 'none' | 'tanh';
}

/**
 * Gaussian error linear unit x · Φ(x), exact by default.
 * @example
 * new GELU({ approximate: 'tanh' }).call(x)
 */
export class GELU extends Module {
  readonly approximate: 'none' | 'tanh';

  constructor(options: GELUOptions = {}) {
    super();
    const approximate: unknown = options.approximate ?? 'none';
    if (approximate !== 'none' && approximate !== 'tanh') {
      throw new ArgumentError(`GELU: approximate must be 'none' or 'tanh', got '${String(approximate)}'`);
    }
    this.approximate = approximate;
  }

  /** Applies gelu. @example new GELU().forward(x) */
  forward(input: Tensor): Tensor {
    return gelu(input, { approximate: this.approximate });
  }

  protected override extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}

/**
 * x · sigmoid(x) (swish).
 * @example
 * new SiLU().call(x)
 */
export class SiLU extends Module {
  /** Applies silu. @example new SiLU().forward(x) */
  forward(input: Tensor): Tensor {
    return silu(input);
  }
}

/**
 * 1 / (1 + e⁻ˣ) element-wise.
 * @example
 * new Sigmoid().call(x)
 */
export class Sigmoid extends Module {
  /** Applies sigmoid. @example new Sigmoid().forward(x) */
  forward(input: Tensor): Tensor {
    return sigmoid(input);
  }
}

/**
 * Hyperbolic tangent element-wise.
 * @example
 * new Tanh().call(x)
 */
export class Tanh extends Module {
  /** Applies tanh. @example new Tanh().forward(x) */
  forward(input: Tensor): Tensor {
    return tanh(input);
  }
}

/**
 * Softmax along `dim` (required, as PyTorch's implicit dim is deprecated).
 * @example
 * new Softmax(1).call(logits) // rows sum to 1
 */
export class Softmax extends Module {
  readonly dim: number;

  constructor(dim: number) {
    super();
    this.dim = checkDim('Softmax', dim);
  }

  /** Applies softmax along `dim`. @example new Softmax(-1).forward(x) */
  forward(input: Tensor): Tensor {
    return softmax(input, this.dim);
  }

  protected override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

/**
 * log(softmax(x)) along `dim`, computed stably.
 * @example
 * new LogSoftmax(1).call(logits)
 */
export class LogSoftmax extends Module {
  readonly dim: number;

  constructor(dim: number) {
    super();
    this.dim = checkDim('LogSoftmax', dim);
  }

  /** Applies logSoftmax along `dim`. @example new LogSoftmax(-1).forward(x) */
  forward(input: Tensor): Tensor {
    return logSoftmax(input, this.dim);
  }

  protected override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

/**
 * Returns its input unchanged (a placeholder where a layer is optional).
 * @example
 * const norm = useNorm ? new LayerNorm(8) : new Identity();
 */
export class Identity extends Module {
  /** Returns `input`. @example new Identity().forward(x) === x */
  forward(input: Tensor): Tensor {
    return input;
  }
}

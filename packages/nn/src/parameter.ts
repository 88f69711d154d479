import { Tensor } from '@dl/autograd';
import { ArgumentError, NDArray, keep, type PrintOptions } from '@dl/tensor';

const MARKER = Symbol.for('dl.Parameter');

/** Options of `new Parameter()`. */
export interface ParameterOptions {
  /** Whether the parameter is trained (default true); false freezes it. */
  requiresGrad?: boolean;
}

/**
 * A leaf Tensor that a Module registers as trainable state, as `torch.nn.Parameter`.
 * Assigning one to a Module field registers it; `requiresGrad` defaults to true. Its values
 * are exempt from every `tidy()` (as tfjs's variables); `dispose(parameter)` releases them.
 * @example
 * this.scale = new Parameter(nd.ones([features]));
 */
export class Parameter extends Tensor {
  readonly [MARKER] = true;

  constructor(data: NDArray | Tensor, options: ParameterOptions = {}) {
    const value: unknown = data;
    if (!NDArray.isNDArray(value) && !Tensor.isTensor(value)) {
      throw new ArgumentError(`Parameter: expected an NDArray or a Tensor, got ${value === null ? 'null' : typeof value}`);
    }
    // A Parameter is always a leaf: wrapping a tensor takes its values, not its graph (as PyTorch).
    // Its values are model state, which no tidy() disposes (as tfjs's variables): dispose(model) does.
    super(keep(Tensor.isTensor(data) ? data.data : data), options.requiresGrad ?? true);
  }

  /**
   * True for a Parameter from any copy of @dl/nn (use instead of `instanceof`).
   * @example
   * Parameter.isParameter(linear.weight) // true
   */
  static isParameter(value: unknown): value is Parameter {
    return Tensor.isTensor(value) && (value as unknown as Record<symbol, unknown>)[MARKER] === true;
  }

  /**
   * PyTorch's printout: `Parameter containing:` above the tensor.
   * @example
   * String(new Parameter(nd.zeros([2]))) // 'Parameter containing:\ntensor([0., 0.], requiresGrad=true)'
   */
  override toString(options?: PrintOptions): string {
    return `Parameter containing:\n${super.toString(options)}`;
  }
}

// Operands of nn's functions: every one takes an autograd Tensor or a plain NDArray (STYLE §6).
import { Tensor } from '@dl/autograd';
import { ArgumentError, NDArray } from '@dl/tensor';
import { describe } from './module.js';

/** @internal A Tensor from a Tensor or NDArray operand (an NDArray becomes a constant, without grad). */
export function asTensor(op: string, what: string, value: Tensor | NDArray): Tensor {
  if (Tensor.isTensor(value)) return value;
  if (NDArray.isNDArray(value)) return new Tensor(value);
  throw new ArgumentError(`${op}: ${what} must be a Tensor or an NDArray, got ${describe(value)}`);
}

/** @internal As asTensor for an optional operand (bias, weight): null and undefined give null. */
export function optionalTensor(op: string, what: string, value: Tensor | NDArray | null | undefined): Tensor | null {
  return value === undefined || value === null ? null : asTensor(op, what, value);
}

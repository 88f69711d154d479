import { Tensor } from '@dl/autograd';
import { ArgumentError, formatShape, NDArray, type TypedArray } from '@dl/tensor';

/** Numbers a plot accepts: an `NDArray`, a `Tensor` (its values; gradients are ignored) or a plain array. */
export type Values = NDArray | Tensor | readonly number[] | TypedArray;

/** An array-like of numbers with its shape (plain arrays are 1-d). */
export interface Shaped {
  readonly values: readonly number[] | TypedArray;
  readonly shape: readonly number[];
}

/** @internal */
export function shaped(input: Values): Shaped {
  if (Tensor.isTensor(input)) return shaped(input.data);
  if (NDArray.isNDArray(input)) return { values: input.dataSync(), shape: input.shape };
  return { values: input, shape: [input.length] };
}

/** @internal The multi-index of flat position `flat` in `shape`, printed as `[1, 2]`. */
export function indexAt(shape: readonly number[], flat: number): string {
  const index: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    const size = shape[d] ?? 1;
    index.unshift(flat % size);
    flat = Math.floor(flat / size);
  }
  return formatShape(index);
}

/** @internal Throws ArgumentError naming the first NaN or infinite value. */
export function checkFinite(op: string, data: Shaped, what = 'value'): void {
  for (let i = 0; i < data.values.length; i++) {
    const value = data.values[i] ?? 0;
    if (!Number.isFinite(value)) {
      const where = data.shape.length > 1 ? ` at ${indexAt(data.shape, i)}` : ` at index ${i}`;
      throw new ArgumentError(`${op}: ${what}${where} is ${value} (shape ${formatShape(data.shape)})\nhint: plots need finite numbers; filter or clamp the NaN/Infinity values first`);
    }
  }
}

/** @internal The finite values of a 1-d input, as a plain array. */
export function finiteArray(op: string, input: Values, what?: string): number[] {
  const data = shaped(input);
  checkFinite(op, data, what);
  return Array.from(data.values);
}

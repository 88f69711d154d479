// `out`: an element-wise op writes into an array the caller owns instead of allocating, as
// PyTorch's `out=`. The caller decides when memory is reused, so nothing is recycled behind the
// garbage collector's back.
import { allocate, type DType, type TypedArray } from '../dtype.js';
import { ArgumentError, DTypeError, ShapeError } from '../errors.js';
import { storageOverlaps } from '../memory/overlap.js';
import { NDArray } from '../ndarray.js';
import { formatShape, shapesEqual, type Shape } from '../shape.js';
import { bumpVersion } from '../version.js';
import { assignInPlace, describe } from './operand.js';

/** Options of the element-wise ops. */
export interface OutOptions {
  /**
   * The array to write the result into (its shape and dtype must be the result's); the op
   * returns it. Inputs may be `out` itself. Every element is written, so its old values never
   * matter.
   */
  readonly out?: NDArray;
}

/** The `out` of an options argument, checked to hold the result's shape and dtype. */
export function outOf(op: string, options: OutOptions | undefined, shape: Shape, dtype: DType): NDArray | undefined {
  // Callers from JS may pass anything as the options.
  const given: unknown = options;
  if (given === undefined) return undefined;
  if (typeof given !== 'object' || given === null) throw new ArgumentError(`${op}: options must be an object, got ${describe(given)}`);
  const { out } = given as OutOptions;
  if (out === undefined) return undefined;
  if (!NDArray.isNDArray(out)) throw new ArgumentError(`${op}: out must be an NDArray, got ${describe(out)}`);
  if (!shapesEqual(out.shape, shape)) {
    throw new ShapeError(`${op}: out has shape ${formatShape(out.shape)}, expected the result's shape ${formatShape(shape)}`);
  }
  if (out.dtype !== dtype) throw new DTypeError(`${op}: out has dtype ${out.dtype}, expected the result's dtype ${dtype}`);
  return out;
}

/**
 * Runs `compute` straight into `out`'s storage when that is safe: `out` is contiguous and every
 * input sharing its storage is `out` exactly (each element is then read before it is written).
 * Otherwise (a strided `out`, or an input that overlaps it elsewhere) the result is computed
 * into fresh storage and copied in.
 */
export function writeInto(op: string, out: NDArray, inputs: readonly NDArray[], compute: (dst: TypedArray) => void): NDArray {
  const direct = out.isContiguous() && inputs.every((x) => !storageOverlaps(x.data, out.data) || sameElements(x, out));
  if (!direct) {
    const fresh = new NDArray(allocate(out.dtype, out.size, op), out.dtype, out.shape);
    compute(fresh.data);
    return assignInPlace(op, out, fresh);
  }
  compute(out.data.subarray(out.offset, out.offset + out.size));
  bumpVersion(out, op);
  return out;
}

function sameElements(x: NDArray, out: NDArray): boolean {
  return x.data === out.data && x.offset === out.offset && x.isContiguous() && shapesEqual(x.shape, out.shape);
}

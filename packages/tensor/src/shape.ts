import { ArgumentError, IndexError, ShapeError } from './errors.js';

/** A shape: one non-negative integer size per dim. */
export type Shape = readonly number[];

/**
 * Prints a shape the way error messages show it: `[2, 3]`.
 * @example
 * formatShape([2, 3]) // '[2, 3]'
 */
export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

/**
 * Number of elements of a shape (1 for a scalar).
 * @example
 * numel([2, 3]) // 6
 */
export function numel(shape: Shape): number {
  let n = 1;
  for (const size of shape) n *= size;
  return n;
}

/**
 * Row-major strides of a contiguous array of this shape.
 * @example
 * contiguousStrides([2, 3, 4]) // [12, 4, 1]
 */
export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = stride;
    stride *= shape[d];
  }
  return strides;
}

/**
 * Checks that every size is a non-negative safe integer.
 * @example
 * checkShape('zeros', [2, -1]) // throws: zeros: invalid shape [2, -1] (size -1 at dim 1)
 */
export function checkShape(op: string, shape: Shape): void {
  for (let d = 0; d < shape.length; d++) {
    const size = shape[d];
    if (!Number.isSafeInteger(size) || size < 0) {
      throw new ShapeError(`${op}: invalid shape ${formatShape(shape)} (size ${size} at dim ${d})`);
    }
  }
  const n = numel(shape);
  if (!Number.isSafeInteger(n) || n > 2 ** 32) {
    throw new ShapeError(`${op}: shape ${formatShape(shape)} has too many elements (${n})`);
  }
}

/**
 * Wraps a possibly negative dim into `0..ndim-1`, as PyTorch's `maybe_wrap_dim`.
 * @example
 * normalizeDim('sum', -1, 3) // 2
 */
export function normalizeDim(op: string, dim: number, ndim: number): number {
  // A 0-d array accepts dim 0 and -1, as in PyTorch.
  const range = Math.max(ndim, 1);
  if (!Number.isInteger(dim) || dim < -range || dim >= range) {
    throw new IndexError(
      `${op}: dim ${dim} out of range for a ${ndim}-d array (expected ${-range}..${range - 1})`,
    );
  }
  return dim < 0 ? dim + range : dim;
}

/**
 * Normalizes a list of dims and rejects repeats.
 * @example
 * normalizeDims('sum', [0, -1], 3) // [0, 2]
 */
export function normalizeDims(op: string, dims: readonly number[], ndim: number): number[] {
  const out = dims.map((d) => normalizeDim(op, d, ndim));
  const seen = new Set<number>();
  for (const d of out) {
    if (seen.has(d)) throw new ArgumentError(`${op}: dim ${d} appears more than once in [${dims.join(', ')}]`);
    seen.add(d);
  }
  return out;
}

/**
 * The shape two shapes broadcast to, with NumPy/PyTorch rules (align right, 1 stretches).
 * @example
 * broadcastShapes('add', [2, 1], [3]) // [2, 3]
 */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const ndim = Math.max(a.length, b.length);
  const out = new Array<number>(ndim);
  for (let i = 1; i <= ndim; i++) {
    const x = a.length - i >= 0 ? a[a.length - i] : 1;
    const y = b.length - i >= 0 ? b[b.length - i] : 1;
    if (x !== y && x !== 1 && y !== 1) {
      throw new ShapeError(
        `${op}: shapes ${formatShape(a)} and ${formatShape(b)} are not broadcastable (${x} vs ${y} at dim ${-i})`,
      );
    }
    out[ndim - i] = x === 1 ? y : x;
  }
  return out;
}

/**
 * True when two shapes are equal element by element.
 * @example
 * shapesEqual([2, 3], [2, 3]) // true
 */
export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// Reference implementations for tests: slow, obvious index arithmetic that shares no code with
// the kernels, so a test can compare an op against them. Dims may be negative (they wrap once).
import type { NDArray, NestedArray } from '../ndarray.js';

const wrap = (dim: number, ndim: number): number => (dim < 0 ? dim + ndim : dim);
const shapeText = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

/**
 * Every index of `shape` in row-major order (`[[]]` for a 0-d shape, `[]` for an empty one).
 * @example
 * indices([2, 2]) // [[0, 0], [0, 1], [1, 0], [1, 1]]
 */
export function indices(shape: readonly number[]): number[][] {
  let out: number[][] = [[]];
  for (const size of shape) {
    const next: number[][] = [];
    for (const prefix of out) for (let i = 0; i < size; i++) next.push([...prefix, i]);
    out = next;
  }
  return out;
}

/**
 * The element at `index`, read from storage as `offset + Σ index[d] · strides[d]`.
 * @example
 * at(transpose(x, 0, 1), [2, 0]) // x's element [0, 2]
 */
export function at(x: NDArray, index: readonly number[]): number {
  if (
    index.length !== x.ndim ||
    index.some((i, d) => !Number.isInteger(i) || i < 0 || i >= x.shape[d])
  ) {
    throw new Error(
      `naive.at: index ${shapeText(index)} is out of bounds for shape ${shapeText(x.shape)}`,
    );
  }
  let position = x.offset;
  for (let d = 0; d < index.length; d++) position += index[d] * x.strides[d];
  return x.data[position];
}

/**
 * Nested arrays of `shape` holding `f(index)` at each index (a number for a 0-d shape).
 * @example
 * build([2, 3], ([i, j]) => 10 * i + j) // [[0, 1, 2], [10, 11, 12]]
 */
export function build(shape: readonly number[], f: (index: number[]) => number): NestedArray {
  const level = (prefix: number[]): NestedArray =>
    prefix.length === shape.length
      ? f(prefix)
      : Array.from({ length: shape[prefix.length] }, (_, i) => level([...prefix, i]));
  return level([]);
}

/**
 * The values of `x` as nested arrays, read element by element with `at` (no kernel involved).
 * @example
 * toNested(transpose(array([[1, 2], [3, 4]]), 0, 1)) // [[1, 3], [2, 4]]
 */
export function toNested(x: NDArray): NestedArray {
  return build(x.shape, (index) => at(x, index));
}

/**
 * The shape of rectangular nested arrays (throws on ragged ones).
 * @example
 * shapeOf([[1, 2, 3], [4, 5, 6]]) // [2, 3]
 */
export function shapeOf(nested: NestedArray): number[] {
  const shape: number[] = [];
  for (let level = nested; Array.isArray(level); level = level[0]) {
    shape.push(level.length);
    if (level.length === 0) break;
  }
  const check = (value: NestedArray, dim: number): void => {
    if (dim === shape.length) {
      if (typeof value !== 'number')
        throw new Error(`naive.shapeOf: ragged nested array (expected a number at dim ${dim})`);
      return;
    }
    if (!Array.isArray(value) || value.length !== shape[dim]) {
      throw new Error(
        `naive.shapeOf: ragged nested array (expected length ${shape[dim]} at dim ${dim})`,
      );
    }
    for (const item of value) check(item, dim + 1);
  };
  check(nested, 0);
  return shape;
}

/**
 * The element of nested arrays at `index`.
 * @example
 * get([[1, 2], [3, 4]], [1, 0]) // 3
 */
export function get(nested: NestedArray, index: readonly number[]): number {
  let value = nested;
  for (const i of index) {
    if (!Array.isArray(value) || i < 0 || i >= value.length)
      throw new Error(`naive.get: index ${shapeText(index)} is out of bounds`);
    value = value[i];
  }
  if (typeof value !== 'number')
    throw new Error(`naive.get: index ${shapeText(index)} does not reach a number`);
  return value;
}

/**
 * The leaves of nested arrays (or of an NDArray, read with `at`) in row-major order.
 * @example
 * flat([[1, 2], [3, 4]]) // [1, 2, 3, 4]
 */
export function flat(value: NestedArray | NDArray): number[] {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value)) return value.flatMap((item) => flat(item));
  const x = value;
  return indices(x.shape).map((index) => at(x, index));
}

/**
 * The shape two shapes broadcast to (align right; a size of 1 stretches), or null.
 * @example
 * broadcastShape([2, 1], [3]) // [2, 3]
 */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] | null {
  const ndim = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let d = 0; d < ndim; d++) {
    const x = a[d - (ndim - a.length)] ?? 1;
    const y = b[d - (ndim - b.length)] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return null;
    out.push(x === 1 ? y : x);
  }
  return out;
}

/**
 * The index an array of `shape` is read at for output `index` when broadcast: leading dims
 * dropped, size-1 dims pinned to 0.
 * @example
 * broadcastIndex([1, 2], [1, 3]) // [0, 2]
 */
export function broadcastIndex(index: readonly number[], shape: readonly number[]): number[] {
  const shift = index.length - shape.length;
  return shape.map((size, d) => (size === 1 ? 0 : index[d + shift]));
}

/**
 * `f` of the arrays' elements over their broadcast shape, by index arithmetic.
 * @example
 * broadcastMap([a, b], (x, y) => x + y) // the reference for add(a, b)
 */
export function broadcastMap(
  arrays: readonly NDArray[],
  f: (...values: number[]) => number,
): NestedArray {
  let shape: number[] = [];
  for (const x of arrays) {
    const next = broadcastShape(shape, x.shape);
    if (!next)
      throw new Error(
        `naive.broadcastMap: shapes ${arrays.map((y) => shapeText(y.shape)).join(', ')} do not broadcast`,
      );
    shape = next;
  }
  return build(shape, (index) => f(...arrays.map((x) => at(x, broadcastIndex(index, x.shape)))));
}

/**
 * Nested arrays with their shape: nested arrays alone lose the sizes after a 0 (`[]` may be
 * `[0]` or `[0, 3]`), so the reference view ops below carry the shape along.
 */
export interface Nested {
  shape: number[];
  values: NestedArray;
}

/**
 * Wraps nested arrays (shape inferred) or an NDArray (read with `at`) for the view ops below.
 * @example
 * nested([[1, 2]]) // { shape: [1, 2], values: [[1, 2]] }
 */
export function nested(value: NestedArray | NDArray): Nested {
  if (typeof value === 'number' || Array.isArray(value))
    return { shape: shapeOf(value), values: value };
  return { shape: [...value.shape], values: toNested(value) };
}

const make = (shape: number[], f: (index: number[]) => number): Nested => ({
  shape,
  values: build(shape, f),
});

/**
 * Dims reordered: result dim `i` is input dim `dims[i]`.
 * @example
 * permute(nested([[1, 2, 3]]), [1, 0]).values // [[1], [2], [3]]
 */
export function permute(x: Nested, dims: readonly number[]): Nested {
  const order = dims.map((d) => wrap(d, x.shape.length));
  return make(
    order.map((d) => x.shape[d]),
    (index) => {
      const source = new Array<number>(x.shape.length);
      order.forEach((d, i) => (source[d] = index[i]));
      return get(x.values, source);
    },
  );
}

/**
 * Two dims swapped.
 * @example
 * transpose(nested([[1, 2]]), 0, 1).values // [[1], [2]]
 */
export function transpose(x: Nested, dim0: number, dim1: number): Nested {
  const ndim = x.shape.length;
  if (ndim === 0) return x;
  const order = Array.from({ length: ndim }, (_, i) => i);
  const [a, b] = [wrap(dim0, ndim), wrap(dim1, ndim)];
  [order[a], order[b]] = [order[b], order[a]];
  return permute(x, order);
}

/** Takes the listed positions along `dim`. */
function take(x: Nested, dim: number, positions: readonly number[]): Nested {
  const d = wrap(dim, x.shape.length);
  const shape = [...x.shape];
  shape[d] = positions.length;
  return make(shape, (index) =>
    get(
      x.values,
      index.map((i, k) => (k === d ? positions[i] : i)),
    ),
  );
}

/**
 * Python's `x[start:end:step]` along `dim` (bounds wrap once, then clamp; step > 0).
 * @example
 * slice(nested([0, 1, 2, 3, 4]), 0, { start: -4, step: 2 }).values // [1, 3]
 */
export function slice(
  x: Nested,
  dim: number,
  options: { start?: number; end?: number; step?: number },
): Nested {
  const size = x.shape[wrap(dim, x.shape.length)];
  const bound = (i: number): number => Math.min(Math.max(i < 0 ? i + size : i, 0), size);
  const positions: number[] = [];
  for (let i = bound(options.start ?? 0); i < bound(options.end ?? size); i += options.step ?? 1)
    positions.push(i);
  return take(x, dim, positions);
}

/**
 * `length` elements from `start` along `dim`.
 * @example
 * narrow(nested([0, 1, 2, 3]), 0, 1, 2).values // [1, 2]
 */
export function narrow(x: Nested, dim: number, start: number, length: number): Nested {
  const size = x.shape[wrap(dim, x.shape.length)];
  const begin = start < 0 ? start + size : start;
  return take(
    x,
    dim,
    Array.from({ length }, (_, i) => begin + i),
  );
}

/**
 * The sub-array at `index` along `dim`, with `dim` removed.
 * @example
 * select(nested([[1, 2], [3, 4]]), 1, 0).values // [1, 3]
 */
export function select(x: Nested, dim: number, index: number): Nested {
  const d = wrap(dim, x.shape.length);
  const i = index < 0 ? index + x.shape[d] : index;
  return make(
    x.shape.filter((_, k) => k !== d),
    (rest) => get(x.values, [...rest.slice(0, d), i, ...rest.slice(d)]),
  );
}

/**
 * Broadcast to `shape` (-1 keeps a size).
 * @example
 * expand(nested([[1], [2]]), [2, 3]).values // [[1, 1, 1], [2, 2, 2]]
 */
export function expand(x: Nested, shape: readonly number[]): Nested {
  const shift = shape.length - x.shape.length;
  const target = shape.map((s, d) => (s === -1 ? x.shape[d - shift] : s));
  return make(target, (index) => get(x.values, broadcastIndex(index, x.shape)));
}

/**
 * A size-1 dim inserted at `dim` (which may be ndim, or negative counting from ndim + 1).
 * @example
 * unsqueeze(nested([1, 2]), 1).values // [[1], [2]]
 */
export function unsqueeze(x: Nested, dim: number): Nested {
  const d = wrap(dim, x.shape.length + 1);
  return make([...x.shape.slice(0, d), 1, ...x.shape.slice(d)], (index) =>
    get(
      x.values,
      index.filter((_, k) => k !== d),
    ),
  );
}

/**
 * Size-1 dims removed: all of them, or only `dim` when it has size 1.
 * @example
 * squeeze(nested([[1], [2]])).values // [1, 2]
 */
export function squeeze(x: Nested, dim?: number): Nested {
  const drop = x.shape.map(
    (s, d) => s === 1 && (dim === undefined || wrap(dim, x.shape.length) === d),
  );
  return make(
    x.shape.filter((_, d) => !drop[d]),
    (index) => {
      let k = 0;
      return get(
        x.values,
        x.shape.map((_, d) => (drop[d] ? 0 : index[k++])),
      );
    },
  );
}

/**
 * The row-major elements laid out in a new shape (one size may be -1).
 * @example
 * reshape(nested([1, 2, 3, 4]), [2, -1]).values // [[1, 2], [3, 4]]
 */
export function reshape(x: Nested, shape: readonly number[]): Nested {
  const values = flat(x.values);
  const known = shape.reduce((n, s) => (s === -1 ? n : n * s), 1);
  const target = shape.map((s) => (s === -1 ? values.length / known : s));
  let position = 0;
  return make(target, () => values[position++]);
}

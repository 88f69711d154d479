// fast-check arbitraries for property tests of @dl/tensor: shapes, broadcastable shape pairs,
// arrays of each dtype and chains of view ops (with the same chain replayable on nested arrays).
import fc from 'fast-check';
import type { DType } from '../dtype.js';
import type { NDArray } from '../ndarray.js';
import { array } from '../ops/creation.js';
import {
  expand,
  narrow,
  permute,
  reshape,
  select,
  slice,
  squeeze,
  transpose,
  unsqueeze,
} from '../ops/movement.js';
import * as naive from './naive.js';

/** Size limits of generated shapes. */
export interface ShapeOptions {
  /** Fewest dims (default 0). */
  minDims?: number;
  /** Most dims (default 4). */
  maxDims?: number;
  /** Largest size of one dim (default 5). */
  maxDimSize?: number;
  /** Most elements (default 64): later dims shrink to fit. */
  maxSize?: number;
  /** Let dims have size 0 (default false). */
  allowEmpty?: boolean;
}

/**
 * Random shapes, e.g. `[]`, `[3]`, `[2, 1, 4]`, with at most `maxSize` elements.
 * @example
 * fc.assert(fc.property(arbShape({ maxDims: 3 }), (shape) => numel(shape) <= 64));
 */
export function arbShape(options: ShapeOptions = {}): fc.Arbitrary<number[]> {
  const { minDims = 0, maxDims = 4, maxDimSize = 5, maxSize = 64, allowEmpty = false } = options;
  const sizes = fc.array(fc.integer({ min: allowEmpty ? 0 : 1, max: maxDimSize }), {
    minLength: minDims,
    maxLength: maxDims,
  });
  return sizes.map((shape) => {
    let room = maxSize;
    return shape.map((size) => {
      const fitted = Math.min(size, Math.max(allowEmpty ? 0 : 1, Math.floor(room)));
      room = fitted === 0 ? room : room / fitted;
      return fitted;
    });
  });
}

/**
 * `count` shapes that broadcast together: suffixes of one shape with some sizes replaced by 1.
 * @example
 * fc.property(arbBroadcastableShapes(3), ([c, a, b]) => where(zeros(c, { dtype: 'bool' }), zeros(a), zeros(b)))
 */
export function arbBroadcastableShapes(
  count: number,
  options: ShapeOptions = {},
): fc.Arbitrary<number[][]> {
  const { maxDims = 4 } = options;
  const side = fc.record({
    drop: fc.nat({ max: maxDims }),
    ones: fc.array(fc.boolean(), { minLength: maxDims, maxLength: maxDims }),
  });
  return fc
    .tuple(arbShape(options), fc.array(side, { minLength: count, maxLength: count }))
    .map(([shape, sides]) =>
      sides.map(({ drop, ones }) =>
        shape.slice(Math.min(drop, shape.length)).map((size, d) => (ones[d] ? 1 : size)),
      ),
    );
}

/**
 * Two shapes that broadcast together (see `arbBroadcastableShapes`).
 * @example
 * fc.property(arbBroadcastablePair(), ([a, b]) => broadcastShapes('add', a, b).length >= a.length)
 */
export function arbBroadcastablePair(
  options: ShapeOptions = {},
): fc.Arbitrary<[number[], number[]]> {
  return arbBroadcastableShapes(2, options).map(([a, b]) => [a, b]);
}

/** Value ranges of generated arrays. */
export interface NDArrayOptions extends ShapeOptions {
  /** A fixed shape instead of a random one. */
  shape?: readonly number[];
  /** Smallest value (default -10; int32 -20). */
  min?: number;
  /** Largest value (default 10; int32 20). */
  max?: number;
  /** Mix NaN, ±Infinity and -0 into float arrays (default false). */
  special?: boolean;
}

function arbValue(dtype: DType, options: NDArrayOptions): fc.Arbitrary<number> {
  if (dtype === 'bool') return fc.boolean().map(Number);
  if (dtype === 'int32') return fc.integer({ min: options.min ?? -20, max: options.max ?? 20 });
  const finite = fc.double({ min: options.min ?? -10, max: options.max ?? 10, noNaN: true });
  if (!options.special) return finite;
  return fc.oneof(
    { arbitrary: finite, weight: 8 },
    { arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, -0), weight: 1 },
  );
}

/**
 * Contiguous arrays of `dtype` with a random (or given) shape and values.
 * @example
 * fc.property(arbNDArray('float32'), (x) => x.isContiguous())
 */
export function arbNDArray(dtype: DType, options: NDArrayOptions = {}): fc.Arbitrary<NDArray> {
  const shapes = options.shape ? fc.constant([...options.shape]) : arbShape(options);
  const room = options.shape ? options.shape.reduce((n, s) => n * s, 1) : (options.maxSize ?? 64);
  const values = fc.array(arbValue(dtype, options), { minLength: room, maxLength: room });
  return fc.tuple(shapes, values).map(([shape, pool]) => {
    const size = shape.reduce((n, s) => n * s, 1);
    return array(pool.slice(0, size), { dtype, shape });
  });
}

/** One view op with its arguments resolved for the shape it is applied to. */
export type ViewStep =
  | { op: 'transpose'; dim0: number; dim1: number }
  | { op: 'permute'; dims: number[] }
  | { op: 'slice'; dim: number; start: number; end: number; step: number }
  | { op: 'narrow'; dim: number; start: number; length: number }
  | { op: 'select'; dim: number; index: number }
  | { op: 'expand'; shape: number[] }
  | { op: 'unsqueeze'; dim: number }
  | { op: 'squeeze'; dim?: number }
  | { op: 'reshape'; shape: number[] };

/** The names of the view ops `arbViewChain` draws from. */
export type ViewOpName = ViewStep['op'];

const ALL_VIEW_OPS: readonly ViewOpName[] = [
  'transpose',
  'permute',
  'slice',
  'narrow',
  'select',
  'expand',
  'unsqueeze',
  'squeeze',
  'reshape',
];

/** Random numbers that `resolveStep` turns into valid arguments for whatever shape comes. */
interface RawStep {
  op: ViewOpName;
  a: number;
  b: number;
  c: number;
  negative: boolean;
}

function divisors(n: number): number[] {
  const out: number[] = [];
  for (let k = 1; k <= n; k++) if (n % k === 0) out.push(k);
  return out;
}

/** Valid arguments for `raw.op` on `shape`, or null when the op does not apply (or would grow the array past `maxSize`). */
function resolveStep(raw: RawStep, shape: readonly number[], maxSize: number): ViewStep | null {
  const ndim = shape.length;
  const size = shape.reduce((n, s) => n * s, 1);
  // Negative dims exercise the wrapping in the ops; the naive side wraps them the same way.
  const dimOf = (value: number, count = ndim): number =>
    raw.negative ? (value % count) - count : value % count;
  switch (raw.op) {
    case 'transpose':
      return ndim === 0 ? null : { op: 'transpose', dim0: dimOf(raw.a), dim1: dimOf(raw.b) };
    case 'permute': {
      // Decode raw.a as a Lehmer code, so every permutation is reachable and shrinks to identity.
      const dims = Array.from({ length: ndim }, (_, i) => i);
      let code = raw.a;
      for (let i = ndim - 1; i > 0; i--) {
        const j = code % (i + 1);
        code = Math.floor(code / (i + 1));
        [dims[i], dims[j]] = [dims[j], dims[i]];
      }
      return { op: 'permute', dims };
    }
    case 'slice': {
      if (ndim === 0) return null;
      const dim = dimOf(raw.a);
      const n = shape[dim < 0 ? dim + ndim : dim];
      // Bounds range over [-n - 1, n + 1] so both wrapping and clamping are exercised.
      return {
        op: 'slice',
        dim,
        start: (raw.b % (2 * n + 3)) - n - 1,
        end: (raw.c % (2 * n + 3)) - n - 1,
        step: 1 + (Math.floor(raw.a / 8) % 3),
      };
    }
    case 'narrow': {
      if (ndim === 0) return null;
      const dim = dimOf(raw.a);
      const n = shape[dim < 0 ? dim + ndim : dim];
      const start = raw.b % (n + 1);
      return { op: 'narrow', dim, start, length: raw.c % (n - start + 1) };
    }
    case 'select': {
      if (ndim === 0) return null;
      const dim = dimOf(raw.a);
      const n = shape[dim < 0 ? dim + ndim : dim];
      if (n === 0) return null;
      return { op: 'select', dim, index: raw.negative ? (raw.b % n) - n : raw.b % n };
    }
    case 'expand': {
      // Size-1 dims grow to 1..3 (or stay, as -1), and maybe one new leading dim appears.
      const grown = shape.map((s, d) =>
        s !== 1 ? (raw.negative ? -1 : s) : 1 + ((raw.b >> d) % 3),
      );
      const target = raw.c % 2 === 1 ? [1 + (raw.a % 3), ...grown] : grown;
      const outSize = target.reduce(
        (n, s, d) => n * (s === -1 ? shape[d - (target.length - ndim)] : s),
        1,
      );
      return outSize > maxSize ? null : { op: 'expand', shape: target };
    }
    case 'unsqueeze':
      return { op: 'unsqueeze', dim: dimOf(raw.a, ndim + 1) };
    case 'squeeze':
      return raw.b % 2 === 0 || ndim === 0
        ? { op: 'squeeze' }
        : { op: 'squeeze', dim: dimOf(raw.a) };
    case 'reshape': {
      if (size === 0) return { op: 'reshape', shape: [0] };
      const target: number[] = [];
      let rest = size;
      for (let k = 0, code = raw.b; k < raw.c % 3; k++, code = Math.floor(code / 7)) {
        const options = divisors(rest);
        const factor = options[code % options.length];
        target.push(factor);
        rest /= factor;
      }
      target.push(rest);
      if (raw.negative) target[raw.a % target.length] = -1;
      return { op: 'reshape', shape: target };
    }
  }
}

/**
 * Applies one view step to an NDArray (reshape may copy when no view exists).
 * @example
 * applyViewStep(x, { op: 'transpose', dim0: 0, dim1: 1 })
 */
export function applyViewStep(x: NDArray, step: ViewStep): NDArray {
  switch (step.op) {
    case 'transpose':
      return transpose(x, step.dim0, step.dim1);
    case 'permute':
      return permute(x, step.dims);
    case 'slice':
      return slice(x, step.dim, { start: step.start, end: step.end, step: step.step });
    case 'narrow':
      return narrow(x, step.dim, step.start, step.length);
    case 'select':
      return select(x, step.dim, step.index);
    case 'expand':
      return expand(x, step.shape);
    case 'unsqueeze':
      return unsqueeze(x, step.dim);
    case 'squeeze':
      return squeeze(x, step.dim);
    case 'reshape':
      return reshape(x, step.shape);
  }
}

/**
 * Applies one view step to nested arrays (with their shape) with the reference ops of `naive`.
 * @example
 * applyNaiveViewStep(naive.nested([[1, 2]]), { op: 'transpose', dim0: 0, dim1: 1 }).values // [[1], [2]]
 */
export function applyNaiveViewStep(nested: naive.Nested, step: ViewStep): naive.Nested {
  switch (step.op) {
    case 'transpose':
      return naive.transpose(nested, step.dim0, step.dim1);
    case 'permute':
      return naive.permute(nested, step.dims);
    case 'slice':
      return naive.slice(nested, step.dim, step);
    case 'narrow':
      return naive.narrow(nested, step.dim, step.start, step.length);
    case 'select':
      return naive.select(nested, step.dim, step.index);
    case 'expand':
      return naive.expand(nested, step.shape);
    case 'unsqueeze':
      return naive.unsqueeze(nested, step.dim);
    case 'squeeze':
      return naive.squeeze(nested, step.dim);
    case 'reshape':
      return naive.reshape(nested, step.shape);
  }
}

/** What `arbViewChain` generates: a base array, the steps applied and the resulting view. */
export interface ViewChain {
  base: NDArray;
  steps: ViewStep[];
  view: NDArray;
}

/** Options of `arbViewChain` and `arbView`. */
export interface ViewChainOptions extends NDArrayOptions {
  /** View ops to draw from (default: all). */
  ops?: readonly ViewOpName[];
  /** Most steps in a chain (default 5). */
  maxSteps?: number;
}

/**
 * A random array and a random chain of view ops applied to it (transpose, permute, slice,
 * narrow, select, expand, unsqueeze, squeeze, reshape); replay `steps` with `applyNaiveViewStep`.
 * @example
 * fc.property(arbViewChain('float32'), ({ base, steps, view }) => ...)
 */
export function arbViewChain(
  dtype: DType,
  options: ViewChainOptions = {},
): fc.Arbitrary<ViewChain> {
  const { ops = ALL_VIEW_OPS, maxSteps = 5, maxSize = 64 } = options;
  const raw = fc.record({
    op: fc.constantFrom(...ops),
    a: fc.nat({ max: 1000 }),
    b: fc.nat({ max: 1000 }),
    c: fc.nat({ max: 1000 }),
    negative: fc.boolean(),
  });
  return fc
    .tuple(arbNDArray(dtype, options), fc.array(raw, { minLength: 1, maxLength: maxSteps }))
    .map(([base, raws]) => {
      const steps: ViewStep[] = [];
      let view = base;
      for (const r of raws) {
        const step = resolveStep(r, view.shape, maxSize);
        if (!step) continue;
        steps.push(step);
        view = applyViewStep(view, step);
      }
      return {
        base,
        steps,
        view,
        [fc.toStringMethod]: () =>
          `base ${String(base)} (${base.dtype}), steps ${JSON.stringify(steps)}`,
      };
    });
}

/**
 * Views of a random array made by transpose/permute, stepped slices, narrow with an offset and
 * expand of size-1 dims: mostly non-contiguous, often with an offset or stride-0 dims.
 * @example
 * fc.property(arbView('float32'), (x) => expectClose(neg(x), neg(contiguous(x))))
 */
export function arbView(dtype: DType, options: ViewChainOptions = {}): fc.Arbitrary<NDArray> {
  const ops: readonly ViewOpName[] = options.ops ?? [
    'transpose',
    'permute',
    'slice',
    'narrow',
    'expand',
  ];
  return arbViewChain(dtype, { ...options, ops, minDims: options.minDims ?? 1 }).map(
    (chain) => chain.view,
  );
}

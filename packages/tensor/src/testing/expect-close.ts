import { NDArray, type NestedArray } from '../ndarray.js';
import { flat, shapeOf } from './naive.js';

/**
 * Nested arrays of numbers and booleans, as `array` accepts them. NOTE: keeping NDArray out of
 * this recursive type avoids a stack overflow in typescript-eslint's
 * no-unsafe-class-instance-assignment when a NestedArray is passed to expectClose.
 */
type NestedValues = number | boolean | readonly NestedValues[];

/** Values `expectClose` compares: an NDArray, a number, a boolean or nested arrays of numbers and booleans. */
export type Comparable = NDArray | NestedValues;

/** Tolerances of `expectClose`: `|actual - expected| <= atol + rtol * |expected|`, as torch.allclose. */
export interface CloseOptions {
  /** Absolute tolerance (default 1e-5). */
  atol?: number;
  /** Tolerance relative to |expected| (default 1e-5). */
  rtol?: number;
}

function toValues(value: Comparable): { shape: number[]; values: number[] } {
  // An NDArray is read element by element (naive.flat), so a broken kernel can't hide its own bug.
  if (NDArray.isNDArray(value)) return { shape: [...value.shape], values: flat(value) };
  const nested = toNumbers(value);
  return { shape: shapeOf(nested), values: flat(nested) };
}

function toNumbers(value: NestedValues): NestedArray {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  return value.map(toNumbers);
}

const formatIndex = (index: readonly number[]): string => `[${index.join(', ')}]`;

function unravel(position: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = position % shape[d];
    position = Math.floor(position / shape[d]);
  }
  return index;
}

/**
 * Throws unless `actual` and `expected` have the same shape and every pair of elements is
 * within `atol + rtol * |expected|` (NaN equals NaN, infinities must match exactly). The
 * message names the worst element's index, both values and the shape.
 * @example
 * expectClose(exp(array([0, 1])), [1, Math.E], { atol: 1e-6 });
 */
export function expectClose(
  actual: Comparable,
  expected: Comparable,
  options: CloseOptions = {},
): void {
  const { atol = 1e-5, rtol = 1e-5 } = options;
  const a = toValues(actual);
  const e = toValues(expected);
  if (a.shape.length !== e.shape.length || a.shape.some((s, d) => s !== e.shape[d])) {
    throw new Error(
      `expectClose: shapes differ: actual ${formatIndex(a.shape)}, expected ${formatIndex(e.shape)}`,
    );
  }
  let failures = 0;
  let worst = -1;
  let worstExcess = -Infinity;
  for (let i = 0; i < e.values.length; i++) {
    const x = a.values[i];
    const y = e.values[i];
    if (x === y || (Number.isNaN(x) && Number.isNaN(y))) continue;
    const excess = Math.abs(x - y) - (atol + rtol * Math.abs(y));
    // A NaN on one side only, or a mismatched infinity, is as wrong as it gets.
    const badness =
      Number.isNaN(excess) || !Number.isFinite(x) || !Number.isFinite(y) ? Infinity : excess;
    if (badness <= 0) continue;
    failures++;
    if (badness > worstExcess) {
      worstExcess = badness;
      worst = i;
    }
  }
  if (failures === 0) return;
  const x = a.values[worst];
  const y = e.values[worst];
  throw new Error(
    `expectClose: ${failures} of ${e.values.length} elements differ (atol ${atol}, rtol ${rtol}, shape ${formatIndex(e.shape)})\n` +
      `worst at ${formatIndex(unravel(worst, e.shape))}: actual ${x}, expected ${y} ` +
      `(|diff| ${Math.abs(x - y)} > allowed ${atol + rtol * Math.abs(y)})`,
  );
}

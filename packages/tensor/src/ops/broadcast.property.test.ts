// Property tests: broadcasting of random shapes against index arithmetic (testing/naive.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as nd from '../index.js';
import { broadcastShapes, ShapeError, type DType, type NDArray } from '../index.js';
import {
  arbBroadcastablePair,
  arbBroadcastableShapes,
  arbNDArray,
  expectClose,
  naive,
} from '../testing/index.js';

const RUNS = { numRuns: 100 };
const NUMERIC: readonly DType[] = ['int32', 'float32', 'float64'];

/** An array of `shape`: contiguous, or a transposed (non-contiguous) view of one. */
function arbOfShape(dtype: DType, shape: number[]): fc.Arbitrary<NDArray> {
  const reversed = arbNDArray(dtype, { shape: [...shape].reverse() }).map((x) => nd.T(x));
  return fc.oneof(arbNDArray(dtype, { shape }), reversed);
}

/** Arrays of the given shapes, each of a random numeric dtype, some of them views. */
function arbArrays(shapes: fc.Arbitrary<number[][]>): fc.Arbitrary<NDArray[]> {
  return shapes.chain((list) =>
    fc.tuple(
      ...list.map((shape) =>
        fc.constantFrom(...NUMERIC).chain((dtype) => arbOfShape(dtype, shape)),
      ),
    ),
  );
}

/** The result dtype's rounding of a value computed in float64. */
function rounded(value: number, dtype: DType): number {
  if (dtype === 'float32') return Math.fround(value);
  if (dtype === 'int32') return value | 0;
  if (dtype === 'bool') return value ? 1 : 0;
  return value;
}

const OPS: [string, (a: NDArray, b: NDArray) => NDArray, (x: number, y: number) => number][] = [
  ['add', nd.add, (x, y) => x + y],
  ['mul', nd.mul, (x, y) => x * y],
  ['maximum', nd.maximum, Math.max],
  ['sub', nd.sub, (x, y) => x - y],
  ['lt', nd.lt, (x, y) => Number(x < y)],
];

describe('broadcasting', () => {
  it.each(OPS)('%s of random broadcastable shapes matches the naive reference', (_name, op, f) => {
    fc.assert(
      fc.property(arbArrays(arbBroadcastableShapes(2)), ([a, b]) => {
        const result = op(a, b);
        expect(result.shape).toEqual(naive.broadcastShape(a.shape, b.shape));
        // The inputs' values are exact in float64, so the reference differs only by the final rounding.
        expectClose(
          result,
          naive.broadcastMap([a, b], (x, y) => rounded(f(x, y), result.dtype)),
          { atol: 0, rtol: 0 },
        );
      }),
      RUNS,
    );
  });

  it('where of three random broadcastable shapes matches the naive reference', () => {
    const arbCase = arbBroadcastableShapes(3).chain(([c, a, b]) =>
      fc.tuple(arbOfShape('bool', c), arbOfShape('float32', a), arbOfShape('int32', b)),
    );
    fc.assert(
      fc.property(arbCase, ([condition, a, b]) => {
        const result = nd.where(condition, a, b);
        expect(result.dtype).toBe('float32');
        expectClose(
          result,
          naive.broadcastMap([condition, a, b], (c, x, y) => (c ? x : y)),
          { atol: 0, rtol: 0 },
        );
      }),
      RUNS,
    );
  });

  it('broadcastShapes agrees with the naive rule and is symmetric', () => {
    fc.assert(
      fc.property(arbBroadcastablePair(), ([a, b]) => {
        expect(broadcastShapes('add', a, b)).toEqual(naive.broadcastShape(a, b));
        expect(broadcastShapes('add', b, a)).toEqual(broadcastShapes('add', a, b));
      }),
      RUNS,
    );
  });

  it('throws ShapeError for incompatible shapes, naming both', () => {
    // Two sizes >= 2 that differ, placed at the same dim counted from the right.
    const arbIncompatible = fc
      .tuple(
        arbBroadcastablePair({ maxSize: 32 }),
        fc.nat(),
        fc.integer({ min: 2, max: 4 }),
        fc.integer({ min: 1, max: 3 }),
      )
      .map(([[a, b], where, size, delta]): [number[], number[]] => {
        const [x, y] = [[...a], [...b]];
        const fromRight = where % (Math.max(x.length, y.length) + 1);
        const pad = (shape: number[]): void => {
          while (shape.length <= fromRight) shape.unshift(1);
        };
        pad(x);
        pad(y);
        x[x.length - 1 - fromRight] = size;
        y[y.length - 1 - fromRight] = size + delta;
        return [x, y];
      });
    fc.assert(
      fc.property(arbIncompatible, ([a, b]) => {
        expect(naive.broadcastShape(a, b)).toBeNull();
        const message = new RegExp(
          `^add: shapes \\[${a.join(', ')}\\] and \\[${b.join(', ')}\\] are not broadcastable \\(\\d+ vs \\d+ at dim -\\d+\\)$`,
        );
        expect(() => nd.add(nd.zeros(a), nd.zeros(b))).toThrow(ShapeError);
        expect(() => nd.add(nd.zeros(a), nd.zeros(b))).toThrow(message);
      }),
      RUNS,
    );
  });
});

import * as nd from '@dl/tensor';
import { Generator, type NDArray } from '@dl/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbLeaf, checkOp, leaf } from '../testing/check-op.js';
import { gradcheck } from '../testing/index.js';
import { tensor } from '../tensor.js';
import { gather, indexAdd, indexSelect, scatter, scatterAdd, take } from './indexing.js';

const runs = { seed: 5, numRuns: 12 };

const int32 = (values: number[] | number[][]): NDArray => nd.array(values, { dtype: 'int32' });
const float64 = (values: number[] | number[][]): NDArray => nd.array(values, { dtype: 'float64' });

/** A dim of an `ndim`-d tensor, negative for odd picks. */
const dimOf = (ndim: number, pick: number): number => (pick % ndim) - (pick % 2 === 1 ? ndim : 0);

/** Random int32 indices in `0..size-1` of `shape` (repeats allowed). */
const randomIndex = (size: number, shape: number[], seed: number): NDArray =>
  nd.randint(0, size, shape, { generator: new Generator(seed) });

/**
 * An index of `shape` whose entries along `d` are distinct positions in `0..size-1`
 * (needs shape[d] <= size), so scatter has no colliding writes.
 */
function distinctIndex(size: number, shape: number[], d: number, seed: number): NDArray {
  const keys = nd.randn([...shape.slice(0, d), size, ...shape.slice(d + 1)], {
    generator: new Generator(seed),
  });
  return nd.contiguous(nd.narrow(nd.argsort(keys, d), d, 0, shape[d]));
}

describe('indexSelect', () => {
  it('matches nd.indexSelect and gradchecks for random indices and negative dims', () => {
    fc.assert(
      fc.property(
        arbLeaf({ minDims: 1 }),
        fc.nat(),
        fc.integer({ min: 0, max: 5 }),
        (x, pick, count) => {
          const dim = dimOf(x.ndim, pick);
          const index = randomIndex(x.shape.at(dim)!, [count], pick);
          checkOp(
            (t) => indexSelect(t, dim, index),
            (t) => nd.indexSelect(t, dim, index),
            [x],
          );
        },
      ),
      runs,
    );
  });

  it('accumulates the gradient of repeated indices (the embedding gradient)', () => {
    const weight = tensor(nd.zeros([3, 2], { dtype: 'float64' }), { requiresGrad: true });
    indexSelect(weight, 0, tensor(int32([2, 0, 2, 2]))).backward(
      float64([
        [1, 2],
        [3, 4],
        [5, 6],
        [7, 8],
      ]),
    );
    expect(weight.grad?.toArray()).toEqual([
      [3, 4],
      [0, 0],
      [13, 16],
    ]);
  });

  it('treats the index as a constant: its only graph edge is the input', () => {
    const y = indexSelect(leaf([3, 2], 0), 0, tensor(int32([1])));
    expect(y.gradFn?.name).toBe('IndexSelectBackward');
    expect(y.gradFn?.nextFunctions).toHaveLength(1);
  });

  it('throws nd.indexSelect errors and rejects a non-array index', () => {
    expect(() => indexSelect(leaf([3], 0), 0, int32([3]))).toThrow(
      /indexSelect: index 3 is out of bounds for dim 0 with size 3/,
    );
    expect(() => indexSelect(leaf([3], 0), 0, float64([0]))).toThrow(
      /indexSelect: index must be int32, got float64/,
    );
    // @ts-expect-error -- a plain array is not an index
    expect(() => indexSelect(leaf([3], 0), 0, [0])).toThrow(
      /indexSelect: index must be a Tensor or an NDArray, got object/,
    );
  });
});

describe('gather', () => {
  it('matches nd.gather and gradchecks, with index smaller than the input', () => {
    fc.assert(
      fc.property(
        arbLeaf({ minDims: 1 }),
        fc.nat(),
        fc.integer({ min: 1, max: 4 }),
        (x, pick, count) => {
          const dim = dimOf(x.ndim, pick);
          const d = dim < 0 ? dim + x.ndim : dim;
          const shape = x.shape.map((s, k) => (k === d ? count : Math.max(1, s - (pick % 2))));
          const index = randomIndex(x.shape[d], shape, pick);
          checkOp(
            (t) => gather(t, dim, index),
            (t) => nd.gather(t, dim, index),
            [x],
          );
        },
      ),
      runs,
    );
  });

  it('sums the gradient of an element gathered twice', () => {
    const x = tensor(
      float64([
        [1, 2],
        [3, 4],
      ]),
      { requiresGrad: true },
    );
    gather(
      x,
      1,
      int32([
        [1, 1],
        [0, 1],
      ]),
    ).backward(
      float64([
        [1, 10],
        [100, 1000],
      ]),
    );
    expect(x.grad?.toArray()).toEqual([
      [0, 11],
      [100, 1000],
    ]);
  });

  it('throws nd.gather errors', () => {
    expect(() => gather(leaf([2, 2], 0), 0, int32([0]))).toThrow(
      /gather: index must have as many dims as input/,
    );
  });
});

describe('scatterAdd', () => {
  it('matches nd.scatterAdd and gradchecks in input and src, with repeated indices', () => {
    fc.assert(
      fc.property(
        arbLeaf({ minDims: 1, maxSize: 12 }),
        fc.nat(),
        fc.integer({ min: 1, max: 4 }),
        (x, pick, count) => {
          const dim = dimOf(x.ndim, pick);
          const d = dim < 0 ? dim + x.ndim : dim;
          const shape = x.shape.map((s, k) => (k === d ? count : s));
          const index = randomIndex(x.shape[d], shape, pick);
          const src = leaf(shape, pick + 1, pick % 3 === 0);
          checkOp(
            (t, s) => scatterAdd(t, dim, index, s),
            (t, s) => nd.scatterAdd(t, dim, index, s),
            [x, src],
          );
        },
      ),
      runs,
    );
  });

  it('gives zero gradient to the part of a larger src that the index does not read', () => {
    const x = leaf([4, 3], 0);
    const src = leaf([3, 3], 1);
    const index = int32([
      [3, 0],
      [1, 3],
    ]);
    gradcheck((t, s) => scatterAdd(t, 0, index, s), [x, src]);
    expect(src.grad?.toArray()).toEqual([
      [expect.any(Number), expect.any(Number), 0],
      [expect.any(Number), expect.any(Number), 0],
      [0, 0, 0],
    ]);
  });

  it('throws nd.scatterAdd errors', () => {
    expect(() => scatterAdd(leaf([3], 0), 0, int32([0, 1]), leaf([1], 1))).toThrow(
      /scatterAdd: index \[2\] must not be larger than src \[1\]/,
    );
  });
});

describe('scatter', () => {
  it('matches nd.scatter and gradchecks in input and src for collision-free indices', () => {
    fc.assert(
      fc.property(
        arbLeaf({ minDims: 1, maxSize: 12 }),
        fc.nat(),
        fc.integer({ min: 1, max: 4 }),
        (x, pick, count) => {
          const dim = dimOf(x.ndim, pick);
          const d = dim < 0 ? dim + x.ndim : dim;
          const shape = x.shape.map((s, k) => (k === d ? Math.min(count, s) : s));
          const index = distinctIndex(x.shape[d], shape, d, pick);
          const src = leaf(shape, pick + 1);
          checkOp(
            (t, s) => scatter(t, dim, index, s),
            (t, s) => nd.scatter(t, dim, index, s),
            [x, src],
          );
        },
      ),
      runs,
    );
  });

  it('zeros the gradient of overwritten input elements', () => {
    const x = tensor(nd.zeros([2, 3], { dtype: 'float64' }), { requiresGrad: true });
    const src = tensor(float64([[1, 2]]), { requiresGrad: true });
    scatter(x, 1, int32([[2, 0]]), src).backward(
      float64([
        [1, 2, 3],
        [4, 5, 6],
      ]),
    );
    expect(x.grad?.toArray()).toEqual([
      [0, 2, 0],
      [4, 5, 6],
    ]);
    expect(src.grad?.toArray()).toEqual([[3, 1]]);
  });

  it('writes a scalar in the input dtype and differentiates the input', () => {
    const x = leaf([3, 2], 0);
    const index = int32([[2, 0]]);
    checkOp(
      (t) => scatter(t, 0, index, 7.5),
      (t) => nd.scatter(t, 0, index, 7.5),
      [x],
    );
    const ints = scatter(nd.zeros([3], { dtype: 'int32' }), 0, int32([1]), 2.7);
    expect([ints.dtype, ints.toArray()]).toEqual(['int32', [0, 2, 0]]);
  });

  it('throws nd.scatter errors', () => {
    expect(() => scatter(leaf([3], 0), 0, int32([0]), leaf([1], 1).data.astype('float32'))).toThrow(
      /scatter: src dtype float32 must match input dtype float64/,
    );
  });
});

describe('indexAdd', () => {
  it('matches nd.indexAdd and gradchecks in input and source, with alpha and repeats', () => {
    fc.assert(
      fc.property(
        arbLeaf({ minDims: 1, maxSize: 12 }),
        fc.nat(),
        fc.integer({ min: 0, max: 4 }),
        (x, pick, count) => {
          const dim = dimOf(x.ndim, pick);
          const d = dim < 0 ? dim + x.ndim : dim;
          const index = randomIndex(x.shape[d], [count], pick);
          const source = leaf(
            x.shape.map((s, k) => (k === d ? count : s)),
            pick + 1,
          );
          const alpha = pick % 2 === 0 ? 1 : -2.5;
          checkOp(
            (t, s) => indexAdd(t, dim, index, s, { alpha }),
            (t, s) => nd.indexAdd(t, dim, index, s, { alpha }),
            [x, source],
          );
        },
      ),
      runs,
    );
  });

  it('scales the source gradient by alpha', () => {
    const source = tensor(float64([[1], [2]]), { requiresGrad: true });
    indexAdd(nd.zeros([3, 1], { dtype: 'float64' }), 0, int32([2, 2]), source, {
      alpha: 3,
    }).backward(float64([[1], [2], [5]]));
    expect(source.grad?.toArray()).toEqual([[15], [15]]);
  });

  it('throws nd.indexAdd errors', () => {
    expect(() => indexAdd(leaf([3, 2], 0), 0, int32([0]), leaf([2, 2], 1))).toThrow(
      /indexAdd: source shape \[2, 2\] doesn't match \[1, 2\]/,
    );
  });
});

describe('take', () => {
  it('matches nd.take and gradchecks with negative and repeated indices', () => {
    fc.assert(
      fc.property(arbLeaf({ minDims: 1 }), fc.nat(), (x, seed) => {
        const index = nd.randint(-x.size, x.size, [2, 3], { generator: new Generator(seed) });
        checkOp(
          (t) => take(t, index),
          (t) => nd.take(t, index),
          [x],
        );
      }),
      runs,
    );
  });

  it('throws nd.take errors', () => {
    expect(() => take(leaf([2], 0), int32([2]))).toThrow(
      /take: index 2 is out of bounds for an array with 2 elements/,
    );
  });
});

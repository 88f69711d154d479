import * as nd from '@dl/tensor';
import { arbShape } from '@dl/tensor/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbLeaf, checkOp, leaf } from '../testing/check-op.js';
import { gradcheck } from '../testing/index.js';
import { tensor, type Tensor } from '../tensor.js';
import '../methods.js';
import { cat, clone } from '../ops/movement.js';
import {
  chunk,
  contiguous,
  flatten,
  mT,
  narrow,
  select,
  split,
  squeeze,
  stack,
  T,
  transpose,
  unflatten,
  unsqueeze,
  view,
} from './movement.js';

const runs = { seed: 11, numRuns: 12 };

/** A dim of `x`, negative for odd picks. */
const dimOf = (x: Tensor, pick: number): number => (pick % x.ndim) - (pick % 2 === 1 ? x.ndim : 0);

describe('view', () => {
  it('matches nd.view and gradcheck on contiguous inputs', () => {
    fc.assert(
      fc.property(arbShape({ maxSize: 24 }), fc.nat(), (shape, seed) => {
        checkOp(
          (a) => view(a, [-1]),
          (a) => nd.view(a, [-1]),
          [leaf(shape, seed, false)],
        );
      }),
      runs,
    );
  });

  it('throws like nd.view when the layout would need a copy', () => {
    expect(() => view(leaf([2, 3], 0), [-1])).toThrow(
      /view: size \[6\] is not compatible with the strides \[1, 2\] of \[2, 3\]\nhint: use reshape\(\)/,
    );
  });
});

describe('transpose', () => {
  it('matches nd.transpose and gradcheck with negative dims', () => {
    fc.assert(
      fc.property(arbLeaf({ minDims: 1 }), fc.nat(), fc.nat(), (x, i, j) => {
        const [a, b] = [dimOf(x, i), dimOf(x, j)];
        checkOp(
          (t) => transpose(t, a, b),
          (t) => nd.transpose(t, a, b),
          [x],
        );
      }),
      runs,
    );
  });

  it('throws nd.transpose errors', () => {
    expect(() => transpose(leaf([2, 3], 0), 0, 2)).toThrow(/transpose: dim 2 out of range/);
  });
});

describe('T', () => {
  it('matches nd.T and gradcheck', () => {
    fc.assert(
      fc.property(arbLeaf(), (x) => {
        checkOp(
          (t) => T(t),
          (t) => nd.T(t),
          [x],
        );
      }),
      runs,
    );
  });
});

describe('mT', () => {
  it('matches nd.mT and gradcheck', () => {
    fc.assert(
      fc.property(arbLeaf({ minDims: 2 }), (x) => {
        checkOp(
          (t) => mT(t),
          (t) => nd.mT(t),
          [x],
        );
      }),
      runs,
    );
  });

  it('throws nd.mT errors', () => {
    expect(() => mT(leaf([3], 0))).toThrow(
      /mT: expected an array with at least 2 dims, got shape \[3\]/,
    );
  });
});

describe('squeeze', () => {
  it('matches nd.squeeze and gradcheck for all, one negative and listed dims', () => {
    fc.assert(
      fc.property(arbShape({ minDims: 1, maxSize: 24, maxDimSize: 2 }), fc.nat(), (shape, seed) => {
        const x = leaf(shape, seed);
        const dims = shape.length > 1 ? [undefined, -1, [0, -1]] : [undefined, -1];
        for (const dim of dims)
          checkOp(
            (t) => squeeze(t, dim),
            (t) => nd.squeeze(t, dim),
            [x],
          );
      }),
      runs,
    );
  });
});

describe('unsqueeze', () => {
  it('matches nd.unsqueeze and gradcheck for dims -ndim-1..ndim', () => {
    fc.assert(
      fc.property(arbLeaf(), fc.nat(), (x, pick) => {
        const dim = (pick % (2 * x.ndim + 2)) - x.ndim - 1;
        checkOp(
          (t) => unsqueeze(t, dim),
          (t) => nd.unsqueeze(t, dim),
          [x],
        );
      }),
      runs,
    );
  });

  it('throws nd.unsqueeze errors', () => {
    expect(() => unsqueeze(leaf([2], 0), 3)).toThrow(
      /unsqueeze: dim 3 out of range for a 1-d array \(expected -2..1\)/,
    );
  });
});

describe('flatten', () => {
  it('matches nd.flatten and gradcheck, copying non-contiguous inputs', () => {
    fc.assert(
      fc.property(arbLeaf({ minDims: 1 }), fc.nat(), (x, pick) => {
        const start = dimOf(x, pick);
        checkOp(
          (t) => flatten(t, start),
          (t) => nd.flatten(t, start),
          [x],
        );
        checkOp(
          (t) => flatten(t),
          (t) => nd.flatten(t),
          [x],
        );
      }),
      runs,
    );
  });

  it('throws nd.flatten errors', () => {
    expect(() => flatten(leaf([2, 3, 4], 0), 2, 1)).toThrow(
      /flatten: startDim \(2\) cannot come after endDim \(1\)/,
    );
  });
});

describe('unflatten', () => {
  it('matches nd.unflatten and gradcheck with an inferred size', () => {
    const x = leaf([3, 12], 0);
    checkOp(
      (t) => unflatten(t, -1, [2, -1, 3]),
      (t) => nd.unflatten(t, -1, [2, -1, 3]),
      [x],
    );
  });

  it('throws nd.unflatten errors', () => {
    expect(() => unflatten(leaf([2, 6], 0), 1, [4, 2])).toThrow(
      /unflatten: sizes \[4, 2\] don't multiply up to the size of dim 1 \(6\)/,
    );
  });
});

describe('narrow', () => {
  it('matches nd.narrow and gradcheck with negative dims and starts', () => {
    fc.assert(
      fc.property(arbLeaf({ minDims: 1 }), fc.nat(), fc.nat(), fc.nat(), (x, pick, s, l) => {
        const dim = dimOf(x, pick);
        const size = x.shape.at(dim)!;
        const begin = s % (size + 1);
        const length = l % (size - begin + 1);
        const start = s % 2 === 1 && begin < size ? begin - size : begin;
        checkOp(
          (t) => narrow(t, dim, start, length),
          (t) => nd.narrow(t, dim, start, length),
          [x],
        );
      }),
      runs,
    );
  });

  it('throws nd.narrow errors', () => {
    expect(() => narrow(leaf([4], 0), 0, 3, 2)).toThrow(
      /narrow: start \(3\) \+ length \(2\) exceeds dim 0 of size 4/,
    );
  });
});

describe('select', () => {
  it('matches nd.select and gradcheck with negative dims and indices', () => {
    fc.assert(
      fc.property(arbLeaf({ minDims: 1 }), fc.nat(), fc.nat(), (x, pick, k) => {
        const dim = dimOf(x, pick);
        const size = x.shape.at(dim)!;
        const index = (k % (2 * size)) - size;
        checkOp(
          (t) => select(t, dim, index),
          (t) => nd.select(t, dim, index),
          [x],
        );
      }),
      runs,
    );
  });

  it('throws nd.select errors', () => {
    expect(() => select(leaf([2, 3], 0), 1, 3)).toThrow(
      /select: index 3 is out of bounds for dim 1 with size 3/,
    );
    expect(() => select(leaf([], 0), 0, 0)).toThrow(/select: cannot index a 0-d array/);
  });
});

describe('stack', () => {
  it('matches nd.stack and gradcheck for a new negative dim', () => {
    fc.assert(
      fc.property(
        arbShape({ maxDims: 3, maxSize: 12 }),
        fc.integer({ min: 1, max: 3 }),
        fc.nat(),
        (shape, count, pick) => {
          const inputs = Array.from({ length: count }, (_, i) =>
            leaf(shape, pick + i, i % 2 === 1),
          );
          const dim = (pick % (shape.length + 1)) - shape.length - 1;
          checkOp(
            (...xs) => stack(xs, dim),
            (...xs) => nd.stack(xs, dim),
            inputs,
          );
        },
      ),
      runs,
    );
  });

  it('throws on mismatched shapes and empty lists', () => {
    expect(() => stack([leaf([2, 3], 0), leaf([3, 2], 1)])).toThrow(
      /stack: expects each tensor to be equal size, but got \[2, 3\] at entry 0 and \[3, 2\] at entry 1/,
    );
    expect(() => stack([])).toThrow(
      /stack: expected a non-empty list of tensors, got an empty list/,
    );
    expect(() => stack([leaf([2], 0)], 2)).toThrow(/stack: dim 2 out of range/);
  });
});

describe('split', () => {
  it('matches nd.split for sizes and sections, and each piece gradchecks', () => {
    fc.assert(
      fc.property(
        arbLeaf({ minDims: 1 }),
        fc.nat(),
        fc.integer({ min: 1, max: 3 }),
        (x, pick, step) => {
          const dim = dimOf(x, pick);
          const size = x.shape.at(dim)!;
          for (const sizes of [step, [size - Math.min(step, size), Math.min(step, size)]]) {
            const pieces = split(x, sizes, dim);
            expect(pieces.map((p) => p.toArray())).toEqual(
              nd.split(x.data, sizes, dim).map((p) => p.toArray()),
            );
            pieces.forEach((_, i) => gradcheck((t) => split(t, sizes, dim)[i], [x]));
          }
        },
      ),
      runs,
    );
  });

  it('adds the gradients of all pieces back together', () => {
    const x = tensor([1, 2, 3, 4, 5], { dtype: 'float64', requiresGrad: true });
    const [a, b, c] = split(x, 2) as [Tensor, Tensor, Tensor];
    cat([c, a, b]).backward(tensor([10, 20, 30, 40, 50], { dtype: 'float64' }));
    expect(x.grad?.toArray()).toEqual([20, 30, 40, 50, 10]);
  });

  it('throws nd.split errors', () => {
    expect(() => split(leaf([5], 0), [2, 2])).toThrow(
      /split: sizes \[2, 2\] must sum exactly to 5/,
    );
  });
});

describe('chunk', () => {
  it('matches nd.chunk and every chunk gradchecks', () => {
    fc.assert(
      fc.property(
        arbLeaf({ minDims: 1 }),
        fc.nat(),
        fc.integer({ min: 1, max: 4 }),
        (x, pick, chunks) => {
          const dim = dimOf(x, pick);
          const pieces = chunk(x, chunks, dim);
          expect(pieces.map((p) => p.toArray())).toEqual(
            nd.chunk(x.data, chunks, dim).map((p) => p.toArray()),
          );
          pieces.forEach((_, i) => gradcheck((t) => chunk(t, chunks, dim)[i], [x]));
        },
      ),
      runs,
    );
  });

  it('throws nd.chunk errors', () => {
    expect(() => chunk(leaf([4], 0), 0)).toThrow(/chunk: chunks must be a positive integer, got 0/);
  });
});

describe('contiguous', () => {
  it('returns a contiguous tensor itself', () => {
    const x = leaf([2, 3], 0, false);
    expect(contiguous(x)).toBe(x);
  });

  it('copies a strided tensor and gradchecks', () => {
    const x = leaf([2, 3], 0);
    const y = contiguous(x);
    expect(y.data.isContiguous()).toBe(true);
    expect(y.gradFn?.name).toBe('CloneBackward');
    checkOp(
      (t) => contiguous(t),
      (t) => nd.contiguous(t),
      [x],
    );
  });
});

describe('clone', () => {
  it('is differentiable and never shares storage', () => {
    const x = leaf([2, 2], 3, false);
    expect(clone(x).data.data).not.toBe(x.data.data);
    gradcheck((t) => clone(t), [x]);
  });
});

describe('Tensor methods', () => {
  it('chain the view, joining and indexing ops, with T and mT as getters', () => {
    const x = leaf([2, 3], 0);
    expect(x.T.shape).toEqual([3, 2]);
    expect(x.unsqueeze(0).mT.shape).toEqual([1, 3, 2]);
    const y = x.reshape([3, 2]).transpose(0, 1).flatten().unflatten(0, [2, 3]).select(0, 1);
    expect(y.toArray()).toEqual(nd.select(nd.reshape(x.data, [3, 2]).T, 0, 1).toArray());
    expect(x.split(1, -1)).toHaveLength(3);
    expect(x.chunk(2).map((p) => p.shape)).toEqual([
      [1, 3],
      [1, 3],
    ]);
    gradcheck((t) => t.T.contiguous().view([-1]).narrow(0, 1, 4).expand([2, 4]), [x]);
  });
});

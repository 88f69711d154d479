import * as nd from '@dl/tensor';
import { Generator } from '@dl/tensor';
import { arbShape } from '@dl/tensor/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbLeaf, checkOp, leaf } from '../testing/check-op.js';
import { gradcheck } from '../testing/index.js';
import { tensor } from '../tensor.js';
import { astype } from '../index.js';
import { cat, clone, expand, permute, reshape, slice } from './movement.js';

const runs = { seed: 7, numRuns: 12 };

describe('reshape', () => {
  it('matches nd.reshape and gradcheck, viewing or copying', () => {
    fc.assert(
      fc.property(arbLeaf(), fc.nat(), (x, pick) => {
        const shapes = [
          [-1],
          [...x.shape].reverse(),
          [1, ...x.shape, 1],
          x.size > 0 ? [x.shape[0] ?? 1, -1] : [0],
        ];
        const shape = shapes[pick % shapes.length];
        checkOp(
          (a) => reshape(a, shape),
          (a) => nd.reshape(a, shape),
          [x],
        );
      }),
      runs,
    );
  });

  it('records a ReshapeBackward node', () => {
    expect(reshape(leaf([2, 3], 0), [6]).gradFn?.name).toBe('ReshapeBackward');
  });

  it('throws nd.reshape errors', () => {
    expect(() => reshape(leaf([2, 3], 0), [4, 2])).toThrow(
      /reshape: cannot view \[2, 3\] \(6 elements\) as \[4, 2\] \(8 elements\)/,
    );
  });
});

describe('permute', () => {
  it('matches nd.permute and gradcheck for random permutations with negative dims', () => {
    fc.assert(
      fc.property(arbLeaf({ minDims: 1 }), fc.nat(), (x, seed) => {
        const order = nd.randperm(x.ndim, { generator: new Generator(seed) }).toArray() as number[];
        const dims = order.map((d, i) => (i % 2 === 0 ? d - x.ndim : d));
        checkOp(
          (a) => permute(a, dims),
          (a) => nd.permute(a, dims),
          [x],
        );
      }),
      runs,
    );
  });

  it('throws nd.permute errors', () => {
    expect(() => permute(leaf([2, 3], 0), [0, 0])).toThrow(
      /permute: dim 0 appears more than once in \[0, 0\]/,
    );
  });
});

describe('expand', () => {
  it('sums the gradient over broadcast dims (the engine unbroadcasts it)', () => {
    fc.assert(
      fc.property(
        arbShape({ minDims: 1, maxDims: 3, maxSize: 24 }),
        fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
        fc.nat(),
        (shape, ones, seed) => {
          const small = shape.map((s, d) => (ones[d] ? 1 : s));
          const target = [2, ...shape.map((s, d) => (ones[d] ? s : -1))];
          checkOp(
            (a) => expand(a, target),
            (a) => nd.expand(a, target),
            [leaf(small, seed)],
          );
        },
      ),
      runs,
    );
  });

  it('gives each source element the sum of its copies', () => {
    const x = tensor([[1], [2]], { dtype: 'float64', requiresGrad: true });
    expand(x, [3, 2, 4]).backward(nd.ones([3, 2, 4], { dtype: 'float64' }));
    expect(x.grad?.toArray()).toEqual([[12], [12]]);
  });

  it('throws nd.expand errors', () => {
    expect(() => expand(leaf([2, 3], 0), [4, 3])).toThrow(
      /expand: the expanded size of the array \(4\) must match the existing size \(2\) at non-singleton dim 0/,
    );
  });
});

describe('slice', () => {
  it('matches nd.slice and gradcheck for random windows, steps and negative dims', () => {
    fc.assert(
      fc.property(
        arbLeaf({ minDims: 1 }),
        fc.integer({ min: -6, max: 6 }),
        fc.integer({ min: -6, max: 6 }),
        fc.integer({ min: 1, max: 3 }),
        fc.nat(),
        (x, start, end, step, pick) => {
          const dim = (pick % x.ndim) - x.ndim;
          checkOp(
            (a) => slice(a, dim, { start, end, step }),
            (a) => nd.slice(a, dim, { start, end, step }),
            [x],
          );
        },
      ),
      runs,
    );
  });

  it('writes dy into the window and zeros elsewhere', () => {
    const x = tensor([1, 2, 3, 4, 5], { dtype: 'float64', requiresGrad: true });
    slice(x, 0, { start: 1, step: 2 }).backward(tensor([10, 20], { dtype: 'float64' }));
    expect(x.grad?.toArray()).toEqual([0, 10, 0, 20, 0]);
  });

  it('throws nd.slice errors', () => {
    expect(() => slice(leaf([3], 0), 0, { step: 0 })).toThrow(
      /slice: step must be a positive integer, got 0/,
    );
    expect(() => slice(leaf([], 0), 0)).toThrow(/slice: cannot be applied to a 0-d array/);
  });
});

describe('cat', () => {
  it('matches nd.cat and gradcheck for 1 to 3 pieces along a negative dim', () => {
    fc.assert(
      fc.property(
        arbShape({ minDims: 1, maxDims: 3, maxSize: 12 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }),
        fc.nat(),
        (shape, sizes, pick) => {
          const d = pick % shape.length;
          const inputs = sizes.map((size, i) =>
            leaf(
              shape.map((s, k) => (k === d ? size : s)),
              pick + i,
              i % 2 === 0,
            ),
          );
          const dim = d - shape.length;
          checkOp(
            (...xs) => cat(xs, dim),
            (...xs) => nd.cat(xs, dim),
            inputs,
          );
        },
      ),
      runs,
    );
  });

  it('sends each input its own rows of the gradient', () => {
    const a = tensor([[1, 2]], { dtype: 'float64', requiresGrad: true });
    const b = tensor(
      [
        [3, 4],
        [5, 6],
      ],
      { dtype: 'float64', requiresGrad: true },
    );
    cat([a, b]).backward(
      tensor(
        [
          [1, 2],
          [3, 4],
          [5, 6],
        ],
        { dtype: 'float64' },
      ),
    );
    expect(a.grad?.toArray()).toEqual([[1, 2]]);
    expect(b.grad?.toArray()).toEqual([
      [3, 4],
      [5, 6],
    ]);
  });

  it('casts the gradient back to each input dtype after promotion', () => {
    const a = tensor([1, 2], { dtype: 'float32', requiresGrad: true });
    const b = tensor([3], { dtype: 'float64', requiresGrad: true });
    const y = cat([a, b]);
    expect(y.dtype).toBe('float64');
    y.backward(tensor([1, 2, 3], { dtype: 'float64' }));
    expect([a.grad?.dtype, b.grad?.dtype]).toEqual(['float32', 'float64']);
  });

  it('gives a skipped 1-d empty input an empty gradient, as nd.cat skips it', () => {
    const empty = tensor(nd.zeros([0], { dtype: 'float64' }), { requiresGrad: true });
    const x = leaf([2, 3], 1);
    gradcheck((e, a) => cat([e, a], 1), [empty, x]);
    expect(empty.grad?.shape).toEqual([0]);
  });

  it('lets constants join without a gradient', () => {
    const x = leaf([2], 0);
    const y = cat([x, nd.ones([3], { dtype: 'float64' })]);
    expect(y.gradFn?.nextFunctions.map((n) => n === null)).toEqual([false, true]);
  });

  it('throws nd.cat errors', () => {
    expect(() => cat([leaf([2, 3], 0), leaf([2, 4], 1)])).toThrow(
      /cat: sizes of arrays must match except in dim 0 \(expected size 3 but got size 4 at dim 1/,
    );
    expect(() => cat([])).toThrow(/cat: expected a non-empty list of arrays, got an empty list/);
  });
});

describe('clone', () => {
  it('copies the values into fresh storage and passes gradients through', () => {
    const x = leaf([3, 2], 0);
    const y = clone(x);
    expect(y.data.data).not.toBe(x.data.data);
    expect(y.data.isContiguous()).toBe(true);
    checkOp(
      (a) => clone(a),
      (a) => nd.clone(a),
      [x],
    );
    expect(y.gradFn?.name).toBe('CloneBackward');
  });
});

describe('astype', () => {
  it('casts the gradient back to the input dtype', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const y = astype(x, 'float64');
    expect(y.dtype).toBe('float64');
    expect(y.gradFn?.name).toBe('AstypeBackward');
    y.mul(2).sum().backward();
    expect(x.grad?.dtype).toBe('float32');
    expect(x.grad?.toArray()).toEqual([2, 2, 2]);
  });

  it('is the method to(), as torch.Tensor.to(dtype)', () => {
    const x = tensor([1.5, -2], { requiresGrad: true });
    x.to('float64').astype('float32').sum().backward();
    expect(x.grad?.toArray()).toEqual([1, 1]);
  });

  it('gives a constant when casting to int32 or bool', () => {
    const x = tensor([1.5, -2], { requiresGrad: true });
    const y = x.to('int32');
    expect(y.toArray()).toEqual([1, -2]);
    expect(y.requiresGrad).toBe(false);
    expect(astype(x, 'bool').gradFn).toBeNull();
  });
});

import * as nd from '@dl/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbLeaf, leaf } from '../testing/check-op.js';
import { gradcheck } from '../testing/index.js';
import { tensor } from '../tensor.js';
import { argsort, sort, topk } from './sort.js';

const runs = { seed: 13, numRuns: 12 };

/** A dim of an `ndim`-d tensor, negative for odd picks. */
const dimOf = (ndim: number, pick: number): number => (pick % ndim) - (pick % 2 === 1 ? ndim : 0);

describe('sort', () => {
  it('matches nd.sort and gradchecks the values along negative dims', () => {
    fc.assert(
      fc.property(arbLeaf({ minDims: 1 }), fc.nat(), fc.boolean(), (x, pick, descending) => {
        const dim = dimOf(x.ndim, pick);
        const { values, indices } = sort(x, dim, { descending });
        const expected = nd.sort(x.data, dim, { descending });
        expect([values.toArray(), indices.toArray()]).toEqual([
          expected.values.toArray(),
          expected.indices.toArray(),
        ]);
        gradcheck((t) => sort(t, dim, { descending }).values, [x]);
      }),
      runs,
    );
  });

  it('returns int32 indices that never require grad', () => {
    const { values, indices } = sort(tensor([3, 1, 2], { dtype: 'float64', requiresGrad: true }));
    expect([indices.dtype, indices.requiresGrad, values.requiresGrad]).toEqual([
      'int32',
      false,
      true,
    ]);
  });

  it('routes each gradient back to the position its value came from', () => {
    const x = tensor([3, 1, 2], { dtype: 'float64', requiresGrad: true });
    sort(x).values.backward(nd.array([10, 20, 30], { dtype: 'float64' }));
    expect(x.grad?.toArray()).toEqual([30, 10, 20]);
  });

  it('throws errors that name sort', () => {
    expect(() => sort(leaf([2, 3], 0), 2)).toThrow(/sort: dim 2 out of range/);
  });
});

describe('argsort', () => {
  it('matches nd.argsort and never requires grad', () => {
    const x = leaf([3, 4], 0);
    const indices = argsort(x, 0, { descending: true });
    expect(indices.toArray()).toEqual(nd.argsort(x.data, 0, { descending: true }).toArray());
    expect(indices.requiresGrad).toBe(false);
  });
});

describe('topk', () => {
  it('matches nd.topk and gradchecks the values for largest and smallest', () => {
    fc.assert(
      fc.property(arbLeaf({ minDims: 1 }), fc.nat(), fc.boolean(), (x, pick, largest) => {
        const dim = dimOf(x.ndim, pick);
        const k = pick % (x.shape.at(dim)! + 1);
        const { values, indices } = topk(x, k, dim, { largest });
        const expected = nd.topk(x.data, k, dim, { largest });
        expect([values.toArray(), indices.toArray()]).toEqual([
          expected.values.toArray(),
          expected.indices.toArray(),
        ]);
        expect(indices.requiresGrad).toBe(false);
        gradcheck((t) => topk(t, k, dim, { largest }).values, [x]);
      }),
      runs,
    );
  });

  it('throws errors that name topk', () => {
    expect(() => topk(leaf([3], 0), 4)).toThrow(
      /topk: k \(4\) is out of range for dim 0 with size 3/,
    );
  });
});

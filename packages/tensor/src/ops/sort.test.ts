import { describe, expect, it } from 'vitest';
import { arange, array, IndexError, slice, transpose, zeros, type NDArray } from '../index.js';
import type { NestedArray } from '../ndarray.js';
import { fixture, fixtureArray } from './__fixtures__/read-fixture.js';
import { argsort, sort, topk } from './sort.js';

const float = (data: NestedArray): NDArray => array(data);
const int = (data: NestedArray): NDArray => array(data, { dtype: 'int32' });
/** Many ties: (i * 37) % 11 for i < n, as float32. */
const tied = (n: number): NDArray => float(Array.from({ length: n }, (_, i) => (i * 37) % 11));

describe('sort', () => {
  it.each([
    [0, false], [0, true], [1, false], [1, true],
  ] as const)('matches PyTorch with ties, NaN and infinities (dim %i, descending %s)', (dim, descending) => {
    const expected = fixture(`sort_dim${dim}_${descending ? 'desc' : 'asc'}`);
    const { values, indices } = sort(float(fixtureArray('sort_input')), dim, { descending, stable: true });
    expect(values.toArray()).toEqual(expected.values);
    expect([indices.dtype, indices.toArray()]).toEqual(['int32', expected.indices]);
  });

  it('sorts the last dim by default', () => {
    const { values, indices } = sort(float([[3, 1, 2], [0, -1, 5]]));
    expect(values.toArray()).toEqual([[1, 2, 3], [-1, 0, 5]]);
    expect(indices.toArray()).toEqual([[1, 2, 0], [1, 0, 2]]);
  });

  it('keeps equal elements in their original order when descending, as PyTorch stable sort', () => {
    const { values, indices } = sort(int([1, 2, 1, 2, 1]), -1, { descending: true });
    expect(values.toArray()).toEqual([2, 2, 1, 1, 1]);
    expect(indices.toArray()).toEqual([1, 3, 0, 2, 4]);
  });

  it('puts NaN last ascending and first descending', () => {
    expect(sort(float([NaN, 1, -Infinity, NaN])).values.toArray()).toEqual([-Infinity, 1, NaN, NaN]);
    expect(sort(float([1, NaN, Infinity]), 0, { descending: true }).indices.toArray()).toEqual([1, 2, 0]);
  });

  it('keeps the dtype (int32, bool, float64)', () => {
    const b = sort(array([true, false, true]));
    expect([b.values.dtype, b.values.toArray(), b.indices.toArray()]).toEqual(['bool', [0, 1, 1], [1, 0, 2]]);
    expect(sort(int([3, -1])).values.dtype).toBe('int32');
    const f = sort(array([0.1, -0.3], { dtype: 'float64' }));
    expect([f.values.dtype, f.values.toArray()]).toEqual(['float64', [-0.3, 0.1]]);
  });

  it('reads non-contiguous inputs and returns contiguous arrays', () => {
    const x = transpose(float([[3, 1, 2], [0, 5, -1]]), 0, 1); // [[3, 0], [1, 5], [2, -1]]
    const byRow = sort(x, 1);
    expect(byRow.values.toArray()).toEqual([[0, 3], [1, 5], [-1, 2]]);
    const byColumn = sort(x, 0);
    expect(byColumn.values.isContiguous() && byColumn.indices.isContiguous()).toBe(true);
    expect(byColumn.values.toArray()).toEqual([[1, -1], [2, 0], [3, 5]]);
    expect(byColumn.indices.toArray()).toEqual([[1, 2], [2, 0], [0, 1]]);
  });

  it('sorts the middle dim of a 3-d array', () => {
    const x = float([[[2, 9], [1, 8], [3, 7]]]);
    const { values, indices } = sort(x, 1);
    expect(values.toArray()).toEqual([[[1, 7], [2, 8], [3, 9]]]);
    expect(indices.toArray()).toEqual([[[1, 2], [0, 1], [2, 0]]]);
  });

  it('handles 0-d and empty arrays', () => {
    const scalar = sort(float(5));
    expect([scalar.values.shape, scalar.values.item(), scalar.indices.shape, scalar.indices.item()]).toEqual([[], 5, [], 0]);
    expect(sort(zeros([0])).values.shape).toEqual([0]);
    expect(sort(zeros([2, 0]), 0).indices.shape).toEqual([2, 0]);
  });

  it('throws IndexError for a dim out of range', () => {
    expect(() => sort(zeros([2, 2]), 2)).toThrow(IndexError);
    expect(() => sort(zeros([2, 2]), 2)).toThrow(/^sort: dim 2 out of range for a 2-d array \(expected -2..1\)$/);
  });
});

describe('argsort', () => {
  it('returns the sorting positions as int32', () => {
    const out = argsort(float([3, 1, 2]));
    expect([out.dtype, out.toArray()]).toEqual(['int32', [1, 2, 0]]);
    expect(argsort(float([3, 1, 2]), -1, { descending: true }).toArray()).toEqual([0, 2, 1]);
  });

  it('sorts along the given dim of a non-contiguous view', () => {
    const x = slice(float([[4, 1], [0, 0], [2, 3], [0, 0], [1, 9]]), 0, { step: 2 }); // [[4, 1], [2, 3], [1, 9]]
    expect(argsort(x, 0).toArray()).toEqual([[2, 0], [1, 1], [0, 2]]);
  });

  it('names itself in errors', () => {
    expect(() => argsort(zeros([2]), -2)).toThrow(/^argsort: dim -2 out of range/);
  });
});

describe('topk', () => {
  it.each([
    [2, true], [2, false], [10, true], [10, false],
  ] as const)('matches PyTorch for k = %i (largest %s), NaN counting as the largest', (k, largest) => {
    const expected = fixture(`topk_k${k}_${largest ? 'largest' : 'smallest'}`);
    const { values, indices } = topk(float(fixtureArray('topk_input')), k, 1, { largest });
    expect(values.toArray()).toEqual(expected.values);
    expect(indices.toArray()).toEqual(expected.indices);
  });

  it('matches PyTorch along dim 0', () => {
    const expected = fixture('topk_k3_dim0');
    const { values, indices } = topk(float(fixtureArray('topk_input')), 3, 0);
    expect(values.toArray()).toEqual(expected.values);
    expect(indices.toArray()).toEqual(expected.indices);
  });

  it('picks the earliest of equal values, for small and large k alike', () => {
    expect(topk(int([1, 3, 3, 2]), 2).indices.toArray()).toEqual([1, 2]);
    const x = tied(200);
    for (const [k, largest] of [[3, true], [3, false], [150, true], [150, false]] as const) {
      const sorted = sort(x, 0, { descending: largest });
      const result = topk(x, k, 0, { largest });
      expect(result.indices.toArray()).toEqual(slice(sorted.indices, 0, { end: k }).toArray());
      expect(result.values.toArray()).toEqual(slice(sorted.values, 0, { end: k }).toArray());
    }
  });

  it('reads non-contiguous inputs', () => {
    const x = transpose(float([[1, 5], [4, 2], [3, 6]]), 0, 1); // [[1, 4, 3], [5, 2, 6]]
    const { values, indices } = topk(x, 2);
    expect(values.toArray()).toEqual([[4, 3], [6, 5]]);
    expect(indices.toArray()).toEqual([[1, 2], [2, 0]]);
  });

  it('accepts k = 0 and k = size, and 0-d inputs', () => {
    expect(topk(float([1, 2]), 0).values.shape).toEqual([0]);
    expect(topk(float([1, 2]), 2).indices.toArray()).toEqual([1, 0]);
    expect(topk(float(4), 1).values.toArray()).toBe(4);
  });

  it('keeps the dtype (int32, bool, float64)', () => {
    expect(topk(int([1, 9, 4]), 1).values.toArray()).toEqual([9]);
    expect(topk(array([false, true]), 1).values.dtype).toBe('bool');
    expect(topk(arange(5).astype('float64'), 2, 0, { largest: false }).values.toArray()).toEqual([0, 1]);
  });

  it('throws IndexError when k is out of range', () => {
    expect(() => topk(float([1, 3, 2]), 4)).toThrow(IndexError);
    expect(() => topk(float([1, 3, 2]), 4)).toThrow(/^topk: k \(4\) is out of range for dim 0 with size 3 \(expected 0..3\)$/);
    expect(() => topk(float([1, 3, 2]), -1)).toThrow(/topk: k \(-1\) is out of range/);
    expect(() => topk(float([1, 3, 2]), 1.5)).toThrow(/topk: k \(1.5\) is out of range/);
  });
});

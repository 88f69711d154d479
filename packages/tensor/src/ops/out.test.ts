import { describe, expect, it } from 'vitest';
import {
  add, arange, array, DTypeError, exp, logicalOr, lt, mul, neg, randn, reshape, select, ShapeError, storageVersion, transpose,
  zeros, ArgumentError, manualSeed,
} from '../index.js';
import { expectClose, forEachBackend } from '../testing/index.js';

manualSeed(0);

forEachBackend(() => {
  describe('out', () => {
    it('writes the result into out and returns it, without new storage', () => {
      const [a, b] = [randn([3, 1000]), randn([1000])];
      const out = zeros([3, 1000]);
      const storage = out.data;
      const result = add(a, b, { out });
      expect(result).toBe(out);
      expect(result.data).toBe(storage);
      expectClose(out, add(a, b));
      expectClose(exp(a, { out }), exp(a));
    });

    it('takes an input as out (in place)', () => {
      const x = randn([2, 999]);
      const expected = mul(exp(x), x);
      const y = x.clone();
      exp(y, { out: y });
      mul(y, x, { out: y });
      expectClose(y, expected);
    });

    it('reads an input that overlaps out elsewhere before overwriting it', () => {
      // The row broadcast over x is x's own first row: written first, read for every row.
      const x = reshape(arange(12), [3, 4]);
      const expected = add(x, select(x, 0, 0));
      add(x, select(x, 0, 0), { out: x });
      expect(x.toArray()).toEqual(expected.toArray());
      const y = reshape(arange(9), [3, 3]);
      const expectedT = add(y, transpose(y, 0, 1));
      add(y, transpose(y, 0, 1), { out: y });
      expect(y.toArray()).toEqual(expectedT.toArray());
    });

    it('fills a strided out through its strides', () => {
      const base = zeros([4, 3]);
      const out = transpose(base, 0, 1);
      const x = reshape(arange(12, undefined, 1, { dtype: 'float32' }), [3, 4]);
      neg(x, { out });
      expect(base.toArray()).toEqual(transpose(neg(x), 0, 1).toArray());
    });

    it('gives int32 and bool results the checks and values of a fresh result', () => {
      const out = zeros([2], { dtype: 'int32' });
      add(array([1, 2], { dtype: 'int32' }), array([3, 4], { dtype: 'int32' }), { out });
      expect(out.toArray()).toEqual([4, 6]);
      expect(() => mul(array([2 ** 30], { dtype: 'int32' }), 4, { out: zeros([1], { dtype: 'int32' }) })).toThrow(/mul/);
      const flags = zeros([2], { dtype: 'bool' });
      add(array([true, true]), array([true, false]), { out: flags });
      expect(Array.from(flags.data)).toEqual([1, 1]);
      logicalOr(lt(array([1, 5]), 2), array([false, false]), { out: flags });
      expect(Array.from(flags.data)).toEqual([1, 0]);
    });

    it('counts as an in-place write of out (autograd sees the version change)', () => {
      const out = zeros([3]);
      const before = storageVersion(out);
      exp(array([0, 1, 2]), { out });
      expect(storageVersion(out)).toBeGreaterThan(before);
    });

    it('throws naming the op and both shapes or dtypes when out does not fit', () => {
      expect(() => add(zeros([2, 3]), 1, { out: zeros([3, 2]) })).toThrow(ShapeError);
      expect(() => add(zeros([2, 3]), 1, { out: zeros([3, 2]) })).toThrow(/^add: out has shape \[3, 2\], expected the result's shape \[2, 3\]/);
      expect(() => exp(zeros([2]), { out: zeros([2], { dtype: 'float64' }) })).toThrow(DTypeError);
      expect(() => exp(zeros([2]), { out: zeros([2], { dtype: 'float64' }) })).toThrow(/^exp: out has dtype float64, expected the result's dtype float32/);
      expect(() => exp(zeros([2]), { out: [0, 0] as never })).toThrow(ArgumentError);
      expect(() => exp(zeros([2]), { out: [0, 0] as never })).toThrow(/^exp: out must be an NDArray, got an Array/);
    });
  });
});

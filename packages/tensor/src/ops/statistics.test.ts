import { describe, expect, it } from 'vitest';
import * as nd from '../index.js';
import {
  ArgumentError, DTypeError, array, expand, logsumexp, mean, norm, randn, reshape, slice, std,
  transpose, variance, zeros, manualSeed, type NormOrder,
} from '../index.js';
import { forEachBackend } from '../testing/index.js';
import { casesOf, decode, dimOf, mismatches, inputOf } from './__fixtures__/reduce-cases.js';

manualSeed(0);

forEachBackend(() => {
  describe('mean', () => {
    it.each(casesOf('mean'))('matches PyTorch ($input, dim $dim, keepdim $keepdim)', (c) => {
      expect(mismatches(mean(inputOf(c), dimOf(c), { keepdim: c.keepdim }), c)).toEqual([]);
    });

    it('keeps float32 and float64', () => {
      expect(mean(array([1, 2])).dtype).toBe('float32');
      expect(mean(array([1, 2], { dtype: 'float64' })).dtype).toBe('float64');
    });

    it('is NaN for an empty reduction, as PyTorch', () => {
      expect(mean(zeros([0])).item()).toBeNaN();
      expect(mean(zeros([0, 2]), 0).toArray()).toEqual([NaN, NaN]);
    });

    it('averages non-contiguous views', () => {
      const x = randn([4, 6], { dtype: 'float64' });
      expect(mean(transpose(x, 0, 1), 1).toArray()).toEqual(mean(x, 0).toArray());
      expect(mean(slice(x, 1, { step: 2 }), 1).toArray()).toEqual(mean(slice(x, 1, { step: 2 }).contiguous(), 1).toArray());
      expect(mean(expand(array([2]), [5])).item()).toBe(2);
    });

    it('throws DTypeError for int32 and bool inputs', () => {
      expect(() => mean(array([1, 2], { dtype: 'int32' }))).toThrow(DTypeError);
      expect(() => mean(array([1, 2], { dtype: 'int32' }))).toThrow(/mean: input must be float32 or float64, got int32\nhint: cast first/);
      expect(() => mean(array([true]))).toThrow(/mean: input must be float32 or float64, got bool/);
    });

    it('is available as a method', () => {
      expect(array([[1, 2], [3, 4]]).mean(0).toArray()).toEqual([2, 3]);
    });
  });

  describe('variance', () => {
    it.each(casesOf('var'))('matches PyTorch ($input, dim $dim, keepdim $keepdim, correction $param)', (c) => {
      expect(mismatches(variance(inputOf(c), dimOf(c), { keepdim: c.keepdim, correction: decode(c.param ?? 1) }), c, 1e-11)).toEqual([]);
    });

    it('is exported as var too, and as a method', () => {
      const x = array([1, 2, 3, 4], { dtype: 'float64' });
      expect(nd.var(x).item()).toBeCloseTo(5 / 3, 14);
      expect(x.var(0, { correction: 0 }).item()).toBe(1.25);
    });

    it('reduces several dims together, not one after the other', () => {
      const x = array([[1, 2, 4], [3, 5, 9]], { dtype: 'float64' });
      expect(variance(x, [0, 1]).item()).toBe(8);
      expect(variance(x).item()).toBe(8);
    });

    it('stays exact for values far from 0 (two-pass)', () => {
      expect(variance(array([1e9 + 1, 1e9 + 2, 1e9 + 3], { dtype: 'float64' })).item()).toBe(1);
    });

    it('divides by max(0, N - correction): NaN or Infinity without enough elements, as PyTorch', () => {
      expect(variance(array([1])).item()).toBeNaN();
      expect(variance(zeros([0])).item()).toBeNaN();
      expect(variance(array([1, 2]), 0, { correction: 2 }).item()).toBe(Infinity);
      expect(variance(array([1, 1]), 0, { correction: 3 }).item()).toBeNaN();
      expect(variance(array([1, 2], { dtype: 'float64' }), 0, { correction: -1 }).item()).toBeCloseTo(1 / 6, 15);
    });

    it('propagates NaN and gives NaN for an infinite element', () => {
      expect(variance(array([1, NaN])).item()).toBeNaN();
      expect(variance(array([Infinity, 2])).item()).toBeNaN();
    });

    it('throws DTypeError for int32 input', () => {
      expect(() => variance(array([1, 2], { dtype: 'int32' }))).toThrow(/var: input must be float32 or float64, got int32/);
    });

    it('throws ArgumentError for a correction that is not a finite number', () => {
      expect(() => variance(array([1, 2]), 0, { correction: NaN })).toThrow(ArgumentError);
      expect(() => variance(array([1, 2]), 0, { correction: NaN })).toThrow(/var: correction must be a finite number, got number NaN/);
      expect(() => variance(array([1, 2]), 0, { correction: true as never })).toThrow(/var: correction must be a finite number, got boolean true/);
    });
  });

  describe('std', () => {
    it.each(casesOf('std'))('matches PyTorch ($input, dim $dim, keepdim $keepdim, correction $param)', (c) => {
      expect(mismatches(std(inputOf(c), dimOf(c), { keepdim: c.keepdim, correction: decode(c.param ?? 1) }), c, 1e-11)).toEqual([]);
    });

    it('keeps float32', () => {
      expect(std(array([1, 2, 3])).dtype).toBe('float32');
      expect(std(array([1, 2, 3])).item()).toBe(1);
    });

    it('throws DTypeError for bool input and ArgumentError for a bad correction', () => {
      expect(() => std(array([true]))).toThrow(/std: input must be float32 or float64, got bool/);
      expect(() => std(array([1, 2]), 0, { correction: Infinity })).toThrow(/std: correction must be a finite number, got number Infinity/);
    });

    it('is available as a method', () => {
      expect(array([1, 2, 3, 4], { dtype: 'float64' }).std(0, { correction: 0 }).item()).toBe(Math.sqrt(1.25));
    });
  });

  describe('logsumexp', () => {
    it.each(casesOf('logsumexp'))('matches PyTorch ($input, dim $dim, keepdim $keepdim)', (c) => {
      expect(mismatches(logsumexp(inputOf(c), dimOf(c), { keepdim: c.keepdim }), c)).toEqual([]);
    });

    it('does not overflow for large inputs', () => {
      expect(logsumexp(array([1e4, 1e4], { dtype: 'float64' })).item()).toBe(1e4 + Math.LN2);
      expect(logsumexp(array([1e4, -1e4, 0]), 0).item()).toBe(1e4);
      expect(logsumexp(array([-1e4, -1e4], { dtype: 'float64' })).item()).toBe(-1e4 + Math.LN2);
    });

    it('gives -Infinity for a row of -Infinity (and an empty one) and Infinity for a row holding +Infinity', () => {
      expect(logsumexp(array([[-Infinity, -Infinity], [Infinity, 1], [Infinity, -Infinity], [Infinity, Infinity]]), 1).toArray()).toEqual([-Infinity, Infinity, Infinity, Infinity]);
      expect(logsumexp(zeros([0, 3]), 0).toArray()).toEqual([-Infinity, -Infinity, -Infinity]);
    });

    it('propagates NaN, even next to +Infinity', () => {
      expect(logsumexp(array([NaN, Infinity])).item()).toBeNaN();
      expect(logsumexp(array([1, NaN])).item()).toBeNaN();
    });

    it('gives float32 for int32 and bool inputs and keeps float64', () => {
      expect(logsumexp(array([1, 2], { dtype: 'int32' })).dtype).toBe('float32');
      expect(logsumexp(array([true])).item()).toBeCloseTo(1, 6);
      expect(logsumexp(array([1, 2], { dtype: 'float64' })).dtype).toBe('float64');
    });

    it('reduces non-contiguous views', () => {
      const x = randn([3, 5], { dtype: 'float64' });
      expect(logsumexp(transpose(x, 0, 1), 0).toArray()).toEqual(logsumexp(x, 1).toArray());
    });

    it('is available as a method', () => {
      expect(array([0, 0], { dtype: 'float64' }).logsumexp(0).item()).toBe(Math.LN2);
    });
  });

  describe('norm', () => {
    it.each(casesOf('norm'))('matches PyTorch ($input, p $param, dim $dim, keepdim $keepdim)', (c) => {
      const p: NormOrder = c.param === 'fro' ? 'fro' : decode(c.param ?? 2);
      expect(mismatches(norm(inputOf(c), p, dimOf(c), { keepdim: c.keepdim }), c, 1e-11)).toEqual([]);
    });

    it('computes the common orders', () => {
      const x = array([3, -4, 0], { dtype: 'float64' });
      expect(norm(x).item()).toBe(5);
      expect(norm(x, 'fro').item()).toBe(5);
      expect(norm(x, 1).item()).toBe(7);
      expect(norm(x, Infinity).item()).toBe(4);
      expect(norm(x, -Infinity).item()).toBe(0);
      expect(norm(x, 0).item()).toBe(2);
    });

    it('is 0 for an empty reduction, for every p, as torch.norm', () => {
      for (const p of [2, 1, Infinity, -Infinity, 0, -1, 3]) expect(norm(zeros([0]), p).item()).toBe(0);
    });

    it('propagates NaN for the max and min norms and counts it as nonzero for p = 0', () => {
      expect(norm(array([3, NaN, 1]), Infinity).item()).toBeNaN();
      expect(norm(array([3, NaN, 1]), -Infinity).item()).toBeNaN();
      expect(norm(array([3, NaN]), 0).item()).toBe(2);
    });

    it('does not overflow float32 inputs (squares accumulate in float64; PyTorch gives Infinity here)', () => {
      expect(norm(array([1e30, 1e30])).item() / 1e30).toBeCloseTo(Math.SQRT2, 6);
    });

    it('reduces several dims and non-contiguous views', () => {
      const x = reshape(array([1, 2, 3, 4, 5, 6], { dtype: 'float64' }), [2, 3]);
      expect(norm(transpose(x, 0, 1), 1, 0).toArray()).toEqual([6, 15]);
      expect(norm(x, 2, [0, 1], { keepdim: true }).shape).toEqual([1, 1]);
    });

    it('throws DTypeError for int32 input', () => {
      expect(() => norm(array([3, 4], { dtype: 'int32' }))).toThrow(DTypeError);
      expect(() => norm(array([3, 4], { dtype: 'int32' }))).toThrow(/norm: input must be float32 or float64, got int32/);
    });

    it('throws ArgumentError for an unsupported p', () => {
      expect(() => norm(array([3, 4]), 'nuc' as never)).toThrow(/norm: p must be a number or 'fro', got string "nuc"\nhint: the nuclear norm needs an SVD/);
      expect(() => norm(array([3, 4]), NaN)).toThrow(/norm: p must be a number or 'fro', got number NaN/);
    });

    it('is available as a method', () => {
      expect(array([3, 4]).norm().item()).toBe(5);
    });
  });
});

import { describe, expect, it } from 'vitest';
import {
  ArgumentError, DTypeError, IndexError, array, exp, expand, logSoftmax, manualSeed, randn, reshape,
  slice, softmax, sum, transpose, zeros,
} from '../index.js';
import { forEachBackend } from '../testing/index.js';
import { casesOf, mismatches, inputOf } from './__fixtures__/reduce-cases.js';

manualSeed(0);

/** The largest absolute difference between two equally long arrays (NaN if any differs by NaN). */
function maxDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  return worst;
}

forEachBackend(() => {
  describe.each([
    ['softmax', softmax],
    ['logSoftmax', logSoftmax],
  ] as const)('%s', (name, op) => {
    it.each(casesOf(name))('matches PyTorch (dim $dim)', (c) => {
      expect(mismatches(op(inputOf(c), c.dim as number), c)).toEqual([]);
    });

    it('normalizes along dim 0 (strided lanes) as along the last dim of the transpose', () => {
      const x = randn([7, 5], { dtype: 'float64' });
      expect(maxDifference(op(x, 0).dataSync(), transpose(op(transpose(x, 0, 1).contiguous(), 1), 0, 1).dataSync())).toBeLessThanOrEqual(1e-15);
    });

    it('normalizes non-contiguous views like their contiguous copies', () => {
      const x = randn([4, 6], { dtype: 'float64' });
      const views = [transpose(x, 0, 1), slice(x, 1, { step: 2 }), expand(reshape(x.slice(0, { end: 1 }), [1, 6]), [3, 6])];
      for (const v of views) {
        for (const dim of [0, -1]) expect(op(v, dim).toArray()).toEqual(op(v.contiguous(), dim).toArray());
      }
    });

    it('keeps float32 and float64', () => {
      expect(op(array([1, 2]), 0).dtype).toBe('float32');
      expect(op(array([1, 2], { dtype: 'float64' }), 0).dtype).toBe('float64');
    });

    it('gives NaN for a row of -Infinity, one holding +Infinity or NaN, leaving other rows alone, as PyTorch', () => {
      const out = op(array([[-Infinity, -Infinity], [Infinity, 0], [NaN, 0], [0, 0]]), 1).toArray();
      expect(out).toEqual([[NaN, NaN], [NaN, NaN], [NaN, NaN], name === 'softmax' ? [0.5, 0.5] : [-Math.LN2, -Math.LN2].map(Math.fround)]);
    });

    it('handles empty and 0-d arrays', () => {
      expect(op(zeros([0, 3]), 0).shape).toEqual([0, 3]);
      expect(op(zeros([0, 3]), 1).shape).toEqual([0, 3]);
      expect(op(array(3), 0).item()).toBe(name === 'softmax' ? 1 : 0);
    });

    it('throws DTypeError for int32 and bool inputs', () => {
      expect(() => op(array([1, 2], { dtype: 'int32' }), 0)).toThrow(DTypeError);
      expect(() => op(array([1, 2], { dtype: 'int32' }), 0)).toThrow(new RegExp(`${name}: input must be float32 or float64, got int32\\nhint: cast first`));
      expect(() => op(array([true]), 0)).toThrow(new RegExp(`${name}: input must be float32 or float64, got bool`));
    });

    it('throws ArgumentError without a dim and IndexError for a dim out of range', () => {
      expect(() => op(array([1, 2]), undefined as never)).toThrow(ArgumentError);
      expect(() => op(array([1, 2]), undefined as never)).toThrow(new RegExp(`${name}: dim is required and must be an integer, got undefined\\nhint: ${name}\\(x, -1\\)`));
      expect(() => op(zeros([2, 3]), 2)).toThrow(IndexError);
      expect(() => op(zeros([2, 3]), -3)).toThrow(new RegExp(`${name}: dim -3 out of range for a 2-d array \\(expected -2\\.\\.1\\)`));
    });
  });

  describe('softmax', () => {
    it('stays finite and sums to 1 for logits of ±1e4', () => {
      const out = softmax(array([1e4, -1e4, 0]), 0);
      expect(out.toArray()).toEqual([1, 0, 0]);
      expect(sum(out).item()).toBe(1);
    });

    it('gives rows that sum to 1 along the chosen dim', () => {
      const x = randn([3, 4, 5], { dtype: 'float64' });
      for (const dim of [0, 1, 2]) {
        const totals = sum(softmax(x, dim), dim).dataSync();
        expect(maxDifference(totals, new Float64Array(totals.length).fill(1))).toBeLessThanOrEqual(1e-15);
      }
    });

    it('gives 0 for -Infinity next to finite logits', () => {
      expect(softmax(array([-Infinity, 0]), 0).toArray()).toEqual([0, 1]);
    });

    it('is available as a method', () => {
      expect(array([0, 0]).softmax(-1).toArray()).toEqual([0.5, 0.5]);
    });
  });

  describe('logSoftmax', () => {
    it('keeps exact differences for logits of ±1e4', () => {
      expect(logSoftmax(array([1e4, -1e4, 0]), 0).toArray()).toEqual([0, -20000, -10000]);
      expect(logSoftmax(array([[1e4, -1e4, 0]], { dtype: 'float64' }), 1).toArray()).toEqual([[0, -20000, -10000]]);
    });

    it('is the log of softmax', () => {
      const x = randn([3, 6], { dtype: 'float64' });
      expect(maxDifference(exp(logSoftmax(x, 1)).dataSync(), softmax(x, 1).dataSync())).toBeLessThanOrEqual(1e-15);
    });

    it('gives -Infinity for -Infinity next to finite logits', () => {
      expect(logSoftmax(array([-Infinity, 0]), 0).toArray()).toEqual([-Infinity, 0]);
    });

    it('is available as a method', () => {
      expect(array([0, 0], { dtype: 'float64' }).logSoftmax(0).toArray()).toEqual([-Math.LN2, -Math.LN2]);
    });
  });
});

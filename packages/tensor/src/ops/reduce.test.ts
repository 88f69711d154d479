import { describe, expect, it } from 'vitest';
import {
  all, amax, amin, any, arange, argmax, argmin, array, cumprod, cumsum, expand, full,
  IndexError, ArgumentError, manualSeed, max, min, prod, randn, reshape, select, slice, sum,
  transpose, zeros, type NDArray,
} from '../index.js';
import { forEachBackend } from '../testing/index.js';
import { casesOf, dimOf, mismatches, inputOf } from './__fixtures__/reduce-cases.js';

manualSeed(0);

/** The same values in four layouts: contiguous, transposed back, stepped slice, offset view. */
function layouts(): { name: string; x: NDArray; reference: NDArray }[] {
  const reference = reshape(arange(24, undefined, 1, { dtype: 'float64' }), [2, 3, 4]);
  const wide = reshape(arange(48, undefined, 1, { dtype: 'float64' }), [2, 3, 8]);
  return [
    { name: 'transposed', x: transpose(transpose(reference, 0, 2).contiguous(), 0, 2), reference },
    { name: 'stepped slice', x: slice(wide, 2, { step: 2 }), reference: slice(wide, 2, { step: 2 }).contiguous() },
    { name: 'offset select', x: select(reshape(arange(48, undefined, 1, { dtype: 'float64' }), [2, 2, 3, 4]), 0, 1), reference: reshape(arange(24, 48, 1, { dtype: 'float64' }), [2, 3, 4]) },
    { name: 'expanded (stride 0)', x: expand(reshape(arange(4, undefined, 1, { dtype: 'float64' }), [1, 1, 4]), [2, 3, 4]), reference: expand(reshape(arange(4, undefined, 1, { dtype: 'float64' }), [1, 1, 4]), [2, 3, 4]).contiguous() },
  ];
}

forEachBackend(() => {
  describe('sum', () => {
    it.each(casesOf('sum'))('matches PyTorch ($input, dim $dim, keepdim $keepdim)', (c) => {
      expect(mismatches(sum(inputOf(c), dimOf(c), { keepdim: c.keepdim }), c)).toEqual([]);
    });

    it('reduces all dims to a 0-d array when dim is omitted', () => {
      const total = sum(array([[1, 2], [3, 4]]));
      expect(total.shape).toEqual([]);
      expect(total.item()).toBe(10);
    });

    it('keeps reduced dims as size 1 with keepdim', () => {
      const x = zeros([2, 3, 4]);
      expect(sum(x, 1, { keepdim: true }).shape).toEqual([2, 1, 4]);
      expect(sum(x, [0, 2], { keepdim: true }).shape).toEqual([1, 3, 1]);
      expect(sum(x, undefined, { keepdim: true }).shape).toEqual([1, 1, 1]);
    });

    it('accepts negative dims and several dims in any order', () => {
      const x = randn([2, 3, 4], { dtype: 'float64' });
      const expected = sum(x, [0, 2]).toArray();
      expect(sum(x, [2, 0]).toArray()).toEqual(expected);
      expect(sum(x, [-1, -3]).toArray()).toEqual(expected);
    });

    it.each(layouts())('reduces a non-contiguous $name view like its contiguous copy', ({ x, reference }) => {
      for (const dim of [undefined, 0, 1, -1, [0, 2], [1, 2]]) {
        expect(sum(x, dim).toArray()).toEqual(sum(reference, dim).toArray());
      }
    });

    it('gives int32 for int32 and bool inputs and keeps float dtypes', () => {
      expect(sum(array([1, 2], { dtype: 'int32' })).dtype).toBe('int32');
      expect(sum(array([true, true, false])).dtype).toBe('int32');
      expect(sum(array([true, true, false])).item()).toBe(2);
      expect(sum(array([1, 2], { dtype: 'float64' })).dtype).toBe('float64');
      expect(sum(array([1, 2])).dtype).toBe('float32');
    });

    it('accumulates float32 in float64 and rounds once', () => {
      // A float32 running sum of 1e6 copies of 0.1 drifts to about 100958.
      const total = sum(full([1_000_000], 0.1)).item();
      expect(total).toBe(Math.fround(1e6 * Math.fround(0.1)));
    });

    it('sums an empty reduction to 0, as PyTorch', () => {
      expect(sum(zeros([0, 3]), 0).toArray()).toEqual([0, 0, 0]);
      expect(sum(zeros([0, 3]), 1).shape).toEqual([0]);
      expect(sum(zeros([0])).item()).toBe(0);
    });

    it('reduces nothing for an empty dim list (unlike PyTorch, which reduces all)', () => {
      const x = array([[1, 2], [3, 4]]);
      expect(sum(x, []).toArray()).toEqual([[1, 2], [3, 4]]);
    });

    it('accepts dim 0 and -1 on a 0-d array', () => {
      expect(sum(array(5), 0).shape).toEqual([]);
      expect(sum(array(5), -1, { keepdim: true }).item()).toBe(5);
    });

    it('propagates NaN and Infinity', () => {
      expect(sum(array([1, NaN, 2])).item()).toBeNaN();
      expect(sum(array([Infinity, -Infinity])).item()).toBeNaN();
      expect(sum(array([Infinity, 1])).item()).toBe(Infinity);
    });

    it('throws IndexError for a dim out of range', () => {
      expect(() => sum(zeros([2, 3]), 2)).toThrow(IndexError);
      expect(() => sum(zeros([2, 3]), 2)).toThrow(/sum: dim 2 out of range for a 2-d array \(expected -2\.\.1\)/);
      expect(() => sum(zeros([2, 3]), [0, -3])).toThrow(/sum: dim -3 out of range for a 2-d array/);
    });

    it('throws ArgumentError for a repeated dim', () => {
      expect(() => sum(zeros([2, 3]), [0, -2])).toThrow(ArgumentError);
      expect(() => sum(zeros([2, 3]), [0, -2])).toThrow(/sum: dim 0 appears more than once in \[0, -2\]/);
    });

    it('throws ArgumentError when options are passed where the dim goes', () => {
      expect(() => sum(zeros([2]), { keepdim: true } as never)).toThrow(
        /sum: dim must be an integer or an array of integers, got an object \(Object\)\nhint: .*sum\(x, undefined, \{ keepdim: true \}\)/,
      );
    });

    it('is available as a method', () => {
      expect(array([[1, 2], [3, 4]]).sum(1).toArray()).toEqual([3, 7]);
    });
  });

  describe('prod', () => {
    it.each(casesOf('prod'))('matches PyTorch ($input, dim $dim, keepdim $keepdim)', (c) => {
      expect(mismatches(prod(inputOf(c), dimOf(c), { keepdim: c.keepdim }), c)).toEqual([]);
    });

    it('gives 1 for an empty reduction and int32 for bool', () => {
      expect(prod(zeros([0, 2]), 0).toArray()).toEqual([1, 1]);
      expect(prod(array([true, true])).dtype).toBe('int32');
    });

    it('gives NaN for 0 * Infinity, as PyTorch', () => {
      expect(prod(array([0, Infinity])).item()).toBeNaN();
    });
  });

  describe('amax', () => {
    it.each(casesOf('amax'))('matches PyTorch ($input, dim $dim, keepdim $keepdim)', (c) => {
      expect(mismatches(amax(inputOf(c), dimOf(c), { keepdim: c.keepdim }), c)).toEqual([]);
    });

    it('propagates NaN', () => {
      expect(amax(array([[1, NaN], [3, 2]]), 1).toArray()).toEqual([NaN, 3]);
    });

    it('reduces a non-empty dim of an empty array to an empty result', () => {
      expect(amax(zeros([0, 3]), 1).shape).toEqual([0]);
    });

    it('throws IndexError for an empty reduction dim', () => {
      expect(() => amax(zeros([0, 3]), 0)).toThrow(IndexError);
      expect(() => amax(zeros([0, 3]), 0)).toThrow(/amax: expected reduction dim 0 to have non-zero size \(shape \[0, 3\]\)/);
      expect(() => amax(zeros([2, 0, 3]), [0, 1])).toThrow(/amax: expected reduction dim 1 to have non-zero size \(shape \[2, 0, 3\]\)/);
    });

    it('throws IndexError for an empty array reduced over all dims', () => {
      expect(() => amax(zeros([0]))).toThrow(/amax: cannot reduce an empty array \(shape \[0\]\) over all dims: amax has no identity/);
    });
  });

  describe('amin', () => {
    it.each(casesOf('amin'))('matches PyTorch ($input, dim $dim, keepdim $keepdim)', (c) => {
      expect(mismatches(amin(inputOf(c), dimOf(c), { keepdim: c.keepdim }), c)).toEqual([]);
    });

    it('throws IndexError for an empty reduction dim', () => {
      expect(() => amin(zeros([3, 0]), -1)).toThrow(/amin: expected reduction dim 1 to have non-zero size \(shape \[3, 0\]\)/);
    });
  });

  describe.each([
    ['max', max],
    ['min', min],
  ] as const)('%s', (name, op) => {
    it.each(casesOf(name))('matches PyTorch ($input, dim $dim, keepdim $keepdim, $param)', (c) => {
      const x = inputOf(c);
      const out = c.dim === null ? op(x) : op(x, c.dim as number, { keepdim: c.keepdim })[c.param as 'values' | 'indices'];
      expect(mismatches(out, c)).toEqual([]);
    });

    it('returns a 0-d value without a dim and values with int32 indices with one', () => {
      const x = array([[1, 5], [7, 2]]);
      expect(op(x).shape).toEqual([]);
      const { values, indices } = op(x, 1, { keepdim: true });
      expect(values.shape).toEqual([2, 1]);
      expect(indices.dtype).toBe('int32');
      expect(values.dtype).toBe('float32');
    });

    it('reports NaN as the result and its first index', () => {
      const { values, indices } = op(array([[1, NaN, NaN], [3, 2, 1]]), 1);
      expect(values.toArray()).toEqual([NaN, name === 'max' ? 3 : 1]);
      expect(indices.toArray()).toEqual([1, name === 'max' ? 0 : 2]);
      expect(op(array([1, NaN])).item()).toBeNaN();
    });

    it('keeps float64 and bool dtypes', () => {
      expect(op(array([1, 2], { dtype: 'float64' })).dtype).toBe('float64');
      expect(op(array([true, false]), 0).values.dtype).toBe('bool');
    });

    it.each(layouts())('reduces a non-contiguous $name view like its contiguous copy', ({ x, reference }) => {
      expect(op(x, 1).indices.toArray()).toEqual(op(reference, 1).indices.toArray());
      expect(op(x).item()).toBe(op(reference).item());
    });

    it('throws IndexError for an empty reduction dim or an empty array', () => {
      expect(() => op(zeros([0, 3]), 0)).toThrow(IndexError);
      expect(() => op(zeros([0, 3]), 0)).toThrow(new RegExp(`${name}: expected reduction dim 0 to have non-zero size \\(shape \\[0, 3\\]\\)`));
      expect(() => op(zeros([0]))).toThrow(new RegExp(`${name}: cannot reduce an empty array \\(shape \\[0\\]\\) over all dims`));
      expect(op(zeros([0, 3]), 1).values.shape).toEqual([0]);
    });

    it('throws ArgumentError for several dims, pointing to amax/amin', () => {
      expect(() => op(zeros([2, 3]), [0, 1] as never)).toThrow(ArgumentError);
      expect(() => op(zeros([2, 3]), [0, 1] as never)).toThrow(new RegExp(`${name}: dim must be a single integer, got \\[0, 1\\]\\nhint: a${name}\\(x, dims\\)`));
    });

    it('is available as a method with both forms', () => {
      const x = array([[1, 5], [7, 2]]);
      expect(x[name]().item()).toBe(name === 'max' ? 7 : 1);
      expect(x[name](0).indices.toArray()).toEqual(name === 'max' ? [1, 0] : [0, 1]);
    });
  });

  describe.each([
    ['argmax', argmax],
    ['argmin', argmin],
  ] as const)('%s', (name, op) => {
    it.each(casesOf(name))('matches PyTorch ($input, dim $dim, keepdim $keepdim)', (c) => {
      expect(mismatches(op(inputOf(c), c.dim === null ? undefined : (c.dim as number), { keepdim: c.keepdim }), c)).toEqual([]);
    });

    it('indexes the flattened array when dim is omitted (keepdim gives all size-1 dims)', () => {
      const x = array([[1, 5], [7, 2]]);
      expect(op(x).item()).toBe(name === 'argmax' ? 2 : 0);
      expect(op(x, undefined, { keepdim: true }).shape).toEqual([1, 1]);
      expect(op(transpose(x, 0, 1)).item()).toBe(name === 'argmax' ? 1 : 0);
    });

    it('reports the first NaN', () => {
      expect(op(array([1, NaN, NaN, 3])).item()).toBe(1);
    });

    it('throws IndexError for an empty array or an empty reduction dim', () => {
      expect(() => op(zeros([0]))).toThrow(new RegExp(`${name}: cannot reduce an empty array \\(shape \\[0\\]\\) over all dims`));
      expect(() => op(zeros([0, 3]), 0)).toThrow(new RegExp(`${name}: expected reduction dim 0 to have non-zero size`));
    });

    it('throws ArgumentError for a list of dims', () => {
      expect(() => op(zeros([2, 3]), [0] as never)).toThrow(new RegExp(`${name}: dim must be a single integer or omitted, got an Array`));
    });
  });

  describe('all', () => {
    it.each(casesOf('all'))('matches PyTorch ($input, dim $dim, keepdim $keepdim)', (c) => {
      expect(mismatches(all(inputOf(c), dimOf(c), { keepdim: c.keepdim }), c)).toEqual([]);
    });

    it('is true for an empty reduction and counts NaN as true', () => {
      expect(all(zeros([0])).item()).toBe(1);
      expect(all(array([NaN, 1])).item()).toBe(1);
      expect(all(array([NaN, 1])).dtype).toBe('bool');
    });
  });

  describe('any', () => {
    it.each(casesOf('any'))('matches PyTorch ($input, dim $dim, keepdim $keepdim)', (c) => {
      expect(mismatches(any(inputOf(c), dimOf(c), { keepdim: c.keepdim }), c)).toEqual([]);
    });

    it('is false for an empty reduction', () => {
      expect(any(zeros([0])).item()).toBe(0);
      expect(any(zeros([0, 2]), 0).toArray()).toEqual([0, 0]);
    });
  });

  describe.each([
    ['cumsum', cumsum],
    ['cumprod', cumprod],
  ] as const)('%s', (name, op) => {
    it.each(casesOf(name))('matches PyTorch ($input, dim $dim)', (c) => {
      expect(mismatches(op(inputOf(c), c.dim as number), c)).toEqual([]);
    });

    it('keeps the shape, including empty and 0-d arrays', () => {
      expect(op(zeros([0, 3]), 0).shape).toEqual([0, 3]);
      expect(op(array(5), 0).item()).toBe(5);
    });

    it('gives int32 for bool input', () => {
      expect(op(array([true, true]), 0).dtype).toBe('int32');
    });

    it('propagates NaN to every later element', () => {
      expect(op(array([1, NaN, 2]), 0).toArray()).toEqual([1, NaN, NaN]);
    });

    it.each(layouts())('scans a non-contiguous $name view like its contiguous copy', ({ x, reference }) => {
      for (const dim of [0, 1, 2]) expect(op(x, dim).toArray()).toEqual(op(reference, dim).toArray());
    });

    it('throws for a missing or out-of-range dim', () => {
      expect(() => op(zeros([2]), undefined as never)).toThrow(ArgumentError);
      expect(() => op(zeros([2]), undefined as never)).toThrow(new RegExp(`${name}: dim is required and must be an integer, got undefined`));
      expect(() => op(zeros([2]), 1)).toThrow(new RegExp(`${name}: dim 1 out of range for a 1-d array`));
    });
  });

  describe('cumsum', () => {
    it('accumulates float32 in float64', () => {
      const running = cumsum(full([1_000_000], 0.1), 0);
      expect(running.dataSync()[999_999]).toBe(Math.fround(1e6 * Math.fround(0.1)));
    });

    it('is available as a method', () => {
      expect(array([1, 2, 3]).cumsum(0).toArray()).toEqual([1, 3, 6]);
    });
  });
});

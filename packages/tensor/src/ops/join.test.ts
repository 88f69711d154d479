import { describe, expect, it } from 'vitest';
import { arange, array, ArgumentError, IndexError, ones, ShapeError, transpose, zeros, type NDArray } from '../index.js';
import { fixture } from './__fixtures__/read-fixture.js';
import { cat, chunk, split, stack } from './join.js';

const float = (shape: number[]): NDArray => arange(shape.reduce((a, b) => a * b, 1)).reshape(shape).astype('float32');
const lengths = (pieces: NDArray[], dim = 0): number[] => pieces.map((p) => p.shape[dim]);

describe('cat', () => {
  it('matches PyTorch, promoting int32 and float32 to float32', () => {
    const out = cat([float([2, 3]), arange(4).reshape([2, 2])], 1);
    expect([out.dtype, out.toArray()]).toEqual(['float32', fixture('cat_dim1').out]);
  });

  it('joins along dim 0 by default and along negative dims', () => {
    expect(cat([array([[1, 2]]), array([[3, 4], [5, 6]])]).toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(cat([array([[1], [2]]), array([[3], [4]])], -1).toArray()).toEqual([[1, 3], [2, 4]]);
  });

  it('joins the middle dim of 3-d arrays', () => {
    const out = cat([zeros([2, 1, 2]), ones([2, 2, 2])], 1);
    expect(out.toArray()).toEqual([[[0, 0], [1, 1], [1, 1]], [[0, 0], [1, 1], [1, 1]]]);
  });

  it('reads non-contiguous inputs and returns a contiguous array', () => {
    const t = transpose(float([3, 2]), 0, 1); // [[0, 2, 4], [1, 3, 5]]
    const out = cat([t, t], 1);
    expect(out.isContiguous()).toBe(true);
    expect(out.toArray()).toEqual([[0, 2, 4, 0, 2, 4], [1, 3, 5, 1, 3, 5]]);
  });

  it('promotes bool with int32 and int32 with float64', () => {
    const a = cat([array([1, 2], { dtype: 'int32' }), array([true])]);
    expect([a.dtype, a.toArray()]).toEqual(['int32', [1, 2, 1]]);
    expect(cat([array([1], { dtype: 'int32' }), array([0.5], { dtype: 'float64' })]).dtype).toBe('float64');
    expect(cat([array([true]), array([false])]).dtype).toBe('bool');
  });

  it('skips 1-d empty arrays, as PyTorch', () => {
    expect(cat([zeros([0]), float([2, 2])], 1).toArray()).toEqual([[0, 1], [2, 3]]);
    expect(cat([zeros([0]), zeros([0], { dtype: 'int32' })]).shape).toEqual([0]);
  });

  it('joins arrays that are empty along dim', () => {
    expect(cat([zeros([2, 0]), ones([2, 1])], 1).toArray()).toEqual([[1], [1]]);
  });

  it('returns a copy for a single array', () => {
    const x = float([2]);
    const out = cat([x]);
    expect(out.data).not.toBe(x.data);
    expect(out.toArray()).toEqual([0, 1]);
  });

  it('throws ShapeError naming the sizes, the dim and the position in the list', () => {
    expect(() => cat([zeros([2, 2]), zeros([3, 3])], 1)).toThrow(
      /^cat: sizes of arrays must match except in dim 1 \(expected size 2 but got size 3 at dim 0 for array number 1 in the list: \[2, 2\] vs \[3, 3\]\)$/,
    );
  });

  it('throws ShapeError for a different number of dims or a 0-d array', () => {
    expect(() => cat([zeros([2, 2]), zeros([2, 2, 2])], 1)).toThrow(/^cat: arrays must have the same number of dims \(got 2 and 3 for array number 1 in the list\)$/);
    expect(() => cat([zeros([1]), zeros([])])).toThrow(/^cat: a 0-d array \(at position 1\) cannot be concatenated\nhint: use stack/);
  });

  it('throws ArgumentError for an empty list or a non-array', () => {
    expect(() => cat([])).toThrow(ArgumentError);
    expect(() => cat([])).toThrow(/^cat: expected a non-empty list of arrays, got an empty list$/);
    expect(() => cat([zeros([1]), [1] as unknown as NDArray])).toThrow(/^cat: expected an NDArray at position 1, got an Array$/);
  });

  it('throws IndexError for a dim out of range', () => {
    expect(() => cat([zeros([2])], 1)).toThrow(IndexError);
    expect(() => cat([zeros([2])], 1)).toThrow(/cat: dim 1 out of range for a 1-d array/);
  });
});

describe('stack', () => {
  it.each([[1, 'stack_dim1'], [-1, 'stack_dim_last']] as const)('matches PyTorch along dim %i', (dim, name) => {
    const a = float([2, 3]);
    expect(stack([a, a.add(10)], dim).toArray()).toEqual(fixture(name).out);
  });

  it('adds a leading dim by default and turns 0-d arrays into a 1-d array', () => {
    expect(stack([array([1, 2]), array([3, 4])]).toArray()).toEqual([[1, 2], [3, 4]]);
    expect(stack([array(1), array(2)]).toArray()).toEqual([1, 2]);
  });

  it('reads non-contiguous inputs and promotes dtypes', () => {
    const t = transpose(float([2, 2]), 0, 1);
    const out = stack([t, zeros([2, 2], { dtype: 'float64' })]);
    expect([out.dtype, out.toArray()]).toEqual(['float64', [[[0, 2], [1, 3]], [[0, 0], [0, 0]]]]);
  });

  it('throws ShapeError for unequal shapes', () => {
    expect(() => stack([zeros([2, 3]), zeros([2, 3]), zeros([2, 4])])).toThrow(
      /^stack: expects each array to be equal size, but got \[2, 3\] at entry 0 and \[2, 4\] at entry 2$/,
    );
  });

  it('throws for an empty list and a dim out of range', () => {
    expect(() => stack([])).toThrow(/^stack: expected a non-empty list of arrays, got an empty list$/);
    expect(() => stack([zeros([2])], 2)).toThrow(/stack: dim 2 out of range for a 2-d array \(expected -2..1\)/);
  });
});

describe('split', () => {
  it('splits into pieces of a given size, the last one smaller', () => {
    const pieces = split(float([5]), 2);
    expect(pieces.map((p) => p.toArray())).toEqual([[0, 1], [2, 3], [4]]);
  });

  it('returns views sharing the input storage', () => {
    const x = float([2, 4]);
    const [, right] = split(x, 2, 1);
    expect(right.data).toBe(x.data);
    right.fill_(-1);
    expect(x.toArray()).toEqual([[0, 1, -1, -1], [4, 5, -1, -1]]);
  });

  it('splits into listed sizes, zeros allowed', () => {
    expect(lengths(split(float([5, 2]), [1, 0, 4]))).toEqual([1, 0, 4]);
    expect(split(float([2, 3]), [2, 1], -1).map((p) => p.toArray())).toEqual([[[0, 1], [3, 4]], [[2], [5]]]);
  });

  it('splits non-contiguous inputs', () => {
    const t = transpose(float([2, 3]), 0, 1); // [[0, 3], [1, 4], [2, 5]]
    expect(split(t, 2).map((p) => p.toArray())).toEqual([[[0, 3], [1, 4]], [[2, 5]]]);
  });

  it('gives one piece for a size at least the dim size, or an empty dim', () => {
    expect(lengths(split(float([3]), 10))).toEqual([3]);
    expect(lengths(split(zeros([0]), 0))).toEqual([0]);
    expect(lengths(split(zeros([0]), 2))).toEqual([0]);
  });

  it('throws for a zero, negative or fractional split size', () => {
    expect(() => split(float([5]), 0)).toThrow(/^split: split size can only be 0 if dim 0 has size 0, but its size is 5$/);
    expect(() => split(float([5]), -1)).toThrow(/^split: split size must be a non-negative integer, got -1$/);
    expect(() => split(float([5]), 1.5)).toThrow(/split: split size must be a non-negative integer, got 1.5/);
  });

  it('throws for sizes that do not sum to the dim size or are negative', () => {
    expect(() => split(float([5]), [2, 2])).toThrow(/^split: sizes \[2, 2\] must sum exactly to 5 \(the size of dim 0 of \[5\]\), got 4$/);
    expect(() => split(float([5]), [2, -1, 4])).toThrow(/^split: sizes must be non-negative integers, got \[2, -1, 4\]$/);
  });

  it('throws for a 0-d input', () => {
    expect(() => split(array(1), 1)).toThrow(ShapeError);
    expect(() => split(array(1), 1)).toThrow(/^split: expects at least a 1-d array, got a 0-d array$/);
  });
});

describe('chunk', () => {
  it('sizes chunks as ceil(size / chunks), as PyTorch', () => {
    expect(lengths(chunk(float([5]), 4))).toEqual([2, 2, 1]);
    expect(lengths(chunk(float([6]), 4))).toEqual([2, 2, 2]);
    expect(lengths(chunk(float([6]), 3))).toEqual([2, 2, 2]);
    expect(lengths(chunk(float([2]), 5))).toEqual([1, 1]);
  });

  it('chunks along other dims and returns views', () => {
    const x = float([2, 5]);
    const pieces = chunk(x, 2, -1);
    expect(lengths(pieces, 1)).toEqual([3, 2]);
    expect(pieces[1].data).toBe(x.data);
    expect(pieces[1].toArray()).toEqual([[3, 4], [8, 9]]);
  });

  it('gives `chunks` empty pieces for an empty dim, as PyTorch', () => {
    expect(lengths(chunk(zeros([0]), 3))).toEqual([0, 0, 0]);
  });

  it('throws for a non-positive chunk count or a 0-d input', () => {
    expect(() => chunk(float([5]), 0)).toThrow(/^chunk: chunks must be a positive integer, got 0$/);
    expect(() => chunk(array(1), 2)).toThrow(/^chunk: expects at least a 1-d array, got a 0-d array$/);
  });
});

import { describe, expect, it } from 'vitest';
import {
  add_,
  arange,
  array,
  clamp_,
  copy_,
  div_,
  expand,
  fill_,
  maximum_,
  minimum_,
  mul_,
  narrow,
  neg_,
  pow_,
  relu_,
  reshape,
  slice,
  sqrt_,
  sub_,
  transpose,
  zeros,
  DTypeError,
  ShapeError,
  type NDArray,
} from '../index.js';
import { expectClose, forEachBackend } from '../testing/index.js';

const grid = (): NDArray => reshape(arange(0, 6, 1, { dtype: 'float32' }), [2, 3]);

forEachBackend(() => {
  describe('add_', () => {
    it('updates the array itself and returns it', () => {
      const x = grid();
      const data = x.data;
      expect(add_(x, 1)).toBe(x);
      expect(x.data).toBe(data);
      expect(x.toArray()).toEqual([
        [1, 2, 3],
        [4, 5, 6],
      ]);
    });

    it('broadcasts the other operand over the target', () => {
      const x = grid();
      add_(x, array([10, 20, 30]));
      expect(x.toArray()).toEqual([
        [10, 21, 32],
        [13, 24, 35],
      ]);
    });

    it('writes through a transposed view into the base storage', () => {
      const x = grid();
      add_(
        transpose(x, 0, 1),
        array([
          [100, 200],
          [300, 400],
          [500, 600],
        ]),
      );
      expect(x.toArray()).toEqual([
        [100, 301, 502],
        [203, 404, 605],
      ]);
    });

    it('writes only the elements of a stepped slice', () => {
      const x = arange(0, 6, 1, { dtype: 'float32' });
      add_(slice(x, 0, { start: 1, step: 2 }), 10);
      expect(x.toArray()).toEqual([0, 11, 2, 13, 4, 15]);
    });

    it('writes only the elements of a narrowed view with an offset', () => {
      const x = grid();
      add_(
        narrow(x, 1, 1, 2),
        array([
          [1, 2],
          [3, 4],
        ]),
      );
      expect(x.toArray()).toEqual([
        [0, 2, 4],
        [3, 7, 9],
      ]);
    });

    it('reads the old values when the other operand shares storage with the target', () => {
      const x = array([1, 2, 3]);
      add_(x, x);
      expect(x.toArray()).toEqual([2, 4, 6]);
    });

    it('accepts a float64 operand into a float32 target, as torch', () => {
      const x = array([1.5]);
      add_(x, array([1], { dtype: 'float64' }));
      expect(x.dtype).toBe('float32');
      expect(x.toArray()).toEqual([2.5]);
    });

    it('throws ShapeError when the result would need a larger shape', () => {
      expect(() => add_(zeros([3]), zeros([2, 3]))).toThrow(ShapeError);
      expect(() => add_(zeros([3]), zeros([2, 3]))).toThrow(
        /^add_: output with shape \[3\] doesn't match the broadcast shape \[2, 3\]$/,
      );
    });

    it('throws DTypeError when the result cannot be cast to the target dtype', () => {
      const x = array([1, 2], { dtype: 'int32' });
      expect(() => add_(x, 0.5)).toThrow(DTypeError);
      expect(() => add_(x, 0.5)).toThrow(
        /^add_: result type float32 can't be cast to the desired output type int32$/,
      );
      expect(() => add_(array([true]), 1)).toThrow(
        /add_: result type int32 can't be cast to the desired output type bool/,
      );
      expect(x.toArray()).toEqual([1, 2]);
    });

    it('throws for an expanded target whose elements share memory, with a hint', () => {
      const x = expand(zeros([1]), [3]);
      expect(() => add_(x, array([1, 2, 3]))).toThrow(
        /^add_: more than one element of the written-to array refers to a single memory location \(stride 0 at dim 0 of shape \[3\]\)\nhint: clone\(\) the array first$/,
      );
    });
  });

  describe('binary in-place ops', () => {
    it.each([
      [
        'sub_',
        sub_,
        1,
        [
          [-1, 0, 1],
          [2, 3, 4],
        ],
      ],
      [
        'mul_',
        mul_,
        2,
        [
          [0, 2, 4],
          [6, 8, 10],
        ],
      ],
      [
        'div_',
        div_,
        2,
        [
          [0, 0.5, 1],
          [1.5, 2, 2.5],
        ],
      ],
      [
        'pow_',
        pow_,
        2,
        [
          [0, 1, 4],
          [9, 16, 25],
        ],
      ],
      [
        'maximum_',
        maximum_,
        2,
        [
          [2, 2, 2],
          [3, 4, 5],
        ],
      ],
      [
        'minimum_',
        minimum_,
        2,
        [
          [0, 1, 2],
          [2, 2, 2],
        ],
      ],
    ] as const)('%s updates the target with grid op %d', (_name, op, other, expected) => {
      const x = grid();
      expect(op(x, other)).toBe(x);
      expectClose(x, expected);
    });

    it('div_ refuses an int32 target (true division gives float)', () => {
      expect(() => div_(array([4], { dtype: 'int32' }), 2)).toThrow(
        /^div_: result type float32 can't be cast to the desired output type int32$/,
      );
    });

    it('mul_ works on a non-contiguous view', () => {
      const x = grid();
      mul_(transpose(x, 0, 1), array([[1], [10], [100]]));
      expect(x.toArray()).toEqual([
        [0, 10, 200],
        [3, 40, 500],
      ]);
    });
  });

  describe('unary in-place ops', () => {
    it('neg_, sqrt_ and relu_ overwrite the target', () => {
      const x = array([-4, 9]);
      neg_(x);
      expect(x.toArray()).toEqual([4, -9]);
      relu_(x);
      expect(x.toArray()).toEqual([4, 0]);
      sqrt_(x);
      expect(x.toArray()).toEqual([2, 0]);
    });

    it('clamp_ limits values in place, through a view', () => {
      const x = grid();
      clamp_(transpose(x, 0, 1), { min: 1, max: 4 });
      expect(x.toArray()).toEqual([
        [1, 1, 2],
        [3, 4, 4],
      ]);
    });

    it('sqrt_ refuses an int32 target', () => {
      expect(() => sqrt_(array([4], { dtype: 'int32' }))).toThrow(
        /^sqrt_: result type float32 can't be cast to the desired output type int32$/,
      );
    });
  });

  describe('copy_', () => {
    it('copies with broadcasting and casts to the target dtype', () => {
      const x = zeros([2, 2], { dtype: 'int32' });
      copy_(x, array([1.7, -1.7]));
      expect(x.toArray()).toEqual([
        [1, -1],
        [1, -1],
      ]);
    });

    it('copies a transposed view of itself correctly (the source is read first)', () => {
      const x = array([
        [1, 2],
        [3, 4],
      ]);
      copy_(transpose(x, 0, 1), x);
      expect(x.toArray()).toEqual([
        [1, 3],
        [2, 4],
      ]);
    });

    it('throws ShapeError for a source that does not broadcast to the target', () => {
      expect(() => copy_(zeros([2, 2]), zeros([3]))).toThrow(ShapeError);
      expect(() => copy_(zeros([2, 2]), zeros([3]))).toThrow(
        /^copy_: shapes \[2, 2\] and \[3\] are not broadcastable \(2 vs 3 at dim -1\)$/,
      );
      expect(() => copy_(zeros([2]), zeros([3, 2]))).toThrow(
        /^copy_: a source of shape \[3, 2\] doesn't broadcast to the target shape \[2\]$/,
      );
    });
  });

  describe('fill_', () => {
    it('fills every element of a view, leaving the rest', () => {
      const x = grid();
      fill_(narrow(x, 0, 1, 1), 7);
      expect(x.toArray()).toEqual([
        [0, 1, 2],
        [7, 7, 7],
      ]);
    });

    it('casts the value to the target dtype (truncation, nonzero is true)', () => {
      expect(fill_(zeros([2], { dtype: 'int32' }), 2.9).toArray()).toEqual([2, 2]);
      expect(fill_(zeros([2], { dtype: 'bool' }), 5).toArray()).toEqual([1, 1]);
      expect(fill_(zeros([1]), Number.NaN).toArray()).toEqual([NaN]);
    });

    it('fills a 0-d array', () => {
      const x = zeros([]);
      fill_(x, 3);
      expect(x.item()).toBe(3);
    });
  });
});

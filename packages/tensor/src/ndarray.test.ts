import { describe, expect, it } from 'vitest';
import {
  arange,
  memory,
  tidy,
  variance,
  array,
  expand,
  NDArray,
  reshape,
  select,
  slice,
  transpose,
  unsqueeze,
  zeros,
} from './index.js';

const grid = (): NDArray => reshape(arange(0, 6, 1, { dtype: 'float32' }), [2, 3]);

describe('NDArray', () => {
  it('exposes shape, strides, offset, size, ndim and dtype', () => {
    const x = grid();
    expect(x.shape).toEqual([2, 3]);
    expect(x.strides).toEqual([3, 1]);
    expect(x.offset).toBe(0);
    expect(x.size).toBe(6);
    expect(x.ndim).toBe(2);
    expect(x.dtype).toBe('float32');
  });

  it('freezes shape and strides', () => {
    const x = grid();
    expect(Object.isFrozen(x.shape)).toBe(true);
    expect(Object.isFrozen(x.strides)).toBe(true);
  });

  it('copies a caller\'s mutable shape but shares a frozen one, with strides to match each', () => {
    const shape = [2, 3];
    const x = new NDArray(new Float32Array(6), 'float32', shape);
    shape[0] = 3;
    expect(x.shape).toEqual([2, 3]);
    const frozen = Object.freeze([3, 2]);
    const [y, z] = [new NDArray(new Float32Array(6), 'float32', frozen), new NDArray(new Float32Array(6), 'float32', frozen)];
    expect(y.shape).toBe(frozen);
    expect([y.strides, z.strides]).toEqual([[2, 1], [2, 1]]);
    expect(new NDArray(new Float32Array(6), 'float32', Object.freeze([6])).strides).toEqual([1]);
  });

  it('describes a 0-d array with size 1 and ndim 0', () => {
    const s = array(3);
    expect([s.shape, s.strides, s.size, s.ndim]).toEqual([[], [], 1, 0]);
  });
});

describe('NDArray.isNDArray', () => {
  it('is true for arrays and views, false for other values', () => {
    expect(NDArray.isNDArray(zeros([2]))).toBe(true);
    expect(NDArray.isNDArray(transpose(grid(), 0, 1))).toBe(true);
    for (const value of [null, undefined, 3, [1, 2], new Float32Array(2), { shape: [2] }])
      expect(NDArray.isNDArray(value)).toBe(false);
  });

  it('recognises an array from a duplicate install by its Symbol.for marker', () => {
    expect(NDArray.isNDArray({ [Symbol.for('dl.NDArray')]: true })).toBe(true);
  });
});

describe('NDArray.isContiguous', () => {
  it('is true for fresh arrays and false for transposed, stepped or expanded views', () => {
    const x = grid();
    expect(x.isContiguous()).toBe(true);
    expect(transpose(x, 0, 1).isContiguous()).toBe(false);
    expect(slice(x, 1, { step: 2 }).isContiguous()).toBe(false);
    expect(expand(unsqueeze(x, 0), [2, 2, 3]).isContiguous()).toBe(false);
  });

  it('ignores the strides of size-1 dims and allows an offset', () => {
    const x = grid();
    expect(transpose(unsqueeze(x, 0), 0, 1).isContiguous()).toBe(true);
    expect(new NDArray(x.data, 'float32', [1, 3], [99, 1], 3).isContiguous()).toBe(true);
    expect(select(x, 0, 1).isContiguous()).toBe(true);
  });
});

describe('NDArray.item', () => {
  it('returns the value of any one-element array, views included', () => {
    expect(array([[7]]).item()).toBe(7);
    expect(select(grid(), 1, 2).shape).toEqual([2]);
    expect(select(select(grid(), 1, 2), 0, 1).item()).toBe(5);
    expect(array([true]).item()).toBe(1);
  });

  it('throws ArgumentError naming the shape for other sizes', () => {
    expect(() => grid().item()).toThrow(
      /^item: only one-element arrays can be converted to a number, got shape \[2, 3\] \(6 elements\)$/,
    );
    expect(() => zeros([0]).item()).toThrow(/got shape \[0\] \(0 elements\)/);
  });
});

describe('NDArray.dataSync', () => {
  it('shares memory with a contiguous array (offset respected)', () => {
    const x = grid();
    const row = select(x, 0, 1).dataSync();
    expect([...row]).toEqual([3, 4, 5]);
    expect(row.buffer).toBe(x.data.buffer);
  });

  it('copies a non-contiguous view in row-major order', () => {
    const t = transpose(grid(), 0, 1).dataSync();
    expect(t).toBeInstanceOf(Float32Array);
    expect([...t]).toEqual([0, 3, 1, 4, 2, 5]);
    expect([...expand(array([1, 2]), [2, 2]).dataSync()]).toEqual([1, 2, 1, 2]);
  });

  it("leaves memory()'s storages as they were: the copy of a view is the caller's, not managed storage", () => {
    const x = reshape(arange(0, 4096, 1, { dtype: 'float32' }), [16, 8, 32]);
    const before = memory().storages;
    tidy(() => {
      transpose(x, 0, 2).dataSync();
      variance(x, [0, 2]); // reduces non-adjacent dims through a permuted copy
    });
    expect(memory().storages).toBe(before);
  });
});

describe('NDArray.toArray', () => {
  it('returns nested arrays, a number for 0-d arrays', () => {
    expect(grid().toArray()).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    expect(array(2.5).toArray()).toBe(2.5);
    expect(transpose(grid(), 0, 1).toArray()).toEqual([
      [0, 3],
      [1, 4],
      [2, 5],
    ]);
  });

  it('keeps empty dims', () => {
    expect(zeros([2, 0]).toArray()).toEqual([[], []]);
    expect(zeros([0, 2]).toArray()).toEqual([]);
  });

  it('gives bools as 0 and 1', () => {
    expect(array([true, false]).toArray()).toEqual([1, 0]);
  });
});

describe('NDArray methods', () => {
  it('chain like the functional ops', () => {
    const x = array([-1, 2]);
    expect(x.add(1).relu().toArray()).toEqual([0, 3]);
    expect(grid().transpose(0, 1).reshape([6]).toArray()).toEqual([0, 3, 1, 4, 2, 5]);
  });
});


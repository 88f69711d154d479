import { describe, expect, it } from 'vitest';
import { arange, expand, reshape, slice, transpose } from '../index.js';
import {
  broadcastStrides,
  gatherInto,
  isContiguousView,
  rowStarts,
  scatterFrom,
} from './strided.js';

const grid = reshape(arange(0, 6, 1, { dtype: 'float32' }), [2, 3]);

describe('isContiguousView', () => {
  it('accepts row-major strides and ignores size-1 dims', () => {
    expect(isContiguousView([2, 3], [3, 1])).toBe(true);
    expect(isContiguousView([2, 1, 3], [3, 99, 1])).toBe(true);
    expect(isContiguousView([], [])).toBe(true);
    expect(isContiguousView([3, 2], [1, 3])).toBe(false);
    expect(isContiguousView([2, 3], [0, 1])).toBe(false);
  });
});

describe('rowStarts', () => {
  it('gives the storage offset of each innermost row', () => {
    expect([...rowStarts([2, 3], [1, 2], 0)]).toEqual([0, 1]);
    expect([...rowStarts([2, 2, 2], [8, 1, 4], 5)]).toEqual([5, 6, 13, 14]);
    expect([...rowStarts([4], [2], 3)]).toEqual([3]);
    expect([...rowStarts([0, 3], [3, 1], 0)]).toEqual([]);
  });
});

describe('gatherInto and scatterFrom', () => {
  it('copy a strided view out in row-major order and back', () => {
    const view = transpose(grid, 0, 1);
    const out = new Float32Array(6);
    gatherInto(view, out);
    expect([...out]).toEqual([0, 3, 1, 4, 2, 5]);
    const target = reshape(arange(0, 6, 1, { dtype: 'float32' }), [2, 3]);
    scatterFrom(
      transpose(target, 0, 1),
      out.map((v) => v * 10),
    );
    expect([...target.data]).toEqual([0, 10, 20, 30, 40, 50]);
  });

  it('handle an offset, a step and a stride-0 dim', () => {
    const stepped = slice(arange(0, 10, 1, { dtype: 'float32' }), 0, { start: 1, step: 3 });
    const out = new Float32Array(3);
    gatherInto(stepped, out);
    expect([...out]).toEqual([1, 4, 7]);
    const wide = new Float32Array(4);
    gatherInto(expand(reshape(arange(0, 2, 1, { dtype: 'float32' }), [2, 1]), [2, 2]), wide);
    expect([...wide]).toEqual([0, 0, 1, 1]);
  });
});

describe('broadcastStrides', () => {
  it('gives stride 0 to stretched and new dims', () => {
    expect(broadcastStrides([3], [1], [2, 3])).toEqual([0, 1]);
    expect(broadcastStrides([2, 1], [5, 7], [4, 2, 3])).toEqual([0, 5, 0]);
  });
});

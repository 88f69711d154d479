import { describe, expect, it } from 'vitest';
import { arange, array, clone, DTypeError, IndexError, ones, slice, transpose, zeros, type NDArray } from '../index.js';
import { fixture } from './__fixtures__/read-fixture.js';
import {
  gather, indexAdd, indexAdd_, indexSelect, maskedFill, maskedFill_, maskedSelect, nonzero, scatter,
  scatter_, scatterAdd, scatterAdd_, take,
} from './indexing.js';
import type { NestedArray } from '../ndarray.js';

const int = (data: NestedArray): NDArray => array(data, { dtype: 'int32' });
const float = (data: NestedArray): NDArray => array(data);
/** [2, 3, 4] float32 holding 0..23. */
const cube = (): NDArray => arange(24).reshape([2, 3, 4]).astype('float32');

describe('indexSelect', () => {
  it.each([0, 1, 2])('matches PyTorch along dim %i', (dim) => {
    const { index, out } = fixture(`indexSelect_dim${dim}`);
    expect(indexSelect(cube(), dim, int(index)).toArray()).toEqual(out);
  });

  it('accepts a negative dim', () => {
    const { index, out } = fixture('indexSelect_dim2');
    expect(indexSelect(cube(), -1, int(index)).toArray()).toEqual(out);
  });

  it('reads non-contiguous inputs and indices', () => {
    const x = transpose(cube(), 0, 2); // [4, 3, 2]
    for (const dim of [0, 1, 2]) {
      const idx = slice(int(dim === 0 ? [3, 9, 0, 9, 1] : [1, 9, 0, 9, 1]), 0, { step: 2 }); // [3 or 1, 0, 1]
      const result = indexSelect(x, dim, idx);
      expect(result.isContiguous()).toBe(true);
      expect(result.toArray()).toEqual(indexSelect(clone(x), dim, clone(idx)).toArray());
    }
  });

  it('reads a view with an offset', () => {
    const rows = slice(arange(12).reshape([4, 3]), 0, { start: 1 });
    expect(indexSelect(rows, 0, int([2, 0])).toArray()).toEqual([[9, 10, 11], [3, 4, 5]]);
  });

  it('copies rows of a large embedding matrix', () => {
    const weight = arange(1000 * 16).reshape([1000, 16]).astype('float32');
    const ids = Array.from({ length: 64 }, (_, i) => (i * 7919) % 1000);
    const out = indexSelect(weight, 0, int(ids));
    expect(out.shape).toEqual([64, 16]);
    const data = out.dataSync();
    ids.forEach((id, i) => {
      expect(data[i * 16 + 5]).toBe(id * 16 + 5);
    });
  });

  it('keeps the dtype (int32, bool, float64)', () => {
    expect(indexSelect(int([5, 6, 7]), 0, int([2, 2])).toArray()).toEqual([7, 7]);
    expect(indexSelect(int([5, 6, 7]), 0, int([2])).dtype).toBe('int32');
    const mask = indexSelect(array([true, false]), 0, int([1, 0]));
    expect([mask.dtype, mask.toArray()]).toEqual(['bool', [0, 1]]);
    expect(indexSelect(array([1.5, 2.5], { dtype: 'float64' }), 0, int([1])).dtype).toBe('float64');
  });

  it('takes a 0-d index as a single index and handles 0-d inputs', () => {
    expect(indexSelect(float([1, 2, 3]), 0, int(2)).toArray()).toEqual([3]);
    expect(indexSelect(float(4), 0, int(0)).shape).toEqual([]);
    expect(indexSelect(float(4), 0, int([0, 0])).toArray()).toEqual([4, 4]);
  });

  it('returns empty arrays for empty indices and empty inputs', () => {
    expect(indexSelect(cube(), 1, int([])).shape).toEqual([2, 0, 4]);
    expect(indexSelect(zeros([0, 3]), 1, int([2, 1])).shape).toEqual([0, 2]);
  });

  it('throws IndexError naming the index, the dim and its size', () => {
    expect(() => indexSelect(arange(5), 0, int([1, 7]))).toThrow(/^indexSelect: index 7 is out of bounds for dim 0 with size 5$/);
    expect(() => indexSelect(cube(), -1, int([4]))).toThrow(/indexSelect: index 4 is out of bounds for dim 2 with size 4/);
    expect(() => indexSelect(zeros([0]), 0, int([0]))).toThrow(IndexError);
  });

  it('rejects negative indices, as PyTorch', () => {
    expect(() => indexSelect(arange(5), 0, int([-1]))).toThrow(/indexSelect: index -1 is out of bounds for dim 0 with size 5/);
  });

  it('throws DTypeError for a non-int32 index', () => {
    expect(() => indexSelect(arange(5), 0, float([1]))).toThrow(DTypeError);
    expect(() => indexSelect(arange(5), 0, float([1]))).toThrow(/^indexSelect: index must be int32, got float32$/);
  });

  it('throws ShapeError for a 2-d index', () => {
    expect(() => indexSelect(arange(5), 0, int([[1]]))).toThrow(/indexSelect: index must be 0-d or 1-d, got shape \[1, 1\]/);
  });

  it('throws IndexError for a dim out of range', () => {
    expect(() => indexSelect(cube(), 3, int([0]))).toThrow(/indexSelect: dim 3 out of range for a 3-d array/);
  });
});

/** out[p] = x[p with p[dim] = index[p]] over 3-d nested arrays, the definition. */
function naiveGather(x: NestedArray, dim: number, index: NestedArray): NestedArray {
  const xs = x as number[][][];
  return (index as number[][][]).map((plane, i) =>
    plane.map((row, j) => row.map((v, k) => (dim === 0 ? xs[v][j][k] : dim === 1 ? xs[i][v][k] : xs[i][j][v]))),
  );
}

describe('gather', () => {
  it.each([0, 1])('matches PyTorch along dim %i', (dim) => {
    const { index, out } = fixture(`gather_dim${dim}`);
    expect(gather(arange(12).reshape([3, 4]), dim, int(index)).toArray()).toEqual(out);
  });

  it('reads non-contiguous inputs and indices along every dim', () => {
    const x = transpose(cube(), 0, 2); // [4, 3, 2]
    const index = transpose(int([[[1, 0, 1, 0], [0, 1, 1, 1]], [[1, 1, 0, 0], [0, 0, 0, 1]]]), 0, 2); // [4, 2, 2]
    for (const dim of [0, 1, 2]) {
      const idx = dim === 0 ? slice(index, 0, { end: 3 }) : index;
      expect(gather(x, dim, idx).toArray()).toEqual(naiveGather(x.toArray(), dim, idx.toArray()));
    }
  });

  it('gathers a 3-d view with an index smaller than the input on every other dim', () => {
    const x = transpose(cube(), 0, 2); // [4, 3, 2]
    const index = int([[[1], [0]], [[0], [1]]]); // [2, 2, 1]
    for (const dim of [0, 1, 2]) {
      expect(gather(x, dim, index).toArray()).toEqual(naiveGather(x.toArray(), dim, index.toArray()));
    }
  });

  it('allows an index smaller than the input on the other dims', () => {
    expect(gather(arange(12).reshape([3, 4]), 1, int([[3], [0]])).toArray()).toEqual([[3], [4]]);
  });

  it('allows an index larger than the input along dim', () => {
    expect(gather(float([[1, 2], [3, 4]]), 1, int([[0, 0, 1], [1, 1, 1]])).toArray()).toEqual([[1, 1, 2], [4, 4, 4]]);
  });

  it('keeps the dtype (int32, bool, float64)', () => {
    expect(gather(int([[1, 2], [3, 4]]), 0, int([[1, 0]])).toArray()).toEqual([[3, 2]]);
    expect(gather(array([true, false]), 0, int([1, 1, 0])).dtype).toBe('bool');
    expect(gather(array([1, 2], { dtype: 'float64' }), 0, int([1])).dtype).toBe('float64');
  });

  it('handles 0-d and empty arrays', () => {
    expect(gather(float(3), 0, int(0)).toArray()).toBe(3);
    expect(gather(float(3), 0, int([0, 0])).toArray()).toEqual([3, 3]);
    expect(gather(arange(6).reshape([2, 3]), 1, zeros([2, 0], { dtype: 'int32' })).shape).toEqual([2, 0]);
  });

  it('throws for out-of-range and negative indices', () => {
    expect(() => gather(arange(5), 0, int([7]))).toThrow(/^gather: index 7 is out of bounds for dim 0 with size 5$/);
    expect(() => gather(arange(5), 0, int([-1]))).toThrow(/gather: index -1 is out of bounds for dim 0 with size 5/);
  });

  it('throws DTypeError for a non-int32 index', () => {
    expect(() => gather(arange(5), 0, float([1]))).toThrow(/^gather: index must be int32, got float32$/);
  });

  it('throws ShapeError when the index has another number of dims', () => {
    expect(() => gather(zeros([2, 2]), 1, int([0, 1]))).toThrow(/gather: index must have as many dims as input \(got index \[2\] and input \[2, 2\]\)/);
  });

  it('throws ShapeError when the index is larger than the input off dim', () => {
    expect(() => gather(zeros([2, 2]), 1, zeros([3, 1], { dtype: 'int32' }))).toThrow(
      /gather: index \[3, 1\] must not be larger than input \[2, 2\] except at dim 1 \(3 > 2 at dim 0\)/,
    );
  });
});

describe('scatter', () => {
  it('matches PyTorch with an array src', () => {
    const { index, src, out } = fixture('scatter_dim0');
    expect(scatter(zeros([3, 5]), 0, int(index), float(src)).toArray()).toEqual(out);
  });

  it('matches PyTorch with a scalar src', () => {
    const { index, out } = fixture('scatter_dim1_value');
    expect(scatter(zeros([2, 5]), 1, int(index), 2.5).toArray()).toEqual(out);
  });

  it('leaves the input unchanged', () => {
    const x = zeros([3]);
    scatter(x, 0, int([1]), 1);
    expect(x.toArray()).toEqual([0, 0, 0]);
  });

  it('uses only the part of a larger, non-contiguous src the index covers', () => {
    const src = transpose(arange(9).reshape([3, 3]).astype('float32'), 0, 1); // [[0, 3, 6], [1, 4, 7], [2, 5, 8]]
    expect(scatter(zeros([2, 3]), 1, int([[2, 0], [1, 1]]), src).toArray()).toEqual([[3, 0, 0], [0, 4, 0]]);
  });

  it('converts a scalar to the input dtype (int32 truncates, bool is nonzero)', () => {
    expect(scatter(zeros([3], { dtype: 'int32' }), 0, int([0, 2]), 1.7).toArray()).toEqual([1, 0, 1]);
    expect(scatter(zeros([2], { dtype: 'bool' }), 0, int([1]), 0.5).toArray()).toEqual([0, 1]);
    expect(scatter(zeros([2], { dtype: 'float64' }), 0, int([1]), true).toArray()).toEqual([0, 1]);
  });

  it('throws DTypeError when src has another dtype', () => {
    expect(() => scatter(zeros([3]), 0, int([0]), array([1], { dtype: 'float64' }))).toThrow(/^scatter: src dtype float64 must match input dtype float32$/);
  });

  it('throws ShapeError when the index is larger than src or the input', () => {
    expect(() => scatter(zeros([2, 2]), 0, zeros([2, 2], { dtype: 'int32' }), zeros([1, 3]))).toThrow(
      /scatter: index \[2, 2\] must not be larger than src \[1, 3\] \(2 > 1 at dim 0\)/,
    );
    expect(() => scatter(zeros([2, 2]), 0, zeros([2, 3], { dtype: 'int32' }), zeros([2, 3]))).toThrow(
      /scatter: index \[2, 3\] must not be larger than input \[2, 2\] except at dim 0 \(3 > 2 at dim 1\)/,
    );
    expect(() => scatter(zeros([2, 2]), 0, int([[0]]), zeros([1]))).toThrow(/scatter: index must have as many dims as src/);
  });

  it('throws IndexError for an out-of-range index', () => {
    expect(() => scatter(zeros([2, 2]), 1, int([[0, 2]]), 1)).toThrow(/^scatter: index 2 is out of bounds for dim 1 with size 2$/);
  });

  it('throws for a value that overflows int32 or is not a number', () => {
    expect(() => scatter(zeros([2], { dtype: 'int32' }), 0, int([0]), Infinity)).toThrow(/scatter: value Infinity cannot be converted to int32 without overflow/);
    expect(() => scatter(zeros([2]), 0, int([0]), 'a' as unknown as number)).toThrow(/scatter: value must be a number, a boolean or a 0-d array, got string "a"/);
  });
});

describe('scatter_', () => {
  it('writes in place and returns the input', () => {
    const x = zeros([3]);
    expect(scatter_(x, 0, int([0, 2]), 1)).toBe(x);
    expect(x.toArray()).toEqual([1, 0, 1]);
  });

  it('writes through a non-contiguous view to its storage', () => {
    const base = zeros([2, 3]);
    scatter_(transpose(base, 0, 1), 0, int([[2, 0]]), float([[5, 6]]));
    expect(base.toArray()).toEqual([[0, 0, 5], [6, 0, 0]]);
  });

  it('names itself in errors', () => {
    expect(() => scatter_(zeros([2]), 0, float([0]), 1)).toThrow(/^scatter_: index must be int32, got float32$/);
  });
});

describe('scatterAdd', () => {
  it.each(['scatterAdd_dim0', 'scatterAdd_dim1'])('matches PyTorch (%s), duplicates accumulating', (name) => {
    const { index, src, out } = fixture(name);
    const dim = name.endsWith('0') ? 0 : 1;
    const x = dim === 0 ? ones([3, 5]) : zeros([2, 5]);
    expect(scatterAdd(x, dim, int(index), float(src)).toArray()).toEqual(out);
    expect(x.toArray()).toEqual(dim === 0 ? ones([3, 5]).toArray() : zeros([2, 5]).toArray());
  });

  it('accumulates int32 and float64', () => {
    expect(scatterAdd(zeros([2], { dtype: 'int32' }), 0, int([1, 1, 1]), int([1, 2, 3])).toArray()).toEqual([0, 6]);
    expect(scatterAdd(zeros([2], { dtype: 'float64' }), 0, int([0, 0]), array([0.1, 0.2], { dtype: 'float64' })).toArray()).toEqual([0.1 + 0.2, 0]);
  });

  it('is a logical or for bool, as PyTorch', () => {
    const x = array([false, false, true]);
    const out = scatterAdd(x, 0, int([0, 0, 1, 2]), array([true, true, false, false]));
    expect([out.dtype, out.toArray()]).toEqual(['bool', [1, 0, 1]]);
  });

  it('returns a copy for an empty index', () => {
    const x = ones([2]);
    const out = scatterAdd(x, 0, int([]), float([]));
    expect(out).not.toBe(x);
    expect(out.toArray()).toEqual([1, 1]);
  });

  it('throws when src is not an array or has another dtype', () => {
    expect(() => scatterAdd(zeros([2]), 0, int([0]), 1 as unknown as NDArray)).toThrow(/^scatterAdd: src must be an NDArray, got number 1$/);
    expect(() => scatterAdd(zeros([2]), 0, int([0]), int([1]))).toThrow(/scatterAdd: src dtype int32 must match input dtype float32/);
  });
});

/** target[p with p[dim] = index[p]] += src[p] over 3-d nested arrays, the definition. */
function naiveScatterAdd(target: NestedArray, dim: number, index: NestedArray, src: NestedArray): NestedArray {
  const out = structuredClone(target) as number[][][];
  const s = src as number[][][];
  (index as number[][][]).forEach((plane, i) => {
    plane.forEach((row, j) => {
      row.forEach((v, k) => {
        const [a, b, c] = dim === 0 ? [v, j, k] : dim === 1 ? [i, v, k] : [i, j, v];
        out[a][b][c] += s[i][j][k];
      });
    });
  });
  return out;
}

describe('scatterAdd_', () => {
  it('matches the definition on 3-d views with a smaller index, along every dim', () => {
    const index = int([[[1], [0]], [[1], [1]]]); // [2, 2, 1]
    for (const dim of [0, 1, 2]) {
      const base = zeros([2, 3, 4]);
      const target = transpose(base, 0, 2); // [4, 3, 2]
      const src = transpose(cube(), 0, 1); // [3, 2, 4], larger than the index
      const expected = naiveScatterAdd(target.toArray(), dim, index.toArray(), src.toArray());
      scatterAdd_(target, dim, index, src);
      expect(target.toArray()).toEqual(expected);
    }
  });

  it('accumulates in place into a non-contiguous view', () => {
    const base = zeros([3, 2]);
    const x = transpose(base, 0, 1); // [2, 3]
    expect(scatterAdd_(x, 1, int([[0, 0, 2]]), float([[1, 2, 3]]))).toBe(x);
    expect(base.toArray()).toEqual([[3, 0], [0, 0], [3, 0]]);
  });

  it('accumulates bool in place', () => {
    const x = array([false, false]);
    scatterAdd_(x, 0, int([1, 1]), array([true, true]));
    expect(x.toArray()).toEqual([0, 1]);
  });

  it('names itself in errors', () => {
    expect(() => scatterAdd_(zeros([2]), 0, int([5]), float([1]))).toThrow(/^scatterAdd_: index 5 is out of bounds for dim 0 with size 2$/);
  });
});

describe('indexAdd', () => {
  it('matches PyTorch with alpha and repeated indices', () => {
    const { index, source, out } = fixture('indexAdd_dim0');
    expect(indexAdd(ones([5, 3]), 0, int(index), float(source), { alpha: 2 }).toArray()).toEqual(out);
  });

  it('matches PyTorch along dim 1', () => {
    const { index, source, out } = fixture('indexAdd_dim1');
    expect(indexAdd(zeros([3, 4]), 1, int(index), float(source)).toArray()).toEqual(out);
  });

  it('reads non-contiguous inputs and sources', () => {
    const { index, source, out } = fixture('indexAdd_dim1');
    const x = transpose(zeros([4, 3]), 0, 1);
    const src = transpose(transpose(float(source), 0, 1).contiguous(), 0, 1);
    expect(indexAdd(x, 1, int(index), src).toArray()).toEqual(out);
    expect(indexAdd(x, -1, int(index), src).toArray()).toEqual(out);
  });

  it('accumulates int32 with an integer alpha, and bool as logical or', () => {
    expect(indexAdd(zeros([3], { dtype: 'int32' }), 0, int([0, 0, 1]), int([1, 1, 1]), { alpha: 2 }).toArray()).toEqual([4, 2, 0]);
    expect(indexAdd(array([false, false, false]), 0, int([0, 0, 1]), array([true, false, true])).toArray()).toEqual([1, 1, 0]);
  });

  it('handles 0-d inputs, a 0-d index and empty sources', () => {
    expect(indexAdd(float(1), 0, int(0), float(2)).toArray()).toBe(3);
    expect(indexAdd(zeros([3]), 0, int(1), float([2])).toArray()).toEqual([0, 2, 0]);
    expect(indexAdd(ones([2, 0]), 0, int([1]), zeros([1, 0])).shape).toEqual([2, 0]);
  });

  it('throws ShapeError when the source does not fit the indices', () => {
    expect(() => indexAdd(zeros([2, 2]), 0, int([0, 1]), zeros([1, 2]))).toThrow(
      /^indexAdd: source shape \[1, 2\] doesn't match \[2, 2\] \(input \[2, 2\] with dim 0 of size 2, the number of indices\)$/,
    );
    expect(() => indexAdd(zeros([2, 2]), 0, int([0]), zeros([1, 3]))).toThrow(/indexAdd: source shape \[1, 3\] doesn't match \[1, 2\]/);
  });

  it('throws for a fractional alpha on integer arrays', () => {
    expect(() => indexAdd(zeros([3], { dtype: 'int32' }), 0, int([0]), int([1]), { alpha: 0.5 })).toThrow(/^indexAdd: alpha must be an integer for int32 arrays, got 0.5$/);
  });

  it('throws for a mismatched dtype, a bad index dtype or shape, and out-of-range indices', () => {
    expect(() => indexAdd(zeros([3]), 0, int([0]), array([1], { dtype: 'float64' }))).toThrow(/^indexAdd: source dtype float64 must match input dtype float32$/);
    expect(() => indexAdd(zeros([3]), 0, float([0]), float([1]))).toThrow(/^indexAdd: index must be int32, got float32$/);
    expect(() => indexAdd(zeros([3]), 0, int([[0]]), float([1]))).toThrow(/indexAdd: index must be 0-d or 1-d, got shape \[1, 1\]/);
    expect(() => indexAdd(zeros([3]), 0, int([3]), float([1]))).toThrow(/^indexAdd: index 3 is out of bounds for dim 0 with size 3$/);
    expect(() => indexAdd(zeros([3]), 0, int([0]), [1] as unknown as NDArray)).toThrow(/indexAdd: source must be an NDArray, got an Array/);
  });
});

describe('indexAdd_', () => {
  it('gives the same result on 3-d views as on contiguous arrays, along every dim', () => {
    const index = int([1, 0, 1]);
    for (const dim of [0, 1, 2]) {
      const target = transpose(zeros([2, 3, 2]), 0, 2); // [2, 3, 2]
      const shape = [2, 3, 2];
      shape[dim] = 3;
      const source = transpose(arange(shape[0] * shape[1] * shape[2]).reshape([shape[2], shape[1], shape[0]]).astype('float32'), 0, 2);
      const expected = indexAdd(zeros([2, 3, 2]), dim, index, clone(source));
      indexAdd_(target, dim, index, source, { alpha: 1 });
      expect(target.toArray()).toEqual(expected.toArray());
    }
  });

  it('adds embedding gradient rows in place into a row slice of a larger matrix', () => {
    const weight = zeros([5, 2]);
    const rows = slice(weight, 0, { start: 1 }); // offset 2
    expect(indexAdd_(rows, 0, int([3, 0, 3]), float([[1, 2], [3, 4], [5, 6]]))).toBe(rows);
    expect(weight.toArray()).toEqual([[0, 0], [3, 4], [0, 0], [0, 0], [6, 8]]);
  });

  it('writes through a non-contiguous view', () => {
    const base = zeros([2, 3]);
    indexAdd_(transpose(base, 0, 1), 0, int([2, 2]), float([[1, 1], [2, 2]]), { alpha: -1 });
    expect(base.toArray()).toEqual([[0, 0, -3], [0, 0, -3]]);
  });

  it('names itself in errors', () => {
    expect(() => indexAdd_(zeros([2]), 0, int([-1]), float([1]))).toThrow(/^indexAdd_: index -1 is out of bounds for dim 0 with size 2$/);
  });
});

describe('maskedFill', () => {
  it('fills where the mask is true', () => {
    expect(maskedFill(float([1, 2, 3]), array([true, false, true]), 0).toArray()).toEqual([0, 2, 0]);
  });

  it('broadcasts the mask and the input, as PyTorch', () => {
    const { out } = fixture('maskedFill_broadcast');
    expect(maskedFill(arange(6).reshape([2, 3]), array([[true], [false]]), -1).toArray()).toEqual(out);
    expect(maskedFill(arange(3), array([[true], [false]]), -1).toArray()).toEqual([[-1, -1, -1], [0, 1, 2]]);
  });

  it('keeps the input dtype, converting the value', () => {
    const out = maskedFill(int([1, 2]), array([true, false]), 2.7);
    expect([out.dtype, out.toArray()]).toEqual(['int32', [2, 2]]);
    expect(maskedFill(array([false, false]), array([true, false]), 3).toArray()).toEqual([1, 0]);
    expect(maskedFill(array([1, 2], { dtype: 'float64' }), array([false, true]), -Infinity).toArray()).toEqual([1, -Infinity]);
  });

  it('accepts a 0-d array or a boolean as the value', () => {
    expect(maskedFill(float([1, 2]), array([true, false]), float(9)).toArray()).toEqual([9, 2]);
    expect(maskedFill(float([5, 2]), array([true, false]), true).toArray()).toEqual([1, 2]);
  });

  it('reads non-contiguous inputs and returns a contiguous array', () => {
    const x = transpose(arange(6).reshape([2, 3]), 0, 1);
    const out = maskedFill(x, array([true, false]), 0);
    expect(out.isContiguous()).toBe(true);
    expect(out.toArray()).toEqual([[0, 3], [0, 4], [0, 5]]);
  });

  it('throws for a non-bool mask, a non-0-d value and unbroadcastable shapes', () => {
    expect(() => maskedFill(float([1]), int([1]), 0)).toThrow(/^maskedFill: mask must be bool, got int32$/);
    expect(() => maskedFill(float([1, 2, 3]), array([true, false, true]), float([1, 2]))).toThrow(/^maskedFill: value must be a 0-d array, got shape \[2\]$/);
    expect(() => maskedFill(float([1, 2, 3]), array([true, false]), 0)).toThrow(/maskedFill: shapes \[3\] and \[2\] are not broadcastable/);
    expect(() => maskedFill(int([1]), array([true]), NaN)).toThrow(/maskedFill: value NaN cannot be converted to int32 without overflow/);
  });
});

describe('maskedFill_', () => {
  it('fills in place through a non-contiguous view', () => {
    const base = arange(6).reshape([2, 3]);
    const x = transpose(base, 0, 1);
    expect(maskedFill_(x, array([false, true]), -1)).toBe(x);
    expect(base.toArray()).toEqual([[0, 1, 2], [-1, -1, -1]]);
  });

  it('throws ShapeError when the mask would grow the input', () => {
    expect(() => maskedFill_(arange(3), array([[true], [false]]), -1)).toThrow(
      /^maskedFill_: output with shape \[3\] doesn't match the broadcast shape \[2, 3\]$/,
    );
  });
});

describe('maskedSelect', () => {
  it('selects in row-major order as a 1-d array', () => {
    expect(maskedSelect(arange(6).reshape([2, 3]), array([[true, false, true], [false, true, false]])).toArray()).toEqual([0, 2, 4]);
  });

  it('broadcasts the input and the mask, as PyTorch', () => {
    const { out } = fixture('maskedSelect_broadcast');
    expect(maskedSelect(arange(2).reshape([2, 1]), array([true, false, true])).toArray()).toEqual(out);
  });

  it('reads non-contiguous inputs and keeps the dtype', () => {
    const x = transpose(int([[1, 2], [3, 4]]), 0, 1);
    const out = maskedSelect(x, array([[true, false], [true, true]]));
    expect([out.dtype, out.toArray()]).toEqual(['int32', [1, 2, 4]]);
  });

  it('returns an empty array when nothing is selected', () => {
    expect(maskedSelect(float([1, 2]), array([false, false])).shape).toEqual([0]);
    expect(maskedSelect(zeros([0, 2]), array([true, true])).shape).toEqual([0]);
  });

  it('throws for a non-bool mask', () => {
    expect(() => maskedSelect(float([1]), float([1]))).toThrow(/^maskedSelect: mask must be bool, got float32$/);
  });
});

describe('take', () => {
  it('reads the input as 1-d, wraps negative indices and keeps the index shape', () => {
    const x = transpose(arange(6).reshape([2, 3]), 0, 1); // [[0, 3], [1, 4], [2, 5]]
    expect(take(x, int([[0, -1], [1, 2]])).toArray()).toEqual([[0, 5], [3, 1]]);
  });

  it('throws IndexError for an out-of-range index', () => {
    expect(() => take(arange(5), int([-6]))).toThrow(/^take: index -6 is out of bounds for an array with 5 elements$/);
    expect(() => take(arange(5), float([0]))).toThrow(/^take: index must be int32, got float32$/);
  });
});

describe('nonzero', () => {
  it('lists the coordinates of nonzero elements as int32 rows', () => {
    const out = nonzero(float([[0, 1], [2, 0]]));
    expect([out.dtype, out.toArray()]).toEqual(['int32', [[0, 1], [1, 0]]]);
    expect(nonzero(array([false, true, true])).toArray()).toEqual([[1], [2]]);
  });

  it('counts NaN as nonzero and handles 0-d and empty inputs', () => {
    expect(nonzero(float([NaN, 0])).toArray()).toEqual([[0]]);
    expect(nonzero(float(3)).shape).toEqual([1, 0]);
    expect(nonzero(zeros([2, 3])).shape).toEqual([0, 2]);
  });
});

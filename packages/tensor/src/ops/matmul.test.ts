import { beforeEach, describe, expect, it } from 'vitest';
import {
  arange, array, ArgumentError, DTypeError, expand, eye, manualSeed, NDArray, randint, randn, reshape, ShapeError,
  slice, transpose, zeros,
} from '../index.js';
import { expectClose, forEachBackend, naive } from '../testing/index.js';
import { bmm, dot, linear, matmul, outer } from './matmul.js';

beforeEach(() => {
  manualSeed(0);
});

/** The reference: a plain triple loop over 2-d arrays read through naive.at, summing in doubles. */
function naive2d(a: NDArray, b: NDArray): number[][] {
  const [m, k] = a.shape;
  const n = b.shape[1];
  const out: number[][] = [];
  for (let i = 0; i < m; i++) {
    const row: number[] = [];
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += naive.at(a, [i, p]) * naive.at(b, [p, j]);
      row.push(sum);
    }
    out.push(row);
  }
  return out;
}

/** naive2d of each matrix pair of two 3-d arrays. */
function naiveBatched(a: NDArray, b: NDArray): number[][][] {
  const out: number[][][] = [];
  for (let t = 0; t < a.shape[0]; t++) {
    const pick = (x: NDArray): NDArray =>
      new NDArray(x.data, x.dtype, x.shape.slice(1), x.strides.slice(1), x.offset + t * x.strides[0]);
    out.push(naive2d(pick(a), pick(b)));
  }
  return out;
}

forEachBackend((backend) => {
  describe('matmul', () => {
    it('multiplies the tutorial 2x3 by 3x4 example', () => {
      const a = array([[2, 3, 4], [5, 6, 7]]);
      const b = array([[4, 5, 6, 7], [8, 9, 1, 2], [4, 7, 1, 4]]);
      expect(matmul(a, b).toArray()).toEqual([[48, 65, 19, 36], [96, 128, 43, 75]]);
    });

    it('multiplies the tutorial 2x3 by 3x2 example', () => {
      const a = array([[6, 5, 4], [3, 2, 1]]);
      const b = array([[1, 2], [3, 4], [5, 6]]);
      expect(matmul(a, b).toArray()).toEqual([[41, 56], [14, 20]]);
    });

    it('reads a 3x3 matrix and its transpose by row-major index arithmetic', () => {
      const m = reshape(arange(9), [3, 3]);
      const t = transpose(m, 0, 1);
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 3; j++) {
          expect(m.data[m.offset + i * m.strides[0] + j * m.strides[1]]).toBe(3 * i + j);
          expect(t.data[t.offset + i * t.strides[0] + j * t.strides[1]]).toBe(3 * j + i);
        }
      }
      expect(matmul(m, eye(3)).toArray()).toEqual(m.toArray());
      expect(matmul(t, eye(3)).toArray()).toEqual([[0, 3, 6], [1, 4, 7], [2, 5, 8]]);
      expect(matmul(m, t).toArray()).toEqual(naive2d(m, t));
    });

    it('gives a 0-d dot product for two 1-d arrays', () => {
      const result = matmul(array([1, 2, 3]), array([4, 5, 6]));
      expect(result.shape).toEqual([]);
      expect(result.item()).toBe(32);
    });

    it('prepends and removes a dim for a 1-d left operand', () => {
      const result = matmul(array([1, 2]), array([[1, 2, 3], [4, 5, 6]]));
      expect(result.shape).toEqual([3]);
      expect(result.toArray()).toEqual([9, 12, 15]);
    });

    it('appends and removes a dim for a 1-d right operand', () => {
      const result = matmul(array([[1, 2, 3], [4, 5, 6]]), array([1, 0, -1]));
      expect(result.shape).toEqual([2]);
      expect(result.toArray()).toEqual([-2, -2]);
    });

    it('broadcasts a 1-d operand against a batch of matrices', () => {
      const b = randn([2, 4, 3]);
      const v = randn([4]);
      const left = matmul(v, b);
      expect(left.shape).toEqual([2, 3]);
      expectClose(left, naiveBatched(expand(reshape(v, [1, 1, 4]), [2, 1, 4]), b).map((m) => m[0]));
      const right = matmul(transpose(b, 1, 2), v);
      expect(right.shape).toEqual([2, 3]);
      expectClose(right, naiveBatched(transpose(b, 1, 2), expand(reshape(v, [1, 4, 1]), [2, 4, 1])).map((m) => m.map((row) => row[0])));
    });

    it('broadcasts batch dims without expanding the inputs', () => {
      const a = randn([2, 1, 3, 4]);
      const b = randn([5, 4, 2]);
      const result = matmul(a, b);
      expect(result.shape).toEqual([2, 5, 3, 2]);
      const expected = [0, 1].map((i) => naiveBatched(expand(reshape(slice(a, 0, { start: i, end: i + 1 }), [1, 3, 4]), [5, 3, 4]), b));
      expectClose(result, expected);
    });

    it('multiplies batches large enough for the blocked kernel, one side broadcast', () => {
      for (const dtype of ['float32', 'float64'] as const) {
        const a = randn([3, 20, 30], { dtype });
        const b = randn([30, 25], { dtype });
        const result = matmul(a, b);
        expect(result.dtype).toBe(dtype);
        expectClose(result, naiveBatched(a, expand(b, [3, 30, 25])), { atol: 1e-4 });
      }
    });

    it('handles batch dims that cannot be merged into one stride', () => {
      // a broadcasts over dim 1 only, so the kernel is called once per index of dim 0.
      const a = randn([2, 1, 9, 10]);
      const b = randn([2, 3, 10, 11]);
      const result = matmul(a, b);
      expect(result.shape).toEqual([2, 3, 9, 11]);
      const rows = result.toArray() as number[][][][];
      for (let i = 0; i < 2; i++) {
        for (let j = 0; j < 3; j++) {
          const ai = new NDArray(a.data, a.dtype, [9, 10], [10, 1], i * 90);
          const bij = new NDArray(b.data, b.dtype, [10, 11], [11, 1], (i * 3 + j) * 110);
          expectClose(rows[i][j], naive2d(ai, bij));
        }
      }
    });

    it('reads transposed and sliced (strided, offset) inputs', () => {
      const base = randn([40, 50]);
      const a = slice(slice(base, 0, { start: 3, step: 2 }), 1, { start: 1, end: 31 }); // [19, 30]
      const b = transpose(slice(randn([45, 60]), 1, { start: 5, end: 35 }), 0, 1); // [30, 45]
      expect(a.isContiguous()).toBe(false);
      expect(b.isContiguous()).toBe(false);
      expectClose(matmul(a, b), naive2d(a, b));
    });

    it('reads a row-broadcast (stride 0) matrix', () => {
      const a = expand(randn([1, 20]), [30, 20]);
      const b = randn([20, 25]);
      expect(a.strides).toEqual([0, 1]);
      expectClose(matmul(a, b), naive2d(a, b));
    });

    it('matches a naive triple loop on random shapes, including block edges', () => {
      // Sizes straddle the kernel's 8x8 tiles, its 128-row, 256-deep and 1024-column blocks.
      const shapes: [number, number, number][] = [
        [1, 1, 1], [3, 5, 2], [7, 9, 13], [8, 8, 8], [17, 33, 9], [64, 64, 64], [130, 300, 17], [9, 5, 1030], [2, 520, 3],
      ];
      for (const [m, k, n] of shapes) {
        const a = randn([m, k]);
        const b = randn([k, n]);
        expect(matmul(a, b).shape).toEqual([m, n]);
        expectClose(matmul(a, b), naive2d(a, b), { atol: 1e-4 });
        const at64 = randn([k, m], { dtype: 'float64' });
        const b64 = randn([n, k], { dtype: 'float64' });
        expectClose(matmul(transpose(at64, 0, 1), transpose(b64, 0, 1)), naive2d(transpose(at64, 0, 1), transpose(b64, 0, 1)), { atol: 1e-12, rtol: 1e-12 });
      }
    });

    it('returns empty or zero results for 0-size dims', () => {
      expect(matmul(zeros([0, 3]), zeros([3, 4])).shape).toEqual([0, 4]);
      expect(matmul(zeros([2, 0]), zeros([0, 3])).toArray()).toEqual([[0, 0, 0], [0, 0, 0]]);
      expect(matmul(zeros([0, 2, 3]), zeros([3, 4])).shape).toEqual([0, 2, 4]);
      expect(matmul(zeros([0]), zeros([0])).item()).toBe(0);
    });

    it('keeps float64 precision', () => {
      const a = array([[1 + 2 ** -40, 1]], { dtype: 'float64' });
      const b = array([[1], [-1]], { dtype: 'float64' });
      const result = matmul(a, b);
      expect(result.dtype).toBe('float64');
      expect(result.item()).toBe(2 ** -40);
    });

    // NOTE: the cpu kernel sums float32 products in doubles; wasm sums in float32, as PyTorch and BLAS do.
    it.runIf(backend === 'cpu')('accumulates float32 products in doubles across k blocks', () => {
      // NOTE: 1e8 has float32 spacing 8, so a float32 running sum would lose the ones.
      const k = 300;
      const row = Array.from({ length: k }, (_, p) => (p === 0 ? 1e8 : p === k - 1 ? -1e8 : 1));
      const a = array(Array.from({ length: 8 }, () => row));
      const b = array(Array.from({ length: k }, () => new Array<number>(8).fill(1)));
      expect(matmul(a, b).toArray()).toEqual(Array.from({ length: 8 }, () => new Array<number>(8).fill(k - 2)));
    });

    it('multiplies int32 arrays exactly, wrapping around like int32 (values from PyTorch)', () => {
      const a = array([[2 ** 20, 3], [5, 2 ** 30]], { dtype: 'int32' });
      const b = array([[2 ** 20, 1], [7, 8]], { dtype: 'int32' });
      const result = matmul(a, b);
      expect(result.dtype).toBe('int32');
      expect(result.toArray()).toEqual([[21, 1048600], [-1068498944, 5]]);
    });

    it('matches the naive loop for random int32 arrays', () => {
      const a = randint(-100, 100, [3, 7, 20], { dtype: 'int32' });
      const b = randint(-100, 100, [3, 20, 9], { dtype: 'int32' });
      expect(matmul(a, b).toArray()).toEqual(naiveBatched(a, b));
      const columns = transpose(randint(-100, 100, [3, 9, 20], { dtype: 'int32' }), 1, 2);
      expect(matmul(a, columns).toArray()).toEqual(naiveBatched(a, columns));
    });

    it('promotes mixed dtypes', () => {
      const ints = array([[1, 2]], { dtype: 'int32' });
      expect(matmul(ints, array([[0.5], [0.25]])).dtype).toBe('float32');
      expect(matmul(ints, array([[0.5], [0.25]])).item()).toBe(1);
      expect(matmul(array([[1, 2]]), array([[1], [1]], { dtype: 'float64' })).dtype).toBe('float64');
      // The cast copy is contiguous: the product must read it with its own strides (regression).
      const transposedInts = transpose(array([[1, 2], [3, 4]], { dtype: 'int32' }), 0, 1);
      expect(matmul(transposedInts, eye(2)).toArray()).toEqual([[1, 3], [2, 4]]);
    });

    it('throws ShapeError naming both shapes when inner sizes differ', () => {
      expect(() => matmul(zeros([2, 3]), zeros([4, 5]))).toThrow(ShapeError);
      expect(() => matmul(zeros([2, 3]), zeros([4, 5]))).toThrow(/^matmul: shapes \[2, 3\] and \[4, 5\] cannot be multiplied \(3 != 4\)$/);
      expect(() => matmul(zeros([3]), zeros([4]))).toThrow(/matmul: shapes \[3\] and \[4\] cannot be multiplied \(3 != 4\)/);
      expect(() => matmul(zeros([3]), zeros([2, 4, 5]))).toThrow(/matmul: shapes \[3\] and \[2, 4, 5\] cannot be multiplied \(3 != 4\)/);
    });

    it('throws ShapeError naming both shapes when batch dims do not broadcast', () => {
      expect(() => matmul(zeros([2, 3, 4]), zeros([5, 4, 2]))).toThrow(
        /matmul: batch dims of shapes \[2, 3, 4\] and \[5, 4, 2\] are not broadcastable \(\[2\] vs \[5\]\)/,
      );
    });

    it('rejects 0-d arrays', () => {
      expect(() => matmul(array(2), zeros([2]))).toThrow(/matmul: both arguments need to be at least 1-d, got \[\] and \[2\]/);
    });

    it('rejects bool arrays with a DTypeError', () => {
      const mask = array([[true, false]]);
      expect(() => matmul(mask, array([[1], [2]]))).toThrow(DTypeError);
      expect(() => matmul(mask, array([[1], [2]]))).toThrow(/matmul: not supported for bool arrays \(got bool and float32\)/);
    });

    it('rejects values that are not NDArrays', () => {
      expect(() => matmul(zeros([2]), 3 as unknown as NDArray)).toThrow(ArgumentError);
      expect(() => matmul(zeros([2]), 3 as unknown as NDArray)).toThrow(/matmul: expected NDArrays, got number 3/);
    });

    it('is available as a method', () => {
      expect(array([[1, 2]]).matmul(array([[3], [4]])).toArray()).toEqual([[11]]);
    });
  });

  describe('dot', () => {
    it('sums the element-wise products into a 0-d array', () => {
      const result = dot(array([1, 2, 3]), array([4, 5, 6]));
      expect(result.shape).toEqual([]);
      expect(result.item()).toBe(32);
    });

    it.runIf(backend === 'cpu')('reads strided inputs and sums float32 in doubles', () => {
      const a = slice(array([1e8, 9, 1, 9, -1e8]), 0, { step: 2 });
      expect(dot(a, array([1, 1, 1])).item()).toBe(1);
    });

    it('reads strided inputs', () => {
      const a = slice(array([1, 9, 2, 9, 3]), 0, { step: 2 });
      expect(dot(a, array([4, 5, 6])).item()).toBe(32);
    });

    it('keeps int32', () => {
      const result = dot(array([1, 2], { dtype: 'int32' }), array([3, 4], { dtype: 'int32' }));
      expect(result.dtype).toBe('int32');
      expect(result.item()).toBe(11);
    });

    it('throws ShapeError for arrays that are not 1-d', () => {
      expect(() => dot(zeros([2, 3]), zeros([3]))).toThrow(/^dot: expected 1-d arrays, got \[2, 3\] and \[3\]$/);
    });

    it('throws ShapeError for different lengths', () => {
      expect(() => dot(zeros([2]), zeros([3]))).toThrow(/dot: arrays of shapes \[2\] and \[3\] differ in length \(2 != 3\)/);
    });

    it('rejects bool arrays', () => {
      expect(() => dot(array([true]), array([true]))).toThrow(/dot: not supported for bool arrays \(got bool and bool\)/);
    });

    it('is available as a method', () => {
      expect(array([1, 2]).dot(array([3, 4])).item()).toBe(11);
    });
  });

  describe('outer', () => {
    it('multiplies every pair of elements', () => {
      expect(outer(array([1, 2]), array([3, 4, 5])).toArray()).toEqual([[3, 4, 5], [6, 8, 10]]);
    });

    it('keeps bool, as torch.outer does', () => {
      const result = outer(array([true, false]), array([true, true]));
      expect(result.dtype).toBe('bool');
      expect(result.toArray()).toEqual([[1, 1], [0, 0]]);
    });

    it('throws ShapeError for arrays that are not 1-d', () => {
      expect(() => outer(zeros([2]), zeros([2, 2]))).toThrow(/outer: expected 1-d arrays, got \[2\] and \[2, 2\]/);
    });

    it('is available as a method', () => {
      expect(array([1, 2]).outer(array([3])).toArray()).toEqual([[3], [6]]);
    });
  });

  describe('bmm', () => {
    it('multiplies matching batches of matrices', () => {
      const a = randn([4, 6, 5]);
      const b = transpose(randn([4, 7, 5]), 1, 2);
      const result = bmm(a, b);
      expect(result.shape).toEqual([4, 6, 7]);
      expectClose(result, naiveBatched(a, b));
    });

    it('throws ShapeError for arrays that are not 3-d', () => {
      expect(() => bmm(zeros([2, 3]), zeros([2, 3, 4]))).toThrow(/bmm: expected 3-d arrays, got \[2, 3\] and \[2, 3, 4\]/);
    });

    it('does not broadcast batch sizes', () => {
      expect(() => bmm(zeros([1, 2, 3]), zeros([4, 3, 2]))).toThrow(/bmm: batch sizes of shapes \[1, 2, 3\] and \[4, 3, 2\] differ \(1 != 4\)/);
    });

    it('throws ShapeError when inner sizes differ', () => {
      expect(() => bmm(zeros([2, 2, 3]), zeros([2, 4, 2]))).toThrow(/bmm: shapes \[2, 2, 3\] and \[2, 4, 2\] cannot be multiplied \(3 != 4\)/);
    });

    it('is available as a method', () => {
      expect(zeros([2, 1, 3]).bmm(zeros([2, 3, 4])).shape).toEqual([2, 1, 4]);
    });
  });

  describe('linear', () => {
    /** naive2d(x, weightᵀ) plus the bias on every row, in doubles. */
    function naiveLinear(x: NDArray, weight: NDArray, bias?: NDArray): number[][] {
      return naive2d(x, transpose(weight, 0, 1)).map((row) => row.map((v, j) => v + (bias ? naive.at(bias, [j]) : 0)));
    }

    it('computes x·Wᵀ + b for tile edges (m, n, k not multiples of the register tile)', () => {
      for (const [m, k, n] of [[1, 1, 1], [5, 9, 17], [13, 300, 10], [130, 33, 9]]) {
        const [x, w, b] = [randn([m, k]), randn([n, k]), randn([n])];
        expectClose(linear(x, w, b), naiveLinear(x, w, b), { atol: 1e-5 * Math.sqrt(k) });
        expectClose(linear(x, w), naiveLinear(x, w), { atol: 1e-5 * Math.sqrt(k) });
      }
    });

    it('reads transposed, sliced and strided operands in place', () => {
      const x = transpose(randn([7, 6]), 0, 1);
      const w = slice(randn([10, 7]), 0, { step: 2 });
      const b = slice(randn([10]), 0, { step: 2 });
      expectClose(linear(x, w, b), naiveLinear(x, w, b));
    });

    it('keeps any leading dims of x, and a 1-d x gives a 1-d result', () => {
      const [x, w, b] = [randn([2, 3, 4]), randn([5, 4]), randn([5])];
      const result = linear(x, w, b);
      expect(result.shape).toEqual([2, 3, 5]);
      expectClose(reshape(result, [6, 5]), naiveLinear(reshape(x, [6, 4]), w, b));
      const row = linear(array([1, 2]), array([[1, 0], [0, 1], [1, 1]]), array([10, 20, 30]));
      expect(row.toArray()).toEqual([11, 22, 33]);
    });

    it('handles empty batches and k = 0 (the result is the bias)', () => {
      expect(linear(zeros([0, 3]), zeros([4, 3]), zeros([4])).shape).toEqual([0, 4]);
      expect(linear(zeros([2, 0]), zeros([3, 0]), array([1, 2, 3])).toArray()).toEqual([[1, 2, 3], [1, 2, 3]]);
      expect(linear(zeros([2, 0]), zeros([3, 0])).toArray()).toEqual([[0, 0, 0], [0, 0, 0]]);
    });

    it('promotes dtypes as matmul and add do, and keeps int32 exact', () => {
      const ints = linear(array([[1, 2]], { dtype: 'int32' }), array([[3, 4]], { dtype: 'int32' }), array([5], { dtype: 'int32' }));
      expect(ints.dtype).toBe('int32');
      expect(ints.toArray()).toEqual([[16]]);
      expect(linear(array([[1, 2]]), array([[3, 4]], { dtype: 'float64' })).dtype).toBe('float64');
      expect(linear(array([[1, 2]]), array([[3, 4]]), array([0.5], { dtype: 'float64' })).toArray()).toEqual([[11.5]]);
    });

    it('throws ShapeError naming the shapes', () => {
      expect(() => linear(zeros([2, 3]), zeros([4, 5]))).toThrow(/linear: input \[2, 3\] and weight \[4, 5\] cannot be multiplied \(3 != 5\)/);
      expect(() => linear(zeros([2, 3]), zeros([3]))).toThrow(/linear: expected a 2-d weight \[out, in\], got \[3\]/);
      expect(() => linear(zeros([2, 3]), zeros([4, 3]), zeros([3]))).toThrow(/linear: expected a bias of shape \[4\] for weight \[4, 3\], got \[3\]/);
      expect(() => linear(zeros([]), zeros([4, 3]))).toThrow(/linear: expected an input of at least 1 dim \[\.\.\., 3\], got \[\]/);
    });

    it('throws ArgumentError for a bias that is not an array', () => {
      expect(() => linear(zeros([2, 3]), zeros([4, 3]), 1 as unknown as NDArray)).toThrow(/linear: expected an NDArray or null bias, got number 1/);
    });
  });
});

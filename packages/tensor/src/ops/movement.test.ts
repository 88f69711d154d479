import { describe, expect, it } from 'vitest';
import {
  arange,
  array,
  astype,
  clone,
  contiguous,
  expand,
  fill_,
  flatten,
  mT,
  narrow,
  permute,
  reshape,
  select,
  slice,
  squeeze,
  T,
  transpose,
  unflatten,
  unsqueeze,
  view,
  zeros,
  ArgumentError,
  DTypeError,
  IndexError,
  ShapeError,
  type DType,
  type NDArray,
} from '../index.js';
import { naive } from '../testing/index.js';

/** A float32 array 0..n-1 of `shape` (contiguous, fresh storage). */
const iota = (shape: number[]): NDArray =>
  reshape(
    arange(
      0,
      shape.reduce((n, s) => n * s, 1),
      1,
      { dtype: 'float32' },
    ),
    shape,
  );

describe('view ops share storage', () => {
  const x = iota([2, 3, 4]);
  it.each<[string, (a: NDArray) => NDArray]>([
    ['view', (a) => view(a, [6, 4])],
    ['reshape (viewable)', (a) => reshape(a, [4, -1])],
    ['transpose', (a) => transpose(a, 0, 2)],
    ['permute', (a) => permute(a, [1, 2, 0])],
    ['T', (a) => T(a)],
    ['mT', (a) => mT(a)],
    ['squeeze', (a) => squeeze(unsqueeze(a, 1))],
    ['unsqueeze', (a) => unsqueeze(a, -1)],
    ['expand', (a) => expand(unsqueeze(a, 0), [5, 2, 3, 4])],
    ['narrow', (a) => narrow(a, 2, 1, 2)],
    ['slice', (a) => slice(a, 1, { start: 1, step: 2 })],
    ['select', (a) => select(a, 1, -1)],
    ['flatten (viewable)', (a) => flatten(a, 1)],
    ['unflatten', (a) => unflatten(a, 2, [2, 2])],
    ['contiguous of a contiguous array', (a) => contiguous(a)],
    ['astype to the same dtype', (a) => astype(a, 'float32')],
  ])('%s returns a view of the same storage', (_name, op) => {
    const y = op(x);
    expect(y.data).toBe(x.data);
  });

  it('lets writes through a view show in the base', () => {
    const base = iota([2, 3]);
    fill_(select(transpose(base, 0, 1), 0, 2), -1);
    expect(base.toArray()).toEqual([
      [0, 1, -1],
      [3, 4, -1],
    ]);
  });
});

describe('views of views', () => {
  it('add the offsets of nested narrows and selects', () => {
    const x = iota([4, 5]);
    const y = narrow(narrow(x, 1, 1, 4), 1, 2, 2);
    expect(y.offset).toBe(3);
    expect(y.toArray()).toEqual([
      [3, 4],
      [8, 9],
      [13, 14],
      [18, 19],
    ]);
    const z = select(narrow(y, 0, 1, 3), 0, 1);
    expect(z.offset).toBe(13);
    expect(z.toArray()).toEqual([13, 14]);
  });

  it('multiply the steps of nested slices', () => {
    const x = arange(0, 20, 1, { dtype: 'float32' });
    const y = slice(slice(x, 0, { start: 1, step: 2 }), 0, { start: 1, step: 3 });
    expect(y.strides).toEqual([6]);
    expect(y.offset).toBe(3);
    expect(y.toArray()).toEqual([3, 9, 15]);
  });

  it('read the same elements as index arithmetic on the base', () => {
    const x = iota([3, 4, 5]);
    const y = select(slice(permute(x, [2, 0, 1]), 2, { start: 3, end: 0 }), 0, 4);
    expect(y.shape).toEqual([3, 0]);
    const w = narrow(transpose(slice(x, 2, { start: -4, step: 2 }), 0, 2), 1, 1, 2);
    expect(w.toArray()).toEqual(naive.toNested(w));
    // w[a][b][c] = x[c][b + 1][1 + 2a] = 20c + 5(b + 1) + 1 + 2a
    expect(w.toArray()).toEqual([
      [
        [6, 26, 46],
        [11, 31, 51],
      ],
      [
        [8, 28, 48],
        [13, 33, 53],
      ],
    ]);
  });
});

describe('view', () => {
  it('infers one -1 size', () => {
    expect(view(iota([2, 6]), [3, -1]).shape).toEqual([3, 4]);
  });

  it('views a 0-d array as any all-ones shape and back', () => {
    const s = array(5);
    expect(view(s, [1, 1]).toArray()).toEqual([[5]]);
    expect(view(view(s, [1]), []).item()).toBe(5);
    expect(view(s, [1]).data).toBe(s.data);
  });

  it('views an expanded array where PyTorch can (stride-0 dims kept apart)', () => {
    const e = expand(iota([3, 1]), [3, 4]);
    const v = view(e, [3, 2, 2]);
    expect(v.strides).toEqual([1, 0, 0]);
    expect(v.toArray()).toEqual([
      [
        [0, 0],
        [0, 0],
      ],
      [
        [1, 1],
        [1, 1],
      ],
      [
        [2, 2],
        [2, 2],
      ],
    ]);
  });

  it('views an empty array', () => {
    const v = view(zeros([0, 3]), [3, 0]);
    expect(v.shape).toEqual([3, 0]);
    expect(v.isContiguous()).toBe(true);
  });

  it('throws ShapeError with a hint when the layout needs a copy', () => {
    const t = transpose(iota([2, 3]), 0, 1);
    expect(() => view(t, [6])).toThrow(ShapeError);
    expect(() => view(t, [6])).toThrow(
      /^view: size \[6\] is not compatible with the strides \[1, 3\] of \[3, 2\]\nhint: use reshape\(\), which copies when it must$/,
    );
    expect(() => view(expand(iota([3, 1]), [3, 4]), [12])).toThrow(
      /^view: size \[12\] is not compatible/,
    );
  });

  it('throws ShapeError for a wrong number of elements or several -1', () => {
    expect(() => view(iota([2, 3]), [4, 2])).toThrow(
      /^view: cannot view \[2, 3\] \(6 elements\) as \[4, 2\] \(8 elements\)$/,
    );
    expect(() => view(iota([2, 3]), [4, -1])).toThrow(
      /^view: cannot view \[2, 3\] \(6 elements\) as \[4, -1\]$/,
    );
    expect(() => view(iota([2, 3]), [-1, -1])).toThrow(
      /^view: only one dimension can be inferred, got \[-1, -1\]$/,
    );
    expect(() => view(zeros([0, 3]), [-1, 0])).toThrow(
      /^view: cannot view \[0, 3\] \(0 elements\) as \[-1, 0\]$/,
    );
    expect(() => view(iota([2, 3]), [6, 1.5])).toThrow(
      /^view: invalid shape \[6, 1.5\] \(size 1.5 at dim 1\)$/,
    );
  });
});

describe('reshape', () => {
  it('returns a view when the layout allows it', () => {
    const x = iota([2, 3]);
    expect(reshape(x, [3, 2]).data).toBe(x.data);
  });

  it('copies when no view exists, keeping row-major order', () => {
    const t = transpose(iota([2, 3]), 0, 1);
    const r = reshape(t, [6]);
    expect(r.data).not.toBe(t.data);
    expect(r.toArray()).toEqual([0, 3, 1, 4, 2, 5]);
  });

  it('throws ShapeError naming reshape', () => {
    expect(() => reshape(iota([2, 3]), [4, 2])).toThrow(
      /^reshape: cannot view \[2, 3\] \(6 elements\) as \[4, 2\] \(8 elements\)$/,
    );
  });
});

describe('transpose', () => {
  it('swaps dims (negative ones too) and leaves 0-d arrays alone', () => {
    expect(transpose(iota([2, 3, 4]), -1, 0).shape).toEqual([4, 3, 2]);
    expect(transpose(iota([2, 3]), 1, 1).shape).toEqual([2, 3]);
    expect(transpose(array(1), 0, -1).shape).toEqual([]);
  });

  it('throws IndexError for a dim out of range', () => {
    expect(() => transpose(iota([2, 3]), 0, 2)).toThrow(IndexError);
    expect(() => transpose(iota([2, 3]), 0, 2)).toThrow(
      /^transpose: dim 2 out of range for a 2-d array \(expected -2\.\.1\)$/,
    );
  });
});

describe('permute', () => {
  it('reorders dims', () => {
    const y = permute(iota([2, 3, 4]), [2, 0, -2]);
    expect(y.shape).toEqual([4, 2, 3]);
    expect(y.strides).toEqual([1, 12, 4]);
  });

  it('throws for the wrong number of dims or a repeated dim', () => {
    expect(() => permute(iota([2, 3]), [0])).toThrow(
      /^permute: number of dims don't match \(got 1 dims \[0\] for a 2-d array\)$/,
    );
    expect(() => permute(iota([2, 3]), [0, -2])).toThrow(ArgumentError);
    expect(() => permute(iota([2, 3]), [0, -2])).toThrow(
      /^permute: dim 0 appears more than once in \[0, -2\]$/,
    );
  });
});

describe('T and mT', () => {
  it('T reverses all dims; mT swaps the last two', () => {
    expect(T(iota([2, 3, 4])).shape).toEqual([4, 3, 2]);
    expect(T(iota([3])).shape).toEqual([3]);
    expect(mT(iota([5, 2, 3])).shape).toEqual([5, 3, 2]);
    expect(iota([2, 3]).T.shape).toEqual([3, 2]);
  });

  it('mT throws ShapeError below 2 dims', () => {
    expect(() => mT(iota([3]))).toThrow(
      /^mT: expected an array with at least 2 dims, got shape \[3\]$/,
    );
  });
});

describe('squeeze', () => {
  it('removes all size-1 dims, or only the listed ones', () => {
    const x = zeros([1, 2, 1, 3, 1]);
    expect(squeeze(x).shape).toEqual([2, 3]);
    expect(squeeze(x, 2).shape).toEqual([1, 2, 3, 1]);
    expect(squeeze(x, [0, -1]).shape).toEqual([2, 1, 3]);
  });

  it('leaves a listed dim whose size is not 1, as PyTorch', () => {
    expect(squeeze(zeros([2, 3]), 0).shape).toEqual([2, 3]);
  });

  it('squeezes to 0-d and accepts dim 0 of a 0-d array', () => {
    expect(squeeze(zeros([1, 1])).shape).toEqual([]);
    expect(squeeze(zeros([]), 0).shape).toEqual([]);
  });

  it('throws for an out-of-range or repeated dim', () => {
    expect(() => squeeze(zeros([1, 2]), 2)).toThrow(
      /^squeeze: dim 2 out of range for a 2-d array \(expected -2\.\.1\)$/,
    );
    expect(() => squeeze(zeros([1, 2]), [0, -2])).toThrow(
      /^squeeze: dim 0 appears more than once in \[0, -2\]$/,
    );
  });
});

describe('unsqueeze', () => {
  it('inserts a size-1 dim anywhere from 0 to ndim, negative counting from ndim + 1', () => {
    const x = zeros([2, 3]);
    expect(unsqueeze(x, 0).shape).toEqual([1, 2, 3]);
    expect(unsqueeze(x, 2).shape).toEqual([2, 3, 1]);
    expect(unsqueeze(x, -1).shape).toEqual([2, 3, 1]);
    expect(unsqueeze(x, -3).shape).toEqual([1, 2, 3]);
    expect(unsqueeze(array(1), 0).shape).toEqual([1]);
  });

  it('keeps the result contiguous when the input is', () => {
    expect(unsqueeze(iota([2, 3]), 1).isContiguous()).toBe(true);
  });

  it('throws IndexError describing the input array', () => {
    expect(() => unsqueeze(zeros([2, 3]), 3)).toThrow(
      /^unsqueeze: dim 3 out of range for a 2-d array \(expected -3\.\.2\)$/,
    );
    expect(() => unsqueeze(zeros([2, 3]), -4)).toThrow(IndexError);
  });
});

describe('expand', () => {
  it('stretches size-1 dims and adds leading dims with stride 0', () => {
    const y = expand(array([[1], [2]]), [3, 2, 4]);
    expect(y.strides).toEqual([0, 1, 0]);
    expect(y.toArray()).toEqual([
      [
        [1, 1, 1, 1],
        [2, 2, 2, 2],
      ],
      [
        [1, 1, 1, 1],
        [2, 2, 2, 2],
      ],
      [
        [1, 1, 1, 1],
        [2, 2, 2, 2],
      ],
    ]);
  });

  it('keeps sizes given as -1 and may expand to 0', () => {
    expect(expand(zeros([2, 1]), [-1, 5]).shape).toEqual([2, 5]);
    expect(expand(zeros([1]), [0]).shape).toEqual([0]);
  });

  it('throws ShapeError for a non-singleton mismatch, too few sizes or -1 in a new dim', () => {
    expect(() => expand(zeros([2, 3]), [2, 4])).toThrow(
      /^expand: the expanded size of the array \(4\) must match the existing size \(3\) at non-singleton dim 1; target \[2, 4\], array \[2, 3\]$/,
    );
    expect(() => expand(zeros([2, 3]), [3])).toThrow(
      /^expand: the number of sizes provided \(1\) must be greater or equal to the number of dimensions in the array \(2\)$/,
    );
    expect(() => expand(zeros([3]), [-1, 3])).toThrow(
      /^expand: -1 is not allowed in a leading, non-existing dim \(dim 0 of \[-1, 3\]\)$/,
    );
    expect(() => expand(zeros([1]), [-2])).toThrow(
      /^expand: invalid shape \[-2\] \(size -2 at dim 0\)$/,
    );
  });
});

describe('narrow', () => {
  it('takes length elements from start (negative start counts from the end)', () => {
    expect(narrow(arange(10), 0, -3, 2).toArray()).toEqual([7, 8]);
    expect(narrow(arange(10), 0, 10, 0).shape).toEqual([0]);
  });

  it('throws IndexError for a bad start or length, and for 0-d arrays', () => {
    expect(() => narrow(arange(3), 0, 4, 0)).toThrow(
      /^narrow: start 4 out of range for dim 0 of size 3 \(expected -3\.\.3\)$/,
    );
    expect(() => narrow(arange(3), 0, 1, 3)).toThrow(
      /^narrow: start \(1\) \+ length \(3\) exceeds dim 0 of size 3$/,
    );
    expect(() => narrow(arange(3), 0, 0, -1)).toThrow(IndexError);
    expect(() => narrow(array(1), 0, 0, 1)).toThrow(/^narrow: cannot be applied to a 0-d array$/);
  });
});

describe('slice', () => {
  it("follows Python's x[start:end:step]: negative bounds wrap, out-of-range ones clamp", () => {
    const x = arange(10);
    expect(slice(x, 0).toArray()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(slice(x, 0, { start: 1, end: -1, step: 3 }).toArray()).toEqual([1, 4, 7]);
    expect(slice(x, 0, { start: -100, end: 100, step: 4 }).toArray()).toEqual([0, 4, 8]);
    expect(slice(x, 0, { start: 7, end: 3 }).shape).toEqual([0]);
    expect(slice(x, 0, { start: 2, step: 20 }).toArray()).toEqual([2]);
  });

  it('slices an inner dim of a matrix', () => {
    expect(slice(iota([2, 4]), -1, { step: 2 }).toArray()).toEqual([
      [0, 2],
      [4, 6],
    ]);
  });

  it('throws ArgumentError for a non-positive step or fractional bounds, IndexError for 0-d arrays', () => {
    expect(() => slice(arange(3), 0, { step: 0 })).toThrow(
      /^slice: step must be a positive integer, got 0$/,
    );
    expect(() => slice(arange(3), 0, { step: -1 })).toThrow(
      /^slice: step must be a positive integer, got -1$/,
    );
    expect(() => slice(arange(3), 0, { start: 1.5 })).toThrow(
      /^slice: start must be an integer, got 1.5$/,
    );
    expect(() => slice(arange(3), 0, { end: 0.5 })).toThrow(
      /^slice: end must be an integer, got 0.5$/,
    );
    expect(() => slice(array(1), 0)).toThrow(/^slice: cannot be applied to a 0-d array$/);
  });
});

describe('select', () => {
  it('removes the dim (negative indices count from the end)', () => {
    expect(select(iota([2, 3]), 1, -1).toArray()).toEqual([2, 5]);
    expect(select(arange(3), 0, 1).shape).toEqual([]);
  });

  it('throws IndexError out of bounds and for 0-d arrays', () => {
    expect(() => select(iota([2, 3]), 1, 3)).toThrow(
      /^select: index 3 is out of bounds for dim 1 with size 3$/,
    );
    expect(() => select(iota([2, 3]), 1, -4)).toThrow(IndexError);
    expect(() => select(array(1), 0, 0)).toThrow(/^select: cannot index a 0-d array$/);
  });
});

describe('flatten', () => {
  it('merges startDim..endDim', () => {
    expect(flatten(zeros([2, 3, 4])).shape).toEqual([24]);
    expect(flatten(zeros([2, 3, 4]), 1).shape).toEqual([2, 12]);
    expect(flatten(zeros([2, 3, 4]), 0, -2).shape).toEqual([6, 4]);
    expect(flatten(array(7)).toArray()).toEqual([7]);
  });

  it('copies a non-contiguous array in row-major order', () => {
    expect(flatten(transpose(iota([2, 2]), 0, 1)).toArray()).toEqual([0, 2, 1, 3]);
  });

  it('throws IndexError when startDim comes after endDim', () => {
    expect(() => flatten(zeros([2, 3]), 1, 0)).toThrow(
      /^flatten: startDim \(1\) cannot come after endDim \(0\)$/,
    );
  });
});

describe('unflatten', () => {
  it('splits a dim into sizes (one may be -1)', () => {
    expect(unflatten(zeros([2, 12]), 1, [3, 4]).shape).toEqual([2, 3, 4]);
    expect(unflatten(zeros([2, 12]), -1, [-1, 6]).shape).toEqual([2, 2, 6]);
  });

  it("throws ShapeError when the sizes don't multiply up", () => {
    expect(() => unflatten(zeros([2, 6]), 1, [4, -1])).toThrow(
      /^unflatten: sizes \[4, -1\] don't multiply up to the size of dim 1 \(6\) of \[2, 6\]$/,
    );
    expect(() => unflatten(zeros([2, 6]), 1, [-1, -1])).toThrow(ShapeError);
    expect(() => unflatten(zeros([2, 1]), 1, [])).toThrow(
      /^unflatten: sizes must be non-empty \(dim 1 of \[2, 1\]\)$/,
    );
  });
});

describe('contiguous', () => {
  it('copies a non-contiguous or offset view, and only then', () => {
    const x = iota([2, 3]);
    expect(contiguous(x)).toBe(x);
    const t = contiguous(transpose(x, 0, 1));
    expect(t.isContiguous()).toBe(true);
    expect(t.data).not.toBe(x.data);
    expect(t.toArray()).toEqual([
      [0, 3],
      [1, 4],
      [2, 5],
    ]);
    const row = contiguous(select(x, 0, 1));
    expect(row.offset).toBe(0);
    expect(row.data.length).toBe(3);
  });
});

describe('clone', () => {
  it('shares no memory with the source', () => {
    const x = iota([2]);
    const y = clone(x);
    fill_(y, 9);
    expect(x.toArray()).toEqual([0, 1]);
  });
});

describe('astype', () => {
  it.each<[DType, number[], number[]]>([
    ['int32', [1.7, -1.7, 2.5], [1, -1, 2]],
    ['bool', [0, -0.5, NaN], [0, 1, 1]],
    ['float64', [0.1, 2, 3], [Math.fround(0.1), 2, 3]],
  ])('converts float32 to %s (truncation; nonzero and NaN are true)', (dtype, values, expected) => {
    const y = astype(array(values), dtype);
    expect(y.dtype).toBe(dtype);
    expect(y.toArray()).toEqual(expected);
  });

  it('copies when asked even for the same dtype', () => {
    const x = iota([2]);
    expect(astype(x, 'float32', { copy: true }).data).not.toBe(x.data);
  });

  it('converts a non-contiguous view', () => {
    expect(astype(transpose(iota([2, 2]), 0, 1), 'int32').toArray()).toEqual([
      [0, 2],
      [1, 3],
    ]);
  });

  it('throws DTypeError for an unknown dtype, naming astype', () => {
    expect(() => astype(iota([2]), 'float16' as DType)).toThrow(DTypeError);
    expect(() => astype(iota([2]), 'float16' as DType)).toThrow(
      /^astype: unknown dtype "float16" \(expected float32, float64, int32, bool\)$/,
    );
  });
});

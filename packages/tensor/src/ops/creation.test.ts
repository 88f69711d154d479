import { beforeEach, describe, expect, it } from 'vitest';
import {
  arange,
  array,
  eye,
  fromTypedArray,
  full,
  fullLike,
  Generator,
  linspace,
  manualSeed,
  ones,
  onesLike,
  rand,
  randint,
  randn,
  randperm,
  zeros,
  zerosLike,
  ArgumentError,
  DTypeError,
  ShapeError,
  type DType,
} from '../index.js';

beforeEach(() => {
  manualSeed(0);
});

describe('array', () => {
  it('builds float32 from nested numbers and infers the shape', () => {
    const x = array([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(x.dtype).toBe('float32');
    expect(x.shape).toEqual([2, 3]);
    expect(x.isContiguous()).toBe(true);
    expect(x.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it('builds 0-d arrays from a number or a boolean', () => {
    expect(array(2.5).shape).toEqual([]);
    expect(array(2.5).item()).toBe(2.5);
    expect(array(true).dtype).toBe('bool');
  });

  it('builds empty arrays', () => {
    expect(array([]).shape).toEqual([0]);
    expect(array([[], []]).shape).toEqual([2, 0]);
  });

  it('infers bool only when every value is a boolean, as torch.tensor', () => {
    expect(array([true, false]).dtype).toBe('bool');
    const mixed = array([true, 2]);
    expect(mixed.dtype).toBe('float32');
    expect(mixed.toArray()).toEqual([1, 2]);
  });

  it('converts to the dtype option (truncation for int32, nonzero for bool)', () => {
    expect(array([1.9, -1.9], { dtype: 'int32' }).toArray()).toEqual([1, -1]);
    expect(array([0, 0.5, -2], { dtype: 'bool' }).toArray()).toEqual([0, 1, 1]);
    expect(array([1, 2], { dtype: 'float64' }).data).toBeInstanceOf(Float64Array);
  });

  it('copies typed arrays and takes their dtype', () => {
    const source = new Int32Array([1, 2, 3, 4]);
    const x = array(source, { shape: [2, 2] });
    expect(x.dtype).toBe('int32');
    source[0] = 9;
    expect(x.toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(array(new Uint8Array([0, 1])).dtype).toBe('bool');
  });

  it('keeps bool storage at 0 and 1 when converting typed arrays', () => {
    expect([...array(new Uint8Array([0, 2, 255])).data]).toEqual([0, 1, 1]);
    expect(array(new Float32Array([0.5, 0]), { dtype: 'bool' }).toArray()).toEqual([1, 0]);
  });

  it('reshapes nested data to the shape option', () => {
    expect(array([1, 2, 3, 4], { shape: [2, 2] }).toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('throws ArgumentError for ragged data, naming the index', () => {
    expect(() => array([[1, 2], [3]])).toThrow(ArgumentError);
    expect(() => array([[1, 2], [3]])).toThrow(
      /^array: ragged nested array: expected length 2 at dim 1 \(index \[1\]\), got length 1$/,
    );
    expect(() => array([1, [2]] as never)).toThrow(
      /^array: expected a number or boolean at index \[1\], got an Array$/,
    );
  });

  it('throws ArgumentError for values that are not numbers or booleans', () => {
    expect(() => array(['a'] as never)).toThrow(
      /^array: expected a number or boolean at index \[0\], got string "a"$/,
    );
    expect(() => array([null] as never)).toThrow(
      /^array: expected a number or boolean at index \[0\], got null$/,
    );
  });

  it('throws for a shape option that does not fit the values', () => {
    expect(() => array([1, 2, 3], { shape: [2, 2] })).toThrow(
      /^array: 3 values cannot fill shape \[2, 2\] \(4 elements\)$/,
    );
    expect(() => array(new Float32Array(3), { shape: [2, 2] })).toThrow(
      /^array: 3 values cannot fill shape \[2, 2\] \(4 elements\)$/,
    );
    expect(() => array([1], { shape: [-1] })).toThrow(ShapeError);
  });

  it('throws DTypeError for an unknown dtype or an unsupported typed array', () => {
    expect(() => array([1], { dtype: 'int8' as DType })).toThrow(
      /^array: unknown dtype "int8" \(expected float32, float64, int32, bool\)$/,
    );
    expect(() => array(new Int16Array(2) as never)).toThrow(
      /^array: unsupported typed array Int16Array \(expected Float32Array, Float64Array, Int32Array or Uint8Array\)$/,
    );
  });
});

describe('fromTypedArray', () => {
  it('wraps the typed array without copying', () => {
    const data = new Float32Array([1, 2, 3, 4]);
    const x = fromTypedArray(data, [2, 2]);
    expect(x.data).toBe(data);
    data[3] = 7;
    expect(x.toArray()).toEqual([
      [1, 2],
      [3, 7],
    ]);
  });

  it('throws when the shape does not fit', () => {
    expect(() => fromTypedArray(new Float32Array(3), [2, 2])).toThrow(
      /^fromTypedArray: 3 values cannot fill shape \[2, 2\] \(4 elements\)$/,
    );
  });
});

describe('full, zeros, ones', () => {
  it('fills float32 by default, bool for a boolean value', () => {
    expect(full([2], 7).toArray()).toEqual([7, 7]);
    expect(full([2], 7).dtype).toBe('float32');
    expect(full([1], true).dtype).toBe('bool');
    expect(zeros([2, 3]).toArray()).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(ones([2], { dtype: 'int32' }).dtype).toBe('int32');
    expect(zeros([]).shape).toEqual([]);
  });

  it('keeps bool storage at 0 and 1 (nonzero and NaN are true)', () => {
    expect([...full([2], 2, { dtype: 'bool' }).data]).toEqual([1, 1]);
    expect([...full([1], NaN, { dtype: 'bool' }).data]).toEqual([1]);
  });

  it('*Like functions take the shape and dtype of their argument', () => {
    const x = zeros([2, 3], { dtype: 'int32' });
    expect(onesLike(x).dtype).toBe('int32');
    expect(zerosLike(x, { dtype: 'float64' }).dtype).toBe('float64');
    expect(fullLike(x, 4).toArray()).toEqual([
      [4, 4, 4],
      [4, 4, 4],
    ]);
  });

  it('throws ShapeError naming the op that was called', () => {
    expect(() => zeros([2, -1])).toThrow(/^zeros: invalid shape \[2, -1\] \(size -1 at dim 1\)$/);
    expect(() => ones([1.5])).toThrow(/^ones: invalid shape \[1.5\] \(size 1.5 at dim 0\)$/);
    expect(() => full([2 ** 20, 2 ** 20], 0)).toThrow(
      /^full: shape \[1048576, 1048576\] has too many elements \(1099511627776\)$/,
    );
    expect(() => zeros([2], { dtype: 'float16' as DType })).toThrow(
      /^zeros: unknown dtype "float16"/,
    );
  });
});

describe('arange', () => {
  it('counts integers as int32 and fractions as float32', () => {
    expect(arange(5).toArray()).toEqual([0, 1, 2, 3, 4]);
    expect(arange(5).dtype).toBe('int32');
    expect(arange(2, 8, 3).toArray()).toEqual([2, 5]);
    expect(arange(0, 1, 0.25).toArray()).toEqual([0, 0.25, 0.5, 0.75]);
    expect(arange(0, 1, 0.25).dtype).toBe('float32');
    expect(arange(3, 0, -1).toArray()).toEqual([3, 2, 1]);
    expect(arange(0).shape).toEqual([0]);
    expect(arange(3, undefined, 1, { dtype: 'float64' }).dtype).toBe('float64');
  });

  it('throws ArgumentError for a zero step or a step of the wrong sign', () => {
    expect(() => arange(0, 5, 0)).toThrow(
      /^arange: start \(0\), end \(5\) and step \(0\) must be finite and step nonzero$/,
    );
    expect(() => arange(0, 5, -1)).toThrow(
      /^arange: upper bound and lower bound inconsistent with step sign \(start 0, end 5, step -1\)$/,
    );
    expect(() => arange(Infinity)).toThrow(ArgumentError);
  });
});

describe('linspace', () => {
  it('includes both ends exactly', () => {
    expect(linspace(0, 1, 5).toArray()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    const x = linspace(-1, 0.3, 7, { dtype: 'float64' }).toArray() as number[];
    expect(x[0]).toBe(-1);
    expect(x[6]).toBe(0.3);
  });

  it('gives [start] for one step and [] for zero, as torch.linspace', () => {
    expect(linspace(0, 1, 1).toArray()).toEqual([0]);
    expect(linspace(0, 1, 0).shape).toEqual([0]);
  });

  it('throws ArgumentError for a negative or fractional number of steps', () => {
    expect(() => linspace(0, 1, -1)).toThrow(
      /^linspace: steps must be a non-negative integer, got -1$/,
    );
    expect(() => linspace(0, 1, 2.5)).toThrow(
      /^linspace: steps must be a non-negative integer, got 2.5$/,
    );
  });
});

describe('eye', () => {
  it('builds square and rectangular identities', () => {
    expect(eye(2).toArray()).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(eye(2, 3, { dtype: 'int32' }).toArray()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
    ]);
  });

  it('throws ShapeError naming eye', () => {
    expect(() => eye(-1)).toThrow(/^eye: invalid shape \[-1, -1\] \(size -1 at dim 0\)$/);
  });
});

describe('rand and randn', () => {
  it('fill the shape with float32 by default, float64 on request', () => {
    expect(rand([2, 3]).shape).toEqual([2, 3]);
    expect(randn([4]).dtype).toBe('float32');
    expect(randn([4], { dtype: 'float64' }).dtype).toBe('float64');
  });

  it('are reproducible after manualSeed and with a Generator', () => {
    manualSeed(7);
    const a = rand([5]).toArray();
    manualSeed(7);
    expect(rand([5]).toArray()).toEqual(a);
    expect(randn([3], { generator: new Generator(3) }).toArray()).toEqual(
      randn([3], { generator: new Generator(3) }).toArray(),
    );
  });

  it('rand stays below 1 in float32 (24 random bits, as PyTorch)', () => {
    const x = rand([4096], { generator: new Generator(1) }).dataSync();
    for (const v of x) expect(v * 2 ** 24).toSatisfy(Number.isInteger);
    expect(Math.max(...x)).toBeLessThan(1);
  });

  it('throw DTypeError for a non-float dtype', () => {
    expect(() => rand([2], { dtype: 'int32' })).toThrow(DTypeError);
    expect(() => randn([2], { dtype: 'bool' })).toThrow(
      /^randn: dtype must be float32 or float64, got bool$/,
    );
  });
});

describe('randint', () => {
  it('draws int32 in [low, high)', () => {
    const x = randint(-2, 3, [200]);
    expect(x.dtype).toBe('int32');
    expect(new Set(x.dataSync())).toEqual(new Set([-2, -1, 0, 1, 2]));
  });

  it('throws ArgumentError unless low < high are integers', () => {
    expect(() => randint(3, 3, [2])).toThrow(
      /^randint: expected integers low < high, got low 3 and high 3$/,
    );
    expect(() => randint(0, 2.5, [2])).toThrow(ArgumentError);
  });
});

describe('randperm', () => {
  it('returns int32 0..n-1 in some order', () => {
    const x = randperm(10);
    expect(x.dtype).toBe('int32');
    expect([...x.dataSync()].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(randperm(0).shape).toEqual([0]);
  });

  it('throws ArgumentError for a negative n', () => {
    expect(() => randperm(-1)).toThrow(/^randperm: n must be a non-negative integer, got -1$/);
  });
});

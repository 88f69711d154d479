// Issue 9, "nothing silently wrong", for @dl/tensor: array creation, int32 arithmetic and the
// storage version counter. Each block names the behaviour it guards; a regression here means a
// value would again be shifted, wrapped or changed without anyone being told.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as nd from './index.js';
import {
  ArgumentError, DTypeError, ShapeError, add, inPlaceWriteCount, storageVersionAt, arange, array, astype, bumpVersion, cumprod,
  cumsum, div, empty, fill_, floorDivide, fromTypedArray, full, gt, lastInPlaceOp, linspace, mul,
  neg, ones, pow, prod, rand, randint, randn, randperm, remainder, storageVersion, sub, sum, zeros,
  type NDArray, type NestedInput,
} from './index.js';

const int32 = (values: NestedInput): NDArray => array(values, { dtype: 'int32' });

describe('array: nested input', () => {
  it('rejects a hole instead of shifting the values after it (#9)', () => {
    // eslint-disable-next-line no-sparse-arrays -- the hole is the point of the test
    expect(() => array([1, , 3] as number[])).toThrow(/^array: hole \(empty slot\) at index \[1\] of a sparse array\nhint: /);
    // eslint-disable-next-line no-sparse-arrays -- a hole in an inner array
    expect(() => array([[1, 2], [3, ,]] as number[][])).toThrow(/array: hole \(empty slot\) at index \[1, 1\]/);
    // eslint-disable-next-line no-sparse-arrays -- a hole where the first row would be
    expect(() => array([, [1]] as number[][])).toThrow(/array: hole \(empty slot\) at index \[0\]/);
    expect(() => array(new Array<number>(3))).toThrow(ArgumentError);
  });

  it('refuses nesting deeper than 64 levels, and data that contains itself, by name', () => {
    let deep: NestedInput = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => array(deep)).toThrow(/^array: nested deeper than 64 levels/);
    const cycle: NestedInput[] = [];
    cycle.push(cycle);
    expect(() => array(cycle)).toThrow(/array: nested deeper than 64 levels .*contains itself/);
    let ok: NestedInput = 7;
    for (let i = 0; i < 64; i++) ok = [ok];
    expect(array(ok).ndim).toBe(64);
  });

  /** A nested array of `shape` holding 0, 1, 2, ... in row-major order. */
  const build = (shape: readonly number[], next: { value: number }): NestedInput =>
    shape.length === 0
      ? next.value++
      : Array.from({ length: shape[0] }, () => build(shape.slice(1), next));

  /** The reference: leaves in order, or 'hole' when a slot is empty (what array must refuse). */
  const reference = (value: unknown): number[] | 'hole' => {
    if (!Array.isArray(value)) return [value as number];
    const out: number[] = [];
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) return 'hole';
      const inner = reference(value[i]);
      if (inner === 'hole') return 'hole';
      out.push(...inner);
    }
    return out;
  };

  it('flattens random nested arrays, with and without holes, as a reference walk does', () => {
    const arbCase = fc
      .array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 })
      .chain((shape) =>
        fc.tuple(
          fc.constant(shape),
          fc.option(fc.tuple(...shape.map((size) => fc.integer({ min: 0, max: size - 1 }))), { nil: undefined }),
          fc.integer({ min: 0, max: shape.length - 1 }),
        ),
      );
    fc.assert(
      fc.property(arbCase, ([shape, holeAt, holeDepth]) => {
        const data = build(shape, { value: 0 });
        if (holeAt) {
          // Punch a hole at depth holeDepth along the path holeAt.
          let parent = data as NestedInput[];
          for (let d = 0; d < holeDepth; d++) parent = parent[holeAt[d]] as NestedInput[];
          Reflect.deleteProperty(parent, holeAt[holeDepth]);
        }
        const expected = reference(data);
        const outcome = (): unknown => {
          try {
            const x = array(data);
            return { shape: x.shape, values: Array.from(x.dataSync()) };
          } catch (error) {
            const message = (error as Error).message;
            return message.startsWith('array: hole (empty slot) at index [') ? 'hole' : message;
          }
        };
        expect(outcome()).toEqual(expected === 'hole' ? 'hole' : { shape, values: expected });
      }),
      { numRuns: 300 },
    );
  });
});

describe('creation: a number is a 1-d shape, as PyTorch', () => {
  it.each([
    ['zeros', () => zeros(3)],
    ['ones', () => ones(3)],
    ['empty', () => empty(3)],
    ['full', () => full(3, 7)],
    ['rand', () => rand(3)],
    ['randn', () => randn(3)],
    ['randint', () => randint(0, 5, 3)],
  ] as const)('%s(3) has shape [3]', (_, make) => {
    expect(make().shape).toEqual([3]);
  });

  it('gives the values a list shape gives', () => {
    expect(full(2, 7).toArray()).toEqual([7, 7]);
    expect(ones(0).shape).toEqual([0]);
    expect(empty([2, 2], { dtype: 'int32' }).dtype).toBe('int32');
  });

  it('refuses a bad size or a shape that is neither a list nor a number, naming the op', () => {
    expect(() => zeros(-1)).toThrow(/^zeros: invalid shape \[-1\] \(size -1 at dim 0\)/);
    expect(() => randn(2.5)).toThrow(/^randn: invalid shape \[2.5\]/);
    expect(() => ones('3' as never)).toThrow(/^ones: shape must be an array of sizes or a number, got string "3"/);
    expect(() => full(null as never, 1)).toThrow(/^full: shape must be an array of sizes or a number, got null/);
    expect(() => zeros(-1)).toThrow(ShapeError);
  });
});

describe('creation: sizes that cannot be allocated', () => {
  it('arange, linspace and randperm name their arguments instead of throwing a RangeError', () => {
    expect(() => arange(0, 1e10)).toThrow(/^arange: 10000000000 elements are too many to allocate \(start 0, end 10000000000, step 1\)/);
    expect(() => linspace(0, 1, 1e10)).toThrow(/^linspace: 10000000000 steps are too many to allocate \(start 0, end 1\)/);
    expect(() => randperm(1e10)).toThrow(/^randperm: n \(10000000000\) is beyond int32/);
  });

  it('turns any failed allocation into an ArgumentError naming the op, the size and the dtype', () => {
    const attempt = (): NDArray => randperm(1e10, { dtype: 'float64' });
    expect(attempt).toThrow(ArgumentError);
    expect(attempt).toThrow(/^randperm: cannot allocate 10000000000 elements of float64 \(80000000000 bytes\): /);
    expect(() => zeros([1e5, 1e5])).toThrow(/^zeros: shape \[100000, 100000\] has too many elements/);
  });
});

describe('int32 values never wrap', () => {
  it('array, full and fill_ refuse values outside int32, naming the value', () => {
    expect(() => int32([1, 2 ** 31])).toThrow(/^array: value 2147483648 at index \[1\] cannot be converted to int32 without overflow/);
    expect(() => array(new Float64Array([3e9]), { dtype: 'int32' })).toThrow(/^array: value 3000000000 at flat index 0 cannot be converted/);
    expect(() => full([1], 2 ** 32, { dtype: 'int32' })).toThrow(/^full: value 4294967296 cannot be converted to int32/);
    expect(() => int32([NaN])).toThrow(/^array: value NaN at index \[0\]/);
    expect(() => fill_(zeros([2], { dtype: 'int32' }), 3e9)).toThrow(/^fill_: value 3000000000 at flat index 0/);
    expect(() => int32([2 ** 31])).toThrow(DTypeError);
  });

  it('keeps the int32 extremes and truncates fractions toward zero, as torch.tensor(..., dtype=int32)', () => {
    expect(int32([-(2 ** 31), 2 ** 31 - 1]).toArray()).toEqual([-(2 ** 31), 2 ** 31 - 1]);
    expect(int32([1.5, -1.5]).toArray()).toEqual([1, -1]);
  });

  it('astype to int32 refuses NaN, infinities and values beyond int32', () => {
    expect(() => astype(array([1, 3e9], { dtype: 'float64' }), 'int32')).toThrow(/^astype: value 3000000000 at flat index 1 cannot be converted to int32 without overflow/);
    expect(() => astype(array([NaN]), 'int32')).toThrow(/^astype: value NaN at flat index 0 cannot be converted to int32 \(NaN has no integer value\)\nhint: /);
    expect(() => astype(array([-Infinity]), 'int32')).toThrow(/^astype: value -Infinity/);
    expect(astype(array([2.7, -2.7]), 'int32').toArray()).toEqual([2, -2]);
  });

  it('arange with integer arguments and randint refuse values past int32 (PyTorch would use int64)', () => {
    expect(() => arange(2 ** 31 - 2, 2 ** 31 + 2)).toThrow(/^arange: value 2147483649 \(the last value\) \(start 2147483646, end 2147483650, step 1\)/);
    expect(arange(2 ** 31 - 2, 2 ** 31 + 2, 1, { dtype: 'float64' }).toArray()).toEqual([2147483646, 2147483647, 2147483648, 2147483649]);
    expect(() => randint(0, 2 ** 32, [2])).toThrow(/^randint: value 4294967295 \(high - 1\)/);
  });
});

describe('int32 arithmetic never wraps', () => {
  it('add, sub, mul and neg throw on overflow, naming the result', () => {
    expect(() => add(int32([2 ** 31 - 1]), 1)).toThrow(/^add: int32 overflow: the result 2147483648 \(at flat index 0\) is outside -2147483648..2147483647\nhint: /);
    expect(() => sub(int32([0, -(2 ** 31)]), 1)).toThrow(/^sub: int32 overflow: the result -2147483649 \(at flat index 1\)/);
    expect(() => mul(int32([65536]), int32([65536]))).toThrow(/^mul: int32 overflow: the result 4294967296/);
    expect(() => neg(int32([-(2 ** 31)]))).toThrow(/^neg: int32 overflow: the result 2147483648/);
    expect(add(int32([2 ** 31 - 2]), 1).toArray()).toEqual([2 ** 31 - 1]);
  });

  it('an integer scalar beyond int32 makes the result float64 (exact) instead of wrapping', () => {
    const x = add(int32([1]), 3e9);
    expect(x.dtype).toBe('float64');
    expect(x.toArray()).toEqual([3000000001]);
    expect(gt(int32([1]), 3e9).toArray()).toEqual([0]);
  });

  it('agrees with exact (BigInt) arithmetic or throws, for random int32 operands', () => {
    const arbInt = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
    fc.assert(
      fc.property(arbInt, arbInt, fc.constantFrom('add', 'sub', 'mul'), (a, b, op) => {
        const exact = op === 'add' ? BigInt(a) + BigInt(b) : op === 'sub' ? BigInt(a) - BigInt(b) : BigInt(a) * BigInt(b);
        const outcome = (): unknown => {
          try {
            return nd[op](int32([a]), int32([b])).toArray();
          } catch (error) {
            return (error as Error).message.includes('int32 overflow') ? 'overflow' : error;
          }
        };
        expect(outcome()).toEqual(exact < -(2n ** 31n) || exact >= 2n ** 31n ? 'overflow' : [Number(exact)]);
      }),
      { numRuns: 500 },
    );
  });

  it('sum, prod, cumsum and cumprod of int32 throw when the result leaves int32', () => {
    const big = int32([2 ** 30, 2 ** 30, 2 ** 30]);
    expect(() => sum(big)).toThrow(/^sum: int32 overflow: the result 3221225472 \(at flat index 0\)/);
    expect(() => prod(int32([65536, 65536]))).toThrow(/^prod: int32 overflow: the result 4294967296/);
    expect(() => cumsum(big, 0)).toThrow(/^cumsum: int32 overflow: the result 2147483648 \(at flat index 1\)/);
    expect(() => cumprod(int32([65536, 65536]), 0)).toThrow(/^cumprod: int32 overflow: the result 4294967296 \(at flat index 1\)/);
    expect(() => sum(int32([[2 ** 30], [2 ** 30]]), 0)).toThrow(/^sum: int32 overflow/);
    expect(sum(int32([2 ** 30, 2 ** 30 - 1])).item()).toBe(2 ** 31 - 1);
  });

  it('the documented way out is exact: sums in float64 hold integers to 2^53', () => {
    expect(sum(astype(int32([2 ** 30, 2 ** 30, 2 ** 30]), 'float64')).item()).toBe(3 * 2 ** 30);
    expect(sum(array([true, true, false])).dtype).toBe('int32');
  });
});

describe('int32 accumulation by index never wraps', () => {
  it('indexAdd_ and scatterAdd_ throw when repeated indices sum past int32, leaving the target as it was', () => {
    const target = int32([0, 5]);
    const twice = int32([1, 1]);
    expect(() => nd.indexAdd_(target, 0, twice, int32([2 ** 31 - 1, 1]))).toThrow(/^indexAdd_: int32 overflow: the result 2147483653 \(at flat index 1\)/);
    expect(() => nd.scatterAdd_(target, 0, twice, int32([2 ** 30, 2 ** 30]))).toThrow(/^scatterAdd_: int32 overflow: the result 2147483653 \(at flat index 1\)/);
    expect(() => nd.indexAdd(target, 0, twice, int32([2 ** 30, 2 ** 30]), { alpha: 2 })).toThrow(/^indexAdd: int32 overflow/);
    expect(target.toArray()).toEqual([0, 5]);
    expect(storageVersion(target)).toBe(0);
  });

  it('still counts exactly within int32 (a histogram by indexAdd_)', () => {
    const counts = nd.indexAdd_(zeros([3], { dtype: 'int32' }), 0, int32([0, 2, 2, 2]), ones([4], { dtype: 'int32' }));
    expect(counts.toArray()).toEqual([1, 0, 3]);
    expect(nd.scatterAdd(int32([[1, 2]]), 1, int32([[1, 1]]), int32([[5, 6]])).toArray()).toEqual([[1, 13]]);
  });
});

describe('integer division, modulo and powers', () => {
  it('div of integers is true division, so 1 / 0 is Infinity, as torch.div', () => {
    const x = div(int32([1, -1, 0]), int32([0, 0, 0]));
    expect(x.dtype).toBe('float32');
    expect(x.toArray()).toEqual([Infinity, -Infinity, NaN]);
  });

  it('floorDivide and remainder of integers by zero throw, as PyTorch\'s ZeroDivisionError', () => {
    expect(() => floorDivide(int32([7, 1]), int32([2, 0]))).toThrow(/^floorDivide: ZeroDivisionError: integer division by zero \(divisor 0 at flat index 1\)\nhint: /);
    expect(() => remainder(int32([7]), int32([0]))).toThrow(/^remainder: ZeroDivisionError: integer division by zero \(divisor 0\)/);
    expect(() => remainder(int32([7]), 0)).toThrow(/^remainder: ZeroDivisionError/);
    expect(floorDivide(int32([7, -7]), 2).toArray()).toEqual([3, -4]);
    expect(remainder(array([7]), 0).toArray()).toEqual([NaN]);
  });

  it('floorDivide of -2^31 by -1 throws instead of wrapping', () => {
    expect(() => floorDivide(int32([-(2 ** 31)]), -1)).toThrow(/^floorDivide: int32 overflow: the result 2147483648/);
  });

  it('pow of an integer by a negative integer throws, as PyTorch', () => {
    expect(() => pow(int32([2]), -1)).toThrow(/^pow: integers to negative integer powers are not allowed \(exponent -1\)\nhint: /);
    expect(() => pow(int32([2, 3]), int32([1, -2]))).toThrow(/^pow: integers to negative integer powers are not allowed \(exponent -2 at flat index 1\)/);
    expect(pow(int32([2, 3]), 0).toArray()).toEqual([1, 1]);
    expect(pow(array([2]), -1).toArray()).toEqual([0.5]);
    expect(() => pow(int32([2]), 31)).toThrow(/^pow: int32 overflow: the result 2147483648/);
  });
});

/** A call of every in-place op on a fresh float32 [2, 2] array (or a view of one). */
const IN_PLACE: Record<string, (x: NDArray) => unknown> = {
  add_: (x) => nd.add_(x, 1),
  sub_: (x) => nd.sub_(x, 1),
  mul_: (x) => nd.mul_(x, 2),
  div_: (x) => nd.div_(x, 2),
  pow_: (x) => nd.pow_(x, 2),
  maximum_: (x) => nd.maximum_(x, 0.5),
  minimum_: (x) => nd.minimum_(x, 0.5),
  copy_: (x) => nd.copy_(x, ones([2, 2])),
  fill_: (x) => nd.fill_(x, 3),
  neg_: (x) => nd.neg_(x),
  sqrt_: (x) => nd.sqrt_(x),
  relu_: (x) => nd.relu_(x),
  clamp_: (x) => nd.clamp_(x, { min: 0.5 }),
  scatter_: (x) => nd.scatter_(x, 0, int32([[0, 1]]), 9),
  scatterAdd_: (x) => nd.scatterAdd_(x, 0, int32([[0, 1]]), ones([1, 2])),
  indexAdd_: (x) => nd.indexAdd_(x, 0, int32([1]), ones([1, 2])),
  maskedFill_: (x) => nd.maskedFill_(x, array([true, false]), 3),
  fusedSgd_: (x) => nd.fusedSgd_(x, ones([2, 2]), { lr: 0.1 }),
  fusedAdam_: (x) => nd.fusedAdam_(x, ones([2, 2]), zeros([2, 2]), zeros([2, 2]), { lr: 0.1, step: 1 }),
  negativeSamplingUpdate_: (x) => nd.negativeSamplingUpdate_(x, ones([2, 2]), { inputs: Int32Array.of(0), targets: Int32Array.of(1), negatives: Int32Array.of(0), lr: 0.1 }),
  cbowNegativeSamplingUpdate_: (x) =>
    nd.cbowNegativeSamplingUpdate_(x, ones([2, 2]), { contexts: Int32Array.of(0), offsets: Int32Array.of(0, 1), targets: Int32Array.of(1), negatives: Int32Array.of(0), lr: 0.1 }),
  hierarchicalSoftmaxUpdate_: (x) =>
    nd.hierarchicalSoftmaxUpdate_(x, ones([2, 2]), { inputs: Int32Array.of(0), targets: Int32Array.of(1), lr: 0.1 }, { points: Int32Array.of(0, 0), codes: Uint8Array.of(0, 1), offsets: Int32Array.of(0, 1, 2) }),
};

describe('storage version', () => {
  // NOTE: the list of in-place ops is read from the exports, so a new `foo_` fails here until
  // it bumps the version (and gets a row above): autograd relies on every in-place write counting.
  const exported = Object.keys(nd).filter((name) => /^[a-z]\w*_$/.test(name) && typeof (nd as Record<string, unknown>)[name] === 'function');

  it('has a case for every exported in-place op', () => {
    expect(exported.filter((name) => !(name in IN_PLACE))).toEqual([]);
  });

  it.each(Object.entries(IN_PLACE))('%s bumps the version of the storage it writes, on every view of it', (name, run) => {
    const base = arange(1, 5, 1, { dtype: 'float32' });
    const x = base.reshape([2, 2]);
    const before = storageVersion(base);
    run(x);
    expect(storageVersion(base)).toBe(before + 1);
    expect(storageVersion(x.T)).toBe(before + 1);
    expect(lastInPlaceOp(base)).toBe(name);
  });

  it('counts writes through a strided view, and a copy keeps its own counter', () => {
    const x = zeros([3, 4]);
    const copy = nd.clone(x);
    nd.add_(nd.slice(x.T, 0, { start: 1 }), 1);
    nd.mul_(nd.select(x, 0, 2), 3);
    expect(storageVersion(x)).toBe(2);
    expect(storageVersion(copy)).toBe(0);
    expect(storageVersion(fromTypedArray(x.data as Float32Array, [12]))).toBe(2);
  });

  it('starts at 0, and bumpVersion counts direct writes to the typed array', () => {
    const x = zeros([2]);
    expect(storageVersion(x)).toBe(0);
    expect(lastInPlaceOp(x)).toBeUndefined();
    x.data[0] = 5;
    bumpVersion(x, 'customWrite_');
    expect(storageVersion(x)).toBe(1);
    expect(lastInPlaceOp(x)).toBe('customWrite_');
  });

  it('keeps the counters on globalThis, so two copies of @dl/tensor share them', () => {
    const x = zeros([2]);
    nd.add_(x, 1);
    const shared = (globalThis as unknown as Record<symbol, { table: WeakMap<object, { version: number }> }>)[Symbol.for('dl.storageVersions')];
    expect(shared.table.get(x.data)?.version).toBe(1);
  });

  it('counts writes globally, and recalls the version a storage had at an earlier count', () => {
    const x = zeros([2]);
    const y = zeros([2]);
    nd.add_(x, 1);
    const count = inPlaceWriteCount();
    expect(storageVersionAt(x, count)).toBe(1);
    nd.add_(y, 1);
    nd.add_(x, 1);
    expect(inPlaceWriteCount()).toBe(count + 2);
    expect(storageVersionAt(x, count)).toBe(1);
    expect(storageVersion(x)).toBe(2);
    expect(storageVersionAt(y, count)).toBe(0);
    expect(storageVersionAt(zeros([1]), count)).toBe(0);
    for (let i = 0; i < 40; i++) nd.add_(x, 1);
    expect(storageVersionAt(x, count)).toBeUndefined();
    expect(storageVersionAt(x, inPlaceWriteCount() - 3)).toBe(39);
  });

  it('out-of-place ops leave the version alone', () => {
    const x = ones([2]);
    add(x, 1);
    nd.reshape(x, [1, 2]);
    astype(x, 'float64');
    expect(storageVersion(x)).toBe(0);
  });
});

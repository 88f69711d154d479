// Property tests: random chains of view ops against the same chain on nested JS arrays, and
// every element-wise op on non-contiguous views against the op on an independent contiguous copy.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as nd from '../index.js';
import { array, type DType, type NDArray } from '../index.js';
import { applyNaiveViewStep, arbNDArray, arbView, arbViewChain, naive } from '../testing/index.js';

const RUNS = { numRuns: 100 };
const NUMERIC: readonly DType[] = ['int32', 'float32', 'float64'];

/** A contiguous copy made element by element with index arithmetic (no kernel, no gatherInto). */
const copyOf = (x: NDArray): NDArray =>
  nd.reshape(array(naive.flat(x), { dtype: x.dtype }), x.shape);

/**
 * What an op gave, labelled with the op's name so a failure says which op it was: dtype, shape
 * and values read element by element. Compared exactly, since both sides run the same kernel.
 */
const contents = (
  op: string,
  x: NDArray,
): { op: string; dtype: string; shape: readonly number[]; values: unknown } => ({
  op,
  dtype: x.dtype,
  shape: x.shape,
  values: naive.toNested(x),
});

/**
 * `contents` of what `f` gives, or the error it throws: the view and its copy must agree on
 * refusals too (astype of NaN to int32, integer division by zero, int32 overflow).
 */
const outcome = (op: string, f: () => NDArray): ReturnType<typeof contents> | { op: string; error: string } => {
  try {
    return contents(op, f());
  } catch (error) {
    return { op, error: (error as Error).message };
  }
};

const UNARY: [string, (x: NDArray) => NDArray][] = [
  ['neg', nd.neg],
  ['abs', nd.abs],
  ['exp', nd.exp],
  ['log', nd.log],
  ['log1p', nd.log1p],
  ['expm1', nd.expm1],
  ['sqrt', nd.sqrt],
  ['rsqrt', nd.rsqrt],
  ['reciprocal', nd.reciprocal],
  ['square', nd.square],
  ['sin', nd.sin],
  ['cos', nd.cos],
  ['tanh', nd.tanh],
  ['sigmoid', nd.sigmoid],
  ['relu', nd.relu],
  ['gelu', nd.gelu],
  ['softplus', nd.softplus],
  ['erf', nd.erf],
  ['sign', nd.sign],
  ['floor', nd.floor],
  ['ceil', nd.ceil],
  ['round', nd.round],
  ['logicalNot', nd.logicalNot],
  ['isNaN', nd.isNaN],
  ['isFinite', nd.isFinite],
  ['leakyRelu', (x) => nd.leakyRelu(x, 0.1)],
  ['clamp', (x) => nd.clamp(x, { min: -1, max: 2 })],
  ['astype int32', (x) => nd.astype(x, 'int32')],
  ['astype bool', (x) => nd.astype(x, 'bool')],
  ['contiguous', nd.contiguous],
  ['clone', nd.clone],
];

const BINARY: [string, (a: NDArray, b: NDArray) => NDArray][] = [
  ['add', nd.add],
  ['sub', nd.sub],
  ['mul', nd.mul],
  ['div', nd.div],
  ['pow', nd.pow],
  ['maximum', nd.maximum],
  ['minimum', nd.minimum],
  ['floorDivide', nd.floorDivide],
  ['remainder', nd.remainder],
  ['eq', nd.eq],
  ['ne', nd.ne],
  ['lt', nd.lt],
  ['le', nd.le],
  ['gt', nd.gt],
  ['ge', nd.ge],
  ['logicalAnd', nd.logicalAnd],
  ['logicalOr', nd.logicalOr],
  ['where', (a, b) => nd.where(nd.gt(a, 0), a, b)],
];

/** A view and a second, differently laid out array of the same shape (a transposed copy). */
function arbViewPair(dtype: DType): fc.Arbitrary<[NDArray, NDArray]> {
  return arbView(dtype, { special: true }).chain((v) =>
    arbNDArray(dtype, { shape: [...v.shape].reverse(), special: true }).map(
      (other): [NDArray, NDArray] => [v, nd.T(other)],
    ),
  );
}

describe('view chains', () => {
  it.each(['float32', 'int32', 'bool'] as const)(
    'read the same elements as the chain on nested arrays (%s)',
    (dtype) => {
      fc.assert(
        fc.property(arbViewChain(dtype), ({ base, steps, view }) => {
          const expected = steps.reduce(applyNaiveViewStep, naive.nested(base));
          expect(view.shape).toEqual(expected.shape);
          expect(view.toArray()).toEqual(expected.values);
          // And the strided arithmetic itself, read element by element from storage.
          expect(naive.toNested(view)).toEqual(expected.values);
        }),
        RUNS,
      );
    },
  );

  it('share storage with the base unless a reshape had to copy', () => {
    fc.assert(
      fc.property(
        arbViewChain('float32', {
          ops: [
            'transpose',
            'permute',
            'slice',
            'narrow',
            'select',
            'expand',
            'unsqueeze',
            'squeeze',
          ],
        }),
        ({ base, view }) => {
          expect(view.data).toBe(base.data);
        },
      ),
      RUNS,
    );
  });
});

describe('element-wise ops on views', () => {
  it.each(NUMERIC)(
    'every unary op on a non-contiguous %s view equals the op on its contiguous copy',
    (dtype) => {
      fc.assert(
        fc.property(arbView(dtype, { special: true }), (v) => {
          const copy = copyOf(v);
          for (const [name, op] of UNARY)
            expect(outcome(name, () => op(v))).toEqual(outcome(name, () => op(copy)));
        }),
        RUNS,
      );
    },
  );

  it.each(NUMERIC)('every binary op on %s views equals the op on contiguous copies', (dtype) => {
    fc.assert(
      fc.property(arbViewPair(dtype), ([v, w]) => {
        const [cv, cw] = [copyOf(v), copyOf(w)];
        for (const [name, op] of BINARY) {
          expect(outcome(name, () => op(v, w))).toEqual(outcome(name, () => op(cv, cw)));
          expect(outcome(`${name} (view second)`, () => op(w, v))).toEqual(
            outcome(`${name} (view second)`, () => op(cw, cv)),
          );
        }
        // Broadcasting a view against a scalar and against its own first row (arbView keeps ndim >= 1).
        expect(outcome('add scalar', () => nd.add(v, 2))).toEqual(outcome('add scalar', () => nd.add(cv, 2)));
        const row = (x: NDArray): NDArray => nd.narrow(x, 0, 0, Math.min(1, x.shape[0]));
        expect(outcome('mul row', () => nd.mul(v, row(v)))).toEqual(
          outcome('mul row', () => nd.mul(cv, row(cv))),
        );
      }),
      RUNS,
    );
  });

  it('add_ on a view changes exactly the viewed storage cells', () => {
    // No expand here: a stride-0 target is refused (see in-place.test.ts).
    const arbCase = arbView('float64', { ops: ['transpose', 'permute', 'slice', 'narrow'] }).chain(
      (v) =>
        arbNDArray('float64', { shape: v.shape }).map((other): [NDArray, NDArray] => [v, other]),
    );
    fc.assert(
      fc.property(arbCase, ([v, other]) => {
        const before = Array.from(v.data);
        const expected = before.slice();
        naive.indices(v.shape).forEach((index) => {
          const position = v.offset + index.reduce((p, i, d) => p + i * v.strides[d], 0);
          expected[position] += naive.at(other, index);
        });
        nd.add_(v, other);
        expect(Array.from(v.data)).toEqual(expected);
      }),
      RUNS,
    );
  });
});

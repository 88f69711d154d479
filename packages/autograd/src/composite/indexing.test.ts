import * as nd from '@dl/tensor';
import { Generator, type NDArray } from '@dl/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbLeaf, checkOp, leaf } from '../testing/check-op.js';
import { gradcheck } from '../testing/index.js';
import { tensor } from '../tensor.js';
import { maskedFill, maskedSelect } from './indexing.js';

const runs = { seed: 3, numRuns: 12 };

const int32 = (values: number[]): NDArray => nd.array(values, { dtype: 'int32' });
const float64 = (values: number[] | number[][]): NDArray => nd.array(values, { dtype: 'float64' });

describe('maskedFill', () => {
  it('matches nd.maskedFill and gradchecks with a broadcast mask', () => {
    fc.assert(
      fc.property(arbLeaf({ minDims: 1 }), fc.nat(), (x, seed) => {
        const mask = nd.gt(
          nd.randn([2, ...x.shape.map((s, d) => (d % 2 === 0 ? s : 1))], {
            generator: new Generator(seed),
          }),
          0,
        );
        checkOp(
          (t) => maskedFill(t, mask, -1.5),
          (t) => nd.maskedFill(t, mask, -1.5),
          [x],
        );
      }),
      runs,
    );
  });

  it('gives the filled positions zero gradient and the mask none', () => {
    const x = tensor([1, 2, 3], { dtype: 'float64', requiresGrad: true });
    const y = maskedFill(x, tensor(nd.array([true, false, true])), -Infinity);
    expect(y.toArray()).toEqual([-Infinity, 2, -Infinity]);
    expect(y.gradFn?.nextFunctions[0]).toBeNull();
    y.backward(nd.array([10, 20, 30], { dtype: 'float64' }));
    expect(x.grad?.toArray()).toEqual([0, 20, 0]);
  });

  it('keeps the input dtype for a number value, as nd.maskedFill', () => {
    const y = maskedFill(nd.array([1, 2], { dtype: 'int32' }), nd.array([true, false]), 7.9);
    expect([y.dtype, y.toArray()]).toEqual(['int32', [7, 2]]);
  });

  it('differentiates a 0-d tensor value: it gets the sum of the filled positions', () => {
    const x = leaf([3, 4], 0);
    const value = tensor(0.5, { dtype: 'float64', requiresGrad: true });
    const mask = nd.gt(nd.randn([4], { generator: new Generator(1) }), 0);
    gradcheck((t, v) => maskedFill(t, mask, v), [x, value]);
  });

  it('throws the errors of nd.maskedFill', () => {
    expect(() => maskedFill(leaf([2], 0), nd.array([1, 0], { dtype: 'int32' }), 0)).toThrow(
      /maskedFill: mask must be bool, got int32/,
    );
    expect(() => maskedFill(leaf([2], 0), nd.array([true, false, true]), 0)).toThrow(
      /maskedFill: shapes \[2\] and \[3\] are not broadcastable/,
    );
  });

  it('rejects a tensor value that is not 0-d or has another dtype', () => {
    const mask = nd.array([true, false]);
    expect(() => maskedFill(leaf([2], 0), mask, leaf([1], 1))).toThrow(
      /maskedFill: value must be a 0-d tensor, got shape \[1\]/,
    );
    expect(() => maskedFill(leaf([2], 0), mask, tensor(1, { dtype: 'float32' }))).toThrow(
      /maskedFill: value dtype float32 must match input dtype float64/,
    );
  });
});

describe('maskedSelect', () => {
  it('matches nd.maskedSelect and gradchecks with a broadcast mask', () => {
    fc.assert(
      fc.property(arbLeaf({ minDims: 1 }), fc.nat(), (x, seed) => {
        const mask = nd.gt(
          nd.randn([2, ...x.shape.map((s, d) => (d === 0 ? s : 1))], {
            generator: new Generator(seed),
          }),
          0,
        );
        checkOp(
          (t) => maskedSelect(t, mask),
          (t) => nd.maskedSelect(t, mask),
          [x],
        );
      }),
      runs,
    );
  });

  it('sends dy back to the selected positions only', () => {
    const x = tensor(
      float64([
        [1, 2],
        [3, 4],
      ]),
      { requiresGrad: true },
    );
    maskedSelect(
      x,
      tensor(
        nd.array([
          [true, false],
          [false, true],
        ]),
      ),
    ).backward(float64([10, 20]));
    expect(x.grad?.toArray()).toEqual([
      [10, 0],
      [0, 20],
    ]);
  });

  it('throws nd.maskedSelect errors', () => {
    expect(() => maskedSelect(leaf([2], 0), int32([1, 0]))).toThrow(
      /maskedSelect: mask must be bool, got int32/,
    );
  });
});

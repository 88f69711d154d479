import { describe, expect, it } from 'vitest';
import { array, ones, zeros } from '@dl/tensor';
import { expectClose } from '@dl/tensor/testing';
import { tensor } from '@dl/autograd';
import { SGD } from './sgd.js';
import { coalesceSparseGrad, isRowSparseGrad, setSparseGrad, sparseGradOf, sparseGradToDense, type RowSparseGrad } from './sparse-grad.js';

const int32 = (values: number[]) => array(values, { dtype: 'int32' });

describe('isRowSparseGrad', () => {
  it('accepts { indices, values } with a row per index and rejects anything else', () => {
    expect(isRowSparseGrad({ indices: int32([0, 2]), values: ones([2, 3]) })).toBe(true);
    expect(isRowSparseGrad({ indices: int32([0, 2]), values: ones([3, 3]) })).toBe(false);
    expect(isRowSparseGrad(ones([2, 3]))).toBe(false);
    expect(isRowSparseGrad(null)).toBe(false);
  });
});

describe('sparseGradOf', () => {
  it('reads the sparseGrad field setSparseGrad writes, null when unset', () => {
    const weight = tensor([[1, 2]], { requiresGrad: true });
    expect(sparseGradOf(weight)).toBeNull();
    const grad = { indices: int32([0]), values: ones([1, 2]) };
    setSparseGrad(weight, grad);
    expect(sparseGradOf(weight)).toBe(grad);
    expect((weight as unknown as { sparseGrad: RowSparseGrad }).sparseGrad).toBe(grad);
  });
});

describe('coalesceSparseGrad', () => {
  it('sorts the rows and sums repeated ones', () => {
    const { indices, values } = coalesceSparseGrad({ indices: int32([3, 1, 3]), values: array([[1, 2], [3, 4], [5, 6]]) });
    expect(indices.toArray()).toEqual([1, 3]);
    expectClose(values, [[3, 4], [6, 8]]);
  });

  it('returns an already coalesced gradient itself', () => {
    const grad = { indices: int32([0, 4]), values: ones([2, 2]) };
    expect(coalesceSparseGrad(grad)).toBe(grad);
  });
});

describe('sparseGradToDense', () => {
  it('scatters the rows into zeros shaped like the parameter, adding repeats', () => {
    const dense = sparseGradToDense({ indices: int32([2, 0, 2]), values: ones([3, 2]) }, zeros([3, 2]));
    expect(dense.toArray()).toEqual([[1, 1], [0, 0], [2, 2]]);
  });
});

describe('checkSparseGrad', () => {
  const step = (grad: unknown) => () => {
    const weight = tensor(zeros([4, 2]), { requiresGrad: true });
    setSparseGrad(weight, grad as RowSparseGrad);
    new SGD([weight]).step();
  };

  it('rejects malformed sparse gradients with the parameter and the sizes', () => {
    expect(step({ indices: [0], values: ones([1, 2]) })).toThrow(/SGD: the sparseGrad of parameter 0 must be \{ indices, values \} with NDArrays/);
    expect(step({ indices: array([0]), values: ones([1, 2]) })).toThrow(/SGD: sparseGrad.indices of parameter 0 must be int32, got float32/);
    expect(step({ indices: int32([0, 1]), values: ones([2, 3]) })).toThrow(
      /SGD: sparseGrad of parameter 0 has indices \[2\] and values \[2, 3\], expected \[2\] and \[2, 2\] \(one row of \[4, 2\] per index\)/,
    );
    expect(step({ indices: int32([4]), values: ones([1, 2]) })).toThrow(/SGD: sparseGrad index 4 is out of range for parameter 0 with 4 rows/);
    expect(step({ indices: int32([-1]), values: ones([1, 2]) })).toThrow(/SGD: sparseGrad index -1 is out of range/);
  });

  it('rejects a sparse gradient on a 0-d parameter', () => {
    const scalar = tensor(1, { requiresGrad: true });
    setSparseGrad(scalar, { indices: int32([0]), values: ones([1]) });
    expect(() => { new SGD([scalar]).step(); }).toThrow(/SGD: parameter 0 is 0-d and cannot have a row-sparse gradient/);
  });
});

// Test helpers for op suites (STYLE §7's checkOp): random float64 leaves, optionally laid out
// non-contiguously, and a one-line forward-plus-gradcheck comparison against an nd op.
import * as nd from '@dl/tensor';
import { Generator, type NDArray } from '@dl/tensor';
import { arbShape, type ShapeOptions } from '@dl/tensor/testing';
import fc from 'fast-check';
import { expect } from 'vitest';
import { tensor, type Tensor } from '../tensor.js';
import { gradcheck } from './gradcheck.js';

/**
 * A float64 leaf of standard normal values that requires grad. With `strided` (the default)
 * its memory is not contiguous: a step-2 slice for 1-d, the last two dims transposed otherwise.
 * @example
 * const x = leaf([3, 4], 0); // x.data.isContiguous() === false
 */
export function leaf(shape: readonly number[], seed: number, strided = true): Tensor {
  const generator = new Generator(seed);
  const draw = (s: readonly number[]): NDArray => nd.randn(s, { dtype: 'float64', generator });
  if (!strided || shape.length === 0) return tensor(draw(shape), { requiresGrad: true });
  if (shape.length === 1)
    return tensor(nd.slice(draw([2 * shape[0]]), 0, { step: 2 }), { requiresGrad: true });
  const [rows, cols] = shape.slice(-2);
  const swapped = [...shape.slice(0, -2), cols, rows];
  return tensor(nd.mT(draw(swapped)), { requiresGrad: true });
}

/**
 * Asserts that `op` computes exactly the values of `reference` (the NDArray op) and that its
 * gradients match central finite differences.
 * @example
 * checkOp((x) => permute(x, [1, 0]), (x) => nd.permute(x, [1, 0]), [leaf([2, 3], 0)]);
 */
export function checkOp(
  op: (...xs: Tensor[]) => Tensor,
  reference: (...xs: NDArray[]) => NDArray,
  inputs: Tensor[],
): void {
  expect(op(...inputs).toArray()).toEqual(reference(...inputs.map((x) => x.data)).toArray());
  gradcheck(op, inputs);
}

/**
 * fast-check leaves of random shapes (at most 24 elements by default), strided or not.
 * @example
 * fc.assert(fc.property(arbLeaf({ minDims: 1 }), (x) => checkOp(relu, nd.relu, [x])));
 */
export function arbLeaf(options: ShapeOptions = {}): fc.Arbitrary<Tensor> {
  return fc
    .tuple(arbShape({ maxSize: 24, ...options }), fc.nat(), fc.boolean())
    .map(([shape, seed, strided]) => leaf(shape, seed, strided));
}

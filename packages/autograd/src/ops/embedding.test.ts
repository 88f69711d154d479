import * as nd from '@dl/tensor';
import { Generator, type NDArray } from '@dl/tensor';
import { describe, expect, it } from 'vitest';
import { noGrad } from '../no-grad.js';
import type { RowSparseGrad } from '../sparse-grad.js';
import { tensor, type Tensor } from '../tensor.js';
import { gradcheck } from '../testing/index.js';
import { leaf } from '../testing/check-op.js';
import { embedding } from './embedding.js';
import { add, mul } from './elementwise.js';
import { sum } from './reduce.js';

const int32 = (values: number[] | number[][]): NDArray => nd.array(values, { dtype: 'int32' });

/** A float64 table that requires grad; strided (its transpose in memory) unless told otherwise. */
const table = (rows: number, dim: number, seed: number, strided = true): Tensor => leaf([rows, dim], seed, strided);

/** sum(embedding · cotangent) backward, so every lookup gets a distinct gradient row. */
function backwardThrough(weight: Tensor, indices: NDArray, options: { paddingIdx?: number; sparse?: boolean }, seed: number): NDArray {
  const out = embedding(weight, indices, options);
  const cotangent = nd.randn(out.shape, { dtype: out.dtype, generator: new Generator(seed) });
  sum(mul(out, cotangent)).backward();
  return cotangent;
}

/** The dense gradient a row-sparse one stands for (repeats summed). */
const densify = ({ indices, values }: RowSparseGrad, like: NDArray): NDArray => nd.indexAdd_(nd.zerosLike(like), 0, indices, values);

describe('embedding', () => {
  it('looks up rows in the shape [...indices.shape, dim]', () => {
    const weight = tensor([[0, 1], [10, 11], [20, 21]]);
    expect(embedding(weight, int32([[2, 0], [1, 2]])).toArray()).toEqual([[[20, 21], [0, 1]], [[10, 11], [20, 21]]]);
    expect(embedding(weight, nd.array(1, { dtype: 'int32' })).toArray()).toEqual([10, 11]);
    expect(embedding(weight, int32([])).shape).toEqual([0, 2]);
  });

  it('passes gradcheck with duplicate indices, 2-d indices and a non-contiguous table', () => {
    gradcheck((w) => embedding(w, int32([[1, 3, 1], [1, 0, 4]])), [table(5, 3, 1)]);
    gradcheck((w) => embedding(w, int32([2, 2, 2])), [table(4, 2, 2, false)]);
  });

  it('passes gradcheck with paddingIdx (the padding row gets zero gradient, its values pass through)', () => {
    const weight = table(5, 3, 3);
    const indices = int32([[0, 2, 4], [2, 4, 4]]);
    // Finite differences do see the padding row, so mask its lookups out of the checked function:
    // both gradients of that row are then 0, and the other rows are checked with padding present.
    const notPadding = nd.unsqueeze(nd.ne(indices, 4), -1).astype('float64');
    gradcheck((w) => mul(embedding(w, indices, { paddingIdx: 4 }), notPadding), [weight]);
    const fresh = table(5, 3, 3);
    sum(embedding(fresh, int32([4, 1, 4]), { paddingIdx: -1 })).backward();
    expect(fresh.grad?.toArray()).toEqual([[0, 0, 0], [1, 1, 1], [0, 0, 0], [0, 0, 0], [0, 0, 0]]);
    expect(embedding(weight, int32([4]), { paddingIdx: 4 }).toArray()).toEqual([weight.data.select(0, 4).toArray()]);
  });

  it('with sparse: true fills weight.sparseGrad, one row per lookup, equal to the dense gradient', () => {
    const indices = int32([[3, 0, 3], [5, 3, 1]]);
    for (const paddingIdx of [undefined, 3]) {
      const dense = table(6, 4, 4);
      const sparse = table(6, 4, 4);
      const cotangent = backwardThrough(dense, indices, { paddingIdx }, 5);
      backwardThrough(sparse, indices, { paddingIdx, sparse: true }, 5);
      expect(sparse.grad).toBeNull();
      const grad = sparse.sparseGrad;
      if (grad === null) throw new Error('no sparseGrad');
      expect(grad.indices.dtype).toBe('int32');
      expect(grad.values.dtype).toBe('float64');
      // Lookup order, repeats kept, padding lookups dropped.
      const kept = paddingIdx === undefined ? [0, 1, 2, 3, 4, 5] : [1, 3, 5];
      expect(grad.indices.toArray()).toEqual(kept.map((k) => [3, 0, 3, 5, 3, 1][k]));
      expect(grad.values.toArray()).toEqual(nd.indexSelect(nd.reshape(cotangent, [6, 4]), 0, int32(kept)).toArray());
      expect(densify(grad, sparse.data).toArray()).toEqual(dense.grad?.toArray());
    }
  });

  it('concatenates onto an existing sparseGrad on repeated backward, without merging rows', () => {
    const weight = table(5, 2, 6);
    sum(embedding(weight, int32([1, 4]), { sparse: true })).backward();
    const first = weight.sparseGrad;
    sum(mul(embedding(weight, int32([4, 0]), { sparse: true }), 2)).backward();
    expect(weight.sparseGrad?.indices.toArray()).toEqual([1, 4, 4, 0]);
    expect(weight.sparseGrad?.values.toArray()).toEqual([[1, 1], [1, 1], [2, 2], [2, 2]]);
    expect(first?.indices.toArray()).toEqual([1, 4]);
    expect(weight.grad).toBeNull();
  });

  it('concatenates the lookups of one table used twice in a graph, and after retainGraph', () => {
    const weight = table(4, 2, 7);
    const loss = add(sum(embedding(weight, int32([0]), { sparse: true })), sum(embedding(weight, int32([2, 2]), { sparse: true })));
    loss.backward(undefined, { retainGraph: true });
    expect(Array.from(weight.sparseGrad?.indices.dataSync() ?? []).sort()).toEqual([0, 2, 2]);
    loss.backward();
    expect(weight.sparseGrad?.indices.size).toBe(6);
  });

  it('adds a dense gradient to grad and a sparse one to sparseGrad when a table is used both ways', () => {
    const weight = table(3, 2, 8);
    sum(add(embedding(weight, int32([1]), { sparse: true }), embedding(weight, int32([2])))).backward();
    expect(weight.grad?.toArray()).toEqual([[0, 0], [0, 0], [1, 1]]);
    expect(weight.sparseGrad?.indices.toArray()).toEqual([1]);
  });

  it('copies the gradient rows: writing into sparseGrad changes neither dy nor the indices', () => {
    const weight = table(3, 2, 9);
    const indices = int32([2, 1]);
    const out = embedding(weight, indices, { sparse: true });
    const dy = nd.ones([2, 2], { dtype: 'float64' });
    out.backward(dy);
    nd.fill_(weight.sparseGrad?.values ?? dy, 5);
    nd.fill_(weight.sparseGrad?.indices ?? indices, 0);
    expect(dy.toArray()).toEqual([[1, 1], [1, 1]]);
    expect(indices.toArray()).toEqual([2, 1]);
  });

  it('gives a non-leaf weight a dense gradient that flows on to its leaf', () => {
    const weight = table(3, 2, 10);
    sum(embedding(mul(weight, 3), int32([0, 0]), { sparse: true })).backward();
    expect(weight.grad?.toArray()).toEqual([[6, 6], [0, 0], [0, 0]]);
    expect(weight.sparseGrad).toBeNull();
  });

  it('records nothing under noGrad and gives a frozen weight nothing', () => {
    const weight = table(3, 2, 11);
    const out = noGrad(() => embedding(weight, int32([1]), { sparse: true }));
    expect(out.requiresGrad).toBe(false);
    expect(out.gradFn).toBeNull();
    const frozen = tensor(nd.ones([3, 2]));
    const other = table(1, 2, 12);
    sum(mul(embedding(frozen, int32([0, 2]), { sparse: true }), other)).backward();
    expect(frozen.sparseGrad).toBeNull();
    expect(frozen.grad).toBeNull();
    expect(other.grad?.toArray()).toEqual([[2, 2]]);
  });

  it('names its node EmbeddingBackward', () => {
    expect(embedding(table(3, 2, 13), int32([0]), { sparse: true }).gradFn?.name).toBe('EmbeddingBackward');
  });

  it('throws on a bad weight, bad indices or a bad paddingIdx', () => {
    const weight = table(3, 2, 14);
    expect(() => embedding(tensor([1, 2]), int32([0]))).toThrow(/embedding: weight must be 2-d \[numEmbeddings, embeddingDim\], got \[2\]/);
    expect(() => embedding(weight, nd.array([0, 1]))).toThrow(/embedding: indices must be int32, got float32/);
    expect(() => embedding(weight, int32([0, 3]))).toThrow(/embedding: index 3 is out of range for 3 embeddings \(expected 0\.\.2\)/);
    expect(() => embedding(weight, int32([-1]))).toThrow(/embedding: index -1 is out of range for 3 embeddings/);
    expect(() => embedding(weight, int32([0]), { paddingIdx: 3 })).toThrow(/embedding: paddingIdx must be within the 3 embeddings \(expected -3\.\.2\), got 3/);
    expect(() => embedding(weight, [0] as unknown as NDArray)).toThrow(/embedding: indices must be a Tensor or an NDArray, got object/);
    expect(() => embedding(2 as unknown as NDArray, int32([0]))).toThrow(/embedding: weight must be a Tensor or an NDArray, got number/);
  });
});

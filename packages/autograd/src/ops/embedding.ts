// The embedding lookup: a primitive whose weight gradient is either dense (`weight.grad`) or
// row-sparse (`weight.sparseGrad`, for word2vec-scale tables where a batch touches few rows).
import * as nd from '@dl/tensor';
import { ArgumentError, DTypeError, IndexError, NDArray, ShapeError, formatShape } from '@dl/tensor';
import { defineOp } from '../define-op.js';
import { adoptSparseGrad } from '../grad-ownership.js';
import type { RowSparseGrad } from '../sparse-grad.js';
import { Tensor } from '../tensor.js';
import { indexData, type IndexLike } from './indexing.js';

/** Options of `embedding`. */
export interface EmbeddingLookupOptions {
  /** Row whose lookups give the weight no gradient (its values still pass through); negative counts from the end. */
  paddingIdx?: number | null;
  /** Give a leaf weight a row-sparse gradient in `weight.sparseGrad` instead of a dense `grad`. */
  sparse?: boolean;
}

/** What a call looks up besides the flat indices: the indices' shape and the padding row. */
interface Lookup {
  readonly indexShape: readonly number[];
  readonly paddingIdx: number | null;
}

/** The rows at `flat` (int32 [n]), shaped [...indexShape, ...rowShape]. */
const lookup = (weight: NDArray, flat: NDArray, { indexShape }: Lookup): NDArray =>
  nd.reshape(nd.indexSelect(weight, 0, flat), [...indexShape, ...weight.shape.slice(1)]);

/** The output gradient as one row per lookup: [n, ...rowShape]. */
const gradRows = (dy: NDArray, flat: NDArray, weight: { shape: readonly number[] }): NDArray =>
  nd.reshape(dy, [flat.size, ...weight.shape.slice(1)]);

const denseEmbedding = defineOp({
  name: 'embedding',
  forward: lookup,
  backward: (dy, { inputs: [weight], args: [, flat, { paddingIdx }] }) => {
    const grad = nd.indexAdd_(nd.zeros(weight.shape, { dtype: dy.dtype }), 0, flat, gradRows(dy, flat, weight));
    if (paddingIdx !== null) nd.fill_(nd.select(grad, 0, paddingIdx), 0);
    return [grad];
  },
});

/** The lookups' gradient rows, minus those of `paddingIdx`, in the weight's dtype (fresh memory). */
function sparseRows(dy: NDArray, flat: NDArray, paddingIdx: number | null, weight: Tensor): RowSparseGrad {
  // NOTE: both branches copy, never view dy or the saved index: optimizers and clipGradNorm_
  // may write into the values, and dy can be shared with other inputs' gradients.
  let indices = flat;
  let values = gradRows(dy, flat, weight);
  const ids = flat.dataSync();
  if (paddingIdx !== null && ids.includes(paddingIdx)) {
    const kept = nd.array(Array.from(ids.keys()).filter((k) => ids[k] !== paddingIdx), { dtype: 'int32' });
    indices = nd.indexSelect(indices, 0, kept);
    values = nd.indexSelect(values, 0, kept);
  } else {
    indices = nd.clone(indices);
    values = nd.clone(values);
  }
  return { indices, values: values.dtype === weight.dtype ? values : values.astype(weight.dtype) };
}

/**
 * The sparse variant of the primitive, built per call around the weight it updates.
 * NOTE: a defineOp rule sees only NDArrays (`ctx.inputs`), never the Tensor that owns them, and
 * a row-sparse gradient must land on that Tensor instead of flowing through the engine, which
 * would make it dense and sum it into `.grad`. So this closure captures the weight, writes
 * `weight.sparseGrad` itself and returns null for it: the engine then never reaches the
 * weight's AccumulateGrad, so `weight.grad` stays null. Building an op is one closure (defineOp
 * keeps no registry); the graph node holds the closure, and so the weight, while the graph lives.
 */
function sparseEmbedding(weight: Tensor): typeof denseEmbedding {
  return defineOp({
    name: 'embedding',
    forward: lookup,
    backward: (dy, { args: [, flat, { paddingIdx }] }) => {
      const grad = sparseRows(dy, flat, paddingIdx, weight);
      const previous = weight.sparseGrad;
      // Repeated rows are kept, not merged: optimizers coalesce where the update needs it.
      adoptSparseGrad(weight, previous ? { indices: nd.cat([previous.indices, grad.indices]), values: nd.cat([previous.values, grad.values]) } : grad);
      return [null];
    },
  });
}

/** The padding row as a row number in 0..rows-1, or null. */
function paddingRow(paddingIdx: number | null | undefined, rows: number): number | null {
  if (paddingIdx === undefined || paddingIdx === null) return null;
  if (!Number.isInteger(paddingIdx) || paddingIdx < -rows || paddingIdx >= rows) {
    throw new IndexError(`embedding: paddingIdx must be within the ${rows} embeddings (expected ${-rows}..${rows - 1}), got ${paddingIdx}`);
  }
  return paddingIdx < 0 ? paddingIdx + rows : paddingIdx;
}

/**
 * Rows of `weight` ([numEmbeddings, dim]) at the int32 `indices`, shaped [...indices.shape, dim],
 * as `F.embedding`. Repeated indices add up in the gradient; `paddingIdx` lookups give none.
 * With `sparse: true` a leaf weight gets `weight.sparseGrad = { indices, values }` (one row per
 * lookup, concatenated onto any earlier one) and no `weight.grad`; a non-leaf weight, whose
 * gradient must flow on through the graph, gets the dense gradient.
 * @example
 * const emb = randn([10000, 100], { requiresGrad: true });
 * embedding(emb, tokens, { sparse: true }).sum().backward(); // emb.sparseGrad.values: [tokens.size, 100]
 */
export function embedding(weight: Tensor | NDArray, indices: IndexLike, options: EmbeddingLookupOptions = {}): Tensor {
  const table: unknown = Tensor.isTensor(weight) ? weight.data : weight;
  if (!NDArray.isNDArray(table)) {
    throw new ArgumentError(`embedding: weight must be a Tensor or an NDArray, got ${table === null ? 'null' : typeof table}`);
  }
  if (table.ndim !== 2) throw new ShapeError(`embedding: weight must be 2-d [numEmbeddings, embeddingDim], got ${formatShape(table.shape)}`);
  const index = indexData('embedding', 'indices', indices);
  if (index.dtype !== 'int32') throw new DTypeError(`embedding: indices must be int32, got ${index.dtype}`);
  const rows = table.shape[0] ?? 0;
  // A copy: backward must see the indices of this call even if the caller reuses the array.
  const flat = nd.fromTypedArray(Int32Array.from(index.dataSync()));
  for (const i of flat.dataSync()) {
    if (i < 0 || i >= rows) throw new IndexError(`embedding: index ${i} is out of range for ${rows} embeddings (expected 0..${rows - 1})`);
  }
  const paddingIdx = paddingRow(options.paddingIdx, rows);
  const sparse = options.sparse === true && Tensor.isTensor(weight) && weight.isLeaf;
  return (sparse ? sparseEmbedding(weight) : denseEmbedding)(weight, flat, { indexShape: index.shape, paddingIdx });
}

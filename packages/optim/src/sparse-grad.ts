import { DTypeError, IndexError, ArgumentError, ShapeError, NDArray, formatShape, fromTypedArray, indexAdd_, zeros, zerosLike } from '@dl/tensor';
import type { RowSparseGrad, Tensor } from '@dl/autograd';

// The RowSparseGrad type lives in @dl/autograd (Tensor declares `sparseGrad`), so the producer
// (@dl/nn's sparse Embedding, via autograd's `embedding`) and these optimizers share one type.
export type { RowSparseGrad };

/**
 * True for an object shaped as a RowSparseGrad: NDArray `indices` (1-d) and `values` with as
 * many rows.
 * @example
 * isRowSparseGrad({ indices: array([0], { dtype: 'int32' }), values: ones([1, 3]) }) // true
 */
export function isRowSparseGrad(value: unknown): value is RowSparseGrad {
  if (typeof value !== 'object' || value === null) return false;
  const { indices, values } = value as Record<string, unknown>;
  return NDArray.isNDArray(indices) && NDArray.isNDArray(values) && indices.ndim === 1 && values.ndim >= 1 && values.shape[0] === indices.size;
}

/**
 * The row-sparse gradient of `param` (its `sparseGrad` field), or null when it has none.
 * @example
 * loss.backward(); sparseGradOf(embedding.weight) // { indices, values } after a sparse lookup
 */
export function sparseGradOf(param: Tensor): RowSparseGrad | null {
  // A Tensor from an older copy of @dl/autograd may lack the field.
  const grad: RowSparseGrad | null | undefined = param.sparseGrad;
  return grad ?? null;
}

/**
 * Sets (or with null clears) the row-sparse gradient of `param`: the channel a sparse layer
 * writes in backward and optimizers read in `step()`.
 * @example
 * setSparseGrad(weight, { indices: array([2], { dtype: 'int32' }), values: ones([1, 4]) });
 */
export function setSparseGrad(param: Tensor, grad: RowSparseGrad | null): void {
  param.sparseGrad = grad;
}

/**
 * @internal Throws unless `grad` is a well-formed row-sparse gradient of `param`.
 * @example
 * checkSparseGrad('SGD', grad, weight, 0);
 */
export function checkSparseGrad(op: string, grad: unknown, param: Tensor, index: number): asserts grad is RowSparseGrad {
  if (typeof grad !== 'object' || grad === null || !NDArray.isNDArray((grad as Record<string, unknown>).indices) || !NDArray.isNDArray((grad as Record<string, unknown>).values)) {
    throw new ArgumentError(`${op}: the sparseGrad of parameter ${index} must be { indices, values } with NDArrays`);
  }
  const { indices, values } = grad as RowSparseGrad;
  if (indices.dtype !== 'int32') throw new DTypeError(`${op}: sparseGrad.indices of parameter ${index} must be int32, got ${indices.dtype}`);
  if (param.ndim === 0) throw new ShapeError(`${op}: parameter ${index} is 0-d and cannot have a row-sparse gradient`);
  const rows = param.shape[0] ?? 0;
  const expected = [indices.size, ...param.shape.slice(1)];
  if (indices.ndim !== 1 || values.ndim !== expected.length || values.shape.some((size, d) => size !== expected[d])) {
    throw new ShapeError(
      `${op}: sparseGrad of parameter ${index} has indices ${formatShape(indices.shape)} and values ${formatShape(values.shape)}, expected [${indices.size}] and ${formatShape(expected)} (one row of ${formatShape(param.shape)} per index)`,
    );
  }
  for (const row of indices.dataSync()) {
    if (row < 0 || row >= rows) throw new IndexError(`${op}: sparseGrad index ${row} is out of range for parameter ${index} with ${rows} rows`);
  }
}

/**
 * The same gradient with sorted, unique indices (repeated rows summed), as
 * `torch.Tensor.coalesce`; returns `grad` itself when it already is.
 * @example
 * coalesceSparseGrad({ indices: array([3, 1, 3], { dtype: 'int32' }), values: ones([3, 2]) }).indices // [1, 3]
 */
export function coalesceSparseGrad(grad: RowSparseGrad): RowSparseGrad {
  const rows = grad.indices.dataSync();
  let coalesced = true;
  for (let k = 1; k < rows.length && coalesced; k++) coalesced = rows[k] > rows[k - 1];
  if (coalesced) return grad;
  const unique = Int32Array.from(new Set(rows)).sort();
  const position = new Map<number, number>();
  unique.forEach((row, k) => position.set(row, k));
  const target = Int32Array.from(rows, (row) => position.get(row) ?? 0);
  const values = indexAdd_(zeros([unique.length, ...grad.values.shape.slice(1)], { dtype: grad.values.dtype }), 0, fromTypedArray(target), grad.values);
  return { indices: fromTypedArray(unique), values };
}

/**
 * The dense gradient a row-sparse one stands for, shaped like `like` (the parameter's values).
 * @example
 * sparseGradToDense(grad, weight.data) // zeros except the rows in grad.indices
 */
export function sparseGradToDense(grad: RowSparseGrad, like: NDArray): NDArray {
  return indexAdd_(zerosLike(like), 0, grad.indices, grad.values);
}

/**
 * @internal A row-sparse gradient with no rows, what `zeroGrad({ setToNone: false })` leaves.
 * @example
 * emptySparseGrad(weight).values.shape // [0, 8]
 */
export function emptySparseGrad(param: Tensor): RowSparseGrad {
  return { indices: fromTypedArray(new Int32Array(0)), values: zeros([0, ...param.shape.slice(1)], { dtype: param.dtype }) };
}

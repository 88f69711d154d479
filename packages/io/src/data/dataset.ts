import { Tensor } from '@dl/autograd';
import { ArgumentError, IndexError, NDArray, randperm, select, ShapeError, type Generator } from '@dl/tensor';

/**
 * A sized collection of examples read by index, as `torch.utils.data.Dataset` (map-style).
 * @example
 * const squares: Dataset<number> = { length: 10, get: (i) => i * i };
 */
export interface Dataset<T> {
  /** Number of examples. */
  readonly length: number;
  /** The example at `index` (0 <= index < length). */
  get(index: number): T;
}

const asNDArray = (op: string, value: unknown, position: number): NDArray => {
  const data: unknown = Tensor.isTensor(value) ? value.data : value;
  if (!NDArray.isNDArray(data)) throw new ArgumentError(`${op}: argument ${position} must be an NDArray or a Tensor, got ${typeof value}`);
  return data;
};

/**
 * A dataset of rows of arrays that share their first dim, as `torch.utils.data.TensorDataset`;
 * example `i` is `[a[i], b[i], ...]` (views, no copies).
 * @example
 * const data = new TensorDataset(features, labels); const [x, y] = data.get(0);
 */
export class TensorDataset implements Dataset<NDArray[]> {
  readonly arrays: readonly NDArray[];

  constructor(...arrays: (NDArray | Tensor)[]) {
    if (arrays.length === 0) throw new ArgumentError('TensorDataset: expected at least one array');
    this.arrays = arrays.map((array, i) => asNDArray('TensorDataset', array, i));
    const sizes = this.arrays.map((array) => (array.ndim === 0 ? NaN : array.shape[0]));
    const bad = sizes.findIndex((size) => size !== sizes[0]);
    if (bad >= 0 || Number.isNaN(sizes[0])) {
      const at = bad >= 0 ? bad : 0;
      throw new ShapeError(`TensorDataset: size mismatch between arrays (dim 0 of array 0 is ${sizes[0]}, of array ${at} is ${sizes[at]}; 0-d arrays have none)`);
    }
  }

  get length(): number {
    return this.arrays[0]?.shape[0] ?? 0;
  }

  /**
   * The `index`-th row of every array.
   * @example
   * const [x, y] = data.get(3);
   */
  get(index: number): NDArray[] {
    return this.arrays.map((array) => select(array, 0, index));
  }
}

/**
 * The examples of `dataset` at `indices`, as `torch.utils.data.Subset`.
 * @example
 * const firstTen = new Subset(data, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
 */
export class Subset<T> implements Dataset<T> {
  constructor(
    readonly dataset: Dataset<T>,
    readonly indices: readonly number[],
  ) {
    indices.forEach((index) => {
      if (!Number.isInteger(index) || index < 0 || index >= dataset.length) {
        throw new IndexError(`Subset: index ${index} is out of range for a dataset of length ${dataset.length}`);
      }
    });
  }

  get length(): number {
    return this.indices.length;
  }

  /**
   * The example at position `index` of the subset.
   * @example
   * subset.get(0)
   */
  get(index: number): T {
    if (!Number.isInteger(index) || index < 0 || index >= this.indices.length) {
      throw new IndexError(`Subset: index ${index} is out of range for a subset of length ${this.length}`);
    }
    return this.dataset.get(this.indices[index]);
  }
}

/**
 * Splits a dataset into random non-overlapping subsets of the given lengths (or fractions that
 * sum to 1; leftovers go round-robin to the first subsets), as `torch.utils.data.random_split`.
 * @example
 * const [train, test] = randomSplit(data, [0.8, 0.2], { generator: new Generator(0) });
 */
export function randomSplit<T>(dataset: Dataset<T>, lengths: readonly number[], options: { generator?: Generator } = {}): Subset<T>[] {
  const n = dataset.length;
  let sizes = [...lengths];
  const total = sizes.reduce((a, b) => a + b, 0);
  if (sizes.every((size) => size >= 0 && size <= 1) && Math.abs(total - 1) < 1e-9 && total !== n) {
    sizes = sizes.map((fraction) => Math.floor(fraction * n));
    const remainder = n - sizes.reduce((a, b) => a + b, 0);
    for (let i = 0; i < remainder; i++) sizes[i % sizes.length] = (sizes[i % sizes.length] ?? 0) + 1;
  }
  if (sizes.some((size) => !Number.isInteger(size) || size < 0) || sizes.reduce((a, b) => a + b, 0) !== n) {
    throw new ArgumentError(`randomSplit: lengths [${lengths.join(', ')}] must be non-negative integers summing to ${n} or fractions summing to 1`);
  }
  const order = Array.from(randperm(n, { generator: options.generator }).dataSync());
  let start = 0;
  return sizes.map((size) => new Subset(dataset, order.slice(start, (start += size))));
}

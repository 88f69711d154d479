import { Tensor } from '@dl/autograd';
import { ArgumentError, array, defaultGenerator, Generator, NDArray, randperm, stack } from '@dl/tensor';
import type { Dataset } from './dataset.js';

/**
 * What `defaultCollate` makes of a batch of `T`: arrays and numbers stack, structures recurse.
 * @example
 * const batch: Collated<[NDArray, NDArray]> = defaultCollate(items); // [NDArray, NDArray]
 */
export type Collated<T> = T extends NDArray | Tensor | number | boolean
  ? NDArray
  : T extends string
    ? string[]
    : T extends readonly unknown[]
      ? { -readonly [K in keyof T]: Collated<T[K]> }
      : T extends object
        ? { -readonly [K in keyof T]: Collated<T[K]> }
        : never;

/**
 * Options of `DataLoader`, with PyTorch's names.
 * @example
 * new DataLoader(dataset, { batchSize: 32, shuffle: true, seed: 0, dropLast: true });
 */
export interface DataLoaderOptions<T, TBatch> {
  /** Examples per batch (default 1). */
  batchSize?: number;
  /** Draw a new random order every epoch (default false: dataset order). */
  shuffle?: boolean;
  /** The stream shuffling draws from; default: a Generator seeded with `seed`, else the default generator. */
  generator?: Generator;
  /** Seed of a generator owned by this loader (ignored when `generator` is given). */
  seed?: number;
  /** Drop the last batch when it is smaller than `batchSize` (default false). */
  dropLast?: boolean;
  /** Turns a list of examples into a batch (default `defaultCollate`). */
  collate?: (items: T[]) => TBatch;
}

/**
 * Merges a list of examples into a batch, as `torch.utils.data.default_collate`: NDArrays and
 * Tensors stack along a new dim 0, numbers become a float32 array, booleans a bool array,
 * strings a list, and arrays/objects are collated position by position or key by key.
 * @example
 * defaultCollate([[x0, y0], [x1, y1]]) // [stack([x0, x1]), stack([y0, y1])]
 */
export function defaultCollate<T>(items: readonly T[]): Collated<T> {
  return collate(items, 'batch') as Collated<T>;
}

function collate(items: readonly unknown[], where: string): unknown {
  if (items.length === 0) throw new ArgumentError('defaultCollate: cannot collate an empty batch');
  const first = items[0];
  const kindOf = (item: unknown): string =>
    NDArray.isNDArray(item) || Tensor.isTensor(item) ? 'array' : Array.isArray(item) ? 'list' : item === null ? 'null' : typeof item;
  const kind = kindOf(first);
  const odd = items.findIndex((item) => kindOf(item) !== kind);
  if (odd >= 0) throw new ArgumentError(`defaultCollate: ${where} mixes a ${kind} (item 0) and a ${kindOf(items[odd])} (item ${odd})`);
  switch (kind) {
    case 'array':
      return stack(items.map((item) => (Tensor.isTensor(item) ? item.data : (item as NDArray))));
    case 'number':
      return array(items as number[], { dtype: 'float32' });
    case 'boolean':
      return array((items as boolean[]).map(Number), { dtype: 'bool' });
    case 'string':
      return [...(items as string[])];
    case 'list': {
      const lists = items as unknown[][];
      const size = lists[0]?.length ?? 0;
      const ragged = lists.findIndex((list) => list.length !== size);
      if (ragged >= 0) throw new ArgumentError(`defaultCollate: ${where} has lists of length ${size} (item 0) and ${lists[ragged]?.length} (item ${ragged})`);
      return Array.from({ length: size }, (_, k) => collate(lists.map((list) => list[k]), `${where}[${k}]`));
    }
    case 'object': {
      const records = items as Record<string, unknown>[];
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(records[0] ?? {})) out[key] = collate(records.map((record) => record[key]), `${where}.${key}`);
      return out;
    }
    default:
      throw new ArgumentError(`defaultCollate: cannot collate ${kind} values in ${where}; pass a collate function`);
  }
}

/**
 * Iterates a dataset in batches, as `torch.utils.data.DataLoader`: each `for..of` is one epoch,
 * drawing a fresh order from its generator when `shuffle` is on.
 * @example
 * const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 32, shuffle: true, seed: 0 });
 * for (const [xb, yb] of loader) { ... }
 */
export class DataLoader<T, TBatch = Collated<T>> implements Iterable<TBatch> {
  readonly dataset: Dataset<T>;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  /** The generator shuffling draws from; checkpoint its state to resume mid-run exactly. */
  readonly generator: Generator;
  private readonly collateFn: (items: T[]) => TBatch;

  constructor(dataset: Dataset<T>, options: DataLoaderOptions<T, TBatch> = {}) {
    const batchSize = options.batchSize ?? 1;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new ArgumentError(`DataLoader: batchSize must be a positive integer, got ${batchSize}`);
    }
    if (!Number.isInteger(dataset.length) || dataset.length < 0) {
      throw new ArgumentError(`DataLoader: dataset.length must be a non-negative integer, got ${dataset.length}`);
    }
    this.dataset = dataset;
    this.batchSize = batchSize;
    this.shuffle = options.shuffle ?? false;
    this.dropLast = options.dropLast ?? false;
    this.generator = options.generator ?? (options.seed === undefined ? defaultGenerator : new Generator(options.seed));
    this.collateFn = options.collate ?? ((items: T[]) => defaultCollate(items) as TBatch);
  }

  /**
   * Number of batches per epoch.
   * @example
   * new DataLoader(data, { batchSize: 32 }).length // Math.ceil(data.length / 32)
   */
  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /**
   * One epoch of batches; the order is drawn when iteration starts.
   * @example
   * for (const batch of loader) train(batch);
   */
  *[Symbol.iterator](): Iterator<TBatch> {
    const n = this.dataset.length;
    const order = this.shuffle ? randperm(n, { generator: this.generator }).dataSync() : null;
    const batches = this.length;
    for (let b = 0; b < batches; b++) {
      const end = Math.min(n, (b + 1) * this.batchSize);
      const items: T[] = [];
      for (let i = b * this.batchSize; i < end; i++) items.push(this.dataset.get(order === null ? i : (order[i] ?? 0)));
      yield this.collateFn(items);
    }
  }
}

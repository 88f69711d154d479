// Lookup tables: Embedding (one row per index) and EmbeddingBag (rows summed or averaged per bag).
import { div, embedding as embeddingPrimitive, indexAdd, indexSelect, max, mul, reshape, stack, tensor, zeros, Tensor } from '@dl/autograd';
import * as nd from '@dl/tensor';
import { ArgumentError, DTypeError, IndexError, NDArray, ShapeError, formatShape, type DType, type Generator } from '@dl/tensor';
import { normal_ } from '../init.js';
import { Module, describe } from '../module.js';
import { Parameter } from '../parameter.js';
import { checkSize } from './linear.js';

/** Options of `embedding`. */
export interface EmbeddingFunctionOptions {
  /** Row that gets no gradient (its output is still the row's values); negative counts from the end. */
  paddingIdx?: number | null;
  /** Rescale looked-up rows whose norm exceeds this, in place in the weight, as PyTorch. */
  maxNorm?: number | null;
  /** The p of the maxNorm norm (default 2). */
  normType?: number;
  /**
   * Give the weight a row-sparse gradient (`weight.sparseGrad`, one row per lookup) instead of a
   * dense `grad`, for `@dl/optim`'s SGD, Adagrad and SparseAdam (default false).
   */
  sparse?: boolean;
}

/** Options of `Embedding`. */
export interface EmbeddingOptions extends EmbeddingFunctionOptions {
  /** Weight dtype (default float32). */
  dtype?: DType;
  /** Stream for the initial N(0, 1) values; the default generator otherwise. */
  generator?: Generator;
}

function indicesOf(op: string, input: Tensor | NDArray, rows: number): NDArray {
  const index = Tensor.isTensor(input) ? input.data : NDArray.isNDArray(input) ? input : null;
  if (index === null) throw new ArgumentError(`${op}: input must be an int32 Tensor or NDArray, got ${describe(input)}`);
  if (index.dtype !== 'int32') throw new DTypeError(`${op}: input must be int32 indices, got ${index.dtype}`);
  for (const i of nd.contiguous(index).dataSync()) {
    if (i < 0 || i >= rows) throw new IndexError(`${op}: index ${i} is out of range for ${rows} embeddings (expected 0..${rows - 1})`);
  }
  return index;
}

function checkWeight(op: string, value: Tensor | NDArray): Tensor {
  const weight = Tensor.isTensor(value) ? value : NDArray.isNDArray(value) ? new Tensor(value) : null;
  if (weight?.ndim !== 2) {
    throw new ShapeError(`${op}: weight must be a 2-d Tensor [numEmbeddings, embeddingDim], got ${weight ? formatShape(weight.shape) : describe(value)}`);
  }
  return weight;
}

/** @internal Resolves a padding index against the table size (negative counts from the end). */
export function paddingIndexOf(op: string, paddingIdx: number | null | undefined, rows: number): number | null {
  if (paddingIdx === undefined || paddingIdx === null) return null;
  if (!Number.isInteger(paddingIdx) || paddingIdx < -rows || paddingIdx >= rows) {
    throw new IndexError(`${op}: paddingIdx must be within the ${rows} embeddings (expected ${-rows}..${rows - 1}), got ${paddingIdx}`);
  }
  return paddingIdx < 0 ? paddingIdx + rows : paddingIdx;
}

/** Rescales the rows at `index` to norm ≤ maxNorm in place (not recorded), as PyTorch's embedding_renorm_. */
function renormRows(weight: Tensor, index: NDArray, maxNorm: number, normType: number): void {
  const rows = nd.array([...new Set(nd.contiguous(index).dataSync())], { dtype: 'int32' });
  if (rows.size === 0) return;
  const selected = nd.indexSelect(weight.data, 0, rows);
  const norms = nd.norm(selected, normType, 1, { keepdim: true });
  // NOTE: PyTorch's scale is maxNorm / (norm + 1e-7), applied only where norm > maxNorm.
  const scale = nd.where(nd.gt(norms, maxNorm), nd.div(maxNorm, nd.add(norms, 1e-7)), 1);
  const scaled = nd.mul(selected, scale);
  const values = rows.dataSync();
  for (let k = 0; k < rows.size; k++) nd.copy_(nd.select(weight.data, 0, values[k]), nd.select(scaled, 0, k));
}

/**
 * Rows of `weight` at the int32 indices `input`: output shape [...input.shape, embeddingDim],
 * as `F.embedding`. The gradient adds up over repeated indices; the paddingIdx row gets none.
 * With `sparse: true` it lands in `weight.sparseGrad` (autograd's `embedding` primitive).
 * @example
 * embedding(tokens, weight) // tokens [batch, len] -> [batch, len, dim]
 */
export function embedding(input: Tensor | NDArray, weightArg: Tensor | NDArray, options: EmbeddingFunctionOptions = {}): Tensor {
  const op = 'embedding';
  const weight = checkWeight(op, weightArg);
  const rows = weight.shape[0];
  const index = indicesOf(op, input, rows);
  const paddingIdx = paddingIndexOf(op, options.paddingIdx, rows);
  if (options.maxNorm !== undefined && options.maxNorm !== null) {
    if (!(options.maxNorm > 0)) throw new ArgumentError(`${op}: maxNorm must be positive, got ${options.maxNorm}`);
    renormRows(weight, index, options.maxNorm, options.normType ?? 2);
  }
  return embeddingPrimitive(weight, index, { paddingIdx, sparse: options.sparse ?? false });
}

/**
 * A lookup table of `numEmbeddings` vectors of size `embeddingDim`, initialized N(0, 1) (the
 * paddingIdx row zero), as `torch.nn.Embedding`.
 * @example
 * const emb = new Embedding(10000, 300, { paddingIdx: 0 });
 * emb.call(tokens) // [batch, len] -> [batch, len, 300]
 */
export class Embedding extends Module {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  readonly paddingIdx: number | null;
  readonly maxNorm: number | null;
  readonly normType: number;
  readonly sparse: boolean;
  weight: Parameter;

  constructor(numEmbeddings: number, embeddingDim: number, options: EmbeddingOptions = {}) {
    super();
    this.numEmbeddings = checkSize('Embedding', 'numEmbeddings', numEmbeddings);
    this.embeddingDim = checkSize('Embedding', 'embeddingDim', embeddingDim);
    this.paddingIdx = paddingIndexOf('Embedding', options.paddingIdx, numEmbeddings);
    this.maxNorm = options.maxNorm ?? null;
    this.normType = options.normType ?? 2;
    this.sparse = options.sparse ?? false;
    this.weight = new Parameter(nd.zeros([numEmbeddings, embeddingDim], { dtype: options.dtype ?? 'float32' }));
    this.resetParameters(options.generator);
  }

  /** Draws N(0, 1) values and zeroes the padding row. @example emb.resetParameters() */
  resetParameters(generator?: Generator): void {
    normal_(this.weight, 0, 1, { generator });
    if (this.paddingIdx !== null) nd.fill_(nd.select(this.weight.data, 0, this.paddingIdx), 0);
  }

  /** Looks up the rows of `input`. @example emb.forward(tokens) */
  forward(input: Tensor | NDArray): Tensor {
    return embedding(input, this.weight, this);
  }

  protected override extraRepr(): string {
    const parts = [`${this.numEmbeddings}, ${this.embeddingDim}`];
    if (this.paddingIdx !== null) parts.push(`paddingIdx=${this.paddingIdx}`);
    if (this.maxNorm !== null) parts.push(`maxNorm=${this.maxNorm}`);
    if (this.sparse) parts.push('sparse=true');
    return parts.join(', ');
  }
}

/** How EmbeddingBag combines the rows of a bag. */
export type BagMode = 'sum' | 'mean' | 'max';

/** Options of `embeddingBag`. */
export interface EmbeddingBagFunctionOptions {
  /** 'mean' (default), 'sum' or 'max'. */
  mode?: BagMode;
  /** Rescale looked-up rows whose norm exceeds this, in place, as Embedding. */
  maxNorm?: number | null;
  /** The p of the maxNorm norm (default 2). */
  normType?: number;
  /** A weight per index, same shape as input, multiplied in (mode 'sum' only). */
  perSampleWeights?: Tensor | NDArray | null;
  /** Index whose rows are left out of their bag (and of its mean's count). */
  paddingIdx?: number | null;
  /** Give the weight a row-sparse gradient (`weight.sparseGrad`), as Embedding (default false). */
  sparse?: boolean;
}

/** Bag number of each flat index, from a 2-d input or from 1-d input + offsets. */
function bagsOf(op: string, index: NDArray, offsets: Tensor | NDArray | null | undefined): { bag: Int32Array; count: number } {
  if (index.ndim === 2) {
    if (offsets !== undefined && offsets !== null) throw new ArgumentError(`${op}: offsets must be omitted for a 2-d input (each row is a bag)`);
    const [bags, length] = index.shape as [number, number];
    return { bag: Int32Array.from({ length: bags * length }, (_, i) => Math.floor(i / length)), count: bags };
  }
  if (index.ndim !== 1) throw new ShapeError(`${op}: input must be 1-d (with offsets) or 2-d, got ${formatShape(index.shape)}`);
  const offs = offsets === undefined || offsets === null ? null : Tensor.isTensor(offsets) ? offsets.data : offsets;
  if (offs?.ndim !== 1 || offs.dtype !== 'int32') {
    throw new ArgumentError(`${op}: a 1-d input needs 1-d int32 offsets (where each bag starts)`);
  }
  const starts = Array.from(nd.contiguous(offs).dataSync());
  if (starts.length > 0 && starts[0] !== 0) throw new ArgumentError(`${op}: offsets[0] must be 0 (the first bag starts at position 0), got ${starts[0]}`);
  const bag = new Int32Array(index.size);
  starts.forEach((start, b) => {
    const end = b + 1 < starts.length ? starts[b + 1] : index.size;
    if (start > end || end > index.size) throw new ArgumentError(`${op}: offsets must be non-decreasing and at most ${index.size}, got ${starts.join(', ')}`);
    bag.fill(b, start, end);
  });
  return { bag, count: starts.length };
}

/**
 * Sums, means or maxes of embedding rows per bag, as `F.embedding_bag`: a 2-d input is one
 * bag per row; a 1-d input is cut into bags at `offsets`. Empty bags give zeros.
 * @example
 * embeddingBag(tokens, weight, offsets, { mode: 'sum' }) // [bags, dim]
 */
export function embeddingBag(input: Tensor | NDArray, weightArg: Tensor | NDArray, offsets?: Tensor | NDArray | null, options: EmbeddingBagFunctionOptions = {}): Tensor {
  const op = 'embeddingBag';
  const weight = checkWeight(op, weightArg);
  const mode: unknown = options.mode ?? 'mean';
  if (mode !== 'sum' && mode !== 'mean' && mode !== 'max') throw new ArgumentError(`${op}: mode must be 'sum', 'mean' or 'max', got '${String(mode)}'`);
  const rows = weight.shape[0];
  const dim = weight.shape[1];
  const index = nd.flatten(indicesOf(op, input, rows));
  const { bag, count } = bagsOf(op, Tensor.isTensor(input) ? input.data : input, offsets);
  const paddingIdx = paddingIndexOf(op, options.paddingIdx, rows);
  const values = index.dataSync();
  const kept = Array.from(values.keys()).filter((i) => values[i] !== paddingIdx);
  const keptIndex = nd.array(kept.map((i) => values[i]), { dtype: 'int32' });
  const keptBag = nd.array(kept.map((i) => bag[i]), { dtype: 'int32' });
  let looked = embedding(keptIndex, weight, { maxNorm: options.maxNorm, normType: options.normType, sparse: options.sparse });
  if (options.perSampleWeights !== undefined && options.perSampleWeights !== null) {
    if (mode !== 'sum') throw new ArgumentError(`${op}: perSampleWeights needs mode 'sum', got '${mode}'`);
    const w = Tensor.isTensor(options.perSampleWeights) ? options.perSampleWeights : tensor(options.perSampleWeights);
    if (w.size !== index.size) throw new ShapeError(`${op}: perSampleWeights must have the input's shape, got ${formatShape(w.shape)} for ${index.size} indices`);
    looked = mul(looked, reshape(indexSelect(reshape(w, [-1]), 0, nd.array(kept, { dtype: 'int32' })), [-1, 1]));
  }
  if (mode === 'max') {
    const perBag = Array.from({ length: count }, (_, b) => kept.flatMap((i, k) => (bag[i] === b ? [k] : [])));
    return stack(perBag.map((ks) => (ks.length === 0 ? zeros([dim], { dtype: weight.dtype }) : max(indexSelect(looked, 0, nd.array(ks, { dtype: 'int32' })), 0).values)));
  }
  const summed = indexAdd(zeros([count, dim], { dtype: weight.dtype }), 0, keptBag, looked);
  if (mode === 'sum') return summed;
  const sizes = nd.zeros([count, 1], { dtype: weight.dtype });
  for (const b of keptBag.dataSync()) sizes.data[b] = (sizes.data[b] ?? 0) + 1;
  // Empty bags are 0 / 1 = 0, as PyTorch.
  return div(summed, nd.maximum(sizes, 1));
}

/** Options of `EmbeddingBag`. */
export interface EmbeddingBagOptions extends Omit<EmbeddingBagFunctionOptions, 'perSampleWeights'> {
  /** Weight dtype (default float32). */
  dtype?: DType;
  /** Stream for the initial N(0, 1) values; the default generator otherwise. */
  generator?: Generator;
}

/**
 * Embedding rows summed, averaged or maxed per bag, without materializing [bags, len, dim], as
 * `torch.nn.EmbeddingBag`.
 * @example
 * const bag = new EmbeddingBag(1000, 16, { mode: 'sum' });
 * bag.call(tokens, offsets) // [bags, 16]
 */
export class EmbeddingBag extends Module {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  readonly mode: BagMode;
  readonly maxNorm: number | null;
  readonly normType: number;
  readonly paddingIdx: number | null;
  readonly sparse: boolean;
  weight: Parameter;

  constructor(numEmbeddings: number, embeddingDim: number, options: EmbeddingBagOptions = {}) {
    super();
    this.numEmbeddings = checkSize('EmbeddingBag', 'numEmbeddings', numEmbeddings);
    this.embeddingDim = checkSize('EmbeddingBag', 'embeddingDim', embeddingDim);
    this.mode = options.mode ?? 'mean';
    this.maxNorm = options.maxNorm ?? null;
    this.normType = options.normType ?? 2;
    this.paddingIdx = paddingIndexOf('EmbeddingBag', options.paddingIdx, numEmbeddings);
    this.sparse = options.sparse ?? false;
    this.weight = new Parameter(nd.zeros([numEmbeddings, embeddingDim], { dtype: options.dtype ?? 'float32' }));
    normal_(this.weight, 0, 1, { generator: options.generator });
    if (this.paddingIdx !== null) nd.fill_(nd.select(this.weight.data, 0, this.paddingIdx), 0);
  }

  /** Reduces the bags of `input` (2-d, or 1-d with `offsets`). @example bag.forward(tokens, offsets) */
  forward(input: Tensor | NDArray, offsets?: Tensor | NDArray | null, perSampleWeights?: Tensor | NDArray | null): Tensor {
    const { mode, maxNorm, normType, paddingIdx, sparse } = this;
    return embeddingBag(input, this.weight, offsets, { mode, maxNorm, normType, paddingIdx, sparse, perSampleWeights });
  }

  protected override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}, mode='${this.mode}'${this.sparse ? ', sparse=true' : ''}`;
  }
}

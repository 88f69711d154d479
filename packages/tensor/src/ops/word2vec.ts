// Fused word2vec updates: skip-gram / CBOW with negative sampling or hierarchical softmax, as
// word2vec.c and gensim's Cython loops do them, in place on the two weight tables. One call
// handles a batch of examples one after another (each example is one SGD step, so a later
// example sees the rows an earlier one changed), with no allocation per example. The tables may
// live in shared memory: several workers calling these on the same tables is Hogwild training.
// Every update runs as a WASM SIMD kernel (kernels/wasm/word2vec.wat) when both tables live in
// one shared wasm memory (`wasmSharedZeros`); elsewhere the JS loops here run.
import { expectNDArray } from './operand.js';
import { bumpVersion } from '../version.js';
import { ArgumentError, DTypeError, IndexError, ShapeError } from '../errors.js';
import type { NDArray } from '../ndarray.js';
import { formatShape } from '../shape.js';
import { cbowWasm, kernelsFor, skipGramHsWasm, skipGramWasm } from '../kernels/wasm/word2vec.js';

/**
 * A batch of skip-gram examples for `negativeSamplingUpdate_`: example `i` moves row
 * `inputs[i]` of the input table towards row `targets[i]` of the output table and away from
 * the `negatives.length / inputs.length` rows `negatives[i * k .. i * k + k)`.
 * @example
 * const batch: NegativeSamplingBatch = { inputs: Int32Array.of(4), targets: Int32Array.of(9), negatives: Int32Array.of(1, 7), lr: 0.025 };
 */
export interface NegativeSamplingBatch {
  /** Row of the input table per example (skip-gram: the context word, as word2vec.c). */
  readonly inputs: Int32Array;
  /** Row of the output table to predict per example (skip-gram: the centre word). */
  readonly targets: Int32Array;
  /** `k` negative rows per example, example-major. A negative equal to its target is skipped, as word2vec.c does. */
  readonly negatives: Int32Array;
  /** The learning rate of every example. */
  readonly lr: number;
}

/**
 * A batch of CBOW examples for `cbowNegativeSamplingUpdate_`: example `i` averages (or sums)
 * the input rows `contexts[offsets[i] .. offsets[i + 1])` and predicts `targets[i]`.
 * @example
 * const batch: CbowBatch = { contexts: Int32Array.of(1, 2, 3), offsets: Int32Array.of(0, 3), targets: Int32Array.of(5), negatives: Int32Array.of(8), lr: 0.05 };
 */
export interface CbowBatch {
  readonly contexts: Int32Array;
  /** `offsets.length` is the number of examples plus one; `offsets[0]` is 0. */
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  /** `k` negatives per example (`k` may be 0 for hierarchical softmax). */
  readonly negatives: Int32Array;
  readonly lr: number;
  /** Average the context rows (default true, as gensim's `cbow_mean=1`); false sums them. */
  readonly mean?: boolean;
}

/**
 * The Huffman tree of hierarchical softmax, per word as compressed rows: word `w`'s path is the
 * inner nodes `points[offsets[w] .. offsets[w + 1])` (rows of the output table) with the branch
 * bits `codes[...]` at the same positions, as word2vec.c's `vocab[w].point` and `.code`.
 * @example
 * const tree: HuffmanPaths = { points: Int32Array.of(0, 0), codes: Uint8Array.of(0, 1), offsets: Int32Array.of(0, 1, 2) };
 */
export interface HuffmanPaths {
  readonly points: Int32Array;
  readonly codes: Uint8Array;
  readonly offsets: Int32Array;
}

interface Table {
  data: Float32Array;
  offset: number;
  rows: number;
  dim: number;
}

function tableOf(op: string, name: string, weight: NDArray): Table {
  if (weight.dtype !== 'float32') throw new DTypeError(`${op}: ${name} must be float32, got ${weight.dtype}`);
  if (weight.ndim !== 2) throw new ShapeError(`${op}: ${name} must be 2-d [rows, dim], got ${formatShape(weight.shape)}`);
  if (!weight.isContiguous()) throw new ArgumentError(`${op}: ${name} must be contiguous (it is updated in place)`);
  return { data: weight.data as Float32Array, offset: weight.offset, rows: weight.shape[0], dim: weight.shape[1] };
}

function checkRows(op: string, name: string, rows: Int32Array, limit: number): void {
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (!(row >= 0 && row < limit)) throw new IndexError(`${op}: ${name}[${i}] = ${row} is out of range for ${limit} rows (expected 0..${limit - 1})`);
  }
}

function checkTables(op: string, input: NDArray, output: NDArray): [Table, Table] {
  expectNDArray(op, input, false);
  expectNDArray(op, output, false);
  const a = tableOf(op, 'input', input);
  const b = tableOf(op, 'output', output);
  if (a.dim !== b.dim) throw new ShapeError(`${op}: input ${formatShape(input.shape)} and output ${formatShape(output.shape)} must have the same dim (${a.dim} != ${b.dim})`);
  return [a, b];
}

/**
 * The SIMD kernels when both tables sit in one shared wasm memory (`wasmSharedZeros`) and dim is
 * a multiple of 4; otherwise null and the JS loops below run.
 */
function wasmKernels(a: Table, b: Table): ReturnType<typeof kernelsFor> {
  if (a.dim % 4 !== 0 || a.data.buffer !== b.data.buffer) return null;
  return kernelsFor(a.data);
}

function checkLr(op: string, lr: number): void {
  if (!Number.isFinite(lr)) throw new ArgumentError(`${op}: lr must be a finite number, got ${lr}`);
}

function negativesPer(op: string, examples: number, negatives: Int32Array): number {
  const k = examples === 0 ? 0 : negatives.length / examples;
  if (!Number.isInteger(k)) throw new ShapeError(`${op}: negatives has ${negatives.length} entries, not a multiple of the ${examples} examples`);
  return k;
}

/**
 * Scratch buffer reused across calls: the hidden vector and its accumulated error.
 * NOTE: module-level so that a call allocates nothing; each worker has its own module instance.
 */
let scratch = new Float32Array(0);
function scratchOf(dim: number): Float32Array {
  if (scratch.length < 2 * dim) scratch = new Float32Array(2 * dim);
  return scratch;
}

/**
 * One logistic step on output row `o` for hidden vector `h` (at `hAt` in `hData`), label 1 or 0:
 * adds the error times the old row to `err`, moves the row, and returns the loss term.
 * NOTE: the loss is softplus(∓f) from one exp: with e = exp(-|f|), σ(f) is 1/(1+e) or e/(1+e)
 * and log σ never sees log(0).
 */
function logisticStep(hData: Float32Array, hAt: number, out: Float32Array, o: number, dim: number, label: number, lr: number, err: Float32Array, errAt: number): number {
  // NOTE: four partial sums break the add-latency chain of the dot product (V8 does not vectorise).
  let f0 = 0;
  let f1 = 0;
  let f2 = 0;
  let f3 = 0;
  let d = 0;
  for (; d + 3 < dim; d += 4) {
    f0 += hData[hAt + d] * out[o + d];
    f1 += hData[hAt + d + 1] * out[o + d + 1];
    f2 += hData[hAt + d + 2] * out[o + d + 2];
    f3 += hData[hAt + d + 3] * out[o + d + 3];
  }
  for (; d < dim; d++) f0 += hData[hAt + d] * out[o + d];
  const f = f0 + f1 + f2 + f3;
  const e = Math.exp(-Math.abs(f));
  const sigma = f >= 0 ? 1 / (1 + e) : e / (1 + e);
  const g = (label - sigma) * lr;
  for (d = 0; d + 3 < dim; d += 4) {
    const w0 = out[o + d];
    const w1 = out[o + d + 1];
    const w2 = out[o + d + 2];
    const w3 = out[o + d + 3];
    err[errAt + d] += g * w0;
    err[errAt + d + 1] += g * w1;
    err[errAt + d + 2] += g * w2;
    err[errAt + d + 3] += g * w3;
    out[o + d] = w0 + g * hData[hAt + d];
    out[o + d + 1] = w1 + g * hData[hAt + d + 1];
    out[o + d + 2] = w2 + g * hData[hAt + d + 2];
    out[o + d + 3] = w3 + g * hData[hAt + d + 3];
  }
  for (; d < dim; d++) {
    const w = out[o + d];
    err[errAt + d] += g * w;
    out[o + d] = w + g * hData[hAt + d];
  }
  const margin = label === 1 ? -f : f;
  return Math.log1p(e) + (margin > 0 ? margin : 0);
}

/**
 * Skip-gram negative-sampling SGD, fused and in place: for each example, the loss
 * `-log σ(in·out[target]) - Σ log σ(-in·out[neg])` takes one SGD step on the input row and on
 * the output rows it touches, as word2vec.c and gensim (`sg=1, negative=k`). Returns the summed
 * loss of the batch. Tables are float32 `[rows, dim]` and contiguous; they may be shared.
 * @example
 * const input = randn([100, 16]), output = zeros([100, 16]);
 * negativeSamplingUpdate_(input, output, { inputs: Int32Array.of(3), targets: Int32Array.of(5), negatives: Int32Array.of(7, 9), lr: 0.025 });
 */
export function negativeSamplingUpdate_(input: NDArray, output: NDArray, batch: NegativeSamplingBatch): number {
  const op = 'negativeSamplingUpdate_';
  const [a, b] = checkTables(op, input, output);
  const { inputs, targets, negatives, lr } = batch;
  if (targets.length !== inputs.length) throw new ShapeError(`${op}: inputs and targets must have the same length (${inputs.length} != ${targets.length})`);
  const k = negativesPer(op, inputs.length, negatives);
  checkLr(op, lr);
  checkRows(op, 'inputs', inputs, a.rows);
  checkRows(op, 'targets', targets, b.rows);
  checkRows(op, 'negatives', negatives, b.rows);
  const dim = a.dim;
  const kernels = wasmKernels(a, b);
  if (kernels) {
    const loss = skipGramWasm(kernels, a.data, a.offset, b.data, b.offset, dim, inputs, targets, negatives, k, lr);
    bumpVersions(op, input, output);
    return loss;
  }
  const err = scratchOf(dim);
  const inData = a.data;
  const outData = b.data;
  let loss = 0;
  for (let i = 0; i < inputs.length; i++) {
    const h = a.offset + inputs[i] * dim;
    const target = targets[i];
    err.fill(0, 0, dim);
    loss += logisticStep(inData, h, outData, b.offset + target * dim, dim, 1, lr, err, 0);
    for (let n = i * k; n < i * k + k; n++) {
      const negative = negatives[n];
      if (negative === target) continue;
      loss += logisticStep(inData, h, outData, b.offset + negative * dim, dim, 0, lr, err, 0);
    }
    for (let d = 0; d < dim; d++) inData[h + d] += err[d];
  }
  bumpVersions(op, input, output);
  return loss;
}

/**
 * CBOW SGD, fused and in place, with negative sampling and/or hierarchical softmax (pass `tree`
 * and `k = 0` negatives for HS only): the hidden vector is the mean (or sum) of the context rows;
 * every context row then receives the hidden vector's whole error, unscaled, as word2vec.c and
 * gensim (`sg=0`) do. Returns the summed loss.
 * @example
 * cbowNegativeSamplingUpdate_(input, output, { contexts: Int32Array.of(1, 2), offsets: Int32Array.of(0, 2), targets: Int32Array.of(5), negatives: Int32Array.of(8), lr: 0.05 });
 */
export function cbowNegativeSamplingUpdate_(input: NDArray, output: NDArray, batch: CbowBatch, tree?: HuffmanPaths): number {
  const op = 'cbowNegativeSamplingUpdate_';
  const [a, b] = checkTables(op, input, output);
  const { contexts, offsets, targets, negatives, lr } = batch;
  const examples = targets.length;
  if (offsets.length !== examples + 1 || offsets[0] !== 0 || offsets[examples] !== contexts.length) {
    throw new ShapeError(`${op}: offsets must hold ${examples + 1} entries from 0 to contexts.length (${contexts.length}), got ${offsets.length} entries`);
  }
  const k = negativesPer(op, examples, negatives);
  checkLr(op, lr);
  checkRows(op, 'contexts', contexts, a.rows);
  checkRows(op, 'targets', targets, tree ? tree.offsets.length - 1 : b.rows);
  checkRows(op, 'negatives', negatives, b.rows);
  if (tree) checkTree(op, tree, b.rows);
  const dim = a.dim;
  const mean = batch.mean ?? true;
  const kernels = wasmKernels(a, b);
  if (kernels) {
    const loss = cbowWasm(kernels, a.data, a.offset, b.data, b.offset, dim, contexts, offsets, targets, negatives, k, lr, mean, tree);
    bumpVersions(op, input, output);
    return loss;
  }
  const work = scratchOf(dim);
  const inData = a.data;
  const outData = b.data;
  let loss = 0;
  for (let i = 0; i < examples; i++) {
    const start = offsets[i];
    const end = offsets[i + 1];
    if (end <= start) continue;
    work.fill(0, 0, 2 * dim);
    for (let c = start; c < end; c++) {
      const row = a.offset + contexts[c] * dim;
      for (let d = 0; d < dim; d++) work[d] += inData[row + d];
    }
    if (mean) {
      const scale = 1 / (end - start);
      for (let d = 0; d < dim; d++) work[d] *= scale;
    }
    const target = targets[i];
    if (tree) loss += hsPath(work, 0, outData, b.offset, dim, tree, target, lr, work, dim);
    if (k > 0) loss += logisticStep(work, 0, outData, b.offset + target * dim, dim, 1, lr, work, dim);
    for (let n = i * k; n < i * k + k; n++) {
      const negative = negatives[n];
      if (negative === target) continue;
      loss += logisticStep(work, 0, outData, b.offset + negative * dim, dim, 0, lr, work, dim);
    }
    for (let c = start; c < end; c++) {
      const row = a.offset + contexts[c] * dim;
      for (let d = 0; d < dim; d++) inData[row + d] += work[dim + d];
    }
  }
  bumpVersions(op, input, output);
  return loss;
}

function checkTree(op: string, tree: HuffmanPaths, rows: number): void {
  const { points, codes, offsets } = tree;
  if (codes.length !== points.length || offsets[0] !== 0 || offsets[offsets.length - 1] !== points.length) {
    throw new ShapeError(`${op}: tree must hold as many codes as points (${codes.length} vs ${points.length}) and offsets from 0 to ${points.length}`);
  }
  checkRows(op, 'tree.points', points, rows);
}

/** The hierarchical-softmax steps along `word`'s path: label is 1 - code, as word2vec.c. */
function hsPath(hData: Float32Array, hAt: number, outData: Float32Array, outOffset: number, dim: number, tree: HuffmanPaths, word: number, lr: number, err: Float32Array, errAt: number): number {
  let loss = 0;
  for (let p = tree.offsets[word]; p < tree.offsets[word + 1]; p++) {
    loss += logisticStep(hData, hAt, outData, outOffset + tree.points[p] * dim, dim, 1 - tree.codes[p], lr, err, errAt);
  }
  return loss;
}

/**
 * Skip-gram hierarchical-softmax SGD, fused and in place: example `i` moves input row
 * `inputs[i]` along the Huffman path of word `targets[i]` (output rows are the tree's inner
 * nodes), as word2vec.c and gensim (`sg=1, hs=1`). Returns the summed loss.
 * @example
 * hierarchicalSoftmaxUpdate_(input, output, { inputs: Int32Array.of(3), targets: Int32Array.of(1), lr: 0.025 }, tree);
 */
export function hierarchicalSoftmaxUpdate_(input: NDArray, output: NDArray, batch: Omit<NegativeSamplingBatch, 'negatives'>, tree: HuffmanPaths): number {
  const op = 'hierarchicalSoftmaxUpdate_';
  const [a, b] = checkTables(op, input, output);
  const { inputs, targets, lr } = batch;
  if (targets.length !== inputs.length) throw new ShapeError(`${op}: inputs and targets must have the same length (${inputs.length} != ${targets.length})`);
  checkLr(op, lr);
  checkTree(op, tree, b.rows);
  checkRows(op, 'inputs', inputs, a.rows);
  checkRows(op, 'targets', targets, tree.offsets.length - 1);
  const dim = a.dim;
  const kernels = wasmKernels(a, b);
  if (kernels) {
    const loss = skipGramHsWasm(kernels, a.data, a.offset, b.data, b.offset, dim, inputs, targets, tree, lr);
    bumpVersions(op, input, output);
    return loss;
  }
  const err = scratchOf(dim);
  let loss = 0;
  for (let i = 0; i < inputs.length; i++) {
    const h = a.offset + inputs[i] * dim;
    err.fill(0, 0, dim);
    loss += hsPath(a.data, h, b.data, b.offset, dim, tree, targets[i], lr, err, 0);
    for (let d = 0; d < dim; d++) a.data[h + d] += err[d];
  }
  bumpVersions(op, input, output);
  return loss;
}

// The tables were written in place: autograd must see it if it saved them for a backward.
function bumpVersions(op: string, input: NDArray, output: NDArray): void {
  bumpVersion(input, op);
  bumpVersion(output, op);
}

import { BINARIES } from './binaries.generated.js';
import { ArgumentError } from '../../errors.js';
import { decodeBase64 } from './runtime.js';
import type { HuffmanPaths } from '../../ops/word2vec.js';

// The word2vec SIMD kernels (word2vec.wat) run on a shared WebAssembly.Memory that holds the
// weight tables themselves, so a call copies only its batch of indices. Each thread (main or
// worker) instantiates the module once per memory it has seen, and takes a scratch slot of its
// own from the memory's bump allocator.
// Layout: bytes 0..16 are the header (uint32 0: the next free byte, bumped with Atomics; unsigned,
// as memories reach 4 GiB; uint32 1: the address of the sigmoid table), then the table, arrays and
// scratch slots, each 16-byte aligned.

/** The slice of the WebAssembly JS API used here (the repo's lib has no WebAssembly types). */
interface SharedMemoryApi {
  Memory: new (descriptor: { initial: number; maximum: number; shared: true }) => WasmSharedMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}

/**
 * A shared WebAssembly.Memory (its `buffer` is a SharedArrayBuffer): post it to a worker
 * thread as is, and rebuild arrays in it there with `fromWasmSharedMemory`.
 */
export interface WasmSharedMemory {
  readonly buffer: SharedArrayBuffer;
}

interface Word2vecExports {
  skipGram: (input: number, output: number, dim: number, inputs: number, targets: number, negatives: number, n: number, k: number, lr: number, err: number, rows: number) => number;
  skipGramHs: (input: number, output: number, dim: number, inputs: number, paths: number, points: number, codes: number, n: number, lr: number, err: number, g: number) => number;
  cbow: (input: number, output: number, dim: number, contexts: number, offsets: number, targets: number, negatives: number, n: number, k: number, lr: number, mean: number, work: number, rows: number,
    hs: number, paths: number, points: number, codes: number) => number;
}

/** A memory as one thread sees it: its kernels and its scratch slot (0 until first needed). */
interface Attached {
  readonly memory: WasmSharedMemory;
  readonly kernels: Word2vecExports;
  readonly ints: Int32Array;
  scratch: number;
}

const PAGE = 65536;
const HEADER = 16;
/**
 * Scratch per thread: the hidden vector and its error, one example's rows and gradients, then a
 * batch's indices (pieces of a batch run one after another).
 */
const SCRATCH_BYTES = 256 * 1024;
/** Room left for the scratch slots of this many threads when a memory is sized. */
const SCRATCH_THREADS = 16;
/** The sigmoid table covers |f| < SIGMOID_RANGE in SIGMOID_STEPS intervals (word2vec.wat reads it). */
const SIGMOID_RANGE = 8;
const SIGMOID_STEPS = 1024;
const SIGMOID_TABLE_BYTES = 16 * SIGMOID_STEPS;

const api = (globalThis as unknown as { WebAssembly?: SharedMemoryApi }).WebAssembly;
const bytes = decodeBase64(BINARIES.word2vec);
let compiled: object | null | undefined;
const attached = new Map<SharedArrayBuffer, Attached>();

function module(): object | null {
  if (compiled === undefined) {
    try {
      compiled = api && typeof SharedArrayBuffer !== 'undefined' && api.validate(bytes) ? new api.Module(bytes) : null;
    } catch {
      // NOTE: browsers' main threads refuse synchronous compiles above 4 KB: the JS loops run there.
      compiled = null;
    }
  }
  return compiled;
}

const align16 = (n: number): number => Math.ceil(n / 16) * 16;

/**
 * @internal A shared memory with room for `size` bytes of arrays (and every thread's scratch),
 * or null where this engine cannot share wasm memory (no threads, not cross-origin isolated).
 */
export function createSharedMemory(size: number): WasmSharedMemory | null {
  const compiledModule = module();
  if (!api || !compiledModule) return null;
  const pages = Math.ceil((HEADER + SIGMOID_TABLE_BYTES + align16(size) + SCRATCH_THREADS * SCRATCH_BYTES) / PAGE);
  let memory: WasmSharedMemory;
  try {
    memory = new api.Memory({ initial: pages, maximum: pages, shared: true });
  } catch {
    return null;
  }
  Atomics.store(new Uint32Array(memory.buffer, 0, 1), 0, HEADER);
  writeSigmoidTable(memory);
  attach(memory);
  return memory;
}

/**
 * Writes the kernels' sigmoid table into `memory` (before any thread attaches): per interval
 * `[f, f + h)` of `[-8, 8)`, the record `[σ(f), σ(f + h) - σ(f), softplus(-f), softplus(-(f + h)) - softplus(-f)]`.
 */
function writeSigmoidTable(memory: WasmSharedMemory): void {
  const at = allocate(memory, SIGMOID_TABLE_BYTES);
  const table = new Float32Array(memory.buffer, at, 4 * SIGMOID_STEPS);
  const sigmoid = (f: number): number => 1 / (1 + Math.exp(-f));
  // NOTE: softplus(-f) = log(1 + e^-f), written so that e^-f never overflows.
  const softplus = (f: number): number => Math.log1p(Math.exp(-Math.abs(f))) + Math.max(-f, 0);
  for (let i = 0; i < SIGMOID_STEPS; i++) {
    const f = -SIGMOID_RANGE + (2 * SIGMOID_RANGE * i) / SIGMOID_STEPS;
    const next = -SIGMOID_RANGE + (2 * SIGMOID_RANGE * (i + 1)) / SIGMOID_STEPS;
    table.set([sigmoid(f), sigmoid(next) - sigmoid(f), softplus(f), softplus(next) - softplus(f)], 4 * i);
  }
  new Uint32Array(memory.buffer, 0, 2)[1] = at;
}

/** @internal Registers `memory` in this thread (instantiating the kernels on it) and returns it. */
export function attach(memory: WasmSharedMemory): Attached | null {
  const known = attached.get(memory.buffer);
  if (known) return known;
  const compiledModule = module();
  if (!api || !compiledModule) return null;
  const instance = new api.Instance(compiledModule, { env: { memory } });
  const entry: Attached = { memory, kernels: instance.exports as unknown as Word2vecExports, ints: new Int32Array(memory.buffer), scratch: 0 };
  attached.set(memory.buffer, entry);
  return entry;
}

/** @internal Reserves `size` bytes (16-aligned) in `memory` for any thread; -1 when full. */
export function allocate(memory: WasmSharedMemory, size: number): number {
  const header = new Uint32Array(memory.buffer, 0, 1);
  const start = Atomics.add(header, 0, align16(size));
  if (start + align16(size) > memory.buffer.byteLength) {
    Atomics.sub(header, 0, align16(size));
    return -1;
  }
  return start;
}

/** @internal The kernels attached to the memory `data` lives in, with a scratch slot; null when none. */
export function kernelsFor(data: Float32Array): Attached | null {
  const entry = attached.get(data.buffer as SharedArrayBuffer);
  if (!entry) return null;
  if (entry.scratch === 0) {
    const slot = allocate(entry.memory, SCRATCH_BYTES);
    if (slot < 0) return null;
    entry.scratch = slot;
  }
  return entry;
}

/** Byte address of element `offset` of `data`. */
const addressOf = (data: Float32Array, offset: number): number => data.byteOffset + offset * 4;

/**
 * @internal Skip-gram NS on tables in `entry`'s memory; the batch goes through the scratch slot
 * in pieces that fit. Returns the summed loss.
 */
export function skipGramWasm(entry: Attached, input: Float32Array, inputOffset: number, output: Float32Array, outputOffset: number, dim: number,
  inputs: Int32Array, targets: Int32Array, negatives: Int32Array, k: number, lr: number): number {
  const { kernels, ints, scratch } = entry;
  const err = scratch;
  const rows = err + align16(dim * 4);
  const indices = rows + align16((k + 1) * 8);
  const capacity = Math.floor((SCRATCH_BYTES - (indices - scratch)) / (4 * (2 + k)));
  const inAt = addressOf(input, inputOffset);
  const outAt = addressOf(output, outputOffset);
  let loss = 0;
  for (let start = 0; start < inputs.length; start += capacity) {
    const n = Math.min(capacity, inputs.length - start);
    const at = indices / 4;
    ints.set(inputs.subarray(start, start + n), at);
    ints.set(targets.subarray(start, start + n), at + n);
    ints.set(negatives.subarray(start * k, (start + n) * k), at + 2 * n);
    loss += kernels.skipGram(inAt, outAt, dim, indices, indices + 4 * n, indices + 8 * n, n, k, lr, err, rows);
  }
  return loss;
}

/**
 * Copies the Huffman paths of `words[from .. to)` to int32 index `at` of `ints`: the path offsets
 * (to - from + 1 of them, from 0), then the points, then the codes. Returns the index after them.
 */
function gatherPaths(ints: Int32Array, at: number, tree: HuffmanPaths, words: Int32Array, from: number, to: number): number {
  const { points, codes, offsets } = tree;
  let total = 0;
  for (let i = from; i < to; i++) total += offsets[words[i] + 1] - offsets[words[i]];
  const pointsAt = at + to - from + 1;
  const codesAt = pointsAt + total;
  let p = 0;
  for (let i = from; i < to; i++) {
    ints[at + i - from] = p;
    for (let q = offsets[words[i]]; q < offsets[words[i] + 1]; q++, p++) {
      ints[pointsAt + p] = points[q];
      ints[codesAt + p] = codes[q];
    }
  }
  ints[at + to - from] = p;
  return codesAt + total;
}

const pathLength = (tree: HuffmanPaths, word: number): number => tree.offsets[word + 1] - tree.offsets[word];

/**
 * @internal Skip-gram hierarchical softmax on tables in `entry`'s memory, in pieces of whole
 * examples whose inputs and paths fit the scratch slot. Returns the summed loss.
 */
export function skipGramHsWasm(entry: Attached, input: Float32Array, inputOffset: number, output: Float32Array, outputOffset: number, dim: number,
  inputs: Int32Array, targets: Int32Array, tree: HuffmanPaths, lr: number): number {
  const { kernels, ints, scratch } = entry;
  const err = scratch;
  const g = err + align16(dim * 4);
  const indices = g + 16;
  const capacity = Math.floor((SCRATCH_BYTES - (indices - scratch)) / 4);
  const inAt = addressOf(input, inputOffset);
  const outAt = addressOf(output, outputOffset);
  let loss = 0;
  let start = 0;
  while (start < inputs.length) {
    // Per example: its input, its path offset, and its path's points and codes.
    let end = start;
    let used = 1;
    while (end < inputs.length && used + 2 + 2 * pathLength(tree, targets[end]) <= capacity) used += 2 + 2 * pathLength(tree, targets[end++]);
    if (end === start) throw new ArgumentError(`hierarchicalSoftmaxUpdate_: the path of word ${targets[start]} (${pathLength(tree, targets[start])} nodes) does not fit the wasm scratch`);
    const at = indices / 4;
    const n = end - start;
    ints.set(inputs.subarray(start, end), at);
    gatherPaths(ints, at + n, tree, targets, start, end);
    const pointsAt = at + 2 * n + 1;
    const total = ints[at + 2 * n];
    loss += kernels.skipGramHs(inAt, outAt, dim, indices, (at + n) * 4, pointsAt * 4, (pointsAt + total) * 4, n, lr, err, g);
    start = end;
  }
  return loss;
}

/**
 * @internal CBOW NS on tables in `entry`'s memory, in pieces of whole examples that fit the
 * scratch slot (offsets are rebased per piece). Returns the summed loss.
 */
export function cbowWasm(entry: Attached, input: Float32Array, inputOffset: number, output: Float32Array, outputOffset: number, dim: number,
  contexts: Int32Array, offsets: Int32Array, targets: Int32Array, negatives: Int32Array, k: number, lr: number, mean: boolean, tree?: HuffmanPaths): number {
  const { kernels, ints, scratch } = entry;
  const work = scratch;
  const rows = work + align16(2 * dim * 4);
  const indices = rows + align16((k + 1) * 8);
  const capacity = Math.floor((SCRATCH_BYTES - (indices - scratch)) / 4);
  const inAt = addressOf(input, inputOffset);
  const outAt = addressOf(output, outputOffset);
  const examples = targets.length;
  let loss = 0;
  let start = 0;
  while (start < examples) {
    // Grow the piece while its indices (contexts, offsets, target, negatives, path) fit.
    let end = start;
    const fixed = tree ? 2 : 1;
    let used = fixed;
    const size = (i: number): number => offsets[i + 1] - offsets[i] + 2 + k + (tree ? 1 + 2 * pathLength(tree, targets[i]) : 0);
    while (end < examples && used + size(end) <= capacity) used += size(end++);
    if (end === start) throw new ArgumentError(`cbowNegativeSamplingUpdate_: example ${start} has ${offsets[start + 1] - offsets[start]} contexts, more than the wasm scratch holds (${capacity - fixed - size(start) + offsets[start + 1] - offsets[start]})`);
    const n = end - start;
    const first = offsets[start];
    const count = offsets[end] - first;
    const at = indices / 4;
    ints.set(contexts.subarray(first, first + count), at);
    const offsetsAt = at + count;
    for (let i = 0; i <= n; i++) ints[offsetsAt + i] = offsets[start + i] - first;
    const targetsAt = offsetsAt + n + 1;
    ints.set(targets.subarray(start, end), targetsAt);
    ints.set(negatives.subarray(start * k, end * k), targetsAt + n);
    const pathsAt = targetsAt + n + n * k;
    if (tree) gatherPaths(ints, pathsAt, tree, targets, start, end);
    const pointsAt = pathsAt + n + 1;
    const total = tree ? ints[pathsAt + n] : 0;
    loss += kernels.cbow(inAt, outAt, dim, indices, offsetsAt * 4, targetsAt * 4, (targetsAt + n) * 4, n, k, lr, mean ? 1 : 0, work, rows,
      tree ? 1 : 0, pathsAt * 4, pointsAt * 4, (pointsAt + total) * 4);
    start = end;
  }
  return loss;
}

// Training: vocabulary from the corpus, weights as two @dl/nn Embeddings over shared memory,
// then epochs of streamed sentences trained in chunks by the main thread (1 thread) or by
// worker threads writing Hogwild into the same tables. Checkpoints resume at epoch boundaries.
import { loadCheckpoint, saveCheckpoint, Vocabulary } from '@dl/io';
import type { Tensor } from '@dl/autograd';
import { Embedding, Module, Parameter } from '@dl/nn';
import * as nd from '@dl/tensor';
import { Generator } from '@dl/tensor';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ChunkTrainer, type Chunk, type ChunkResult, type LoopConfig } from './chunk-trainer.js';
import type { Corpus } from './corpus.js';
import { aliasTable, huffmanPaths, keepProbabilities } from './tables.js';
import type { WorkerSetup } from './worker.js';

/** Everything `train` needs besides the corpus. */
export interface TrainOptions {
  model: 'skipgram' | 'cbow';
  dim: number;
  window: number;
  negative: number;
  hs: boolean;
  sample: number;
  minCount: number;
  maxVocab: number;
  epochs: number;
  alpha: number;
  minAlpha: number;
  seed: number;
  threads: number;
  cbowMean: boolean;
  /** Save a checkpoint here after every epoch. */
  checkpoint?: string;
  /** Continue from this checkpoint (its vocabulary, weights, random state and epoch). */
  resume?: string;
  /** Stop after this many epochs (counted from the start of training), leaving the run resumable. */
  stopAfterEpoch?: number;
  onProgress?: (report: ProgressReport) => void;
  /** Milliseconds between progress reports (default 1000). */
  reportEvery?: number;
}

/** The defaults of gensim 4's `Word2Vec` (alpha 0.025 for both models, as gensim). */
export const DEFAULTS: TrainOptions = {
  model: 'skipgram', dim: 100, window: 5, negative: 5, hs: false, sample: 1e-3, minCount: 5, maxVocab: Infinity,
  epochs: 5, alpha: 0.025, minAlpha: 0.0001, seed: 1, threads: 1, cbowMean: true,
};

/** One progress report, as fastText and gensim log them. */
export interface ProgressReport {
  epoch: number;
  epochs: number;
  /** Fraction of all epochs done, 0..1. */
  progress: number;
  words: number;
  wordsPerSecond: number;
  wordsPerSecondPerThread: number;
  lr: number;
  /** Mean loss per example over the epoch so far. */
  loss: number;
  elapsedSeconds: number;
  etaSeconds: number;
  done: boolean;
}

/** Input and output tables as @dl/nn Embeddings; `stateDict()` is what checkpoints hold. */
export class Word2VecModel extends Module {
  inputEmbedding: Embedding;
  outputEmbedding: Embedding;

  /** The shared wasm memory both tables live in (null where the engine has none: then SharedArrayBuffers). */
  readonly memory: nd.WasmSharedMemory | null;

  constructor(vocabularySize: number, dim: number) {
    super();
    // One shared wasm memory for both tables, so @dl/tensor's SIMD kernels update them in place.
    this.memory = nd.createWasmSharedMemory(2 * 4 * vocabularySize * dim);
    this.inputEmbedding = sharedEmbedding(vocabularySize, dim, this.memory);
    this.outputEmbedding = sharedEmbedding(vocabularySize, dim, this.memory);
  }

  /** The input vectors of `words` (int32 indices), as a lookup. */
  forward(words: nd.NDArray): Tensor {
    return this.inputEmbedding.forward(words);
  }
}

function sharedEmbedding(rows: number, dim: number, memory: nd.WasmSharedMemory | null): Embedding {
  const embedding = new Embedding(rows, dim, { sparse: true });
  // Shared storage, so worker threads update the very rows the Module holds (Hogwild).
  embedding.weight = new Parameter(memory ? nd.wasmSharedZeros(memory, [rows, dim]) : nd.zeros([rows, dim], { shared: true }));
  return embedding;
}

/** What `train` returns. */
export interface TrainResult {
  vocabulary: Vocabulary;
  model: Word2VecModel;
  epochsDone: number;
  words: number;
  seconds: number;
  /** CPU seconds of training, summed over all threads (user + system). */
  cpuSeconds: number;
}

interface RunState {
  epoch: number;
  wordsDone: number;
  random: number;
}

const CHUNK_WORDS = 10_000;
/**
 * A training worker. From the bundle (dist/cli.js, `pnpm --filter word2vec build`) it is the
 * bundled dist/worker.js, with no tsx; from the sources, workers run the TypeScript sources too,
 * through tsx resolved from here (not from the working folder).
 */
function startWorker(): Worker {
  if (import.meta.url.endsWith('.js')) return new Worker(new URL('./worker.js', import.meta.url));
  const tsxApi = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./worker.ts', import.meta.url).href)}); })`;
  return new Worker(bootstrap, { eval: true, execArgv: ['--conditions=@dl/source'] });
}

/** Trains word vectors on `corpus`. */
export async function train(corpus: Corpus, options: TrainOptions): Promise<TrainResult> {
  const resumed = options.resume ? await loadCheckpoint(options.resume, { generators: {} }) : null;
  const saved = resumed?.metadata as { words: string[]; counts: number[]; state: RunState } | undefined;
  const vocabulary = saved
    ? Vocabulary.fromCounts(saved.words.map((word, i) => [word, saved.counts[i]] as const))
    : await Vocabulary.build(corpus, { minCount: options.minCount, maxSize: options.maxVocab });
  if (vocabulary.totalWords === 0) throw new Error(`corpus ${corpus.name}: no words`);
  if (vocabulary.size === 0) throw new Error(`corpus ${corpus.name}: no word occurs min-count (${options.minCount}) times`);
  const retained = vocabulary.counts.reduce((sum, count) => sum + count, 0);
  if (retained <= options.window) throw new Error(`corpus ${corpus.name}: ${retained} words kept, fewer than the window (${options.window}) needs`);

  const model = new Word2VecModel(vocabulary.size, options.dim);
  const input = model.inputEmbedding.weight.data;
  const output = model.outputEmbedding.weight.data;
  if (resumed) {
    const shape = resumed.modelState['inputEmbedding.weight'].shape;
    if (shape[0] !== vocabulary.size || shape[1] !== options.dim) {
      throw new Error(`resume ${options.resume ?? ''}: the checkpoint holds ${shape[0]} x ${shape[1]} vectors, this run asks for dim ${options.dim}`);
    }
    nd.copy_(input, resumed.modelState['inputEmbedding.weight']);
    nd.copy_(output, resumed.modelState['outputEmbedding.weight']);
  } else {
    // gensim's initialisation: input rows uniform in [-0.5, 0.5) / dim, output rows zero.
    const generator = new Generator(options.seed);
    // NOTE: in place on one temporary: a vocabulary-sized table per step would raise the peak RSS.
    const init = nd.rand([vocabulary.size, options.dim], { generator });
    nd.div_(nd.sub_(init, 0.5), options.dim);
    nd.copy_(input, init);
  }
  const state: RunState = saved?.state ?? { epoch: 0, wordsDone: 0, random: new Generator(options.seed + 1).integer(1, 2 ** 31) };
  const config: LoopConfig = { model: options.model, window: options.window, negative: options.hs ? 0 : options.negative, hs: options.hs, cbowMean: options.cbowMean };
  const tables = { input, output, keep: keepProbabilities(vocabulary.counts, options.sample), noise: aliasTable(vocabulary.counts), tree: options.hs ? huffmanPaths(vocabulary.counts) : null };
  const pool = options.threads > 1 ? new WorkerPool(options.threads, { config, ...tables, memory: model.memory, input: describe(input), output: describe(output), seed: state.random }) : null;
  const local = pool ? null : new ChunkTrainer(config, tables, state.random);

  const totalWords = retained * options.epochs;
  const started = performance.now();
  // CPU time of the whole process (every thread): on a shared machine the fairer speed figure.
  const cpuStarted = process.cpuUsage();
  const startWords = state.wordsDone;
  const reportEvery = options.reportEvery ?? 1000;
  let lastReport = started;
  const lrAt = (words: number): number => Math.max(options.minAlpha, options.alpha - ((options.alpha - options.minAlpha) * words) / totalWords);
  const lastEpoch = Math.min(options.epochs, options.stopAfterEpoch ?? options.epochs);
  try {
    for (; state.epoch < lastEpoch; state.epoch++) {
      const epochTotals: ChunkResult = { words: 0, examples: 0, loss: 0 };
      const report = (done: boolean): void => {
        const now = performance.now();
        const seconds = (now - started) / 1000;
        const speed = (state.wordsDone - startWords) / Math.max(seconds, 1e-9);
        options.onProgress?.({
          epoch: state.epoch + 1, epochs: options.epochs, progress: state.wordsDone / totalWords, words: state.wordsDone,
          wordsPerSecond: speed, wordsPerSecondPerThread: speed / options.threads, lr: lrAt(state.wordsDone),
          loss: epochTotals.examples > 0 ? epochTotals.loss / epochTotals.examples : 0, elapsedSeconds: seconds,
          etaSeconds: speed > 0 ? (totalWords - state.wordsDone) / speed : Infinity, done,
        });
        lastReport = now;
      };
      const finished = (result: ChunkResult): void => {
        epochTotals.words += result.words;
        epochTotals.examples += result.examples;
        epochTotals.loss += result.loss;
        if (performance.now() - lastReport >= reportEvery) report(false);
      };
      let dispatched = state.wordsDone;
      for await (const chunk of chunks(corpus, vocabulary)) {
        const lrStart = lrAt(dispatched);
        dispatched += chunk.words.length;
        const job: Chunk = { ...chunk, lrStart, lrEnd: lrAt(dispatched) };
        if (pool) {
          await pool.submit(job, (result) => {
            state.wordsDone += result.words;
            finished(result);
          });
        } else if (local) {
          const result = local.train(job);
          state.wordsDone += result.words;
          finished(result);
        }
      }
      if (pool) await pool.drain();
      if (local) state.random = local.random.state;
      report(state.epoch + 1 === options.epochs);
      if (options.checkpoint) {
        const next = { ...state, epoch: state.epoch + 1 };
        await saveCheckpoint({ model, generators: {}, epoch: next.epoch, metadata: { words: vocabulary.words, counts: vocabulary.counts, state: next, options: { ...options, onProgress: undefined } } }, options.checkpoint);
      }
    }
  } finally {
    await pool?.close();
  }
  return { vocabulary, model, epochsDone: state.epoch, words: state.wordsDone - startWords, seconds: (performance.now() - started) / 1000, cpuSeconds: cpuSince(cpuStarted) };
}

function cpuSince(start: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1e6;
}

function describe(array: nd.NDArray): nd.SharedDescription {
  return { buffer: array.data.buffer as SharedArrayBuffer, dtype: array.dtype, shape: array.shape, strides: array.strides, offset: array.offset };
}

/** Encoded sentences grouped into chunks of about CHUNK_WORDS words. */
async function* chunks(corpus: Corpus, vocabulary: Vocabulary): AsyncGenerator<Omit<Chunk, 'lrStart' | 'lrEnd'>> {
  let words = new Int32Array(CHUNK_WORDS * 2);
  let ends: number[] = [];
  let length = 0;
  for await (const sentence of corpus) {
    const encoded = vocabulary.encode(sentence);
    if (encoded.length === 0) continue;
    if (length + encoded.length > words.length) {
      const grown = new Int32Array((length + encoded.length) * 2);
      grown.set(words.subarray(0, length));
      words = grown;
    }
    words.set(encoded, length);
    length += encoded.length;
    ends.push(length);
    if (length >= CHUNK_WORDS) {
      yield { words: words.slice(0, length), ends: Int32Array.from(ends) };
      length = 0;
      ends = [];
    }
  }
  if (length > 0) yield { words: words.slice(0, length), ends: Int32Array.from(ends) };
}

/** Worker threads training chunks; at most two chunks wait per worker. */
class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, (result: ChunkResult) => void>();
  private readonly inFlight: number[];
  private nextId = 0;
  private waiters: (() => void)[] = [];
  private failure: Error | null = null;

  constructor(threads: number, setup: WorkerSetup) {
    this.inFlight = new Array<number>(threads).fill(0);
    for (let slot = 0; slot < threads; slot++) {
      const worker = startWorker();
      worker.on('message', (message: ChunkResult & { id: number }) => {
        this.inFlight[slot]--;
        this.pending.get(message.id)?.(message);
        this.pending.delete(message.id);
        this.wake();
      });
      worker.on('error', (error) => {
        this.failure = error;
        this.wake();
      });
      worker.postMessage({ setup: { ...setup, seed: (setup.seed + slot * 0x9e3779b1) >>> 0 } });
      this.workers.push(worker);
    }
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }

  private async until(ready: () => boolean): Promise<void> {
    while (!ready()) {
      if (this.failure) throw new Error(`train: a worker failed: ${this.failure.message}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    if (this.failure) throw new Error(`train: a worker failed: ${this.failure.message}`);
  }

  async submit(chunk: Chunk, done: (result: ChunkResult) => void): Promise<void> {
    await this.until(() => this.inFlight.some((count) => count < 2));
    const slot = this.inFlight.indexOf(Math.min(...this.inFlight));
    const id = this.nextId++;
    this.pending.set(id, done);
    this.inFlight[slot]++;
    this.workers[slot].postMessage({ chunk, id }, [chunk.words.buffer as ArrayBuffer, chunk.ends.buffer as ArrayBuffer]);
  }

  async drain(): Promise<void> {
    await this.until(() => this.pending.size === 0);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

// Training: vocabulary from the corpus file, weights as two @dl/nn Embeddings over shared memory,
// then epochs in which the main thread (1 thread) or each worker thread (Hogwild, writing into the
// same tables) reads and trains its own byte range of the file. Checkpoints resume at epoch boundaries.
import { loadCheckpoint, saveCheckpoint, Vocabulary } from '@dl/io';
import type { Tensor } from '@dl/autograd';
import { functional, Module, Parameter } from '@dl/nn';
import * as nd from '@dl/tensor';
import { Generator } from '@dl/tensor';
import { createRequire } from 'node:module';
import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ChunkTrainer, type ChunkResult, type LoopConfig } from './chunk-trainer.js';
import { RangeReader, byteRanges } from './range-reader.js';
import { learningRate, trainRange, type LrSchedule, type Schedule } from './range-training.js';
import { countWords, type WordCounts } from './word-counts.js';
import { wordIndex } from './word-index.js';
import type { Corpus } from './corpus.js';
import { aliasTable, huffmanPaths, keepProbabilities } from './tables.js';
import type { WorkerMessage, WorkerSetup } from './worker.js';

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
  /** `linear` (the default), or `gensim` to reproduce gensim's multi-thread corpus_file schedule. */
  lrSchedule: LrSchedule;
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

/** The defaults of gensim 4's `Word2Vec`, but for CBOW's learning rate: see `defaultAlpha`. */
export const DEFAULTS: TrainOptions = {
  model: 'skipgram', dim: 100, window: 5, negative: 5, hs: false, sample: 1e-3, minCount: 5, maxVocab: Infinity,
  epochs: 5, alpha: 0.025, minAlpha: 0.0001, lrSchedule: 'linear', seed: 1, threads: 1, cbowMean: true,
};

/**
 * The CLI's initial learning rate: 0.025 for skip-gram, 0.05 for CBOW, as word2vec.c (gensim
 * uses 0.025 for both). NOTE: CBOW moves each context row by the error of one averaged hidden
 * vector, so it learns less per word than skip-gram at the same rate: on 10M words of Wikipedia,
 * 0.05 raised @dl's 2-thread CBOW analogy accuracy from 22.8% to 28.0% (gensim's, side by side:
 * 24.3% to 28.6%; see the README).
 */
export function defaultAlpha(model: TrainOptions['model']): number {
  return model === 'cbow' ? 0.05 : DEFAULTS.alpha;
}

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

/**
 * An embedding table over given storage, looked up as @dl/nn's `Embedding` (`functional.embedding`,
 * sparse gradients). NOTE: not an `Embedding` itself, whose constructor would first allocate and
 * N(0, 1)-fill a vocabulary-sized table of its own (tens of MB of peak RSS for two tables).
 */
export class SharedEmbedding extends Module {
  weight: Parameter;

  constructor(weight: nd.NDArray) {
    super();
    this.weight = new Parameter(weight);
  }

  /** The rows of `words` (int32 indices). */
  forward(words: nd.NDArray): Tensor {
    return functional.embedding(words, this.weight, { sparse: true });
  }
}

/** Input and output tables; `stateDict()` is what checkpoints hold. */
export class Word2VecModel extends Module {
  inputEmbedding: SharedEmbedding;
  outputEmbedding: SharedEmbedding;

  /** The shared wasm memory both tables live in (null where the engine has none: then SharedArrayBuffers). */
  readonly memory: nd.WasmSharedMemory | null;

  constructor(vocabularySize: number, dim: number) {
    super();
    // One shared wasm memory for both tables, so @dl/tensor's SIMD kernels update them in place,
    // and worker threads update the very rows the Module holds (Hogwild).
    this.memory = nd.createWasmSharedMemory(2 * 4 * vocabularySize * dim);
    const table = (): nd.NDArray => (this.memory ? nd.wasmSharedZeros(this.memory, [vocabularySize, dim]) : nd.zeros([vocabularySize, dim], { shared: true }));
    this.inputEmbedding = new SharedEmbedding(table());
    this.outputEmbedding = new SharedEmbedding(table());
  }

  /** The input vectors of `words` (int32 indices), as a lookup. */
  forward(words: nd.NDArray): Tensor {
    return this.inputEmbedding.forward(words);
  }
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

/** The vocabulary of counted words: min-count, max-vocab, ties in order of first appearance. */
function vocabularyOf({ words, counts }: WordCounts, options: TrainOptions): Vocabulary {
  return Vocabulary.fromCounts(words.map((word, i) => [word, counts[i]] as const), { minCount: options.minCount, maxSize: options.maxVocab });
}

/** A copy of `array` in a SharedArrayBuffer: posted to workers, it is shared, not copied again. */
function sharedCopy<TArray extends Float32Array | Int32Array | Uint8Array>(array: TArray): TArray {
  const copy = new (array.constructor as new (buffer: SharedArrayBuffer) => TArray)(new SharedArrayBuffer(Math.max(array.byteLength, 1)));
  copy.set(array);
  return copy;
}

/** Trains word vectors on `corpus`. */
export async function train(corpus: Corpus, options: TrainOptions): Promise<TrainResult> {
  const resumed = options.resume ? await loadCheckpoint(options.resume, { generators: {} }) : null;
  const saved = resumed?.metadata as { words: string[]; counts: number[]; state: RunState } | undefined;
  const vocabulary = saved
    ? Vocabulary.fromCounts(saved.words.map((word, i) => [word, saved.counts[i]] as const))
    : vocabularyOf(countWords(corpus.path), options);
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
    // gensim 4's initialisation (KeyedVectors.prep_vectors): input rows uniform in [-1, 1) / dim,
    // twice word2vec.c's [-0.5, 0.5) / dim; output rows zero.
    const generator = new Generator(options.seed);
    // NOTE: in place on one temporary: a vocabulary-sized table per step would raise the peak RSS.
    const init = nd.rand([vocabulary.size, options.dim], { generator });
    nd.div_(nd.sub_(nd.mul_(init, 2), 1), options.dim);
    nd.copy_(input, init);
  }
  const state: RunState = saved?.state ?? { epoch: 0, wordsDone: 0, random: new Generator(options.seed + 1).integer(1, 2 ** 31) };
  const config: LoopConfig = { model: options.model, window: options.window, negative: options.hs ? 0 : options.negative, hs: options.hs, cbowMean: options.cbowMean };
  const tree = options.hs ? huffmanPaths(vocabulary.counts) : null;
  // Shared once here, so workers see these tables without a copy each.
  const noise = aliasTable(vocabulary.counts);
  const tables = {
    input, output, keep: sharedCopy(keepProbabilities(vocabulary.counts, options.sample)),
    noise: { probability: sharedCopy(noise.probability), alias: sharedCopy(noise.alias) },
    tree: tree && { points: sharedCopy(tree.points), codes: sharedCopy(tree.codes), offsets: sharedCopy(tree.offsets) },
  };
  const totalWords = retained * options.epochs;
  const schedule: Schedule = { kind: options.lrSchedule, alpha: options.alpha, minAlpha: options.minAlpha, totalWords, epochWords: retained, threads: options.threads };
  // Words claimed by every thread so far: each thread's learning rate follows it, as word2vec.c's word_count_actual.
  const progress = new BigInt64Array(new SharedArrayBuffer(8));
  progress[0] = BigInt(state.wordsDone);
  const index = wordIndex(vocabulary.words);
  const ranges = byteRanges((await stat(corpus.path)).size, options.threads);
  const pool = options.threads > 1
    ? new WorkerPool(options.threads, { config, ...tables, memory: model.memory, input: input.describe(), output: output.describe(), seed: state.random, path: corpus.path, index, progress, schedule })
    : null;
  const local = pool ? null : { trainer: new ChunkTrainer(config, tables, state.random), reader: new RangeReader(corpus.path, index) };

  const started = performance.now();
  // CPU time of the whole process (every thread): on a shared machine the fairer speed figure.
  const cpuStarted = process.cpuUsage();
  const startWords = state.wordsDone;
  const reportEvery = options.reportEvery ?? 1000;
  let lastReport = started;
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
          wordsPerSecond: speed, wordsPerSecondPerThread: speed / options.threads, lr: learningRate(schedule, state.wordsDone),
          loss: epochTotals.examples > 0 ? epochTotals.loss / epochTotals.examples : 0, elapsedSeconds: seconds,
          etaSeconds: speed > 0 ? (totalWords - state.wordsDone) / speed : Infinity, done,
        });
        lastReport = now;
      };
      const finished = (result: ChunkResult): void => {
        state.wordsDone += result.words;
        epochTotals.words += result.words;
        epochTotals.examples += result.examples;
        epochTotals.loss += result.loss;
        if (performance.now() - lastReport >= reportEvery) report(false);
      };
      if (pool) await pool.epoch(ranges, finished);
      if (local) {
        await trainRange(local.trainer, local.reader, ranges[0], progress, schedule, finished);
        state.random = local.trainer.random.state;
      }
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

/** Worker threads, each training its own byte range of the corpus file per epoch. */
class WorkerPool {
  private readonly workers: Worker[] = [];

  constructor(threads: number, setup: WorkerSetup) {
    for (let slot = 0; slot < threads; slot++) {
      const worker = startWorker();
      worker.postMessage({ setup: { ...setup, seed: (setup.seed + slot * 0x9e3779b1) >>> 0 } });
      this.workers.push(worker);
    }
  }

  /** Trains one epoch: worker `i` reads `ranges[i]`; `finished` gets every chunk's totals. */
  epoch(ranges: [number, number][], finished: (result: ChunkResult) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      let running = this.workers.length;
      const detach = (): void => {
        for (const worker of this.workers) worker.removeAllListeners('message').removeAllListeners('error');
      };
      this.workers.forEach((worker, i) => {
        worker.on('message', (message: WorkerMessage) => {
          if (message.type === 'chunk') finished(message);
          else if (--running === 0) {
            detach();
            resolve();
          }
        });
        worker.on('error', (error) => {
          detach();
          reject(new Error(`train: a worker failed: ${error.message}`));
        });
        worker.postMessage({ range: ranges[i] });
      });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

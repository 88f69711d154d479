// The per-thread training loop: turns encoded sentences into batches of examples (sub-sampling,
// dynamic window, negative draws) and hands each sentence's batch to @dl/tensor's fused kernels.
// The main thread (1 thread) and every worker (Hogwild) run this same code on the same tables.
import { cbowNegativeSamplingUpdate_, hierarchicalSoftmaxUpdate_, negativeSamplingUpdate_, type HuffmanPaths, type NDArray } from '@dl/tensor';
import type { AliasTable } from './tables.js';

/** The hyperparameters the inner loop needs. */
export interface LoopConfig {
  model: 'skipgram' | 'cbow';
  window: number;
  negative: number;
  hs: boolean;
  cbowMean: boolean;
}

/** What one thread trains with: shared tables plus its own random stream. */
export interface LoopTables {
  input: NDArray;
  output: NDArray;
  keep: Float32Array;
  noise: AliasTable;
  tree: HuffmanPaths | null;
}

/** A chunk of encoded sentences: `words` with `ends[s]` the end of sentence `s`. */
export interface Chunk {
  words: Int32Array;
  ends: Int32Array;
  /** Learning rate at the chunk's first and after its last word (linear in between). */
  lrStart: number;
  lrEnd: number;
}

/** Totals of a chunk. */
export interface ChunkResult {
  words: number;
  examples: number;
  loss: number;
}

const TWO_32 = 4294967296;

/** Trains on chunks, reusing its example buffers across sentences. */
export class ChunkTrainer {
  private readonly config: LoopConfig;
  private readonly tables: LoopTables;
  /**
   * The state of a 32-bit xorshift stream (Marsaglia), stepped inline in the hot loop: it draws
   * several numbers per word and cannot afford a call into the library generator for each.
   */
  readonly random: { state: number };
  private kept = new Int32Array(1024);
  private inputs = new Int32Array(1024);
  private targets = new Int32Array(1024);
  private offsets = new Int32Array(1025);
  private negatives = new Int32Array(1024);

  constructor(config: LoopConfig, tables: LoopTables, seed: number) {
    this.config = config;
    this.tables = tables;
    this.random = { state: seed >>> 0 || 0x9e3779b9 };
  }

  /** Trains on every sentence of a chunk, in order. */
  train(chunk: Chunk): ChunkResult {
    const result = { words: 0, examples: 0, loss: 0 };
    const total = chunk.words.length;
    let start = 0;
    for (const end of chunk.ends) {
      const lr = chunk.lrStart + ((chunk.lrEnd - chunk.lrStart) * start) / Math.max(total, 1);
      this.sentence(chunk.words.subarray(start, end), lr, result);
      result.words += end - start;
      start = end;
    }
    return result;
  }

  private grow(examples: number, contexts: number): void {
    const k = this.config.negative;
    if (this.inputs.length < contexts) {
      this.inputs = new Int32Array(contexts * 2);
      this.targets = new Int32Array(contexts * 2);
    }
    // Skip-gram makes one example per context, so negatives are sized by contexts.
    if (this.negatives.length < contexts * k) this.negatives = new Int32Array(contexts * k * 2);
    if (this.offsets.length < examples + 1) this.offsets = new Int32Array(examples * 2 + 1);
  }

  private sentence(words: Int32Array, lr: number, result: ChunkResult): void {
    const { keep, noise } = this.tables;
    if (this.kept.length < words.length) this.kept = new Int32Array(words.length * 2);
    const kept = this.kept;
    // NOTE: the xorshift state lives in a local through the sentence (one field write at the end):
    // the loops below draw several numbers per word, and a method call per draw showed in profiles.
    let state = this.random.state;
    let length = 0;
    for (const word of words) {
      const p = keep[word];
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      if (p >= 1 || p * TWO_32 > state >>> 0) kept[length++] = word;
    }
    if (length < 2) {
      this.random.state = state >>> 0;
      return;
    }
    const { window, negative: k, model } = this.config;
    this.grow(length, length * 2 * window);
    const { inputs, targets, offsets, negatives } = this;
    const { probability, alias } = noise;
    const size = alias.length;
    const skipgram = model === 'skipgram';
    let examples = 0;
    let contexts = 0;
    let drawn = 0;
    for (let i = 0; i < length; i++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      const reduced = (state >>> 0) % window;
      const from = Math.max(0, i - window + reduced);
      const to = Math.min(length, i + window + 1 - reduced);
      const centre = kept[i];
      // Skip-gram makes one example per context word, CBOW one per centre word: each draws k negatives.
      let draws = 0;
      if (skipgram) {
        for (let j = from; j < to; j++) {
          if (j === i) continue;
          inputs[examples] = kept[j];
          targets[examples++] = centre;
          draws += k;
        }
      } else {
        offsets[examples] = contexts;
        for (let j = from; j < to; j++) if (j !== i) inputs[contexts++] = kept[j];
        targets[examples++] = centre;
        draws = k;
      }
      for (; draws > 0; draws--) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        // One draw picks the alias bucket (integer part) and flips its coin (fraction part).
        const u = ((state >>> 0) / TWO_32) * size;
        const bucket = Math.floor(u);
        negatives[drawn++] = u - bucket < probability[bucket] ? bucket : alias[bucket];
      }
    }
    this.random.state = state >>> 0;
    result.examples += examples;
    result.loss += this.update(examples, contexts, drawn, lr);
  }

  private update(examples: number, contexts: number, drawn: number, lr: number): number {
    const { input, output, tree } = this.tables;
    const { model, hs, cbowMean } = this.config;
    const negatives = this.negatives.subarray(0, drawn);
    if (model === 'skipgram') {
      const batch = { inputs: this.inputs.subarray(0, examples), targets: this.targets.subarray(0, examples), negatives, lr };
      return hs && tree ? hierarchicalSoftmaxUpdate_(input, output, batch, tree) : negativeSamplingUpdate_(input, output, batch);
    }
    this.offsets[examples] = contexts;
    const batch = {
      contexts: this.inputs.subarray(0, contexts),
      offsets: this.offsets.subarray(0, examples + 1),
      targets: this.targets.subarray(0, examples),
      negatives,
      lr,
      mean: cbowMean,
    };
    return cbowNegativeSamplingUpdate_(input, output, batch, hs && tree ? tree : undefined);
  }
}

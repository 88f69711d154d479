// A Hogwild training worker: rebuilds the shared weight tables from their descriptions, then per
// epoch reads and trains its own byte range of the corpus file, writing straight into the tables.
import { fromDescription, fromWasmSharedMemory, type HuffmanPaths, type NDArray, type SharedDescription, type WasmSharedMemory } from '@dl/tensor';
import { parentPort } from 'node:worker_threads';
import { ChunkTrainer, type ChunkResult, type LoopConfig } from './chunk-trainer.js';
import { RangeReader } from './range-reader.js';
import { trainRange, type Schedule } from './range-training.js';
import type { AliasTable } from './tables.js';
import type { WordIndex } from './word-index.js';

/** The first message a worker gets; its typed arrays live in shared memory (posted, not copied). */
export interface WorkerSetup {
  config: LoopConfig;
  /** The shared wasm memory the tables live in, or null when they are plain SharedArrayBuffers. */
  memory: WasmSharedMemory | null;
  input: SharedDescription;
  output: SharedDescription;
  keep: Float32Array;
  noise: AliasTable;
  tree: HuffmanPaths | null;
  seed: number;
  /** The plain-text corpus file. */
  path: string;
  index: WordIndex;
  /** Words claimed by all threads (`progress[0]`). */
  progress: BigInt64Array;
  schedule: Schedule;
}

/** What a worker posts: a trained chunk's totals, and `done` at the end of its range. */
export type WorkerMessage = ({ type: 'chunk' } & ChunkResult) | { type: 'done' };

const port = parentPort;
if (port) {
  let setup: WorkerSetup | null = null;
  let trainer: ChunkTrainer | null = null;
  let reader: RangeReader | null = null;
  port.on('message', (message: { setup: WorkerSetup } | { range: [number, number] }) => {
    if ('setup' in message) {
      setup = message.setup;
      const { config, memory, input, output, keep, noise, tree, seed, path, index } = setup;
      // Over the posted memory itself, so this thread's SIMD kernels find the tables in it.
      const rebuild = (description: SharedDescription): NDArray => (memory ? fromWasmSharedMemory(memory, description) : fromDescription(description));
      trainer = new ChunkTrainer(config, { input: rebuild(input), output: rebuild(output), keep, noise, tree }, seed);
      reader = new RangeReader(path, index);
      return;
    }
    if (!setup || !trainer || !reader) throw new Error('word2vec worker: got a range before its setup');
    void trainRange(trainer, reader, message.range, setup.progress, setup.schedule, (result) => {
      port.postMessage({ type: 'chunk', ...result } satisfies WorkerMessage);
    }).then(() => {
      port.postMessage({ type: 'done' } satisfies WorkerMessage);
    });
  });
}

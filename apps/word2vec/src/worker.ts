// A Hogwild training worker: rebuilds the shared weight tables from their descriptions and
// trains on the chunks the main thread posts, writing straight into the shared tables.
import { fromDescription, fromWasmSharedMemory, type HuffmanPaths, type NDArray, type SharedDescription, type WasmSharedMemory } from '@dl/tensor';
import { parentPort } from 'node:worker_threads';
import { ChunkTrainer, type Chunk, type LoopConfig } from './chunk-trainer.js';
import type { AliasTable } from './tables.js';

/** The first message a worker gets. */
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
}

const port = parentPort;
if (port) {
  let trainer: ChunkTrainer | null = null;
  port.on('message', (message: { setup: WorkerSetup } | { chunk: Chunk; id: number }) => {
    if ('setup' in message) {
      const { config, memory, input, output, keep, noise, tree, seed } = message.setup;
      // Over the posted memory itself, so this thread's SIMD kernels find the tables in it.
      const rebuild = (description: SharedDescription): NDArray => (memory ? fromWasmSharedMemory(memory, description) : fromDescription(description));
      trainer = new ChunkTrainer(config, { input: rebuild(input), output: rebuild(output), keep, noise, tree }, seed);
      return;
    }
    if (!trainer) throw new Error('word2vec worker: got a chunk before its setup');
    const result = trainer.train(message.chunk);
    port.postMessage({ id: message.id, ...result });
  });
}

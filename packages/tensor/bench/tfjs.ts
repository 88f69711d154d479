// TensorFlow.js as the yardstick: its pure-JS cpu backend and its wasm backend (XNNPACK, SIMD),
// both on one thread, as our cpu kernels run.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { NDArray } from '../src/index.js';

export { tf };

/** The tfjs backends the benchmarks compare against. */
export type TfBackend = 'cpu' | 'wasm';

// NOTE: in Node, Emscripten reads the .wasm binary with fs, so the "URL" prefix is simply the
// package's dist folder as a file path (with the trailing slash tfjs concatenates onto).
const require = createRequire(import.meta.url);
setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);
// One thread, as ours: without this tfjs picks the threaded build when SharedArrayBuffer exists.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
// Production mode skips tfjs's debug checks and its "install tfjs-node" banner.
tf.env().set('PROD', true);

/** Switches tfjs to `name` (idempotent); throws if the backend cannot start here. */
export async function useBackend(name: TfBackend): Promise<void> {
  if (tf.getBackend() === name) return;
  if (!(await tf.setBackend(name))) throw new Error(`tfjs: backend '${name}' failed to initialize`);
}

/** A tfjs benchmark case: the bench function plus the setup hook that must run before it. */
export interface TfjsCase {
  readonly fn: () => void;
  readonly setup: () => Promise<void>;
}

/**
 * Runs `op` on inputs made on `backend` (once, in setup, from our arrays' values). Each call
 * disposes its output; results are not read back, since the cpu and wasm backends compute
 * synchronously inside the op, as ours do.
 */
export function tfjsCase(backend: TfBackend, makeInputs: () => tf.Tensor[], op: (...inputs: tf.Tensor[]) => tf.Tensor): TfjsCase {
  let inputs: tf.Tensor[] | undefined;
  return {
    setup: async () => {
      await useBackend(backend);
      inputs ??= makeInputs();
    },
    fn: () => {
      if (!inputs) throw new Error('tfjsCase: setup did not run');
      op(...inputs).dispose();
    },
  };
}

/** A float32 tfjs tensor with the values and shape of `x` (tfjs has no float64). */
export function toTensor(x: NDArray): tf.Tensor {
  return tf.tensor(Float32Array.from(x.dataSync()), [...x.shape]);
}

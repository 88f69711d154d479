// TensorFlow.js from npm as a contender: its pure-JS cpu backend and its wasm backend (XNNPACK,
// SIMD), both on one thread. Loaded through @dl/examples' loader, which registers the gradient
// functions the training steps need; tfjs keeps its engine and kernel registry in a global, so
// the wasm backend's Node bundle registers into the same engine.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { loadTfjs as loadTfjsCpu, type Tf, type TfTensor } from '@dl/examples/tfjs';

/** The tfjs calls the bench makes beyond the training steps' slice of the API. */
export interface TfBench extends Tf {
  matMul(a: TfTensor, b: TfTensor, transposeA?: boolean, transposeB?: boolean): TfTensor;
  exp(x: TfTensor): TfTensor;
  getBackend(): string;
  env(): { set(flag: string, value: boolean): void };
}

/** The tfjs backends the bench compares against. */
export type TfBackend = 'cpu' | 'wasm';

interface WasmBackendModule {
  setWasmPaths(prefix: string): void;
}

/** tfjs with the cpu and wasm backends ready, or undefined when tfjs is not installed. */
export async function loadTfjs(): Promise<TfBench | undefined> {
  const tf = (await loadTfjsCpu()) as TfBench | undefined;
  if (!tf) return undefined;
  const require = createRequire(import.meta.url);
  const wasm = (await import('@tensorflow/tfjs-backend-wasm')) as WasmBackendModule;
  // NOTE: in Node, Emscripten reads the .wasm with fs, so the "URL" prefix is the dist folder path.
  wasm.setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);
  // One thread, as ours: otherwise tfjs picks its threaded build when SharedArrayBuffer exists.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  return tf;
}

/** Switches tfjs to `backend` (cheap when already active); throws if it cannot start here. */
export async function useTfBackend(tf: TfBench, backend: TfBackend): Promise<void> {
  if (tf.getBackend() === backend) return;
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs: backend '${backend}' failed to initialize`);
}

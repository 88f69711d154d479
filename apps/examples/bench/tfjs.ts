// TensorFlow.js (pure-JS cpu backend, one thread) as the yardstick of the training-step benchmark.
// NOTE: tfjs-core's Node bundle (its package "main") leaves out the gradient functions, so
// tf.variableGrads fails there ("gradient function not found"). Bundlers use the ES modules of
// dist/ (the "module" field) plus dist/register_all_gradients.js; so does this loader, by path.
// Only the calls the benchmark makes are typed here, so it typechecks without tfjs's types.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** An opaque tfjs tensor. */
export interface TfTensor {
  readonly shape: number[];
  dispose(): void;
}

/** A tfjs optimizer. */
export interface TfOptimizer {
  applyGradients(grads: Record<string, TfTensor>): void;
}

/** The slice of the tfjs API the benchmark uses. */
export interface Tf {
  tensor(values: Float32Array | Int32Array, shape: number[], dtype?: 'float32' | 'int32'): TfTensor;
  variable(initial: TfTensor): TfTensor;
  add(a: TfTensor, b: TfTensor): TfTensor;
  mul(a: TfTensor, b: TfTensor): TfTensor;
  neg(x: TfTensor): TfTensor;
  matMul(a: TfTensor, b: TfTensor): TfTensor;
  relu(x: TfTensor): TfTensor;
  reshape(x: TfTensor, shape: number[]): TfTensor;
  transpose(x: TfTensor, perm: number[]): TfTensor;
  conv2d(x: TfTensor, filter: TfTensor, strides: number, pad: 'valid' | 'same'): TfTensor;
  maxPool(x: TfTensor, filterSize: number, strides: number, pad: 'valid' | 'same'): TfTensor;
  logSoftmax(x: TfTensor, axis?: number): TfTensor;
  sum(x: TfTensor, axis?: number): TfTensor;
  mean(x: TfTensor): TfTensor;
  oneHot(indices: TfTensor, depth: number): TfTensor;
  variableGrads(f: () => TfTensor): { value: TfTensor; grads: Record<string, TfTensor> };
  tidy<T>(fn: () => T): T;
  train: { sgd(learningRate: number): TfOptimizer };
  setBackend(name: string): Promise<boolean>;
  env(): { set(flag: string, value: boolean): void };
  version_core: string;
}

/** The folder of `name` as resolved from `base`, or undefined when it is not installed there. */
function packageDir(base: string, name: string): string | undefined {
  try {
    return dirname(createRequire(base).resolve(`${name}/package.json`));
  } catch {
    return undefined;
  }
}

/**
 * tfjs-core with its gradients registered and the cpu backend active, or undefined when it is
 * not installed.
 * @example
 * const tf = await loadTfjs(); // undefined without @tensorflow/tfjs-core and -backend-cpu
 */
export async function loadTfjs(): Promise<Tf | undefined> {
  const core = packageDir(import.meta.url, '@tensorflow/tfjs-core');
  const cpu = packageDir(import.meta.url, '@tensorflow/tfjs-backend-cpu');
  if (!core || !cpu) return undefined;
  const tf = (await import(join(core, 'dist/index.js'))) as Tf;
  await import(join(core, 'dist/register_all_gradients.js'));
  await import(join(cpu, 'dist/index.js'));
  // Production mode skips tfjs's debug checks (and their cost) inside every op.
  tf.env().set('PROD', true);
  return (await tf.setBackend('cpu')) ? tf : undefined;
}

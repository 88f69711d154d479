// TensorFlow.js (pure-JS cpu backend, one thread) as a yardstick for the autograd benchmarks.
// NOTE: tfjs-core's Node bundle (its package "main") leaves out the gradient functions, so
// tf.grad fails there ("gradient function not found for Add"). Bundlers use the ES modules of
// dist/ (the "module" field) plus dist/register_all_gradients.js; so does this loader, by path.
// Only the few calls the benchmarks make are typed here, so the bench typechecks without tfjs.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** An opaque tfjs tensor. */
export interface TfTensor {
  dispose(): void;
}

/** The slice of the tfjs API the autograd benchmarks use. */
export interface Tf {
  tensor(values: Float32Array | Int32Array, shape: number[], dtype?: 'float32' | 'int32'): TfTensor;
  scalar(value: number): TfTensor;
  variable(initial: TfTensor): TfTensor;
  add(a: TfTensor, b: TfTensor | number): TfTensor;
  mul(a: TfTensor, b: TfTensor | number): TfTensor;
  neg(x: TfTensor): TfTensor;
  matMul(a: TfTensor, b: TfTensor): TfTensor;
  relu(x: TfTensor): TfTensor;
  logSoftmax(x: TfTensor, axis?: number): TfTensor;
  sum(x: TfTensor, axis?: number): TfTensor;
  mean(x: TfTensor): TfTensor;
  oneHot(indices: TfTensor, depth: number): TfTensor;
  grad(f: (x: TfTensor) => TfTensor): (x: TfTensor) => TfTensor;
  variableGrads(f: () => TfTensor): { value: TfTensor; grads: Record<string, TfTensor> };
  tidy<T>(fn: () => T): T;
  setBackend(name: string): Promise<boolean>;
  env(): { set(flag: string, value: boolean): void };
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
 * not installed. Looks in this package first, then in @dl/tensor's devDependencies (where tfjs
 * lives until it is a devDependency here too).
 */
export async function loadTfjs(): Promise<Tf | undefined> {
  const tensorPackage = packageDir(import.meta.url, '@dl/tensor');
  const bases = [import.meta.url, ...(tensorPackage ? [join(tensorPackage, 'package.json')] : [])];
  for (const base of bases) {
    const core = packageDir(base, '@tensorflow/tfjs-core');
    const cpu = packageDir(base, '@tensorflow/tfjs-backend-cpu');
    if (!core || !cpu) continue;
    const tf = (await import(join(core, 'dist/index.js'))) as Tf;
    await import(join(core, 'dist/register_all_gradients.js'));
    await import(join(cpu, 'dist/index.js'));
    // Production mode skips tfjs's debug checks (and their cost) inside every op.
    tf.env().set('PROD', true);
    if (!(await tf.setBackend('cpu'))) return undefined;
    return tf;
  }
  return undefined;
}

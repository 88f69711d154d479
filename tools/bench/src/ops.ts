// The op rows of the one-thread table: matmul in three transpose variants, element-wise ops on
// 1e6 floats, and the fixed cost of one tiny op with and without autograd recording.
import { add as addTensor, tensor } from '@dl/autograd';
import { add, exp, matmul, mul, randn, setBackend, sum, tidy, transpose, type NDArray } from '@dl/tensor';
import { race, type Entrant, type Rounds } from './clock.js';
import type { BenchConfig } from './config.js';
import { dlEntrant, tfEntrant } from './contenders.js';
import type { PythonResult } from './python.js';
import type { Row } from './table.js';
import { useTfBackend, type TfBench, type TfBackend } from './tfjs.js';

const VARIANTS = ['A·B', 'A·Bᵀ', 'Aᵀ·B'] as const;
/** The column of @dl wasm figures whose outputs are not disposed (table.ts). */
const NO_DISPOSE = '@dl wasm, no dispose';
type Variant = (typeof VARIANTS)[number];

/** A float32 tfjs tensor on `backend` holding `x`'s values. */
async function onTf(tf: TfBench, backend: TfBackend, x: NDArray): Promise<ReturnType<TfBench['tensor']>> {
  await useTfBackend(tf, backend);
  return tf.tensor(Float32Array.from(x.dataSync()), [...x.shape]);
}

function rounds(config: BenchConfig): Rounds {
  return { rounds: config.rounds, roundMs: config.roundMs, clock: 'cpu' };
}

async function matmulRow(config: BenchConfig, tf: TfBench | undefined, python: PythonResult | undefined, n: number, variant: Variant): Promise<Row> {
  const [a, b] = [randn([n, n]), randn([n, n])];
  const x = variant === 'Aᵀ·B' ? transpose(a, 0, 1) : a;
  const y = variant === 'A·Bᵀ' ? transpose(b, 0, 1) : b;
  // Outputs are disposed, as the tfjs entrants dispose theirs; the no-dispose entrant leaves them to the GC.
  const product = (): void => {
    matmul(x, y).dispose();
  };
  const entrants: Entrant[] = [];
  if (n <= config.slowLimit) entrants.push(dlEntrant('cpu', product));
  entrants.push(dlEntrant('wasm', product));
  entrants.push(dlEntrant('wasm', () => {
    matmul(x, y);
  }, NO_DISPOSE));
  for (const backend of ['cpu', 'wasm'] as const) {
    // tfjs-cpu runs about 1 GFLOP/s and tfjs-wasm's transposed products about 2: skip their big sizes.
    const limit = backend === 'cpu' ? config.slowLimit : variant === 'A·B' ? Infinity : 2 * config.slowLimit;
    if (!tf || n > limit) continue;
    const [ta, tb] = [await onTf(tf, backend, a), await onTf(tf, backend, b)];
    entrants.push(tfEntrant(tf, backend, () => {
      tf.matMul(ta, tb, variant === 'Aᵀ·B', variant === 'A·Bᵀ').dispose();
    }));
  }
  const ms = await race(entrants, { ...rounds(config), rounds: n >= 1024 ? config.bigRounds : config.matmulRounds });
  const gflops = (time: number | undefined): number | undefined => (time === undefined ? undefined : (2 * n ** 3) / (time * 1e6));
  const values = {
    '@dl cpu': gflops(ms.get('@dl cpu')),
    '@dl wasm': gflops(ms.get('@dl wasm')),
    [NO_DISPOSE]: gflops(ms.get(NO_DISPOSE)),
    'tfjs-cpu': gflops(ms.get('tfjs-cpu')),
    'tfjs-wasm': gflops(ms.get('tfjs-wasm')),
    numpy: gflops(python?.ms[`numpy matmul ${variant} ${n}`]),
    PyTorch: gflops(python?.ms[`torch matmul ${variant} ${n}`]),
  };
  return { name: `matmul ${variant} ${n}`, unit: 'GFLOP/s', values, wasmGflops: values['@dl wasm'] };
}

/** matmul rows, n x n @ n x n for every size and transpose variant. */
export async function matmulRows(config: BenchConfig, tf: TfBench | undefined, python: PythonResult | undefined): Promise<Row[]> {
  const rows: Row[] = [];
  for (const n of config.matmulSizes) for (const variant of VARIANTS) rows.push(await matmulRow(config, tf, python, n, variant));
  return rows;
}

type TfOp = (tf: TfBench, a: ReturnType<TfBench['tensor']>, b: ReturnType<TfBench['tensor']>) => { dispose(): void };

/** The element-wise ops; `flops` per element for the share of the peak (exp's polynomial is not counted). */
const ELEMENTWISE: readonly { name: string; ours: (a: NDArray, b: NDArray) => NDArray; theirs: TfOp; flops?: number }[] = [
  { name: 'add', ours: add, theirs: (tf, a, b) => tf.add(a, b), flops: 1 },
  { name: 'mul', ours: mul, theirs: (tf, a, b) => tf.mul(a, b), flops: 1 },
  { name: 'exp', ours: (a) => exp(a), theirs: (tf, a) => tf.exp(a) },
  { name: 'sum', ours: (a) => sum(a), theirs: (tf, a) => tf.sum(a), flops: 1 },
];

/**
 * Element-wise rows: ms per call on `config.elements` float32, output allocation included. The
 * @dl wasm column runs as a tfjs-wasm user's code does: inputs made inside `tidy` (so they live in
 * wasm linear memory and the kernels read them in place) and each call inside `tidy`, which
 * disposes its output (its memory goes straight back to wasm's heap). @dl cpu disposes each
 * output of ordinary arrays; the no-dispose column calls on ordinary arrays and leaves the
 * outputs to the garbage collector.
 */
export async function elementwiseRows(config: BenchConfig, tf: TfBench | undefined, python: PythonResult | undefined): Promise<Row[]> {
  const [x, y] = [randn([config.elements]), randn([config.elements])];
  // Storage made inside tidy() is resident only while the wasm backend is active (the races switch backends).
  setBackend('wasm');
  const [residentX, residentY] = tidy(() => [x.clone(), y.clone()]);
  const rows: Row[] = [];
  for (const op of ELEMENTWISE) {
    const call = (): void => {
      op.ours(x, y).dispose();
    };
    const residentCall = (): void => {
      tidy(() => {
        op.ours(residentX, residentY);
      });
    };
    const keepOutput = (): void => {
      op.ours(x, y);
    };
    const entrants = [dlEntrant('cpu', call), dlEntrant('wasm', residentCall), dlEntrant('wasm', keepOutput, NO_DISPOSE)];
    for (const backend of tf ? (['cpu', 'wasm'] as const) : []) {
      if (!tf) break;
      const [tx, ty] = [await onTf(tf, backend, x), await onTf(tf, backend, y)];
      entrants.push(tfEntrant(tf, backend, () => {
        op.theirs(tf, tx, ty).dispose();
      }));
    }
    const ms = await race(entrants, rounds(config));
    const wasm = ms.get('@dl wasm');
    rows.push({
      name: `${op.name} ${config.elements.toExponential(0).replace('+', '')} float32`,
      unit: 'ms',
      values: {
        '@dl cpu': ms.get('@dl cpu'), '@dl wasm': wasm, [NO_DISPOSE]: ms.get(NO_DISPOSE), 'tfjs-cpu': ms.get('tfjs-cpu'), 'tfjs-wasm': ms.get('tfjs-wasm'),
        numpy: python?.ms[`numpy ${op.name}`], PyTorch: python?.ms[`torch ${op.name}`],
      },
      wasmGflops: op.flops === undefined || wasm === undefined ? undefined : (op.flops * config.elements) / (wasm * 1e6),
    });
  }
  return rows;
}

/** The fixed cost of one op: µs per 2x2 add, with autograd recording (inputs require grad) and without. */
export async function overheadRows(config: BenchConfig, tf: TfBench | undefined, python: PythonResult | undefined): Promise<Row[]> {
  const rows: Row[] = [];
  for (const grad of [false, true]) {
    const [a, b] = [tensor(randn([2, 2]), { requiresGrad: grad }), tensor(randn([2, 2]), { requiresGrad: grad })];
    const call = (): void => {
      addTensor(a, b);
    };
    const entrants = [dlEntrant('cpu', call), dlEntrant('wasm', call)];
    // tfjs records gradients only inside tf.grad/variableGrads: its plain op is the no-grad figure.
    for (const backend of tf && !grad ? (['cpu', 'wasm'] as const) : []) {
      if (!tf) break;
      const [ta, tb] = [await onTf(tf, backend, randn([2, 2])), await onTf(tf, backend, randn([2, 2]))];
      entrants.push(tfEntrant(tf, backend, () => {
        tf.add(ta, tb).dispose();
      }));
    }
    const ms = await race(entrants, rounds(config));
    const us = (time: number | undefined): number | undefined => (time === undefined ? undefined : time * 1000);
    rows.push({
      name: `2x2 add, ${grad ? 'with grad' : 'no grad'}`,
      unit: 'µs',
      values: {
        '@dl cpu': us(ms.get('@dl cpu')), '@dl wasm': us(ms.get('@dl wasm')),
        'tfjs-cpu': us(ms.get('tfjs-cpu')), 'tfjs-wasm': us(ms.get('tfjs-wasm')),
        PyTorch: us(python?.ms[`torch overhead ${grad ? 'grad' : 'no grad'}`]),
      },
    });
  }
  return rows;
}

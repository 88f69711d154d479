// The backend comparison tables for README.md: @dl's cpu and wasm backends against tfjs (cpu and
// wasm), numpy and PyTorch (when /usr/bin/python3 has them), float32, one thread each. Timing is
// CPU time; contenders take turns round by round and keep their best round (see matmul-table.ts).
// The wasm column is also given as a share of the machine's SIMD128 peak, measured by a WASM
// loop of independent f32x4.mul + f32x4.add chains (gemm.wat's `peak`).
// backends.bench.ts prints these tables; to get only the tables:
//   node --conditions=@dl/source --import tsx bench/backends-table.ts
import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { add, exp, matmul, mul, randn, setBackend, setNumThreads, sum, transpose, type NDArray } from '../src/index.js';
import { simdPeak } from './peak.js';
import { format, markdownTable, timeRound } from './report.js';
import { tf, toTensor, useBackend, type TfBackend } from './tfjs.js';

const SIZES = [64, 128, 256, 512, 1024, 2048];
const VARIANTS = ['A·B', 'A·Bᵀ', 'Aᵀ·B'] as const;
type Variant = (typeof VARIANTS)[number];
const ROUNDS = 3;
const ROUND_MS = 100;
/** Contenders slower than this many GFLOP/s skip sizes above SLOW_LIMIT (a 2048 product would take seconds). */
const SLOW_LIMIT = 512;
const ELEMENTWISE_SIZE = 1_000_000;
const CONTENDERS = ['@dl cpu', '@dl wasm', 'tfjs-cpu', 'tfjs-wasm'] as const;
type Contender = (typeof CONTENDERS)[number];

async function select(contender: Contender): Promise<void> {
  if (contender.startsWith('@dl')) setBackend(contender.slice(4));
  else await useBackend(contender.slice('tfjs-'.length) as TfBackend);
}

/** One call of `variant` on contender-native n x n operands, prepared once. */
async function matmulCall(contender: Contender, variant: Variant, n: number): Promise<() => void> {
  const [a, b] = [randn([n, n]), randn([n, n])];
  await select(contender); // tfjs tensors live on the backend active when they are made
  if (contender.startsWith('@dl')) {
    const x = variant === 'Aᵀ·B' ? transpose(a, 0, 1) : a;
    const y = variant === 'A·Bᵀ' ? transpose(b, 0, 1) : b;
    return () => {
      matmul(x, y);
    };
  }
  const [ta, tb] = [toTensor(a), toTensor(b)];
  return () => {
    tf.matMul(ta, tb, variant === 'Aᵀ·B', variant === 'A·Bᵀ').dispose();
  };
}

/** Best-of-ROUNDS milliseconds per call for each contender, rounds interleaved. */
async function race(calls: Map<Contender, () => void>): Promise<Map<Contender, number>> {
  const best = new Map<Contender, number>();
  for (const [contender, run] of calls) {
    await select(contender);
    run(); // warm up: JIT, wasm tier-up and memory growth stay out of the timed rounds
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const [contender, run] of calls) {
      await select(contender);
      best.set(contender, Math.min(best.get(contender) ?? Infinity, timeRound(run, ROUND_MS)));
    }
  }
  setBackend('wasm');
  return best;
}

interface PythonResults {
  readonly numpy?: Record<string, number>;
  readonly torch?: Record<string, number>;
}

/** numpy's and PyTorch's timings (ms per call, keyed like the rows), one thread, or {} without Python. */
function pythonTimings(): PythonResults {
  const script = `
import json, sys, time
out = {}
def best_ms(f):
    f()
    best = float("inf")
    for _ in range(${ROUNDS}):
        reps, start = 0, time.process_time()
        while True:
            f(); reps += 1
            if time.process_time() - start >= ${ROUND_MS / 1000}: break
        best = min(best, (time.process_time() - start) / reps)
    return best * 1e3
def cases(lib, randn, mm, T, add, mul, exp, total):
    res = {}
    for n in ${JSON.stringify(SIZES)}:
        a, b = randn(n, n), randn(n, n)
        res[f"A·B {n}"] = best_ms(lambda: mm(a, b))
        res[f"A·Bᵀ {n}"] = best_ms(lambda: mm(a, T(b)))
        res[f"Aᵀ·B {n}"] = best_ms(lambda: mm(T(a), b))
    x, y = randn(${ELEMENTWISE_SIZE}), randn(${ELEMENTWISE_SIZE})
    res["add"] = best_ms(lambda: add(x, y)); res["mul"] = best_ms(lambda: mul(x, y))
    res["exp"] = best_ms(lambda: exp(x)); res["sum"] = best_ms(lambda: total(x))
    return res
try:
    import numpy as np
    rng = np.random.default_rng(0)
    out["numpy"] = cases("numpy", lambda *s: rng.standard_normal(s, dtype=np.float32), np.matmul, lambda m: m.T, np.add, np.multiply, np.exp, np.sum)
except ImportError:
    pass
try:
    import torch
    torch.set_num_threads(1)
    out["torch"] = cases("torch", lambda *s: torch.randn(*s), torch.matmul, lambda m: m.T, torch.add, torch.mul, torch.exp, torch.sum)
except ImportError:
    pass
print(json.dumps(out))
`;
  const oneThread = { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const result = spawnSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8', env: { ...process.env, ...oneThread }, timeout: 600_000 });
  if (result.status !== 0) return {};
  return JSON.parse(result.stdout) as PythonResults;
}

/** Measures everything and returns the tables as markdown, each with a caption. */
export async function backendTables(): Promise<string> {
  // One thread, as every other contender: with the pool, large element-wise ops split across
  // workers and CPU time counts both threads plus the copies into shared memory.
  setNumThreads(1);
  const peak = simdPeak();
  const python = pythonTimings();
  const extra = (['numpy', 'torch'] as const).filter((lib) => python[lib]);
  const gflops = (n: number, ms: number | undefined): number | undefined => (ms === undefined ? undefined : (2 * n ** 3) / (ms * 1e6));
  const rows: string[][] = [];
  for (const n of SIZES) {
    for (const variant of VARIANTS) {
      const calls = new Map<Contender, () => void>();
      for (const contender of CONTENDERS) {
        const slow = contender === '@dl cpu' || contender === 'tfjs-cpu';
        // tfjs-wasm runs transposed products at about 2 GFLOP/s: 2048 would take 8 s per call.
        const slowTransposed = contender === 'tfjs-wasm' && variant !== 'A·B';
        if ((slow && n > SLOW_LIMIT) || (slowTransposed && n > 2 * SLOW_LIMIT)) continue;
        calls.set(contender, await matmulCall(contender, variant, n));
      }
      const ms = await race(calls);
      const ours = gflops(n, ms.get('@dl wasm'));
      const theirs = gflops(n, ms.get('tfjs-wasm'));
      rows.push([
        `${variant} ${n}`,
        ...CONTENDERS.map((c) => format(gflops(n, ms.get(c)))),
        ...extra.map((lib) => format(gflops(n, python[lib]?.[`${variant} ${n}`]))),
        `${format(ours !== undefined ? (100 * ours) / peak : undefined, 0)}%`,
        `${format(ours !== undefined && theirs !== undefined ? ours / theirs : undefined)}x`,
      ]);
    }
  }
  const matmulHeader = ['matmul n', ...CONTENDERS, ...extra, '@dl wasm / peak', '@dl wasm / tfjs-wasm'];

  const [x, y] = [randn([ELEMENTWISE_SIZE]), randn([ELEMENTWISE_SIZE])];
  const ops: [string, (a: NDArray, b: NDArray) => unknown, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor][] = [
    ['add', add, (a, b) => tf.add(a, b)],
    ['mul', mul, (a, b) => tf.mul(a, b)],
    ['exp', (a) => exp(a), (a) => tf.exp(a)],
    ['sum', (a) => sum(a), (a) => tf.sum(a)],
  ];
  const elementRows: string[][] = [];
  for (const [name, ours, theirs] of ops) {
    const calls = new Map<Contender, () => void>();
    for (const contender of CONTENDERS) {
      await select(contender);
      const [tx, ty] = contender.startsWith('@dl') ? [] : [toTensor(x), toTensor(y)];
      calls.set(contender, tx && ty ? () => { theirs(tx, ty).dispose(); } : () => { ours(x, y); });
    }
    const ms = await race(calls);
    const numpy = python.numpy?.[name];
    const wasmMs = ms.get('@dl wasm');
    elementRows.push([
      name,
      ...CONTENDERS.map((c) => format(ms.get(c), 3)),
      ...extra.map((lib) => format(python[lib]?.[name], 3)),
      `${format(wasmMs !== undefined && numpy !== undefined ? wasmMs / numpy : undefined)}x`,
    ]);
  }
  const elementHeader = ['1e6 float32', ...CONTENDERS.map((c) => `${c} ms`), ...extra.map((lib) => `${lib} ms`), '@dl wasm / numpy'];
  const missing = python.numpy && python.torch ? '' : ' (numpy/PyTorch columns appear when /usr/bin/python3 has them)';
  return [
    `SIMD128 peak of this machine (12 chains of f32x4.mul + f32x4.add): ${format(peak, 1)} GFLOP/s`,
    '',
    `matmul n x n, float32, one thread; GFLOP/s = 2n^3 / CPU time, best of ${ROUNDS} interleaved rounds; – = not run (too slow)${missing}`,
    markdownTable(matmulHeader, rows),
    '',
    `element-wise ops and a full sum over 1e6 float32, ms per call (CPU time, best of ${ROUNDS} interleaved rounds), output allocation included`,
    markdownTable(elementHeader, elementRows),
  ].join('\n');
}

const entry = process.argv.at(1);
const invokedDirectly = entry !== undefined && realpathSync(entry) === fileURLToPath(import.meta.url);
if (invokedDirectly) console.log(await backendTables());

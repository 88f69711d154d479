// matmul throughput, @dl against tfjs (pure-JS cpu backend and SIMD wasm backend), one thread each.
// vitest prints ops/s per size; the GFLOP/s lines and the closing markdown table (with numpy when
// /usr/bin/python3 has it) are printed from here. Paste the table into README.md's Performance.
import { spawnSync } from 'node:child_process';
import { bench, describe } from 'vitest';
import { matmul, randn } from '../src/index.js';
import { format, markdownTable, median, recorded } from './report.js';
import { tf, tfjsCase, toTensor, type TfBackend } from './tfjs.js';

const SIZES = [64, 128, 256, 512, 1024];
const CONTENDERS = ['@dl', 'tfjs-cpu', 'tfjs-wasm'] as const;

// tfjs-cpu needs seconds per 1024 product: few iterations there, while the time budget gives
// small sizes thousands of samples.
const timing = { time: 1000, iterations: 2, warmupTime: 200, warmupIterations: 1 };

function gflops(contender: string, n: number): number | undefined {
  const ms = median(`${contender} ${n}`);
  return ms === undefined ? undefined : (2 * n ** 3) / (ms * 1e6);
}

function ratio(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : a / b;
}

/**
 * numpy's float32 matmul GFLOP/s per size, single-threaded BLAS, timed inside Python (best of 3
 * rounds); undefined when python3 or numpy is missing.
 */
function numpyGflops(sizes: readonly number[]): Map<number, number> | undefined {
  const script = `
import json, sys, time
try:
    import numpy as np
except ImportError:
    print("null"); sys.exit()
out = {}
for n in ${JSON.stringify(sizes)}:
    rng = np.random.default_rng(0)
    a = rng.standard_normal((n, n), dtype=np.float32); b = rng.standard_normal((n, n), dtype=np.float32)
    a @ b
    reps = max(1, int(1e9 // (2 * n ** 3)))
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        for _ in range(reps): a @ b
        best = min(best, (time.perf_counter() - t) / reps)
    out[n] = 2 * n ** 3 / best / 1e9
print(json.dumps(out))
`;
  const threads = { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const result = spawnSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8', env: { ...process.env, ...threads }, timeout: 120_000 });
  if (result.status !== 0) return undefined;
  const parsed = JSON.parse(result.stdout) as Record<string, number> | null;
  return parsed ? new Map(Object.entries(parsed).map(([n, value]) => [Number(n), value])) : undefined;
}

function printSize(n: number): void {
  const [dl, cpu, wasm] = CONTENDERS.map((contender) => gflops(contender, n));
  console.log(
    `matmul ${n}x${n} float32: @dl ${format(dl)} GFLOP/s, tfjs-cpu ${format(cpu)}, tfjs-wasm ${format(wasm)}; ` +
      `@dl/tfjs-cpu ${format(ratio(dl, cpu))}x, @dl/tfjs-wasm ${format(ratio(dl, wasm))}x`,
  );
}

function printTable(): void {
  const numpy = numpyGflops(SIZES);
  const header = ['n', ...CONTENDERS.map((c) => `${c} GFLOP/s`), ...(numpy ? ['numpy GFLOP/s'] : []), '@dl / tfjs-cpu', '@dl / tfjs-wasm'];
  const rows = SIZES.map((n) => {
    const [dl, cpu, wasm] = CONTENDERS.map((contender) => gflops(contender, n));
    const numpyCell = numpy ? [format(numpy.get(n))] : [];
    return [String(n), format(dl), format(cpu), format(wasm), ...numpyCell, `${format(ratio(dl, cpu))}x`, `${format(ratio(dl, wasm))}x`];
  });
  console.log(`\nmatmul, float32, n x n @ n x n, one thread (GFLOP/s = 2n^3 / median time)\n${markdownTable(header, rows)}`);
  if (!numpy) console.log('(numpy column skipped: /usr/bin/python3 with numpy not found)');
}

for (const n of SIZES) {
  describe(`matmul ${n}x${n} float32`, () => {
    const a = randn([n, n]);
    const b = randn([n, n]);
    bench('@dl', () => {
      matmul(a, b);
    }, recorded(`@dl ${n}`, timing));
    for (const backend of ['cpu', 'wasm'] satisfies TfBackend[]) {
      const last = backend === 'wasm';
      const { fn, setup } = tfjsCase(backend, () => [toTensor(a), toTensor(b)], (x, y) => tf.matMul(x, y));
      bench(`tfjs-${backend}`, fn, recorded(`tfjs-${backend} ${n}`, {
        ...timing,
        setup,
        onDone: last ? () => {
          printSize(n);
          if (n === SIZES[SIZES.length - 1]) printTable();
        } : undefined,
      }));
    }
  });
}

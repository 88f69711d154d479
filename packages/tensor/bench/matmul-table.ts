// The matmul comparison table for README.md: @dl, tfjs-cpu, tfjs-wasm (and numpy when present),
// float32, one thread. Timing is the process's CPU time, so waiting for a busy core does not
// count; contenders take turns round by round and each keeps its best round, so a burst of
// load (cache pollution, throttling) hits everyone alike instead of whoever ran during it.
// matmul.bench.ts prints this table; to get only the table:
//   node --conditions=@dl/source --import tsx bench/matmul-table.ts
import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { matmul, randn } from '../src/index.js';
import { cpuNow, format, markdownTable } from './report.js';
import { tf, toTensor, useBackend, type TfBackend } from './tfjs.js';

/** The sizes of the table: n x n @ n x n. */
export const TABLE_SIZES = [64, 128, 256, 512, 1024];
const ROUNDS = 5;
/** Each contender runs at least this much CPU time per round, so small sizes average many calls. */
const ROUND_MS = 100;

interface Contender {
  readonly name: string;
  /** Makes the contender's inputs (and selects its tfjs backend) and returns one product call. */
  readonly prepare: (n: number) => Promise<() => void>;
}

const contenders: Contender[] = [
  {
    name: '@dl',
    prepare: (n) => {
      const a = randn([n, n]);
      const b = randn([n, n]);
      return Promise.resolve(() => {
        matmul(a, b);
      });
    },
  },
  ...(['cpu', 'wasm'] satisfies TfBackend[]).map((backend) => ({
    name: `tfjs-${backend}`,
    prepare: async (n: number) => {
      await useBackend(backend);
      const [a, b] = [toTensor(randn([n, n])), toTensor(randn([n, n]))];
      // Later rounds switch backends: switch back before each call batch (cheap once initialized).
      return () => {
        tf.matMul(a, b).dispose();
      };
    },
  })),
];

/** Mean CPU milliseconds per call over calls totalling at least ROUND_MS. */
async function timeRound(contender: Contender, run: () => void): Promise<number> {
  if (contender.name !== '@dl') await useBackend(contender.name.slice('tfjs-'.length) as TfBackend);
  let reps = 0;
  const start = cpuNow();
  do {
    run();
    reps++;
  } while (cpuNow() - start < ROUND_MS);
  return (cpuNow() - start) / reps;
}

/** Best-of-ROUNDS GFLOP/s of every contender at size n, rounds interleaved. */
async function measureSize(n: number): Promise<Map<string, number>> {
  const runs = new Map<Contender, () => void>();
  for (const contender of contenders) {
    const run = await contender.prepare(n);
    run(); // warm up (JIT, wasm memory growth) outside the timed rounds
    runs.set(contender, run);
  }
  const best = new Map<string, number>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [contender, run] of runs) {
      const ms = await timeRound(contender, run);
      best.set(contender.name, Math.min(best.get(contender.name) ?? Infinity, ms));
    }
  }
  return new Map([...best].map(([name, ms]) => [name, (2 * n ** 3) / (ms * 1e6)]));
}

/**
 * numpy's float32 matmul GFLOP/s per size with single-threaded BLAS, best of ROUNDS timed (CPU
 * time) in Python; undefined when /usr/bin/python3 or numpy is missing.
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
    best = float("inf")
    for _ in range(${ROUNDS}):
        reps, start = 0, time.process_time()
        while True:
            a @ b; reps += 1
            if time.process_time() - start >= ${ROUND_MS / 1000}: break
        best = min(best, (time.process_time() - start) / reps)
    out[n] = 2 * n ** 3 / best / 1e9
print(json.dumps(out))
`;
  const oneThread = { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const result = spawnSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8', env: { ...process.env, ...oneThread }, timeout: 120_000 });
  if (result.status !== 0) return undefined;
  const parsed = JSON.parse(result.stdout) as Record<string, number> | null;
  return parsed ? new Map(Object.entries(parsed).map(([n, value]) => [Number(n), value])) : undefined;
}

/** Measures every size and returns the markdown table (with a one-line caption). */
export async function matmulTable(sizes: readonly number[] = TABLE_SIZES): Promise<string> {
  const rows: string[][] = [];
  const numpy = numpyGflops(sizes);
  for (const n of sizes) {
    const gflops = await measureSize(n);
    const [dl, cpu, wasm] = ['@dl', 'tfjs-cpu', 'tfjs-wasm'].map((name) => gflops.get(name));
    const ratio = (x: number | undefined): string => `${format(dl !== undefined && x !== undefined ? dl / x : undefined)}x`;
    rows.push([String(n), format(dl), format(cpu), format(wasm), ...(numpy ? [format(numpy.get(n))] : []), ratio(cpu), ratio(wasm)]);
  }
  const header = ['n', '@dl GFLOP/s', 'tfjs-cpu GFLOP/s', 'tfjs-wasm GFLOP/s', ...(numpy ? ['numpy GFLOP/s'] : []), '@dl / tfjs-cpu', '@dl / tfjs-wasm'];
  const caption = `matmul n x n @ n x n, float32, one thread; GFLOP/s = 2n^3 / CPU time, best of ${ROUNDS} interleaved rounds` +
    (numpy ? '' : ' (numpy skipped: /usr/bin/python3 with numpy not found)');
  return `${caption}\n${markdownTable(header, rows)}`;
}

const entry = process.argv.at(1);
const invokedDirectly = entry !== undefined && realpathSync(entry) === fileURLToPath(import.meta.url);
if (invokedDirectly) console.log(await matmulTable());

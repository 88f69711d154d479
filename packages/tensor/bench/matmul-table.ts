// The matmul table for README.md: @dl's wasm backend against tfjs-wasm (XNNPACK), float32, one
// thread, in the three transpose variants and the MLP's shapes, each also as a share of the
// machine's SIMD128 peak. Timing is the process's CPU time, so waiting for a busy core does not
// count; contenders take turns round by round and each keeps its best round, so a burst of
// load (cache pollution, throttling) hits everyone alike instead of whoever ran during it.
// matmul.bench.ts prints this table; to get only the table (run it under /work/bin/quiet or on
// an idle machine):
//   node --conditions=@dl/source --import tsx bench/matmul-table.ts
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { matmul, randn, setBackend, setNumThreads, transpose, type NDArray } from '../src/index.js';
import { simdPeak } from './peak.js';
import { cpuNow, format, markdownTable } from './report.js';
import { tf, toTensor, useBackend } from './tfjs.js';

/** The square sizes of the table: n x n @ n x n. */
export const TABLE_SIZES = [64, 128, 256, 512, 1024, 2048];
const VARIANTS = ['A·B', 'A·Bᵀ', 'Aᵀ·B'] as const;
type Variant = (typeof VARIANTS)[number];
/** The products of an MLP 784→256→10 training step at batch 128: [m, k, n, variant, role]. */
const MLP_SHAPES: readonly [number, number, number, Variant, string][] = [
  [128, 784, 256, 'A·Bᵀ', 'x·W1ᵀ'],
  [256, 128, 784, 'Aᵀ·B', 'dW1 = dyᵀ·x'],
  [128, 256, 784, 'A·B', 'dx = dy·W1'],
  [128, 256, 10, 'A·Bᵀ', 'h·W2ᵀ'],
  [10, 128, 256, 'Aᵀ·B', 'dW2 = dyᵀ·h'],
  [128, 10, 256, 'A·B', 'dh = dy·W2'],
];
/** Best of ROUNDS; the targets are ratios, and the best of 3 still moved by 10%. */
const ROUNDS = 7;
/** Each contender runs at least this much CPU time per round, so small sizes average many calls. */
const ROUND_MS = 100;
/** tfjs-wasm runs transposed products at 1-3 GFLOP/s (it transposes first): 2048 would take 10 s a call. */
const TFJS_TRANSPOSED_LIMIT = 1024;

/** Mean CPU milliseconds per call over calls totalling at least ROUND_MS. */
function timeRound(run: () => void): number {
  let reps = 0;
  const start = cpuNow();
  do {
    run();
    reps++;
  } while (cpuNow() - start < ROUND_MS);
  return (cpuNow() - start) / reps;
}

/** `rows x cols` operands stored as the variant reads them (a transposed view where it says ᵀ). */
function operands(m: number, k: number, n: number, variant: Variant): [NDArray, NDArray] {
  const a = variant === 'Aᵀ·B' ? transpose(randn([k, m]), 0, 1) : randn([m, k]);
  const b = variant === 'A·Bᵀ' ? transpose(randn([n, k]), 0, 1) : randn([k, n]);
  return [a, b];
}

/** Best-of-ROUNDS GFLOP/s of @dl wasm and (when it runs) tfjs-wasm on one product, rounds interleaved. */
async function measure(m: number, k: number, n: number, variant: Variant): Promise<[number, number | undefined]> {
  const [a, b] = operands(m, k, n, variant);
  const ours = (): void => {
    matmul(a, b);
  };
  let theirs: (() => void) | undefined;
  if (variant === 'A·B' || Math.max(m, k, n) <= TFJS_TRANSPOSED_LIMIT) {
    await useBackend('wasm');
    // tfjs gets the same values in its own layout and transposes them itself, as in a backward pass.
    const [ta, tb] = [toTensor(variant === 'Aᵀ·B' ? transpose(a, 0, 1) : a), toTensor(variant === 'A·Bᵀ' ? transpose(b, 0, 1) : b)];
    theirs = () => {
      tf.matMul(ta, tb, variant === 'Aᵀ·B', variant === 'A·Bᵀ').dispose();
    };
  }
  // Warm-up for a whole round each: JIT, wasm tier-up and memory growth stay out of the timing.
  const runs = [ours, theirs].filter((run) => run !== undefined);
  for (const run of runs) timeRound(run);
  const best = runs.map(() => Infinity);
  for (let round = 0; round < ROUNDS; round++) {
    runs.forEach((run, i) => {
      best[i] = Math.min(best[i], timeRound(run));
    });
  }
  const gflops = (ms: number): number => (2 * m * k * n) / (ms * 1e6);
  return [gflops(best[0]), theirs ? gflops(best[1]) : undefined];
}

/** One table row: the figures, the share of the peak and the ratio to tfjs-wasm. */
function row(label: string, peak: number, [ours, theirs]: [number, number | undefined]): string[] {
  return [label, format(ours), format(theirs), `${format((100 * ours) / peak, 0)}%`, `${format(theirs === undefined ? undefined : ours / theirs)}x`];
}

/** Measures every size, variant and MLP shape and returns the markdown table with its caption. */
export async function matmulTable(sizes: readonly number[] = TABLE_SIZES): Promise<string> {
  setBackend('wasm');
  setNumThreads(1);
  const peakBefore = simdPeak();
  const rows: string[][] = [];
  const measured: [string, [number, number | undefined]][] = [];
  for (const n of sizes) for (const variant of VARIANTS) measured.push([`${variant} ${n}`, await measure(n, n, n, variant)]);
  for (const [m, k, n, variant, role] of MLP_SHAPES) measured.push([`${role} ${m}x${k}·${k}x${n}`, await measure(m, k, n, variant)]);
  const peakAfter = simdPeak();
  // The peak drifts with clock boost on a shared VM: the higher reading is the stricter yardstick.
  const peak = Math.max(peakBefore, peakAfter);
  for (const [label, figures] of measured) rows.push(row(label, peak, figures));
  const header = ['matmul', '@dl wasm GFLOP/s', 'tfjs-wasm GFLOP/s', '@dl / peak', '@dl / tfjs-wasm'];
  const caption = `matmul, float32, one thread; GFLOP/s = 2mkn / CPU time, best of ${ROUNDS} interleaved rounds of ${ROUND_MS} ms; ` +
    `SIMD128 peak ${format(peak, 1)} GFLOP/s (${format(peakBefore, 1)} before, ${format(peakAfter, 1)} after); ` +
    `– = not run (tfjs-wasm transposes first and runs those at 1-3 GFLOP/s)`;
  return `${caption}\n${markdownTable(header, rows)}`;
}

const entry = process.argv.at(1);
const invokedDirectly = entry !== undefined && realpathSync(entry) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const sizes = process.argv[2]?.split(',').map(Number);
  console.log(await matmulTable(sizes));
  process.exit(0);
}

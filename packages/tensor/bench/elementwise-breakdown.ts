// Where the time of an element-wise op on 1e6 float32 goes on the wasm backend: the op as users
// call it (on one thread and with the default thread pool), its kernel into a preallocated
// output, the output allocation alone, one memcpy of the output's size, and the wasm loop on
// data already in linear memory. CPU time of the whole process (workers included), best of
// ROUNDS interleaved rounds. Run with
//   node --conditions=@dl/source --import tsx bench/elementwise-breakdown.ts
import { loadavg } from 'node:os';
import { add, exp, getNumThreads, mul, randn, setBackend, setNumThreads, sum, threadsReady } from '../src/index.js';
import { kernels } from '../src/kernels/registry.js';
import { heapF32, reserve, SCRATCH_START, wasm } from '../src/kernels/wasm/runtime.js';
import { cpuNow, markdownTable } from './report.js';

const N = 1_000_000;
const ROUNDS = 5;
const ROUND_MS = 150;

function timeRound(run: () => void): number {
  let reps = 0;
  const start = cpuNow();
  do {
    run();
    reps++;
  } while (cpuNow() - start < ROUND_MS);
  return (cpuNow() - start) / reps;
}

setBackend('wasm');
const defaultThreads = getNumThreads();
await threadsReady();
const [a, b] = [randn([N]), randn([N])];
const out = new Float32Array(N);
const reused = randn([N]);
const spare = new Float32Array(N);
const f = wasm()?.elementwise;
if (!f) throw new Error('elementwise-breakdown: this engine runs no wasm SIMD');
reserve(SCRATCH_START + 3 * N * 4 + 64);
const heap = heapF32();
heap.set(a.data, SCRATCH_START / 4);
heap.set(b.data, SCRATCH_START / 4 + N);
const [pa, pb, pc] = [SCRATCH_START, SCRATCH_START + N * 4, SCRATCH_START + 2 * N * 4];

/** Cases run with the thread count given (1 unless said otherwise). */
const cases: [string, number, () => unknown][] = [
  [`add (op), ${defaultThreads} threads`, defaultThreads, () => void add(a, b)],
  [`exp (op), ${defaultThreads} threads`, defaultThreads, () => void exp(a)],
  ['add (op)', 1, () => void add(a, b)],
  ['mul (op)', 1, () => void mul(a, b)],
  ['exp (op)', 1, () => void exp(a)],
  ['sum (op)', 1, () => void sum(a)],
  ['add (op) with { out }', 1, () => add(a, b, { out: reused })],
  ['exp (op) with { out }', 1, () => exp(a, { out: reused })],
  ['add kernel into a reused out', 1, () => { kernels().binary('add', a, b, out); }],
  ['exp kernel into a reused out', 1, () => { kernels().unary('exp', a, out); }],
  ['new Float32Array(1e6)', 1, () => new Float32Array(N)],
  ['memcpy 4 MB (out.set)', 1, () => { out.set(spare); }],
  ['wasm add, operands in linear memory', 1, () => { f.add(pa, pb, pc, N); }],
  ['wasm exp, operands in linear memory', 1, () => { f.exp(pa, pc, N); }],
];

const best = new Map<string, number>();
for (const [, threads, run] of cases) {
  setNumThreads(threads);
  run();
}
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, threads, run] of cases) {
    setNumThreads(threads);
    best.set(name, Math.min(best.get(name) ?? Infinity, timeRound(run)));
  }
}
setNumThreads(defaultThreads);
console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}; CPU ms per call, best of ${ROUNDS}\n`);
console.log(markdownTable(['1e6 float32', 'ms'], [...best].map(([name, ms]) => [name, ms.toFixed(3)])));
process.exit(0);

// Where the time of an element-wise op on 1e6 float32 goes on the wasm backend: the op as users
// call it, the op writing into a reused `out`, its kernel alone, the output allocation alone, one
// memcpy of the output's size, and the wasm loop on data already in linear memory. CPU time of
// the whole process (workers included), best of ROUNDS interleaved rounds. Run with
//   node --conditions=@dl/source --import tsx bench/elementwise-breakdown.ts [--threads 2]
// NOTE: on glibc, compare with MALLOC_TRIM_THRESHOLD_=268435456 MALLOC_MMAP_THRESHOLD_=67108864
// in the environment: the gap between "add (op)" and "add (op) with { out }" is then the
// allocation alone, without the page faults of memory that malloc handed back to the OS.
import { loadavg } from 'node:os';
import { add, exp, mul, randn, setBackend, setNumThreads, sum, threadsReady } from '../src/index.js';
import { kernels } from '../src/kernels/registry.js';
import { heapF32, reserve, SCRATCH_START, wasm } from '../src/kernels/wasm/runtime.js';
import { markdownTable, timeRound } from './report.js';

const N = 1_000_000;
const ROUNDS = 5;
const ROUND_MS = 150;

const threadsFlag = process.argv.indexOf('--threads');
const threads = threadsFlag > 0 ? Number(process.argv[threadsFlag + 1]) : 1;
setNumThreads(threads);
await threadsReady();
setBackend('wasm');
const [a, b] = [randn([N]), randn([N])];
const out = new Float32Array(N);
const spare = new Float32Array(N);
const reused = randn([N]);
const f = wasm()?.elementwise;
if (!f) throw new Error('elementwise-breakdown: this engine runs no wasm SIMD');
reserve(SCRATCH_START + 3 * N * 4 + 64);
const heap = heapF32();
heap.set(a.data, SCRATCH_START / 4);
heap.set(b.data, SCRATCH_START / 4 + N);
const [pa, pb, pc] = [SCRATCH_START, SCRATCH_START + N * 4, SCRATCH_START + 2 * N * 4];

const cases: [string, () => unknown][] = [
  ['add (op)', () => add(a, b)],
  ['mul (op)', () => mul(a, b)],
  ['exp (op)', () => exp(a)],
  ['sum (op)', () => sum(a)],
  ['add (op) with { out }', () => add(a, b, { out: reused })],
  ['exp (op) with { out }', () => exp(a, { out: reused })],
  ['add kernel into a reused out', () => { kernels().binary('add', a, b, out); }],
  ['exp kernel into a reused out', () => { kernels().unary('exp', a, out); }],
  ['new Float32Array(1e6)', () => new Float32Array(N)],
  // NOTE: a fresh array's pages are mapped on first write: this row, not the one above, is what
  // an op's output allocation costs (the page faults land inside the kernel's copy-out).
  ['new Float32Array(1e6), then written', () => { new Float32Array(N).set(spare); }],
  ['memcpy 4 MB (out.set)', () => { out.set(spare); }],
  ['wasm add, operands in linear memory', () => { f.add(pa, pb, pc, N); }],
  ['wasm exp, operands in linear memory', () => { f.exp(pa, pc, N); }],
];

const best = new Map<string, number>();
for (const [, run] of cases) run();
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, run] of cases) best.set(name, Math.min(best.get(name) ?? Infinity, timeRound(run, ROUND_MS)));
}
console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}; ${threads} thread(s); CPU ms per call, best of ${ROUNDS}\n`);
console.log(markdownTable(['1e6 float32', 'ms'], [...best].map(([name, ms]) => [name, ms.toFixed(3)])));
process.exit(0);

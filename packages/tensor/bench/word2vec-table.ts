// The fused word2vec updates, JS loops against the WASM SIMD kernels (tables in a shared wasm
// memory): CPU nanoseconds per example at word2vec's usual shape (dim 100, 5 negatives, a
// 30,000-row vocabulary, Zipf-like row draws). Contenders take turns round by round and keep
// their best round, so load on the machine hits both alike.
//   node --conditions=@dl/source --import tsx bench/word2vec-table.ts
import { loadavg } from 'node:os';
import { cbowNegativeSamplingUpdate_, createWasmSharedMemory, negativeSamplingUpdate_, randn, wasmSharedZeros, type NDArray } from '../src/index.js';
import { cpuNow, markdownTable } from './report.js';

const ROWS = 30_000;
const DIM = 100;
const K = 5;
const EXAMPLES = 20_000;
const ROUNDS = 7;

/** Rows drawn with probability ~ 1 / rank, as words are. */
function zipf(count: number, seed: number): Int32Array {
  let state = seed;
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    state = (state * 1664525 + 1013904223) >>> 0;
    out[i] = Math.min(ROWS - 1, Math.floor(Math.exp((state / 2 ** 32) * Math.log(ROWS))) - 1);
  }
  return out;
}

const memory = createWasmSharedMemory(2 * 4 * ROWS * DIM);
if (!memory) throw new Error('word2vec-table: this engine has no shared wasm memory');
const start = [randn([ROWS, DIM]).mul(0.01), randn([ROWS, DIM]).mul(0.01)];
const inWasm = start.map((table) => {
  const copy = wasmSharedZeros(memory, [ROWS, DIM]);
  copy.data.set(table.data, copy.offset);
  return copy;
});
const contenders: Record<string, [NDArray, NDArray]> = { js: [start[0], start[1]], wasm: [inWasm[0], inWasm[1]] };

const skipGram = { inputs: zipf(EXAMPLES, 1), targets: zipf(EXAMPLES, 2), negatives: zipf(EXAMPLES * K, 3), lr: 0.001 };
const offsets = Int32Array.from({ length: EXAMPLES + 1 }, (_, i) => i * 8);
const cbow = { contexts: zipf(EXAMPLES * 8, 4), offsets, targets: zipf(EXAMPLES, 5), negatives: zipf(EXAMPLES * K, 6), lr: 0.001 };
const runs = {
  'skip-gram NS': ([input, output]: [NDArray, NDArray]) => negativeSamplingUpdate_(input, output, skipGram),
  'CBOW NS (8 contexts)': ([input, output]: [NDArray, NDArray]) => cbowNegativeSamplingUpdate_(input, output, cbow),
};

const rows: string[][] = [];
for (const [name, run] of Object.entries(runs)) {
  const best: Record<string, number> = { js: Infinity, wasm: Infinity };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [contender, tables] of Object.entries(contenders)) {
      const t0 = cpuNow();
      run(tables);
      best[contender] = Math.min(best[contender], cpuNow() - t0);
    }
  }
  const perExample = (ms: number): string => `${Math.round((ms * 1e6) / EXAMPLES)} ns`;
  rows.push([name, perExample(best.js), perExample(best.wasm), `${(best.js / best.wasm).toFixed(1)}×`]);
}
console.log(`dim ${DIM}, ${K} negatives, ${ROWS} rows, ${EXAMPLES} examples per call; best of ${ROUNDS} rounds, CPU time; load average ${loadavg().map((load) => load.toFixed(1)).join(' ')}\n`);
console.log(markdownTable(['update', 'JS loops', 'WASM SIMD', 'speed-up'], rows));

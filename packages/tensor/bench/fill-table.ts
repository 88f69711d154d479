// Non-zero fills of storage resident in wasm linear memory (a SharedArrayBuffer): the typed
// array's own fill (what ones/full did before) against the wasm backend's fill kernel (fill.wat's
// splatted v128 stores), and the same fill on an ordinary ArrayBuffer for reference; then ones()
// inside tidy(), allocation included, against what it did before (zeroed storage, TypedArray.fill). CPU µs per call, best of ROUNDS interleaved rounds. Run with
//   node --conditions=@dl/source --import tsx bench/fill-table.ts
import { loadavg } from 'node:os';
import { kernels } from '../src/kernels/registry.js';
import { ones, setBackend, setNumThreads, tidy, zeros, type DType } from '../src/index.js';
import { markdownTable, timeRound } from './report.js';

const ROUNDS = 7;
const ROUND_MS = 100;
const SIZE = 200_000;
const DTYPES = ['float32', 'float64', 'int32'] as const satisfies readonly DType[];
const CONSTRUCTORS = { float32: Float32Array, float64: Float64Array, int32: Int32Array } as const;

setBackend('wasm');
setNumThreads(1);
const backend = kernels();
// Kept past their tidy() (returned), so they stay resident for the whole run.
const resident = Object.fromEntries(DTYPES.map((dtype) => [dtype, tidy(() => ones([SIZE], { dtype })).dataSync()]));
const plain = Object.fromEntries(DTYPES.map((dtype) => [dtype, new CONSTRUCTORS[dtype](SIZE)]));
const cases = (dtype: (typeof DTYPES)[number]): [string, () => unknown][] => [
  ['TypedArray.fill, resident', () => resident[dtype].fill(3)],
  ['fill kernel, resident', () => { backend.fill(resident[dtype], 3); }],
  ['TypedArray.fill, ArrayBuffer', () => plain[dtype].fill(3)],
  // What ones() did before: zeroed storage, then the typed array's own fill.
  ['zeros() + TypedArray.fill in tidy()', () => { tidy(() => { zeros([SIZE], { dtype }).dataSync().fill(3); }); }],
  ['ones() in tidy()', () => { tidy(() => { ones([SIZE], { dtype }); }); }],
];
const best = new Map<string, number>();
for (let round = 0; round <= ROUNDS; round++) {
  for (const dtype of DTYPES) {
    for (const [name, run] of cases(dtype)) {
      const us = 1000 * timeRound(run, ROUND_MS);
      // Round 0 warms up the JIT.
      if (round > 0) best.set(`${dtype}|${name}`, Math.min(best.get(`${dtype}|${name}`) ?? Infinity, us));
    }
  }
}
console.log(`load average ${loadavg().map((v) => v.toFixed(2)).join(' ')}; ${SIZE} elements, CPU µs per call, best of ${ROUNDS}, one thread\n`);
const names = cases('float32').map(([name]) => name);
console.log(markdownTable(['dtype', ...names, 'TypedArray.fill / kernel, resident', 'ones(): before / now'], DTYPES.map((dtype) => {
  const us = (name: string): number => best.get(`${dtype}|${name}`) ?? NaN;
  return [dtype, ...names.map((name) => us(name).toFixed(1)), `${(us(names[0]) / us(names[1])).toFixed(2)}x`, `${(us(names[3]) / us(names[4])).toFixed(2)}x`];
})));
process.exit(0);

// Reductions and softmax of 1e6 float32 along each dim on the cpu and wasm backends, one thread,
// CPU ms per call, best of ROUNDS interleaved rounds. Run with
//   node --conditions=@dl/source --import tsx bench/reduce-table.ts
import { loadavg } from 'node:os';
import { amax, logSoftmax, randn, setBackend, setNumThreads, softmax, sum, type NDArray } from '../src/index.js';
import { markdownTable, timeRound } from './report.js';

const ROUNDS = 5;
const ROUND_MS = 150;
const BACKENDS = ['cpu', 'wasm'] as const;

setNumThreads(1);
const matrix = randn([1000, 1000]);
const long = randn([10, 100_000]);
const cases: [string, NDArray, (x: NDArray) => unknown][] = [
  ['sum of [1000, 1000] over dim 0', matrix, (x) => sum(x, 0)],
  ['sum of [1000, 1000] over dim 1', matrix, (x) => sum(x, 1)],
  ['amax of [1000, 1000] over dim 0', matrix, (x) => amax(x, 0)],
  ['softmax of [1000, 1000] over dim 0', matrix, (x) => softmax(x, 0)],
  ['softmax of [1000, 1000] over dim 1', matrix, (x) => softmax(x, 1)],
  ['logSoftmax of [1000, 1000] over dim 0', matrix, (x) => logSoftmax(x, 0)],
  ['softmax of [10, 100000] over dim 1', long, (x) => softmax(x, 1)],
];
const best = new Map<string, number>();
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, x, f] of cases) {
    for (const backend of BACKENDS) {
      setBackend(backend);
      if (round === 0) f(x);
      const key = `${name}|${backend}`;
      best.set(key, Math.min(best.get(key) ?? Infinity, timeRound(() => f(x), ROUND_MS)));
    }
  }
}
console.log(`load average ${loadavg().map((v) => v.toFixed(2)).join(' ')}; CPU ms per call, best of ${ROUNDS}, one thread\n`);
const ms = (name: string, backend: string): number => best.get(`${name}|${backend}`) ?? NaN;
console.log(markdownTable(['1e6 float32', 'cpu ms', 'wasm ms', 'cpu / wasm'], cases.map(([name]) => [
  name, ms(name, 'cpu').toFixed(3), ms(name, 'wasm').toFixed(3), `${(ms(name, 'cpu') / ms(name, 'wasm')).toFixed(2)}x`,
])));
process.exit(0);

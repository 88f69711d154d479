// The sweep behind the split thresholds of src/threads/parallel.ts: for matmul, element-wise ops,
// reductions and the fused optimizer update, 1 thread against 2 threads forced to split, size
// by size, and the crossover (the smallest size from which 2 threads win at every larger size
// swept). Memory-bound ops run twice: inputs in shared memory (no copies for the workers; with
// wasm, resident in its linear memory) and ordinary arrays (staged for them). Wall time, best of ROUNDS rounds that alternate between the
// thread counts, each round the mean of the calls in ROUND_MS. Run it alone on the machine:
//   /work/bin/quiet node --conditions=@dl/source --import tsx bench/thresholds.ts [name filter]
import { loadavg } from 'node:os';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { add, exp, fusedAdam_, fusedSgd_, matmul, randn, setNumThreads, sum, threadsReady, zeros } from '../src/index.js';
import { setParallelThresholds } from '../src/threads/parallel.js';
import { format, markdownTable } from './report.js';

const ROUNDS = 4;
const ROUND_MS = 150;

/** Best-of-rounds wall µs per call on 1 and on 2 threads (the round before them warms up). */
async function race(run: () => void): Promise<[number, number]> {
  const best: [number, number] = [Infinity, Infinity];
  for (let round = 0; round <= ROUNDS; round++) {
    for (const threads of [1, 2]) {
      setNumThreads(threads);
      await threadsReady();
      let reps = 0;
      const start = performance.now();
      do {
        run();
        reps++;
      } while (performance.now() - start < ROUND_MS);
      if (round > 0) best[threads - 1] = Math.min(best[threads - 1], ((performance.now() - start) / reps) * 1000);
    }
  }
  return best;
}

interface Family {
  readonly name: string;
  /** The size unit the threshold counts. */
  readonly unit: string;
  readonly sizes: readonly number[];
  /** A call of size `size`, on shared or ordinary inputs. */
  readonly make: (size: number, shared: boolean) => () => void;
  /** Memory-bound: run with shared and with staged inputs. */
  readonly memoryBound: boolean;
}

const ELEMENTS = [2.5e4, 5e4, 1e5, 2e5, 4e5, 1e6];
/** Finer around the optimizer updates' crossovers. */
const UPDATE_ELEMENTS = [2.5e4, 3.5e4, 5e4, 7e4, 1e5, 1.3e5, 1.6e5, 2e5, 4e5, 1e6];

const FAMILIES: Family[] = [
  {
    name: 'matmul n x n @ n x n', unit: 'n³ multiply-adds', sizes: [32, 48, 64, 96, 128, 192].map((n) => n ** 3), memoryBound: false,
    make: (work) => {
      const n = Math.round(Math.cbrt(work));
      const [a, b] = [randn([n, n]), randn([n, n])];
      return () => { matmul(a, b); };
    },
  },
  {
    // `{ shared: true }` storage is resident in wasm linear memory: the workers pack it in place.
    name: 'matmul n x n @ n x n, resident operands', unit: 'n³ multiply-adds', sizes: [32, 48, 64, 96, 128, 192].map((n) => n ** 3), memoryBound: false,
    make: (work) => {
      const n = Math.round(Math.cbrt(work));
      const [a, b] = [randn([n, n], { shared: true }), randn([n, n], { shared: true })];
      return () => { matmul(a, b); };
    },
  },
  {
    name: 'add', unit: 'elements', sizes: ELEMENTS, memoryBound: true,
    make: (size, shared) => {
      const [a, b] = [randn([size], { shared }), randn([size], { shared })];
      return () => { add(a, b); };
    },
  },
  {
    name: 'exp', unit: 'elements', sizes: ELEMENTS, memoryBound: true,
    make: (size, shared) => {
      const a = randn([size], { shared });
      return () => { exp(a); };
    },
  },
  {
    name: 'sum over dim 1 of [size / 256, 256]', unit: 'input elements', sizes: ELEMENTS, memoryBound: true,
    make: (size, shared) => {
      const a = randn([Math.round(size / 256), 256], { shared });
      return () => { sum(a, 1); };
    },
  },
  {
    name: 'fusedSgd_ (lr only)', unit: 'elements', sizes: UPDATE_ELEMENTS, memoryBound: true,
    make: (size, shared) => {
      const [param, grad] = [randn([size], { shared }), randn([size], { shared })];
      return () => { fusedSgd_(param, grad, { lr: 1e-9 }); };
    },
  },
  {
    name: 'fusedAdam_', unit: 'elements', sizes: UPDATE_ELEMENTS, memoryBound: true,
    make: (size, shared) => {
      const [param, grad, expAvg, expAvgSq] = [randn([size], { shared }), randn([size], { shared }), zeros([size], { shared }), zeros([size], { shared })];
      return () => { fusedAdam_(param, grad, expAvg, expAvgSq, { lr: 1e-9, step: 1 }); };
    },
  },
  {
    name: 'fusedSgd_ (lr only), shared parameter, staged gradient', unit: 'elements', sizes: ELEMENTS, memoryBound: false,
    make: (size) => {
      const [param, grad] = [randn([size], { shared: true }), randn([size])];
      return () => { fusedSgd_(param, grad, { lr: 1e-9 }); };
    },
  },
];

/** The smallest swept size from which 2 threads beat 1 at every larger size, or undefined. */
function crossover(sizes: readonly number[], speedups: readonly number[]): number | undefined {
  let from: number | undefined;
  for (let i = sizes.length - 1; i >= 0 && speedups[i] > 1; i--) from = sizes[i];
  return from;
}

/** The sweep as markdown: a row per size, and the crossover per family (those whose name contains `filter`). */
export async function thresholdTables(filter = ''): Promise<string> {
  const load = loadavg()[0].toFixed(1);
  const previous = setParallelThresholds({ matmulWork: 1, elements: 1, stagedElements: 1, sgdElements: 1, adamElements: 1, missesBeforePause: Infinity });
  const rows: string[][] = [];
  const summary: string[][] = [];
  for (const family of FAMILIES.filter(({ name }) => name.includes(filter))) {
    for (const shared of family.memoryBound ? [true, false] : [false]) {
      const label = family.memoryBound ? `${family.name}, inputs ${shared ? 'shared' : 'staged'}` : family.name;
      const speedups: number[] = [];
      for (const size of family.sizes) {
        const [one, two] = await race(family.make(size, shared));
        speedups.push(one / two);
        rows.push([label, String(size), format(one, 1), format(two, 1), `${format(one / two)}x`]);
      }
      const from = crossover(family.sizes, speedups);
      summary.push([label, family.unit, from === undefined ? 'never (in the sweep)' : String(from)]);
    }
  }
  setParallelThresholds(previous);
  setNumThreads(1);
  return [
    `split thresholds: wall µs per call, best of ${ROUNDS} alternating rounds of ${ROUND_MS} ms; load average ${load} at start`,
    markdownTable(['case', 'size', '1 thread µs', '2 threads µs', 'speedup'], rows),
    '',
    'crossover: the smallest size from which 2 threads win at every larger size swept',
    markdownTable(['case', 'unit', '2 threads win from'], summary),
  ].join('\n');
}

const entry = process.argv.at(1);
if (entry !== undefined && realpathSync(entry) === fileURLToPath(import.meta.url)) console.log(await thresholdTables(process.argv[2]));

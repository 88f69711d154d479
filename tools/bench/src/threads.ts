// The two-thread table (issue #11): @dl with setNumThreads(1) and (2), numpy and PyTorch with one
// and two BLAS/OpenMP threads, for big matmuls and the MLP 784-256-10 b128 step. WALL time, as
// threads only pay off in wall time; @dl's thread counts take turns round by round.
import { MLP, dlStep } from '@dl/examples/train-step';
import { matmul, randn, setBackend, setNumThreads, threadsReady, tidy } from '@dl/tensor';
import type { BenchConfig } from './config.js';
import { busiestThreadMs, threadCpuMs } from '../../../packages/tensor/bench/critical-path.js';
import { columnsTable, figure, ratio, timesFaster, type Column } from './markdown.js';
import { pythonOk, runPython, type PythonFailure, type PythonResult } from './python.js';

/** The Python runs of the thread table, at one and two threads. */
export function threadPythonRuns(config: BenchConfig): (PythonResult | PythonFailure)[] {
  return [1, 2].map((threads) =>
    runPython({
      threads, clock: 'wall', rounds: config.threadRounds, roundMs: config.roundMs, bigRounds: config.threadRounds,
      matmulSizes: config.threadSizes, elements: 0, overhead: false, steps: [MLP], stepRounds: config.threadStepRounds,
    }),
  );
}

/** Milliseconds per call: wall time, and the critical path (see packages/tensor/bench/critical-path.ts). */
interface ThreadTiming {
  wall: number;
  critical: number;
}

/** The middle value of `values` (the mean of the two middle ones for an even count). */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Best-of-`rounds` timings of `run` on one and on two threads, the thread counts taking turns,
 * and the median over the rounds of the 1-thread round's time over the 2-thread round's.
 */
async function raceThreads(run: () => void, rounds: number, config: BenchConfig): Promise<{ best: ThreadTiming[]; pairedSpeedup: number }> {
  const best = [1, 2].map(() => ({ wall: Infinity, critical: Infinity }));
  const speedups: number[] = [];
  // Round 0 warms up the JIT in this thread and in the workers.
  for (let round = 0; round <= rounds; round++) {
    const walls: number[] = [];
    for (const [i, threads] of [1, 2].entries()) {
      setNumThreads(threads);
      await threadsReady();
      let reps = 0;
      const before = threadCpuMs();
      const start = performance.now();
      do {
        run();
        reps++;
      } while (performance.now() - start < config.roundMs);
      const wall = (performance.now() - start) / reps;
      const critical = busiestThreadMs(before, threadCpuMs()) / reps;
      walls.push(wall);
      if (round > 0) best[i] = { wall: Math.min(best[i].wall, wall), critical: Math.min(best[i].critical, critical) };
    }
    if (round > 0) speedups.push(walls[0] / walls[1]);
  }
  return { best, pairedSpeedup: median(speedups) };
}

/** One library's timings of a thread-table case, ms per call (undefined: not measured). */
export interface ThreadTimings {
  readonly wall1?: number;
  readonly wall2?: number;
  readonly critical1?: number;
  readonly critical2?: number;
}

/** One case of the thread table: its timings per library; `perMs` turns a time into GFLOP/s. */
export interface ThreadRow {
  readonly name: string;
  readonly unit: string;
  readonly perMs?: number;
  /** @dl's median speedup over its pairs of 1- and 2-thread rounds (the table shows the best rounds). */
  readonly pairedSpeedup?: number;
  readonly timings: Readonly<Record<ThreadLibrary, ThreadTimings>>;
}

export const THREAD_LIBRARIES = ['@dl', 'numpy', 'PyTorch'] as const;
export type ThreadLibrary = (typeof THREAD_LIBRARIES)[number];

/** Measures the thread table's cases; `python` holds the runs at one and two threads. */
export async function measureThreads(config: BenchConfig, python: readonly (PythonResult | PythonFailure)[]): Promise<ThreadRow[]> {
  setBackend('wasm');
  setNumThreads(2);
  await threadsReady();
  const [py1, py2] = python.map(pythonOk);
  const cases = [
    ...config.threadSizes.map((n) => {
      // Made inside tidy, as a user's intermediate results are: resident in wasm linear memory,
      // which the worker runs over, so a split call copies nothing for it.
      const [a, b] = tidy(() => [randn([n, n]), randn([n, n])]);
      return {
        name: `matmul A·B ${n}`, unit: 'GFLOP/s', key: `matmul A·B ${n}`, perMs: (2 * n ** 3) / 1e6, rounds: config.threadRounds,
        // tidy frees each product at once, so the heap hands the same block back every call.
        run: () => {
          tidy(() => { matmul(a, b); });
        },
      };
    }),
    { name: `train step: ${MLP}`, unit: 'ms', key: `step ${MLP}`, perMs: undefined, rounds: config.threadStepRounds, run: dlStep(MLP, { shareMemory: true, tidy: true }) },
  ];
  const rows: ThreadRow[] = [];
  for (const c of cases) {
    const { best: [one, two], pairedSpeedup } = await raceThreads(c.run, c.rounds, config);
    const python = (name: string): ThreadTimings => {
      const key = `${name} ${c.key}`;
      return { wall1: py1?.ms[key], wall2: py2?.ms[key], critical1: py1?.critical[key], critical2: py2?.critical[key] };
    };
    rows.push({
      name: c.name, unit: c.unit, perMs: c.perMs, pairedSpeedup,
      timings: { '@dl': { wall1: one.wall, wall2: two.wall, critical1: one.critical, critical2: two.critical }, numpy: python('numpy'), PyTorch: python('torch') },
    });
  }
  setNumThreads(1);
  await threadsReady();
  return rows;
}

/** @dl's median speedups over its round pairs, as a sentence: `512 1.85x, ..., MLP step 1.52x`. */
export function pairedSpeedups(rows: readonly ThreadRow[]): string {
  return rows.map((row) => `${row.name.replace(/^matmul A·B /, 'matmul ').replace(/^train step: .*/, 'MLP step')} ${ratio(row.pairedSpeedup)}`).join(', ');
}

/** The markdown table of `rows`: per library, both timings and the speedups of two threads over one. */
export function threadsTable(rows: readonly ThreadRow[]): string {
  // A rate row shows GFLOP/s, which `perMs` turns a time into.
  const shown = (row: ThreadRow, ms: number | undefined): string =>
    figure(ms === undefined || row.perMs === undefined ? ms : row.perMs / ms, row.unit);
  // Two threads against one, on times. A critical path under one 10 ms tick reads 0: no figure then.
  const speedup = (one: number | undefined, two: number | undefined): string => ratio(timesFaster(two, one, 'ms'));
  const columns: Column<ThreadRow>[] = [
    { header: 'case', cell: (row) => row.name },
    { header: 'unit', cell: (row) => row.unit },
    ...THREAD_LIBRARIES.flatMap((name): Column<ThreadRow>[] => [
      { header: `${name} 1t`, cell: (row) => shown(row, row.timings[name].wall1) },
      { header: `${name} 2t`, cell: (row) => shown(row, row.timings[name].wall2) },
      { header: `${name} speedup`, cell: (row) => speedup(row.timings[name].wall1, row.timings[name].wall2) },
      { header: `${name} speedup, critical path`, cell: (row) => speedup(row.timings[name].critical1, row.timings[name].critical2) },
    ]),
  ];
  return columnsTable(columns, rows);
}

// The two-thread table (issue #11): @dl with setNumThreads(1) and (2), numpy and PyTorch with one
// and two BLAS/OpenMP threads, for big matmuls and the MLP 784-256-10 b128 step. WALL time, as
// threads only pay off in wall time; @dl's thread counts take turns round by round.
import { MLP, dlStep } from '@dl/examples/train-step';
import { matmul, randn, setBackend, setNumThreads, threadsReady, tidy } from '@dl/tensor';
import type { BenchConfig } from './config.js';
import { busiestThreadMs, threadCpuMs } from '../../../packages/tensor/bench/critical-path.js';
import { format, markdownTable, ratio } from './markdown.js';
import { pythonOk, runPython, type PythonFailure, type PythonResult } from './python.js';

/** The Python runs of the thread table, at one and two threads. */
export function threadPythonRuns(config: BenchConfig): (PythonResult | PythonFailure)[] {
  return [1, 2].map((threads) =>
    runPython({
      threads, clock: 'wall', rounds: config.rounds, roundMs: config.roundMs, bigRounds: config.bigRounds,
      matmulSizes: config.threadSizes, elements: 0, overhead: false, steps: [MLP], stepRounds: config.stepRounds,
    }),
  );
}

/** Milliseconds per call: wall time, and the critical path (see packages/tensor/bench/critical-path.ts). */
interface ThreadTiming {
  wall: number;
  critical: number;
}

/** Best-of-`rounds` timings of `run` on one and on two threads, the thread counts taking turns. */
async function raceThreads(run: () => void, rounds: number, config: BenchConfig): Promise<ThreadTiming[]> {
  const best = [1, 2].map(() => ({ wall: Infinity, critical: Infinity }));
  // Round 0 warms up the JIT in this thread and in the workers.
  for (let round = 0; round <= rounds; round++) {
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
      if (round > 0) best[i] = { wall: Math.min(best[i].wall, wall), critical: Math.min(best[i].critical, critical) };
    }
  }
  return best;
}

/** The markdown table; `python` holds the runs at one and two threads. */
export async function threadsTable(config: BenchConfig, python: readonly (PythonResult | PythonFailure)[]): Promise<string> {
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
        name: `matmul A·B ${n}`, unit: 'GFLOP/s', key: `matmul A·B ${n}`, perMs: (2 * n ** 3) / 1e6, rounds: config.rounds,
        // tidy frees each product at once, so the heap hands the same block back every call.
        run: () => {
          tidy(() => { matmul(a, b); });
        },
      };
    }),
    // As many rounds as the one-thread table's training steps.
    { name: `train step: ${MLP}`, unit: 'ms', key: `step ${MLP}`, perMs: undefined, rounds: config.stepRounds, run: dlStep(MLP, { shareMemory: true, tidy: true }) },
  ];
  const rows: string[][] = [];
  for (const c of cases) {
    const [one, two] = await raceThreads(c.run, c.rounds, config);
    const show = (time: number | undefined): string =>
      format(time === undefined ? undefined : c.perMs === undefined ? time : c.perMs / time);
    // A critical path under one 10 ms tick reads 0: no figure rather than 0x or infinity.
    const speed = (one: number | undefined, two: number | undefined): string =>
      ratio(one === undefined || two === undefined || one <= 0 || two <= 0 ? undefined : one / two);
    const lib = (name: string): string[] => {
      const [wall1, wall2] = [py1?.ms[`${name} ${c.key}`], py2?.ms[`${name} ${c.key}`]];
      const [critical1, critical2] = [py1?.critical[`${name} ${c.key}`], py2?.critical[`${name} ${c.key}`]];
      return [show(wall1), show(wall2), speed(wall1, wall2), speed(critical1, critical2)];
    };
    rows.push([
      c.name, c.unit,
      show(one.wall), show(two.wall), speed(one.wall, two.wall), speed(one.critical, two.critical),
      ...lib('numpy'), ...lib('torch'),
    ]);
  }
  setNumThreads(1);
  await threadsReady();
  const header = ['case', 'unit', ...['@dl', 'numpy', 'PyTorch'].flatMap((name) => [`${name} 1t`, `${name} 2t`, `${name} speedup`, `${name} speedup, critical path`])];
  return markdownTable(header, rows);
}

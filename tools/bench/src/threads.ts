// The two-thread table (issue #11): @dl with setNumThreads(1) and (2), numpy and PyTorch with one
// and two BLAS/OpenMP threads, for big matmuls and the MLP 784-256-10 b128 step. WALL time, as
// threads only pay off in wall time; @dl's thread counts take turns round by round.
import { MLP, dlStep } from '@dl/examples/train-step';
import { matmul, randn, setBackend, setNumThreads, threadsReady } from '@dl/tensor';
import { race, type Entrant } from './clock.js';
import type { BenchConfig } from './config.js';
import { format, markdownTable, ratio } from './markdown.js';
import { pythonOk, runPython, type PythonFailure, type PythonResult } from './python.js';

/** The Python runs of the thread table, at one and two threads. */
export function threadPythonRuns(config: BenchConfig): (PythonResult | PythonFailure)[] {
  return [1, 2].map((threads) =>
    runPython({
      threads, clock: 'wall', rounds: config.rounds, roundMs: config.roundMs, bigRounds: config.bigRounds,
      matmulSizes: config.threadSizes, elements: 0, overhead: false, steps: [MLP],
    }),
  );
}

function threadEntrants(run: () => void): Entrant[] {
  return [1, 2].map((threads) => ({
    name: `${threads}`,
    enter: async () => {
      setNumThreads(threads);
      await threadsReady();
    },
    run,
  }));
}

/** The markdown table; `python` holds the runs at one and two threads. */
export async function threadsTable(config: BenchConfig, python: readonly (PythonResult | PythonFailure)[]): Promise<string> {
  setBackend('wasm');
  // Inputs made while two threads are up are allocated shared, so the workers read them in place.
  setNumThreads(2);
  await threadsReady();
  const [py1, py2] = python.map(pythonOk);
  const cases = [
    ...config.threadSizes.map((n) => {
      const [a, b] = [randn([n, n]), randn([n, n])];
      return {
        name: `matmul A·B ${n}`, unit: 'GFLOP/s', key: `matmul A·B ${n}`, perMs: (2 * n ** 3) / 1e6,
        run: () => {
          matmul(a, b);
        },
      };
    }),
    { name: `train step: ${MLP}`, unit: 'ms', key: `step ${MLP}`, perMs: undefined, run: dlStep(MLP) },
  ];
  const rows: string[][] = [];
  for (const c of cases) {
    const ms = await race(threadEntrants(c.run), {
      rounds: config.rounds, roundMs: config.roundMs, clock: 'wall',
    });
    const show = (time: number | undefined): string =>
      format(time === undefined ? undefined : c.perMs === undefined ? time : c.perMs / time);
    const speed = (one: number | undefined, two: number | undefined): string =>
      ratio(one === undefined || two === undefined ? undefined : one / two);
    const [numpy1, numpy2] = [py1?.ms[`numpy ${c.key}`], py2?.ms[`numpy ${c.key}`]];
    const [torch1, torch2] = [py1?.ms[`torch ${c.key}`], py2?.ms[`torch ${c.key}`]];
    rows.push([
      c.name, c.unit,
      show(ms.get('1')), show(ms.get('2')), speed(ms.get('1'), ms.get('2')),
      show(numpy1), show(numpy2), speed(numpy1, numpy2),
      show(torch1), show(torch2), speed(torch1, torch2),
    ]);
  }
  setNumThreads(1);
  await threadsReady();
  const header = ['case', 'unit', '@dl 1t', '@dl 2t', '@dl 2t/1t', 'numpy 1t', 'numpy 2t', 'numpy 2t/1t', 'PyTorch 1t', 'PyTorch 2t', 'PyTorch 2t/1t'];
  return markdownTable(header, rows);
}

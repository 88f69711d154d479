// The training rows of the one-thread table: one SGD step of two MLPs and a small CNN (the
// workloads of @dl/examples' train-step bench, same weights and data in @dl and tfjs), and the
// digits MLP recipe end to end on @dl.
import { loadDigits, trainMlp } from '@dl/examples/digits';
import { WORKLOADS, dlStep, tfStep } from '@dl/examples/train-step';
import { setBackend } from '@dl/tensor';
import { now, raceClocks, type Entrant } from './clock.js';
import type { BenchConfig } from './config.js';
import { dlEntrant, tfEntrant } from './contenders.js';
import { pythonOk, runPython, type PythonResult } from './python.js';
import type { Row } from './table.js';
import { useTfBackend, type TfBench } from './tfjs.js';

export { WORKLOADS };

/**
 * PyTorch's steps on the wall clock, in a Python run of their own (the op rows' run reads CPU
 * time): torch.set_num_threads(1) with OMP/OPENBLAS/MKL_NUM_THREADS=1, so OpenBLAS keeps no second
 * thread busy either.
 */
export function torchStepRun(config: BenchConfig): PythonResult | undefined {
  return pythonOk(runPython({
    threads: 1, clock: 'wall', rounds: config.stepRounds, roundMs: config.roundMs, bigRounds: config.stepRounds,
    matmulSizes: [], elements: 0, overhead: false, steps: WORKLOADS,
  }));
}

/**
 * ms per training step (zero grads, forward, cross-entropy, backward, SGD) of each workload:
 * wall time, best of `stepRounds` interleaved rounds; @dl wasm's cell adds its process CPU time
 * in that round (its thread plus V8's GC helper threads).
 */
export async function trainStepRows(config: BenchConfig, tf: TfBench | undefined, torch: PythonResult | undefined): Promise<Row[]> {
  const rows: Row[] = [];
  for (const workload of WORKLOADS) {
    const entrants: Entrant[] = [dlEntrant('cpu', dlStep(workload, { tidy: true })), dlEntrant('wasm', dlStep(workload, { tidy: true }))];
    for (const backend of tf ? (['cpu', 'wasm'] as const) : []) {
      if (!tf) break;
      await useTfBackend(tf, backend); // the step's variables live on the backend active now
      entrants.push(tfEntrant(tf, backend, tfStep(tf, workload)));
    }
    const ms = await raceClocks(entrants, { rounds: config.stepRounds, roundMs: config.roundMs, clock: 'wall' });
    const wasm = ms.get('@dl wasm');
    rows.push({
      name: `train step: ${workload}`,
      unit: 'ms',
      values: {
        '@dl cpu': ms.get('@dl cpu')?.wall, '@dl wasm': wasm?.wall,
        'tfjs-cpu': ms.get('tfjs-cpu')?.wall, 'tfjs-wasm': ms.get('tfjs-wasm')?.wall,
        PyTorch: torch?.ms[`torch step ${workload}`],
      },
      cells: wasm ? { '@dl wasm': `${wasm.wall.toFixed(2)} (CPU ${wasm.cpu.toFixed(2)})` } : {},
    });
  }
  return rows;
}

/** The digits MLP recipe (@dl/examples' trainMlp: Adam, cosine LR) on each @dl backend: CPU seconds and test accuracy. */
export async function digitsRow(config: BenchConfig): Promise<Row> {
  const digits = await loadDigits();
  const values: Row['values'] = {};
  const cells: Row['cells'] = {};
  let epochs = 0;
  for (const backend of ['cpu', 'wasm'] as const) {
    setBackend(backend);
    const start = now('cpu');
    const result = trainMlp(digits, { epochs: config.digitsEpochs, seed: 0 });
    const seconds = (now('cpu') - start) / 1000;
    epochs = result.epochs.length;
    values[`@dl ${backend}`] = seconds;
    cells[`@dl ${backend}`] = `${seconds.toFixed(2)} (acc ${(100 * result.testAccuracy).toFixed(1)}%)`;
  }
  setBackend('wasm');
  return { name: `digits MLP recipe, ${epochs} epoch${epochs === 1 ? '' : 's'}, end to end`, unit: 's', values, cells };
}

// The training rows of the one-thread table: one SGD step of two MLPs and a small CNN (the
// workloads of @dl/examples' train-step bench, same weights and data in @dl and tfjs), and the
// digits MLP recipe end to end on @dl.
import { loadDigits, trainMlp } from '@dl/examples/digits';
import { WORKLOADS, dlStep, tfStep } from '@dl/examples/train-step';
import { setBackend } from '@dl/tensor';
import { now, race, type Entrant } from './clock.js';
import type { BenchConfig } from './config.js';
import { dlEntrant, tfEntrant } from './contenders.js';
import type { PythonResult } from './python.js';
import type { Row } from './table.js';
import { useTfBackend, type TfBench } from './tfjs.js';

export { WORKLOADS };

/** ms per training step (zero grads, forward, cross-entropy, backward, SGD) of each workload. */
export async function trainStepRows(config: BenchConfig, tf: TfBench | undefined, python: PythonResult | undefined): Promise<Row[]> {
  const rows: Row[] = [];
  for (const workload of WORKLOADS) {
    const entrants: Entrant[] = [dlEntrant('cpu', dlStep(workload)), dlEntrant('wasm', dlStep(workload))];
    for (const backend of tf ? (['cpu', 'wasm'] as const) : []) {
      if (!tf) break;
      await useTfBackend(tf, backend); // the step's variables live on the backend active now
      entrants.push(tfEntrant(tf, backend, tfStep(tf, workload)));
    }
    const ms = await race(entrants, { rounds: config.rounds, roundMs: config.roundMs, clock: 'cpu' });
    rows.push({
      name: `train step: ${workload}`,
      unit: 'ms',
      values: {
        '@dl cpu': ms.get('@dl cpu'), '@dl wasm': ms.get('@dl wasm'),
        'tfjs-cpu': ms.get('tfjs-cpu'), 'tfjs-wasm': ms.get('tfjs-wasm'),
        PyTorch: python?.ms[`torch step ${workload}`],
      },
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

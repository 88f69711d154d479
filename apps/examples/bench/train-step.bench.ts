// One training step (zero grads, forward, cross-entropy, backward, SGD) of an MLP and a small CNN
// in @dl, TensorFlow.js (cpu backend) and PyTorch (eager, one thread, via train-step-torch.py).
// vitest prints its own table per workload; the closing markdown table (median CPU ms per step
// and ratios) is printed from here: paste it into the "Training-step benchmark" sections of
// packages/nn/README.md and packages/optim/README.md.
import { cpus, loadavg } from 'node:os';
import { bench, describe, type BenchOptions } from 'vitest';
import { loadTfjs } from './tfjs.js';
import { WORKLOADS, dlStep, formatTable, runTorch, tfStep, type Workload } from './train-step-workloads.js';

const tf = await loadTfjs();
const dl: Partial<Record<Workload, number>> = {};
const tfjs: Partial<Record<Workload, number>> = {};

/** The middle sample: robust to GC pauses and to the odd slow sample. */
function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * Registers a bench that also keeps its own CPU timings (vitest drops tinybench's samples) and,
 * once it completes, stores their median (ms) in `results[workload]` and calls `onDone`.
 */
function timedBench(name: string, results: Partial<Record<Workload, number>>, workload: Workload, step: () => void, onDone?: () => void): void {
  const samples: number[] = [];
  // NOTE: CPU time of this process, not wall time: on a shared machine other processes stretch
  // wall time by 2-4x from run to run, while CPU time stays within a few percent.
  const timed = (): void => {
    const start = process.cpuUsage();
    step();
    const { user, system } = process.cpuUsage(start);
    samples.push((user + system) / 1000);
  };
  const options: BenchOptions = {
    time: 3000,
    iterations: 10,
    warmupTime: 500,
    warmupIterations: 3,
    // vitest runs no afterAll hooks in bench mode: a task's 'complete' event is where results are.
    setup: (task, mode) => {
      samples.length = 0; // the warmup's samples don't count
      if (mode !== 'run') return;
      task.addEventListener(
        'complete',
        () => {
          if (samples.length > 0) results[workload] = median(samples);
          onDone?.();
        },
        { once: true },
      );
    },
  };
  // eslint-disable-next-line vitest/valid-title -- callers pass literal names ('@dl', 'tfjs-cpu')
  bench(name, timed, options);
}

function printTable(): void {
  const torch = runTorch();
  const date = new Date().toISOString().slice(0, 10);
  console.log('\nTraining step (zero grads, forward, cross-entropy, backward, SGD lr 0.01), float32, median CPU ms per step');
  console.log(`${date}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores, load average ${loadavg()[0]?.toFixed(1) ?? '?'}), Node ${process.version}\n`);
  console.log(formatTable(dl, tfjs, torch));
  console.log(tf ? '\n(tfjs cpu backend, PROD mode)' : '\n(tfjs column skipped: @tensorflow/tfjs-core and -backend-cpu not installed)');
  console.log(torch ? `(PyTorch ${torch.torch}, ${torch.threads} thread)` : '(PyTorch column skipped: /usr/bin/python3 with torch not found)');
}

WORKLOADS.forEach((workload, i) => {
  const last = i === WORKLOADS.length - 1;
  // eslint-disable-next-line vitest/valid-title -- the titles are the WORKLOADS string constants
  describe(workload, () => {
    timedBench('@dl', dl, workload, dlStep(workload), last && !tf ? printTable : undefined);
    if (tf) timedBench('tfjs-cpu', tfjs, workload, tfStep(tf, workload), last ? printTable : undefined);
  });
});

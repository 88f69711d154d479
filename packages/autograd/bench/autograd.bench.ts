// The cost of recording and replaying the graph, against TensorFlow.js (cpu backend) and
// PyTorch (eager, one thread, via bench/autograd-torch.py). Three workloads: one recorded add
// of 2x2 tensors (per-op overhead), a 1000-op chain of scalar ops (forward + backward), and an
// MLP 784-256-10 at batch 128 with a cross-entropy built from autograd ops (forward + backward).
// vitest prints its own table per workload; the closing markdown table (µs and ratios) is
// printed from here. Paste it into README.md's Performance section.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as ag from '@dl/autograd';
import type { Tensor } from '@dl/autograd';
import * as nd from '@dl/tensor';
import { Generator } from '@dl/tensor';
import { bench, describe, type BenchOptions } from 'vitest';
import { loadTfjs, type TfTensor } from './tfjs.js';

const ADD = 'add 2x2, recorded';
const ADD_NO_GRAD = 'add 2x2, no grad';
const CHAIN = '1000-op scalar chain, forward + backward';
const MLP = 'MLP 784-256-10, batch 128, forward + backward';
const WORKLOADS = [ADD, ADD_NO_GRAD, CHAIN, MLP];

const tf = await loadTfjs();
const medianMicros = new Map<string, number>();

/** The middle sample: robust to GC pauses and to the odd slow sample. */
function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Registers a bench that also keeps its own timings (vitest drops tinybench's samples) and,
 * once it completes, stores their median under `key` (in µs) and calls `onDone`.
 */
function timedBench(
  name: string,
  key: string,
  fn: () => void,
  options: BenchOptions & { onDone?: () => void },
): void {
  const { onDone, ...rest } = options;
  const samples: number[] = [];
  // NOTE: CPU time of this process, not wall time: on a shared machine other processes stretch
  // wall time by 2-4x from run to run, while CPU time stays within a few percent.
  const timed = (): void => {
    const start = process.cpuUsage();
    fn();
    const { user, system } = process.cpuUsage(start);
    samples.push((user + system) / 1000);
  };
  // eslint-disable-next-line vitest/valid-title -- callers pass literal names ('@dl', 'tfjs-cpu')
  bench(name, timed, {
    ...rest,
    // vitest runs no afterAll hooks in bench mode: a task's 'complete' event is where results are.
    setup: (task, mode) => {
      samples.length = 0; // the warmup's samples don't count
      if (mode !== 'run') return;
      task.addEventListener(
        'complete',
        () => {
          if (samples.length > 0) medianMicros.set(key, median(samples) * 1000);
          onDone?.();
        },
        { once: true },
      );
    },
  });
}

interface TorchResult {
  torch: string;
  threads: number;
  us: Record<string, number>;
}

/** PyTorch's µs per workload, or undefined when /usr/bin/python3 with torch is missing. */
function runTorch(): TorchResult | undefined {
  const script = fileURLToPath(new URL('./autograd-torch.py', import.meta.url));
  const threads = { OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const result = spawnSync('/usr/bin/python3', [script], {
    encoding: 'utf8',
    env: { ...process.env, ...threads },
    timeout: 300_000,
  });
  if (result.status !== 0) return undefined;
  return JSON.parse(result.stdout) as TorchResult;
}

const format = (value: number | undefined, digits = 1): string =>
  value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits);
const ratio = (a: number | undefined, b: number | undefined): string =>
  a === undefined || b === undefined ? '–' : `${(a / b).toFixed(2)}x`;

function printTable(): void {
  const torch = runTorch();
  const header = ['workload', '@dl µs', 'tfjs-cpu µs', 'PyTorch µs', '@dl / tfjs', '@dl / PyTorch'];
  const rows = WORKLOADS.map((workload) => {
    const perCall = workload === ADD || workload === ADD_NO_GRAD ? OPS_PER_CALL : 1;
    const ours = (key: string): number | undefined => {
      const micros = medianMicros.get(key);
      return micros === undefined ? undefined : micros / perCall;
    };
    const dl = ours(`@dl ${workload}`);
    const tfjs = ours(`tfjs ${workload}`);
    const py = torch?.us[workload];
    const digits = dl !== undefined && dl < 100 ? 2 : 0;
    return [
      workload,
      format(dl, digits),
      format(tfjs, digits),
      format(py, digits),
      ratio(dl, tfjs),
      ratio(dl, py),
    ];
  });
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  const table = [
    line(header),
    line(header.map((_, i) => (i === 0 ? '---' : '---:'))),
    ...rows.map(line),
  ];
  const chain = medianMicros.get(`@dl ${CHAIN}`);
  console.log(
    `\nautograd overhead, float32, one thread (median CPU µs per call)\n${table.join('\n')}`,
  );
  console.log(
    `@dl scalar chain: ${format(chain === undefined ? undefined : chain / 1000, 2)} µs per op (forward + backward)`,
  );
  if (!tf)
    console.log('(tfjs column skipped: @tensorflow/tfjs-core and -backend-cpu not resolvable)');
  if (torch)
    console.log(
      `(PyTorch ${torch.torch}, ${torch.threads} thread; tfjs "add 2x2, recorded" is –: it records only inside tf.grad)`,
    );
  else console.log('(PyTorch column skipped: /usr/bin/python3 with torch not found)');
}

const fast = { time: 1000, warmupTime: 200 };
const slow = { time: 3000, iterations: 5, warmupTime: 500, warmupIterations: 2 };
const float32 = (shape: number[], seed: number, scale = 1): nd.NDArray =>
  nd.mul(nd.randn(shape, { generator: new Generator(seed) }), scale);

// A single 2x2 add takes a few µs, the size of the timer's own overhead: each bench call runs
// OPS_PER_CALL of them and the table divides (Python's timing loop amortizes the same way).
const OPS_PER_CALL = 1000;

describe(`${ADD} (x${OPS_PER_CALL})`, () => {
  const a = ag.tensor(float32([2, 2], 1), { requiresGrad: true });
  const b = ag.tensor(float32([2, 2], 2), { requiresGrad: true });
  const run = (): void => {
    for (let i = 0; i < OPS_PER_CALL; i++) ag.add(a, b);
  };
  timedBench('@dl', `@dl ${ADD}`, run, fast);
});

describe(`${ADD_NO_GRAD} (x${OPS_PER_CALL})`, () => {
  const a = ag.tensor(float32([2, 2], 1));
  const b = ag.tensor(float32([2, 2], 2));
  const run = (): void => {
    for (let i = 0; i < OPS_PER_CALL; i++) ag.add(a, b);
  };
  timedBench('@dl', `@dl ${ADD_NO_GRAD}`, run, fast);
  if (tf) {
    const values = (t: Tensor): Float32Array => t.data.dataSync() as Float32Array;
    const [x, y] = [tf.tensor(values(a), [2, 2]), tf.tensor(values(b), [2, 2])];
    const runTf = (): void => {
      for (let i = 0; i < OPS_PER_CALL; i++) tf.add(x, y).dispose();
    };
    timedBench('tfjs-cpu', `tfjs ${ADD_NO_GRAD}`, runTf, fast);
  }
});

describe('1000-op scalar chain, forward + backward', () => {
  const x = ag.tensor(0.5, { requiresGrad: true });
  const run = (): void => {
    let y: Tensor = x;
    for (let i = 0; i < 500; i++) y = ag.add(ag.mul(y, 0.999), 0.001);
    x.grad = null;
    y.backward();
  };
  timedBench('@dl', `@dl ${CHAIN}`, run, fast);
  if (tf) {
    const chain = (start: TfTensor): TfTensor => {
      let y = start;
      for (let i = 0; i < 500; i++) y = tf.add(tf.mul(y, 0.999), 0.001);
      return y;
    };
    const gradient = tf.grad(chain);
    const start = tf.scalar(0.5);
    const runTf = (): void => {
      tf.tidy(() => gradient(start)).dispose();
    };
    timedBench('tfjs-cpu', `tfjs ${CHAIN}`, runTf, fast);
  }
});

describe('MLP 784-256-10, batch 128, forward + backward', () => {
  const [batch, inputs, hidden, classes] = [128, 784, 256, 10];
  const x = float32([batch, inputs], 3);
  const labels = nd.randint(0, classes, [batch, 1], { generator: new Generator(4) });
  const w1 = ag.tensor(float32([inputs, hidden], 5, 0.05), { requiresGrad: true });
  const b1 = ag.zeros([hidden], { requiresGrad: true });
  const w2 = ag.tensor(float32([hidden, classes], 6, 0.05), { requiresGrad: true });
  const b2 = ag.zeros([classes], { requiresGrad: true });
  const parameters = [w1, b1, w2, b2];
  const onDone = tf ? undefined : printTable;
  const run = (): void => {
    for (const p of parameters) p.grad = null;
    const h = ag.relu(ag.add(ag.matmul(x, w1), b1));
    const logits = ag.add(ag.matmul(h, w2), b2);
    const loss = ag.neg(ag.mean(ag.gather(ag.logSoftmax(logits, -1), 1, labels)));
    loss.backward();
  };
  timedBench('@dl', `@dl ${MLP}`, run, { ...slow, onDone });
  if (tf) {
    const values = (a: nd.NDArray): Float32Array => a.dataSync() as Float32Array;
    const input = tf.tensor(values(x), [batch, inputs]);
    const oneHot = tf.oneHot(tf.tensor(labels.dataSync() as Int32Array, [batch], 'int32'), classes);
    const variables = [w1, b1, w2, b2].map((p) =>
      tf.variable(tf.tensor(values(p.data), [...p.shape])),
    );
    const [v1, c1, v2, c2] = variables as [TfTensor, TfTensor, TfTensor, TfTensor];
    const loss = (): TfTensor => {
      const h = tf.relu(tf.add(tf.matMul(input, v1), c1));
      const logits = tf.add(tf.matMul(h, v2), c2);
      return tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(logits, -1), oneHot), 1)));
    };
    // tidy disposes the loss, the gradients and every intermediate of the step.
    const runTf = (): void => {
      tf.tidy(() => {
        tf.variableGrads(loss);
      });
    };
    timedBench('tfjs-cpu', `tfjs ${MLP}`, runTf, { ...slow, onDone: printTable });
  }
});

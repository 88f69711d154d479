// Convolution and pooling on the cpu and wasm backends, float32, one thread: the CNN example's
// layer (conv 1→8 3x3 on [32, 1, 28, 28], then 2x2 max pooling) and a wider conv (16→32 3x3,
// padding 1, on [8, 16, 32, 32]), each kernel alone and conv2d's forward and backward as ops.
// Timing is CPU time; contenders take turns round by round and keep their best round.
//   node --conditions=@dl/source --import tsx bench/window-table.ts
import { loadavg } from 'node:os';
import {
  avgPool2d,
  avgPool2dBackward,
  col2im,
  conv2d,
  conv2dInput,
  conv2dWeight,
  im2col,
  maxPool2d,
  maxPool2dBackward,
  randn,
  reshape,
  setBackend,
  setNumThreads,
  sum,
  type NDArray,
} from '../src/index.js';
import { cpuNow, format, markdownTable } from './report.js';

setNumThreads(1);
const ROUNDS = 5;
const ROUND_MS = 150;
const BACKENDS = ['cpu', 'wasm'] as const;

/** Best ms per call over ROUNDS rounds, the backends taking turns within each round. */
function race(run: () => unknown): Record<(typeof BACKENDS)[number], number> {
  const best = { cpu: Infinity, wasm: Infinity };
  for (let round = 0; round < ROUNDS; round++) {
    for (const backend of BACKENDS) {
      setBackend(backend);
      run();
      let calls = 0;
      const start = cpuNow();
      let elapsed = 0;
      do {
        run();
        calls++;
        elapsed = cpuNow() - start;
      } while (elapsed < ROUND_MS);
      best[backend] = Math.min(best[backend], elapsed / calls);
    }
  }
  setBackend('wasm');
  return best;
}

/** conv2d's backward as @dl/autograd computes it: dX, dW and db. */
function conv2dBackward(x: NDArray, weight: NDArray, dy: NDArray, padding: number): void {
  conv2dInput(x.shape, weight, dy, { padding });
  conv2dWeight(x, weight.shape, dy, { padding });
  sum(sum(reshape(dy, [dy.shape[0], dy.shape[1], -1]), 2), 0);
}

const rows: string[][] = [];
function row(name: string, run: () => unknown): void {
  const { cpu, wasm } = race(run);
  rows.push([name, format(cpu, 3), format(wasm, 3), `${format(cpu / wasm)}x`]);
}

for (const [label, shape, weightShape, padding] of [
  ['[32, 1, 28, 28] * [8, 1, 3, 3]', [32, 1, 28, 28], [8, 1, 3, 3], 0],
  ['[8, 16, 32, 32] * [32, 16, 3, 3] pad 1', [8, 16, 32, 32], [32, 16, 3, 3], 1],
] as const) {
  const x = randn([...shape]);
  const weight = randn([...weightShape]);
  const bias = randn([weightShape[0]]);
  const y = conv2d(x, weight, bias, { padding });
  const dy = randn([...y.shape]);
  const cols = im2col(x, 3, { padding });
  row(`im2col ${label}`, () => im2col(x, 3, { padding }));
  row(`col2im ${label}`, () => col2im(cols, [shape[2], shape[3]], 3, { padding }));
  row(`conv2d forward ${label}`, () => conv2d(x, weight, bias, { padding }));
  row(`conv2d backward ${label}`, () => {
    conv2dBackward(x, weight, dy, padding);
  });
}
const features = randn([32, 8, 26, 26]);
const { values, indices } = maxPool2d(features, 2);
const dPooled = randn([...values.shape]);
row('maxPool2d 2x2 [32, 8, 26, 26]', () => maxPool2d(features, 2));
row('maxPool2dBackward 2x2 [32, 8, 26, 26]', () => maxPool2dBackward(dPooled, indices, features.shape));
row('avgPool2d 3x3 stride 2 pad 1 [32, 8, 26, 26]', () => avgPool2d(features, 3, { stride: 2, padding: 1 }));
const dAverage = randn([...avgPool2d(features, 3, { stride: 2, padding: 1 }).shape]);
row('avgPool2dBackward 3x3 stride 2 pad 1 [32, 8, 26, 26]', () =>
  avgPool2dBackward(dAverage, features.shape, 3, { stride: 2, padding: 1 }),
);

console.log(`\nfloat32, one thread, best of ${ROUNDS} interleaved rounds, CPU ms per call; load average ${loadavg().map((v) => v.toFixed(1)).join(' ')}\n`);
console.log(markdownTable(['op', '@dl cpu ms', '@dl wasm ms', 'wasm speedup'], rows));

// One training step (zero grads, forward, cross-entropy, backward, SGD update) of two small
// networks, built the same way in @dl, TensorFlow.js and PyTorch (bench/train-step-torch.py).
// Shared by the vitest bench (train-step.bench.ts) and the plain script (train-step.ts).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tensor } from '@dl/autograd';
import { Conv2d, CrossEntropyLoss, Flatten, Linear, MaxPool2d, ReLU, Sequential } from '@dl/nn';
import { SGD } from '@dl/optim';
import * as nd from '@dl/tensor';
import { Generator, contiguous, manualSeed, permute, randint, randn, type NDArray } from '@dl/tensor';
import type { Tf, TfTensor } from './tfjs.js';

export const MLP = 'MLP 784-256-10, batch 128';
export const MLP_SMALL = 'MLP 64-128-10, batch 64';
export const CNN = 'CNN conv 1→8 3x3, ReLU, maxpool 2, linear 1352→10; 28x28, batch 32';
export const WORKLOADS = [MLP, MLP_SMALL, CNN] as const;
export type Workload = (typeof WORKLOADS)[number];

const LEARNING_RATE = 0.01;
const CLASSES = 10;

/** A model, its layers with weights (for the tfjs copy), its input batch and its labels. */
interface Setup {
  model: Sequential;
  linears: Linear[];
  conv?: Conv2d;
  x: NDArray;
  labels: NDArray;
}

function setup(workload: Workload): Setup {
  manualSeed(0);
  const generator = new Generator(1);
  if (workload === MLP || workload === MLP_SMALL) {
    const [inputs, hidden, batch] = workload === MLP ? [784, 256, 128] : [64, 128, 64];
    const linears = [new Linear(inputs, hidden), new Linear(hidden, CLASSES)];
    return {
      model: new Sequential(linears[0], new ReLU(), linears[1]),
      linears,
      x: randn([batch, inputs], { generator }),
      labels: randint(0, CLASSES, [batch], { generator }),
    };
  }
  const conv = new Conv2d(1, 8, 3);
  const linear = new Linear(8 * 13 * 13, CLASSES);
  return {
    model: new Sequential(conv, new ReLU(), new MaxPool2d(2), new Flatten(), linear),
    linears: [linear],
    conv,
    x: randn([32, 1, 28, 28], { generator }),
    labels: randint(0, CLASSES, [32], { generator }),
  };
}

/**
 * One @dl training step of `workload` as a closure (the model and optimizer live across calls).
 * `shareMemory` moves the weights to shared memory first (`Module.shareMemory`), so a split
 * matmul or optimizer update does not copy them for the worker threads on every call.
 * `tidy` runs the setup and every step inside `tidy()`, as the tfjs step runs in `tf.tidy`:
 * each step's arrays are freed when it ends, and on the wasm backend the weights, the batch and
 * every intermediate live in wasm memory, where the kernels use them without copies.
 * @example
 * const step = dlStep(MLP, { tidy: true }); step(); step();
 */
export function dlStep(workload: Workload, { shareMemory = false, tidy = false } = {}): () => void {
  const { model, x, labels } = tidy ? nd.tidy(() => setup(workload)) : setup(workload);
  if (shareMemory) model.shareMemory();
  const criterion = new CrossEntropyLoss();
  const optimizer = new SGD(model.parameters(), { lr: LEARNING_RATE });
  const input = tensor(x);
  const step = (): void => {
    optimizer.zeroGrad();
    criterion.call(model.call(input), labels).backward();
    optimizer.step();
  };
  return tidy ? () => { nd.tidy(step); } : step;
}

/**
 * The same step in TensorFlow.js, starting from the same weights and data: NHWC images and
 * filters [kh, kw, in, out], as tfjs's cpu backend supports only that layout.
 * @example
 * const step = tfStep(tf, CNN); step();
 */
export function tfStep(tf: Tf, workload: Workload): () => void {
  const { linears, conv, x, labels } = setup(workload);
  const values = (a: NDArray): Float32Array => contiguous(a).dataSync() as Float32Array;
  const variable = (a: NDArray, shape: number[]): TfTensor => tf.variable(tf.tensor(values(a), shape));
  // Linear's weight is [out, in]; tfjs multiplies x [N, in] by [in, out].
  const dense = linears.map((layer) => ({
    w: variable(permute(layer.weight.data, [1, 0]), [layer.inFeatures, layer.outFeatures]),
    b: variable((layer.bias ?? layer.weight).data, [layer.outFeatures]),
  }));
  const oneHot = tf.oneHot(tf.tensor(labels.dataSync() as Int32Array, [labels.shape[0]], 'int32'), CLASSES);
  const crossEntropy = (logits: TfTensor): TfTensor => tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(logits, -1), oneHot), 1)));
  const linear = (h: TfTensor, k: number): TfTensor => tf.add(tf.matMul(h, dense[k].w), dense[k].b);
  let loss: () => TfTensor;
  if (workload !== CNN) {
    const input = tf.tensor(values(x), [...x.shape]);
    loss = () => crossEntropy(linear(tf.relu(linear(input, 0)), 1));
  } else {
    if (!conv?.bias) throw new Error('tfStep: the CNN has no convolution with a bias');
    const filter = variable(permute(conv.weight.data, [2, 3, 1, 0]), [3, 3, 1, 8]);
    const bias = variable(conv.bias.data, [8]);
    const [n, , height, width] = x.shape;
    // NOTE: with one channel, NCHW and NHWC hold the same values in the same order.
    const input = tf.tensor(values(x), [n, height, width, 1]);
    loss = () => {
      const features = tf.maxPool(tf.relu(tf.add(tf.conv2d(input, filter, 1, 'valid'), bias)), 2, 2, 'valid');
      // Flatten as PyTorch does ([N, C, H, W] order), so the linear layer's weights mean the same.
      const [, h, w, c] = features.shape;
      const nchw = tf.transpose(tf.reshape(features, [n, h * w, c]), [0, 2, 1]);
      return crossEntropy(linear(tf.reshape(nchw, [n, c * h * w]), 0));
    };
  }
  const optimizer = tf.train.sgd(LEARNING_RATE);
  // tidy disposes the loss, the gradients and every intermediate of the step.
  return () => {
    tf.tidy(() => {
      optimizer.applyGradients(tf.variableGrads(loss).grads);
    });
  };
}

/** What bench/train-step-torch.py prints. */
export interface TorchResult {
  torch: string;
  threads: number;
  /** Median CPU milliseconds per step, by workload. */
  ms: Partial<Record<Workload, number>>;
}

/**
 * PyTorch's ms per step, or undefined when /usr/bin/python3 with torch is missing.
 * @example
 * runTorch()?.ms[MLP]
 */
export function runTorch(): TorchResult | undefined {
  const script = fileURLToPath(new URL('./train-step-torch.py', import.meta.url));
  const threads = { OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const result = spawnSync('/usr/bin/python3', [script], { encoding: 'utf8', env: { ...process.env, ...threads }, timeout: 300_000 });
  if (result.status !== 0) return undefined;
  return JSON.parse(result.stdout) as TorchResult;
}

/**
 * The markdown table of ms per step and ratios (a missing measurement prints as –).
 * @example
 * console.log(formatTable({ [MLP]: 12 }, { [MLP]: 8 }, runTorch()));
 */
export function formatTable(dl: Partial<Record<Workload, number>>, tfjs: Partial<Record<Workload, number>>, torch: TorchResult | undefined): string {
  const ms = (value: number | undefined): string => (value === undefined ? '–' : value.toFixed(value < 10 ? 2 : 1));
  const ratio = (a: number | undefined, b: number | undefined): string => (a === undefined || b === undefined ? '–' : `${(a / b).toFixed(2)}x`);
  const header = ['training step', '@dl ms', 'tfjs-cpu ms', 'PyTorch ms', '@dl / tfjs', '@dl / PyTorch'];
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  const rows = WORKLOADS.map((w) => [w, ms(dl[w]), ms(tfjs[w]), ms(torch?.ms[w]), ratio(dl[w], tfjs[w]), ratio(dl[w], torch?.ms[w])]);
  return [line(header), line(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

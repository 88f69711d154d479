// End-to-end: a whole training step (zeroGrad, forward, loss, backward, optimizer step) of
// @dl/nn models with @dl/optim optimizers runs inside tidy(): the gradients, the optimizer's
// state and BatchNorm's running stats outlive each step, every temporary is disposed.
import { tensor } from '@dl/autograd';
import { BatchNorm2d, Conv2d, CrossEntropyLoss, Flatten, Linear, MaxPool2d, ReLU, Sequential } from '@dl/nn';
import { Adam, SGD, type Optimizer } from '@dl/optim';
import { Generator, manualSeed, memory, randint, randn, tidy, type NestedArray, type NDArray } from '@dl/tensor';
import { describe, expect, it } from 'vitest';

const STEPS = 50;

interface Workload {
  model: Sequential;
  x: NDArray;
  labels: NDArray;
}

const mlp = (generator: Generator): Workload => ({
  model: new Sequential(new Linear(64, 128), new ReLU(), new Linear(128, 10)),
  x: randn([32, 64], { generator }),
  labels: randint(0, 10, [32], { generator }),
});

const cnn = (generator: Generator): Workload => ({
  model: new Sequential(new Conv2d(1, 8, 3), new BatchNorm2d(8), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(8 * 7 * 7, 10)),
  x: randn([16, 1, 16, 16], { generator }),
  labels: randint(0, 10, [16], { generator }),
});

interface Run {
  losses: number[];
  /** memory() arrays and storages after each step. */
  levels: [number, number][];
  weights: NestedArray[];
}

function train(workload: (generator: Generator) => Workload, optimizerOf: (model: Sequential) => Optimizer, tidied: boolean): Run {
  manualSeed(0);
  const { model, x, labels } = workload(new Generator(1));
  const optimizer = optimizerOf(model);
  const criterion = new CrossEntropyLoss();
  const input = tensor(x);
  const step = (): number => {
    optimizer.zeroGrad();
    const loss = criterion.call(model.call(input), labels);
    loss.backward();
    optimizer.step();
    return loss.item();
  };
  const run: Run = { losses: [], levels: [], weights: [] };
  for (let i = 0; i < STEPS; i++) {
    run.losses.push(tidied ? tidy(step) : step());
    const { arrays, storages } = memory();
    run.levels.push([arrays, storages]);
  }
  run.weights = [...model.parameters().map((p) => p.toArray()), ...model.buffers().map((b) => b.toArray())];
  return run;
}

describe.each([
  ['MLP 64-128-10', mlp],
  ['CNN conv-batchnorm-relu-maxpool-linear', cnn],
])('%s trained inside tidy()', (_, workload) => {
  it.each<[string, (model: Sequential) => Optimizer]>([
    ['SGD with momentum', (model) => new SGD(model.parameters(), { lr: 0.05, momentum: 0.9 })],
    ['Adam', (model) => new Adam(model.parameters(), { lr: 1e-3 })],
  ])(`%s: ${STEPS} steps, the losses and weights of the loop without tidy bit for bit, memory() flat after the first step`, (_, optimizerOf) => {
    const plain = train(workload, optimizerOf, false);
    const tidied = train(workload, optimizerOf, true);
    expect(tidied.losses).toEqual(plain.losses);
    expect(tidied.weights).toEqual(plain.weights);
    expect(tidied.losses[STEPS - 1]).toBeLessThan(tidied.losses[0]);
    expect(new Set(tidied.levels.slice(1).map((level) => level.join())).size).toBe(1);
  });
});

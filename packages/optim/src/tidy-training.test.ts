// A whole training step inside tidy(): the gradients backward stores and the state optimizers
// make lazily outlive the step, every temporary is disposed, and the numbers do not change.
// (optim may not import @dl/nn, so the MLP is built from autograd's primitives.)
import { describe, expect, it } from 'vitest';
import * as nd from '@dl/tensor';
import { DisposedError, Generator, dispose, memory, tidy, type MemoryInfo } from '@dl/tensor';
import { embedding, linear, mul, relu, softmaxCrossEntropy, sum, tensor, type Tensor } from '@dl/autograd';
import { Adagrad } from './adagrad.js';
import { Adam } from './adam.js';
import { AdamW } from './adamw.js';
import { clipGradNorm_ } from './clip-grad.js';
import type { Optimizer } from './optimizer.js';
import { RMSprop } from './rmsprop.js';
import { StepLR } from './schedulers/step-lr.js';
import { SGD } from './sgd.js';
import { SparseAdam } from './sparse-adam.js';

const STEPS = 50;
// Sizes of 256 elements and more, so every weight, gradient and buffer is counted by memory().
const [BATCH, INPUTS, HIDDEN, CLASSES] = [32, 16, 64, 8];

interface Mlp {
  params: Tensor[];
  loss: () => Tensor;
}

/** Linear-ReLU-Linear with cross-entropy on a fixed batch, the same weights for every seed 0. */
function mlp(): Mlp {
  const generator = new Generator(0);
  const leaf = (shape: number[], scale: number): Tensor => tensor(nd.mul(nd.randn(shape, { generator }), scale), { requiresGrad: true });
  const params = [leaf([HIDDEN, INPUTS], 0.25), leaf([HIDDEN], 0.1), leaf([CLASSES, HIDDEN], 0.125), leaf([CLASSES], 0.1)];
  const x = nd.randn([BATCH, INPUTS], { generator });
  const labels = nd.randint(0, CLASSES, [BATCH], { generator });
  const [w1, b1, w2, b2] = params;
  return { params, loss: () => softmaxCrossEntropy(linear(relu(linear(x, w1, b1)), w2, b2), labels, 'mean') };
}

type Make = (params: Tensor[]) => Optimizer;

interface Run {
  losses: number[];
  /** memory() after each step. */
  levels: MemoryInfo[];
}

/** STEPS steps of zeroGrad, forward, backward, step; each inside tidy() when `tidied`. */
function train(make: Make, tidied: boolean, setToNone = true): Run {
  const { params, loss } = mlp();
  const optimizer = make(params);
  const scheduler = new StepLR(optimizer, { stepSize: 10, gamma: 0.5 });
  const step = (): number => {
    optimizer.zeroGrad({ setToNone });
    const value = loss();
    value.backward();
    optimizer.step();
    scheduler.step();
    return value.item();
  };
  const run: Run = { losses: [], levels: [] };
  for (let i = 0; i < STEPS; i++) {
    run.losses.push(tidied ? tidy(step) : step());
    run.levels.push(memory());
  }
  return run;
}

const OPTIMIZERS: [string, Make][] = [
  ['SGD with momentum', (params) => new SGD(params, { lr: 0.1, momentum: 0.9 })],
  ['SGD with Nesterov momentum and weight decay', (params) => new SGD(params, { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 1e-3 })],
  ['Adam', (params) => new Adam(params, { lr: 1e-2 })],
  ['Adam with amsgrad', (params) => new Adam(params, { lr: 1e-2, amsgrad: true })],
  ['AdamW', (params) => new AdamW(params, { lr: 1e-2 })],
  ['RMSprop centered with momentum', (params) => new RMSprop(params, { lr: 1e-3, centered: true, momentum: 0.9 })],
  ['Adagrad', (params) => new Adagrad(params, { lr: 0.1 })],
];

describe('a training step inside tidy()', () => {
  describe.each(OPTIMIZERS)('%s', (_, make) => {
    it(`runs ${STEPS} steps with the losses of the loop without tidy, bit for bit, and no growth in memory()`, () => {
      const plain = train(make, false);
      const tidied = train(make, true);
      expect(tidied.losses).toEqual(plain.losses);
      expect(tidied.losses[STEPS - 1]).toBeLessThan(tidied.losses[0]);
      // The first step makes the optimizer's state; from then on every step ends where it began.
      const [first, ...rest] = tidied.levels;
      for (const level of rest) {
        expect(level.arrays).toBe(first.arrays);
        expect(level.storages).toBe(first.storages);
        expect(level.bytesInUse).toBe(first.bytesInUse);
      }
    });
  });

  it('holds memory() flat with zeroGrad({ setToNone: false }) too, accumulating into the same gradients', () => {
    const make: Make = (params) => new SGD(params, { lr: 0.1, momentum: 0.9 });
    const plain = train(make, false, false);
    const tidied = train(make, true, false);
    expect(tidied.losses).toEqual(plain.losses);
    for (const level of tidied.levels) expect(level.arrays).toBe(tidied.levels[0].arrays);
  });

  it('keeps the lazily made state: momentum after a tidy step is usable and disposed with dispose(optimizer)', () => {
    const { params, loss } = mlp();
    const optimizer = new SGD(params, { lr: 0.1, momentum: 0.9 });
    tidy(() => {
      loss().backward();
      optimizer.step();
    });
    const buffer = optimizer.state.get(params[0])?.momentumBuffer;
    expect(buffer?.isDisposed).toBe(false);
    expect(params[0].grad?.isDisposed).toBe(false);
    dispose(optimizer);
    expect(buffer?.isDisposed).toBe(true);
    expect(() => buffer?.dataSync()).toThrow(DisposedError);
  });

  it('loadStateDict disposes the buffers it replaces and keeps the loaded copies past the tidy', () => {
    const { params, loss } = mlp();
    const optimizer = new Adam(params);
    tidy(() => {
      loss().backward();
      optimizer.step();
    });
    const saved = optimizer.stateDict();
    const old = optimizer.state.get(params[0])?.expAvg;
    tidy(() => {
      optimizer.loadStateDict(saved);
    });
    expect(old?.isDisposed).toBe(true);
    const loaded = optimizer.state.get(params[0])?.expAvg;
    expect(loaded?.isDisposed).toBe(false);
    const savedAvg = saved.state['0'].expAvg;
    if (!nd.NDArray.isNDArray(savedAvg)) throw new Error('no saved expAvg');
    expect(loaded?.toArray()).toEqual(savedAvg.toArray());
  });

  it('disposes a state buffer that an update replaces, and keeps the one it made', () => {
    // A custom optimizer that rebinds its state instead of updating it in place.
    class Rebinding extends SGD {
      protected override update(param: Tensor, grad: nd.NDArray, state: { momentumBuffer?: nd.NDArray }): void {
        state.momentumBuffer = nd.add(state.momentumBuffer ?? nd.zerosLike(grad), grad);
        nd.sub_(param.data, nd.mul(state.momentumBuffer, 0.01));
      }
    }
    const { params, loss } = mlp();
    const optimizer = new Rebinding(params);
    const step = (): void => {
      tidy(() => {
        optimizer.zeroGrad();
        loss().backward();
        optimizer.step();
      });
    };
    step();
    const first = optimizer.state.get(params[0])?.momentumBuffer;
    const level = memory().arrays;
    step();
    expect(first?.isDisposed).toBe(true);
    expect(optimizer.state.get(params[0])?.momentumBuffer?.isDisposed).toBe(false);
    expect(memory().arrays).toBe(level);
  });

  it('clipGradNorm_ inside the step changes nothing about the rule', () => {
    const make = (params: Tensor[]): Optimizer => new SGD(params, { lr: 0.1 });
    const { params, loss } = mlp();
    const optimizer = make(params);
    const levels: number[] = [];
    for (let i = 0; i < 5; i++) {
      tidy(() => {
        optimizer.zeroGrad();
        loss().backward();
        clipGradNorm_(params, 0.5);
        optimizer.step();
      });
      levels.push(memory().arrays);
    }
    expect(new Set(levels).size).toBe(1);
  });
});

describe('a sparse embedding step inside tidy()', () => {
  const ROWS = 200;
  const DIM = 32;
  const batch = nd.array([3, 17, 3, 150, 42, 17, 199, 0, 5, 5, 64, 128, 3, 77, 90, 91], { dtype: 'int32' });
  const target = nd.randn([batch.size, DIM], { generator: new Generator(3) });

  function run(make: (weight: Tensor) => Optimizer, tidied: boolean, clip: boolean, setToNone = true): { tables: number[][]; levels: number[] } {
    const weight = tensor(nd.randn([ROWS, DIM], { generator: new Generator(2) }), { requiresGrad: true });
    const optimizer = make(weight);
    const levels: number[] = [];
    const backward = (): void => {
      optimizer.zeroGrad({ setToNone });
      sum(mul(embedding(weight, batch, { sparse: true }), target)).backward();
      if (clip) clipGradNorm_([weight], 1);
    };
    const update = (): void => {
      optimizer.step();
    };
    for (let i = 0; i < 10; i++) {
      // Backward and the update in separate tidies: the (coalesced) gradient crosses from one to the next.
      if (tidied) {
        tidy(backward);
        tidy(update);
      } else {
        backward();
        update();
      }
      levels.push(memory().arrays);
    }
    return { tables: weight.data.toArray() as number[][], levels };
  }

  it.each<[string, (weight: Tensor) => Optimizer]>([
    ['SparseAdam', (weight) => new SparseAdam([weight], { lr: 0.1 })],
    ['Adagrad', (weight) => new Adagrad([weight], { lr: 0.1 })],
    ['SGD', (weight) => new SGD([weight], { lr: 0.1 })],
  ])('%s: the same weights as without tidy, with clipping and both zeroGrad modes, no growth', (_, make) => {
    for (const setToNone of [true, false]) {
      const plain = run(make, false, true, setToNone);
      const tidied = run(make, true, true, setToNone);
      expect(tidied.tables).toEqual(plain.tables);
      expect(new Set(tidied.levels.slice(1)).size).toBe(1);
    }
  });
});

// Handwritten digits (8×8 grey levels, scikit-learn's copy of the UCI set): an MLP and a small CNN
// trained end to end with @dl — @dl/io loads and batches, @dl/nn builds, @dl/optim updates.
import { fileURLToPath } from 'node:url';
import { argmax, eq, noGrad, sum, tensor } from '@dl/autograd';
import { DataLoader, loadDigits as readDigitsCsv, randomSplit, TensorDataset, type Dataset } from '@dl/io';
import {
  Conv2d, CrossEntropyLoss, Flatten, Linear, MaxPool2d, ReLU, Sequential, Unflatten,
} from '@dl/nn';
import { Adam, CosineAnnealingLR } from '@dl/optim';
import { div, Generator, manualSeed, type NDArray } from '@dl/tensor';

/** The digits CSV shipped with this app (see data/README.md for its origin and licence). */
export const DIGITS_PATH = fileURLToPath(new URL('../data/digits.csv.gz', import.meta.url));

/** The grey levels of the digits run from 0 to this. */
const MAX_GREY_LEVEL = 16;

/** The digits, split once into a training and a test set of `[features [64] in 0..1, label]` examples. */
export interface DigitsSplit {
  readonly train: Dataset<NDArray[]>;
  readonly test: Dataset<NDArray[]>;
  readonly classNames: readonly string[];
}

/** Options of `loadDigits`. */
export interface LoadDigitsOptions {
  /** The CSV (plain or gzip) of 64 grey levels then the label per line (default `DIGITS_PATH`). */
  path?: string;
  /** Share of the examples held out for testing (default 0.2). */
  testFraction?: number;
  /** Seed of the split, independent of the training seed (default 0). */
  splitSeed?: number;
}

/**
 * Loads the 1,797 digits with features scaled to [0, 1] and splits them 80/20 with a fixed seed.
 * @example
 * const { train, test } = await loadDigits(); // 1438 and 359 examples
 */
export async function loadDigits(options: LoadDigitsOptions = {}): Promise<DigitsSplit> {
  const { features, labels, classNames } = await readDigitsCsv(options.path ?? DIGITS_PATH);
  const testFraction = options.testFraction ?? 0.2;
  const dataset = new TensorDataset(div(features, MAX_GREY_LEVEL), labels);
  const [train, test] = randomSplit(dataset, [1 - testFraction, testFraction], {
    generator: new Generator(options.splitSeed ?? 0),
  });
  return { train, test, classNames };
}

/** What happened in one epoch of training. */
export interface EpochStats {
  /** 1-based. */
  epoch: number;
  /** Mean training loss over the epoch's batches (label-smoothed, so it levels off above 0). */
  loss: number;
  /** Accuracy on the test set after the epoch. */
  testAccuracy: number;
  /** Wall time of the epoch's training steps, in seconds (evaluation excluded). */
  seconds: number;
}

/** Options of `trainMlp` and `trainCnn`; each has its own tuned defaults. */
export interface TrainOptions {
  epochs?: number;
  batchSize?: number;
  /** Adam's starting learning rate; it decays to 0 along a cosine over all the steps. */
  lr?: number;
  /** Cross-entropy's label smoothing (default 0.1: on this small set it is worth about 2% of test accuracy). */
  labelSmoothing?: number;
  /** Seeds the initial weights (manualSeed) and the batch order (default 0). */
  seed?: number;
  /** Called after every epoch, e.g. to print progress. */
  onEpoch?: (stats: EpochStats) => void;
}

/** A trained model, its test accuracy and where the time went. */
export interface TrainResult {
  model: Sequential;
  /** Fraction of the test set classified correctly after the last epoch. */
  testAccuracy: number;
  epochs: EpochStats[];
  /** Seconds spent in training steps, summed over epochs. */
  trainSeconds: number;
  /** Seconds from model construction to the final evaluation, inclusive. */
  totalSeconds: number;
}

/**
 * The fraction of `dataset` that `model` classifies correctly (no graph is recorded).
 * @example
 * accuracy(result.model, digits.test) // 0.97...
 */
export function accuracy(model: Sequential, dataset: Dataset<NDArray[]>, batchSize = 512): number {
  model.eval();
  let correct = 0;
  noGrad(() => {
    for (const [x, y] of new DataLoader(dataset, { batchSize })) {
      correct += sum(eq(argmax(model.call(tensor(x)), 1), tensor(y))).item();
    }
  });
  return correct / dataset.length;
}

interface TrainSetup {
  epochs: number;
  batchSize: number;
  lr: number;
  labelSmoothing: number;
}

function train(build: () => Sequential, digits: DigitsSplit, defaults: TrainSetup, options: TrainOptions): TrainResult {
  const epochs = options.epochs ?? defaults.epochs;
  const batchSize = options.batchSize ?? defaults.batchSize;
  const lr = options.lr ?? defaults.lr;
  const labelSmoothing = options.labelSmoothing ?? defaults.labelSmoothing;
  const seed = options.seed ?? 0;
  const start = performance.now();
  manualSeed(seed);
  const model = build();
  const optimizer = new Adam(model.parameters(), { lr });
  const criterion = new CrossEntropyLoss({ labelSmoothing });
  const loader = new DataLoader(digits.train, { batchSize, shuffle: true, seed });
  const scheduler = new CosineAnnealingLR(optimizer, { tMax: epochs * loader.length });
  const history: EpochStats[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    model.train();
    const epochStart = performance.now();
    let lossSum = 0;
    for (const [x, y] of loader) {
      const loss = criterion.call(model.call(tensor(x)), y);
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      scheduler.step();
      lossSum += loss.item();
    }
    const seconds = (performance.now() - epochStart) / 1000;
    const stats = { epoch, loss: lossSum / loader.length, testAccuracy: accuracy(model, digits.test), seconds };
    history.push(stats);
    options.onEpoch?.(stats);
  }
  return {
    model,
    testAccuracy: history.at(-1)?.testAccuracy ?? accuracy(model, digits.test),
    epochs: history,
    trainSeconds: history.reduce((total, { seconds }) => total + seconds, 0),
    totalSeconds: (performance.now() - start) / 1000,
  };
}

/**
 * The MLP: 64 → 128 → ReLU → 10.
 * @example
 * mlp().call(tensor(batch)) // [N, 64] -> logits [N, 10]
 */
export function mlp(): Sequential {
  return new Sequential(new Linear(64, 128), new ReLU(), new Linear(128, 10));
}

/**
 * The CNN on [N, 64] rows seen as 1×8×8 images: two conv(3×3, padding 1) + ReLU + maxpool(2)
 * blocks (16 and 32 channels), then a linear layer on the 32×2×2 features.
 * @example
 * cnn().call(tensor(batch)) // [N, 64] -> logits [N, 10]
 */
export function cnn(): Sequential {
  return new Sequential(
    new Unflatten(1, [1, 8, 8]),
    new Conv2d(1, 16, 3, { padding: 1 }), new ReLU(), new MaxPool2d(2),
    new Conv2d(16, 32, 3, { padding: 1 }), new ReLU(), new MaxPool2d(2),
    new Flatten(),
    new Linear(32 * 2 * 2, 10),
  );
}

/**
 * Trains `mlp()` with Adam and cross-entropy on the training digits.
 * @example
 * const { testAccuracy } = trainMlp(await loadDigits()); // ≥ 0.95
 */
export function trainMlp(digits: DigitsSplit, options: TrainOptions = {}): TrainResult {
  return train(mlp, digits, { epochs: 20, batchSize: 32, lr: 1e-2, labelSmoothing: 0.1 }, options);
}

/**
 * Trains `cnn()` with Adam and cross-entropy on the training digits.
 * @example
 * const { testAccuracy } = trainCnn(await loadDigits()); // ≥ 0.97
 */
export function trainCnn(digits: DigitsSplit, options: TrainOptions = {}): TrainResult {
  return train(cnn, digits, { epochs: 12, batchSize: 32, lr: 1e-2, labelSmoothing: 0.1 }, options);
}

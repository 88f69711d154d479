// The MLP demo's model and data, free of DOM and worker code so Node tests can run them.
import * as nd from '@dl/tensor';
import { noGrad, softmax, tensor } from '@dl/autograd';
import { CrossEntropyLoss, Linear, ReLU, Sequential, Tanh } from '@dl/nn';
import { Adam } from '@dl/optim';

/** What the page may change; a change of `hidden` or `dataset` rebuilds the model. */
export interface MlpSettings {
  readonly learningRate: number;
  readonly hidden: number;
  readonly dataset: 'spirals' | 'moons';
  readonly seed: number;
}

/** A 2-D classification set: points in [-1, 1]² and labels 0/1. */
export interface Points {
  readonly x: Float32Array;
  readonly labels: Int32Array;
}

/** Two interleaved spirals (hard) or two moons (easy), 2 × `perClass` points, seeded. */
export function makePoints(kind: MlpSettings['dataset'], perClass: number, seed: number): Points {
  const generator = new nd.Generator(seed);
  const noise = nd.randn([2 * perClass, 2], { generator }).dataSync();
  const x = new Float32Array(4 * perClass);
  const labels = new Int32Array(2 * perClass);
  for (let i = 0; i < 2 * perClass; i++) {
    const label = i < perClass ? 0 : 1;
    const t = (i % perClass) / perClass;
    let px: number;
    let py: number;
    if (kind === 'spirals') {
      const radius = 0.1 + 0.85 * t;
      const angle = 3.2 * Math.PI * t + label * Math.PI;
      px = radius * Math.cos(angle) + 0.03 * noise[2 * i];
      py = radius * Math.sin(angle) + 0.03 * noise[2 * i + 1];
    } else {
      const angle = Math.PI * t;
      px = label === 0 ? Math.cos(angle) - 0.5 : 0.5 - Math.cos(angle);
      py = label === 0 ? Math.sin(angle) - 0.25 : 0.25 - Math.sin(angle);
      px = 0.6 * px + 0.06 * noise[2 * i];
      py = 0.6 * py + 0.06 * noise[2 * i + 1];
    }
    x[2 * i] = px;
    x[2 * i + 1] = py;
    labels[i] = label;
  }
  return { x, labels };
}

/** One training run: the model, its optimizer, the data and how far it got. */
export class MlpRun {
  readonly model: Sequential;
  readonly points: Points;
  step = 0;
  private readonly optimizer: Adam;
  private readonly lossFn = new CrossEntropyLoss();
  private readonly inputs: nd.NDArray;
  private readonly targets: nd.NDArray;

  constructor(readonly settings: MlpSettings) {
    nd.manualSeed(settings.seed);
    this.points = makePoints(settings.dataset, 100, settings.seed);
    this.inputs = nd.fromTypedArray(this.points.x, [this.points.labels.length, 2]);
    this.targets = nd.fromTypedArray(this.points.labels, [this.points.labels.length]);
    const h = settings.hidden;
    this.model = new Sequential(new Linear(2, h), new Tanh(), new Linear(h, h), new ReLU(), new Linear(h, 2));
    this.optimizer = new Adam(this.model.parameters(), { lr: settings.learningRate });
  }

  /** Changes the learning rate without losing the optimizer's state (as a scheduler does). */
  setLearningRate(learningRate: number): void {
    for (const group of this.optimizer.paramGroups) group.lr = learningRate;
  }

  /** `count` full-batch steps; returns the last loss. */
  train(count: number): number {
    let loss = Number.NaN;
    for (let k = 0; k < count; k++) {
      this.optimizer.zeroGrad();
      const out = this.lossFn.call(this.model.call(tensor(this.inputs)), tensor(this.targets));
      out.backward();
      this.optimizer.step();
      loss = out.item();
      this.step++;
    }
    return loss;
  }

  /** P(class 1) on a `size` × `size` grid over [-1, 1]², row by row from the top. */
  probabilities(size: number): Float32Array {
    const grid = new Float32Array(2 * size * size);
    for (let row = 0; row < size; row++) {
      for (let col = 0; col < size; col++) {
        grid[2 * (row * size + col)] = -1 + (2 * col + 1) / size;
        grid[2 * (row * size + col) + 1] = 1 - (2 * row + 1) / size;
      }
    }
    return noGrad(() => {
      const probs = softmax(this.model.call(tensor(nd.fromTypedArray(grid, [size * size, 2]))), 1);
      return Float32Array.from(nd.select(probs.data, 1, 1).dataSync(), Number);
    });
  }
}

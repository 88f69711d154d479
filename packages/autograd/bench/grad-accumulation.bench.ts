// What src/grad-ownership.ts changes in a step, side by side in one build: four backward passes
// into one weight's gradient (gradient accumulation), added in place into the `.grad` autograd
// owns, against the replacing path (a `.grad` the caller assigned gets a new array per pass, as
// every accumulation did before); and an MLP 784-256-10 training step (batch 128) run plain
// against run inside tidy(), where the step's arrays go back to the pool.
// Run: pnpm --filter @dl/autograd bench -- grad-accumulation
import * as ag from '@dl/autograd';
import * as nd from '@dl/tensor';
import { Generator } from '@dl/tensor';
import { bench, describe } from 'vitest';

const options = { time: 2000, warmupTime: 300 };
const float32 = (shape: number[], seed: number, scale = 1): nd.NDArray => nd.mul(nd.randn(shape, { generator: new Generator(seed) }), scale);

describe('4 backward passes into a [256, 784] gradient', () => {
  const x = float32([64, 784], 1);
  const weight = ag.tensor(float32([256, 784], 2, 0.05), { requiresGrad: true });
  const passes = (): void => {
    for (let k = 0; k < 4; k++) ag.sum(ag.linear(x, weight)).backward();
  };
  bench('in place into the own .grad', () => {
    weight.grad = null;
    passes();
  }, options);
  bench('replaced each pass (a caller-assigned .grad)', () => {
    weight.grad = nd.zerosLike(weight.data);
    passes();
  }, options);
});

describe('MLP 784-256-10 training step, batch 128 (zeroGrad, forward, backward, SGD update)', () => {
  const x = float32([128, 784], 3);
  const labels = nd.randint(0, 10, [128], { generator: new Generator(4) });
  const params = [
    ag.tensor(float32([256, 784], 5, 0.05), { requiresGrad: true }),
    ag.zeros([256], { requiresGrad: true }),
    ag.tensor(float32([10, 256], 6, 0.05), { requiresGrad: true }),
    ag.zeros([10], { requiresGrad: true }),
  ];
  const [w1, b1, w2, b2] = params;
  const step = (): void => {
    ag.zeroGrad(params);
    ag.softmaxCrossEntropy(ag.linear(ag.relu(ag.linear(x, w1, b1)), w2, b2), labels, 'mean').backward();
    for (const p of params) if (p.grad) nd.sub_(p.data, nd.mul(p.grad, 0.01));
  };
  bench('plain', step, options);
  bench('inside tidy()', () => {
    nd.tidy(step);
  }, options);
});

// One word2vec-sized training step: 512 lookups into a [100000, 100] float32 table, backward,
// SGD step. The sparse path (autograd's embedding with sparse: true, weight.sparseGrad) against
// the dense one (a [100000, 100] weight.grad); and the SGD step alone for each.
import { bench, describe } from 'vitest';
import { Generator, randint, randn } from '@dl/tensor';
import { embedding, mul, sum, tensor, type Tensor } from '@dl/autograd';
import { SGD } from '../src/index.js';

const ROWS = 100_000;
const DIM = 100;
const LOOKUPS = 512;

function setup(): { weight: Tensor; optimizer: SGD } {
  const weight = tensor(randn([ROWS, DIM], { generator: new Generator(0) }), { requiresGrad: true });
  return { weight, optimizer: new SGD([weight], { lr: 0.01 }) };
}

const indices = randint(0, ROWS, [LOOKUPS], { generator: new Generator(1) });
const target = randn([LOOKUPS, DIM], { generator: new Generator(2) });
const options = { time: 0, iterations: 10, warmupIterations: 2, warmupTime: 0 };

function backward(weight: Tensor, sparse: boolean): void {
  sum(mul(embedding(weight, indices, { sparse }), target)).backward();
}

/** lookup + backward + step, or (stepOnly) the step on a gradient made once. */
function stepOf(sparse: boolean, stepOnly: boolean): () => void {
  const { weight, optimizer } = setup();
  if (stepOnly) backward(weight, sparse);
  return () => {
    if (!stepOnly) {
      optimizer.zeroGrad();
      backward(weight, sparse);
    }
    optimizer.step();
  };
}

describe('lookup + backward + SGD step, [100000, 100] table, 512 rows', () => {
  bench('sparse', stepOf(true, false), options);
  bench('dense', stepOf(false, false), options);
});

describe('SGD step alone, [100000, 100] table, 512 rows', () => {
  bench('sparse', stepOf(true, true), options);
  bench('dense', stepOf(false, true), options);
});

// The worked examples of the classic autograd tutorials, end to end through the public API:
// the matmul gradient by hand, sigmoid from primitives, and micrograd's scalar MLP.
import * as ag from '@dl/autograd';
import type { Tensor } from '@dl/autograd';
import * as nd from '@dl/tensor';
import { Generator } from '@dl/tensor';
import { expectClose } from '@dl/tensor/testing';
import { describe, expect, it } from 'vitest';

describe('matmul', () => {
  it('gives dA = dY @ Bᵀ and dB = Aᵀ @ dY for a 2x3 @ 3x2 product with an all-ones upstream', () => {
    const a = ag.tensor(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      { dtype: 'float64', requiresGrad: true },
    );
    const b = ag.tensor(
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      { dtype: 'float64', requiresGrad: true },
    );
    const y = ag.matmul(a, b);
    expect(y.toArray()).toEqual([
      [22, 28],
      [49, 64],
    ]);
    y.backward(nd.ones([2, 2], { dtype: 'float64' }));
    // Each row of dA is Σ_j B[k][j] = the row sums of B: 1+2, 3+4, 5+6.
    expect(a.grad?.toArray()).toEqual([
      [3, 7, 11],
      [3, 7, 11],
    ]);
    // Each row of dB is Σ_i A[i][k] = the column sums of A: 1+4, 2+5, 3+6.
    expect(b.grad?.toArray()).toEqual([
      [5, 5],
      [7, 7],
      [9, 9],
    ]);
  });
});

describe('sigmoid', () => {
  it('has the same values and gradient as 1 / (1 + exp(-z)) written from primitives', () => {
    const values = nd.randn([3, 4], { dtype: 'float64', generator: new Generator(7) });
    const z1 = ag.tensor(values, { requiresGrad: true });
    const z2 = ag.tensor(values, { requiresGrad: true });
    const fromPrimitives = ag.div(1, ag.add(1, ag.exp(ag.neg(z1))));
    const fused = ag.sigmoid(z2);
    expectClose(fromPrimitives.data, fused.data, { atol: 1e-15, rtol: 1e-14 });
    const upstream = nd.randn([3, 4], { dtype: 'float64', generator: new Generator(8) });
    fromPrimitives.backward(upstream);
    fused.backward(upstream);
    expectClose(z1.grad!, z2.grad!, { atol: 1e-15, rtol: 1e-12 });
    // The graphs differ: four recorded ops against one fused primitive.
    expect(fromPrimitives.gradFn?.name).toBe('DivBackward');
    expect(fused.gradFn?.name).toBe('SigmoidBackward');
  });
});

/** micrograd's Neuron: tanh(Σ wᵢ·xᵢ + b), every weight a 0-d tensor. */
class Neuron {
  readonly weights: Tensor[];
  readonly bias: Tensor;

  constructor(inputs: number, generator: Generator) {
    const uniform = (): Tensor =>
      ag.tensor(generator.uniform() * 2 - 1, { dtype: 'float64', requiresGrad: true });
    this.weights = Array.from({ length: inputs }, uniform);
    this.bias = uniform();
  }

  forward(xs: readonly (Tensor | number)[]): Tensor {
    const activation = this.weights.reduce<Tensor>(
      (total, w, i) => ag.add(total, ag.mul(w, xs[i])),
      this.bias,
    );
    return ag.tanh(activation);
  }

  parameters(): Tensor[] {
    return [...this.weights, this.bias];
  }
}

/** micrograd's MLP(3, [4, 4, 1]) of scalar neurons, tanh everywhere as in the tutorial video. */
class MLP {
  readonly layers: Neuron[][];

  constructor(inputs: number, sizes: readonly number[], generator: Generator) {
    const widths = [inputs, ...sizes];
    this.layers = sizes.map((size, i) =>
      Array.from({ length: size }, () => new Neuron(widths[i], generator)),
    );
  }

  forward(xs: readonly number[]): Tensor {
    let values: (Tensor | number)[] = [...xs];
    for (const layer of this.layers) values = layer.map((neuron) => neuron.forward(values));
    return values[0] as Tensor;
  }

  parameters(): Tensor[] {
    return this.layers.flat().flatMap((neuron) => neuron.parameters());
  }
}

describe('backward', () => {
  it("trains micrograd's scalar MLP below a loss of 0.01 with plain gradient descent", () => {
    const xs = [
      [2, 3, -1],
      [3, -1, 0.5],
      [0.5, 1, 1],
      [1, 1, -1],
    ];
    const ys = [1, -1, -1, 1];
    const model = new MLP(3, [4, 4, 1], new Generator(1337));
    const parameters = model.parameters();
    expect(parameters).toHaveLength(41);
    for (const p of parameters) expect(p.ndim).toBe(0);

    const lossOf = (): Tensor =>
      xs
        .map((x, i) => ag.square(ag.sub(model.forward(x), ys[i])))
        .reduce((total, term) => ag.add(total, term));
    const losses: number[] = [];
    for (let step = 0; step < 100; step++) {
      const loss = lossOf();
      losses.push(loss.item());
      for (const p of parameters) p.grad = null;
      loss.backward();
      for (const p of parameters) p.data = nd.sub(p.data, nd.mul(p.grad!, 0.05));
    }
    const final = lossOf().item();
    expect(final).toBeLessThan(0.01);
    expect(final).toBeLessThan(losses[0]);
    // The predictions have the targets' signs, as at the end of the tutorial.
    const predictions = ag.noGrad(() => xs.map((x) => model.forward(x).item()));
    expect(predictions.map(Math.sign)).toEqual(ys);
  });
});

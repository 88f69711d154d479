import * as nd from '@dl/tensor';
import { expectClose } from '@dl/tensor/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, exp, leakyRelu, neg, sigmoid, silu, tensor, type Tensor } from '../index.js';
import { arbLeaf } from '../testing/check-op.js';
import { gradcheck } from '../testing/index.js';
import { elu, gelu, logSigmoid, reciprocal, rsqrt, softplus, square } from './activation.js';

const runs = { seed: 13, numRuns: 10 };
// Composites round differently from the fused NDArray kernels they are compared with.
const close = { rtol: 1e-12, atol: 1e-12 };
const exact = { rtol: 1e-14, atol: 1e-15 };

/** Values and gradients of `op` at `points` (float64), to compare with PyTorch's. */
function atPoints(op: (x: Tensor) => Tensor, points: number[]): { values: nd.NDArray; grads: nd.NDArray } {
  const x = tensor(points, { dtype: 'float64', requiresGrad: true });
  const y = op(x);
  y.backward(nd.ones([points.length], { dtype: 'float64' }));
  return { values: y.data, grads: x.grad! };
}

// Random leaves moved away from 0, for ops with a pole or a kink there.
const positiveLeaf = arbLeaf().map((x) => tensor(nd.add(nd.abs(x.data), 0.5), { requiresGrad: true }));
const nonzeroLeaf = arbLeaf().map((x) => tensor(nd.add(x.data, nd.mul(nd.sign(x.data), 0.5)), { requiresGrad: true }));

describe('square', () => {
  it('matches nd.square and gradcheck', () => {
    fc.assert(fc.property(arbLeaf(), (x) => {
      expectClose(square(x).data, nd.square(x.data), close);
      gradcheck(square, [x]);
    }), runs);
  });
});

describe('reciprocal', () => {
  it('matches nd.reciprocal and gradcheck', () => {
    fc.assert(fc.property(nonzeroLeaf, (x) => {
      expectClose(reciprocal(x).data, nd.reciprocal(x.data), close);
      gradcheck(reciprocal, [x]);
    }), runs);
  });
});

describe('rsqrt', () => {
  it('matches nd.rsqrt and gradcheck', () => {
    fc.assert(fc.property(positiveLeaf, (x) => {
      expectClose(rsqrt(x).data, nd.rsqrt(x.data), close);
      gradcheck(rsqrt, [x]);
    }), runs);
  });
});

describe('softplus', () => {
  it('matches nd.softplus and gradcheck', () => {
    fc.assert(fc.property(arbLeaf(), (x) => {
      expectClose(softplus(x).data, nd.softplus(x.data), close);
      gradcheck(softplus, [x]);
    }), runs);
  });

  it('matches PyTorch, including the slope ½ at 0, and does not overflow at 800', () => {
    // torch 1.13 (F.softplus); it differs only above its threshold 20, where it returns x itself.
    const { values, grads } = atPoints(softplus, [-30, -1, 0, 1, 800]);
    expectClose(values, [9.357622968839737e-14, 0.31326168751822286, 0.6931471805599453, 1.3132616875182228, 800], exact);
    expectClose(grads, [9.3576229688393e-14, 0.2689414213699951, 0.5, 0.7310585786300049, 1], exact);
  });
});

describe('logSigmoid', () => {
  it('matches log(sigmoid(x)) and gradcheck', () => {
    fc.assert(fc.property(arbLeaf(), (x) => {
      expectClose(logSigmoid(x).data, nd.log(nd.sigmoid(x.data)), close);
      gradcheck(logSigmoid, [x]);
    }), runs);
  });

  it('matches PyTorch and stays finite at -800, where log(sigmoid(x)) is -Infinity', () => {
    const { values, grads } = atPoints(logSigmoid, [-800, -1, 0, 1, 800]);
    // torch 1.13: F.logsigmoid
    expectClose(values, [-800, -1.3132616875182228, -0.6931471805599453, -0.31326168751822286, 0], exact);
    expectClose(grads, [1, 0.7310585786300049, 0.5, 0.2689414213699951, 0], exact);
  });
});

describe('gelu', () => {
  const tanhForm = (x: nd.NDArray): nd.NDArray =>
    nd.mul(nd.mul(x, 0.5), nd.add(nd.tanh(nd.mul(nd.add(x, nd.mul(nd.pow(x, 3), 0.044715)), Math.sqrt(2 / Math.PI))), 1));

  it('matches nd.gelu (exact) and the tanh form, and gradcheck both', () => {
    fc.assert(fc.property(arbLeaf(), (x) => {
      expectClose(gelu(x).data, nd.gelu(x.data), close);
      expectClose(gelu(x, { approximate: 'tanh' }).data, tanhForm(x.data), close);
      gradcheck((a) => gelu(a), [x]);
      gradcheck((a) => gelu(a, { approximate: 'tanh' }), [x]);
    }), runs);
  });

  it('matches PyTorch, exact and approximate', () => {
    const points = [-3, -1, 0, 0.5, 2];
    // torch 1.13: F.gelu(x) and F.gelu(x, approximate='tanh')
    const exactForm = atPoints(gelu, points);
    expectClose(exactForm.values, [-0.00404969409489031, -0.15865525393145702, 0, 0.34573123063700656, 1.9544997361036416], exact);
    expectClose(exactForm.grads, [-0.01194564720418392, -0.08331547058768635, 0.5, 0.8674951246561629, 1.085231801078197], exact);
    const approximate = atPoints((x) => gelu(x, { approximate: 'tanh' }), points);
    expectClose(approximate.values, [-0.0036373920817729943, -0.15880800939172324, 0, 0.34571400982514394, 1.954597694087775], exact);
    expectClose(approximate.grads, [-0.011584166630969648, -0.08296408384578252, 0.5, 0.8673699035346424, 1.0860992566236183], exact);
  });
});

describe('silu', () => {
  it('matches x · sigmoid(x) and gradcheck', () => {
    fc.assert(fc.property(arbLeaf(), (x) => {
      expectClose(silu(x).data, nd.mul(x.data, nd.sigmoid(x.data)), close);
      gradcheck(silu, [x]);
    }), runs);
  });

  it('matches PyTorch', () => {
    const { values, grads } = atPoints(silu, [-2, 0, 3]);
    // torch 1.13: F.silu
    expectClose(values, [-0.2384058440442351, 0, 2.8577223804672998], exact);
    expectClose(grads, [-0.09078424878489547, 0.5, 1.0881041060151693], exact);
  });
});

describe('leakyRelu', () => {
  it('matches nd.leakyRelu and gradcheck', () => {
    fc.assert(fc.property(nonzeroLeaf, (x) => {
      expectClose(leakyRelu(x, 0.2).data, nd.leakyRelu(x.data, 0.2), close);
      gradcheck((a) => leakyRelu(a, 0.2), [x]);
    }), runs);
  });

  it('has the slope negativeSlope at 0, as PyTorch', () => {
    const { values, grads } = atPoints(leakyRelu, [-2, 0, 3]);
    expectClose(values, [-0.02, 0, 3], exact);
    expect(grads.toArray()).toEqual([0.01, 0.01, 1]);
  });
});

describe('elu', () => {
  it('matches alpha · (eˣ - 1) below 0 and gradcheck', () => {
    fc.assert(fc.property(nonzeroLeaf, (x) => {
      expectClose(elu(x, 1.5).data, nd.where(nd.gt(x.data, 0), x.data, nd.mul(nd.expm1(x.data), 1.5)), close);
      gradcheck((a) => elu(a, 1.5), [x]);
    }), runs);
  });

  it('matches PyTorch (slope alpha at 0), with no NaN from the branch not taken at 1000', () => {
    const { values, grads } = atPoints(elu, [-2, 0, 3, 1000]);
    // torch 1.13: F.elu
    expectClose(values, [-0.8646647167633873, 0, 3, 1000], exact);
    expectClose(grads, [0.1353352832366127, 1, 1, 1], exact);
  });
});

describe('sigmoid', () => {
  it('has the gradient of 1 / (1 + exp(-z)) built from primitives', () => {
    fc.assert(fc.property(arbLeaf(), (z) => {
      const viaPrimitives = tensor(z.data, { requiresGrad: true });
      reciprocal(add(exp(neg(viaPrimitives)), 1)).backward(nd.onesLike(z.data));
      sigmoid(z).backward(nd.onesLike(z.data));
      expectClose(z.grad!, viaPrimitives.grad!, { rtol: 1e-12, atol: 1e-15 });
    }), runs);
  });
});

describe('TensorMethods', () => {
  it('chain the activations on tensors', () => {
    const x = tensor([-1, 0, 2]);
    expect(x.square().toArray()).toEqual([1, 0, 4]);
    expect(x.leakyRelu(0.5).toArray()).toEqual([-0.5, 0, 2]);
    expectClose(x.softplus().data, nd.softplus(x.data));
    expectClose(x.gelu().data, nd.gelu(x.data));
    expectClose(x.silu().data, nd.mul(x.data, nd.sigmoid(x.data)));
  });
});

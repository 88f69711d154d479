// Differentiable element-wise primitives: forward and backward side by side (STYLE §3).
// Rules return gradients in the broadcast output shape; the engine sums them back.
import * as nd from '@dl/tensor';
import type { NDArray } from '@dl/tensor';
import { defineOp } from '../define-op.js';

/** a + b with broadcasting. @example add(x, 1) */
export const add = defineOp({
  name: 'add',
  inputs: 2,
  forward: (a: NDArray, b: NDArray) => nd.add(a, b),
  backward: (dy) => [dy, dy],
});

/** a - b with broadcasting. @example sub(x, y) */
export const sub = defineOp({
  name: 'sub',
  inputs: 2,
  forward: (a: NDArray, b: NDArray) => nd.sub(a, b),
  backward: (dy) => [dy, nd.neg(dy)],
});

/** a * b with broadcasting. @example mul(x, y) */
export const mul = defineOp({
  name: 'mul',
  inputs: 2,
  forward: (a: NDArray, b: NDArray) => nd.mul(a, b),
  backward: (dy, { inputs: [a, b], needsGrad }) => [
    needsGrad[0] ? nd.mul(dy, b) : null,
    needsGrad[1] ? nd.mul(dy, a) : null,
  ],
});

/** a / b with broadcasting (true division). @example div(x, 2) */
export const div = defineOp({
  name: 'div',
  inputs: 2,
  forward: (a: NDArray, b: NDArray) => nd.div(a, b),
  // d(a/b)/db = -a/b² = -out/b
  backward: (dy, { inputs: [, b], out, needsGrad }) => [
    needsGrad[0] ? nd.div(dy, b) : null,
    needsGrad[1] ? nd.neg(nd.div(nd.mul(dy, out), b)) : null,
  ],
});

/** a ** b, differentiable in both (b may be a tensor). @example pow(x, 2) */
export const pow = defineOp({
  name: 'pow',
  inputs: 2,
  forward: (a: NDArray, b: NDArray) => nd.pow(a, b),
  backward: (dy, { inputs: [a, b], out, needsGrad }) => [
    // NOTE: b · a^(b-1), not b · out / a, so a = 0 gives 0 (b > 1) instead of NaN.
    needsGrad[0] ? nd.mul(dy, nd.mul(b, nd.pow(a, nd.sub(b, 1)))) : null,
    // NOTE: d/db a^b = a^b · log a; where a = 0 PyTorch masks it to 0 (for b > 0).
    needsGrad[1] ? nd.mul(dy, nd.where(nd.eq(a, 0), 0, nd.mul(out, nd.log(a)))) : null,
  ],
});

/** Angle of the point (b, a) in radians, as torch.atan2(a, b). @example atan2(y, x) */
export const atan2 = defineOp({
  name: 'atan2',
  inputs: 2,
  forward: (a: NDArray, b: NDArray) => nd.atan2(a, b),
  // d/da = b / (a² + b²), d/db = -a / (a² + b²)
  backward: (dy, { inputs: [a, b], needsGrad }) => {
    const scale = nd.div(dy, nd.add(nd.square(a), nd.square(b)));
    return [needsGrad[0] ? nd.mul(scale, b) : null, needsGrad[1] ? nd.neg(nd.mul(scale, a)) : null];
  },
});

/** Element-wise max; the gradient goes to the larger input (split evenly on ties, as PyTorch). @example maximum(x, 0) */
export const maximum = defineOp({
  name: 'maximum',
  inputs: 2,
  forward: (a: NDArray, b: NDArray) => nd.maximum(a, b),
  backward: (dy, { inputs: [a, b] }) => selectGrad(dy, nd.gt(a, b), nd.eq(a, b)),
});

/** Element-wise min; the gradient goes to the smaller input (split evenly on ties). @example minimum(x, 1) */
export const minimum = defineOp({
  name: 'minimum',
  inputs: 2,
  forward: (a: NDArray, b: NDArray) => nd.minimum(a, b),
  backward: (dy, { inputs: [a, b] }) => selectGrad(dy, nd.lt(a, b), nd.eq(a, b)),
});

function selectGrad(dy: NDArray, firstWins: NDArray, tie: NDArray): NDArray[] {
  const half = nd.mul(dy, 0.5);
  return [
    nd.where(tie, half, nd.where(firstWins, dy, 0)),
    nd.where(tie, half, nd.where(firstWins, 0, dy)),
  ];
}

/** -x. @example neg(x) */
export const neg = defineOp({ name: 'neg', forward: (x: NDArray) => nd.neg(x), backward: (dy) => [nd.neg(dy)] });

/** e^x. @example exp(x) */
export const exp = defineOp({
  name: 'exp',
  forward: (x: NDArray) => nd.exp(x),
  backward: (dy, { out }) => [nd.mul(dy, out)], // reuse the output, don't recompute
});

/** Natural log. @example log(x) */
export const log = defineOp({
  name: 'log',
  forward: (x: NDArray) => nd.log(x),
  backward: (dy, { inputs: [x] }) => [nd.div(dy, x)],
});

/** log(1 + x), accurate near 0. @example log1p(x) */
export const log1p = defineOp({
  name: 'log1p',
  forward: (x: NDArray) => nd.log1p(x),
  backward: (dy, { inputs: [x] }) => [nd.div(dy, nd.add(x, 1))],
});

/** e^x - 1, accurate near 0. @example expm1(x) */
export const expm1 = defineOp({
  name: 'expm1',
  forward: (x: NDArray) => nd.expm1(x),
  backward: (dy, { out }) => [nd.mul(dy, nd.add(out, 1))],
});

/** Square root. @example sqrt(x) */
export const sqrt = defineOp({
  name: 'sqrt',
  forward: (x: NDArray) => nd.sqrt(x),
  backward: (dy, { out }) => [nd.div(dy, nd.mul(out, 2))],
});

/** Sine. @example sin(x) */
export const sin = defineOp({
  name: 'sin',
  forward: (x: NDArray) => nd.sin(x),
  backward: (dy, { inputs: [x] }) => [nd.mul(dy, nd.cos(x))],
});

/** Cosine. @example cos(x) */
export const cos = defineOp({
  name: 'cos',
  forward: (x: NDArray) => nd.cos(x),
  backward: (dy, { inputs: [x] }) => [nd.neg(nd.mul(dy, nd.sin(x)))],
});

/** Hyperbolic tangent. @example tanh(x) */
export const tanh = defineOp({
  name: 'tanh',
  forward: (x: NDArray) => nd.tanh(x),
  backward: (dy, { out }) => [nd.mul(dy, nd.sub(1, nd.square(out)))],
});

/** Logistic sigmoid, a fused primitive (stable for large |x|). @example sigmoid(x) */
export const sigmoid = defineOp({
  name: 'sigmoid',
  forward: (x: NDArray) => nd.sigmoid(x),
  backward: (dy, { out }) => [nd.mul(dy, nd.mul(out, nd.sub(1, out)))],
});

/** x · sigmoid(x), also called swish; a fused primitive so its gradient is PyTorch's. @example silu(x) */
export const silu = defineOp({
  name: 'silu',
  forward: (x: NDArray) => nd.mul(x, nd.sigmoid(x)),
  // NOTE: PyTorch's silu_backward, dy·s·(1 + x·(1 - s)): at |x| = 3e38 the composite x·sigmoid(x)
  // formed dy·x first, which overflows and meets sigmoid's zero slope (Infinity · 0 = NaN).
  backward: (dy, { inputs: [x] }) => {
    const s = nd.sigmoid(x);
    return [nd.mul(dy, nd.mul(s, nd.add(nd.mul(x, nd.sub(1, s)), 1)))];
  },
});

/** max(x, 0). @example relu(x) */
export const relu = defineOp({
  name: 'relu',
  forward: (x: NDArray) => nd.relu(x),
  // NOTE: gradient 0 at x = 0 and dy passed through at NaN, as PyTorch's threshold_backward on
  // the output; one fused kernel pass (wasm SIMD for float32).
  backward: (dy, { out }) => [nd.reluBackward(dy, out)],
});

/**
 * x where x > 0, else negativeSlope · x; the slope at 0 is negativeSlope, as PyTorch's.
 * @example
 * leakyRelu(x, 0.2)
 */
export const leakyRelu = defineOp({
  name: 'leakyRelu',
  forward: (x: NDArray, negativeSlope?: number) => nd.leakyRelu(x, negativeSlope),
  // NOTE: one fused kernel pass each way (wasm SIMD for float32) instead of gt, mul and where;
  // the gradient takes the slope at x = 0 and NaN, as PyTorch's leaky_relu_backward.
  backward: (dy, { inputs: [x], args: [, negativeSlope] }) => [nd.leakyReluBackward(dy, x, negativeSlope)],
});

/** |x|; gradient sign(x), 0 at 0. @example abs(x) */
export const abs = defineOp({
  name: 'abs',
  forward: (x: NDArray) => nd.abs(x),
  backward: (dy, { inputs: [x] }) => [nd.mul(dy, nd.sign(x))],
});

/** Error function. @example erf(x) */
export const erf = defineOp({
  name: 'erf',
  forward: (x: NDArray) => nd.erf(x),
  // d/dx erf(x) = 2/√π · e^(-x²)
  backward: (dy, { inputs: [x] }) => [nd.mul(dy, nd.mul(nd.exp(nd.neg(nd.square(x))), 2 / Math.sqrt(Math.PI)))],
});

/** Clamps to [min, max]; the gradient passes only where x was inside. @example clamp(x, { min: 0 }) */
export const clamp = defineOp({
  name: 'clamp',
  forward: (x: NDArray, bounds: { min?: number; max?: number }) => nd.clamp(x, bounds),
  backward: (dy, { inputs: [x], args: [, bounds] }) => {
    const inside = nd.logicalAnd(nd.ge(x, bounds.min ?? -Infinity), nd.le(x, bounds.max ?? Infinity));
    return [nd.where(inside, dy, 0)];
  },
});

/** Picks a where condition holds, else b; gradients flow to the chosen side. @example where(mask, x, 0) */
export const where = defineOp({
  name: 'where',
  inputs: 3,
  forward: (condition: NDArray, a: NDArray, b: NDArray) => nd.where(condition, a, b),
  backward: (dy, { inputs: [condition] }) => [null, nd.where(condition, dy, 0), nd.where(condition, 0, dy)],
});

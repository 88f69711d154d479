// The public API of @dl/autograd: explicit named exports only (STYLE §6).
import './methods.js';

export { Tensor, tensor, type TensorLike, type TensorOptions, type BackwardOptions } from './tensor.js';
export type { TensorMethods } from './methods.js';
export { Node, AccumulateGrad, type BackwardContext, type BackwardFn } from './node.js';
export { topoSort, sumToShape } from './graph.js';
export { defineOp, constantOp, type OpSpec, type Lifted } from './define-op.js';
export { noGrad, enableGrad, isGradEnabled } from './no-grad.js';
export { grad, vjp } from './functional.js';
export {
  zeros, ones, full, zerosLike, onesLike, arange, linspace, eye, rand, randn, randint,
  type TensorCreationOptions, type RandomTensorOptions,
} from './creation.js';

// element-wise primitives
export {
  add, sub, mul, div, pow, maximum, minimum, neg, exp, log, log1p, expm1, sqrt, sin, cos, tanh,
  sigmoid, relu, abs, erf, clamp, where,
} from './ops/elementwise.js';

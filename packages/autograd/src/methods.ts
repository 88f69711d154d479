// The only file that adds method sugar to Tensor.prototype (STYLE §3, tier 4): one table line
// per method; each calls the functional op with `this` first.
import { Tensor } from './tensor.js';
import * as ew from './ops/elementwise.js';
import type { ReduceOptions } from '@dl/tensor';
import * as act from './composite/activation.js';
import * as cmm from './composite/matmul.js';
import * as cr from './composite/reduce.js';
import * as st from './composite/statistics.js';
import * as cn from './ops/constant.js';
import * as mm from './ops/matmul.js';
import * as rd from './ops/reduce.js';
import * as sm from './ops/softmax.js';
import * as mv from './ops/movement.js';
import * as cmv from './composite/movement.js';
import * as ix from './ops/indexing.js';
import * as cix from './composite/indexing.js';

const table = {
  add: ew.add, sub: ew.sub, mul: ew.mul, div: ew.div, pow: ew.pow, maximum: ew.maximum, minimum: ew.minimum,
  neg: ew.neg, exp: ew.exp, log: ew.log, log1p: ew.log1p, expm1: ew.expm1, sqrt: ew.sqrt,
  sin: ew.sin, cos: ew.cos, tanh: ew.tanh, sigmoid: ew.sigmoid, relu: ew.relu, abs: ew.abs, erf: ew.erf,
  clamp: ew.clamp,
  sum: rd.sum, prod: rd.prod, mean: st.mean, max: cr.max, min: cr.min, amax: rd.amax, amin: rd.amin,
  argmax: cn.argmax, argmin: cn.argmin, all: cn.all, any: cn.any, var: st.variance, std: st.std, norm: st.norm,
  logsumexp: rd.logsumexp, cumsum: rd.cumsum, softmax: sm.softmax, logSoftmax: sm.logSoftmax,
  matmul: mm.matmul, dot: cmm.dot, outer: cmm.outer, bmm: cmm.bmm,
  square: act.square, rsqrt: act.rsqrt, reciprocal: act.reciprocal, softplus: act.softplus, logSigmoid: act.logSigmoid,
  gelu: act.gelu, silu: act.silu, leakyRelu: act.leakyRelu, elu: act.elu,
  eq: cn.eq, ne: cn.ne, lt: cn.lt, le: cn.le, gt: cn.gt, ge: cn.ge,
  logicalAnd: cn.logicalAnd, logicalOr: cn.logicalOr, logicalNot: cn.logicalNot,
  sign: cn.sign, floor: cn.floor, ceil: cn.ceil, round: cn.round, isNaN: cn.isNaN, isFinite: cn.isFinite,
  reshape: mv.reshape, view: cmv.view, transpose: cmv.transpose, permute: mv.permute, squeeze: cmv.squeeze,
  unsqueeze: cmv.unsqueeze, expand: mv.expand, narrow: cmv.narrow, slice: mv.slice, select: cmv.select,
  flatten: cmv.flatten, unflatten: cmv.unflatten, contiguous: cmv.contiguous, clone: mv.clone,
  split: cmv.split, chunk: cmv.chunk,
  indexSelect: ix.indexSelect, gather: ix.gather, scatterAdd: ix.scatterAdd, maskedFill: cix.maskedFill,
} as const;

type Method<F> = F extends (self: never, ...args: infer A) => infer R ? (...args: A) => R : never;
type TableMethods = { [K in keyof typeof table]: Method<(typeof table)[K]> };

/** The chainable methods of Tensor: `x.add(y).relu()` is `relu(add(x, y))`. */
export interface TensorMethods extends TableMethods {
  // max/min are overloaded (no dim: 0-d value; a dim: values and indices), which a table line cannot express.
  /** The largest element (0-d), or `{ values, indices }` along `dim`, as torch.max. */
  max(): Tensor;
  max(dim: number, options?: ReduceOptions): cr.ValuesAndIndices;
  /** The smallest element (0-d), or `{ values, indices }` along `dim`, as torch.min. */
  min(): Tensor;
  min(dim: number, options?: ReduceOptions): cr.ValuesAndIndices;
  /** All dims reversed (a view), as numpy's `.T`. */
  readonly T: Tensor;
  /** The last two dims swapped (a view), as torch's `.mT`. */
  readonly mT: Tensor;
}

for (const [name, fn] of Object.entries(table)) {
  Object.defineProperty(Tensor.prototype, name, {
    value: function (this: Tensor, ...args: unknown[]) {
      return (fn as (self: Tensor, ...rest: unknown[]) => unknown)(this, ...args);
    },
    writable: true,
    configurable: true,
  });
}
Object.defineProperty(Tensor.prototype, 'T', { get: function (this: Tensor) { return cmv.T(this); }, configurable: true });
Object.defineProperty(Tensor.prototype, 'mT', { get: function (this: Tensor) { return cmv.mT(this); }, configurable: true });

// The only file that adds method sugar to NDArray.prototype (STYLE §3, tier 4): one table line
// per method; each method calls the functional op with `this` first.
import { NDArray } from './ndarray.js';
import * as ew from './ops/elementwise.js';
import * as inPlace from './ops/in-place.js';
import * as ix from './ops/indexing.js';
import * as jn from './ops/join.js';
import * as mm from './ops/matmul.js';
import * as mv from './ops/movement.js';
import * as rd from './ops/reduce.js';
import * as sm from './ops/softmax.js';
import * as so from './ops/sort.js';
import * as st from './ops/statistics.js';

const table = {
  add: ew.add, sub: ew.sub, mul: ew.mul, div: ew.div, pow: ew.pow,
  maximum: ew.maximum, minimum: ew.minimum, floorDivide: ew.floorDivide, remainder: ew.remainder,
  eq: ew.eq, ne: ew.ne, lt: ew.lt, le: ew.le, gt: ew.gt, ge: ew.ge,
  logicalAnd: ew.logicalAnd, logicalOr: ew.logicalOr, logicalNot: ew.logicalNot,
  neg: ew.neg, abs: ew.abs, exp: ew.exp, log: ew.log, log1p: ew.log1p, expm1: ew.expm1,
  sqrt: ew.sqrt, rsqrt: ew.rsqrt, reciprocal: ew.reciprocal, square: ew.square,
  sin: ew.sin, cos: ew.cos, tanh: ew.tanh, sigmoid: ew.sigmoid, relu: ew.relu,
  leakyRelu: ew.leakyRelu, gelu: ew.gelu, softplus: ew.softplus, erf: ew.erf, clamp: ew.clamp,
  sign: ew.sign, floor: ew.floor, ceil: ew.ceil, round: ew.round, isNaN: ew.isNaN, isFinite: ew.isFinite,
  add_: inPlace.add_, sub_: inPlace.sub_, mul_: inPlace.mul_, div_: inPlace.div_, pow_: inPlace.pow_,
  copy_: inPlace.copy_, fill_: inPlace.fill_, clamp_: inPlace.clamp_,
  reshape: mv.reshape, view: mv.view, transpose: mv.transpose, permute: mv.permute,
  squeeze: mv.squeeze, unsqueeze: mv.unsqueeze, expand: mv.expand, narrow: mv.narrow,
  slice: mv.slice, select: mv.select, flatten: mv.flatten, unflatten: mv.unflatten,
  contiguous: mv.contiguous, clone: mv.clone, astype: mv.astype, to: mv.astype,
  sum: rd.sum, prod: rd.prod, mean: st.mean, max: rd.max, min: rd.min, amax: rd.amax, amin: rd.amin,
  argmax: rd.argmax, argmin: rd.argmin, all: rd.all, any: rd.any, var: st.variance, std: st.std,
  logsumexp: st.logsumexp, norm: st.norm, cumsum: rd.cumsum, cumprod: rd.cumprod,
  softmax: sm.softmax, logSoftmax: sm.logSoftmax,
  indexSelect: ix.indexSelect, gather: ix.gather, scatter: ix.scatter, scatter_: ix.scatter_,
  scatterAdd: ix.scatterAdd, scatterAdd_: ix.scatterAdd_, indexAdd: ix.indexAdd, indexAdd_: ix.indexAdd_,
  maskedFill: ix.maskedFill, maskedFill_: ix.maskedFill_, maskedSelect: ix.maskedSelect,
  split: jn.split, chunk: jn.chunk, sort: so.sort, argsort: so.argsort, topk: so.topk,
  matmul: mm.matmul, dot: mm.dot, outer: mm.outer, bmm: mm.bmm,
} as const;

type Method<F> = F extends (self: NDArray, ...args: infer A) => infer R ? (...args: A) => R : never;
type TableMethods = { [K in keyof typeof table]: Method<(typeof table)[K]> };

/** The chainable methods of NDArray: `a.add(b).relu()` is `relu(add(a, b))`. */
export interface NDArrayMethods extends TableMethods {
  /** All dims reversed, as numpy's `.T`. */
  readonly T: NDArray;
  /** The last two dims swapped, as torch's `.mT`. */
  readonly mT: NDArray;
  // max/min are overloaded (no dim: 0-d value; a dim: values and indices), which a table line cannot express.
  /** The largest element (0-d), or `{ values, indices }` along `dim`, as torch.max. */
  max(): NDArray;
  max(dim: number, options?: rd.ReduceOptions): rd.ValuesAndIndices;
  /** The smallest element (0-d), or `{ values, indices }` along `dim`, as torch.min. */
  min(): NDArray;
  min(dim: number, options?: rd.ReduceOptions): rd.ValuesAndIndices;
}

for (const [name, fn] of Object.entries(table)) {
  Object.defineProperty(NDArray.prototype, name, {
    value: function (this: NDArray, ...args: unknown[]) {
      return (fn as (self: NDArray, ...rest: unknown[]) => unknown)(this, ...args);
    },
    writable: true,
    configurable: true,
  });
}
Object.defineProperty(NDArray.prototype, 'T', { get: function (this: NDArray) { return mv.T(this); }, configurable: true });
Object.defineProperty(NDArray.prototype, 'mT', { get: function (this: NDArray) { return mv.mT(this); }, configurable: true });

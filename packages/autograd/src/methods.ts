// The only file that adds method sugar to Tensor.prototype (STYLE §3, tier 4): one table line
// per method; each calls the functional op with `this` first.
import { Tensor } from './tensor.js';
import * as ew from './ops/elementwise.js';

const table = {
  add: ew.add, sub: ew.sub, mul: ew.mul, div: ew.div, pow: ew.pow, maximum: ew.maximum, minimum: ew.minimum,
  neg: ew.neg, exp: ew.exp, log: ew.log, log1p: ew.log1p, expm1: ew.expm1, sqrt: ew.sqrt,
  sin: ew.sin, cos: ew.cos, tanh: ew.tanh, sigmoid: ew.sigmoid, relu: ew.relu, abs: ew.abs, erf: ew.erf,
  clamp: ew.clamp,
} as const;

type Method<F> = F extends (self: never, ...args: infer A) => infer R ? (...args: A) => R : never;
type TableMethods = { [K in keyof typeof table]: Method<(typeof table)[K]> };

/** The chainable methods of Tensor: `x.add(y).relu()` is `relu(add(x, y))`. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- named so docs and users can refer to it
export interface TensorMethods extends TableMethods {}

declare module './tensor.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging adds the methods
  interface Tensor extends TensorMethods {}
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

// Which exports of @dl/autograd are NOT differentiable ops, for the two suites that must cover
// every op: src/ops-table.test.ts (gradcheck) and src/pytorch-parity.test.ts (PyTorch oracle).
// Every other function exported from index.ts counts as a differentiable op, so a new op fails
// both suites until it gets a table row and fixture cases, unless it is listed here with a reason.
import * as ag from '@dl/autograd';
import type { Tensor } from '@dl/autograd';

/**
 * Exports that are not ops on tensors, with the reason they need no gradient test.
 * Classes and type-only exports are listed too: at runtime a class is a function.
 */
export const NOT_OPS: Readonly<Record<string, string>> = {
  // classes of the graph itself
  Tensor: 'class (constructed by tensor() and by ops)',
  Node: 'class of graph nodes (gradFn), tested in graph.test.ts',
  AccumulateGrad: 'class of the leaf node, tested in graph.test.ts',
  // graph machinery and function transforms: they run ops, they are not ops
  topoSort: 'graph walk used by backward',
  sumToShape: "the engine's unbroadcast, tested in graph.test.ts",
  defineOp: 'builds primitives (every primitive it built has its own row)',
  constantOp: 'builds non-differentiable ops (see CONSTANT_OPS)',
  noGrad: 'grad-mode switch',
  enableGrad: 'grad-mode switch',
  isGradEnabled: 'grad-mode query',
  setGradEnabled: 'grad-mode switch',
  grad: 'function transform over ops (functional.test.ts)',
  vjp: 'function transform over ops (functional.test.ts)',
  zeroGrad: 'clears .grad of leaves (zero-grad.test.ts)',
  adoptGrad: 'stores a gradient on a tensor, no op (grad-ownership.test.ts)',
  adoptSparseGrad: 'stores a row-sparse gradient on a tensor, no op (grad-ownership.test.ts)',
  // creation helpers: they make leaves, nothing flows into them
  tensor: 'creation',
  zeros: 'creation',
  ones: 'creation',
  full: 'creation',
  zerosLike: 'creation',
  onesLike: 'creation',
  arange: 'creation',
  linspace: 'creation',
  eye: 'creation',
  rand: 'creation',
  randn: 'creation',
  randint: 'creation (int32, never requires grad)',
  empty: 'creation',
  manualSeed: "seeds @dl/tensor's generator (re-exported)",
};

/**
 * Ops lifted with constantOp (indices, comparisons, step functions): their results never
 * require grad. Each entry is a probe that calls the op on a float64 leaf that requires grad,
 * so the table test can check the claim rather than trust it.
 */
export const CONSTANT_OPS: Readonly<Record<string, (x: Tensor) => Tensor>> = {
  argmax: (x) => ag.argmax(x, -1),
  argmin: (x) => ag.argmin(x, -1),
  argsort: (x) => ag.argsort(x, -1),
  all: (x) => ag.all(x),
  any: (x) => ag.any(x),
  eq: (x) => ag.eq(x, x),
  ne: (x) => ag.ne(x, 0),
  lt: (x) => ag.lt(x, 0),
  le: (x) => ag.le(x, 0),
  gt: (x) => ag.gt(x, 0),
  ge: (x) => ag.ge(x, 0),
  logicalAnd: (x) => ag.logicalAnd(x, x),
  logicalOr: (x) => ag.logicalOr(x, 0),
  logicalXor: (x) => ag.logicalXor(x, 1),
  logicalNot: (x) => ag.logicalNot(x),
  sign: (x) => ag.sign(x),
  round: (x) => ag.round(x),
  floor: (x) => ag.floor(x),
  ceil: (x) => ag.ceil(x),
  isNaN: (x) => ag.isNaN(x),
  isFinite: (x) => ag.isFinite(x),
};

/** Names of the exported functions that are differentiable ops (everything not listed above). */
export function differentiableExports(): string[] {
  return Object.entries(ag)
    .filter(
      ([name, value]) =>
        typeof value === 'function' && !(name in NOT_OPS) && !(name in CONSTANT_OPS),
    )
    .map(([name]) => name)
    .sort();
}

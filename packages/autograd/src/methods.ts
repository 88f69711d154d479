// The only file that adds method sugar to Tensor.prototype (STYLE §3, tier 4); each method calls
// the functional op with `this` first. The element-wise families (primitives, constants,
// activations) become methods wholesale, so a new op there is a method with no edit here; other
// families list their methods by name. The types are mapped from the op modules, so each method
// carries its function's doc comment into the .d.ts.
import type { ReduceOptions } from '@dl/tensor';
import { Tensor } from './tensor.js';
import * as act from './composite/activation.js';
import * as cix from './composite/indexing.js';
import * as cmm from './composite/matmul.js';
import * as cmv from './composite/movement.js';
import * as cr from './composite/reduce.js';
import * as st from './composite/statistics.js';
import * as cn from './ops/constant.js';
import * as ew from './ops/elementwise.js';
import * as ix from './ops/indexing.js';
import * as mm from './ops/matmul.js';
import * as mv from './ops/movement.js';
import * as rd from './ops/reduce.js';
import * as sm from './ops/softmax.js';

/** Element-wise ops that are not methods: `where`'s first operand is the condition, not self. */
const NOT_METHODS = ['where'] as const;
const REDUCE = ['sum', 'prod', 'amax', 'amin', 'logsumexp', 'cumsum'] as const;
const STATISTICS = ['mean', 'std', 'norm'] as const;
const SOFTMAX = ['softmax', 'logSoftmax'] as const;
const MATMUL = ['matmul'] as const;
const COMPOSITE_MATMUL = ['dot', 'outer', 'bmm'] as const;
const MOVEMENT = ['reshape', 'permute', 'expand', 'slice', 'clone', 'astype'] as const;
const COMPOSITE_MOVEMENT = [
  'view', 'transpose', 'squeeze', 'unsqueeze', 'narrow', 'select', 'flatten', 'unflatten', 'contiguous',
  'split', 'chunk',
] as const;
const INDEXING = ['indexSelect', 'gather', 'scatterAdd'] as const;
const COMPOSITE_INDEXING = ['maskedFill'] as const;

type Method<F> = F extends (self: never, ...args: infer A) => infer R ? (...args: A) => R : never;
/** Homomorphic, so each method keeps the doc comment of the function it calls. */
type MethodsOf<TModule> = { [K in keyof TModule]: Method<TModule[K]> };
type Names<TList extends readonly string[]> = TList[number];

/** The chainable methods of Tensor: `x.add(y).relu()` is `relu(add(x, y))`. */
export interface TensorMethods
  extends MethodsOf<Omit<typeof ew, Names<typeof NOT_METHODS>>>,
    MethodsOf<typeof cn>,
    MethodsOf<typeof act>,
    MethodsOf<Pick<typeof rd, Names<typeof REDUCE>>>,
    MethodsOf<Pick<typeof st, Names<typeof STATISTICS>>>,
    MethodsOf<Pick<typeof sm, Names<typeof SOFTMAX>>>,
    MethodsOf<Pick<typeof mm, Names<typeof MATMUL>>>,
    MethodsOf<Pick<typeof cmm, Names<typeof COMPOSITE_MATMUL>>>,
    MethodsOf<Pick<typeof mv, Names<typeof MOVEMENT>>>,
    MethodsOf<Pick<typeof cmv, Names<typeof COMPOSITE_MOVEMENT>>>,
    MethodsOf<Pick<typeof ix, Names<typeof INDEXING>>>,
    MethodsOf<Pick<typeof cix, Names<typeof COMPOSITE_INDEXING>>> {
  /** The same values as another dtype, as torch's `.to(dtype)` (alias of `astype`). @example x.to('float64') */
  to: Method<typeof mv.astype>;
  /** Variance over dims with Bessel's correction by default, as torch.var. @example x.var(0) */
  var: Method<typeof st.variance>;
  // max/min are overloaded (no dim: 0-d value; a dim: values and indices), which a mapped type cannot carry.
  /** The largest element (0-d), or `{ values, indices }` along `dim`, as torch.max. @example x.max(1).indices */
  max(): Tensor;
  max(dim: number, options?: ReduceOptions): cr.ValuesAndIndices;
  /** The smallest element (0-d), or `{ values, indices }` along `dim`, as torch.min. @example x.min() */
  min(): Tensor;
  min(dim: number, options?: ReduceOptions): cr.ValuesAndIndices;
  /** All dims reversed (a view), as numpy's `.T`. @example w.T */
  readonly T: Tensor;
  /** The last two dims swapped (a view), as torch's `.mT`. @example batch.mT */
  readonly mT: Tensor;
}

function pick(module: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(names.map((name) => [name, module[name]]));
}

const functionsOf = (module: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(module).filter(([name, value]) => typeof value === 'function' && !(NOT_METHODS as readonly string[]).includes(name)));

const table: Record<string, unknown> = {
  ...functionsOf(ew),
  ...functionsOf(cn),
  ...functionsOf(act),
  ...pick(rd, REDUCE),
  ...pick(st, STATISTICS),
  ...pick(cr, ['max', 'min']),
  ...pick(sm, SOFTMAX),
  ...pick(mm, MATMUL),
  ...pick(cmm, COMPOSITE_MATMUL),
  ...pick(mv, MOVEMENT),
  ...pick(cmv, COMPOSITE_MOVEMENT),
  ...pick(ix, INDEXING),
  ...pick(cix, COMPOSITE_INDEXING),
  var: st.variance,
  to: mv.astype,
};

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

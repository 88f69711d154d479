// The only file that adds method sugar to NDArray.prototype (STYLE §3, tier 4); each method calls
// the functional op with `this` first. The element-wise family becomes methods wholesale (a new op
// there is a method with no edit here); other families list their methods by name. The types are
// mapped from the op modules, so each method carries its function's doc comment into the .d.ts.
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

/** Element-wise ops that are not methods: `where`'s first operand is the condition, not self. */
const NOT_METHODS = ['where'] as const;
const IN_PLACE = ['add_', 'sub_', 'mul_', 'div_', 'pow_', 'copy_', 'fill_', 'clamp_'] as const;
const MOVEMENT = [
  'reshape', 'view', 'transpose', 'permute', 'squeeze', 'unsqueeze', 'expand', 'narrow', 'slice', 'select',
  'flatten', 'unflatten', 'contiguous', 'clone', 'astype',
] as const;
// max and min are overloaded, which a mapped type cannot carry: NDArrayMethods declares them.
const REDUCE = ['sum', 'prod', 'amax', 'amin', 'argmax', 'argmin', 'all', 'any', 'cumsum', 'cumprod'] as const;
const STATISTICS = ['mean', 'std', 'logsumexp', 'norm'] as const;
const SOFTMAX = ['softmax', 'logSoftmax'] as const;
const INDEXING = [
  'indexSelect', 'gather', 'scatter', 'scatter_', 'scatterAdd', 'scatterAdd_', 'indexAdd', 'indexAdd_',
  'maskedFill', 'maskedFill_', 'maskedSelect',
] as const;
const JOIN = ['split', 'chunk'] as const;
const SORT = ['sort', 'argsort', 'topk'] as const;
const MATMUL = ['matmul', 'dot', 'outer', 'bmm'] as const;

type Method<F> = F extends (self: NDArray, ...args: infer A) => infer R ? (...args: A) => R : never;
/** Homomorphic, so each method keeps the doc comment of the function it calls. */
type MethodsOf<TModule> = { [K in keyof TModule]: Method<TModule[K]> };
type Names<TList extends readonly string[]> = TList[number];

/** The chainable methods of NDArray: `a.add(b).relu()` is `relu(add(a, b))`. */
export interface NDArrayMethods
  extends MethodsOf<Omit<typeof ew, Names<typeof NOT_METHODS>>>,
    MethodsOf<Pick<typeof inPlace, Names<typeof IN_PLACE>>>,
    MethodsOf<Pick<typeof mv, Names<typeof MOVEMENT>>>,
    MethodsOf<Pick<typeof rd, Names<typeof REDUCE>>>,
    MethodsOf<Pick<typeof st, Names<typeof STATISTICS>>>,
    MethodsOf<Pick<typeof sm, Names<typeof SOFTMAX>>>,
    MethodsOf<Pick<typeof ix, Names<typeof INDEXING>>>,
    MethodsOf<Pick<typeof jn, Names<typeof JOIN>>>,
    MethodsOf<Pick<typeof so, Names<typeof SORT>>>,
    MethodsOf<Pick<typeof mm, Names<typeof MATMUL>>> {
  /** All dims reversed, as numpy's `.T`. @example array([[1, 2]]).T.shape // [2, 1] */
  readonly T: NDArray;
  /** The last two dims swapped, as torch's `.mT`. @example zeros([2, 3, 4]).mT.shape // [2, 4, 3] */
  readonly mT: NDArray;
  /** The same values as another dtype, as torch's `.to(dtype)` (alias of `astype`). @example x.to('float64') */
  to: Method<typeof mv.astype>;
  /** Variance over dims with Bessel's correction by default, as torch.var. @example x.var(0) */
  var: Method<typeof st.variance>;
  /** The largest element (0-d), or `{ values, indices }` along `dim`, as torch.max. @example x.max(1).indices */
  max(): NDArray;
  max(dim: number, options?: rd.ReduceOptions): rd.ValuesAndIndices;
  /** The smallest element (0-d), or `{ values, indices }` along `dim`, as torch.min. @example x.min() */
  min(): NDArray;
  min(dim: number, options?: rd.ReduceOptions): rd.ValuesAndIndices;
}

function pick(module: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(names.map((name) => [name, module[name]]));
}

const table: Record<string, unknown> = {
  ...Object.fromEntries(Object.entries(ew).filter(([name]) => !(NOT_METHODS as readonly string[]).includes(name))),
  ...pick(inPlace, IN_PLACE),
  ...pick(mv, MOVEMENT),
  ...pick(rd, [...REDUCE, 'max', 'min']),
  ...pick(st, STATISTICS),
  ...pick(sm, SOFTMAX),
  ...pick(ix, INDEXING),
  ...pick(jn, JOIN),
  ...pick(so, SORT),
  ...pick(mm, MATMUL),
  to: mv.astype,
  var: st.variance,
};

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

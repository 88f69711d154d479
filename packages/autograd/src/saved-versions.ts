// The version check that makes in-place changes to saved values loud, as PyTorch's
// SavedVariable: a node notes the global in-place write count when it is created, and backward
// refuses to read a saved value whose storage has been written in place since.
import { InPlaceError, NDArray, formatShape, inPlaceWriteCount, lastInPlaceOp, storageVersion, storageVersionAt } from '@dl/tensor';
import type { BackwardContext, Node } from './node.js';

const TENSOR = Symbol.for('dl.Tensor');

/** The NDArray behind an extra (non-operand) argument such as an index, if it is one. */
function arrayOf(value: unknown): NDArray | undefined {
  if (NDArray.isNDArray(value)) return value;
  if (typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[TENSOR] === true) {
    return (value as { data: NDArray }).data;
  }
  return undefined;
}

/**
 * Where the non-operand arguments start in `args`: defineOp puts the operands first (one array
 * of them for a 'list' op such as cat), then the op's other parameters.
 */
function firstExtra(ctx: BackwardContext): number {
  return Array.isArray(ctx.args[0]) ? 1 : ctx.inputs.length;
}

/**
 * The values a node saved, in a fixed order: every input, the output, then array arguments that
 * are not operands (indices, masks).
 */
function savedArrays(ctx: BackwardContext): NDArray[] {
  const saved = [...ctx.inputs, ctx.out];
  for (let i = firstExtra(ctx); i < ctx.args.length; i++) {
    const array = arrayOf(ctx.args[i]);
    if (array !== undefined) saved.push(array);
  }
  return saved;
}

/**
 * @internal What a node records when it saves values: the global in-place write count. One read,
 * no per-value lookup, so recording an op costs nothing measurable.
 */
export function recordSaved(): number {
  return inPlaceWriteCount();
}

function describeSaved(ctx: BackwardContext, k: number): string {
  const n = ctx.inputs.length;
  if (k < n) return `input ${k}`;
  if (k === n) return 'output 0';
  return 'an index argument';
}

function staleError(node: Node, ctx: BackwardContext, x: NDArray, k: number, savedAt: number): InPlaceError {
  const by = lastInPlaceOp(x);
  const expected = storageVersionAt(x, savedAt);
  return new InPlaceError(
    `backward: one of the variables needed for gradient computation has been modified by an inplace operation: [${node.name}] ${describeSaved(ctx, k)} (${x.dtype} ${formatShape(x.shape)}) is at version ${storageVersion(x)}; expected version ${expected ?? `${storageVersion(x) - 32} or less`} instead${by === undefined ? '' : ` (last written by ${by})`}\nhint: run backward() before changing the value in place (the optimizer steps after loss.backward()), or change a clone() of it`,
  );
}

// Reading these of a changed array is harmless: in-place ops never change them. Rules often
// read only an input's shape (sum's backward), which must not count as using its values.
const METADATA = new Set<string | symbol>(['shape', 'dtype', 'ndim', 'size']);

/** `x` for reading its metadata only: any other property (the values, `data`, a method) throws. */
function metadataOnly(x: NDArray, error: () => InPlaceError): NDArray {
  return new Proxy(x, {
    get: (target, key) => {
      if (typeof key === 'symbol' || METADATA.has(key)) return Reflect.get(target, key, target) as unknown;
      throw error();
    },
  });
}

/**
 * @internal `ctx` as the rule of `node` may read it: itself when nothing was written in place
 * since the node saved it (one comparison), else a view whose changed values throw an
 * InPlaceError once the rule reads them. Values a rule never reads (add's inputs) or reads only
 * the shape of (sum's input) may change freely, as in PyTorch, which saves neither.
 */
export function checkedContext(node: Node, ctx: BackwardContext, savedAt: number): BackwardContext {
  if (inPlaceWriteCount() === savedAt) return ctx;
  const saved = savedArrays(ctx);
  const stale = saved.map((x) => storageVersionAt(x, savedAt) !== storageVersion(x));
  if (!stale.includes(true)) return ctx;
  const guarded = saved.map((x, k) => (stale[k] ? metadataOnly(x, () => staleError(node, ctx, x, k, savedAt)) : x));
  const n = ctx.inputs.length;
  const start = firstExtra(ctx);
  let extra = n + 1;
  const args = ctx.args.map((arg, i) => {
    if (i < start) return start === 1 ? guarded.slice(0, n) : guarded[i];
    return arrayOf(arg) === undefined ? arg : guarded[extra++];
  });
  return { inputs: guarded.slice(0, n), out: guarded[n], args, needsGrad: ctx.needsGrad };
}

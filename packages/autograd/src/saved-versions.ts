// The version check that makes in-place changes to saved values loud, as PyTorch's
// SavedVariable: a node records the storage version of each value it saved when it is created,
// and backward refuses to read a value whose storage has been written in place since.
import { InPlaceError, NDArray, formatShape, lastInPlaceOp, storageVersion } from '@dl/tensor';
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
 * @internal The values a node saved, in a fixed order: every input, the output, then array
 * arguments that are not inputs (indices, masks). Their versions are recorded in the same order.
 */
function savedArrays(ctx: BackwardContext): NDArray[] {
  const saved = [...ctx.inputs, ctx.out];
  for (const arg of ctx.args) {
    const array = arrayOf(arg);
    if (array !== undefined && !ctx.inputs.includes(array)) saved.push(array);
  }
  return saved;
}

/** @internal The storage versions of what `ctx` saves, at the time it is saved. */
export function recordVersions(ctx: BackwardContext): number[] {
  const { inputs, out, args } = ctx;
  const versions = new Array<number>(inputs.length + 1);
  for (let i = 0; i < inputs.length; i++) versions[i] = storageVersion(inputs[i]);
  versions[inputs.length] = storageVersion(out);
  for (const arg of args) {
    const array = arrayOf(arg);
    if (array !== undefined && !inputs.includes(array)) versions.push(storageVersion(array));
  }
  return versions;
}

function describeSaved(ctx: BackwardContext, k: number): string {
  const n = ctx.inputs.length;
  if (k < n) return `input ${k}`;
  if (k === n) return 'output 0';
  return 'an index argument';
}

function staleError(node: Node, ctx: BackwardContext, saved: NDArray[], k: number, expected: number): InPlaceError {
  const x = saved[k];
  const by = lastInPlaceOp(x);
  return new InPlaceError(
    `backward: one of the variables needed for gradient computation has been modified by an inplace operation: [${node.name}] ${describeSaved(ctx, k)} (${x.dtype} ${formatShape(x.shape)}) is at version ${storageVersion(x)}; expected version ${expected} instead${by === undefined ? '' : ` (last written by ${by})`}\nhint: run backward() before changing the value in place (optimizer.step() after loss.backward()), or change a clone() of it`,
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
 * @internal `ctx` as the rule of `node` may read it: itself when no saved value changed (the
 * usual case, at the cost of one version lookup per value), else a view whose changed values
 * throw an InPlaceError once the rule reads them. Values a rule never reads (add's inputs) or
 * reads only the shape of (sum's input) may change freely, as in PyTorch, which saves neither.
 */
export function checkedContext(node: Node, ctx: BackwardContext, versions: readonly number[]): BackwardContext {
  const saved = savedArrays(ctx);
  let changed = false;
  for (let k = 0; k < saved.length; k++) if (storageVersion(saved[k]) !== versions[k]) changed = true;
  if (!changed) return ctx;
  const guarded = saved.map((x, k) =>
    storageVersion(x) === versions[k] ? x : metadataOnly(x, () => staleError(node, ctx, saved, k, versions[k])),
  );
  const n = ctx.inputs.length;
  const extra = saved.slice(n + 1);
  const args = ctx.args.map((arg) => {
    const array = arrayOf(arg);
    const k = array === undefined ? -1 : ctx.inputs.indexOf(array);
    if (k >= 0) return guarded[k];
    const e = array === undefined ? -1 : extra.indexOf(array);
    return e >= 0 ? guarded[n + 1 + e] : arg;
  });
  return { inputs: guarded.slice(0, n), out: guarded[n], args, needsGrad: ctx.needsGrad };
}

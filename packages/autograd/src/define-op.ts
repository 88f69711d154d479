import { ArgumentError, NDArray, full, resultTypeWithScalar, DEFAULT_DTYPE } from '@dl/tensor';
import { isGradEnabled } from './no-grad.js';
import { Node, type BackwardFn } from './node.js';
import { Tensor, type TensorLike } from './tensor.js';

/** Maps a forward signature over NDArrays to the public one over TensorLikes. */
export type Lifted<TParams extends unknown[]> = {
  [K in keyof TParams]: TParams[K] extends NDArray
    ? TensorLike
    : TParams[K] extends readonly NDArray[]
      ? readonly TensorLike[]
      : TParams[K];
};

/** How to define a differentiable primitive: its forward on NDArrays and its backward rule. */
export interface OpSpec<TParams extends unknown[]> {
  /** Registry name, the same string as the export (`'mul'` gives a `MulBackward` node). */
  name: string;
  /** Number of leading tensor operands (default 1), or 'list' for one array of tensors. */
  inputs?: number | 'list';
  forward: (...params: TParams) => NDArray;
  /** One gradient per operand (per list element for 'list'); null where none flows. */
  backward: BackwardFn<TParams>;
}

/** @internal Unwraps an operand to an NDArray; a scalar takes the dtype PyTorch would give it. */
export function toNDArray(op: string, value: TensorLike, like: NDArray | undefined): NDArray {
  if (Tensor.isTensor(value)) return value.data;
  if (NDArray.isNDArray(value)) return value;
  if (typeof value === 'number' || typeof value === 'boolean') {
    return full([], Number(value), { dtype: like ? resultTypeWithScalar(like.dtype, value) : DEFAULT_DTYPE });
  }
  throw new ArgumentError(`${op}: expected a Tensor, an NDArray or a number, got ${String(value)}`);
}

/**
 * The first `count` operands of `params` (fewer if fewer were passed) as NDArrays; a scalar's
 * dtype follows the first array operand. Loops, not find/map with closures: a 2x2 op pays for
 * every allocation.
 */
function unwrapOperands(op: string, params: readonly unknown[], count: number): NDArray[] {
  const n = Math.min(count, params.length);
  let like: NDArray | undefined;
  for (let i = 0; i < n && like === undefined; i++) {
    const v = params[i];
    if (Tensor.isTensor(v)) like = v.data;
    else if (NDArray.isNDArray(v)) like = v;
  }
  const arrays: NDArray[] = [];
  for (let i = 0; i < n; i++) arrays.push(toNDArray(op, params[i] as TensorLike, like));
  return arrays;
}

/** Whether grad mode is on and one of the first `count` operands requires grad. */
function recording(params: readonly unknown[], count: number): boolean {
  if (!isGradEnabled()) return false;
  for (let i = 0; i < count; i++) {
    const v = params[i];
    if (Tensor.isTensor(v) && v.requiresGrad) return true;
  }
  return false;
}

/** Records a node for an op whose operands `operands` gave `arrays`, and wraps `out` in its output Tensor. */
function record(
  op: string,
  nodeName: string,
  operands: readonly unknown[],
  arrays: NDArray[],
  out: NDArray,
  args: unknown[],
  backward: BackwardFn,
): Tensor {
  const needsGrad: boolean[] = [];
  const next: (Node | null)[] = [];
  for (const v of operands) {
    const needs = Tensor.isTensor(v) && v.requiresGrad;
    needsGrad.push(needs);
    next.push(needs ? (v.gradFn ?? v.gradAccumulator()) : null);
  }
  const node = new Node(op, next, { inputs: arrays, out, args, needsGrad }, backward, nodeName);
  return new Tensor(out, true, node);
}

/**
 * Defines a differentiable primitive: forward and backward side by side (STYLE §3).
 * The returned function accepts Tensors, NDArrays and numbers, and records a graph node
 * when grad mode is on and an operand requires grad.
 * @example
 * export const exp = defineOp({
 *   name: 'exp',
 *   forward: (x: NDArray) => nd.exp(x),
 *   backward: (dy, { out }) => [nd.mul(dy, out)],
 * });
 */
export function defineOp<TParams extends unknown[]>(spec: OpSpec<TParams>): (...params: Lifted<TParams>) => Tensor {
  const { name, inputs = 1, forward, backward } = spec;
  const nodeName = backwardName(name);
  const rule = backward as BackwardFn;
  if (inputs === 'list') {
    return (...params: unknown[]): Tensor => {
      const list: unknown = params[0];
      if (!Array.isArray(list)) throw new ArgumentError(`${name}: expected an array of tensors, got ${typeof list}`);
      const arrays = unwrapOperands(name, list, list.length);
      const args = [arrays, ...params.slice(1)] as TParams;
      const out = forward(...args);
      if (!recording(list, list.length)) return new Tensor(out);
      return record(name, nodeName, list, arrays, out, args, rule);
    };
  }
  return (...params: unknown[]): Tensor => {
    const arrays = unwrapOperands(name, params, inputs);
    // Without extra parameters the unwrapped operands are the whole argument list.
    const args = (params.length <= inputs ? arrays : [...arrays, ...params.slice(inputs)]) as TParams;
    const out = forward(...args);
    if (!recording(params, arrays.length)) return new Tensor(out);
    return record(name, nodeName, params.length <= inputs ? params : params.slice(0, inputs), arrays, out, args, rule);
  };
}

/** The name of an op's graph node, as PyTorch's: `mul` gives `MulBackward`. */
function backwardName(op: string): string {
  return `${op.charAt(0).toUpperCase()}${op.slice(1)}Backward`;
}

/**
 * Lifts a non-differentiable NDArray op (argmax, comparisons, sign) to tensors:
 * the result never requires grad.
 * @example
 * export const argmax = constantOp(nd.argmax);
 */
export function constantOp<TParams extends unknown[]>(
  name: string,
  inputs: number,
  fn: (...params: TParams) => NDArray,
): (...params: Lifted<TParams>) => Tensor {
  return (...params: unknown[]): Tensor => {
    const arrays = unwrapOperands(name, params, inputs);
    return new Tensor((fn as (...p: unknown[]) => NDArray)(...arrays, ...params.slice(inputs)));
  };
}

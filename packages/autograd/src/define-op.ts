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

function unwrapAll(op: string, operands: readonly TensorLike[]): NDArray[] {
  const like = operands.find((v) => Tensor.isTensor(v) || NDArray.isNDArray(v));
  const likeArray = like === undefined ? undefined : Tensor.isTensor(like) ? like.data : (like);
  return operands.map((v) => toNDArray(op, v, likeArray));
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
  return (...params: unknown[]): Tensor => {
    const isList = inputs === 'list';
    const count = isList ? 1 : inputs;
    if (isList && !Array.isArray(params[0])) {
      throw new ArgumentError(`${name}: expected an array of tensors, got ${typeof params[0]}`);
    }
    const operands = (isList ? params[0] : params.slice(0, count)) as TensorLike[];
    const arrays = unwrapAll(name, operands);
    const args = [...(isList ? [arrays] : arrays), ...params.slice(count)] as TParams;
    const out = forward(...args);
    const needsGrad = operands.map((v) => Tensor.isTensor(v) && v.requiresGrad);
    if (!isGradEnabled() || !needsGrad.includes(true)) return new Tensor(out);
    const next = operands.map((v, i) =>
      needsGrad[i] ? ((v as Tensor).gradFn ?? (v as Tensor).gradAccumulator()) : null,
    );
    const node = new Node(name, next, { inputs: arrays, out, args, needsGrad }, backward as BackwardFn);
    return new Tensor(out, true, node);
  };
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
    const arrays = unwrapAll(name, params.slice(0, inputs) as TensorLike[]);
    return new Tensor((fn as (...p: unknown[]) => NDArray)(...arrays, ...params.slice(inputs)));
  };
}

// Non-differentiable ops lifted with constantOp: their results never require grad, as
// comparisons, indices and step functions have no useful gradient. PyTorch records sign, round,
// floor and ceil with a zero gradient; here they cut the graph instead (detach-like).
import * as nd from '@dl/tensor';
import type { Dims, NDArray, ReduceOptions } from '@dl/tensor';
import { constantOp } from '../define-op.js';

/** int32 index of the largest value along `dim`, or in the flattened tensor. @example argmax(logits, -1) */
export const argmax = constantOp('argmax', 1, (x: NDArray, dim?: number, options?: ReduceOptions) => nd.argmax(x, dim, options));
/** int32 index of the smallest value along `dim`, or in the flattened tensor. @example argmin(distances, 1) */
export const argmin = constantOp('argmin', 1, (x: NDArray, dim?: number, options?: ReduceOptions) => nd.argmin(x, dim, options));
/** True where every element along the dims is nonzero, as bool. @example all(eq(a, b)) */
export const all = constantOp('all', 1, (x: NDArray, dim?: Dims, options?: ReduceOptions) => nd.all(x, dim, options));
/** True where any element along the dims is nonzero, as bool. @example any(isNaN(x)) */
export const any = constantOp('any', 1, (x: NDArray, dim?: Dims, options?: ReduceOptions) => nd.any(x, dim, options));

/** a == b element-wise, as bool. @example eq(predicted, labels) */
export const eq = constantOp('eq', 2, (a: NDArray, b: NDArray) => nd.eq(a, b));
/** a != b element-wise, as bool. @example ne(x, 0) */
export const ne = constantOp('ne', 2, (a: NDArray, b: NDArray) => nd.ne(a, b));
/** a < b element-wise, as bool. @example lt(x, 0) */
export const lt = constantOp('lt', 2, (a: NDArray, b: NDArray) => nd.lt(a, b));
/** a <= b element-wise, as bool. @example le(x, 1) */
export const le = constantOp('le', 2, (a: NDArray, b: NDArray) => nd.le(a, b));
/** a > b element-wise, as bool. @example gt(x, 0) */
export const gt = constantOp('gt', 2, (a: NDArray, b: NDArray) => nd.gt(a, b));
/** a >= b element-wise, as bool. @example ge(x, threshold) */
export const ge = constantOp('ge', 2, (a: NDArray, b: NDArray) => nd.ge(a, b));
/** Logical and of truthiness, as bool. @example logicalAnd(gt(x, 0), lt(x, 1)) */
export const logicalAnd = constantOp('logicalAnd', 2, (a: NDArray, b: NDArray) => nd.logicalAnd(a, b));
/** Logical or of truthiness, as bool. @example logicalOr(isNaN(x), eq(x, 0)) */
export const logicalOr = constantOp('logicalOr', 2, (a: NDArray, b: NDArray) => nd.logicalOr(a, b));
/** Logical exclusive or of truthiness, as bool. @example logicalXor(a, b) */
export const logicalXor = constantOp('logicalXor', 2, (a: NDArray, b: NDArray) => nd.logicalXor(a, b));
/** Logical not of truthiness, as bool. @example logicalNot(mask) */
export const logicalNot = constantOp('logicalNot', 1, (x: NDArray) => nd.logicalNot(x));

/** -1, 0 or 1 by the sign of x (no gradient). @example sign(x) */
export const sign = constantOp('sign', 1, (x: NDArray) => nd.sign(x));
/** Rounds half to even, as torch.round (no gradient). @example round(x) */
export const round = constantOp('round', 1, (x: NDArray) => nd.round(x));
/** Largest integer not above x (no gradient). @example floor(x) */
export const floor = constantOp('floor', 1, (x: NDArray) => nd.floor(x));
/** Smallest integer not below x (no gradient). @example ceil(x) */
export const ceil = constantOp('ceil', 1, (x: NDArray) => nd.ceil(x));
/** True where x is NaN. @example any(isNaN(loss)) */
export const isNaN = constantOp('isNaN', 1, (x: NDArray) => nd.isNaN(x));
/** True where x is neither infinite nor NaN. @example all(isFinite(grad)) */
export const isFinite = constantOp('isFinite', 1, (x: NDArray) => nd.isFinite(x));

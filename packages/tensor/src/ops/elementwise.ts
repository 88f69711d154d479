// The element-wise ops on NDArrays. Every export of this file is public: index.ts re-exports the
// file whole and methods.ts makes each one a method (except `where`), so a new op is one line here.
import { allocate, isFloating, promoteTypes, resultTypeWithScalar, DEFAULT_DTYPE, type DType, type TypedArray } from '../dtype.js';
import { ArgumentError, DTypeError } from '../errors.js';
import { kernels, type BinaryOp, type UnaryOp } from '../kernels/registry.js';
import { NDArray } from '../ndarray.js';
import { broadcastShapes, numel as numelOf } from '../shape.js';
import { checkIntegerOperands, INT32_CHECKED_BINARY, INT32_CHECKED_UNARY } from './integer-arithmetic.js';
import { exactScratch, narrowToInt32 } from './int32.js';
import { asNDArray, assignInPlace, broadcastView, expectNDArray, type Operand } from './operand.js';
import { outOf, writeInto, type OutOptions } from './out.js';

/** How an op picks its output dtype from its (promoted) input dtype. */
type DTypeRule = 'same' | 'float' | 'bool' | 'noBool';

function outputDType(op: string, dtype: DType, rule: DTypeRule): DType {
  if (rule === 'bool') return 'bool';
  if (rule === 'float') return isFloating(dtype) ? dtype : DEFAULT_DTYPE;
  if (rule === 'noBool' && dtype === 'bool') {
    throw new DTypeError(`${op}: not supported for bool arrays\nhint: use logicalNot / logicalXor, or cast first with astype(x, 'int32')`);
  }
  return dtype;
}

function unary(op: UnaryOp, rule: DTypeRule) {
  return (x: NDArray, options?: OutOptions): NDArray => {
    expectNDArray(op, x);
    const dtype = outputDType(op, x.dtype, rule);
    const target = outOf(op, options, x.shape, dtype);
    if (dtype === 'int32' && INT32_CHECKED_UNARY.has(op)) {
      // NOTE: computed exactly in float64, then narrowed: neg(-2^31) must not wrap to -2^31.
      const exact = exactScratch(op, x.size);
      kernels().unary(op, x, exact);
      const result = new NDArray(narrowToInt32(op, exact), dtype, x.shape);
      return target ? assignInPlace(op, target, result) : result;
    }
    if (target) {
      return writeInto(op, target, [x], (dst) => {
        kernels().unary(op, x, dst);
      });
    }
    const out = allocate(dtype, x.size);
    kernels().unary(op, x, out);
    return new NDArray(out, dtype, x.shape);
  };
}

function binary(op: BinaryOp, rule: DTypeRule) {
  return (a: Operand, b: Operand, options?: OutOptions): NDArray => {
    const x = asNDArray(op, a, NDArray.isNDArray(b) ? b : undefined);
    const y = asNDArray(op, b, x);
    const shape = broadcastShapes(op, x.shape, y.shape);
    const dtype = outputDType(op, promoteTypes(x.dtype, y.dtype), rule);
    const target = outOf(op, options, shape, dtype);
    if (dtype === 'int32' && INT32_CHECKED_BINARY.has(op)) {
      checkIntegerOperands(op, y);
      // NOTE: computed exactly in float64 (int32 products stay below 2^62, and any result beyond
      // int32 is caught), then narrowed: int32 arithmetic never wraps silently.
      const exact = exactScratch(op, numelOf(shape));
      kernels().binary(op, broadcastView(x, shape), broadcastView(y, shape), exact);
      const result = new NDArray(narrowToInt32(op, exact), dtype, shape);
      return target ? assignInPlace(op, target, result) : result;
    }
    const compute = (out: TypedArray): void => {
      kernels().binary(op, broadcastView(x, shape), broadcastView(y, shape), out);
      // bool storage holds only 0 and 1: true + true is true (logical or), as in PyTorch, not 2.
      if (dtype === 'bool' && rule !== 'bool') for (let i = 0; i < out.length; i++) out[i] = out[i] ? 1 : 0;
    };
    if (target) return writeInto(op, target, [x, y], compute);
    const out = allocate(dtype, numelOf(shape), op);
    compute(out);
    return new NDArray(out, dtype, shape);
  };
}


/** x + y with broadcasting. @example add(array([1, 2]), 1) // array([2., 3.]) */
export const add = binary('add', 'same');
/** x - y with broadcasting. @example sub(array([3]), array([1])) // array([2.]) */
export const sub = binary('sub', 'noBool');
/** x * y with broadcasting. @example mul(array([2, 3]), 2) // array([4., 6.]) */
export const mul = binary('mul', 'same');
/** True division x / y (integers give float32), as torch.div. @example div(array([1]), 2) // array([0.5000]) */
export const div = binary('div', 'float');
/** x ** y with broadcasting. @example pow(array([2, 3]), 2) // array([4., 9.]) */
export const pow = binary('pow', 'noBool');
/** Angle of the point (x, y) = (b, a) in radians, in [-π, π], as torch.atan2. @example atan2(array([1]), array([-1])) // array([2.3562]) */
export const atan2 = binary('atan2', 'float');
/** Element-wise maximum (NaN propagates). @example maximum(array([1, 5]), array([3, 2])) // array([3., 5.]) */
export const maximum = binary('maximum', 'same');
/** Element-wise minimum (NaN propagates). @example minimum(array([1, 5]), 2) // array([1., 2.]) */
export const minimum = binary('minimum', 'same');
/** floor(x / y), as torch.floor_divide. @example floorDivide(array([7]), 2) // array([3.]) */
export const floorDivide = binary('floorDivide', 'noBool');
/** Python-style modulo (sign of the divisor), as torch.remainder. @example remainder(array([-1]), 3) // array([2.]) */
export const remainder = binary('remainder', 'noBool');
/** x == y as bool. @example eq(array([1, 2]), 2) // array([False,  True]) */
export const eq = binary('eq', 'bool');
/** x != y as bool. @example ne(array([1, 2]), 2) // array([ True, False]) */
export const ne = binary('ne', 'bool');
/** x < y as bool. @example lt(array([1, 2]), 2) // array([ True, False]) */
export const lt = binary('lt', 'bool');
/** x <= y as bool. @example le(array([1, 2]), 2) // array([True, True]) */
export const le = binary('le', 'bool');
/** x > y as bool. @example gt(array([1, 2]), 1) // array([False,  True]) */
export const gt = binary('gt', 'bool');
/** x >= y as bool. @example ge(array([1, 2]), 2) // array([False,  True]) */
export const ge = binary('ge', 'bool');
/** Logical and of truthiness, as bool. @example logicalAnd(array([1, 0]), true) // array([ True, False]) */
export const logicalAnd = binary('logicalAnd', 'bool');
/** Logical or of truthiness, as bool. @example logicalOr(array([1, 0]), false) // array([ True, False]) */
export const logicalOr = binary('logicalOr', 'bool');

/** Logical exclusive or of truthiness, as bool. @example logicalXor(array([1, 0]), true) // array([False,  True]) */
export const logicalXor = binary('logicalXor', 'bool');

/** -x. @example neg(array([1, -2])) // array([-1.,  2.]) */
export const neg = unary('neg', 'noBool');
/** |x|. @example abs(array([-1.5])) // array([1.5000]) */
export const abs = unary('abs', 'noBool');
/** e^x. @example exp(array([0])) // array([1.]) */
export const exp = unary('exp', 'float');
/** Natural log. @example log(array([1])) // array([0.]) */
export const log = unary('log', 'float');
/** log(1 + x), accurate near 0. @example log1p(array([0])) // array([0.]) */
export const log1p = unary('log1p', 'float');
/** e^x - 1, accurate near 0. @example expm1(array([0])) // array([0.]) */
export const expm1 = unary('expm1', 'float');
/** Square root. @example sqrt(array([4])) // array([2.]) */
export const sqrt = unary('sqrt', 'float');
/** 1 / sqrt(x). @example rsqrt(array([4])) // array([0.5000]) */
export const rsqrt = unary('rsqrt', 'float');
/** 1 / x. @example reciprocal(array([4])) // array([0.2500]) */
export const reciprocal = unary('reciprocal', 'float');
/** x * x. @example square(array([3])) // array([9.]) */
export const square = unary('square', 'noBool');
/** Sine. @example sin(array([0])) // array([0.]) */
export const sin = unary('sin', 'float');
/** Cosine. @example cos(array([0])) // array([1.]) */
export const cos = unary('cos', 'float');
/** Hyperbolic tangent. @example tanh(array([0])) // array([0.]) */
export const tanh = unary('tanh', 'float');
/** Logistic sigmoid 1 / (1 + e^-x), stable for large |x|. @example sigmoid(array([0])) // array([0.5000]) */
export const sigmoid = unary('sigmoid', 'float');
/** max(x, 0). @example relu(array([-1, 2])) // array([0., 2.]) */
export const relu = unary('relu', 'noBool');
/** Exact GELU x·Φ(x) (erf form, PyTorch's default). @example gelu(array([0])) // array([0.]) */
export const gelu = unary('gelu', 'float');
/** log(1 + e^x), linear above 20 as PyTorch. @example softplus(array([0])) // array([0.6931]) */
export const softplus = unary('softplus', 'float');
/** Error function. @example erf(array([0])) // array([0.]) */
export const erf = unary('erf', 'float');
/** -1, 0 or 1 by sign. @example sign(array([-3, 0, 2])) // array([-1.,  0.,  1.]) */
export const sign = unary('sign', 'noBool');
/** Round down. @example floor(array([1.5])) // array([1.]) */
export const floor = unary('floor', 'same');
/** Round up. @example ceil(array([1.5])) // array([2.]) */
export const ceil = unary('ceil', 'same');
/** Round half to even, as torch.round. @example round(array([0.5, 1.5])) // array([0., 2.]) */
export const round = unary('round', 'same');
/** Logical not of truthiness, as bool. @example logicalNot(array([0, 1])) // array([ True, False]) */
export const logicalNot = unary('logicalNot', 'bool');
/** True where x is NaN. @example isNaN(array([NaN, 1])) // array([ True, False]) */
export const isNaN = unary('isNaN', 'bool');
/** True where x is neither infinite nor NaN. @example isFinite(array([Infinity, 1])) // array([False,  True]) */
export const isFinite = unary('isFinite', 'bool');

/**
 * max(x, 0) + negativeSlope · min(x, 0).
 * @example
 * leakyRelu(array([-1, 2]), 0.1) // array([-0.1000,  2.0000])
 */
export function leakyRelu(x: NDArray, negativeSlope = 0.01): NDArray {
  expectNDArray('leakyRelu', x);
  const dtype = outputDType('leakyRelu', x.dtype, 'float');
  const out = allocate(dtype, x.size);
  kernels().unaryParam('leakyRelu', x, out, negativeSlope, 0);
  return new NDArray(out, dtype, x.shape);
}

/**
 * Limits values to [min, max] (either bound may be omitted), as torch.clamp.
 * @example
 * clamp(array([-2, 0.5, 3]), { min: 0, max: 1 }) // array([0.0000, 0.5000, 1.0000])
 */
export function clamp(x: NDArray, bounds: { min?: number; max?: number }): NDArray {
  expectNDArray('clamp', x);
  const { min = -Infinity, max = Infinity } = bounds;
  if (bounds.min === undefined && bounds.max === undefined) {
    throw new ArgumentError('clamp: at least one of min or max must be given');
  }
  let dtype = outputDType('clamp', x.dtype, 'noBool');
  // A fractional bound lifts an int32 array to float32, as torch.clamp's type promotion.
  for (const bound of [bounds.min, bounds.max]) if (bound !== undefined) dtype = resultTypeWithScalar(dtype, bound);
  const out = allocate(dtype, x.size);
  kernels().unaryParam('clamp', x, out, min, max);
  return new NDArray(out, dtype, x.shape);
}

/**
 * Picks `a` where `condition` is true and `b` elsewhere, all three broadcast together.
 * @example
 * where(array([true, false]), 1, 2) // array([1., 2.])
 */
export function where(condition: NDArray, a: Operand, b: Operand): NDArray {
  expectNDArray('where', condition);
  if (condition.dtype !== 'bool') {
    throw new DTypeError(`where: condition must be bool, got ${condition.dtype}\nhint: compare first, e.g. gt(x, 0)`);
  }
  const x = asNDArray('where', a, NDArray.isNDArray(b) ? b : undefined);
  const y = asNDArray('where', b, x);
  const shape = broadcastShapes('where', broadcastShapes('where', condition.shape, x.shape), y.shape);
  const dtype = promoteTypes(x.dtype, y.dtype);
  const out = allocate(dtype, numelOf(shape));
  kernels().where(broadcastView(condition, shape), broadcastView(x, shape), broadcastView(y, shape), out);
  return new NDArray(out, dtype, shape);
}

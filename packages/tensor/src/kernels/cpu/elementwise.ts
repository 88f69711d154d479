import type { TypedArray } from '../../dtype.js';
import type { BinaryOp, Kernels, UnaryOp } from '../registry.js';
import { isContiguousView, rowStarts, type StridedView } from '../strided.js';
import { erf } from './erf.js';

type Unary = (x: number) => number;
type Binary = (a: number, b: number) => number;

/** NOTE: round half to even, as torch.round and numpy.round (Math.round rounds half up). */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * NOTE: torch's div_floor_floating: the floor of the exact quotient, found through fmod (JS %),
 * so 1 // 0.1 is 9 as in Python; Math.floor(1 / 0.1) sees the rounded quotient 10.
 */
function floorDivide(a: number, b: number): number {
  if (b === 0) return a / b;
  const mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0 && (b < 0) !== (mod < 0)) div -= 1;
  if (div === 0) return Math.sign(a / b) < 0 || Object.is(a / b, -0) ? -0 : 0;
  const floor = Math.floor(div);
  return div - floor > 0.5 ? floor + 1 : floor;
}

/** NOTE: fmod moved to the divisor's sign, as torch.remainder: exact, and x % ±Infinity stays x. */
function remainder(a: number, b: number): number {
  const mod = a % b;
  return mod !== 0 && (b < 0) !== (mod < 0) ? mod + b : mod;
}

const SQRT1_2 = Math.SQRT1_2;

/** How the public op built from a row picks its output dtype from its (promoted) input dtype. */
export type DTypeRule = 'same' | 'float' | 'bool' | 'noBool';

interface UnaryRow { readonly dtype: DTypeRule; readonly f: Unary }
interface BinaryRow { readonly dtype: DTypeRule; readonly f: Binary }

/**
 * One row per op: the scalar function the kernel factory loops over, the dtype rule of the op and
 * (as the row's doc comment) the op's documentation. These keys are the `UnaryOp` union, and
 * scripts/generate-elementwise.js turns each documented row into the public `NDArray` op (and so
 * its method and its export): a row is all a new element-wise op needs in @dl/tensor.
 */
export const UNARY = {
  /** -x. @example neg(array([1, -2])) // array([-1.,  2.]) */
  neg: { dtype: 'noBool', f: (x) => -x },
  /** |x|. @example abs(array([-1.5])) // array([1.5000]) */
  abs: { dtype: 'noBool', f: Math.abs },
  /** e^x. @example exp(array([0])) // array([1.]) */
  exp: { dtype: 'float', f: Math.exp },
  /** Natural log. @example log(array([1])) // array([0.]) */
  log: { dtype: 'float', f: Math.log },
  /** log(1 + x), accurate near 0. @example log1p(array([0])) // array([0.]) */
  log1p: { dtype: 'float', f: Math.log1p },
  /** e^x - 1, accurate near 0. @example expm1(array([0])) // array([0.]) */
  expm1: { dtype: 'float', f: Math.expm1 },
  /** Square root. @example sqrt(array([4])) // array([2.]) */
  sqrt: { dtype: 'float', f: Math.sqrt },
  /** 1 / sqrt(x). @example rsqrt(array([4])) // array([0.5000]) */
  rsqrt: { dtype: 'float', f: (x) => 1 / Math.sqrt(x) },
  /** 1 / x. @example reciprocal(array([4])) // array([0.2500]) */
  reciprocal: { dtype: 'float', f: (x) => 1 / x },
  /** x * x. @example square(array([3])) // array([9.]) */
  square: { dtype: 'noBool', f: (x) => x * x },
  /** Sine. @example sin(array([0])) // array([0.]) */
  sin: { dtype: 'float', f: Math.sin },
  /** Cosine. @example cos(array([0])) // array([1.]) */
  cos: { dtype: 'float', f: Math.cos },
  /** Hyperbolic tangent. @example tanh(array([0])) // array([0.]) */
  tanh: { dtype: 'float', f: Math.tanh },
  // NOTE: split at 0 so exp never overflows: both branches stay in (0, 1].
  /** Logistic sigmoid 1 / (1 + e^-x), stable for large |x|. @example sigmoid(array([0])) // array([0.5000]) */
  sigmoid: { dtype: 'float', f: (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))) },
  // NOTE: `x > 0 || x !== x` keeps NaN as NaN, as torch.relu does.
  /** max(x, 0). @example relu(array([-1, 2])) // array([0., 2.]) */
  relu: { dtype: 'noBool', f: (x) => (x > 0 || x !== x ? x : 0) },
  /** Exact GELU x·Φ(x) (erf form, PyTorch's default). @example gelu(array([0])) // array([0.]) */
  gelu: { dtype: 'float', f: (x) => 0.5 * x * (1 + erf(x * SQRT1_2)) },
  // NOTE: PyTorch's threshold of 20: above it log1p(exp(x)) == x in float32 anyway.
  /** log(1 + e^x), linear above 20 as PyTorch. @example softplus(array([0])) // array([0.6931]) */
  softplus: { dtype: 'float', f: (x) => (x > 20 ? x : Math.log1p(Math.exp(x))) },
  /** Error function. @example erf(array([0])) // array([0.]) */
  erf: { dtype: 'float', f: erf },
  /** -1, 0 or 1 by sign. @example sign(array([-3, 0, 2])) // array([-1.,  0.,  1.]) */
  sign: { dtype: 'noBool', f: (x) => (x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : NaN) },
  /** Round down. @example floor(array([1.5])) // array([1.]) */
  floor: { dtype: 'same', f: Math.floor },
  /** Round up. @example ceil(array([1.5])) // array([2.]) */
  ceil: { dtype: 'same', f: Math.ceil },
  /** Round half to even, as torch.round. @example round(array([0.5, 1.5])) // array([0., 2.]) */
  round: { dtype: 'same', f: roundHalfEven },
  // NOTE: NaN is truthy for the logical ops, as bool(nan) in PyTorch (JS treats NaN as falsy).
  /** Logical not of truthiness, as bool. @example logicalNot(array([0, 1])) // array([ True, False]) */
  logicalNot: { dtype: 'bool', f: (x) => (x === 0 ? 1 : 0) },
  /** True where x is NaN. @example isNaN(array([NaN, 1])) // array([ True, False]) */
  isNaN: { dtype: 'bool', f: (x) => (x !== x ? 1 : 0) },
  /** True where x is neither infinite nor NaN. @example isFinite(array([Infinity, 1])) // array([False,  True]) */
  isFinite: { dtype: 'bool', f: (x) => (Number.isFinite(x) ? 1 : 0) },
  /** @internal The kernel behind astype, clone and contiguous: no op of its own. */
  copy: { dtype: 'same', f: (x) => x },
} satisfies Record<string, UnaryRow>;

/** One row per op, as UNARY: these keys are the `BinaryOp` union. */
export const BINARY = {
  /** x + y with broadcasting. @example add(array([1, 2]), 1) // array([2., 3.]) */
  add: { dtype: 'same', f: (a, b) => a + b },
  /** x - y with broadcasting. @example sub(array([3]), array([1])) // array([2.]) */
  sub: { dtype: 'noBool', f: (a, b) => a - b },
  /** x * y with broadcasting. @example mul(array([2, 3]), 2) // array([4., 6.]) */
  mul: { dtype: 'same', f: (a, b) => a * b },
  /** True division x / y (integers give float32), as torch.div. @example div(array([1]), 2) // array([0.5000]) */
  div: { dtype: 'float', f: (a, b) => a / b },
  /** x ** y with broadcasting. @example pow(array([2, 3]), 2) // array([4., 9.]) */
  pow: { dtype: 'noBool', f: (a, b) => a ** b },
  /** Angle of the point (x, y) = (b, a) in radians, in [-π, π], as torch.atan2. @example atan2(array([1]), array([-1])) // array([2.3562]) */
  atan2: { dtype: 'float', f: Math.atan2 },
  /** Element-wise maximum (NaN propagates). @example maximum(array([1, 5]), array([3, 2])) // array([3., 5.]) */
  maximum: { dtype: 'same', f: (a, b) => (a !== a || b !== b ? NaN : a > b ? a : b) },
  /** Element-wise minimum (NaN propagates). @example minimum(array([1, 5]), 2) // array([1., 2.]) */
  minimum: { dtype: 'same', f: (a, b) => (a !== a || b !== b ? NaN : a < b ? a : b) },
  /** floor(x / y), as torch.floor_divide. @example floorDivide(array([7]), 2) // array([3.]) */
  floorDivide: { dtype: 'noBool', f: floorDivide },
  // Python's modulo: the result takes the divisor's sign, as torch.remainder.
  /** Python-style modulo (sign of the divisor), as torch.remainder. @example remainder(array([-1]), 3) // array([2.]) */
  remainder: { dtype: 'noBool', f: remainder },
  /** x == y as bool. @example eq(array([1, 2]), 2) // array([False,  True]) */
  eq: { dtype: 'bool', f: (a, b) => (a === b ? 1 : 0) },
  /** x != y as bool. @example ne(array([1, 2]), 2) // array([ True, False]) */
  ne: { dtype: 'bool', f: (a, b) => (a !== b ? 1 : 0) },
  /** x < y as bool. @example lt(array([1, 2]), 2) // array([ True, False]) */
  lt: { dtype: 'bool', f: (a, b) => (a < b ? 1 : 0) },
  /** x <= y as bool. @example le(array([1, 2]), 2) // array([True, True]) */
  le: { dtype: 'bool', f: (a, b) => (a <= b ? 1 : 0) },
  /** x > y as bool. @example gt(array([1, 2]), 1) // array([False,  True]) */
  gt: { dtype: 'bool', f: (a, b) => (a > b ? 1 : 0) },
  /** x >= y as bool. @example ge(array([1, 2]), 2) // array([False,  True]) */
  ge: { dtype: 'bool', f: (a, b) => (a >= b ? 1 : 0) },
  /** Logical and of truthiness, as bool. @example logicalAnd(array([1, 0]), true) // array([ True, False]) */
  logicalAnd: { dtype: 'bool', f: (a, b) => (a !== 0 && b !== 0 ? 1 : 0) },
  /** Logical or of truthiness, as bool. @example logicalOr(array([1, 0]), false) // array([ True, False]) */
  logicalOr: { dtype: 'bool', f: (a, b) => (a !== 0 || b !== 0 ? 1 : 0) },
  /** Logical exclusive or of truthiness, as bool. @example logicalXor(array([1, 0]), true) // array([False,  True]) */
  logicalXor: { dtype: 'bool', f: (a, b) => ((a !== 0) !== (b !== 0) ? 1 : 0) },
  // NOTE: `x <= 0 ? 0 : dy` as torch's threshold_backward: a NaN x passes dy through, and a NaN dy
  // where x <= 0 gives 0 (a mask multiply would give NaN).
  /** @internal relu's backward (dy, x): the kernel behind reluBackward, which checks its operands. */
  reluBackward: { dtype: 'noBool', f: (dy, x) => (x <= 0 ? 0 : dy) },
} satisfies Record<string, BinaryRow>;

type DenseUnaryLoop = (x: TypedArray, offset: number, out: TypedArray, n: number) => void;

// NOTE: as for DENSE below, the ops on the training path get their own contiguous loops so V8
// inlines them; `copy` (astype, clone, contiguous) is a bulk `set`, which converts per element.
const DENSE_UNARY: Partial<Record<UnaryOp, DenseUnaryLoop>> = {
  copy: (x, o, out, n) => { out.set(x.subarray(o, o + n)); },
  neg: (x, o, out, n) => { for (let i = 0; i < n; i++) out[i] = -x[o + i]; },
  square: (x, o, out, n) => { for (let i = 0; i < n; i++) out[i] = x[o + i] * x[o + i]; },
  exp: (x, o, out, n) => { for (let i = 0; i < n; i++) out[i] = Math.exp(x[o + i]); },
  log: (x, o, out, n) => { for (let i = 0; i < n; i++) out[i] = Math.log(x[o + i]); },
  sqrt: (x, o, out, n) => { for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[o + i]); },
  tanh: (x, o, out, n) => { for (let i = 0; i < n; i++) out[i] = Math.tanh(x[o + i]); },
  relu: (x, o, out, n) => {
    for (let i = 0; i < n; i++) {
      const v = x[o + i];
      out[i] = v > 0 || v !== v ? v : 0;
    }
  },
};

/** Applies `f` to every element of a view, writing `out` in row-major order. */
export function mapUnary(f: Unary, x: StridedView, out: TypedArray, dense?: DenseUnaryLoop): void {
  const { data, shape, strides, offset } = x;
  if (isContiguousView(shape, strides)) {
    if (dense) dense(data, offset, out, out.length);
    else for (let i = 0; i < out.length; i++) out[i] = f(data[offset + i]);
    return;
  }
  const inner = shape[shape.length - 1];
  const step = strides[strides.length - 1];
  const starts = rowStarts(shape, strides, offset);
  let k = 0;
  for (let r = 0; r < starts.length; r++) {
    for (let i = 0, p = starts[r]; i < inner; i++, p += step) out[k++] = f(data[p]);
  }
}

/** 1 for a contiguous view, 0 for a broadcast scalar, -1 otherwise. */
function denseStep(x: StridedView): number {
  if (isContiguousView(x.shape, x.strides)) return 1;
  return isScalarView(x) ? 0 : -1;
}

function isScalarView(x: StridedView): boolean {
  return x.strides.every((s) => s === 0);
}

type DenseLoop = (a: TypedArray, ao: number, b: TypedArray, bo: number, bStep: number, out: TypedArray, n: number) => void;

// NOTE: the hottest ops get their own loops (b contiguous: bStep 1, or scalar: bStep 0), so
// V8 inlines the arithmetic; a shared loop calling `f` goes megamorphic and runs ~5x slower.
const DENSE: Partial<Record<BinaryOp, DenseLoop>> = {
  add: (a, ao, b, bo, bStep, out, n) => { for (let i = 0, j = bo; i < n; i++, j += bStep) out[i] = a[ao + i] + b[j]; },
  sub: (a, ao, b, bo, bStep, out, n) => { for (let i = 0, j = bo; i < n; i++, j += bStep) out[i] = a[ao + i] - b[j]; },
  mul: (a, ao, b, bo, bStep, out, n) => { for (let i = 0, j = bo; i < n; i++, j += bStep) out[i] = a[ao + i] * b[j]; },
  div: (a, ao, b, bo, bStep, out, n) => { for (let i = 0, j = bo; i < n; i++, j += bStep) out[i] = a[ao + i] / b[j]; },
  reluBackward: (a, ao, b, bo, bStep, out, n) => { for (let i = 0, j = bo; i < n; i++, j += bStep) out[i] = b[j] <= 0 ? 0 : a[ao + i]; },
  // Comparisons make masks (`where(gt(x, 0), ...)`). Number(a > b) compiles without a branch:
  // `a > b ? 1 : 0` mispredicts on random signs (32k floats: 142 µs, against 57 µs).
  eq: (a, ao, b, bo, bStep, out, n) => { for (let i = 0, j = bo; i < n; i++, j += bStep) out[i] = Number(a[ao + i] === b[j]); },
  ne: (a, ao, b, bo, bStep, out, n) => { for (let i = 0, j = bo; i < n; i++, j += bStep) out[i] = Number(a[ao + i] !== b[j]); },
  lt: (a, ao, b, bo, bStep, out, n) => { for (let i = 0, j = bo; i < n; i++, j += bStep) out[i] = Number(a[ao + i] < b[j]); },
  le: (a, ao, b, bo, bStep, out, n) => { for (let i = 0, j = bo; i < n; i++, j += bStep) out[i] = Number(a[ao + i] <= b[j]); },
  gt: (a, ao, b, bo, bStep, out, n) => { for (let i = 0, j = bo; i < n; i++, j += bStep) out[i] = Number(a[ao + i] > b[j]); },
  ge: (a, ao, b, bo, bStep, out, n) => { for (let i = 0, j = bo; i < n; i++, j += bStep) out[i] = Number(a[ao + i] >= b[j]); },
};

/** Applies `f` pairwise over two views broadcast to one shape. */
export function mapBinary(f: Binary, a: StridedView, b: StridedView, out: TypedArray, dense?: DenseLoop): void {
  const n = out.length;
  const ad = a.data;
  const bd = b.data;
  const aContiguous = isContiguousView(a.shape, a.strides);
  const bContiguous = isContiguousView(b.shape, b.strides);
  if (dense && aContiguous && (bContiguous || isScalarView(b))) {
    dense(ad, a.offset, bd, b.offset, bContiguous ? 1 : 0, out, n);
    return;
  }
  if (aContiguous && bContiguous) {
    const ao = a.offset;
    const bo = b.offset;
    for (let i = 0; i < n; i++) out[i] = f(ad[ao + i], bd[bo + i]);
    return;
  }
  if (aContiguous && isScalarView(b)) {
    const ao = a.offset;
    const bv = bd[b.offset];
    for (let i = 0; i < n; i++) out[i] = f(ad[ao + i], bv);
    return;
  }
  if (isScalarView(a) && bContiguous) {
    const av = ad[a.offset];
    const bo = b.offset;
    for (let i = 0; i < n; i++) out[i] = f(av, bd[bo + i]);
    return;
  }
  const shape = a.shape;
  const last = shape.length - 1;
  const inner = last < 0 ? 1 : shape[last];
  const aStep = last < 0 ? 0 : a.strides[last];
  const bStep = last < 0 ? 0 : b.strides[last];
  const aStarts = rowStarts(shape, a.strides, a.offset);
  const bStarts = rowStarts(shape, b.strides, b.offset);
  let k = 0;
  for (let r = 0; r < aStarts.length; r++) {
    let p = aStarts[r];
    let q = bStarts[r];
    for (let i = 0; i < inner; i++, p += aStep, q += bStep) out[k++] = f(ad[p], bd[q]);
  }
}

/** leakyRelu's forward over a contiguous view: its own loop, so V8 inlines the arithmetic. */
function leakyReluDense(x: TypedArray, o: number, out: TypedArray, n: number, slope: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[o + i];
    out[i] = v >= 0 ? v : v * slope;
  }
}

// NOTE: as torch's leaky_relu_backward: `x > 0 ? grad : grad * slope`, so x = 0 (and NaN) take
// the slope, matching the slope leakyRelu's gradient has at 0.
function leakyReluBackwardDense(a: TypedArray, ao: number, b: TypedArray, bo: number, bStep: number, out: TypedArray, n: number, slope: number): void {
  for (let i = 0, j = bo; i < n; i++, j += bStep) out[i] = b[j] > 0 ? a[ao + i] : a[ao + i] * slope;
}

export const elementwiseKernels: Pick<Kernels, 'unary' | 'unaryParam' | 'binary' | 'binaryParam' | 'where'> = {
  unary: (op, x, out) => { mapUnary(UNARY[op].f, x, out, DENSE_UNARY[op]); },
  unaryParam: (op, x, out, a, b) => {
    if (op === 'leakyRelu') {
      if (isContiguousView(x.shape, x.strides)) leakyReluDense(x.data, x.offset, out, out.length, a);
      else mapUnary((v) => (v >= 0 ? v : v * a), x, out);
    }
    // NOTE: clamp propagates NaN, and min > max gives max, as torch.clamp.
    else mapUnary((v) => (v !== v ? v : Math.min(Math.max(v, a), b)), x, out);
  },
  binary: (op, a, b, out) => { mapBinary(BINARY[op].f, a, b, out, DENSE[op]); },
  binaryParam: (_op, a, b, out, slope) => {
    mapBinary((dy, x) => (x > 0 ? dy : dy * slope), a, b, out, (ad, ao, bd, bo, bStep, o, n) => {
      leakyReluBackwardDense(ad, ao, bd, bo, bStep, o, n, slope);
    });
  },
  where: (cond, a, b, out) => {
    // Dense path: contiguous condition, each branch contiguous or a scalar (relu's backward).
    const aStep = denseStep(a);
    const bStep = denseStep(b);
    if (isContiguousView(cond.shape, cond.strides) && aStep >= 0 && bStep >= 0) {
      const c = cond.data;
      const ad = a.data;
      const bd = b.data;
      for (let i = 0, co = cond.offset, p = a.offset, q = b.offset; i < out.length; i++, p += aStep, q += bStep) {
        out[i] = c[co + i] ? ad[p] : bd[q];
      }
      return;
    }
    const picked = new Uint8Array(out.length);
    mapUnary((c) => (c ? 1 : 0), cond, picked);
    const fromA = out.slice();
    const fromB = out.slice();
    mapUnary((v) => v, a, fromA);
    mapUnary((v) => v, b, fromB);
    for (let i = 0; i < out.length; i++) out[i] = picked[i] ? fromA[i] : fromB[i];
  },
};

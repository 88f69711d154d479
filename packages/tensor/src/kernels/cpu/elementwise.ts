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

/**
 * One line per op: the scalar function the kernel factory loops over. These keys are the
 * `UnaryOp` union, so a row here is all a new element-wise kernel needs in the registry.
 */
export const UNARY = {
  neg: (x) => -x,
  abs: Math.abs,
  exp: Math.exp,
  log: Math.log,
  log1p: Math.log1p,
  expm1: Math.expm1,
  sqrt: Math.sqrt,
  rsqrt: (x) => 1 / Math.sqrt(x),
  reciprocal: (x) => 1 / x,
  square: (x) => x * x,
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  // NOTE: split at 0 so exp never overflows: both branches stay in (0, 1].
  sigmoid: (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
  // NOTE: `x > 0 || x !== x` keeps NaN as NaN, as torch.relu does.
  relu: (x) => (x > 0 || x !== x ? x : 0),
  gelu: (x) => 0.5 * x * (1 + erf(x * SQRT1_2)),
  // NOTE: PyTorch's threshold of 20: above it log1p(exp(x)) == x in float32 anyway.
  softplus: (x) => (x > 20 ? x : Math.log1p(Math.exp(x))),
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : NaN),
  floor: Math.floor,
  ceil: Math.ceil,
  round: roundHalfEven,
  erf,
  // NOTE: NaN is truthy for the logical ops, as bool(nan) in PyTorch (JS treats NaN as falsy).
  logicalNot: (x) => (x === 0 ? 1 : 0),
  isNaN: (x) => (x !== x ? 1 : 0),
  isFinite: (x) => (Number.isFinite(x) ? 1 : 0),
  copy: (x) => x,
} satisfies Record<string, Unary>;

/** One line per op, as UNARY: these keys are the `BinaryOp` union. */
export const BINARY = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: (a, b) => a ** b,
  atan2: Math.atan2,
  maximum: (a, b) => (a !== a || b !== b ? NaN : a > b ? a : b),
  minimum: (a, b) => (a !== a || b !== b ? NaN : a < b ? a : b),
  eq: (a, b) => (a === b ? 1 : 0),
  ne: (a, b) => (a !== b ? 1 : 0),
  lt: (a, b) => (a < b ? 1 : 0),
  le: (a, b) => (a <= b ? 1 : 0),
  gt: (a, b) => (a > b ? 1 : 0),
  ge: (a, b) => (a >= b ? 1 : 0),
  logicalAnd: (a, b) => (a !== 0 && b !== 0 ? 1 : 0),
  logicalOr: (a, b) => (a !== 0 || b !== 0 ? 1 : 0),
  logicalXor: (a, b) => ((a !== 0) !== (b !== 0) ? 1 : 0),
  floorDivide,
  // Python's modulo: the result takes the divisor's sign, as torch.remainder.
  remainder,
} satisfies Record<string, Binary>;

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

// NOTE: the four hottest ops get their own loops (b contiguous: bStep 1, or scalar: bStep 0), so
// V8 inlines the arithmetic; a shared loop calling `f` goes megamorphic and runs ~5x slower.
const DENSE: Partial<Record<BinaryOp, DenseLoop>> = {
  add: (a, ao, b, bo, bStep, out, n) => { for (let i = 0, j = bo; i < n; i++, j += bStep) out[i] = a[ao + i] + b[j]; },
  sub: (a, ao, b, bo, bStep, out, n) => { for (let i = 0, j = bo; i < n; i++, j += bStep) out[i] = a[ao + i] - b[j]; },
  mul: (a, ao, b, bo, bStep, out, n) => { for (let i = 0, j = bo; i < n; i++, j += bStep) out[i] = a[ao + i] * b[j]; },
  div: (a, ao, b, bo, bStep, out, n) => { for (let i = 0, j = bo; i < n; i++, j += bStep) out[i] = a[ao + i] / b[j]; },
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

export const elementwiseKernels: Pick<Kernels, 'unary' | 'unaryParam' | 'binary' | 'where'> = {
  unary: (op, x, out) => { mapUnary(UNARY[op], x, out, DENSE_UNARY[op]); },
  unaryParam: (op, x, out, a, b) => {
    if (op === 'leakyRelu') mapUnary((v) => (v >= 0 ? v : v * a), x, out);
    // NOTE: clamp propagates NaN, and min > max gives max, as torch.clamp.
    else mapUnary((v) => (v !== v ? v : Math.min(Math.max(v, a), b)), x, out);
  },
  binary: (op, a, b, out) => { mapBinary(BINARY[op], a, b, out, DENSE[op]); },
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

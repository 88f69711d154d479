// Replays every case of __fixtures__/ops.json (made by __fixtures__/ops.py with torch 1.13) through
// @dl/autograd: forward outputs and the gradients of Σ sum(out · cotangent) must match PyTorch's
// in float64. Each op has a runner here named after its export, mirroring OPS in ops.py.
import * as ag from '@dl/autograd';
import type { Tensor } from '@dl/autograd';
import * as nd from '@dl/tensor';
import type { DType, NDArray, NormOrder } from '@dl/tensor';
import { expectClose } from '@dl/tensor/testing';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { callElementwise, isElementwiseCase } from './__fixtures__/elementwise-cases.js';
import { differentiableExports } from './__fixtures__/exports.js';

type Value = number | boolean | string;

interface Stored {
  dtype: DType;
  shape: number[];
  values: Value[];
}

interface Case {
  op: string;
  label: string;
  params: Params;
  inputs: Stored[];
  outputs: Stored[];
  cotangents: (Stored | null)[];
  grads: (Stored | null)[];
}

/** The union of the options ops.py passes, under @dl's names. */
interface Params {
  scalar?: number;
  scalarFirst?: boolean;
  dim?: number | number[];
  keepdim?: boolean;
  min?: number;
  max?: number;
  correction?: number;
  p?: number | string;
  shape?: number[];
  dims?: number[];
  start?: number;
  end?: number;
  step?: number;
  length?: number;
  index?: number;
  dim0?: number;
  dim1?: number;
  startDim?: number;
  endDim?: number;
  sizes?: number[];
  split?: number | number[];
  chunks?: number;
  k?: number;
  descending?: boolean;
  largest?: boolean;
  alpha?: number;
  value?: number;
  approximate?: 'none' | 'tanh';
  negativeSlope?: number;
  paddingIdx?: number;
  sparse?: boolean;
  dtype?: DType;
  kernelSize?: number | number[];
  stride?: number | number[];
  padding?: number | number[];
  dilation?: number | number[];
  groups?: number;
  countIncludePad?: boolean;
  divisorOverride?: number;
  reduction?: 'none' | 'mean' | 'sum';
}

type Runner = (xs: Tensor[], p: Params) => Tensor[];

/** `.grad`, or a row-sparse `.sparseGrad` summed into dense rows (as torch's to_dense()), or 0. */
function denseGrad(x: Tensor): NDArray {
  if (x.grad) return x.grad;
  const dense = nd.zerosLike(x.data);
  if (x.sparseGrad) nd.indexAdd_(dense, 0, x.sparseGrad.indices, x.sparseGrad.values);
  return dense;
}

// ops.json from ops.py; conv.json from conv.py (the sliding-window primitives).
const FIXTURES = ['ops.json', 'conv.json'].map((name) => new URL(`./__fixtures__/${name}`, import.meta.url));
const CASES = FIXTURES.flatMap((url) => (JSON.parse(readFileSync(url, 'utf8')) as { cases: Case[] }).cases);

function decode(value: Value): number | boolean {
  if (typeof value !== 'string') return value;
  return value === 'NaN' ? NaN : value === 'Infinity' ? Infinity : -Infinity;
}

function toNDArray({ dtype, shape, values }: Stored): NDArray {
  return nd.reshape(nd.array(values.map(decode), { dtype }), shape);
}

/** A required param; ops.py always writes it for this op. */
function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`ops.json: missing param ${what}`);
  return value;
}

const oneDim = (p: Params): number => need(p.dim, 'dim') as number;
const reduceOptions = (p: Params): { keepdim: boolean } => ({ keepdim: p.keepdim ?? false });

function withScalar(fn: (a: Tensor | number, b: Tensor | number) => Tensor): Runner {
  return ([a, b], p) => {
    if (p.scalar === undefined) return [fn(a, b)];
    return [p.scalarFirst ? fn(p.scalar, a) : fn(a, p.scalar)];
  };
}

const unary =
  (fn: (x: Tensor) => Tensor): Runner =>
  ([x]) => [fn(x)];

function extreme(fn: typeof ag.max): Runner {
  return ([x], p) => {
    if (p.dim === undefined) return [fn(x)];
    const { values, indices } = fn(x, oneDim(p), reduceOptions(p));
    return [values, indices];
  };
}

function normOrder(p: Params): NormOrder {
  if (p.p === 'Infinity') return Infinity;
  if (p.p === '-Infinity') return -Infinity;
  return (p.p ?? 2) as NormOrder;
}

const RUNNERS: Partial<Record<string, Runner>> = {
  // element-wise
  add: withScalar(ag.add),
  sub: withScalar(ag.sub),
  mul: withScalar(ag.mul),
  div: withScalar(ag.div),
  pow: withScalar(ag.pow),
  maximum: withScalar(ag.maximum),
  minimum: withScalar(ag.minimum),
  neg: unary(ag.neg),
  exp: unary(ag.exp),
  log: unary(ag.log),
  log1p: unary(ag.log1p),
  expm1: unary(ag.expm1),
  sqrt: unary(ag.sqrt),
  sin: unary(ag.sin),
  cos: unary(ag.cos),
  tanh: unary(ag.tanh),
  sigmoid: unary(ag.sigmoid),
  relu: unary(ag.relu),
  abs: unary(ag.abs),
  erf: unary(ag.erf),
  clamp: ([x], p) => [ag.clamp(x, { min: p.min, max: p.max })],
  where: ([condition, a, ...b], p) => [ag.where(condition, a, b[0] ?? need(p.scalar, 'scalar'))],
  // reductions
  sum: ([x], p) => [ag.sum(x, p.dim, reduceOptions(p))],
  prod: ([x], p) => [ag.prod(x, p.dim, reduceOptions(p))],
  cumsum: ([x], p) => [ag.cumsum(x, oneDim(p))],
  logsumexp: ([x], p) => [ag.logsumexp(x, p.dim, reduceOptions(p))],
  amax: ([x], p) => [ag.amax(x, p.dim, reduceOptions(p))],
  amin: ([x], p) => [ag.amin(x, p.dim, reduceOptions(p))],
  softmax: ([x], p) => [ag.softmax(x, oneDim(p))],
  logSoftmax: ([x], p) => [ag.logSoftmax(x, oneDim(p))],
  softmaxCrossEntropy: ([x, labels], p) => [ag.softmaxCrossEntropy(x, labels, need(p.reduction, 'reduction'))],
  max: extreme(ag.max),
  min: extreme(ag.min),
  mean: ([x], p) => [ag.mean(x, p.dim, reduceOptions(p))],
  variance: ([x], p) => [ag.variance(x, p.dim, { ...reduceOptions(p), correction: p.correction })],
  var: ([x], p) => [ag.var(x, p.dim, { ...reduceOptions(p), correction: p.correction })],
  std: ([x], p) => [ag.std(x, p.dim, { ...reduceOptions(p), correction: p.correction })],
  norm: ([x], p) => [ag.norm(x, normOrder(p), p.dim, reduceOptions(p))],
  // matmul
  matmul: ([a, b]) => [ag.matmul(a, b)],
  linear: ([x, weight, ...bias]) => [ag.linear(x, weight, bias.at(0) ?? null)],
  dot: ([a, b]) => [ag.dot(a, b)],
  outer: ([a, b]) => [ag.outer(a, b)],
  bmm: ([a, b]) => [ag.bmm(a, b)],
  // views and joining
  reshape: ([x], p) => [ag.reshape(x, need(p.shape, 'shape'))],
  view: ([x], p) => [ag.view(x, need(p.shape, 'shape'))],
  permute: ([x], p) => [ag.permute(x, need(p.dims, 'dims'))],
  expand: ([x], p) => [ag.expand(x, need(p.shape, 'shape'))],
  slice: ([x], p) => [ag.slice(x, oneDim(p), { start: p.start, end: p.end, step: p.step })],
  cat: (xs, p) => [ag.cat(xs, p.dim as number | undefined)],
  stack: (xs, p) => [ag.stack(xs, p.dim as number | undefined)],
  split: ([x], p) => ag.split(x, need(p.split, 'split'), p.dim as number | undefined),
  chunk: ([x], p) => ag.chunk(x, need(p.chunks, 'chunks'), p.dim as number | undefined),
  clone: unary(ag.clone),
  astype: ([x], p) => [ag.astype(x, need(p.dtype, 'dtype'))],
  contiguous: unary(ag.contiguous),
  transpose: ([x], p) => [ag.transpose(x, need(p.dim0, 'dim0'), need(p.dim1, 'dim1'))],
  T: unary(ag.T),
  mT: unary(ag.mT),
  squeeze: ([x], p) => [ag.squeeze(x, p.dim)],
  unsqueeze: ([x], p) => [ag.unsqueeze(x, oneDim(p))],
  flatten: ([x], p) => [ag.flatten(x, p.startDim, p.endDim)],
  unflatten: ([x], p) => [ag.unflatten(x, oneDim(p), need(p.sizes, 'sizes'))],
  narrow: ([x], p) => [ag.narrow(x, oneDim(p), need(p.start, 'start'), need(p.length, 'length'))],
  select: ([x], p) => [ag.select(x, oneDim(p), need(p.index, 'index'))],
  // indexing
  indexSelect: ([x, index], p) => [ag.indexSelect(x, oneDim(p), index)],
  gather: ([x, index], p) => [ag.gather(x, oneDim(p), index)],
  scatter: ([x, index, ...src], p) => [
    ag.scatter(x, oneDim(p), index, src[0] ?? need(p.value, 'value')),
  ],
  scatterAdd: ([x, index, src], p) => [ag.scatterAdd(x, oneDim(p), index, src)],
  indexAdd: ([x, index, source], p) => [
    ag.indexAdd(x, oneDim(p), index, source, { alpha: p.alpha }),
  ],
  take: ([x, index]) => [ag.take(x, index)],
  maskedFill: ([x, mask, ...value], p) => [
    ag.maskedFill(x, mask, value[0] ?? need(p.value, 'value')),
  ],
  maskedSelect: ([x, mask]) => [ag.maskedSelect(x, mask)],
  embedding: ([weight, index], p) => [
    ag.embedding(weight, index, { paddingIdx: p.paddingIdx, sparse: p.sparse }),
  ],
  sort: ([x], p) => {
    const { values, indices } = ag.sort(x, p.dim as number | undefined, {
      descending: p.descending,
    });
    return [values, indices];
  },
  topk: ([x], p) => {
    const { values, indices } = ag.topk(x, need(p.k, 'k'), p.dim as number | undefined, {
      largest: p.largest,
    });
    return [values, indices];
  },
  // sliding windows
  conv2d: ([x, weight, ...bias], p) => [
    ag.conv2d(x, weight, bias.at(0) ?? null, { stride: p.stride, padding: p.padding, dilation: p.dilation, groups: p.groups }),
  ],
  maxPool2d: ([x], p) => [
    ag.maxPool2d(x, need(p.kernelSize, 'kernelSize'), { stride: p.stride, padding: p.padding, dilation: p.dilation }),
  ],
  avgPool2d: ([x], p) => [
    ag.avgPool2d(x, need(p.kernelSize, 'kernelSize'), {
      stride: p.stride,
      padding: p.padding,
      countIncludePad: p.countIncludePad,
      divisorOverride: p.divisorOverride,
    }),
  ],
  // composites
  square: unary(ag.square),
  reciprocal: unary(ag.reciprocal),
  rsqrt: unary(ag.rsqrt),
  softplus: unary(ag.softplus),
  logSigmoid: unary(ag.logSigmoid),
  gelu: ([x], p) => [ag.gelu(x, { approximate: p.approximate })],
  silu: unary(ag.silu),
  leakyRelu: ([x], p) => [ag.leakyRelu(x, p.negativeSlope)],
  elu: ([x], p) => [ag.elu(x, p.alpha)],
};

// float64 both sides; what is left is the order of summation inside kernels.
const TOLERANCE = { atol: 1e-10, rtol: 1e-10 };

/** expectClose, with the failing output or gradient named in the message. */
function close(what: string, actual: NDArray, expected: NDArray): void {
  try {
    expectClose(actual, expected, TOLERANCE);
  } catch (error) {
    throw new Error(`${what}: ${(error as Error).message}`);
  }
}

describe('PyTorch parity', () => {
  it('has fixture cases for every exported differentiable op', () => {
    const covered = new Set(CASES.map((c) => c.op));
    expect(differentiableExports().filter((name) => !covered.has(name))).toEqual([]);
  });

  it('has a runner for every fixture op, and no runner without cases', () => {
    const covered = new Set(CASES.map((c) => c.op));
    // An op registered with `elementwise(...)` in ops.py runs through its export, with no runner here.
    expect([...covered].filter((op) => !(op in RUNNERS) && !isElementwiseCase(op))).toEqual([]);
    expect(Object.keys(RUNNERS).filter((op) => !covered.has(op))).toEqual([]);
  });
});

const byOp = new Map<string, Case[]>();
for (const c of CASES) byOp.set(c.op, [...(byOp.get(c.op) ?? []), c]);

describe.each([...byOp])('%s', (op, cases) => {
  it.each(cases.map((c) => [c.label, c] as const))('matches PyTorch: %s', (_, c) => {
    const run: Runner =
      RUNNERS[op] ?? ((xs, p) => [callElementwise(op, xs, p as Record<string, unknown>)]);
    const inputs = c.inputs.map((stored) =>
      ag.tensor(toNDArray(stored), { requiresGrad: stored.dtype === 'float64' }),
    );
    const outputs = run(inputs, c.params);
    expect(outputs.length, 'number of outputs').toBe(c.outputs.length);
    outputs.forEach((out, i) => {
      const expected = toNDArray(c.outputs[i]);
      expect(out.dtype, `dtype of output ${i}`).toBe(expected.dtype);
      close(`output ${i}`, out.data, expected);
    });
    outputs.forEach((out, i) => {
      const cotangent = c.cotangents[i];
      if (cotangent && out.requiresGrad) out.backward(toNDArray(cotangent), { retainGraph: true });
    });
    inputs.forEach((x, i) => {
      const expected = c.grads[i];
      if (!expected) return;
      close(`gradient of input ${i}`, denseGrad(x), toNDArray(expected));
    });
  });
});

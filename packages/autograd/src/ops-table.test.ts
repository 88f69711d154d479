// One row per differentiable op exported from @dl/autograd, each run through gradcheck in
// float64, once with contiguous inputs and once with non-contiguous ones (the last two dims
// transposed, or a step-2 slice for 1-d). The export list is read at runtime: an exported
// function that is neither a row here nor listed in __fixtures__/exports.ts fails the suite.
import * as ag from '@dl/autograd';
import type { Tensor } from '@dl/autograd';
import { gradcheck } from '@dl/autograd/testing';
import * as nd from '@dl/tensor';
import { Generator, type NDArray } from '@dl/tensor';
import { describe, expect, it } from 'vitest';
import {
  FIXTURE_CASES,
  callElementwise,
  fromStored,
  isElementwiseCase,
} from './__fixtures__/elementwise-cases.js';
import { CONSTANT_OPS, NOT_OPS, differentiableExports } from './__fixtures__/exports.js';

/**
 * Where an input's values are drawn from, to stay clear of points where the op has no
 * derivative (finite differences straddling a kink disagree with any subgradient):
 * real: N(0, 1); positive: |N| + 0.5 (sqrt, log, pow base); nonzero: N ± 0.5 (abs, relu, 1/x).
 */
type Domain = 'real' | 'positive' | 'nonzero';

interface InputSpec {
  readonly shape: readonly number[];
  readonly domain: Domain;
  /** Fixed values (PyTorch's fixture inputs) instead of a draw from `domain`. */
  readonly values?: NDArray;
}

interface Case {
  readonly label: string;
  readonly inputs: readonly InputSpec[];
  readonly fn: (...xs: Tensor[]) => Tensor;
  /** False for an op that needs a viewable layout (view): it runs on contiguous inputs only. */
  readonly strided?: boolean;
}

type Shape = readonly number[];
type Spec = Shape | InputSpec;

const positive = (shape: Shape): InputSpec => ({ shape, domain: 'positive' });
const nonzero = (shape: Shape): InputSpec => ({ shape, domain: 'nonzero' });
const spec = (input: Spec): InputSpec =>
  'domain' in input ? input : { shape: input, domain: 'real' };

function row(label: string, fn: (...xs: Tensor[]) => Tensor, ...inputs: Spec[]): Case {
  return { label, inputs: inputs.map(spec), fn };
}

/** A row for an op that needs a viewable layout (view): contiguous inputs only. */
const contiguousRow = (label: string, fn: (x: Tensor) => Tensor, input: Spec): Case => ({
  ...row(label, fn, input),
  strided: false,
});

/** An int32 index from row-major values, so a matrix stays one line. */
const int32 = (values: number[], shape = [values.length]): NDArray =>
  nd.reshape(nd.array(values, { dtype: 'int32' }), shape);
/** Several outputs (split, chunk) as one tensor, so one gradcheck sees them all. */
const joined = (parts: readonly Tensor[]): Tensor => ag.cat(parts.map((p) => ag.reshape(p, [-1])));

const MASK = nd.ne(int32([1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 0, 0], [3, 4]), 0);
const ROW_MASK = nd.array([true, false, false, true], { dtype: 'bool' });

// The element-wise unary ops share their cases: a matrix, a 3-d tensor and a 0-d tensor.
function unary(fn: (x: Tensor) => Tensor, domain: Domain = 'real'): Case[] {
  return [
    row('[3, 4]', fn, { shape: [3, 4], domain }),
    row('[2, 3, 2]', fn, { shape: [2, 3, 2], domain }),
    row('0-d', fn, { shape: [], domain }),
  ];
}

// The broadcasting binary ops share theirs; `left` and `right` are the operands' domains.
function binary(fn: (a: Tensor, b: Tensor) => Tensor, left: Domain, right: Domain): Case[] {
  const pair = (label: string, a: Shape, b: Shape): Case =>
    row(label, fn, { shape: a, domain: left }, { shape: b, domain: right });
  return [
    pair('[3, 4] and [3, 4]', [3, 4], [3, 4]),
    pair('[2, 3, 4] and [4] (broadcast)', [2, 3, 4], [4]),
    pair('[3, 1] and [1, 4] (both broadcast)', [3, 1], [1, 4]),
    pair('0-d and [3]', [], [3]),
  ];
}

const matmulRow = (a: Shape, b: Shape, note = ''): Case =>
  row(`[${a.join(', ')}] @ [${b.join(', ')}]${note}`, ag.matmul, a, b);

/** The table: export name -> cases, in the order of index.ts. */
const TABLE: Record<string, readonly Case[]> = {
  // element-wise primitives
  add: [...binary(ag.add, 'real', 'real'), row('tensor + 2.5', (x) => ag.add(x, 2.5), [3, 4])],
  sub: [...binary(ag.sub, 'real', 'real'), row('1 - tensor', (x) => ag.sub(1, x), [3, 4])],
  mul: [
    ...binary(ag.mul, 'real', 'real'),
    row('x * x (one leaf twice)', (x) => ag.mul(x, x), [3, 4]),
  ],
  div: [
    ...binary(ag.div, 'real', 'nonzero'),
    row('1 / tensor', (x) => ag.div(1, x), nonzero([3, 4])),
  ],
  pow: [
    ...binary(ag.pow, 'positive', 'real'),
    row('tensor ** 3', (x) => ag.pow(x, 3), [3, 4]),
    row('tensor ** -1.5', (x) => ag.pow(x, -1.5), positive([3, 4])),
    row('2 ** tensor', (x) => ag.pow(2, x), [3, 4]),
  ],
  maximum: [
    ...binary(ag.maximum, 'real', 'real'),
    row('with 0', (x) => ag.maximum(x, 0), nonzero([3, 4])),
  ],
  minimum: [
    ...binary(ag.minimum, 'real', 'real'),
    row('with 0', (x) => ag.minimum(x, 0), nonzero([3, 4])),
  ],
  neg: unary(ag.neg),
  exp: unary(ag.exp),
  log: unary(ag.log, 'positive'),
  log1p: unary(ag.log1p, 'positive'),
  expm1: unary(ag.expm1),
  sqrt: unary(ag.sqrt, 'positive'),
  sin: unary(ag.sin),
  cos: unary(ag.cos),
  tanh: unary(ag.tanh),
  sigmoid: unary(ag.sigmoid),
  relu: unary(ag.relu, 'nonzero'),
  abs: unary(ag.abs, 'nonzero'),
  erf: unary(ag.erf),
  clamp: [
    row('min -0.5, max 0.5', (x) => ag.clamp(x, { min: -0.5, max: 0.5 }), [3, 4]),
    row('min 0 only', (x) => ag.clamp(x, { min: 0 }), nonzero([2, 3, 2])),
    row('max 0.3 only', (x) => ag.clamp(x, { max: 0.3 }), [5]),
  ],
  where: [
    row('mask [3, 4], both [3, 4]', (a, b) => ag.where(MASK, a, b), [3, 4], [3, 4]),
    row('mask [3, 4], a [4], b 0-d (broadcast)', (a, b) => ag.where(MASK, a, b), [4], []),
    row('mask [3, 4], a [3, 1], b scalar', (a) => ag.where(MASK, a, 0.5), [3, 1]),
  ],

  // reductions and softmax
  sum: [
    row('all dims', (x) => ag.sum(x), [3, 4]),
    row('dim 1', (x) => ag.sum(x, 1), [3, 4]),
    row('dim -1 keepdim', (x) => ag.sum(x, -1, { keepdim: true }), [2, 3, 4]),
    row('dims [0, -1]', (x) => ag.sum(x, [0, -1]), [2, 3, 4]),
    row('0-d', (x) => ag.sum(x), []),
  ],
  prod: [
    row('all dims', (x) => ag.prod(x), nonzero([2, 3])),
    row('dim 0 keepdim', (x) => ag.prod(x, 0, { keepdim: true }), nonzero([3, 4])),
    row('dim -1', (x) => ag.prod(x, -1), nonzero([2, 3, 2])),
  ],
  cumsum: [
    row('dim 1', (x) => ag.cumsum(x, 1), [3, 4]),
    row('dim 0', (x) => ag.cumsum(x, 0), [3, 4]),
    row('dim -1 of 3-d', (x) => ag.cumsum(x, -1), [2, 3, 4]),
  ],
  logsumexp: [
    row('all dims', (x) => ag.logsumexp(x), [3, 4]),
    row('dim -1', (x) => ag.logsumexp(x, -1), [3, 4]),
    row('dims [0, 1] keepdim', (x) => ag.logsumexp(x, [0, 1], { keepdim: true }), [2, 3, 4]),
  ],
  amax: [
    row('all dims', (x) => ag.amax(x), [3, 4]),
    row('dim 1', (x) => ag.amax(x, 1), [3, 4]),
    row('dims [0, -1] keepdim', (x) => ag.amax(x, [0, -1], { keepdim: true }), [2, 3, 4]),
  ],
  amin: [
    row('all dims', (x) => ag.amin(x), [3, 4]),
    row('dim -2 keepdim', (x) => ag.amin(x, -2, { keepdim: true }), [2, 3, 4]),
  ],
  softmax: [
    row('dim -1', (x) => ag.softmax(x, -1), [3, 4]),
    row('dim 0 of 3-d', (x) => ag.softmax(x, 0), [2, 3, 4]),
  ],
  softmaxCrossEntropy: [
    row('mean', (x) => ag.softmaxCrossEntropy(x, int32([0, 3, 1]), 'mean'), [3, 4]),
    row('sum', (x) => ag.softmaxCrossEntropy(x, int32([2, 2, 0, 1]), 'sum'), [4, 3]),
    row('none', (x) => ag.softmaxCrossEntropy(x, int32([4, 0]), 'none'), [2, 5]),
  ],
  logSoftmax: [
    row('dim -1', (x) => ag.logSoftmax(x, -1), [3, 4]),
    row('dim 1 of 3-d', (x) => ag.logSoftmax(x, 1), [2, 3, 4]),
  ],
  max: [
    row('all dims (0-d)', (x) => ag.max(x), [3, 4]),
    row('dim 1 values', (x) => ag.max(x, 1).values, [3, 4]),
    row('dim -1 keepdim values', (x) => ag.max(x, -1, { keepdim: true }).values, [2, 3, 4]),
  ],
  min: [
    row('all dims (0-d)', (x) => ag.min(x), [3, 4]),
    row('dim 0 values', (x) => ag.min(x, 0).values, [3, 4]),
    row('dim -2 keepdim values', (x) => ag.min(x, -2, { keepdim: true }).values, [2, 3, 4]),
  ],
  mean: [
    row('all dims', (x) => ag.mean(x), [3, 4]),
    row('dim 0', (x) => ag.mean(x, 0), [3, 4]),
    row('dims [-1, 0] keepdim', (x) => ag.mean(x, [-1, 0], { keepdim: true }), [2, 3, 4]),
  ],
  variance: [
    row('all dims', (x) => ag.variance(x), [3, 4]),
    row('dim 1, correction 0', (x) => ag.variance(x, 1, { correction: 0 }), [3, 4]),
    row('dim -1 keepdim', (x) => ag.variance(x, -1, { keepdim: true }), [2, 3, 4]),
  ],
  var: [row('dim 0 (alias of variance)', (x) => ag.var(x, 0), [3, 4])],
  std: [
    row('all dims', (x) => ag.std(x), [3, 4]),
    row(
      'dim 1, correction 0, keepdim',
      (x) => ag.std(x, 1, { correction: 0, keepdim: true }),
      [3, 4],
    ),
    row('dims [0, 2]', (x) => ag.std(x, [0, 2]), [2, 3, 4]),
  ],
  norm: [
    row('p 2 (default), all dims', (x) => ag.norm(x), [3, 4]),
    row('p 1, dim 1', (x) => ag.norm(x, 1, 1), nonzero([3, 4])),
    row(
      'p Infinity, dim -1 keepdim',
      (x) => ag.norm(x, Infinity, -1, { keepdim: true }),
      [2, 3, 4],
    ),
    row('p -Infinity, dim 0', (x) => ag.norm(x, -Infinity, 0), nonzero([3, 4])),
    row('p 3, dims [0, 1]', (x) => ag.norm(x, 3, [0, 1]), nonzero([2, 3, 4])),
    row('p 0.5', (x) => ag.norm(x, 0.5), nonzero([3, 4])),
    row("p 'fro'", (x) => ag.norm(x, 'fro'), [3, 4]),
  ],

  // matmul in all its forms
  matmul: [
    matmulRow([4], [4], ' (dot)'),
    matmulRow([3, 4], [4]),
    matmulRow([4], [4, 2]),
    matmulRow([3, 4], [4, 2]),
    matmulRow([2, 3, 4], [2, 4, 2], ' (batched)'),
    matmulRow([2, 1, 3, 4], [3, 4, 2], ' (broadcast batch)'),
    matmulRow([2, 3, 4], [4, 2]),
    matmulRow([4], [2, 4, 3]),
    matmulRow([2, 3, 4], [4]),
  ],
  linear: [
    row('[3, 4] by [5, 4] + [5]', (x, w, b) => ag.linear(x, w, b), [3, 4], [5, 4], [5]),
    row('[2, 3, 4] by [5, 4] (leading dims, no bias)', (x, w) => ag.linear(x, w), [2, 3, 4], [5, 4]),
    row('[4] by [5, 4] + [5] (1-d input)', (x, w, b) => ag.linear(x, w, b), [4], [5, 4], [5]),
  ],
  dot: [row('[5] . [5]', ag.dot, [5], [5])],
  outer: [row('[3] x [4]', ag.outer, [3], [4])],
  bmm: [row('[2, 3, 4] @ [2, 4, 2]', ag.bmm, [2, 3, 4], [2, 4, 2])],

  // sliding windows (x [N, C, H, W], weight [Cout, Cin / groups, kh, kw], bias [Cout])
  conv2d: [
    row('3x3, bias', (x, w, b) => ag.conv2d(x, w, b), [2, 3, 5, 6], [4, 3, 3, 3], [4]),
    row(
      'stride 2, padding 1, no bias',
      (x, w) => ag.conv2d(x, w, null, { stride: 2, padding: 1 }),
      [1, 2, 6, 5],
      [3, 2, 3, 2],
    ),
    row(
      'stride [1, 2], padding [2, 1], dilation 2',
      (x, w, b) => ag.conv2d(x, w, b, { stride: [1, 2], padding: [2, 1], dilation: 2 }),
      [1, 2, 5, 6],
      [2, 2, 2, 3],
      [2],
    ),
    row(
      'groups 2, asymmetric padding [0, 1, 1, 0]',
      (x, w, b) => ag.conv2d(x, w, b, { groups: 2, padding: [0, 1, 1, 0] }),
      [2, 4, 4, 5],
      [4, 2, 2, 2],
      [4],
    ),
  ],
  maxPool2d: [
    row('kernel 2', (x) => ag.maxPool2d(x, 2), [2, 3, 4, 6]),
    row(
      'kernel 3, stride 2, padding 1, dilation [1, 2]',
      (x) => ag.maxPool2d(x, 3, { stride: 2, padding: 1, dilation: [1, 2] }),
      [1, 2, 7, 8],
    ),
    row('overlapping windows, stride 1', (x) => ag.maxPool2d(x, [2, 3], { stride: 1 }), [1, 2, 4, 5]),
  ],
  avgPool2d: [
    row('kernel 2', (x) => ag.avgPool2d(x, 2), [2, 3, 4, 6]),
    row(
      'kernel 3, stride 2, padding 1',
      (x) => ag.avgPool2d(x, 3, { stride: 2, padding: 1 }),
      [1, 2, 7, 6],
    ),
    row(
      'padding 1, countIncludePad false',
      (x) => ag.avgPool2d(x, 2, { stride: 1, padding: 1, countIncludePad: false }),
      [1, 2, 4, 3],
    ),
    row('divisorOverride 3', (x) => ag.avgPool2d(x, [2, 3], { divisorOverride: 3 }), [1, 1, 4, 6]),
  ],

  // views, joining, indexing
  reshape: [
    row('[3, 4] -> [2, 6]', (x) => ag.reshape(x, [2, 6]), [3, 4]),
    row('[2, 3, 4] -> [-1]', (x) => ag.reshape(x, [-1]), [2, 3, 4]),
    row('[4] -> [2, 1, 2]', (x) => ag.reshape(x, [2, 1, 2]), [4]),
  ],
  permute: [
    row('[2, 3, 4] by [2, 0, 1]', (x) => ag.permute(x, [2, 0, 1]), [2, 3, 4]),
    row('negative dims [-1, -3, -2]', (x) => ag.permute(x, [-1, -3, -2]), [2, 3, 4]),
  ],
  expand: [
    row('[3, 1] -> [3, 4]', (x) => ag.expand(x, [3, 4]), [3, 1]),
    row('[4] -> [2, 3, 4]', (x) => ag.expand(x, [2, 3, 4]), [4]),
    row('[3, 1] -> [2, -1, 5]', (x) => ag.expand(x, [2, -1, 5]), [3, 1]),
  ],
  slice: [
    row('dim 1, 1:4:2', (x) => ag.slice(x, 1, { start: 1, end: 4, step: 2 }), [3, 5]),
    row('dim -1, start -3', (x) => ag.slice(x, -1, { start: -3 }), [2, 3, 4]),
    row('dim 0, end 2', (x) => ag.slice(x, 0, { end: 2 }), [3, 4]),
  ],
  cat: [
    row('two along dim 1', (a, b) => ag.cat([a, b], 1), [3, 2], [3, 4]),
    row('three along dim -1', (a, b, c) => ag.cat([a, b, c], -1), [2, 3, 1], [2, 3, 2], [2, 3, 2]),
    row('1-d along the default dim 0', (a, b) => ag.cat([a, b]), [3], [2]),
  ],
  clone: unary(ag.clone),
  astype: [row('float64 to float64', (x) => ag.astype(x, 'float64'), [3, 4])],
  view: [
    contiguousRow('[3, 4] -> [4, 3]', (x) => ag.view(x, [4, 3]), [3, 4]),
    row('[3, 4] -> [3, 4, 1] (viewable when strided)', (x) => ag.view(x, [3, 4, 1]), [3, 4]),
  ],
  transpose: [
    row('dims 0, 1', (x) => ag.transpose(x, 0, 1), [3, 4]),
    row('dims -1, 0 of 3-d', (x) => ag.transpose(x, -1, 0), [2, 3, 4]),
  ],
  T: [row('[3, 4]', ag.T, [3, 4]), row('[2, 3, 4]', ag.T, [2, 3, 4])],
  mT: [row('[2, 3, 4]', ag.mT, [2, 3, 4])],
  squeeze: [
    row('all size-1 dims', (x) => ag.squeeze(x), [3, 1, 2, 1]),
    row('dim -1', (x) => ag.squeeze(x, -1), [3, 1, 2, 1]),
    row('dims [1, 3]', (x) => ag.squeeze(x, [1, 3]), [3, 1, 2, 1]),
  ],
  unsqueeze: [
    row('dim 0', (x) => ag.unsqueeze(x, 0), [3, 4]),
    row('dim -1', (x) => ag.unsqueeze(x, -1), [3, 4]),
  ],
  flatten: [
    row('all dims', (x) => ag.flatten(x), [2, 3, 4]),
    row('dims 1..-1', (x) => ag.flatten(x, 1), [2, 3, 4]),
  ],
  unflatten: [row('dim -1 into [2, 2]', (x) => ag.unflatten(x, -1, [2, 2]), [3, 4])],
  narrow: [
    row('dim 1, start 1, length 2', (x) => ag.narrow(x, 1, 1, 2), [3, 4]),
    row('dim -1, start -2, length 2', (x) => ag.narrow(x, -1, -2, 2), [2, 3, 4]),
  ],
  select: [
    row('dim 0, index 1', (x) => ag.select(x, 0, 1), [3, 4]),
    row('dim -1, index -1', (x) => ag.select(x, -1, -1), [2, 3, 4]),
  ],
  stack: [
    row('two along dim 0', (a, b) => ag.stack([a, b]), [3, 4], [3, 4]),
    row('three along dim -1', (a, b, c) => ag.stack([a, b, c], -1), [3, 2], [3, 2], [3, 2]),
  ],
  split: [
    row('size 2 along dim 1', (x) => joined(ag.split(x, 2, 1)), [3, 5]),
    row('sections [1, 2] along dim -2', (x) => joined(ag.split(x, [1, 2], -2)), [2, 3, 4]),
  ],
  chunk: [row('3 chunks along dim 0', (x) => joined(ag.chunk(x, 3)), [5, 2])],
  contiguous: unary(ag.contiguous),
  indexSelect: [
    row('dim 0, repeated index', (x) => ag.indexSelect(x, 0, int32([2, 0, 2, 3])), [4, 3]),
    row('dim -1', (x) => ag.indexSelect(x, -1, int32([3, 1])), [2, 3, 4]),
  ],
  gather: [
    row('dim 1', (x) => ag.gather(x, 1, int32([0, 0, 3, 1, 2, 2], [3, 2])), [3, 4]),
    row('dim 0', (x) => ag.gather(x, 0, int32([2, 1, 0, 0, 1, 1, 2, 0], [2, 4])), [3, 4]),
  ],
  scatter: [
    row(
      'src tensor, dim 1',
      (x, src) => ag.scatter(x, 1, int32([0, 3, 2, 1, 1, 0], [3, 2]), src),
      [3, 4],
      [3, 2],
    ),
    row('scalar src, dim 0', (x) => ag.scatter(x, 0, int32([2, 0, 1, 1], [1, 4]), 0.5), [3, 4]),
  ],
  scatterAdd: [
    row(
      'repeated index, dim 1',
      (x, src) => ag.scatterAdd(x, 1, int32([0, 0, 3, 2, 1, 2, 1, 1, 1], [3, 3]), src),
      [3, 4],
      [3, 3],
    ),
    row(
      'src larger than index, dim 0',
      (x, src) => ag.scatterAdd(x, 0, int32([2, 0, 1, 2], [1, 4]), src),
      [3, 4],
      [3, 4],
    ),
  ],
  indexAdd: [
    row('dim 0, repeated index', (x, y) => ag.indexAdd(x, 0, int32([1, 3, 1]), y), [4, 3], [3, 3]),
    row(
      'dim -1, alpha 0.5',
      (x, y) => ag.indexAdd(x, -1, int32([0, 2]), y, { alpha: 0.5 }),
      [3, 4],
      [3, 2],
    ),
  ],
  take: [
    row('repeated and negative index', (x) => ag.take(x, int32([0, -1, 5, 5], [2, 2])), [3, 4]),
  ],
  // NOTE: no paddingIdx or sparse row: by design their weight gradient is not the derivative
  // (padding rows get none; sparse lands in sparseGrad); pytorch-parity.test.ts covers both.
  embedding: [
    row('[5, 3] at [4, 0, 4]', (w) => ag.embedding(w, int32([4, 0, 4])), [5, 3]),
    row(
      '[4, 2] at a [2, 3] index',
      (w) => ag.embedding(w, int32([0, 3, 1, 1, 2, 0], [2, 3])),
      [4, 2],
    ),
  ],
  maskedFill: [
    row('number value', (x) => ag.maskedFill(x, MASK, -2), [3, 4]),
    row(
      '0-d tensor value (gets gradient)',
      (x, value) => ag.maskedFill(x, MASK, value),
      [3, 4],
      [],
    ),
    row('broadcast mask [4]', (x) => ag.maskedFill(x, ROW_MASK, 0), [2, 3, 4]),
  ],
  maskedSelect: [
    row('[3, 4]', (x) => ag.maskedSelect(x, MASK), [3, 4]),
    row('broadcast input [4]', (x) => ag.maskedSelect(x, MASK), [4]),
  ],
  sort: [
    row('dim -1 values', (x) => ag.sort(x).values, [3, 4]),
    row('dim 0 descending values', (x) => ag.sort(x, 0, { descending: true }).values, [3, 4]),
  ],
  topk: [
    row('k 2, dim -1 values', (x) => ag.topk(x, 2).values, [3, 4]),
    row('k 2, dim 0, smallest', (x) => ag.topk(x, 2, 0, { largest: false }).values, [3, 4]),
  ],

  // composites
  square: unary(ag.square),
  reciprocal: unary(ag.reciprocal, 'nonzero'),
  rsqrt: unary(ag.rsqrt, 'positive'),
  softplus: unary(ag.softplus),
  logSigmoid: unary(ag.logSigmoid),
  gelu: [
    ...unary(ag.gelu),
    row("approximate 'tanh'", (x) => ag.gelu(x, { approximate: 'tanh' }), [3, 4]),
  ],
  silu: unary(ag.silu),
  leakyRelu: [
    ...unary(ag.leakyRelu, 'nonzero'),
    row('slope 0.2', (x) => ag.leakyRelu(x, 0.2), nonzero([3, 4])),
  ],
  elu: [...unary(ag.elu, 'nonzero'), row('alpha 1.5', (x) => ag.elu(x, 1.5), nonzero([3, 4]))],
};

/** FNV-1a of the case name: a stable seed per case, so adding a row changes no other row's inputs. */
function seedOf(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++)
    hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

function drawn(shape: Shape, domain: Domain, generator: Generator): NDArray {
  const x = nd.randn(shape, { dtype: 'float64', generator });
  if (domain === 'positive') return nd.add(nd.abs(x), 0.5);
  // NOTE: sign(0) = 0 would leave an exact 0, but randn never draws one in float64.
  if (domain === 'nonzero') return nd.add(x, nd.mul(nd.sign(x), 0.5));
  return x;
}

/**
 * A float64 leaf that requires grad. Strided: the values live in memory as the transpose of
 * the last two dims (or every other element, for 1-d), and the leaf is a view onto them.
 */
function makeLeaf({ shape, domain, values }: InputSpec, generator: Generator, strided: boolean): Tensor {
  if (values) return ag.tensor(stridedCopy(values, strided), { requiresGrad: true });
  if (!strided || shape.length === 0)
    return ag.tensor(drawn(shape, domain, generator), { requiresGrad: true });
  if (shape.length === 1) {
    const storage = drawn([2 * shape[0]], domain, generator);
    return ag.tensor(nd.slice(storage, 0, { step: 2 }), { requiresGrad: true });
  }
  const swapped = [...shape.slice(0, -2), shape[shape.length - 1], shape[shape.length - 2]];
  return ag.tensor(nd.mT(drawn(swapped, domain, generator)), { requiresGrad: true });
}

/** The same values, laid out as makeLeaf lays out strided draws when `strided`. */
function stridedCopy(x: NDArray, strided: boolean): NDArray {
  if (!strided || x.ndim === 0) return x;
  if (x.ndim === 1) {
    const view = nd.slice(nd.zeros([2 * x.shape[0]], { dtype: x.dtype }), 0, { step: 2 });
    return nd.copy_(view, x);
  }
  return nd.mT(nd.contiguous(nd.mT(x)));
}

/** Whether the strided layout really is non-contiguous (size-1 dims have no meaningful stride). */
function canStride(shape: Shape): boolean {
  if (shape.length === 1) return shape[0] > 1;
  return shape.length >= 2 && shape[shape.length - 1] > 1 && shape[shape.length - 2] > 1;
}

/**
 * Rows derived from __fixtures__/ops.json for the element-wise ops that ops.py registers with one
 * `elementwise(...)` line and that have no row above: gradcheck at PyTorch's own inputs.
 */
const DERIVED: Record<string, readonly Case[]> = {};
for (const c of FIXTURE_CASES) {
  if (c.op in TABLE || !isElementwiseCase(c.op)) continue;
  const inputs = c.inputs.map((x): InputSpec => ({ shape: x.shape, domain: 'real', values: fromStored(x) }));
  const fn = (...xs: Tensor[]): Tensor => callElementwise(c.op, xs, c.params);
  DERIVED[c.op] = [...(DERIVED[c.op] ?? []), { label: c.label, inputs, fn }];
}

describe('ops table', () => {
  it('has a row for every exported differentiable op', () => {
    const missing = differentiableExports().filter((name) => !(name in TABLE) && !(name in DERIVED));
    expect(
      missing,
      'exported ops with no gradcheck row (add a row to TABLE, or list the export in __fixtures__/exports.ts with a reason)',
    ).toEqual([]);
  });

  it('lists only real exports, each in one place', () => {
    const exported = new Set(Object.keys(ag));
    const listed = [...Object.keys(TABLE), ...Object.keys(NOT_OPS), ...Object.keys(CONSTANT_OPS)];
    expect(listed.filter((name) => !exported.has(name))).toEqual([]);
    expect(listed.filter((name, i) => listed.indexOf(name) !== i)).toEqual([]);
  });

  it.each(Object.entries(CONSTANT_OPS))(
    '%s is a constant: its result never requires grad',
    (_, probe) => {
      const x = ag.tensor(nd.randn([3, 4], { dtype: 'float64', generator: new Generator(1) }), {
        requiresGrad: true,
      });
      const result = probe(x);
      expect(result.requiresGrad).toBe(false);
      expect(result.gradFn).toBeNull();
    },
  );
});

describe.each(Object.entries({ ...TABLE, ...DERIVED }))('%s', (name, cases) => {
  for (const { label, inputs, fn, strided = true } of cases) {
    const layouts =
      strided && inputs.some((input) => canStride(input.shape)) ? [false, true] : [false];
    for (const isStrided of layouts) {
      const title = `${label}${isStrided ? ', non-contiguous inputs' : ''}`;
      it(`passes gradcheck: ${title}`, () => {
        const generator = new Generator(seedOf(`${name}: ${label}`));
        const leaves = inputs.map((input) => makeLeaf(input, generator, isStrided));
        const stillContiguous = leaves.filter(
          (x) => isStrided && canStride(x.shape) && x.data.isContiguous(),
        );
        expect(stillContiguous, 'strided leaves laid out contiguously').toEqual([]);
        const out = fn(...leaves);
        expect(out.requiresGrad).toBe(true);
        gradcheck(fn, leaves);
      });
    }
  }
});

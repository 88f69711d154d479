// Reads optim.json (made by optim.py with PyTorch 1.13) and replays its cases through @dl/optim.
import { readFileSync } from 'node:fs';
import { array, zeros, type DType, type NDArray, type NestedArray } from '@dl/tensor';
import { tensor, type Tensor } from '@dl/autograd';
import { Adagrad, Adam, AdamW, RMSprop, SGD, SparseAdam, setSparseGrad, type AnyOptimizer, type Params } from '../index.js';
import { CosineAnnealingLR, ExponentialLR, LambdaLR, LinearLR, MultiStepLR, OneCycleLR, ReduceLROnPlateau, StepLR } from '../index.js';

export const DTYPES = ['float32', 'float64'] as const;
/** How close @dl must come to PyTorch: float32 rounds differently op by op, float64 barely. */
export const TOLERANCE = { float32: { atol: 1e-6, rtol: 1e-6 }, float64: { atol: 1e-10, rtol: 1e-10 } } as const;

type Values = Record<string, NestedArray>;
type Options = Record<string, unknown>;

export interface OptimizerCase {
  name: string;
  optimizer: string;
  options: Options;
  groups?: ({ params: string[] } & Options)[];
  emptyAsNone?: boolean;
  expected: Record<(typeof DTYPES)[number], NestedArray[]>;
}

interface DenseCase extends Omit<OptimizerCase, 'expected'> {
  expected: Record<(typeof DTYPES)[number], Values[]>;
}

export interface SchedulerCase {
  name: string;
  scheduler: string;
  optimizer: 'SGD' | 'Adam';
  options: Options;
  lrs: number[][];
  momentums?: number[][];
}

interface ClipNormCase {
  dtype: DType;
  normType: number | 'inf';
  maxNorm: number;
  total: number;
  grads: Values;
}

interface Fixture {
  params: Values;
  grads: Values[];
  dense: DenseCase[];
  sparse: { table: NestedArray; steps: { indices: number[]; values: NestedArray }[]; cases: OptimizerCase[] };
  schedulers: { metrics: number[]; cases: SchedulerCase[] };
  clip: { grads: Values; norm: ClipNormCase[]; value: { dtype: DType; clipValue: number; grads: Values }[] };
}

export const fixture = JSON.parse(readFileSync(new URL('optim.json', import.meta.url), 'utf8')) as Fixture;

/** The optimizer `name` over `params` (tensors or groups), as optim.py builds it. */
export function makeOptimizer(name: string, params: Params<object>, options: Options): AnyOptimizer {
  const makers: Partial<Record<string, typeof SGD>> = { SGD, Adam, AdamW, RMSprop, Adagrad, SparseAdam } as never;
  const make = makers[name];
  if (make === undefined) throw new Error(`no optimizer ${name}`);
  return new make(params as Params<never>, options);
}

/** The fixture's dense parameters as fresh leaf tensors of `dtype`. */
export function denseParams(dtype: DType): Record<string, Tensor> {
  return Object.fromEntries(Object.entries(fixture.params).map(([name, values]) => [name, tensor(array(values, { dtype }), { requiresGrad: true })]));
}

/** Gives each tensor of `params` the fixture's gradient of step `k`. */
export function setDenseGrads(params: Record<string, Tensor>, k: number, dtype: DType): void {
  for (const [name, param] of Object.entries(params)) param.grad = array((fixture.grads[k])[name], { dtype });
}

function paramsOf(testCase: Omit<OptimizerCase, 'expected'>, params: Record<string, Tensor>): Params<object> {
  if (testCase.groups === undefined) return Object.values(params);
  return testCase.groups.map((group) => ({ ...group, params: group.params.map((name) => params[name]) }));
}

/** The dense cases of `optimizer` in optim.json. */
export function denseCases(optimizer: string): DenseCase[] {
  return fixture.dense.filter((c) => c.optimizer === optimizer);
}

/** The sparse (Embedding table) cases of `optimizer` in optim.json. */
export function sparseCases(optimizer: string): OptimizerCase[] {
  return fixture.sparse.cases.filter((c) => c.optimizer === optimizer);
}

const flat = (values: NestedArray): number[] => (Array.isArray(values) ? values.flatMap(flat) : [values]);

/** What a replayed case gives: @dl's parameters after every step and PyTorch's, flattened. */
export interface Replay {
  actual: number[];
  expected: number[];
}

/** Runs a dense case for 5 steps in `dtype`, collecting every step's parameters beside PyTorch's. */
export function replayDense(testCase: DenseCase, dtype: (typeof DTYPES)[number]): Replay {
  const params = denseParams(dtype);
  const optimizer = makeOptimizer(testCase.optimizer, paramsOf(testCase, params), testCase.options);
  const replay: Replay = { actual: [], expected: [] };
  testCase.expected[dtype].forEach((expected, k) => {
    setDenseGrads(params, k, dtype);
    optimizer.step();
    for (const [name, param] of Object.entries(params)) {
      replay.actual.push(...flat(param.toArray()));
      replay.expected.push(...flat(expected[name] ?? []));
    }
  });
  return replay;
}

/** The sparse gradient of step `k` of the fixture (null for a row-less step when `emptyAsNone`). */
export function sparseStep(k: number, dtype: DType, emptyAsNone = false): { indices: NDArray; values: NDArray } | null {
  const step = fixture.sparse.steps[k] as Fixture['sparse']['steps'][number] | undefined;
  if (step === undefined) throw new Error(`no sparse step ${k}`);
  if (step.indices.length === 0) return emptyAsNone ? null : { indices: array([], { dtype: 'int32' }), values: zeros([0, 3], { dtype }) };
  return { indices: array(step.indices, { dtype: 'int32' }), values: array(step.values, { dtype }) };
}

/** Runs a sparse case on the fixture's [6, 3] table, collecting every step beside PyTorch's. */
export function replaySparse(testCase: OptimizerCase, dtype: (typeof DTYPES)[number]): Replay {
  const table = tensor(array(fixture.sparse.table, { dtype }), { requiresGrad: true });
  const optimizer = makeOptimizer(testCase.optimizer, [table], testCase.options);
  const replay: Replay = { actual: [], expected: [] };
  testCase.expected[dtype].forEach((expected, k) => {
    setSparseGrad(table, sparseStep(k, dtype, testCase.emptyAsNone));
    optimizer.step();
    replay.actual.push(...flat(table.toArray()));
    replay.expected.push(...flat(expected));
  });
  return replay;
}

/** LambdaLR's per-group factors, as optim.py's LAMBDAS. */
export const LAMBDAS = [(epoch: number): number => 0.95 ** epoch, (epoch: number): number => 1 / (epoch + 1)];

/** The scheduler case `name` of optim.json. */
export function schedulerCase(name: string): SchedulerCase {
  const found = fixture.schedulers.cases.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no scheduler case ${name}: rerun __fixtures__/optim.py`);
  return found;
}

/** The groups' momentum (SGD) or beta1 (Adam). */
function momentums(optimizer: AnyOptimizer): number[] {
  return optimizer.paramGroups.map((group) => {
    const g = group as { momentum?: number; betas?: readonly number[] };
    return g.betas?.[0] ?? g.momentum ?? Number.NaN;
  });
}

/** The scheduler case `name`'s run: lrs (and momentums) after construction and after each of 10 steps. */
export function runScheduler(testCase: SchedulerCase): { lrs: number[][]; momentums: number[][] } {
  const params = [tensor([0, 0], { requiresGrad: true }), tensor([0, 0], { requiresGrad: true })];
  const groups = [{ params: [params[0]] }, { params: [params[1]], lr: 0.01 }];
  const optimizer = testCase.optimizer === 'SGD' ? new SGD(groups, { lr: 0.1, momentum: 0.9 }) : new Adam(groups, { lr: 0.1 });
  const options = testCase.options as never;
  const makers: Partial<Record<string, () => { step: (metric: number) => void; getLastLr: () => number[] }>> = {
    StepLR: () => new StepLR(optimizer, options),
    MultiStepLR: () => new MultiStepLR(optimizer, options),
    ExponentialLR: () => new ExponentialLR(optimizer, options),
    LinearLR: () => new LinearLR(optimizer, options),
    CosineAnnealingLR: () => new CosineAnnealingLR(optimizer, options),
    LambdaLR: () => new LambdaLR(optimizer, LAMBDAS),
    OneCycleLR: () => new OneCycleLR(optimizer, options),
    ReduceLROnPlateau: () => new ReduceLROnPlateau(optimizer, options),
  };
  const scheduler = makers[testCase.scheduler]?.();
  if (scheduler === undefined) throw new Error(`no scheduler ${testCase.scheduler}`);
  const lrs = [scheduler.getLastLr()];
  const seen = [momentums(optimizer)];
  for (let i = 0; i < testCase.lrs.length - 1; i++) {
    optimizer.step();
    scheduler.step(fixture.schedulers.metrics[i]);
    lrs.push(scheduler.getLastLr());
    seen.push(momentums(optimizer));
  }
  return { lrs, momentums: seen };
}

/** Scheduler sequences are plain float64 arithmetic: they match PyTorch to the last bits. */
export const EXACT = { atol: 1e-12, rtol: 1e-12 } as const;

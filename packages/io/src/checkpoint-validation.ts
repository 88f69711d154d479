// Everything `loadCheckpoint` checks before it touches a target: a checkpoint that does not fit
// is rejected here, so a failed load changes nothing (issue 9).
import { formatShape, Generator, NDArray, shapesEqual } from '@dl/tensor';
import type { OptimizerStateDict, SchedulerStateDict } from '@dl/optim';
import { CheckpointError } from './errors.js';

/** @internal A target's type name (`Adam`, `StepLR`) when it has one; checkpoints store it. */
export function typeName(target: unknown): string | null {
  const name = (target as { name?: unknown } | null | undefined)?.name;
  return typeof name === 'string' ? name : null;
}

/** @internal The JSON document a checkpoint keeps in its metadata, after structural checks. */
export interface SavedState {
  epoch: number | null;
  step: number | null;
  generators: Record<string, unknown>;
  optimizer: { state: Record<string, unknown>; paramGroups: unknown[] } | null;
  optimizerType: string | null;
  scheduler: Record<string, unknown> | null;
  schedulerType: string | null;
  metadata: Record<string, unknown>;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !NDArray.isNDArray(value);

const kindOf = (value: unknown): string =>
  value === undefined ? 'missing' : value === null ? 'null' : Array.isArray(value) ? 'an array' : NDArray.isNDArray(value) ? 'an NDArray' : isRecord(value) ? 'an object' : `a ${typeof value}`;

const show = (value: unknown): string => {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 40));
  return kindOf(value);
};

/** @internal Checks the decoded JSON document's layout (not yet against any target). */
export function checkSavedState(where: string, value: unknown): SavedState {
  const fail = (detail: string): CheckpointError => new CheckpointError(`loadCheckpoint: ${where} has a malformed "dl.checkpoint.state" (${detail})`);
  if (!isRecord(value)) throw fail(`expected an object, got ${kindOf(value)}`);
  const counter = (key: 'epoch' | 'step'): number | null => {
    const entry = value[key] ?? null;
    if (entry !== null && typeof entry !== 'number') throw fail(`${key} is ${kindOf(entry)}, expected a number or null`);
    return entry;
  };
  const typeField = (key: string): string | null => {
    const entry = value[key] ?? null;
    if (entry !== null && typeof entry !== 'string') throw fail(`${key} is ${kindOf(entry)}, expected a string`);
    return entry;
  };
  const generators = value.generators;
  if (!isRecord(generators)) throw fail(`generators is ${kindOf(generators)}, expected an object`);
  const metadata = value.metadata ?? {};
  if (!isRecord(metadata)) throw fail(`metadata is ${kindOf(metadata)}, expected an object`);
  const optimizer = value.optimizer ?? null;
  if (optimizer !== null && (!isRecord(optimizer) || !isRecord(optimizer.state) || !Array.isArray(optimizer.paramGroups))) {
    throw fail('optimizer must be null or { state: {...}, paramGroups: [...] }');
  }
  const scheduler = value.scheduler ?? null;
  if (scheduler !== null && !isRecord(scheduler)) throw fail(`scheduler is ${kindOf(scheduler)}, expected an object or null`);
  return {
    epoch: counter('epoch'),
    step: counter('step'),
    generators,
    optimizer: optimizer as SavedState['optimizer'],
    optimizerType: typeField('optimizerType'),
    scheduler,
    schedulerType: typeField('schedulerType'),
    metadata,
  };
}

/** @internal Keys, shapes and dtypes of the saved weights against the model's own. */
export function checkModelFits(where: string, current: Readonly<Record<string, NDArray>>, saved: Readonly<Record<string, NDArray>>, strict: boolean): void {
  const problems: string[] = [];
  for (const [key, target] of Object.entries(current)) {
    if (!Object.hasOwn(saved, key)) continue;
    const source = saved[key];
    if (!shapesEqual(source.shape, target.shape)) {
      problems.push(`size mismatch for ${key}: ${formatShape(source.shape)} in the checkpoint, ${formatShape(target.shape)} in the model`);
    } else if (source.dtype !== target.dtype) {
      problems.push(`dtype mismatch for ${key}: ${source.dtype} in the checkpoint, ${target.dtype} in the model`);
    }
  }
  if (strict) {
    const missing = Object.keys(current).filter((key) => !Object.hasOwn(saved, key));
    const unexpected = Object.keys(saved).filter((key) => !Object.hasOwn(current, key));
    if (missing.length > 0) problems.push(`missing keys: ${missing.join(', ')}`);
    if (unexpected.length > 0) problems.push(`unexpected keys: ${unexpected.join(', ')}`);
  }
  if (problems.length > 0) throw new CheckpointError(`loadCheckpoint: ${where} does not fit the model: ${problems.join('; ')}`);
}

/** @internal What is known of the target optimizer: its saved layout and, for @dl optimizers, parameter shapes. */
export interface OptimizerShape {
  name: string | null;
  current: OptimizerStateDict;
  paramShapes: (readonly number[] | null)[][];
}

// Hyperparameters a checkpoint may carry that a fresh optimizer does not have yet.
const OPTIONAL_HYPERPARAMETERS = new Set(['initialLr']);

/** @internal The saved optimizer state against the optimizer: type, groups, parameter counts, state shapes and counters. */
export function checkOptimizerFits(where: string, target: OptimizerShape, savedType: string | null, saved: NonNullable<SavedState['optimizer']>): OptimizerStateDict {
  const name = target.name ?? 'the optimizer';
  const fail = (detail: string): CheckpointError => new CheckpointError(`loadCheckpoint: ${where} does not fit ${name}: ${detail}`);
  if (savedType !== null && target.name !== null && savedType !== target.name) {
    throw fail(`the checkpoint holds ${savedType} state\nhint: build the same optimizer as the saved run before loading`);
  }
  const groups = target.current.paramGroups;
  if (saved.paramGroups.length !== groups.length) throw fail(`${saved.paramGroups.length} parameter groups in the checkpoint, ${groups.length} in the optimizer`);
  const shapes = new Map<number, readonly number[] | null>();
  saved.paramGroups.forEach((group, g) => {
    const own = groups[g];
    if (!isRecord(group) || !Array.isArray(group.params)) throw fail(`parameter group ${g} is ${kindOf(group)}, expected { params: [...], ... }`);
    const params: unknown[] = group.params;
    if (params.length !== own.params.length) throw fail(`parameter group ${g} has ${params.length} parameters in the checkpoint, ${own.params.length} in the optimizer`);
    params.forEach((id, i) => {
      if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) throw fail(`parameter group ${g} lists parameter ${show(id)}, expected a non-negative integer`);
      if (shapes.has(id)) throw fail(`parameter ${id} is listed twice`);
      shapes.set(id, target.paramShapes[g]?.[i] ?? null);
    });
    for (const [key, value] of Object.entries(group)) {
      if (key === 'params') continue;
      if (!Object.hasOwn(own, key)) {
        if (OPTIONAL_HYPERPARAMETERS.has(key) && typeof value === 'number' && Number.isFinite(value)) continue;
        throw fail(`parameter group ${g} has hyperparameter "${key}", which ${name} does not know`);
      }
      checkSameKind(fail, `hyperparameter ${key} of parameter group ${g}`, own[key], value);
    }
  });
  for (const [key, entry] of Object.entries(saved.state)) {
    const id = Number(key);
    if (String(id) !== key || !shapes.has(id)) throw fail(`state for parameter "${key.slice(0, 40)}", which no parameter group lists`);
    if (!isRecord(entry)) throw fail(`state of parameter ${key} is ${kindOf(entry)}, expected an object`);
    const shape = shapes.get(id) ?? null;
    for (const [field, value] of Object.entries(entry)) {
      if (NDArray.isNDArray(value)) {
        if (shape !== null && !shapesEqual(value.shape, shape)) throw fail(`state ${field} of parameter ${key} has shape ${formatShape(value.shape)}, the parameter ${formatShape(shape)}`);
      } else if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw fail(`state ${field} of parameter ${key} is ${show(value)}, expected an array or a finite number`);
      } else if (field === 'step' && (!Number.isInteger(value) || value < 0)) {
        throw fail(`state step of parameter ${key} is ${show(value)}, expected a non-negative integer`);
      }
    }
  }
  return saved as unknown as OptimizerStateDict;
}

// Scheduler counters: whatever else a scheduler holds comes from its constructor arguments.
const SCHEDULER_COUNTERS: Readonly<Record<string, number | undefined>> = { lastEpoch: -1, numBadEpochs: 0, cooldownCounter: 0 };

/** @internal The saved scheduler state against the scheduler's own: type, keys, and the kind of every value. */
export function checkSchedulerFits(where: string, name: string | null, current: SchedulerStateDict, savedType: string | null, saved: Record<string, unknown>): SchedulerStateDict {
  const label = name ?? 'the scheduler';
  const fail = (detail: string): CheckpointError => new CheckpointError(`loadCheckpoint: ${where} does not fit ${label}: ${detail}`);
  if (savedType !== null && name !== null && savedType !== name) throw fail(`the checkpoint holds ${savedType} state\nhint: build the same scheduler as the saved run before loading`);
  const missing = Object.keys(current).filter((key) => !Object.hasOwn(saved, key));
  const unexpected = Object.keys(saved).filter((key) => !Object.hasOwn(current, key));
  if (missing.length > 0 || unexpected.length > 0) {
    throw fail([missing.length > 0 ? `missing keys: ${missing.join(', ')}` : '', unexpected.length > 0 ? `unexpected keys: ${unexpected.join(', ')}` : ''].filter(Boolean).join('; '));
  }
  for (const [key, value] of Object.entries(saved)) {
    checkSameKind(fail, key, current[key], value);
    const least = SCHEDULER_COUNTERS[key];
    if (least !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < least)) {
      throw fail(`${key} is ${show(value)}, expected an integer >= ${least}`);
    }
  }
  return saved as SchedulerStateDict;
}

/**
 * `saved` must hold what `current` holds: the same JSON kind, arrays of the same length, objects
 * with the same keys; numbers finite unless the current value is not (ReduceLROnPlateau's best).
 */
function checkSameKind(fail: (detail: string) => CheckpointError, path: string, current: unknown, saved: unknown): void {
  if (kindOf(current) !== kindOf(saved)) throw fail(`${path} is ${show(saved)}, expected ${kindOf(current)}`);
  if (typeof saved === 'number' && !Number.isFinite(saved) && Number.isFinite(current)) throw fail(`${path} is ${show(saved)}, expected a finite number`);
  if (Array.isArray(saved) && Array.isArray(current)) {
    if (saved.length !== current.length) throw fail(`${path} has ${saved.length} entries, expected ${current.length}`);
    saved.forEach((item, i) => {
      checkSameKind(fail, `${path}[${i}]`, current[i], item);
    });
  } else if (isRecord(saved) && isRecord(current)) {
    const keys = Object.keys(current);
    const extra = Object.keys(saved).filter((key) => !Object.hasOwn(current, key));
    if (extra.length > 0 || keys.some((key) => !Object.hasOwn(saved, key))) throw fail(`${path} has keys ${Object.keys(saved).join(', ')}, expected ${keys.join(', ')}`);
    for (const key of keys) checkSameKind(fail, `${path}.${key}`, current[key], saved[key]);
  }
}

/** @internal A saved generator state, checked by restoring it into a scratch generator. */
export function checkGeneratorState(where: string, name: string, saved: unknown): number[] {
  const fail = (detail: string): CheckpointError => new CheckpointError(`loadCheckpoint: ${where} has an invalid state for generator "${name}" (${detail})`);
  if (!Array.isArray(saved) || !saved.every((value) => typeof value === 'number')) throw fail(`${kindOf(saved)}, expected an array of numbers`);
  try {
    new Generator(0).setState(saved);
  } catch (error) {
    throw fail((error as Error).message);
  }
  return saved;
}

import { defaultGenerator, NDArray, type Generator } from '@dl/tensor';
import type { OptimizerStateDict, SchedulerStateDict } from '@dl/optim';
import { checkGeneratorState, checkModelFits, checkOptimizerFits, checkSavedState, checkSchedulerFits, typeName, type SavedState } from './checkpoint-validation.js';
import { CheckpointError } from './errors.js';
import { writeFileAtomic } from './node/atomic-write.js';
import { safeOpen } from './safetensors/file.js';
import { load, prepareSave, readHeader } from './safetensors/safetensors.js';

/**
 * What a checkpoint needs of a model: `nn.Module`'s state dict methods.
 * @example
 * const model: CheckpointModel = new Sequential(new Linear(4, 2));
 */
export interface CheckpointModel {
  stateDict(): Record<string, NDArray>;
  loadStateDict(stateDict: Record<string, NDArray>, options?: { strict?: boolean }): unknown;
}

/**
 * What a checkpoint needs of an optimizer: `Optimizer`'s state dict methods.
 * @example
 * const optimizer: CheckpointOptimizer = new Adam(model.parameters());
 */
export interface CheckpointOptimizer {
  stateDict(): OptimizerStateDict;
  loadStateDict(stateDict: OptimizerStateDict): void;
  /** The optimizer's type (`'Adam'`); a checkpoint of another type is rejected. */
  readonly name?: string;
  /** Parameters by group, so saved state buffers are checked against their parameter's shape. */
  readonly paramGroups?: readonly { readonly params: readonly { readonly shape: readonly number[] }[] }[];
}

/**
 * What a checkpoint needs of a learning-rate scheduler.
 * @example
 * const scheduler: CheckpointScheduler = new StepLR(optimizer, { stepSize: 10 });
 */
export interface CheckpointScheduler {
  stateDict(): SchedulerStateDict;
  loadStateDict(stateDict: SchedulerStateDict): void;
  /** The scheduler's type (`'StepLR'`); a checkpoint of another type is rejected. */
  readonly name?: string;
}

/**
 * JSON-friendly user data stored with a checkpoint (non-finite numbers and -0 survive).
 * @example
 * const metadata: CheckpointMetadata = { bestAccuracy: 0.97, config: { hidden: 32 } };
 */
export type CheckpointMetadata = Record<string, unknown>;

/**
 * Everything a training run needs to resume: what `saveCheckpoint` writes.
 * @example
 * const state: CheckpointState = { model, optimizer, scheduler, epoch: 3, metadata: { bestLoss } };
 */
export interface CheckpointState {
  model?: CheckpointModel;
  optimizer?: CheckpointOptimizer;
  scheduler?: CheckpointScheduler;
  epoch?: number;
  step?: number;
  /** Random streams to save by name (default `{ default: defaultGenerator }`; pass `{}` for none). */
  generators?: Readonly<Record<string, Generator>>;
  /** Anything else worth keeping (config, best score...), stored as JSON. */
  metadata?: CheckpointMetadata;
}

/**
 * Where `loadCheckpoint` restores state: the same objects, freshly constructed.
 * @example
 * const targets: CheckpointTargets = { model, optimizer, scheduler, strict: true };
 */
export interface CheckpointTargets {
  model?: CheckpointModel;
  optimizer?: CheckpointOptimizer;
  scheduler?: CheckpointScheduler;
  /** Generators to restore by name (default `{ default: defaultGenerator }`; pass `{}` to leave them alone). */
  generators?: Readonly<Record<string, Generator>>;
  /** Passed to `model.loadStateDict` (default true). */
  strict?: boolean;
}

/**
 * What `loadCheckpoint` returns besides restoring its targets.
 * @example
 * const { epoch, metadata }: CheckpointInfo = await loadCheckpoint('last.safetensors', { model });
 */
export interface CheckpointInfo {
  epoch: number | null;
  step: number | null;
  metadata: CheckpointMetadata;
  /** The model's state dict as saved (also when no model target was given). */
  modelState: Record<string, NDArray>;
}

// The file is plain safetensors: model tensors under 'model.', optimizer buffers under
// 'optimizer.state.<param>.<name>'; everything else is one JSON document in __metadata__, where
// tensors appear as {"__tensor__": key} and special numbers as {"__number__": "NaN"}. Its
// optimizerType/schedulerType (absent in older files) let a load reject state of another type.
const FORMAT_KEY = 'dl.checkpoint';
const STATE_KEY = 'dl.checkpoint.state';
const VERSION = '1';

function encodeNumbers(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0))) return { __number__: Object.is(value, -0) ? '-0' : String(value) };
  return value;
}

function decodeSpecial(value: unknown, tensors: (key: string) => NDArray): unknown {
  if (Array.isArray(value)) return value.map((item) => decodeSpecial(item, tensors));
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1 && typeof record.__number__ === 'string') return Number(record.__number__);
  if (keys.length === 1 && typeof record.__tensor__ === 'string') return tensors(record.__tensor__);
  return Object.fromEntries(keys.map((key) => [key, decodeSpecial(record[key], tensors)]));
}

function plan(state: CheckpointState): { tensors: Record<string, NDArray>; metadata: Record<string, string> } {
  const tensors: Record<string, NDArray> = {};
  for (const [key, value] of Object.entries(state.model?.stateDict() ?? {})) tensors[`model.${key}`] = value;
  let optimizer: unknown = null;
  if (state.optimizer !== undefined) {
    const saved = state.optimizer.stateDict();
    const entries = Object.entries(saved.state).map(([index, entry]): [string, unknown] => {
      const fields = Object.entries(entry).map(([name, value]): [string, unknown] => {
        if (!NDArray.isNDArray(value)) return [name, value];
        const key = `optimizer.state.${index}.${name}`;
        tensors[key] = value;
        return [name, { __tensor__: key }];
      });
      return [index, Object.fromEntries(fields)];
    });
    optimizer = { state: Object.fromEntries(entries), paramGroups: saved.paramGroups };
  }
  const generators = state.generators ?? { default: defaultGenerator };
  const saved: SavedState = {
    epoch: state.epoch ?? null,
    step: state.step ?? null,
    generators: Object.fromEntries(Object.entries(generators).map(([name, generator]) => [name, generator.getState()])),
    optimizer: optimizer as SavedState['optimizer'],
    optimizerType: typeName(state.optimizer),
    scheduler: state.scheduler?.stateDict() ?? null,
    schedulerType: typeName(state.scheduler),
    metadata: state.metadata ?? {},
  };
  const metadata: Record<string, string> = { [FORMAT_KEY]: VERSION, [STATE_KEY]: JSON.stringify(saved, encodeNumbers) };
  // Plain copies for tools that only read string metadata.
  if (state.epoch !== undefined) metadata.epoch = String(state.epoch);
  if (state.step !== undefined) metadata.step = String(state.step);
  return { tensors, metadata };
}

function restore(where: string, metadata: Readonly<Record<string, string>> | null, readTensor: (key: string) => NDArray, names: readonly string[], targets: CheckpointTargets): CheckpointInfo {
  if (metadata === null || !Object.hasOwn(metadata, FORMAT_KEY) || !Object.hasOwn(metadata, STATE_KEY)) {
    throw new CheckpointError(`loadCheckpoint: ${where} is not a @dl checkpoint (no "${FORMAT_KEY}" metadata); read plain weights with loadFile`);
  }
  if (metadata[FORMAT_KEY] !== VERSION) throw new CheckpointError(`loadCheckpoint: ${where} has checkpoint version ${metadata[FORMAT_KEY]}, this @dl/io reads version ${VERSION}`);
  const tensorAt = (key: string): NDArray => {
    if (!names.includes(key)) throw new CheckpointError(`loadCheckpoint: ${where} refers to tensor "${key}", which the file does not contain`);
    return readTensor(key);
  };
  let decoded: unknown;
  try {
    decoded = decodeSpecial(JSON.parse(metadata[STATE_KEY]), tensorAt);
  } catch (error) {
    if (CheckpointError.isInstance(error)) throw error;
    throw new CheckpointError(`loadCheckpoint: ${where} has unreadable "${STATE_KEY}" metadata (${(error as Error).message})`);
  }
  const saved = checkSavedState(where, decoded);
  const modelState: Record<string, NDArray> = {};
  for (const name of names) if (name.startsWith('model.')) modelState[name.slice('model.'.length)] = readTensor(name);

  // Check every part against its target first, so a checkpoint that does not fit changes nothing.
  const missing = (what: string): CheckpointError => new CheckpointError(`loadCheckpoint: ${where} has no ${what} state to restore`);
  const { model, optimizer, scheduler } = targets;
  const strict = targets.strict ?? true;
  if (model !== undefined) checkModelFits(where, model.stateDict(), modelState, strict);
  let optimizerState: OptimizerStateDict | null = null;
  if (optimizer !== undefined) {
    if (saved.optimizer === null) throw missing('optimizer');
    const paramShapes = (optimizer.paramGroups ?? []).map((group) => group.params.map((param) => param.shape));
    optimizerState = checkOptimizerFits(where, { name: typeName(optimizer), current: optimizer.stateDict(), paramShapes }, saved.optimizerType, saved.optimizer);
  }
  let schedulerState: SchedulerStateDict | null = null;
  if (scheduler !== undefined) {
    if (saved.scheduler === null) throw missing('scheduler');
    schedulerState = checkSchedulerFits(where, typeName(scheduler), scheduler.stateDict(), saved.schedulerType, saved.scheduler);
  }
  const generators = Object.entries(targets.generators ?? { default: defaultGenerator }).map(([name, generator]): [Generator, number[]] => {
    if (!Object.hasOwn(saved.generators, name)) throw missing(`generator "${name}"`);
    return [generator, checkGeneratorState(where, name, saved.generators[name])];
  });

  // The optimizer goes first: its own hyperparameter checks (a negative lr...) are the only ones
  // left, and it throws before changing anything. The model goes last, so it never needs undoing.
  const undo: (() => void)[] = [];
  try {
    // Each undo is registered before its load, which might fail half way. The optimizer's copy
    // costs one copy of its state buffers: none for a freshly built optimizer.
    if (optimizer !== undefined && optimizerState !== null) {
      const before = optimizer.stateDict();
      undo.push(() => {
        optimizer.loadStateDict(before);
      });
      optimizer.loadStateDict(optimizerState);
    }
    if (scheduler !== undefined && schedulerState !== null) {
      const before = scheduler.stateDict();
      undo.push(() => {
        scheduler.loadStateDict(before);
      });
      scheduler.loadStateDict(schedulerState);
    }
    for (const [generator, state] of generators) {
      const before = generator.getState();
      undo.push(() => generator.setState(before));
      generator.setState(state);
    }
    model?.loadStateDict(modelState, { strict });
  } catch (error) {
    for (const step of undo.reverse()) {
      try {
        step();
      } catch {
        // Keep undoing the other targets; the error below reports the original failure.
      }
    }
    const failure = new CheckpointError(`loadCheckpoint: ${where} does not fit its targets, which were left unchanged (${(error as Error).message})`);
    failure.cause = error;
    throw failure;
  }
  return { epoch: saved.epoch, step: saved.step, metadata: saved.metadata, modelState };
}

/**
 * Serializes a training checkpoint (model, optimizer, scheduler, epoch/step, random generator
 * states, user metadata) to safetensors bytes; `readCheckpoint` restores it.
 * @example
 * const bytes = writeCheckpoint({ model, optimizer, epoch: 3 });
 */
export function writeCheckpoint(state: CheckpointState): Uint8Array {
  const { tensors, metadata } = plan(state);
  const { header, parts, byteLength } = prepareSave('writeCheckpoint', tensors, { metadata });
  const out = new Uint8Array(byteLength);
  let position = 0;
  for (const part of [header, ...parts]) {
    out.set(part, position);
    position += part.length;
  }
  return out;
}

/**
 * Restores a checkpoint from bytes into freshly built targets (model weights, optimizer and
 * scheduler state, generator states) and returns epoch, step and metadata. All or nothing: every
 * part is checked against its target first (keys, shapes, dtypes; optimizer type, groups, state;
 * scheduler and generator state), so a `CheckpointError` leaves every target as it was.
 * @example
 * const { epoch } = readCheckpoint(bytes, { model, optimizer });
 */
export function readCheckpoint(bytes: Uint8Array, targets: CheckpointTargets = {}): CheckpointInfo {
  const header = readHeader(bytes);
  const tensors = load(bytes);
  return restore('the checkpoint', header.metadata, (key) => tensors[key], header.names, targets);
}

/**
 * Saves a training checkpoint to a safetensors file atomically, so a run resumed with
 * `loadCheckpoint` continues with the same numbers as one never stopped. Await it before the
 * next training step: the model's arrays are read while the file is written. Node only.
 * @example
 * await saveCheckpoint({ model, optimizer, scheduler, epoch, metadata: { bestAccuracy } }, 'run/last.safetensors');
 */
export async function saveCheckpoint(state: CheckpointState, path: string): Promise<void> {
  const { tensors, metadata } = plan(state);
  const { header, parts } = prepareSave('saveCheckpoint', tensors, { metadata });
  await writeFileAtomic(path, [header, ...parts]);
}

/**
 * Restores a checkpoint file into freshly built targets (model weights, optimizer and scheduler
 * state, generator states) and returns epoch, step and metadata. All or nothing, as
 * `readCheckpoint`: a file that does not fit throws `CheckpointError` and changes no target. Node only.
 * @example
 * const { epoch } = await loadCheckpoint('run/last.safetensors', { model, optimizer, scheduler });
 */
export async function loadCheckpoint(path: string, targets: CheckpointTargets = {}): Promise<CheckpointInfo> {
  const file = await safeOpen(path);
  try {
    const tensors = Object.create(null) as Record<string, NDArray>;
    for (const name of file.keys()) tensors[name] = await file.getTensor(name);
    return restore(path, file.metadata(), (key) => tensors[key], file.keys(), targets);
  } finally {
    await file.close();
  }
}

// Checkpoints are all or nothing (issue 9): a load that fails leaves model, optimizer,
// scheduler and generators bit for bit as they were.
import { tensor } from '@dl/autograd';
import { Linear } from '@dl/nn';
import { Adam, SGD, StepLR } from '@dl/optim';
import { astype, defaultGenerator, DLError, Generator, manualSeed, NDArray, randn } from '@dl/tensor';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { checkSavedState } from './checkpoint-validation.js';
import { CheckpointError, load, readCheckpoint, readHeader, save, SafetensorsError, writeCheckpoint, type CheckpointTargets } from './index.js';

// The seed makes the CI run reproducible; change it locally to explore.
const SEED = 9_2026;

beforeEach(() => {
  manualSeed(0);
});

interface Run {
  model: Linear;
  optimizer: Adam;
  scheduler: StepLR;
  loader: Generator;
}

/** A model, optimizer and scheduler that have taken one step, so every part has state. */
function buildRun(seed: number): Run {
  manualSeed(seed);
  const model = new Linear(3, 2);
  const optimizer = new Adam(model.parameters(), { lr: 0.01 });
  const scheduler = new StepLR(optimizer, { stepSize: 2, gamma: 0.5 });
  model.call(tensor(randn([4, 3]))).sum().backward();
  optimizer.step();
  scheduler.step();
  const loader = new Generator(seed + 1);
  loader.uniform();
  return { model, optimizer, scheduler, loader };
}

const targetsOf = (run: Run): CheckpointTargets => ({
  model: run.model,
  optimizer: run.optimizer,
  scheduler: run.scheduler,
  generators: { default: defaultGenerator, loader: run.loader },
});

/** Everything a load may change, as a string: array bits, numbers with -0 and NaN spelled out. */
function fingerprint(targets: CheckpointTargets): string {
  const encode = (_key: string, value: unknown): unknown => {
    if (NDArray.isNDArray(value)) return { dtype: value.dtype, shape: value.shape, bits: Array.from(new Uint8Array(value.dataSync().slice().buffer)) };
    if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
    return value;
  };
  const generators = Object.entries(targets.generators ?? {}).map(([name, generator]) => [name, generator.getState()]);
  const groups = (targets.optimizer as Adam | undefined)?.paramGroups.map(({ params, ...hyper }) => ({ hyper, params: params.map((param) => param.data) }));
  return JSON.stringify({ model: targets.model?.stateDict(), optimizer: targets.optimizer?.stateDict(), groups, scheduler: targets.scheduler?.stateDict(), generators }, encode);
}

type Tensors = Record<string, NDArray>;
type State = Record<string, unknown>;

/** Decodes a checkpoint into its tensors and its JSON state, edits them, and writes it again. */
function rewrite(bytes: Uint8Array, edit: (state: State, tensors: Tensors) => void): Uint8Array {
  const metadata = { ...readHeader(bytes).metadata };
  const tensors = load(bytes);
  const state = JSON.parse(metadata['dl.checkpoint.state'] ?? '{}') as State;
  edit(state, tensors);
  metadata['dl.checkpoint.state'] = JSON.stringify(state);
  return save(tensors, { metadata });
}

const savedBytes = (): Uint8Array => {
  const run = buildRun(1);
  return writeCheckpoint({ ...targetsOf(run), epoch: 3, step: 30, metadata: { note: 'x' } });
};

/** Runs `load` against fresh targets: what it threw, and the targets' fingerprints before and after. */
function attempt(load: (targets: CheckpointTargets) => unknown, wrap: (targets: CheckpointTargets) => CheckpointTargets = (t) => t): { error: unknown; before: string; after: string } {
  const targets = targetsOf(buildRun(7));
  const before = fingerprint(targets);
  let error: unknown = null;
  try {
    load(wrap(targets));
  } catch (e) {
    error = e;
  }
  return { error, before, after: fingerprint(targets) };
}

const optimizerState = (state: State): { state: Record<string, Record<string, unknown>>; paramGroups: Record<string, unknown>[] } =>
  state.optimizer as { state: Record<string, Record<string, unknown>>; paramGroups: Record<string, unknown>[] };

const firstGroup = (state: State): Record<string, unknown> => optimizerState(state).paramGroups[0];

describe('readCheckpoint (a checkpoint that does not fit)', () => {
  const cases: [string, (state: State, tensors: Tensors) => void, RegExp][] = [
    ['a weight of another shape', (_s, t) => (t['model.bias'] = randn([3])), /does not fit the model: size mismatch for bias: \[3\] in the checkpoint, \[2\] in the model/],
    ['a weight of another dtype', (_s, t) => (t['model.bias'] = astype(t['model.bias'], 'float64')), /dtype mismatch for bias: float64 in the checkpoint, float32 in the model/],
    ['a missing weight', (_s, t) => delete t['model.bias'], /does not fit the model: missing keys: bias/],
    ['an unexpected weight', (_s, t) => (t['model.extra'] = randn([1])), /unexpected keys: extra/],
    ['state of another optimizer type', (s) => (s.optimizerType = 'SGD'), /does not fit Adam: the checkpoint holds SGD state\nhint: build the same optimizer/],
    ['a negative step', (s) => (optimizerState(s).state['0'].step = -1), /does not fit Adam: state step of parameter 0 is -1, expected a non-negative integer/],
    ['a fractional step', (s) => (optimizerState(s).state['1'].step = 1.5), /state step of parameter 1 is 1.5, expected a non-negative integer/],
    ['a non-number step', (s) => (optimizerState(s).state['0'].step = 'one'), /state step of parameter 0 is "one", expected an array or a finite number/],
    ['a state buffer of another shape', (_s, t) => (t['optimizer.state.0.expAvg'] = randn([7])), /state expAvg of parameter 0 has shape \[7\], the parameter \[2, 3\]/],
    ['state of an unlisted parameter', (s) => (optimizerState(s).state['5'] = { step: 1 }), /state for parameter "5", which no parameter group lists/],
    ['an extra parameter group', (s) => optimizerState(s).paramGroups.push(firstGroup(s)), /2 parameter groups in the checkpoint, 1 in the optimizer/],
    ['a group with another parameter count', (s) => (firstGroup(s).params = [0]), /parameter group 0 has 1 parameters in the checkpoint, 2 in the optimizer/],
    ['a hyperparameter of the wrong kind', (s) => (firstGroup(s).betas = 0.9), /hyperparameter betas of parameter group 0 is 0.9, expected an array/],
    ['an unknown hyperparameter', (s) => (firstGroup(s).momentun = 0.9), /parameter group 0 has hyperparameter "momentun", which Adam does not know/],
    ['a negative learning rate (the optimizer\'s own check)', (s) => (firstGroup(s).lr = -1), /does not fit its targets, which were left unchanged \(Adam: invalid learning rate -1/],
    ['state of another scheduler type', (s) => (s.schedulerType = 'ExponentialLR'), /does not fit StepLR: the checkpoint holds ExponentialLR state/],
    ['an unknown scheduler key', (s) => ((s.scheduler as State).bogus = 1), /does not fit StepLR: unexpected keys: bogus/],
    ['a scheduler counter that is not an integer', (s) => ((s.scheduler as State).lastEpoch = 2.5), /lastEpoch is 2.5, expected an integer >= -1/],
    ['a scheduler value of the wrong kind', (s) => ((s.scheduler as State).baseLrs = 'fast'), /baseLrs is "fast", expected an array/],
    ['a scheduler counter of the wrong kind', (s) => ((s.scheduler as State).lastEpoch = 'x'), /does not fit StepLR: lastEpoch is "x", expected a number/],
    ['an invalid generator state', (s) => ((s.generators as State).loader = [0, 0, 0, 0, 0, 0]), /invalid state for generator "loader" \(Generator.setState: expected 4 uint32 words/],
    ['a missing generator state', (s) => delete (s.generators as State).loader, /has no generator "loader" state to restore/],
    ['generators that are not an object', (s) => (s.generators = 5), /malformed "dl.checkpoint.state" \(generators is a number, expected an object\)/],
    ['a state that is not an object', (s) => { for (const key of Object.keys(s)) Reflect.deleteProperty(s, key); Object.assign(s, { 0: 1 }); }, /malformed "dl.checkpoint.state" \(generators is missing, expected an object\)/],
    ['an optimizer type that is not a string', (s) => (s.optimizerType = 3), /malformed "dl.checkpoint.state" \(optimizerType is a number, expected a string\)/],
    ['metadata that is not an object', (s) => (s.metadata = [1]), /malformed "dl.checkpoint.state" \(metadata is an array, expected an object\)/],
    ['an optimizer without paramGroups', (s) => Reflect.deleteProperty(s.optimizer as State, 'paramGroups'), /malformed "dl.checkpoint.state" \(optimizer must be null or \{ state: \{...\}, paramGroups: \[...\] \}\)/],
    ['a scheduler that is not an object', (s) => (s.scheduler = 'StepLR'), /malformed "dl.checkpoint.state" \(scheduler is a string, expected an object or null\)/],
    ['a parameter group that is not an object', (s) => (optimizerState(s).paramGroups[0] = [0, 1] as never), /does not fit Adam: parameter group 0 is an array, expected \{ params: \[...\], ... \}/],
    ['a parameter id that is not an integer', (s) => (firstGroup(s).params = [0, 0.5]), /parameter group 0 lists parameter 0.5, expected a non-negative integer/],
    ['a parameter listed twice', (s) => (firstGroup(s).params = [1, 1]), /does not fit Adam: parameter 1 is listed twice/],
    ['parameter state that is not an object', (s) => (optimizerState(s).state['0'] = 5 as never), /state of parameter 0 is a number, expected an object/],
    ['betas of another length', (s) => (firstGroup(s).betas = [0.9]), /hyperparameter betas of parameter group 0 has 1 entries, expected 2/],
    ['a NaN learning rate', (s) => (firstGroup(s).lr = { __number__: 'NaN' }), /hyperparameter lr of parameter group 0 is NaN, expected a finite number/],
    ['a missing scheduler key', (s) => Reflect.deleteProperty(s.scheduler as State, 'gamma'), /does not fit StepLR: missing keys: gamma/],
    ['a generator state that is not an array', (s) => ((s.generators as State).loader = 'seed'), /invalid state for generator "loader" \(a string, expected an array of numbers\)/],
    ['an epoch that is not a number', (s) => (s.epoch = 'three'), /malformed "dl.checkpoint.state" \(epoch is a string, expected a number or null\)/],
  ];
  it.each(cases)('rejects %s and changes no target', (_name, edit, message) => {
    const bytes = rewrite(savedBytes(), edit);
    const { error, before, after } = attempt((targets) => readCheckpoint(bytes, targets));
    expect(CheckpointError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
    expect(after).toBe(before);
  });

  /** A target whose `method` first does its real work, then fails: the worst case for rollback. */
  function failingAfter<T extends object>(target: T, method: string): T {
    return new Proxy(target, {
      get(object, property) {
        const value: unknown = Reflect.get(object, property, object);
        if (typeof value !== 'function') return value;
        if (property !== method) return (value as (...args: unknown[]) => unknown).bind(object);
        return (...args: unknown[]) => {
          (value as (...args: unknown[]) => unknown).apply(object, args);
          throw new Error(`injected failure in ${method}`);
        };
      },
    });
  }

  const stages: [string, (targets: CheckpointTargets) => CheckpointTargets][] = [
    ['optimizer', (t) => ({ ...t, optimizer: failingAfter(t.optimizer as Adam, 'loadStateDict') })],
    ['scheduler', (t) => ({ ...t, scheduler: failingAfter(t.scheduler as StepLR, 'loadStateDict') })],
    ['generator', (t) => ({ ...t, generators: { default: defaultGenerator, loader: failingAfter(t.generators?.loader ?? new Generator(0), 'setState') } })],
    // A model's loadStateDict must itself be all or nothing (nn's is); it runs last, after every check.
    ['model', (t) => ({ ...t, model: { stateDict: () => (t.model as Linear).stateDict(), loadStateDict: () => { throw new Error('injected failure in loadStateDict'); } } })],
  ];
  it.each(stages)('undoes every earlier stage when the %s stage fails', (stage, wrap) => {
    const bytes = savedBytes();
    const { error, before, after } = attempt((targets) => readCheckpoint(bytes, targets), wrap);
    expect(CheckpointError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(`which were left unchanged (injected failure in ${stage === 'generator' ? 'setState' : 'loadStateDict'})`);
    expect(after).toBe(before);
  });

  it('rejects a state document that is not an object', () => {
    expect(() => checkSavedState('the checkpoint', [1])).toThrow(/^loadCheckpoint: the checkpoint has a malformed "dl.checkpoint.state" \(expected an object, got an array\)$/);
  });

  it('keeps the original error as the cause', () => {
    const bytes = rewrite(savedBytes(), (s) => (firstGroup(s).lr = -1));
    let error: unknown = null;
    try {
      readCheckpoint(bytes, targetsOf(buildRun(7)));
    } catch (e) {
      error = e;
    }
    expect(DLError.isInstance((error as Error).cause)).toBe(true);
  });

  it('still loads a checkpoint into an optimizer without the scheduler it was saved with', () => {
    const run = buildRun(1);
    const bytes = writeCheckpoint({ model: run.model, optimizer: run.optimizer, scheduler: run.scheduler });
    const model = new Linear(3, 2);
    const optimizer = new Adam(model.parameters());
    readCheckpoint(bytes, { model, optimizer });
    expect(optimizer.paramGroups[0]?.initialLr).toBe(0.01);
    expect(optimizer.state.size).toBe(2);
  });

  it('rejects SGD state for an Adam optimizer, naming both', () => {
    const model = new Linear(3, 2);
    const bytes = writeCheckpoint({ model, optimizer: new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 }) });
    expect(() => readCheckpoint(bytes, { model, optimizer: new Adam(model.parameters()) })).toThrow(/does not fit Adam: the checkpoint holds SGD state/);
  });
});

/** The JSON paths of every value in `value` (objects and arrays included). */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out = [prefix];
  if (Array.isArray(value)) value.forEach((item, i) => out.push(...paths(item, [...prefix, i])));
  else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) out.push(...paths(item, [...prefix, key]));
  return out;
}

function parentOf(root: State, path: (string | number)[]): [Record<string | number, unknown>, string | number] | null {
  if (path.length === 0) return null;
  let node: unknown = root;
  for (const key of path.slice(0, -1)) node = (node as Record<string | number, unknown>)[key];
  return [node as Record<string | number, unknown>, path.at(-1) ?? ''];
}

type Mutation = (state: State, tensors: Tensors, pick: number) => void;
const arbValue = fc.oneof(
  fc.integer({ min: -3, max: 40 }),
  fc.double(),
  fc.constantFrom(-1, 0.5, 1e308, null, true, 'x', [], {}, [1, 2], { __number__: 'NaN' }, { __tensor__: 'model.bias' }, { __tensor__: 'nope' }),
);
const arbShape = fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 });
const arbMutation: fc.Arbitrary<Mutation> = fc.oneof(
  arbValue.map((value): Mutation => (state, _t, pick) => {
    const all = paths(state);
    const target = parentOf(state, all[pick % all.length] ?? []);
    if (target !== null) target[0][target[1]] = value;
  }),
  fc.constant<Mutation>((state, _t, pick) => {
    const all = paths(state);
    const target = parentOf(state, all[pick % all.length] ?? []);
    if (target === null) return;
    if (Array.isArray(target[0])) target[0].splice(Number(target[1]), 1);
    else Reflect.deleteProperty(target[0], target[1]);
  }),
  fc.string({ maxLength: 8 }).map((name): Mutation => (state, _t, pick) => {
    const all = paths(state).filter((path) => typeof path.at(-1) === 'string');
    const target = parentOf(state, all[pick % all.length] ?? []);
    if (target === null || Array.isArray(target[0])) return;
    const value = target[0][target[1]];
    Reflect.deleteProperty(target[0], target[1]);
    target[0][name] = value;
  }),
  arbShape.map((shape): Mutation => (_s, tensors, pick) => {
    const names = Object.keys(tensors);
    tensors[names[pick % names.length] ?? 'x'] = randn(shape);
  }),
  fc.constantFrom('float64', 'int32', 'bool').map((dtype): Mutation => (_s, tensors, pick) => {
    const names = Object.keys(tensors);
    const name = names[pick % names.length] ?? 'x';
    if (name in tensors) tensors[name] = astype(tensors[name], dtype);
  }),
  fc.string({ maxLength: 12 }).map((name): Mutation => (_s, tensors, pick) => {
    const names = Object.keys(tensors);
    const old = names[pick % names.length] ?? 'x';
    if (!(old in tensors)) return;
    const value = tensors[old];
    Reflect.deleteProperty(tensors, old);
    tensors[name === '__metadata__' ? 'y' : name] = value;
  }),
);

describe('readCheckpoint (fuzzed)', () => {
  it('loads a mutated checkpoint fully, or throws a typed error with every target unchanged', () => {
    const good = savedBytes();
    fc.assert(
      fc.property(fc.array(fc.tuple(arbMutation, fc.nat()), { minLength: 1, maxLength: 3 }), fc.oneof({ arbitrary: fc.constant(null), weight: 4 }, { arbitrary: fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), weight: 1 }), (mutations, flip) => {
        let bytes = rewrite(good, (state, tensors) => {
          for (const [mutation, pick] of mutations) mutation(state, tensors, pick);
        });
        if (flip !== null) {
          bytes = bytes.slice();
          const at = flip[0] % bytes.length;
          bytes[at] = (bytes[at] ?? 0) ^ flip[1];
        }
        const targets = targetsOf(buildRun(7));
        const before = fingerprint(targets);
        let error: unknown = null;
        let loaded: Record<string, NDArray> = {};
        try {
          loaded = readCheckpoint(bytes, targets).modelState;
        } catch (e) {
          error = e;
        }
        const typed = error === null || CheckpointError.isInstance(error) || SafetensorsError.isInstance(error);
        expect(typed ? 'typed' : String(error)).toBe('typed');
        // A load that failed changed nothing; one that succeeded restored the weights it returned.
        const weights = (state: Record<string, NDArray>): string => fingerprint({ model: { stateDict: () => Object.fromEntries(Object.entries(state).sort(([a], [b]) => a.localeCompare(b))), loadStateDict: () => undefined } });
        expect(error === null ? weights((targets.model as Linear).stateDict()) : fingerprint(targets)).toBe(error === null ? weights(loaded) : before);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

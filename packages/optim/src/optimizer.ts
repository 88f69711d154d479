import { ARRAYS_PROTOCOL, ArgumentError, NDArray, ShapeError, add, astype, clone, dispose, fill_, formatShape, shapesEqual } from '@dl/tensor';
import { Tensor, adoptSparseGrad } from '@dl/autograd';
import { checkNonNegative, show } from './hyperparameters.js';
import { settleState, stateArrays } from './state-memory.js';
import { checkSparseGrad, emptySparseGrad, setSparseGrad, sparseGradOf, sparseGradToDense, type RowSparseGrad } from './sparse-grad.js';

/**
 * A hyperparameter value a parameter group may hold: JSON-friendly, so state dicts serialise.
 * @example
 * const value: Hyperparameter = [0.9, 0.999]; // betas
 */
export type Hyperparameter = number | boolean | string | readonly number[];

/**
 * The hyperparameters every optimizer has.
 * @example
 * optimizer.paramGroups[0].lr *= 0.1;
 */
export interface BaseHyperparameters {
  /** Learning rate; schedulers rewrite it between steps. */
  lr: number;
}

/**
 * A parameter group: tensors and the hyperparameters they are optimized with, as PyTorch's
 * `param_groups[i]` dict.
 * @example
 * optimizer.paramGroups[0].lr = 0.01;
 */
export type ParamGroup<THyper extends BaseHyperparameters = BaseHyperparameters> = THyper & {
  params: Tensor[];
  /** The lr before any scheduler changed it (PyTorch's `initial_lr`); set by the first scheduler. */
  initialLr?: number;
};

/**
 * A parameter group as passed to an optimizer: tensors plus overrides of the optimizer's defaults.
 * @example
 * const group: ParamGroupInput<SGDHyperparameters> = { params: model.head.parameters(), lr: 0.1 };
 */
export type ParamGroupInput<THyper> = Partial<THyper> & { params: Iterable<Tensor> };

/**
 * What an optimizer takes: tensors, or parameter groups with their own hyperparameters.
 * @example
 * new SGD([{ params: [w], lr: 0.1 }, { params: [b] }], { lr: 0.01, momentum: 0.9 });
 */
export type Params<THyper> = Iterable<Tensor> | Iterable<ParamGroupInput<THyper>>;

/**
 * A per-parameter state entry: buffers are NDArrays, counters are numbers.
 * @example
 * const step: StateValue = adam.stateDict().state['0'].step;
 */
export type StateValue = NDArray | number;

/**
 * A parameter group in a state dict: its hyperparameters and its parameters' indices.
 * @example
 * adam.stateDict().paramGroups[0] // { lr: 0.001, betas: [0.9, 0.999], ..., params: [0, 1] }
 */
export interface SavedParamGroup {
  params: number[];
  [key: string]: Hyperparameter | undefined;
}

/**
 * An optimizer's state in PyTorch's layout: parameters are numbered in group order and
 * `state[i]` holds parameter i's buffers (NDArrays) and counters (numbers).
 * @example
 * const saved: OptimizerStateDict = adam.stateDict(); saved.state['0'].step // 10
 */
export interface OptimizerStateDict {
  state: Record<string, Record<string, StateValue>>;
  paramGroups: SavedParamGroup[];
}

/**
 * Options of `zeroGrad`.
 * @example
 * optimizer.zeroGrad({ setToNone: false });
 */
export interface ZeroGradOptions {
  /** Set gradients to null instead of filling them with zeros (default true, as PyTorch 2). */
  setToNone?: boolean;
}

/** `base` with the defined entries of `overrides` (but not their `params`) on top. */
function withOverrides(base: object, overrides: object): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) if (key !== 'params' && value !== undefined) out[key] = value;
  return out;
}

function copyHyperparameters(group: object): Record<string, Hyperparameter> {
  const out: Record<string, Hyperparameter> = {};
  for (const [key, value] of Object.entries(group)) {
    if (key === 'params' || value === undefined) continue;
    out[key] = Array.isArray(value) ? (value as readonly number[]).slice() : (value as Hyperparameter);
  }
  return out;
}

/**
 * The base of every optimizer, as `torch.optim.Optimizer`: parameter groups with their own
 * hyperparameters, per-parameter `state` keyed by the Tensor, `step()`, `zeroGrad()` and state
 * dicts. A subclass names itself, sets up a parameter's state in `initState` and updates one
 * parameter in `update`, in place on `param.data` (plain NDArray ops, so nothing is recorded).
 * @example
 * class SignSGD extends Optimizer<{ lr: number }, object> {
 *   constructor(params: Params<{ lr: number }>, options: { lr?: number } = {}) { super(params, { lr: 0.01 }, options); }
 *   override get name() { return 'SignSGD'; }
 *   protected initState() { return {}; }
 *   protected update(param: Tensor, grad: NDArray, _state: object, group: { lr: number }) { sub_(param.data, mul(sign(grad), group.lr)); }
 * }
 */
export abstract class Optimizer<THyper extends BaseHyperparameters = BaseHyperparameters, TState extends object = object> {
  /** The hyperparameters a group gets unless it sets its own. */
  readonly defaults: THyper;
  /** The parameter groups, in order; schedulers and users may change their hyperparameters. */
  readonly paramGroups: ParamGroup<THyper>[] = [];
  /** Per-parameter state (moment buffers, step counts), created at a parameter's first step. */
  readonly state = new Map<Tensor, TState>();

  protected constructor(params: Params<THyper>, defaults: THyper, options: Partial<THyper> = {}) {
    this.defaults = withOverrides(defaults, options) as THyper;
    this.validate(this.defaults);
    if (Tensor.isTensor(params) || typeof (params as Partial<Iterable<unknown>> | null)?.[Symbol.iterator] !== 'function') {
      throw new ArgumentError(`${this.name}: params must be an iterable of Tensors or parameter groups, got ${Tensor.isTensor(params) ? 'a Tensor' : show(params)}\nhint: wrap a single tensor in a list, as new ${this.name}([weight])`);
    }
    const list: unknown[] = [...(params as Iterable<unknown>)];
    if (list.length === 0) throw new ArgumentError(`${this.name}: got an empty parameter list`);
    if (Tensor.isTensor(list[0])) {
      this.addParamGroup({ params: list } as unknown as ParamGroupInput<THyper>);
    } else {
      for (const group of list) this.addParamGroup(group as ParamGroupInput<THyper>);
    }
  }

  /** The optimizer's name, as error messages print it; every subclass overrides it. */
  // eslint-disable-next-line @typescript-eslint/class-literal-property-style -- a getter, unlike a field, is already there while the base constructor validates
  get name(): string {
    return 'Optimizer';
  }

  /**
   * Appends a parameter group, as `add_param_group` (to unfreeze layers while training).
   * Unset hyperparameters come from the defaults.
   * @example
   * optimizer.addParamGroup({ params: head.parameters(), lr: 0.1 });
   */
  addParamGroup(group: ParamGroupInput<THyper>): void {
    const where = `${this.name}: parameter group ${this.paramGroups.length}`;
    if (typeof group !== 'object' || (group as unknown) === null || !('params' in group)) {
      throw new ArgumentError(`${this.name}: optimizer can only optimize Tensors or parameter groups ({ params, ...hyperparameters }), got ${show(group)}`);
    }
    const params: unknown[] = Tensor.isTensor(group.params) ? [group.params] : [...(group.params as Iterable<unknown>)];
    const seen = new Set(this.paramGroups.flatMap((g) => g.params));
    params.forEach((param, i) => {
      if (!Tensor.isTensor(param)) throw new ArgumentError(`${where}: optimizer can only optimize Tensors, but parameter ${i} is ${show(param)}`);
      if (!param.isLeaf) throw new ArgumentError(`${where}: can't optimize a non-leaf Tensor (parameter ${i} was made by ${param.gradFn?.name ?? 'an op'})\nhint: optimize the leaf, or call detach().requiresGrad_()`);
      if (seen.has(param)) throw new ArgumentError(`${where}: parameter ${i} appears more than once across the parameter groups`);
      seen.add(param);
    });
    const hyper = withOverrides(this.defaults, group);
    this.validate(hyper as THyper);
    this.paramGroups.push({ ...hyper, params } as ParamGroup<THyper>);
  }

  /**
   * Updates every parameter that has a gradient (`param.grad`, or a row-sparse `sparseGrad`),
   * as `optimizer.step()`. With a closure, runs it first and returns its result (the loss).
   * @example
   * loss.backward(); optimizer.step(); optimizer.zeroGrad();
   */
  step(): void;
  step<T>(closure: () => T): T;
  step<T>(closure?: () => T): T | undefined {
    const loss = closure?.();
    let index = 0;
    for (const group of this.paramGroups) {
      for (const param of group.params) this.stepParam(param, index++, group);
    }
    return loss;
  }

  private stepParam(param: Tensor, index: number, group: ParamGroup<THyper>): void {
    const dense = param.grad;
    const sparse: unknown = sparseGradOf(param);
    if (dense === null && sparse === null) return;
    if (dense !== null && !shapesEqual(dense.shape, param.shape)) {
      throw new ShapeError(`${this.name}: the gradient of parameter ${index} has shape ${formatShape(dense.shape)}, the parameter ${formatShape(param.shape)}`);
    }
    if (sparse !== null) checkSparseGrad(this.name, sparse, param, index);
    let state = this.state.get(param);
    if (state === undefined) {
      state = this.initState(param, group);
      settleState(state);
      this.state.set(param, state);
    }
    // Buffers an update makes lazily (momentum, amsgrad's max) are kept; one it replaces is disposed.
    const before = stateArrays(state);
    if (sparse === null) {
      if (dense !== null) this.update(param, dense, state, group);
    } else if (dense === null) {
      this.updateSparse(param, sparse, state, group);
    } else {
      // NOTE: a dense and a sparse gradient together (a weight used both ways) add up, as in PyTorch.
      this.update(param, add(dense, sparseGradToDense(sparse, param.data)), state, group);
    }
    settleState(state, before);
  }

  /**
   * The state buffers, listed for @dl/tensor's `dispose` (which then releases them) and `tidy`.
   * @example
   * dispose(optimizer); // frees every moment buffer
   */
  [ARRAYS_PROTOCOL](): NDArray[] {
    return [...this.state.values()].flatMap(stateArrays);
  }

  /**
   * Clears the gradients of all parameters, as `zero_grad()`: sets them to null (the default,
   * as PyTorch 2) or fills them with zeros. Row-sparse gradients are cleared too.
   * @example
   * optimizer.zeroGrad(); optimizer.zeroGrad({ setToNone: false });
   */
  zeroGrad(options: ZeroGradOptions = {}): void {
    const { setToNone = true } = options;
    for (const group of this.paramGroups) {
      for (const param of group.params) {
        // Setting null disposes a gradient backward made inside a tidy (@dl/autograd's rule).
        if (setToNone) param.grad = null;
        else if (param.grad !== null) fill_(param.grad, 0);
        if (sparseGradOf(param) === null) continue;
        if (setToNone) setSparseGrad(param, null);
        else adoptSparseGrad(param, emptySparseGrad(param));
      }
    }
  }

  /**
   * The optimizer's state in PyTorch's layout (parameters as indices), with copies of the
   * buffers, so training can resume exactly after `loadStateDict`. NDArrays and numbers only:
   * @dl/io saves it as safetensors + JSON.
   * @example
   * const saved = optimizer.stateDict();
   */
  stateDict(): OptimizerStateDict {
    const state: Record<string, Record<string, StateValue>> = {};
    let index = 0;
    const paramGroups = this.paramGroups.map((group) => {
      const params = group.params.map((param) => {
        const entry = this.state.get(param);
        if (entry !== undefined) state[String(index)] = this.saveEntry(entry, index);
        return index++;
      });
      return { ...copyHyperparameters(group), params };
    });
    return { state, paramGroups };
  }

  private saveEntry(entry: TState, index: number): Record<string, StateValue> {
    const out: Record<string, StateValue> = {};
    for (const [key, value] of Object.entries(entry) as [string, unknown][]) {
      if (value === undefined) continue;
      if (NDArray.isNDArray(value)) out[key] = clone(value);
      else if (typeof value === 'number') out[key] = value;
      else throw new ArgumentError(`stateDict(${this.name}): state ${key} of parameter ${index} is ${show(value)}, expected an NDArray or a number`);
    }
    return out;
  }

  /**
   * Restores hyperparameters and state saved by `stateDict`, as `load_state_dict`: groups must
   * match in number and size; keys a saved group lacks keep their current values. Buffers are
   * copied and cast to their parameter's dtype.
   * @example
   * const resumed = new Adam(model.parameters()); resumed.loadStateDict(saved);
   */
  loadStateDict(stateDict: OptimizerStateDict): void {
    const where = `loadStateDict(${this.name})`;
    const saved = stateDict.paramGroups;
    if (saved.length !== this.paramGroups.length) {
      throw new ArgumentError(`${where}: the state dict has ${saved.length} parameter groups, the optimizer ${this.paramGroups.length}`);
    }
    const byIndex = new Map<number, Tensor>();
    const groups = this.paramGroups.map((group, g) => {
      const savedGroup = saved[g];
      if (savedGroup.params.length !== group.params.length) {
        throw new ArgumentError(`${where}: parameter group ${g} has ${savedGroup.params.length} parameters in the state dict, ${group.params.length} in the optimizer`);
      }
      savedGroup.params.forEach((id, i) => byIndex.set(id, group.params[i]));
      // Keys the saved group lacks (say, from an older version) keep their current values.
      const hyper = { ...withOverrides(group, copyHyperparameters(savedGroup)), params: group.params } as unknown as ParamGroup<THyper>;
      this.validate(hyper);
      return hyper;
    });
    const state = new Map<Tensor, TState>();
    for (const [key, entry] of Object.entries(stateDict.state)) {
      const param = byIndex.get(Number(key));
      if (param === undefined) throw new ArgumentError(`${where}: the state dict has state for parameter ${key}, which no parameter group lists`);
      state.set(param, this.loadEntry(where, entry, param, key));
    }
    groups.forEach((group, g) => (this.paramGroups[g] = group));
    const dropped = [...this.state.values()].flatMap(stateArrays);
    this.state.clear();
    for (const [param, entry] of state) {
      settleState(entry);
      this.state.set(param, entry);
    }
    // The optimizer made (or copied) every buffer it held, so nothing else owns them.
    dispose(dropped);
  }

  private loadEntry(where: string, entry: Record<string, StateValue>, param: Tensor, key: string): TState {
    const out: Record<string, StateValue> = {};
    for (const [name, value] of Object.entries(entry)) {
      if (typeof value === 'number') {
        out[name] = value;
      } else if (NDArray.isNDArray(value)) {
        if (!shapesEqual(value.shape, param.shape)) {
          throw new ShapeError(`${where}: state ${name} of parameter ${key} has shape ${formatShape(value.shape)}, the parameter ${formatShape(param.shape)}`);
        }
        out[name] = astype(value, param.dtype, { copy: true });
      } else {
        throw new ArgumentError(`${where}: state ${name} of parameter ${key} is ${show(value)}, expected an NDArray or a number`);
      }
    }
    return out as TState;
  }

  /**
   * Checks a group's hyperparameters (the defaults, each added group, each loaded group);
   * subclasses extend it with PyTorch's checks.
   */
  protected validate(hyper: THyper): void {
    checkNonNegative(this.name, 'learning rate', hyper.lr);
  }

  /** The state of a parameter before its first update (PyTorch's `if len(state) == 0:` block). */
  protected abstract initState(param: Tensor, group: ParamGroup<THyper>): TState;

  /** Updates `param.data` in place from its dense gradient `grad`; never changes `grad`. */
  protected abstract update(param: Tensor, grad: NDArray, state: TState, group: ParamGroup<THyper>): void;

  /**
   * Updates `param.data` from a row-sparse gradient (see README); optimizers that support
   * them (SGD, Adagrad, SparseAdam) override this.
   */
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the overrides in SGD, Adagrad and SparseAdam use them
  protected updateSparse(param: Tensor, grad: RowSparseGrad, _state: TState, _group: ParamGroup<THyper>): void {
    throw new ArgumentError(`${this.name}: does not support sparse gradients (parameter of shape ${formatShape(param.shape)} has a sparseGrad, nnz ${grad.indices.size})\nhint: use SparseAdam, SGD or Adagrad for a sparse Embedding, or an Embedding without sparse: true`);
  }
}

import { Tensor, tensor } from '@dl/autograd';
import * as nd from '@dl/tensor';
import { ArgumentError, NDArray, ShapeError, formatShape } from '@dl/tensor';
import { Parameter } from './parameter.js';

const MARKER = Symbol.for('dl.Module');

/** Weights and buffers by dotted name (`'0.weight'`), as PyTorch's `state_dict()`. */
export type StateDict = Record<string, NDArray>;

/** Options of `loadStateDict`. */
export interface LoadStateDictOptions {
  /** Throw on missing or unexpected keys (default true); shape mismatches always throw. */
  strict?: boolean;
}

/** What `loadStateDict` did not match: keys the model has but `sd` lacks, and the reverse. */
export interface LoadStateDictResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

/** Options of `registerBuffer`. */
export interface BufferOptions {
  /** Whether the buffer is part of `stateDict()` (default true). */
  persistent?: boolean;
}

/** Options of `zeroGrad`. */
export interface ZeroGradOptions {
  /** Set `.grad` to null (default, as PyTorch 2) instead of filling it with zeros. */
  setToNone?: boolean;
}

/** Returned by hook registration; `remove()` unregisters the hook. */
export interface RemovableHandle {
  remove(): void;
}

/** Runs after `forward` inside `call`, with the inputs forward got (NDArrays as Tensors); a non-undefined return value replaces the output. */
export type ForwardHook = (module: Module, inputs: readonly unknown[], output: unknown) => unknown;

/**
 * What `Module.call` takes for a forward with parameters `TInputs`: each parameter that accepts a
 * Tensor also accepts an NDArray, which `call` turns into a constant Tensor.
 * @example
 * type LinearInputs = CallInputs<[input: Tensor]>; // [input: Tensor | NDArray]
 */
export type CallInputs<TInputs extends readonly unknown[]> = {
  [K in keyof TInputs]: Tensor extends TInputs[K] ? TInputs[K] | NDArray : TInputs[K];
};

type Fields = Record<string, unknown>;

/**
 * Base class of every layer and model, as `torch.nn.Module`. Parameters and child modules are
 * registered by assigning them to fields (found by a walk over own fields in definition order)
 * or explicitly with `registerParameter`/`registerModule`; buffers with `registerBuffer`.
 * Subclasses implement `forward`; run a module with `module.call(...inputs)`.
 * @example
 * class MLP extends Module {
 *   fc1 = new Linear(4, 8);
 *   fc2 = new Linear(8, 2);
 *   forward(x: Tensor): Tensor { return this.fc2.call(relu(this.fc1.call(x))); }
 * }
 * new MLP().namedParameters().map(([name]) => name); // ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']
 */
export abstract class Module {
  /** True in training mode (the default); `eval()` clears it, which changes Dropout and BatchNorm. */
  training = true;
  readonly [MARKER] = true;
  readonly #buffers = new Map<string, { persistent: boolean }>();
  readonly #forwardHooks = new Set<{ hook: ForwardHook }>();
  #named = false;

  /** The computation; subclasses narrow the signature, e.g. `forward(input: Tensor): Tensor`. */
  abstract forward(...inputs: unknown[]): unknown;

  /**
   * True for a Module from any copy of @dl/nn (use instead of `instanceof`).
   * @example
   * Module.isModule(new Linear(2, 3)) // true
   */
  static isModule(value: unknown): value is Module {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }

  /**
   * Runs `forward` (typed as this module's forward) and then the forward hooks, as calling a
   * module in PyTorch; on first use it also names the parameters for graph drawings. Where forward
   * takes a Tensor, `call` also takes an NDArray (a DataLoader batch, say): forward receives it
   * as a constant Tensor, without grad.
   * @example
   * const y = new Linear(2, 3).call(x);
   * for (const [xb, yb] of loader) loss.call(model.call(xb), yb).backward();
   */
  call<TThis extends Module>(this: TThis, ...inputs: CallInputs<Parameters<TThis['forward']>>): ReturnType<TThis['forward']> {
    if (!this.#named) {
      this.namedParameters();
      for (const module of this.modules()) module.#named = true;
    }
    const args: unknown[] = inputs.map((input: unknown) => (NDArray.isNDArray(input) ? new Tensor(input) : input));
    let output = this.forward(...args);
    for (const { hook } of this.#forwardHooks) {
      const replaced = hook(this, args, output);
      if (replaced !== undefined) output = replaced;
    }
    return output as ReturnType<TThis['forward']>;
  }

  /**
   * Adds a hook run after each `call` with the inputs and output, as `register_forward_hook`.
   * @example
   * const handle = layer.registerForwardHook((m, inputs, output) => { seen.push(output); });
   * handle.remove();
   */
  registerForwardHook(hook: ForwardHook): RemovableHandle {
    // Wrapped so the same function registered twice runs twice, as in PyTorch.
    const entry = { hook };
    this.#forwardHooks.add(entry);
    return { remove: () => this.#forwardHooks.delete(entry) };
  }

  /**
   * Registers `param` under `name` (the same as assigning the field); null registers no value.
   * @example
   * this.registerParameter('scale', new Parameter(nd.ones([4])));
   */
  registerParameter(name: string, param: Parameter | null): void {
    this.#checkName('registerParameter', name, (value) => Parameter.isParameter(value));
    if (param !== null && !Parameter.isParameter(param)) {
      throw new ArgumentError(`registerParameter(${this.#typeName()}): '${name}' must be a Parameter or null, got ${describe(param)}\nhint: wrap it: new Parameter(value)`);
    }
    (this as unknown as Fields)[name] = param;
  }

  /**
   * Registers `module` as a child under `name` (the same as assigning the field).
   * @example
   * this.registerModule('encoder', new Linear(8, 4));
   */
  registerModule(name: string, module: Module | null): void {
    this.#checkName('registerModule', name, (value) => Module.isModule(value));
    if (module !== null && !Module.isModule(module)) {
      throw new ArgumentError(`registerModule(${this.#typeName()}): '${name}' must be a Module or null, got ${describe(module)}`);
    }
    (this as unknown as Fields)[name] = module;
  }

  /**
   * Registers non-trained state (BatchNorm's running statistics) that `stateDict()` saves unless
   * `persistent: false`; the field holds a Tensor without grad.
   * @example
   * this.registerBuffer('running_mean', nd.zeros([features]));
   */
  registerBuffer(name: string, value: Tensor | NDArray | null, options: BufferOptions = {}): void {
    this.#checkName('registerBuffer', name, (v) => this.#buffers.has(name) && (v === null || Tensor.isTensor(v)));
    if (value !== null && !Tensor.isTensor(value) && !NDArray.isNDArray(value)) {
      throw new ArgumentError(`registerBuffer(${this.#typeName()}): '${name}' must be a Tensor, an NDArray or null, got ${describe(value)}`);
    }
    this.#buffers.set(name, { persistent: options.persistent ?? true });
    const buffer = value === null || Tensor.isTensor(value) ? value : tensor(value);
    // Buffers are state, as parameters: no tidy() disposes them.
    if (buffer !== null) nd.keep(buffer.data);
    (this as unknown as Fields)[name] = buffer;
  }

  #checkName(op: string, name: string, isSameKind: (value: unknown) => boolean): void {
    if (typeof name !== 'string' || name === '' || name.includes('.')) {
      throw new ArgumentError(`${op}(${this.#typeName()}): name must be a non-empty string without '.', got '${name}'`);
    }
    const current = (this as unknown as Fields)[name];
    const free = !(name in this) || (Object.hasOwn(this, name) && (current === undefined || current === null || isSameKind(current)));
    if (!free) throw new ArgumentError(`${op}(${this.#typeName()}): attribute '${name}' already exists`);
  }

  #typeName(): string {
    return this.constructor.name;
  }

  /** Own registered members in definition order: parameters, buffers (incl. nulls) and children. */
  #members(): { params: [string, Parameter][]; buffers: [string, NDArray, boolean][]; children: [string, Module][] } {
    const params: [string, Parameter][] = [];
    const buffers: [string, NDArray, boolean][] = [];
    const children: [string, Module][] = [];
    for (const key of Object.keys(this)) {
      const value = (this as unknown as Fields)[key];
      const buffer = this.#buffers.get(key);
      if (buffer !== undefined) {
        const data = Tensor.isTensor(value) ? value.data : NDArray.isNDArray(value) ? value : null;
        if (data) buffers.push([key, data, buffer.persistent]);
      } else if (Parameter.isParameter(value)) params.push([key, value]);
      else if (Module.isModule(value)) children.push([key, value]);
      else if (holdsUnregistered(value)) {
        // PyTorch silently ignores modules in plain lists and dicts; a training run that never
        // updates them is worse than an error.
        const kind = Array.isArray(value) ? 'array' : 'object';
        throw new ArgumentError(
          `${this.#typeName()}: field '${key}' is a plain ${kind} of Modules or Parameters, which are not registered\nhint: use ${kind === 'array' ? 'new ModuleList([...]) or new ParameterList([...])' : 'new ModuleDict({...})'}`,
        );
      }
    }
    return { params, buffers, children };
  }

  /**
   * The direct children with their field names, as `named_children()`.
   * @example
   * new Sequential(new Linear(2, 3), new ReLU()).namedChildren() // [['0', Linear], ['1', ReLU]]
   */
  namedChildren(): [string, Module][] {
    const seen = new Set<Module>();
    return this.#members().children.filter(([, m]) => !seen.has(m) && seen.add(m));
  }

  /**
   * The direct children, as `children()`.
   * @example
   * model.children().length
   */
  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /**
   * This module and every descendant once each, depth first, with dotted names ('' for this one).
   * @example
   * model.namedModules().map(([name]) => name) // ['', '0', '1']
   */
  namedModules(options: { prefix?: string } = {}): [string, Module][] {
    const out: [string, Module][] = [];
    const seen = new Set<Module>();
    const visit = (module: Module, prefix: string): void => {
      if (seen.has(module)) return;
      seen.add(module);
      out.push([prefix, module]);
      for (const [name, child] of module.#members().children) visit(child, join(prefix, name));
    };
    visit(this, options.prefix ?? '');
    return out;
  }

  /**
   * This module and every descendant once each, depth first, as `modules()`.
   * @example
   * model.modules().filter((m) => m instanceof Linear).length
   */
  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  /**
   * Every parameter once with its dotted name (`'encoder.layers.1.bias'`), in definition order;
   * a parameter without a `name` gets this one (shown in graph drawings).
   * @example
   * new Linear(2, 3).namedParameters().map(([name]) => name) // ['weight', 'bias']
   */
  namedParameters(options: { prefix?: string; recurse?: boolean } = {}): [string, Parameter][] {
    const out: [string, Parameter][] = [];
    const seen = new Set<Parameter>();
    const modules: [string, Module][] = options.recurse === false ? [[options.prefix ?? '', this]] : this.namedModules(options);
    for (const [prefix, module] of modules) {
      for (const [name, param] of module.#members().params) {
        if (seen.has(param)) continue;
        seen.add(param);
        param.name ??= join(prefix, name);
        out.push([join(prefix, name), param]);
      }
    }
    return out;
  }

  /**
   * Every parameter once (shared ones are not repeated), as `parameters()`; pass it to an optimizer.
   * @example
   * new SGD(model.parameters(), { lr: 0.1 })
   */
  parameters(options: { recurse?: boolean } = {}): Parameter[] {
    return this.namedParameters(options).map(([, p]) => p);
  }

  /**
   * Every buffer (persistent or not) once with its dotted name, as `named_buffers()`.
   * @example
   * new BatchNorm1d(4).namedBuffers().map(([name]) => name) // ['running_mean', 'running_var', 'num_batches_tracked']
   */
  namedBuffers(): [string, NDArray][] {
    const out: [string, NDArray][] = [];
    for (const [prefix, module] of this.namedModules()) {
      for (const [name, data] of module.#members().buffers) out.push([join(prefix, name), data]);
    }
    return out;
  }

  /**
   * Every buffer's values, as `buffers()`.
   * @example
   * new BatchNorm1d(4).buffers().length // 3
   */
  buffers(): NDArray[] {
    return this.namedBuffers().map(([, data]) => data);
  }

  /**
   * Calls `fn` on every child (recursively) and then on this module, as `apply(fn)`.
   * @example
   * model.apply((m) => { if (m instanceof Linear) init.zeros_(m.bias); });
   */
  apply(fn: (module: Module) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  /**
   * Sets training mode (`mode`, default true) on this module and all descendants.
   * @example
   * model.train();
   */
  train(mode = true): this {
    for (const module of this.modules()) module.training = mode;
    return this;
  }

  /**
   * Sets evaluation mode: Dropout passes inputs through and BatchNorm uses running statistics.
   * @example
   * model.eval();
   */
  eval(): this {
    return this.train(false);
  }

  /**
   * Clears the gradients of all parameters (to null by default, as PyTorch 2).
   * @example
   * model.zeroGrad();
   */
  zeroGrad(options: ZeroGradOptions = {}): void {
    for (const param of this.parameters()) {
      if (options.setToNone === false) {
        if (param.grad) nd.fill_(param.grad, 0);
      } else param.grad = null;
    }
  }

  /**
   * Sets `requiresGrad` on every parameter; `requiresGrad_(false)` freezes the module.
   * @example
   * encoder.requiresGrad_(false);
   */
  requiresGrad_(requiresGrad = true): this {
    for (const param of this.parameters()) param.requiresGrad = requiresGrad;
    return this;
  }

  /**
   * Moves every parameter and buffer into shared memory (a `SharedArrayBuffer`), as
   * `share_memory()`: the worker pool's threads then read and update them in place instead of
   * copying them for every split op, and your own workers can train them Hogwild-style. Call it
   * before creating the optimizer, whose state then lives in shared memory too.
   * @example
   * const model = new Linear(784, 256).shareMemory(); model.weight.data.isShared // true
   */
  shareMemory(): this {
    // The shared copies are state like the arrays they replace (kept from every tidy); those
    // are left to the GC, as the caller may still hold them.
    for (const param of this.parameters()) param.data = nd.keep(param.data.toShared());
    for (const module of this.modules()) {
      for (const [key] of module.#members().buffers) {
        const field = (module as unknown as Fields)[key];
        if (Tensor.isTensor(field)) field.data = nd.keep(field.data.toShared());
      }
    }
    return this;
  }

  /**
   * The parameters (values and gradients) and buffers, listed for @dl/tensor's `tidy` (which
   * then keeps a returned module whole) and `dispose` (which releases them all).
   * @example
   * const model = tidy(() => new Sequential(new Linear(4, 8), new ReLU()));
   * dispose(model);
   */
  [nd.ARRAYS_PROTOCOL](): (Tensor | NDArray)[] {
    return [...this.parameters(), ...this.buffers()];
  }

  /**
   * Parameters and persistent buffers by dotted name, parameters before buffers and children
   * last, as `state_dict()`; the NDArrays share memory with the module (clone to snapshot).
   * @example
   * Object.keys(new Linear(2, 3).stateDict()) // ['weight', 'bias']
   */
  stateDict(): StateDict {
    const out: StateDict = {};
    for (const [name, target] of this.#stateEntries('stateDict', '', [])) out[name] = target;
    return out;
  }

  #stateEntries(op: string, prefix: string, ancestors: Module[]): [string, NDArray][] {
    if (ancestors.includes(this)) throw new ArgumentError(`${op}: ${this.#typeName()} contains itself (at '${prefix}')`);
    const { params, buffers, children } = this.#members();
    const out: [string, NDArray][] = [
      ...params.map(([name, p]): [string, NDArray] => [join(prefix, name), p.data]),
      ...buffers.filter(([, , persistent]) => persistent).map(([name, data]): [string, NDArray] => [join(prefix, name), data]),
    ];
    for (const [name, child] of children) out.push(...child.#stateEntries(op, join(prefix, name), [...ancestors, this]));
    return out;
  }

  /**
   * Copies values from `sd` into this module's parameters and buffers in place (keeping their
   * identity, so optimizers stay attached). Shape mismatches always throw; missing or unexpected
   * keys throw when `strict` (default) and are returned otherwise. Nothing is copied on error.
   * @example
   * const { missingKeys, unexpectedKeys } = model.loadStateDict(sd, { strict: false });
   */
  loadStateDict(sd: Readonly<Record<string, NDArray | Tensor>>, options: LoadStateDictOptions = {}): LoadStateDictResult {
    const op = `loadStateDict(${this.#typeName()})`;
    const given: unknown = sd;
    if (typeof given !== 'object' || given === null) throw new ArgumentError(`${op}: expected an object of NDArrays, got ${describe(sd)}`);
    const targets = new Map(this.#stateEntries(op, '', []));
    const missingKeys = [...targets.keys()].filter((key) => !Object.hasOwn(sd, key));
    const unexpectedKeys = Object.keys(sd).filter((key) => !targets.has(key));
    const problems: string[] = [];
    const copies: [NDArray, NDArray][] = [];
    for (const [key, target] of targets) {
      if (!Object.hasOwn(sd, key)) continue;
      const value: unknown = sd[key];
      const source = Tensor.isTensor(value) ? value.data : NDArray.isNDArray(value) ? value : null;
      if (source === null) problems.push(`'${key}' must be an NDArray or a Tensor, got ${describe(value)}`);
      else if (!nd.shapesEqual(source.shape, target.shape)) {
        problems.push(`size mismatch for ${key}: copying a param with shape ${formatShape(source.shape)} from checkpoint, the shape in current model is ${formatShape(target.shape)}`);
      } else copies.push([target, source]);
    }
    const shapeProblems = problems.length > 0;
    if (options.strict !== false) {
      if (missingKeys.length > 0) problems.push(`missing keys: ${missingKeys.join(', ')}`);
      if (unexpectedKeys.length > 0) problems.push(`unexpected keys: ${unexpectedKeys.join(', ')}`);
    }
    if (problems.length > 0) {
      const Err = shapeProblems ? ShapeError : ArgumentError;
      throw new Err(`${op}: ${problems.join('; ')}`);
    }
    for (const [target, source] of copies) nd.copy_(target, source);
    return { missingKeys, unexpectedKeys };
  }

  /**
   * The text inside this module's parentheses in `toString()` (e.g. `inFeatures=2, outFeatures=3`);
   * override it in layers with hyperparameters.
   * @example
   * protected override extraRepr(): string { return `p=${this.p}`; }
   */
  protected extraRepr(): string {
    return '';
  }

  #repr(): string {
    const extra = this.extraRepr();
    const children = this.#members().children;
    if (children.length === 0) return `${this.#typeName()}(${extra})`;
    const lines = extra === '' ? [] : extra.split('\n');
    for (const [name, child] of children) lines.push(`(${name}): ${child.#repr().replaceAll('\n', '\n  ')}`);
    return `${this.#typeName()}(\n  ${lines.join('\n  ')}\n)`;
  }

  /**
   * The module tree as PyTorch prints it, then a parameter count line.
   * @example
   * String(new Sequential(new Linear(2, 3), new ReLU()))
   * // Sequential(
   * //   (0): Linear(inFeatures=2, outFeatures=3, bias=true)
   * //   (1): ReLU()
   * // )
   * // Parameters: 9 (trainable: 9)
   */
  toString(): string {
    const params = this.parameters();
    const count = (list: Parameter[]): string => list.reduce((n, p) => n + p.size, 0).toLocaleString('en-US');
    return `${this.#repr()}\nParameters: ${count(params)} (trainable: ${count(params.filter((p) => p.requiresGrad))})`;
  }

  /** Lets `console.log` in Node print the same text as `toString`. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** A plain array or object literal holding a Module or Parameter (which the walk would miss). */
function holdsUnregistered(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const plain = Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype;
  return plain && Object.values(value).some((v) => Module.isModule(v) || Parameter.isParameter(v));
}

const join = (prefix: string, name: string): string => (prefix === '' ? name : `${prefix}.${name}`);

/** @internal A short description of a bad value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return value.constructor.name;
  return typeof value;
}

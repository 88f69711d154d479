// Containers, as torch.nn.Sequential/ModuleList/ModuleDict/ParameterList: children live in own
// fields named '0', '1', ... (or by key), so the Module walk names them '0.weight' as PyTorch.
import type { Tensor } from '@dl/autograd';
import { ArgumentError, DLError, IndexError } from '@dl/tensor';
import { Module, describe } from '../module.js';
import { Parameter } from '../parameter.js';

type Fields = Record<string, unknown>;

function checkIndex(op: string, index: number, length: number): number {
  if (!Number.isInteger(index) || index < -length || index >= length) {
    throw new IndexError(`${op}: index ${index} out of range for ${length} modules (expected ${-length}..${length - 1})`);
  }
  return index < 0 ? index + length : index;
}

/** Own module fields in order, repeats kept (a module shared twice runs twice, as in PyTorch). */
function ownModules(container: Module): [string, Module][] {
  return Object.entries(container).filter((entry): entry is [string, Module] => Module.isModule(entry[1]));
}

function notCallable(name: string): never {
  throw new DLError(`${name}: a container has no forward\nhint: call the modules it holds`);
}

/** A container indexed 0..length-1 (the shared part of Sequential and ModuleList). */
abstract class IndexedModules extends Module {
  readonly [index: number]: Module;

  /** Number of modules held. */
  get length(): number {
    return ownModules(this).length;
  }

  /**
   * The module at `index` (negative counts from the end).
   * @example
   * model.at(-1)
   */
  at(index: number): Module {
    const modules = ownModules(this);
    return modules[checkIndex(`${this.constructor.name}.at`, index, modules.length)][1];
  }

  /**
   * Adds `module` at the end.
   * @example
   * layers.append(new ReLU());
   */
  append(module: Module): this {
    this.registerModule(String(this.length), module);
    return this;
  }

  *[Symbol.iterator](): Iterator<Module> {
    for (const [, module] of ownModules(this)) yield module;
  }
}

function flattenModules(op: string, args: readonly (Module | readonly Module[])[]): Module[] {
  const modules = args.length === 1 && Array.isArray(args[0]) ? (args[0] as readonly Module[]) : (args as readonly unknown[]);
  return modules.map((m, i) => {
    if (!Module.isModule(m)) throw new ArgumentError(`${op}: argument ${i} must be a Module, got ${describe(m)}`);
    return m;
  });
}

/**
 * Modules run one after another, each fed the previous output, as `torch.nn.Sequential`.
 * Takes modules as arguments, an array of them, or an object of named modules.
 * @example
 * const model = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 2), new Softmax(1));
 * model.call(x) // [batch, 2]
 */
export class Sequential extends IndexedModules {
  constructor(...modules: (Module | readonly Module[] | Readonly<Record<string, Module>>)[]) {
    super();
    const [first] = modules;
    if (modules.length === 1 && typeof first === 'object' && !Array.isArray(first) && !Module.isModule(first)) {
      for (const [name, module] of Object.entries(first as Record<string, Module>)) {
        if (!Module.isModule(module)) throw new ArgumentError(`Sequential: '${name}' must be a Module, got ${describe(module)}`);
        this.registerModule(name, module);
      }
    } else {
      flattenModules('Sequential', modules as (Module | readonly Module[])[]).forEach((m, i) => {
        this.registerModule(String(i), m);
      });
    }
  }

  /** Feeds `input` through every module in order. @example model.forward(x) */
  forward(input: Tensor): Tensor {
    let output: unknown = input;
    for (const module of this) output = module.call(output);
    return output as Tensor;
  }
}

/**
 * A list of modules that registers them (a plain array field does not), as `torch.nn.ModuleList`.
 * @example
 * this.layers = new ModuleList([new Linear(4, 4), new Linear(4, 4)]);
 * for (const layer of this.layers) x = layer.call(x);
 */
export class ModuleList extends IndexedModules {
  constructor(modules: readonly Module[] = []) {
    super();
    this.extend(modules);
  }

  /**
   * Appends every module of `modules`.
   * @example
   * layers.extend([new Linear(2, 2), new ReLU()]);
   */
  extend(modules: Iterable<Module>): this {
    flattenModules('ModuleList', [[...modules]]).forEach((m) => this.append(m));
    return this;
  }

  /** Containers have no forward; throws. @example layers.at(0).call(x) */
  forward(): never {
    return notCallable('ModuleList');
  }
}

/**
 * Named modules, registered under their keys in insertion order, as `torch.nn.ModuleDict`.
 * Keys may not contain '.' or shadow a method (`get`, `forward`, ...).
 * @example
 * const heads = new ModuleDict({ cls: new Linear(8, 3), box: new Linear(8, 4) });
 * heads.get('cls').call(h)
 */
export class ModuleDict extends Module {
  constructor(modules: Readonly<Record<string, Module>> = {}) {
    super();
    for (const [key, module] of Object.entries(modules)) this.set(key, module);
  }

  /**
   * The module under `key`; throws naming the known keys when absent.
   * @example
   * heads.get('cls')
   */
  get(key: string): Module {
    const module = this.has(key) ? (this as unknown as Fields)[key] : undefined;
    if (!Module.isModule(module)) throw new IndexError(`ModuleDict.get: no module '${key}' (keys: ${this.keys().join(', ')})`);
    return module;
  }

  /**
   * Registers `module` under `key` (replacing any module there).
   * @example
   * heads.set('mask', new Linear(8, 1));
   */
  set(key: string, module: Module): this {
    this.registerModule(key, module);
    return this;
  }

  /** Whether a module is registered under `key`. @example heads.has('cls') */
  has(key: string): boolean {
    return Object.hasOwn(this, key) && Module.isModule((this as unknown as Fields)[key]);
  }

  /**
   * Removes the module under `key` and returns it.
   * @example
   * heads.delete('box')
   */
  delete(key: string): Module {
    const module = this.get(key);
    Reflect.deleteProperty(this, key);
    return module;
  }

  /** The keys in insertion order. @example heads.keys() */
  keys(): string[] {
    return ownModules(this).map(([key]) => key);
  }

  /** The modules in insertion order. @example heads.values() */
  values(): Module[] {
    return ownModules(this).map(([, module]) => module);
  }

  /** `[key, module]` pairs in insertion order. @example heads.entries() */
  entries(): [string, Module][] {
    return ownModules(this);
  }

  /** Number of modules held. */
  get size(): number {
    return this.keys().length;
  }

  /** Containers have no forward; throws. @example heads.get('cls').call(x) */
  forward(): never {
    return notCallable('ModuleDict');
  }
}

/**
 * A list of parameters that registers them under '0', '1', ..., as `torch.nn.ParameterList`.
 * @example
 * this.scales = new ParameterList([new Parameter(nd.ones([4])), new Parameter(nd.ones([4]))]);
 */
export class ParameterList extends Module {
  readonly [index: number]: Parameter;

  constructor(params: readonly Parameter[] = []) {
    super();
    for (const param of params) this.append(param);
  }

  /** Number of parameters held (a parameter appended twice counts twice). */
  get length(): number {
    return Object.values(this).filter((value) => Parameter.isParameter(value)).length;
  }

  /**
   * Adds `param` at the end.
   * @example
   * scales.append(new Parameter(nd.ones([4])));
   */
  append(param: Parameter): this {
    if (!Parameter.isParameter(param)) throw new ArgumentError(`ParameterList.append: expected a Parameter, got ${describe(param)}`);
    this.registerParameter(String(this.length), param);
    return this;
  }

  /**
   * The parameter at `index` (negative counts from the end).
   * @example
   * scales.at(0)
   */
  at(index: number): Parameter {
    return this[checkIndex('ParameterList.at', index, this.length)];
  }

  *[Symbol.iterator](): Iterator<Parameter> {
    for (let i = 0; i < this.length; i++) yield this[i];
  }

  /** Containers have no forward; throws. @example scales.at(0) */
  forward(): never {
    return notCallable('ParameterList');
  }
}

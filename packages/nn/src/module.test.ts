import { Tensor, mul, relu, sum, tensor } from '@dl/autograd';
import * as nd from '@dl/tensor';
import { manualSeed } from '@dl/tensor';
import { beforeEach, describe, expect, it } from 'vitest';
import { Module, Parameter } from './index.js';

beforeEach(() => {
  manualSeed(0);
});

/** `fn` without its parameter types, to test what plain JavaScript callers may pass. */
const untyped = (fn: (...args: never[]) => unknown): ((...args: unknown[]) => unknown) => fn as (...args: unknown[]) => unknown;

/** y = x * weight + bias, with explicit parameters so these tests don't depend on layers. */
class Scale extends Module {
  weight: Parameter;
  bias: Parameter | null;

  constructor(size: number, bias = true) {
    super();
    this.weight = new Parameter(nd.ones([size]));
    this.bias = bias ? new Parameter(nd.zeros([size])) : null;
  }

  forward(x: Tensor): Tensor {
    const y = mul(x, this.weight);
    return this.bias ? y.add(this.bias) : y;
  }

  protected override extraRepr(): string {
    return `size=${this.weight.shape[0]}`;
  }
}

class Block extends Module {
  first = new Scale(2);
  act = new Scale(2, false);
  second = new Scale(2);

  forward(x: Tensor): Tensor {
    return this.second.call(relu(this.act.call(this.first.call(x))));
  }
}

class Net extends Module {
  encoder = new Block();
  head: Scale;
  unused = 42;

  constructor() {
    super();
    this.head = new Scale(2);
  }

  forward(x: Tensor): Tensor {
    return this.head.call(this.encoder.call(x));
  }
}

describe('Module', () => {
  it('registers parameters and children assigned to fields, in definition order', () => {
    const net = new Net();
    expect(net.namedParameters().map(([name]) => name)).toEqual([
      'encoder.first.weight', 'encoder.first.bias', 'encoder.act.weight', 'encoder.second.weight', 'encoder.second.bias',
      'head.weight', 'head.bias',
    ]);
    expect(net.namedChildren().map(([name]) => name)).toEqual(['encoder', 'head']);
    expect(net.children()).toEqual([net.encoder, net.head]);
    expect(net.namedModules().map(([name]) => name)).toEqual(['', 'encoder', 'encoder.first', 'encoder.act', 'encoder.second', 'head']);
    expect(net.modules()).toHaveLength(6);
  });

  it('registers explicitly with registerParameter, registerModule and registerBuffer', () => {
    class Explicit extends Module {
      constructor() {
        super();
        this.registerParameter('alpha', new Parameter(nd.ones([3])));
        this.registerModule('inner', new Scale(3));
        this.registerBuffer('count', nd.zeros([1]));
        this.registerBuffer('cache', nd.zeros([2]), { persistent: false });
      }

      forward(x: Tensor): Tensor {
        return x;
      }
    }
    const m = new Explicit();
    expect(m.namedParameters().map(([name]) => name)).toEqual(['alpha', 'inner.weight', 'inner.bias']);
    expect(m.namedBuffers().map(([name]) => name)).toEqual(['count', 'cache']);
    expect(Object.keys(m.stateDict())).toEqual(['alpha', 'count', 'inner.weight', 'inner.bias']);
    expect(Tensor.isTensor((m as unknown as Record<string, unknown>).count)).toBe(true);
  });

  it('rejects names with a dot, names of existing attributes and values of the wrong kind', () => {
    const m = new Scale(2);
    expect(() => {
      m.registerParameter('a.b', null);
    }).toThrow(/registerParameter\(Scale\): name must be a non-empty string without '\.', got 'a\.b'/);
    expect(() => {
      m.registerModule('forward', new Scale(1));
    }).toThrow(/registerModule\(Scale\): attribute 'forward' already exists/);
    expect(() => untyped(m.registerParameter.bind(m))('weight', tensor([1]))).toThrow(
      /registerParameter\(Scale\): 'weight' must be a Parameter or null, got Tensor\nhint: wrap it: new Parameter\(value\)/,
    );
    expect(() => untyped(m.registerModule.bind(m))('child', {})).toThrow(/registerModule\(Scale\): 'child' must be a Module or null, got Object/);
    expect(() => untyped(m.registerBuffer.bind(m))('stats', [1, 2])).toThrow(/registerBuffer\(Scale\): 'stats' must be a Tensor, an NDArray or null, got an array/);
    expect(() => {
      m.registerBuffer('weight', nd.zeros([2]));
    }).toThrow(/registerBuffer\(Scale\): attribute 'weight' already exists/);
  });

  it('replaces a parameter registered under the same name', () => {
    const m = new Scale(2);
    const replacement = new Parameter(nd.full([2], 3));
    m.registerParameter('weight', replacement);
    expect(m.parameters()[0]).toBe(replacement);
  });

  it('throws on a plain array of modules, which would silently not be trained', () => {
    class Bad extends Module {
      layers = [new Scale(2), new Scale(2)];
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    expect(() => new Bad().parameters()).toThrow(/Bad: field 'layers' is a plain array of Modules or Parameters, which are not registered\nhint: use new ModuleList/);
  });

  it('throws on a plain object of modules, hinting at ModuleDict', () => {
    class Heads extends Module {
      heads = { a: new Scale(2) };
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    expect(() => new Heads().stateDict()).toThrow(/Heads: field 'heads' is a plain object of Modules or Parameters, which are not registered\nhint: use new ModuleDict/);
  });

  it('lists a shared parameter once in parameters() but under every name in stateDict()', () => {
    class Tied extends Module {
      a = new Scale(2);
      b = new Scale(2);
      constructor() {
        super();
        this.b.weight = this.a.weight;
      }
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    const tied = new Tied();
    expect(tied.parameters()).toHaveLength(3);
    expect(Object.keys(tied.stateDict())).toEqual(['a.weight', 'a.bias', 'b.weight', 'b.bias']);
  });

  it('visits a shared child once in modules()', () => {
    class Shared extends Module {
      a = new Scale(2);
      b = this.a;
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    const shared = new Shared();
    expect(shared.namedModules().map(([name]) => name)).toEqual(['', 'a']);
    expect(shared.children()).toEqual([shared.a]);
  });

  it('applies fn to children before the module itself', () => {
    const order: string[] = [];
    new Block().apply((m) => order.push(m.constructor.name));
    expect(order).toEqual(['Scale', 'Scale', 'Scale', 'Block']);
  });

  it('sets training mode recursively with train() and eval()', () => {
    const net = new Net();
    expect(net.training).toBe(true);
    expect(net.eval()).toBe(net);
    expect(net.modules().every((m) => !m.training)).toBe(true);
    net.train();
    expect(net.encoder.first.training).toBe(true);
    net.train(false);
    expect(net.head.training).toBe(false);
  });

  it('clears gradients with zeroGrad, to null or to zeros', () => {
    const net = new Net();
    sum(net.call(tensor([1, 2]))).backward();
    expect(net.head.weight.grad).not.toBeNull();
    net.zeroGrad({ setToNone: false });
    expect(net.head.weight.grad?.toArray()).toEqual([0, 0]);
    net.zeroGrad();
    expect(net.parameters().every((p) => p.grad === null)).toBe(true);
  });

  it('freezes parameters with requiresGrad_(false)', () => {
    const net = new Net();
    net.encoder.requiresGrad_(false);
    sum(net.call(tensor([1, 2]))).backward();
    expect(net.encoder.first.weight.grad).toBeNull();
    expect(net.head.weight.grad).not.toBeNull();
    expect(net.encoder.parameters().every((p) => !p.requiresGrad)).toBe(true);
  });

  it('moves parameters and buffers to shared memory with shareMemory(), values kept, training on', () => {
    const net = new Net();
    net.registerBuffer('steps', nd.array([3]));
    const before = net.stateDict();
    const values = Object.fromEntries(Object.entries(before).map(([name, data]) => [name, data.toArray()]));
    expect(net.shareMemory()).toBe(net);
    const after = net.stateDict();
    expect(Object.values(after).every((data) => data.isShared)).toBe(true);
    expect(Object.fromEntries(Object.entries(after).map(([name, data]) => [name, data.toArray()]))).toEqual(values);
    sum(net.call(tensor([1, 2]))).backward();
    expect(net.head.weight.grad).not.toBeNull();
  });

  it('names parameters after their dotted path on the first call', () => {
    const net = new Net();
    net.call(tensor([1, 2]));
    expect(net.encoder.second.bias?.name).toBe('encoder.second.bias');
    expect(net.head.weight.name).toBe('head.weight');
  });

  it('keeps a name the user set', () => {
    const m = new Scale(2);
    m.weight.name = 'gamma';
    m.call(tensor([1, 2]));
    expect(m.weight.name).toBe('gamma');
  });
});

describe('Module.call', () => {
  it('runs forward and the forward hooks, which may replace the output', () => {
    const m = new Scale(2);
    const seen: unknown[] = [];
    const handle = m.registerForwardHook((module, inputs, output) => {
      seen.push(module, inputs.length, output);
    });
    const replace = m.registerForwardHook(() => tensor([7, 7]));
    expect(m.call(tensor([1, 2])).toArray()).toEqual([7, 7]);
    expect(seen[0]).toBe(m);
    expect(seen[1]).toBe(1);
    handle.remove();
    replace.remove();
    expect(m.call(tensor([1, 2])).toArray()).toEqual([1, 2]);
    expect(seen).toHaveLength(3);
  });
});

describe('Module.stateDict', () => {
  it('maps dotted names to the NDArrays of parameters and persistent buffers', () => {
    const net = new Net();
    const sd = net.stateDict();
    expect(Object.keys(sd)).toEqual(net.namedParameters().map(([name]) => name));
    expect(sd['head.weight']).toBe(net.head.weight.data);
  });

  it('throws on a module that contains itself', () => {
    class Loop extends Module {
      self: Module = this;
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    expect(() => new Loop().stateDict()).toThrow(/stateDict: Loop contains itself \(at 'self'\)/);
  });
});

describe('Module.loadStateDict', () => {
  it('copies values in place, keeping parameter identity', () => {
    const source = new Net();
    for (const p of source.parameters()) nd.fill_(p.data, 5);
    const target = new Net();
    const weight = target.head.weight;
    expect(target.loadStateDict(source.stateDict())).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(target.head.weight).toBe(weight);
    expect(weight.toArray()).toEqual([5, 5]);
    expect(target.head.weight.data).not.toBe(source.head.weight.data);
  });

  it('accepts Tensors as values', () => {
    const m = new Scale(2);
    m.loadStateDict({ weight: tensor([3, 4]), bias: nd.array([1, 1]) });
    expect(m.weight.toArray()).toEqual([3, 4]);
  });

  it('throws naming missing and unexpected keys when strict, copying nothing', () => {
    const m = new Scale(2);
    expect(() => m.loadStateDict({ weights: nd.full([2], 9), bias: nd.full([2], 9) })).toThrow(
      /^loadStateDict\(Scale\): missing keys: weight; unexpected keys: weights$/,
    );
    expect(m.bias?.toArray()).toEqual([0, 0]);
  });

  it('returns missing and unexpected keys when not strict', () => {
    const m = new Scale(2);
    const result = m.loadStateDict({ weights: nd.full([2], 9), bias: nd.full([2], 9) }, { strict: false });
    expect(result).toEqual({ missingKeys: ['weight'], unexpectedKeys: ['weights'] });
    expect(m.bias?.toArray()).toEqual([9, 9]);
  });

  it('throws on a shape mismatch even when not strict', () => {
    class Matrix extends Module {
      weight = new Parameter(nd.zeros([2, 3]));
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    expect(() => new Matrix().loadStateDict({ weight: nd.zeros([3, 2]) }, { strict: false })).toThrow(
      /^loadStateDict\(Matrix\): size mismatch for weight: copying a param with shape \[3, 2\] from checkpoint, the shape in current model is \[2, 3\]$/,
    );
  });

  it('throws on values that are not arrays', () => {
    expect(() => new Scale(2).loadStateDict({ weight: [1, 2] as unknown as nd.NDArray, bias: nd.zeros([2]) })).toThrow(
      /loadStateDict\(Scale\): 'weight' must be an NDArray or a Tensor, got an array/,
    );
  });

  it('loads buffers but skips non-persistent ones', () => {
    class Stats extends Module {
      constructor() {
        super();
        this.registerBuffer('mean', nd.zeros([2]));
        this.registerBuffer('scratch', nd.zeros([2]), { persistent: false });
      }
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    const m = new Stats();
    expect(m.loadStateDict({ mean: nd.array([1, 2]) })).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(m.namedBuffers()[0]?.[1].toArray()).toEqual([1, 2]);
    expect(() => m.loadStateDict({ mean: nd.array([1, 2]), scratch: nd.zeros([2]) })).toThrow(/unexpected keys: scratch/);
  });
});

describe('Module.toString', () => {
  it('prints the tree as PyTorch does, then the parameter count', () => {
    const net = new Net();
    net.encoder.requiresGrad_(false);
    expect(String(net)).toBe(
      [
        'Net(',
        '  (encoder): Block(',
        '    (first): Scale(size=2)',
        '    (act): Scale(size=2)',
        '    (second): Scale(size=2)',
        '  )',
        '  (head): Scale(size=2)',
        ')',
        'Parameters: 14 (trainable: 4)',
      ].join('\n'),
    );
  });
});

describe('Parameter', () => {
  it('is a leaf Tensor that requires grad', () => {
    const p = new Parameter(nd.zeros([2]));
    expect(Tensor.isTensor(p)).toBe(true);
    expect(Parameter.isParameter(p)).toBe(true);
    expect(Parameter.isParameter(tensor([1]))).toBe(false);
    expect(p.requiresGrad).toBe(true);
    expect(p.isLeaf).toBe(true);
    expect(new Parameter(nd.zeros([2]), { requiresGrad: false }).requiresGrad).toBe(false);
  });

  it('takes the values of a tensor but not its graph', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const p = new Parameter(mul(x, 2));
    expect(p.isLeaf).toBe(true);
    expect(p.toArray()).toEqual([2, 4]);
  });

  it('prints as PyTorch does', () => {
    expect(String(new Parameter(nd.zeros([2])))).toBe('Parameter containing:\ntensor([0., 0.], requiresGrad=true)');
  });

  it('throws on a value that is not an array', () => {
    expect(() => new Parameter([1, 2] as unknown as nd.NDArray)).toThrow(/Parameter: expected an NDArray or a Tensor, got object/);
  });

  it('throws when an integer parameter would require grad', () => {
    expect(() => new Parameter(nd.zeros([2], { dtype: 'int32' }))).toThrow(/requiresGrad: only floating point tensors can require gradients, got int32/);
  });
});

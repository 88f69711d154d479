import { randn, tensor } from '@dl/autograd';
import * as nd from '@dl/tensor';
import { manualSeed } from '@dl/tensor';
import { beforeEach, describe, expect, it } from 'vitest';
import { Linear, Module, ModuleDict, ModuleList, Parameter, ParameterList, ReLU, Sequential } from '../index.js';

beforeEach(() => {
  manualSeed(0);
});

describe('Sequential', () => {
  it('takes modules as arguments or as an array, named 0, 1, ...', () => {
    const a = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1));
    const b = new Sequential([new Linear(2, 3), new ReLU(), new Linear(3, 1)]);
    expect(a.namedParameters().map(([name]) => name)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    expect(b.stateDict()).toHaveProperty('2.bias');
    expect(a.length).toBe(3);
  });

  it('takes an object of named modules', () => {
    const model = new Sequential({ fc: new Linear(2, 2), act: new ReLU() });
    expect(model.namedChildren().map(([name]) => name)).toEqual(['fc', 'act']);
    expect(model.at(-1)).toBeInstanceOf(ReLU);
  });

  it('feeds each output to the next module', () => {
    const fc = new Linear(2, 1);
    const model = new Sequential(new ReLU(), fc);
    nd.copy_(fc.weight.data, nd.array([[1, 10]]));
    nd.fill_(fc.bias!.data, 0);
    expect(model.call(tensor([[-1, 2]])).toArray()).toEqual([[20]]);
  });

  it('runs a module listed twice twice', () => {
    const fc = new Linear(2, 2);
    const model = new Sequential(fc, fc);
    expect(model.length).toBe(2);
    expect(model.parameters()).toHaveLength(2);
    const x = randn([1, 2]);
    expect(model.call(x).toArray()).toEqual(fc.call(fc.call(x)).toArray());
  });

  it('supports indexing, iteration and append', () => {
    const model = new Sequential(new Linear(2, 2));
    model.append(new ReLU());
    expect(model[1]).toBeInstanceOf(ReLU);
    expect([...model].map((m) => m.constructor.name)).toEqual(['Linear', 'ReLU']);
  });

  it('throws on a non-module argument and an index out of range', () => {
    expect(() => new Sequential(new ReLU(), 3 as unknown as Module)).toThrow(/Sequential: argument 1 must be a Module, got number/);
    expect(() => new Sequential(new ReLU()).at(2)).toThrow(/Sequential\.at: index 2 out of range for 1 modules \(expected -1\.\.0\)/);
  });
});

describe('ModuleList', () => {
  it('registers its modules as 0, 1, ... so a model finds their parameters', () => {
    class Stack extends Module {
      layers = new ModuleList([new Linear(2, 2), new Linear(2, 2)]);
      forward(x: ReturnType<typeof tensor>): ReturnType<typeof tensor> {
        for (const layer of this.layers) x = layer.call(x) as ReturnType<typeof tensor>;
        return x;
      }
    }
    const model = new Stack();
    expect(model.namedParameters().map(([name]) => name)).toEqual(['layers.0.weight', 'layers.0.bias', 'layers.1.weight', 'layers.1.bias']);
    expect(model.call(randn([3, 2])).shape).toEqual([3, 2]);
  });

  it('extends, appends and indexes', () => {
    const list = new ModuleList().extend([new ReLU(), new ReLU()]).append(new Linear(1, 1));
    expect(list.length).toBe(3);
    expect(list.at(-1)).toBeInstanceOf(Linear);
  });

  it('has no forward', () => {
    expect(() => new ModuleList().forward()).toThrow(/ModuleList: a container has no forward\nhint: call the modules it holds/);
  });
});

describe('ModuleDict', () => {
  it('registers modules under their keys in insertion order', () => {
    const heads = new ModuleDict({ cls: new Linear(4, 3), box: new Linear(4, 2) });
    expect(heads.keys()).toEqual(['cls', 'box']);
    expect(heads.get('box')).toBeInstanceOf(Linear);
    expect(Object.keys(heads.stateDict())).toEqual(['cls.weight', 'cls.bias', 'box.weight', 'box.bias']);
    expect(heads.size).toBe(2);
  });

  it('sets, checks and deletes keys', () => {
    const heads = new ModuleDict();
    heads.set('a', new ReLU());
    expect(heads.has('a')).toBe(true);
    expect(heads.delete('a')).toBeInstanceOf(ReLU);
    expect(heads.has('a')).toBe(false);
    expect(heads.entries()).toEqual([]);
  });

  it('throws on missing keys and keys that would shadow a method', () => {
    const heads = new ModuleDict({ a: new ReLU() });
    expect(() => heads.get('b')).toThrow(/ModuleDict\.get: no module 'b' \(keys: a\)/);
    expect(() => heads.set('keys', new ReLU())).toThrow(/registerModule\(ModuleDict\): attribute 'keys' already exists/);
  });
});

describe('ParameterList', () => {
  it('registers its parameters as 0, 1, ...', () => {
    const list = new ParameterList([new Parameter(nd.ones([2])), new Parameter(nd.zeros([3]))]);
    expect(list.namedParameters().map(([name, p]) => [name, p.shape])).toEqual([['0', [2]], ['1', [3]]]);
    expect(list.at(1).shape).toEqual([3]);
    expect([...list]).toHaveLength(2);
  });

  it('throws on a tensor that is not a Parameter', () => {
    const list = new ParameterList();
    expect(() => (list.append.bind(list) as (value: unknown) => unknown)(tensor([1]))).toThrow(/ParameterList\.append: expected a Parameter, got Tensor/);
  });
});

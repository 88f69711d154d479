// Issue 9, "nothing silently wrong", for @dl/autograd: a value saved for backward and changed in
// place since is refused by name (PyTorch's version check), and grad mode cannot silently leak
// across `await`.
import * as nd from '@dl/tensor';
import { ArgumentError, InPlaceError, array, storageVersion } from '@dl/tensor';
import { describe, expect, it } from 'vitest';
import * as ag from './index.js';
import { enableGrad, isGradEnabled, noGrad, setGradEnabled, tensor, type Tensor } from './index.js';

const leaf = (values: nd.NestedInput): Tensor => tensor(values, { requiresGrad: true });
const STALE = /^backward: one of the variables needed for gradient computation has been modified by an inplace operation: /;

describe('backward after an in-place change to a saved value', () => {
  it('throws an InPlaceError naming the node, the value and both versions, as PyTorch', () => {
    const x = leaf([1, 2]);
    const y = ag.mul(x, x).sum();
    nd.mul_(x.data, 2);
    let error: unknown;
    try {
      y.backward();
    } catch (e) {
      error = e;
    }
    expect(InPlaceError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /\[MulBackward\] input 1 \(float32 \[2\]\) is at version 1; expected version 0 instead \(last written by mul_\)\nhint: run backward\(\) before/,
    );
    expect(x.grad).toBeNull();
  });

  it('names an output the rule reuses (exp saves its output)', () => {
    const x = leaf([1, 2]);
    const y = ag.exp(x);
    const loss = y.sum();
    nd.fill_(y.data, 0);
    expect(() => { loss.backward(); }).toThrow(/\[ExpBackward\] output 0 \(float32 \[2\]\) is at version 1; expected version 0 instead \(last written by fill_\)/);
  });

  it('reports the versions when the value was already written before it was saved', () => {
    const x = leaf([1, 2]);
    nd.add_(x.data, 1);
    const y = ag.mul(x, leaf([3, 3])).sum();
    nd.sub_(x.data, 1);
    expect(() => { y.backward(); }).toThrow(/\[MulBackward\] input 0 \(float32 \[2\]\) is at version 2; expected version 1 instead \(last written by sub_\)/);
  });

  it('bounds the expected version when more than 32 writes followed', () => {
    const x = leaf([1, 2]);
    const y = ag.mul(x, leaf([3, 3])).sum();
    for (let i = 0; i < 40; i++) nd.add_(x.data, 1);
    expect(() => { y.backward(); }).toThrow(/input 0 \(float32 \[2\]\) is at version 40; expected version 8 or less instead/);
  });

  it('sees writes through any view of the storage', () => {
    const x = leaf([1, 2, 3, 4]);
    const y = ag.mul(x, x).sum();
    nd.fill_(nd.select(nd.reshape(x.data, [2, 2]).T, 0, 1), 0);
    expect(() => { y.backward(); }).toThrow(STALE);
  });

  it('sees writes through a tensor whose .data was assigned a view of the same storage', () => {
    const x = leaf([1, 2]);
    const y = ag.mul(x, x).sum();
    const alias = tensor(0);
    alias.data = x.data.reshape([2, 1]);
    nd.fill_(alias.data, 5);
    expect(() => { y.backward(); }).toThrow(STALE);
  });

  it('keeps the recorded values when .data is replaced by new storage (nothing saved changed)', () => {
    const x = leaf([1, 2]);
    const y = ag.mul(x, x).sum();
    x.data = array([10, 20]);
    y.backward();
    expect(x.grad?.toArray()).toEqual([2, 4]);
  });

  it('lets values the rule never reads change, as PyTorch (add saves nothing, sum only a shape, x * 3 needs only 3)', () => {
    const w = leaf([1, 2]);
    const scaled = ag.mul(w, 3).sum();
    nd.add_(w.data, 1);
    scaled.backward();
    expect(w.grad?.toArray()).toEqual([3, 3]);
    const x = leaf([1, 2]);
    const y = ag.add(x, 1).sum();
    nd.add_(x.data, 1);
    y.backward();
    expect(x.grad?.toArray()).toEqual([1, 1]);
    const z = leaf([3, 4]);
    const s = ag.sum(z);
    nd.mul_(z.data, 0);
    s.backward();
    expect(z.grad?.toArray()).toEqual([1, 1]);
  });

  it.each([
    ['copy_', (a: nd.NDArray) => nd.copy_(a, 1)],
    ['fill_', (a: nd.NDArray) => nd.fill_(a, 1)],
    ['add_', (a: nd.NDArray) => nd.add_(a, 1)],
    ['mul_', (a: nd.NDArray) => nd.mul_(a, 2)],
    ['clamp_', (a: nd.NDArray) => nd.clamp_(a, { min: 5 })],
    ['scatter_', (a: nd.NDArray) => nd.scatter_(a, 0, array([0], { dtype: 'int32' }), 9)],
    ['indexAdd_', (a: nd.NDArray) => nd.indexAdd_(a, 0, array([0], { dtype: 'int32' }), array([1]))],
    ['maskedFill_', (a: nd.NDArray) => nd.maskedFill_(a, array([true, false]), 3)],
  ])('detects %s on a saved input', (name, write) => {
    const x = leaf([1, 2]);
    const y = ag.mul(x, x).sum();
    write(x.data);
    expect(() => { y.backward(); }).toThrow(new RegExp(`last written by ${name.replace('_', '_')}\\)`));
  });

  it('detects a changed index argument (gather saves its index)', () => {
    const x = leaf([[1, 2], [3, 4]]);
    const index = array([[0], [1]], { dtype: 'int32' });
    const y = ag.gather(x, 1, index).sum();
    nd.fill_(index, 0);
    expect(() => { y.backward(); }).toThrow(/\[GatherBackward\] an index argument \(int32 \[2, 1\]\) is at version 1; expected version 0 instead/);
  });

  it('detects a change between two backward passes of a retained graph', () => {
    const w = leaf([1, 2]);
    const loss = ag.mul(w, w).sum();
    loss.backward(undefined, { retainGraph: true });
    noGrad(() => nd.sub_(w.data, nd.mul(w.grad ?? nd.zeros([2]), 0.1)));
    expect(() => { loss.backward(); }).toThrow(/\[MulBackward\] input 1 \(float32 \[2\]\) is at version 1; expected version 0 instead \(last written by sub_\)/);
  });

  it('leaves an unchanged graph alone, with gradients as before', () => {
    const x = leaf([1, 2]);
    const other = nd.ones([2]);
    const y = ag.mul(ag.exp(x), x).sum();
    nd.add_(other, 1); // a different storage
    y.backward();
    expect(x.grad?.toArray()).toEqual([1, 2].map((v) => Math.fround(Math.fround(Math.exp(v)) * v + Math.fround(Math.exp(v)))));
  });

  it('exposes the counter as Tensor.version (PyTorch\'s _version), shared with views', () => {
    const x = leaf([1, 2]);
    expect(x.version).toBe(0);
    nd.add_(x.data, 1);
    expect(x.version).toBe(1);
    expect(x.detach().version).toBe(1);
    expect(storageVersion(ag.reshape(x, [2, 1]).data)).toBe(1);
  });
});

describe('grad mode and async functions', () => {
  it('noGrad refuses a function that returns a Promise, pointing to setGradEnabled', async () => {
    const x = leaf([1]);
    let recorded: boolean | undefined;
    const run = (): unknown =>
      // @ts-expect-error -- the types refuse async functions too
      noGrad(async () => {
        await Promise.resolve();
        recorded = ag.mul(x, 2).requiresGrad;
      });
    expect(run).toThrow(ArgumentError);
    expect(run).toThrow(
      /^noGrad: the function returned a Promise; grad mode cannot follow await \(it is on again for everything after the first await\)\nhint: call noGrad inside the async function around its synchronous work, or use setGradEnabled\(false\) before and setGradEnabled\(true\) in a finally block/,
    );
    expect(isGradEnabled()).toBe(true);
    await Promise.resolve();
    await Promise.resolve();
    // What the refusal prevents: the awaited part recorded a graph inside "noGrad".
    expect(recorded).toBe(true);
  });

  it('enableGrad refuses a Promise too, naming itself', () => {
    setGradEnabled(false);
    try {
      // @ts-expect-error -- the types refuse async functions too
      expect(() => enableGrad(() => Promise.resolve(1))).toThrow(/^enableGrad: the function returned a Promise.*\nhint: .*setGradEnabled\(true\) before and setGradEnabled\(false\) in a finally block/);
      expect(isGradEnabled()).toBe(false);
    } finally {
      setGradEnabled(true);
    }
  });

  it('setGradEnabled keeps gradients off across await, restored in finally', async () => {
    const x = leaf([1]);
    setGradEnabled(false);
    let y: Tensor;
    try {
      await Promise.resolve();
      y = ag.mul(x, 2);
    } finally {
      setGradEnabled(true);
    }
    expect(y.requiresGrad).toBe(false);
    expect(isGradEnabled()).toBe(true);
    expect(() => { setGradEnabled('no' as never); }).toThrow(/^setGradEnabled: mode must be a boolean, got string/);
  });

  it('still runs synchronous functions and returns their value', () => {
    const x = leaf([1]);
    expect(noGrad(() => ag.mul(x, 2)).requiresGrad).toBe(false);
    expect(noGrad(() => enableGrad(() => ag.mul(x, 2))).requiresGrad).toBe(true);
    expect(noGrad(() => 3)).toBe(3);
  });
});

describe('creation shapes', () => {
  it('accepts a number as a 1-d shape, as torch.zeros(3)', () => {
    expect(ag.zeros(3).shape).toEqual([3]);
    expect(ag.ones(2, { requiresGrad: true }).requiresGrad).toBe(true);
    expect(ag.empty(4).shape).toEqual([4]);
    expect(ag.randn(3).shape).toEqual([3]);
    expect(ag.full(2, 7).toArray()).toEqual([7, 7]);
  });
});

import * as nd from '@dl/tensor';
import { describe, expect, it } from 'vitest';
import { add, matmul, mul, reshape, tanh, exp, sub, pow, tensor, noGrad, enableGrad, isGradEnabled, topoSort, sumToShape, Tensor } from './index.js';

describe('backward', () => {
  it('computes the tutorial example f = (x + y) * z', () => {
    const x = tensor(-2, { requiresGrad: true });
    const y = tensor(5, { requiresGrad: true });
    const z = tensor(-4, { requiresGrad: true });
    const f = mul(add(x, y), z);
    f.backward();
    expect(f.item()).toBe(-12);
    expect([x.grad?.item(), y.grad?.item(), z.grad?.item()]).toEqual([-4, -4, 3]);
  });

  it('keeps a frozen leaf at no gradient while the others get theirs', () => {
    const x = tensor(-2, { requiresGrad: false });
    const y = tensor(5, { requiresGrad: true });
    const z = tensor(-4, { requiresGrad: true });
    mul(add(x, y), z).backward();
    expect(x.grad).toBeNull();
    expect([y.grad?.item(), z.grad?.item()]).toEqual([-4, 3]);
  });

  it('counts a shared sub-expression once per use: y = x*x + x', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    add(mul(x, x), x).backward(nd.ones([3]));
    expect(x.grad?.toArray()).toEqual([3, 5, 7]);
  });

  it('sums gradients over a diamond graph', () => {
    const x = tensor(3, { requiresGrad: true, dtype: 'float64' });
    const a = mul(x, 2);
    const b = exp(a);
    const c = tanh(a);
    add(b, c).backward();
    const expected = 2 * Math.exp(6) + 2 * (1 - Math.tanh(6) ** 2);
    expect(x.grad?.item()).toBeCloseTo(expected, 8);
  });

  it('accumulates into .grad across calls', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    mul(x, 3).backward(nd.ones([2]));
    mul(x, 3).backward(nd.ones([2]));
    expect(x.grad?.toArray()).toEqual([6, 6]);
  });

  it('sums broadcast gradients back to each input shape', () => {
    const a = tensor([[1, 2, 3], [4, 5, 6]], { requiresGrad: true });
    const b = tensor([10, 20, 30], { requiresGrad: true });
    const c = tensor([[2], [3]], { requiresGrad: true });
    mul(add(a, b), c).backward(nd.ones([2, 3]));
    expect(b.grad?.toArray()).toEqual([5, 5, 5]);
    expect(c.grad?.toArray()).toEqual([[66], [75]]);
    expect(a.grad?.toArray()).toEqual([[2, 2, 2], [3, 3, 3]]);
  });

  it('walks a chain of 100,000 ops without overflowing the stack', () => {
    const x = tensor(1, { requiresGrad: true, dtype: 'float64' });
    let y: Tensor = x;
    for (let i = 0; i < 100_000; i++) y = add(y, 1e-6);
    y.backward();
    expect(x.grad?.item()).toBe(1);
  });

  it('needs a gradient for a non-scalar output', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(() => { mul(x, 2).backward(); }).toThrow(
      /backward: called on a tensor of shape \[2\]; pass a gradient or reduce to a scalar first\nhint: loss\.sum\(\)\.backward\(\)/,
    );
  });

  it('rejects a gradient of the wrong shape', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(() => { mul(x, 2).backward(nd.ones([3])); }).toThrow(/backward: gradient has shape \[3\] but the output has shape \[2\]/);
  });

  it('refuses a second backward through a freed graph, and allows it with retainGraph', () => {
    const x = tensor(2, { requiresGrad: true });
    const y = mul(x, x);
    y.backward(undefined, { retainGraph: true });
    y.backward();
    expect(x.grad?.item()).toBe(8);
    expect(() => { y.backward(); }).toThrow(/backward: trying to backward through the graph a second time \(the saved values of MulBackward were freed\)/);
  });

  it('rejects backward on a tensor that does not require grad', () => {
    expect(() => { tensor(1).backward(); }).toThrow(/backward: the tensor does not require grad/);
  });

  it('keeps the gradient of a non-leaf with retainGrad', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const h = mul(x, 2).retainGrad();
    mul(h, h).backward(nd.ones([2]));
    expect(h.grad?.toArray()).toEqual([4, 8]);
    expect(x.grad?.toArray()).toEqual([8, 16]);
  });

  it('gives a leaf its own gradient copy, safe to update in place', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const seed = nd.ones([2]);
    x.backward(seed);
    nd.mul_(x.grad!, 5);
    expect(seed.toArray()).toEqual([1, 1]);
  });
});

describe('backward: .grad storage', () => {
  it('gives every leaf its own storage when a rule passes one dy to several inputs', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3, 4], { requiresGrad: true });
    const seed = nd.array([1, 1]);
    add(a, b).backward(seed);
    expect(a.grad?.data).not.toBe(b.grad?.data);
    expect(a.grad?.data).not.toBe(seed.data);
    nd.mul_(a.grad ?? nd.zeros([2]), 10); // an optimizer's in-place update of one gradient leaves the others alone
    expect([a.grad?.toArray(), b.grad?.toArray(), seed.toArray()]).toEqual([[10, 10], [1, 1], [1, 1]]);
  });

  it('never adopts a saved forward value or a view of dy as .grad', () => {
    const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    const w = tensor([[1, 0], [0, 1]], { requiresGrad: true });
    // reshape's backward returns a view of its dy; matmul's returns fresh products.
    const y = matmul(reshape(x, [2, 2]), w);
    y.backward(nd.ones([2, 2]));
    for (const leaf of [x, w]) {
      expect(leaf.grad?.data).not.toBe(x.data.data);
      expect(leaf.grad?.data).not.toBe(w.data.data);
    }
    expect([x.grad?.toArray(), w.grad?.toArray()]).toEqual([[[1, 1], [1, 1]], [[4, 4], [6, 6]]]);
  });

  it('adopts a gradient a rule made, without a copy, and accumulates into it in place on the next backward, as PyTorch', () => {
    const x = nd.array([[1, 2], [3, 4]]);
    const w = tensor([[1, 0], [0, 1]], { requiresGrad: true });
    const y = matmul(x, w);
    y.backward(nd.ones([2, 2]), { retainGraph: true });
    const first = w.grad;
    expect(first?.toArray()).toEqual([[4, 4], [6, 6]]);
    y.backward(nd.ones([2, 2]));
    expect(w.grad?.toArray()).toEqual([[8, 8], [12, 12]]);
    expect(w.grad).toBe(first); // PyTorch: `first is w.grad` after the second backward
  });
});

describe('noGrad', () => {
  it('records nothing inside and restores the mode after', () => {
    const x = tensor([1], { requiresGrad: true });
    const y = noGrad(() => mul(x, 2));
    expect(y.requiresGrad).toBe(false);
    expect(y.gradFn).toBeNull();
    expect(isGradEnabled()).toBe(true);
    expect(noGrad(() => enableGrad(() => mul(x, 2))).requiresGrad).toBe(true);
  });

  it('restores the mode when the function throws', () => {
    expect(() => noGrad(() => { throw new Error('boom'); })).toThrow('boom');
    expect(isGradEnabled()).toBe(true);
  });
});

describe('Tensor', () => {
  it('detaches into a leaf sharing storage', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const d = mul(x, 1).detach();
    expect(d.requiresGrad).toBe(false);
    expect(d.isLeaf).toBe(true);
  });

  it('freezes a leaf with requiresGrad_(false)', () => {
    const w = tensor([1, 2], { requiresGrad: true }).requiresGrad_(false);
    expect(mul(w, 2).requiresGrad).toBe(false);
  });

  it('refuses gradients on integer tensors', () => {
    expect(() => tensor([1, 2], { dtype: 'int32', requiresGrad: true })).toThrow(
      /requiresGrad: only floating point tensors can require gradients, got int32/,
    );
  });

  it('refuses to turn off gradients of a non-leaf', () => {
    const y = mul(tensor([1], { requiresGrad: true }), 2);
    expect(() => y.requiresGrad_(false)).toThrow(/cannot turn off gradients of a non-leaf tensor \(made by MulBackward\)/);
  });

  it('prints like PyTorch with the grad state', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(String(x)).toBe('tensor([1., 2.], requiresGrad=true)');
    expect(String(mul(x, 2))).toBe('tensor([2., 4.], gradFn=<MulBackward>)');
    expect(String(tensor([1.5]))).toBe('tensor([1.5000])');
  });

  it('recognises tensors by marker, not instanceof', () => {
    expect(Tensor.isTensor(tensor(1))).toBe(true);
    expect(Tensor.isTensor(nd.zeros([1]))).toBe(false);
    expect(Tensor.isTensor({ [Symbol.for('dl.Tensor')]: true })).toBe(true);
  });

  it('accepts NDArrays and numbers as constants in ops', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = sub(pow(x, 2), nd.array([1, 1]));
    y.backward(nd.ones([2]));
    expect(y.toArray()).toEqual([0, 3]);
    expect(x.grad?.toArray()).toEqual([2, 4]);
  });
});

describe('graph introspection', () => {
  it('names nodes and links them back to the leaves', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    x.name = 'x';
    const w = tensor([3, 4], { requiresGrad: true });
    const y = tanh(mul(x, w));
    const names = topoSort(y.gradFn!).map((n) => n.name);
    expect(names).toEqual(['TanhBackward', 'MulBackward', 'AccumulateGrad', 'AccumulateGrad']);
    const mulNode = y.gradFn!.nextFunctions[0]!;
    expect(mulNode.outputShape).toEqual([2]);
    expect(mulNode.savedShapes).toEqual([[2], [2], [2]]);
    const leafNode = mulNode.nextFunctions[0] as unknown as { variable: Tensor };
    expect(leafNode.variable.name).toBe('x');
  });
});

describe('sumToShape', () => {
  it('sums leading and stretched dims', () => {
    expect(sumToShape(nd.ones([4, 2, 3]), [2, 1]).toArray()).toEqual([[12], [12]]);
    expect(sumToShape(nd.ones([2, 3]), []).item()).toBe(6);
  });
});

// Issue 9, "nothing silently wrong", for @dl/optim: every optimizer step and gradient clip writes
// through the in-place ops, so it bumps the storage version and a graph recorded before the step
// refuses to backward (as PyTorch's "modified by an inplace operation").
import { InPlaceError, array, ones, storageVersion } from '@dl/tensor';
import { mul, sum, tensor, type Tensor } from '@dl/autograd';
import { describe, expect, it } from 'vitest';
import * as optim from './index.js';
import { setSparseGrad } from './sparse-grad.js';

type Make = (params: Tensor[]) => optim.Optimizer;

const OPTIMIZERS: [string, Make][] = [
  ['SGD', (p) => new optim.SGD(p, { lr: 0.1 })],
  ['SGD (momentum, nesterov, weight decay)', (p) => new optim.SGD(p, { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 })],
  ['Adam', (p) => new optim.Adam(p, { lr: 0.1 })],
  ['Adam (amsgrad)', (p) => new optim.Adam(p, { lr: 0.1, amsgrad: true })],
  ['AdamW', (p) => new optim.AdamW(p, { lr: 0.1 })],
  ['RMSprop', (p) => new optim.RMSprop(p, { lr: 0.1 })],
  ['RMSprop (centered, momentum)', (p) => new optim.RMSprop(p, { lr: 0.1, centered: true, momentum: 0.9 })],
  ['Adagrad', (p) => new optim.Adagrad(p, { lr: 0.1 })],
];

describe('optimizer steps and saved values', () => {
  it('covers every exported optimizer class', () => {
    const classes = Object.entries(optim)
      .filter(([name, value]) => typeof value === 'function' && /^[A-Z]/.test(name) && (value as { prototype?: unknown }).prototype instanceof optim.Optimizer)
      .map(([name]) => name);
    const covered = new Set([...OPTIMIZERS.map(([name]) => name.split(' ')[0]), 'SparseAdam']);
    expect(classes.filter((name) => !covered.has(name))).toEqual([]);
  });

  it.each(OPTIMIZERS)('%s: step bumps the parameter version, and backward through the old graph throws', (_, make) => {
    const w = tensor([1, 2], { requiresGrad: true });
    const optimizer = make([w]);
    const loss = sum(mul(w, w));
    loss.backward(undefined, { retainGraph: true });
    const before = w.version;
    optimizer.step();
    expect(w.version).toBeGreaterThan(before);
    expect(() => { loss.backward(); }).toThrow(InPlaceError);
    expect(() => { sum(mul(w, w)).backward(); }).not.toThrow();
  });

  it('SparseAdam and sparse SGD bump the version of the rows they update', () => {
    for (const make of [(p: Tensor[]) => new optim.SparseAdam(p, { lr: 0.1 }), (p: Tensor[]) => new optim.SGD(p, { lr: 0.1 })]) {
      const weight = tensor(array([[1, 1], [2, 2]]), { requiresGrad: true });
      const saved = sum(mul(weight, weight));
      const optimizer = make([weight]);
      setSparseGrad(weight, { indices: array([1], { dtype: 'int32' }), values: ones([1, 2]) });
      optimizer.step();
      expect(weight.version).toBe(1);
      expect(() => { saved.backward(); }).toThrow(/\[MulBackward\] input 1 \(float32 \[2, 2\]\) is at version 1; expected version 0 instead \(last written by (indexAdd_|add_|sub_)\)/);
    }
  });

  it('clipGradNorm_ and clipGradValue_ write the gradients through in-place ops', () => {
    const w = tensor([3, 4], { requiresGrad: true });
    sum(mul(w, w)).backward();
    const grad = w.grad!;
    optim.clipGradNorm_([w], 1);
    expect(storageVersion(grad)).toBe(1);
    optim.clipGradValue_([w], 0.1);
    expect(storageVersion(grad)).toBe(2);
    expect(w.grad).toBe(grad);
    expect(grad.toArray()).toEqual([Math.fround(0.1), Math.fround(0.1)]);
  });
});

import * as nd from '@dl/tensor';
import { DisposedError, dispose, memory, tidy } from '@dl/tensor';
import { describe, expect, it } from 'vitest';
import { embedding, mul, sum, tensor, vjp, zeroGrad, type Tensor } from './index.js';

// The rule of grad-ownership.ts: gradients backward makes inside a tidy are kept; later passes
// add into them in place; the tensor disposes them when it drops them.
const big = (): number[] => Array.from({ length: 512 }, (_, i) => (i - 256) / 64);
// Reads .grad past TypeScript's narrowing of an assigned property.
const gradOf = (w: Tensor): nd.NDArray | null => w.grad;
const square = (w: Tensor): void => {
  sum(mul(w, w)).backward();
};

describe('gradients under tidy', () => {
  it('keeps a gradient backward made inside a tidy', () => {
    const w = tensor(big(), { requiresGrad: true });
    tidy(() => {
      square(w);
    });
    expect(w.grad?.isDisposed).toBe(false);
    expect(w.grad?.dataSync()[0]).toBe(-8);
  });

  it('adds a later pass into the same array in place, bit for bit the sum of both gradients', () => {
    const w = tensor(big(), { requiresGrad: true });
    tidy(() => {
      square(w);
    });
    const first = w.grad;
    if (first === null) throw new Error('no grad');
    const once = first.clone();
    tidy(() => {
      sum(mul(w, 3)).backward();
    });
    expect(w.grad).toBe(first);
    expect(first.toArray()).toEqual(nd.add(once, nd.fullLike(once, 3)).toArray());
  });

  it('disposes a gradient made inside a tidy when zeroGrad drops it: a saved reference throws, a clone lives', () => {
    const w = tensor(big(), { requiresGrad: true });
    tidy(() => {
      square(w);
    });
    const saved = w.grad;
    const copy = saved?.clone();
    zeroGrad([w]);
    expect(w.grad).toBeNull();
    expect(saved?.isDisposed).toBe(true);
    expect(() => saved?.dataSync()).toThrow(DisposedError);
    expect(() => saved?.dataSync()).toThrow(/float32 array of shape \[512\] was disposed by dispose\(\)/);
    expect(copy?.dataSync()[0]).toBe(-8);
  });

  it('disposes it on any assignment that drops it, and returns the pool to its level', () => {
    const w = tensor(big(), { requiresGrad: true });
    const step = (): void => {
      tidy(() => {
        w.grad = null;
        square(w);
      });
    };
    step();
    const before = memory();
    for (let i = 0; i < 20; i++) step();
    expect(memory().arrays).toBe(before.arrays);
    expect(memory().storages).toBe(before.storages);
  });

  it('leaves a gradient made outside every tidy valid after zeroGrad, as PyTorch', () => {
    const w = tensor(big(), { requiresGrad: true });
    square(w);
    const saved = w.grad;
    zeroGrad([w]);
    expect(saved?.isDisposed).toBe(false);
    expect(saved?.dataSync()[0]).toBe(-8);
  });

  it('never adds into nor disposes a gradient the user assigned', () => {
    const w = tensor(big(), { requiresGrad: true });
    const mine = nd.onesLike(w.data);
    w.grad = mine;
    tidy(() => {
      square(w);
    });
    const after = gradOf(w);
    expect(after).not.toBe(mine);
    expect(after?.dataSync()[0]).toBe(-7);
    expect(mine.dataSync()[0]).toBe(1);
    w.grad = null;
    expect(mine.isDisposed).toBe(false);
  });

  it('never disposes a gradient handed to another tensor', () => {
    const w = tensor(big(), { requiresGrad: true });
    const v = tensor(big(), { requiresGrad: true });
    tidy(() => {
      square(w);
    });
    v.grad = w.grad;
    w.grad = null;
    expect(v.grad?.isDisposed).toBe(false);
    expect(v.grad?.dataSync()[0]).toBe(-8);
  });

  it('starts anew after the gradient was disposed by hand', () => {
    const w = tensor(big(), { requiresGrad: true });
    tidy(() => {
      square(w);
    });
    w.grad?.dispose();
    tidy(() => {
      square(w);
    });
    expect(w.grad?.dataSync()[0]).toBe(-8);
  });

  it('adds a gradient that is the .grad itself correctly (aliased storage)', () => {
    const w = tensor(big(), { requiresGrad: true });
    square(w);
    const grad = w.grad;
    if (grad === null) throw new Error('no grad');
    w.backward(grad);
    expect(w.grad).toBe(grad);
    expect(grad.dataSync()[0]).toBe(-16);
  });

  it("disposes a non-leaf's retained gradient with its values, unless the tidy returns the tensor", () => {
    const w = tensor(big(), { requiresGrad: true });
    let dropped: Tensor | undefined;
    const returned = tidy(() => {
      dropped = mul(w, 2).retainGrad();
      const kept = mul(w, 3).retainGrad();
      sum(mul(dropped, kept)).backward();
      return kept;
    });
    expect(dropped?.grad?.isDisposed).toBe(true);
    expect(returned.grad?.isDisposed).toBe(false);
    expect(returned.grad?.dataSync()[0]).toBe(2 * -4);
  });

  it('releases a leaf made inside the tidy, with its gradient, when disposed there (input gradients)', () => {
    const weight = tensor(big());
    const step = (): number =>
      tidy(() => {
        const input = tensor(big(), { requiresGrad: true });
        sum(mul(input, weight)).backward();
        const saliency = input.grad?.dataSync()[0] ?? NaN;
        dispose(input);
        return saliency;
      });
    step();
    const before = memory().arrays;
    for (let i = 0; i < 5; i++) expect(step()).toBe(-4);
    expect(memory().arrays).toBe(before);
  });

  it('hands vjp gradients to the caller: an earlier result stays valid after the next call', () => {
    const w = tensor(big());
    tidy(() => {
      const [, vjpFn] = vjp((x) => mul(x, 2), w);
      const first = vjpFn(nd.onesLike(w.data))[0];
      const second = vjpFn(nd.fullLike(w.data, 2))[0];
      expect(first.isDisposed).toBe(false);
      expect(first.dataSync()[0]).toBe(2);
      expect(second.dataSync()[0]).toBe(4);
    });
  });
});

describe('row-sparse gradients under tidy', () => {
  const rows = (values: number[]): nd.NDArray => nd.array(values, { dtype: 'int32' });

  it('keeps the sparse gradient, disposes the one a later pass replaces, and the last on zeroGrad', () => {
    const table = tensor(nd.ones([64, 32]), { requiresGrad: true });
    const lookup = (ids: number[]): void => {
      tidy(() => {
        sum(embedding(table, rows(ids), { sparse: true })).backward();
      });
    };
    lookup(Array.from({ length: 16 }, (_, i) => i));
    const first = table.sparseGrad;
    expect(first?.values.isDisposed).toBe(false);
    lookup([3, 5]);
    expect(table.sparseGrad?.indices.size).toBe(18);
    expect(first?.values.isDisposed).toBe(true);
    const second = table.sparseGrad;
    zeroGrad([table]);
    expect(second?.values.isDisposed).toBe(true);
    expect(second?.indices.isDisposed).toBe(true);
  });

  it('dispose(tensor) releases its row-sparse gradient too', () => {
    const table = tensor(nd.zeros([8, 4]), { requiresGrad: true });
    sum(embedding(table, rows([1, 2]), { sparse: true })).backward();
    const grad = table.sparseGrad;
    dispose(table);
    expect(grad?.values.isDisposed).toBe(true);
  });
});

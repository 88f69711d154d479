import { DisposedError, dispose, memory, tidy, zeros } from '@dl/tensor';
import { describe, expect, it } from 'vitest';
import { tensor } from './index.js';

// Tensors take part in @dl/tensor's tidy/dispose through ARRAYS_PROTOCOL (tensor.ts).
describe('Tensor under tidy and dispose', () => {
  const big = (): number[] => Array.from({ length: 512 }, (_, i) => i / 512);

  it('keeps a returned Tensor and disposes the values made on the way', () => {
    const x = tensor(big());
    let middle: ReturnType<typeof x.mul> | undefined;
    const y = tidy(() => {
      middle = x.mul(2);
      return middle.add(1);
    });
    expect(y.data.isDisposed).toBe(false);
    expect(y.data.dataSync()[511]).toBeCloseTo(1 + (2 * 511) / 512, 6);
    expect(middle?.data.isDisposed).toBe(true);
    expect(() => middle?.data.dataSync()).toThrow(DisposedError);
    expect(x.data.isDisposed).toBe(false);
  });

  it('keeps the gradient of a returned Tensor', () => {
    const result = tidy(() => {
      const w = tensor(big(), { requiresGrad: true });
      w.mul(w).sum().backward();
      return w;
    });
    expect(result.grad?.isDisposed).toBe(false);
    expect(result.grad?.dataSync()[256]).toBeCloseTo(1, 6);
  });

  it('dispose(tensor) releases its values and gradient', () => {
    const w = tensor(big(), { requiresGrad: true });
    w.mul(3).sum().backward();
    const grad = w.grad;
    dispose(w);
    expect(w.data.isDisposed).toBe(true);
    expect(grad?.isDisposed).toBe(true);
    expect(() => w.mul(2)).toThrow(DisposedError);
  });

  it('returns the pool to its level after a loop of tidy steps', () => {
    const w = tensor(big(), { requiresGrad: true });
    const step = (): void => {
      tidy(() => {
        w.grad = null;
        w.mul(w).exp().sum().backward();
        zeros([1024]);
      });
    };
    step();
    const before = memory().arrays;
    for (let i = 0; i < 100; i++) step();
    expect(memory().arrays).toBe(before);
  });
});

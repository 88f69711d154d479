import { describe, expect, it } from 'vitest';
import { add, array, DisposedError, dispose, exp, keep, memory, mul, randn, reshape, sum, tidy, transpose, zeros, type NDArray } from '../index.js';
import { ARRAYS_PROTOCOL } from './reachable.js';
import { residentEverywhere } from './resident.js';

// 1024 elements: managed storage (>= 256), so views are counted and storage is pooled.
const big = (): NDArray => randn([32, 32]);

describe('tidy', () => {
  it('disposes the arrays made inside and keeps the returned one', () => {
    let inner: NDArray | undefined;
    const y = tidy(() => {
      inner = exp(big());
      return add(inner, 1);
    });
    expect(inner?.isDisposed).toBe(true);
    expect(y.isDisposed).toBe(false);
    expect(y.shape).toEqual([32, 32]);
  });

  it('leaves arrays made outside alone', () => {
    const x = big();
    tidy(() => add(x, 1));
    expect(x.isDisposed).toBe(false);
  });

  it('keeps every array reachable from returned plain objects, arrays, Maps and Sets, and no other', () => {
    const out = tidy(() => {
      const [a, b, c, d, e] = [zeros([300]), zeros([2]), zeros([300]), zeros([3]), zeros([4])];
      // A class instance is opaque unless it lists its arrays (next test): its array is disposed.
      const opaque = new (class Opaque {
        constructor(readonly x: NDArray) {}
      })(zeros([300]));
      return { list: [a, { b }], map: new Map([['c', c]]), set: new Set([d]), nested: { deep: [[e]] }, opaque };
    });
    const kept = [out.list[0] as NDArray, (out.list[1] as { b: NDArray }).b, out.map.get('c'), ...out.set, out.nested.deep[0]?.[0]];
    for (const x of kept) expect(x?.isDisposed).toBe(false);
    expect(out.opaque.x.isDisposed).toBe(true);
  });

  it('finds arrays an object lists under Symbol.for("dl.arrays")', () => {
    class Holder {
      constructor(readonly value: NDArray) {}
      [ARRAYS_PROTOCOL](): NDArray[] {
        return [this.value];
      }
    }
    const holder = tidy(() => new Holder(exp(big())));
    expect(holder.value.isDisposed).toBe(false);
    expect(ARRAYS_PROTOCOL).toBe(Symbol.for('dl.arrays'));
  });

  it('moves returned arrays to the enclosing tidy, which disposes them unless it returns them too', () => {
    let fromInner: NDArray | undefined;
    let innerTemp: NDArray | undefined;
    const outer = tidy(() => {
      fromInner = tidy(() => {
        innerTemp = exp(big());
        return add(innerTemp, 1);
      });
      expect(innerTemp?.isDisposed).toBe(true);
      expect(fromInner.isDisposed).toBe(false);
      return mul(fromInner, 2);
    });
    expect(fromInner?.isDisposed).toBe(true);
    expect(outer.isDisposed).toBe(false);
  });

  it('keep() inside a nested tidy exempts the array from every enclosing tidy', () => {
    let kept: NDArray | undefined;
    tidy(() => {
      tidy(() => {
        kept = keep(exp(big()));
      });
    });
    expect(kept?.isDisposed).toBe(false);
    expect(kept?.shape).toEqual([32, 32]);
  });

  it('keeps a returned view and its storage alive while disposing its base', () => {
    let base: NDArray | undefined;
    const x = big();
    const view = tidy(() => {
      base = add(x, 0);
      return transpose(reshape(base, [16, 64]), 0, 1);
    });
    expect(base?.isDisposed).toBe(true);
    // The base's storage stays with the view: a new allocation of that size does not get it.
    const other = add(x, 5);
    expect(other.data).not.toBe(view.data);
    expect(transpose(view, 0, 1).reshape([32, 32]).toArray()).toEqual(x.toArray());
  });

  it('disposes what was made before fn threw, and rethrows', () => {
    let made: NDArray | undefined;
    expect(() =>
      tidy(() => {
        made = big();
        throw new RangeError('boom');
      }),
    ).toThrow(/boom/);
    expect(made?.isDisposed).toBe(true);
    expect(memory().tidyDepth).toBe(0);
  });

  it('refuses a function that returns a Promise', () => {
    expect(() => tidy(() => Promise.resolve(1))).toThrow(/tidy: fn returned a Promise/);
    expect(() => { tidy(1 as unknown as () => void); }).toThrow(/tidy: expected a function, got number/);
  });

  it('brings memory() back to its baseline in a loop of 1,000 steps', () => {
    const w = big();
    const step = (): number => tidy(() => sum(mul(exp(add(w, 1)), w)).item());
    step();
    const before = memory();
    for (let i = 0; i < 1000; i++) step();
    const after = memory();
    expect(after.arrays).toBe(before.arrays);
    expect(after.storages).toBe(before.storages);
    expect(after.bytesInUse).toBe(before.bytesInUse);
    expect(after.bytesPooled).toBe(before.bytesPooled);
  });
});

describe('dispose', () => {
  it('disposes arrays inside containers and is harmless twice', () => {
    const [a, b] = [zeros([2]), zeros([300])];
    dispose({ a, list: [b] });
    expect(a.isDisposed && b.isDisposed).toBe(true);
    dispose(a);
    a.dispose();
    expect(a.isDisposed).toBe(true);
  });

  it('keeps storage while a view of it lives, and frees it when the last view goes', () => {
    const base = add(big(), 0);
    const view = reshape(base, [1024]);
    const start = memory();
    base.dispose();
    expect(memory().bytesInUse).toBe(start.bytesInUse);
    expect(view.toArray()).toHaveLength(1024);
    view.dispose();
    // Freed: into the pool, or back to wasm memory when resident (vitest.resident.config.ts).
    expect(memory().bytesInUse).toBe(start.bytesInUse - 4096);
    expect(memory().bytesPooled + memory().bytesResident).toBe(start.bytesPooled + start.bytesResident + (residentEverywhere() ? -4096 : 4096));
    expect(memory().arrays).toBe(start.arrays - 2);
  });
});

describe('DisposedError', () => {
  const disposed = (): NDArray => {
    const x = array([[1, 2, 3], [4, 5, 6]]);
    x.dispose();
    return x;
  };

  it.each([
    ['dataSync', (x: NDArray) => x.dataSync(), /dataSync: the float32 array of shape \[2, 3\] was disposed by dispose\(\)/],
    ['toArray', (x: NDArray) => x.toArray(), /toArray: the float32 array of shape \[2, 3\] was disposed/],
    ['item', (x: NDArray) => x.item(), /item: the float32 array of shape \[2, 3\] was disposed/],
    ['add', (x: NDArray) => add(x, 1), /the float32 array of shape \[2, 3\] was disposed by dispose\(\)/],
    ['exp', (x: NDArray) => exp(x), /the float32 array of shape \[2, 3\] was disposed/],
    ['sum', (x: NDArray) => sum(x), /the float32 array of shape \[2, 3\] was disposed/],
    ['reshape', (x: NDArray) => reshape(x, [6]), /the float32 array of shape \[2, 3\] was disposed/],
    ['transpose', (x: NDArray) => transpose(x, 0, 1).toArray(), /the float32 array of shape \[2, 3\] was disposed/],
    ['add as the second operand', (x: NDArray) => add(zeros([2, 3]), x), /the float32 array of shape \[2, 3\] was disposed/],
    ['add with out', (x: NDArray) => add(zeros([2, 3]), 1, { out: x }), /the float32 array of shape \[2, 3\] was disposed/],
  ])('is thrown by %s', (_name, use, message) => {
    const x = disposed();
    expect(() => use(x)).toThrow(message);
    expect(() => use(x)).toThrow(DisposedError);
  });

  it('says when tidy disposed the array, and how to keep it', () => {
    let inner: NDArray | undefined;
    tidy(() => {
      inner = zeros([4]);
    });
    expect(() => inner?.toArray()).toThrow(/disposed at the end of the tidy\(\) that created it[\s\S]*hint: return it from the tidy function, or keep\(x\) it/);
  });

  it('is a DLError found by isInstance, and the printout names the disposed array', () => {
    const x = disposed();
    let caught: unknown;
    try {
      x.toArray();
    } catch (error) {
      caught = error;
    }
    expect(DisposedError.isInstance(caught)).toBe(true);
    expect(String(x)).toBe('array(<disposed float32 [2, 3]>)');
  });
});

import { describe, expect, it } from 'vitest';
import * as nd from '../index.js';
import { BINARY, UNARY } from '../kernels/cpu/elementwise.js';
import { NDArray } from '../ndarray.js';
import { forEachBackend } from '../testing/index.js';
import { binaryOp, unaryOp } from './elementwise-op.js';

// The rows in kernels/cpu/elementwise.ts are the only hand-written list: these tests fail when
// ops/elementwise.generated.ts is stale (run `pnpm --filter @dl/tensor generate`).
const INTERNAL = ['copy', 'reluBackward'];
const rows = [...Object.keys(UNARY), ...Object.keys(BINARY)].filter((name) => !INTERNAL.includes(name));
const api = nd as unknown as Record<string, unknown>;
const proto = NDArray.prototype as unknown as Record<string, unknown>;

describe('kernel rows', () => {
  it('make every documented row a public op and an NDArray method', () => {
    const missing = rows.filter((name) => typeof api[name] !== 'function' || typeof proto[name] !== 'function');
    expect(missing, 'stale ops/elementwise.generated.ts: run pnpm --filter @dl/tensor generate').toEqual([]);
  });

  it('keep an @internal row out of the public API', () => {
    expect(api.copy).toBeUndefined();
    expect(proto.copy).toBeUndefined();
  });

  it('give each op the dtype rule of its row', () => {
    const ints = nd.array([1, 2], { dtype: 'int32' });
    for (const name of rows) {
      const op = api[name] as (...args: NDArray[]) => NDArray;
      const { dtype } = name in UNARY ? UNARY[name as keyof typeof UNARY] : BINARY[name as keyof typeof BINARY];
      const expected = { same: 'int32', noBool: 'int32', float: 'float32', bool: 'bool' }[dtype];
      expect([name, op(ints, ints).dtype]).toEqual([name, expected]);
    }
  });
});

describe('unaryOp', () => {
  it('refuses bool input under the noBool rule, naming the op', () => {
    expect(() => unaryOp('neg', 'noBool')(nd.array([true]))).toThrow(/^neg: not supported for bool arrays/);
  });
});

describe('binaryOp', () => {
  it('broadcasts and applies the float rule to int32 operands', () => {
    const out = binaryOp('div', 'float')(nd.array([[2], [4]], { dtype: 'int32' }), 2);
    expect([out.dtype, out.shape, Array.from(out.data)]).toEqual(['float32', [2, 1], [1, 2]]);
  });
});

forEachBackend(() => {
  describe('binaryOp on operands of one shape', () => {
    it('reads views with size-1 dims and odd strides as they are (no broadcast view)', () => {
      // [3, 1] views of a [1, 6] storage: strides [2, 5] and [1, 7]; the size-1 dim's stride is arbitrary.
      const storage = nd.arange(0, 24, 1, { dtype: 'float32' });
      const x = new NDArray(storage.data, 'float32', [3, 1], [2, 5], 1);
      const y = new NDArray(storage.data, 'float32', [3, 1], [1, 7], 10);
      expect(nd.add(x, y).toArray()).toEqual([[11], [14], [17]]);
      expect(nd.mul(x, y).toArray()).toEqual([[10], [33], [60]]);
    });

    it('keeps the broadcast error for shapes that differ', () => {
      expect(() => nd.add(nd.zeros([2, 3]), nd.zeros([3, 2]))).toThrow(/^add: shapes \[2, 3\] and \[3, 2\] are not broadcastable \(3 vs 2 at dim -1\)/);
    });
  });
});

import { describe, expect, it, vi } from 'vitest';
import type * as ErrorsModule from './errors.js';
import { ArgumentError, assert, DLError, DTypeError, IndexError, InPlaceError, ShapeError } from './index.js';

const CLASSES = [
  ['DLError', DLError],
  ['ShapeError', ShapeError],
  ['DTypeError', DTypeError],
  ['IndexError', IndexError],
  ['ArgumentError', ArgumentError],
  ['InPlaceError', InPlaceError],
] as const;

describe('DLError', () => {
  it.each(CLASSES)('%s is a real Error with its own name and message', (name, Err) => {
    const e = new Err('op: what went wrong (1 != 2)');
    expect(e).toBeInstanceOf(Error);
    expect(e).toBeInstanceOf(DLError);
    expect(e.name).toBe(name);
    expect(e.message).toBe('op: what went wrong (1 != 2)');
    expect(e.stack).toContain('op: what went wrong');
    expect(String(e)).toBe(`${name}: op: what went wrong (1 != 2)`);
  });

  it('isInstance follows the class chain', () => {
    const e = new ShapeError('x');
    expect(ShapeError.isInstance(e)).toBe(true);
    expect(DLError.isInstance(e)).toBe(true);
    expect(DTypeError.isInstance(e)).toBe(false);
    expect(ShapeError.isInstance(new DLError('x'))).toBe(false);
  });

  it('isInstance is false for non-errors and foreign errors', () => {
    for (const value of [
      null,
      undefined,
      0,
      'ShapeError',
      {},
      new Error('x'),
      new TypeError('x'),
    ]) {
      expect(DLError.isInstance(value)).toBe(false);
    }
  });

  it('isInstance recognises an error from a duplicate install by its Symbol.for markers', () => {
    // What ShapeError from another copy of @dl/tensor looks like: other classes, same global symbols.
    const foreign = Object.assign(new Error('add: shapes [2] and [3] are not broadcastable'), {
      [Symbol.for('dl.error.ShapeError')]: true,
      [Symbol.for('dl.error.DLError')]: true,
    });
    expect(foreign).not.toBeInstanceOf(ShapeError);
    expect(ShapeError.isInstance(foreign)).toBe(true);
    expect(DLError.isInstance(foreign)).toBe(true);
    expect(IndexError.isInstance(foreign)).toBe(false);
  });

  it('isInstance works across two module instances of errors.ts', async () => {
    // A second evaluation of the module has its own classes, as a second install would.
    // The specifier is a variable so TypeScript does not look for a file named with the query.
    const specifier = './errors.js?duplicate-install';
    const copy = (await import(/* @vite-ignore */ specifier)) as typeof ErrorsModule;
    expect(copy.ShapeError).not.toBe(ShapeError);
    const e = new copy.ShapeError('x');
    expect(e).not.toBeInstanceOf(ShapeError);
    expect(ShapeError.isInstance(e)).toBe(true);
    expect(copy.DLError.isInstance(new IndexError('y'))).toBe(true);
  });

  it('a subclass with its own marker is an instance of its whole chain', () => {
    class CustomError extends ShapeError {
      static override readonly marker: symbol = Symbol.for('dl.error.test.CustomError');
    }
    const e = new CustomError('x');
    expect(e.name).toBe('CustomError');
    expect(CustomError.isInstance(e)).toBe(true);
    expect(ShapeError.isInstance(e)).toBe(true);
    expect(DLError.isInstance(e)).toBe(true);
    expect(CustomError.isInstance(new ShapeError('x'))).toBe(false);
  });
});

describe('assert', () => {
  it('does nothing, and builds no message, when the condition holds', () => {
    const message = vi.fn(() => 'never');
    assert(true, message);
    expect(message).not.toHaveBeenCalled();
  });

  it('throws ArgumentError by default, or the given class', () => {
    expect(() => {
      assert(false, () => 'op: bad argument (1)');
    }).toThrow(ArgumentError);
    expect(() => {
      assert(false, () => 'sum: dim 2 out of range', IndexError);
    }).toThrow(/^sum: dim 2 out of range$/);
    expect(() => {
      assert(false, () => 'x', ShapeError);
    }).toThrow(ShapeError);
  });
});

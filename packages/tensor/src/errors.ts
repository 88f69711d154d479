type Marked = Record<symbol, boolean>;

/**
 * Base class of every error @dl throws. Each class carries a `Symbol.for('dl.error.<Name>')`
 * marker so `isInstance` works across duplicate installs, where `instanceof` would not.
 * @example
 * try { reshape(x, [7]); } catch (e) { if (DLError.isInstance(e)) console.error(e.message); }
 */
export class DLError extends Error {
  static readonly marker: symbol = Symbol.for('dl.error.DLError');

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
    // Mark the instance with every class marker up the chain, so ShapeError is also a DLError.
    for (let cls: unknown = new.target; cls !== Error; cls = Object.getPrototypeOf(cls)) {
      (this as unknown as Marked)[(cls as typeof DLError).marker] = true;
    }
  }

  /**
   * True if `value` is an error of this class, even one from another copy of the package.
   * @example
   * ShapeError.isInstance(err)
   */
  static isInstance(value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Partial<Marked>)[this.marker] === true;
  }
}

/**
 * Shapes that do not fit together (broadcasting, matmul, reshape).
 * @example
 * new ShapeError('matmul: shapes [2, 3] and [4, 5] cannot be multiplied (3 != 4)')
 */
export class ShapeError extends DLError {
  static override readonly marker: symbol = Symbol.for('dl.error.ShapeError');
}

/**
 * A dtype an op does not accept, or a conversion that would lose values.
 * @example
 * new DTypeError('indexSelect: index must be int32, got float32')
 */
export class DTypeError extends DLError {
  static override readonly marker: symbol = Symbol.for('dl.error.DTypeError');
}

/**
 * A dim or an index outside its valid range.
 * @example
 * new IndexError('sum: dim 2 out of range for a 2-d array (expected -2..1)')
 */
export class IndexError extends DLError {
  static override readonly marker: symbol = Symbol.for('dl.error.IndexError');
}

/**
 * Any other invalid argument.
 * @example
 * new ArgumentError('linspace: steps must be a non-negative integer, got -1')
 */
export class ArgumentError extends DLError {
  static override readonly marker: symbol = Symbol.for('dl.error.ArgumentError');
}

/**
 * Two different versions of `@dl/tensor` are loaded in one process; they would split the seeded
 * generator and the backend registry, so the second one refuses to load.
 * @example
 * if (VersionMismatchError.isInstance(err)) console.error(err.message); // then run `npm dedupe`
 */
export class VersionMismatchError extends DLError {
  static override readonly marker: symbol = Symbol.for('dl.error.VersionMismatchError');
}

/**
 * A value autograd saved for backward was changed in place before `backward()` used it (its
 * storage version moved on), as PyTorch's "modified by an inplace operation" error.
 * @example
 * new InPlaceError('backward: ... [MulBackward] input 0 (float32 [2]) is at version 1; expected version 0 instead')
 */
export class InPlaceError extends DLError {
  static override readonly marker: symbol = Symbol.for('dl.error.InPlaceError');
}

/**
 * Throws `new Err(message())` when `condition` is false; the message is built only on failure.
 * @example
 * assert(dim < ndim, () => `sum: dim ${dim} out of range`, IndexError);
 */
export function assert(
  condition: boolean,
  message: () => string,
  Err: new (message: string) => DLError = ArgumentError,
): asserts condition {
  if (!condition) throw new Err(message());
}

/**
 * A worker thread of the pool failed while running part of an op (a kernel threw, the worker
 * exited or stopped answering); the op is abandoned and the pool restarts on the next large op.
 * @example
 * new WorkerError('matmul: worker 1 of 2 failed: RangeError: invalid array length')
 */
export class WorkerError extends DLError {
  static override readonly marker: symbol = Symbol.for('dl.error.WorkerError');
}

/**
 * An array was used after `dispose(x)`, `x.dispose()` or the end of the `tidy` that made it; its
 * storage may already hold another array's values, so every op and read refuses it.
 * @example
 * const y = tidy(() => exp(x)); // y is returned, so it lives on; values made inside and not returned do not
 */
export class DisposedError extends DLError {
  static override readonly marker: symbol = Symbol.for('dl.error.DisposedError');
}

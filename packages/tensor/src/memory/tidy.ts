import { ArgumentError } from '../errors.js';
import { shared } from '../global-state.js';
import type { NDArray } from '../ndarray.js';
import { releaseArray } from './release.js';
import { forEachArray } from './reachable.js';
import { scopes, type Scope } from './scope.js';
import { watchSurvivors } from './storage.js';

// tidy(), keep() and dispose(), as tfjs's: explicit, opt-in release of arrays before the garbage
// collector would find them, so their storage is reused (pool.ts). Nothing changes for code that
// never calls them.

// Shared by every copy of @dl/tensor, as the scopes are (src/global-state.ts).
const kept: WeakSet<object> = shared('memoryKept', () => new WeakSet());

/**
 * Runs `fn` and disposes every NDArray created while it runs, except those reachable from its
 * return value (an array, or arrays inside plain objects, arrays, Maps and Sets, or objects that
 * list them under `Symbol.for('dl.arrays')`) and those passed to `keep`. Returned arrays join the
 * enclosing tidy, if any. Storage comes back to the pool once no live array views it, so a
 * returned view keeps its base's storage alive. `fn` must be synchronous.
 * @example
 * const loss = tidy(() => mean(square(sub(predict(x), y)))); // temporaries disposed, loss kept
 */
export function tidy<T>(fn: () => T): T {
  if (typeof fn !== 'function') throw new ArgumentError(`tidy: expected a function, got ${typeof fn}`);
  const scope: Scope = { arrays: [], residents: [], parent: scopes.current };
  scopes.current = scope;
  scopes.depth++;
  let result: T;
  try {
    result = fn();
  } catch (error) {
    closeScope(scope, new Set());
    throw error;
  }
  if (typeof (result as { then?: unknown } | null)?.then === 'function') {
    closeScope(scope, new Set());
    throw new ArgumentError('tidy: fn returned a Promise; tidy tracks synchronous work only\nhint: await the work outside tidy, and tidy each synchronous step');
  }
  const returned = new Set<object>();
  forEachArray(result, (x) => returned.add(x));
  closeScope(scope, returned);
  return result;
}

/** Ends `scope`: disposes its arrays but the returned and kept ones; returned ones move to the parent. */
function closeScope(scope: Scope, returned: Set<object>): void {
  scopes.current = scope.parent;
  scopes.depth--;
  for (const x of scope.arrays) {
    if (kept.has(x)) continue;
    if (returned.has(x)) scope.parent?.arrays.push(x);
    else releaseArray(x as NDArray, 'tidy');
  }
  watchSurvivors(scope.residents);
}

/**
 * Exempts `x` from disposal by every tidy() (the current one and those enclosing it), as tfjs's
 * `keep`; it stays alive until the garbage collector or an explicit `dispose` frees it.
 * @example
 * let state: NDArray; tidy(() => { state = keep(zeros([10])); });
 */
export function keep<T extends NDArray>(x: T): T {
  kept.add(x);
  return x;
}

/**
 * Disposes `value` now: an NDArray, or every NDArray inside arrays, plain objects, Maps and Sets
 * (or listed by an object under `Symbol.for('dl.arrays')`). Each array's storage returns to the
 * pool once no live array views it; later use of a disposed array throws DisposedError.
 * @example
 * dispose([a, b, { c }]);
 */
export function dispose(value: unknown): void {
  forEachArray(value, (x) => {
    releaseArray(x, 'dispose');
  });
}

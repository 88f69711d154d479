import { ArgumentError } from '@dl/tensor';

let enabled = true;

/**
 * True while operations are being recorded for backward.
 * @example
 * noGrad(() => isGradEnabled()) // false
 */
export function isGradEnabled(): boolean {
  return enabled;
}

/**
 * Turns recording on or off until told otherwise, as `torch.set_grad_enabled(mode)`; the way
 * to keep gradients off across `await`, restoring the mode in a `finally`.
 * @example
 * setGradEnabled(false);
 * try { await evaluate(model); } finally { setGradEnabled(true); }
 */
export function setGradEnabled(mode: boolean): void {
  if (typeof mode !== 'boolean') {
    const got: unknown = mode;
    throw new ArgumentError(`setGradEnabled: mode must be a boolean, got ${typeof got}`);
  }
  enabled = mode;
}

/**
 * A function that does not return a promise: grad-mode scopes refuse async functions at compile
 * time too, with this key in the error message.
 */
export type Synchronous<T> = (() => T) &
  ([T] extends [never] ? unknown : T extends PromiseLike<unknown> ? { 'fn must be synchronous: use setGradEnabled around async work': never } : unknown);

function withGradMode<T>(op: string, mode: boolean, fn: () => T): T {
  const previous = enabled;
  enabled = mode;
  let result: T;
  try {
    result = fn();
  } finally {
    enabled = previous;
  }
  // NOTE: the mode is a global restored when fn returns, before the awaited part of an async fn
  // runs; that part would silently record (or not record) a graph. Grad mode cannot follow
  // await without AsyncLocalStorage, which a browser bundle cannot import.
  if (typeof (result as Partial<PromiseLike<unknown>> | null)?.then === 'function') {
    throw new ArgumentError(
      `${op}: the function returned a Promise; grad mode cannot follow await (it is ${previous ? 'on' : 'off'} again for everything after the first await)\nhint: call ${op} inside the async function around its synchronous work, or use setGradEnabled(${String(mode)}) before and setGradEnabled(${String(previous)}) in a finally block`,
    );
  }
  return result;
}

/**
 * Runs `fn` without recording a graph, as `with torch.no_grad()`: results do not require grad.
 * `fn` must be synchronous: a function that returns a Promise is refused (the mode could not
 * follow its `await`s); use `setGradEnabled` around async work.
 * @example
 * noGrad(() => w.data.sub_(mul(w.grad, 0.1)))
 */
export function noGrad<T>(fn: Synchronous<T>): T {
  return withGradMode('noGrad', false, fn);
}

/**
 * Runs `fn` with recording on, even inside `noGrad`, as `torch.enable_grad()`; synchronous only,
 * as `noGrad`.
 * @example
 * noGrad(() => enableGrad(() => mul(x, 2))).requiresGrad // true when x requires grad
 */
export function enableGrad<T>(fn: Synchronous<T>): T {
  return withGradMode('enableGrad', true, fn);
}

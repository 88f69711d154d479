let enabled = true;

/**
 * True while operations are being recorded for backward.
 * @example
 * noGrad(() => isGradEnabled()) // false
 */
export function isGradEnabled(): boolean {
  return enabled;
}

function withGradMode<T>(mode: boolean, fn: () => T): T {
  const previous = enabled;
  enabled = mode;
  try {
    return fn();
  } finally {
    enabled = previous;
  }
}

/**
 * Runs `fn` without recording a graph, as `with torch.no_grad()`: results do not require grad.
 * `fn` must be synchronous (the mode is restored when it returns).
 * @example
 * noGrad(() => w.data.sub_(mul(w.grad, 0.1)))
 */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, fn);
}

/**
 * Runs `fn` with recording on, even inside `noGrad`, as `torch.enable_grad()`.
 * @example
 * noGrad(() => enableGrad(() => mul(x, 2))).requiresGrad // true when x requires grad
 */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode(true, fn);
}

import { ArgumentError } from '@dl/tensor';

/** @internal A value as an error message prints it: numbers plain, strings and number lists as JSON. */
export function show(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined || value === null) return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    return keys.length === 0 ? '{}' : `an object with keys ${keys.join(', ')}`;
  }
  return typeof value;
}

/**
 * @internal Throws `<op>: invalid <label> <value> (expected >= 0)` unless value is a number >= 0
 * (NaN fails too).
 * @example
 * checkNonNegative('SGD', 'learning rate', -1) // ArgumentError: SGD: invalid learning rate -1 (expected >= 0)
 */
export function checkNonNegative(op: string, label: string, value: unknown): void {
  if (typeof value !== 'number' || !(value >= 0)) throw new ArgumentError(`${op}: invalid ${label} ${show(value)} (expected >= 0)`);
}

/**
 * @internal Throws unless value is a number > 0.
 * @example
 * checkPositive('SparseAdam', 'learning rate', 0) // ArgumentError: SparseAdam: invalid learning rate 0 (expected > 0)
 */
export function checkPositive(op: string, label: string, value: unknown): void {
  if (typeof value !== 'number' || !(value > 0)) throw new ArgumentError(`${op}: invalid ${label} ${show(value)} (expected > 0)`);
}

/**
 * @internal Throws unless value is an integer >= 1 (step counts, periods).
 * @example
 * checkPositiveInteger('StepLR', 'stepSize', 0) // ArgumentError: StepLR: invalid stepSize 0 (expected an integer >= 1)
 */
export function checkPositiveInteger(op: string, label: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ArgumentError(`${op}: invalid ${label} ${show(value)} (expected an integer >= 1)`);
  }
}

/**
 * @internal Throws unless value is a number in [min, max] (or [min, max) with `openMax`).
 * @example
 * checkRange('LinearLR', 'endFactor', 2, 0, 1) // ArgumentError: LinearLR: invalid endFactor 2 (expected in [0, 1])
 */
export function checkRange(op: string, label: string, value: unknown, min: number, max: number, options: { openMin?: boolean; openMax?: boolean } = {}): void {
  const { openMin = false, openMax = false } = options;
  const ok = typeof value === 'number' && (openMin ? value > min : value >= min) && (openMax ? value < max : value <= max);
  if (!ok) throw new ArgumentError(`${op}: invalid ${label} ${show(value)} (expected in ${openMin ? '(' : '['}${min}, ${max}${openMax ? ')' : ']'})`);
}

/**
 * @internal Throws unless `betas` is a pair of numbers in [0, 1), as Adam's `betas`.
 * @example
 * checkBetas('Adam', [0.9, 1]) // ArgumentError: Adam: invalid betas[1] 1 (expected in [0, 1))
 */
export function checkBetas(op: string, betas: unknown): void {
  if (!Array.isArray(betas) || betas.length !== 2) throw new ArgumentError(`${op}: invalid betas ${show(betas)} (expected a pair [beta1, beta2])`);
  betas.forEach((beta: unknown, i) => {
    checkRange(op, `betas[${i}]`, beta, 0, 1, { openMax: true });
  });
}

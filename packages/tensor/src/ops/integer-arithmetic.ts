// Integer arithmetic as PyTorch refuses it: division or modulo by zero, and negative powers.
// Ops on int32 results listed here are computed in float64 and narrowed by int32.ts, so an
// overflow throws instead of wrapping.
import { ArgumentError } from '../errors.js';
import type { BinaryOp, UnaryOp } from '../kernels/registry.js';
import type { NDArray } from '../ndarray.js';

/** @internal int32 ops whose exact result may leave int32 (or is undefined for some operands). */
export const INT32_CHECKED_BINARY: ReadonlySet<BinaryOp> = new Set<BinaryOp>(['add', 'sub', 'mul', 'pow', 'floorDivide', 'remainder']);
/** @internal int32 unary ops whose exact result may leave int32 (neg and abs of -2^31, square). */
export const INT32_CHECKED_UNARY: ReadonlySet<UnaryOp> = new Set<UnaryOp>(['neg', 'abs', 'square']);

/**
 * @internal Refuses integer operands PyTorch refuses: a zero divisor for `floorDivide` and
 * `remainder` (PyTorch: "ZeroDivisionError"; `div` is true division, so 1 / 0 is Infinity) and a
 * negative exponent for `pow` (PyTorch: "Integers to negative integer powers are not allowed").
 */
export function checkIntegerOperands(op: BinaryOp, y: NDArray): void {
  if (op !== 'floorDivide' && op !== 'remainder' && op !== 'pow') return;
  const values = y.dataSync();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (op === 'pow' && v < 0) {
      throw new ArgumentError(`pow: integers to negative integer powers are not allowed (exponent ${v}${y.size > 1 ? ` at flat index ${i}` : ''})\nhint: use a float base, e.g. pow(astype(x, 'float32'), ${v})`);
    }
    if (op !== 'pow' && v === 0) {
      throw new ArgumentError(`${op}: ZeroDivisionError: integer division by zero (divisor 0${y.size > 1 ? ` at flat index ${i}` : ''})\nhint: div() is true division and gives Infinity; or cast to float first`);
    }
  }
}

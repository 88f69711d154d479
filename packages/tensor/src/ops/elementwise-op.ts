// The two factories behind every row-derived element-wise op (ops/elementwise.generated.ts):
// validation, dtype rule, int32 narrowing and broadcasting, written once for all of them.
import { allocateEmpty, isFloating, promoteTypes, DEFAULT_DTYPE, type DType, type TypedArray } from '../dtype.js';
import { DTypeError } from '../errors.js';
import type { DTypeRule } from '../kernels/cpu/elementwise.js';
import { kernels, type BinaryOp, type UnaryOp } from '../kernels/registry.js';
import { NDArray } from '../ndarray.js';
import { broadcastShapes, numel as numelOf, shapesEqual } from '../shape.js';
import { checkIntegerOperands, INT32_CHECKED_BINARY, INT32_CHECKED_UNARY } from './integer-arithmetic.js';
import { exactScratch, narrowToInt32 } from './int32.js';
import { asNDArray, assignInPlace, broadcastView, expectNDArray, type Operand } from './operand.js';
import type { StridedView } from '../kernels/strided.js';
import { outOf, writeInto, type OutOptions } from './out.js';

/** @internal The output dtype of `op` for a (promoted) input dtype under a row's dtype rule. */
export function outputDType(op: string, dtype: DType, rule: DTypeRule): DType {
  if (rule === 'bool') return 'bool';
  if (rule === 'float') return isFloating(dtype) ? dtype : DEFAULT_DTYPE;
  if (rule === 'noBool' && dtype === 'bool') {
    throw new DTypeError(`${op}: not supported for bool arrays\nhint: use logicalNot / logicalXor, or cast first with astype(x, 'int32')`);
  }
  return dtype;
}

/** @internal The NDArray op of a unary kernel row. */
export function unaryOp(op: UnaryOp, rule: DTypeRule): (x: NDArray, options?: OutOptions) => NDArray {
  return (x, options) => {
    expectNDArray(op, x);
    const dtype = outputDType(op, x.dtype, rule);
    const target = outOf(op, options, x.shape, dtype);
    if (dtype === 'int32' && INT32_CHECKED_UNARY.has(op)) {
      // NOTE: computed exactly in float64, then narrowed: neg(-2^31) must not wrap to -2^31.
      const exact = exactScratch(op, x.size);
      kernels().unary(op, x, exact);
      const result = new NDArray(narrowToInt32(op, exact), dtype, x.shape);
      return target ? assignInPlace(op, target, result) : result;
    }
    if (target) {
      return writeInto(op, target, [x], (dst) => {
        kernels().unary(op, x, dst);
      });
    }
    // Kernels write every element (registry.ts), so a reused buffer needs no zeroing.
    const out = allocateEmpty(dtype, x.size);
    kernels().unary(op, x, out);
    return new NDArray(out, dtype, x.shape);
  };
}

/** @internal The broadcasting NDArray op of a binary kernel row. */
export function binaryOp(op: BinaryOp, rule: DTypeRule): (a: Operand, b: Operand, options?: OutOptions) => NDArray {
  return (a, b, options) => {
    const x = asNDArray(op, a, NDArray.isNDArray(b) ? b : undefined);
    const y = asNDArray(op, b, x);
    // Operands of one shape (the common case) skip the broadcast: the result takes x's frozen shape.
    const shape = shapesEqual(x.shape, y.shape) ? x.shape : broadcastShapes(op, x.shape, y.shape);
    const dtype = outputDType(op, promoteTypes(x.dtype, y.dtype), rule);
    const target = outOf(op, options, shape, dtype);
    if (dtype === 'int32' && INT32_CHECKED_BINARY.has(op)) {
      checkIntegerOperands(op, y);
      // NOTE: computed exactly in float64 (int32 products stay below 2^62, and any result beyond
      // int32 is caught), then narrowed: int32 arithmetic never wraps silently.
      const exact = exactScratch(op, numelOf(shape));
      kernels().binary(op, broadcastView(x, shape), broadcastView(y, shape), exact);
      const result = new NDArray(narrowToInt32(op, exact), dtype, shape);
      return target ? assignInPlace(op, target, result) : result;
    }
    if (target) {
      return writeInto(op, target, [x, y], (out) => {
        fillBinary(op, rule, x, y, shape, out);
      });
    }
    const out = allocateEmpty(dtype, numelOf(shape), op);
    fillBinary(op, rule, x, y, shape, out);
    return new NDArray(out, dtype, shape);
  };
}

// NOTE: a module-level function, not a closure made per call: small ops pay for every allocation.
function fillBinary(op: BinaryOp, rule: DTypeRule, x: NDArray, y: NDArray, shape: readonly number[], out: TypedArray): void {
  kernels().binary(op, viewAs(x, shape), viewAs(y, shape), out);
  // bool storage holds only 0 and 1: true + true is true (logical or), as in PyTorch, not 2.
  if (rule !== 'bool' && out instanceof Uint8Array) for (let i = 0; i < out.length; i++) out[i] = out[i] ? 1 : 0;
}

/** `x` read as `shape`: the array itself, a strided view already, when it has that shape. */
function viewAs(x: NDArray, shape: readonly number[]): StridedView {
  return x.shape === shape || shapesEqual(x.shape, shape) ? x : broadcastView(x, shape);
}

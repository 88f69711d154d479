// Element-wise ops registered in ops.py with one `elementwise(...)` line need no hand-written
// runner (pytorch-parity.test.ts) or gradcheck row (ops-table.test.ts): both suites derive them
// from the op's export and its fixture cases here. Ops with options keep their own runners and rows.
import * as ag from '@dl/autograd';
import type { Tensor, TensorLike } from '@dl/autograd';
import * as nd from '@dl/tensor';
import type { DType, NDArray } from '@dl/tensor';
import { readFileSync } from 'node:fs';

/** One array of ops.json. */
export interface StoredArray {
  dtype: DType;
  shape: number[];
  values: (number | boolean | string)[];
}

/** One case of ops.json (params under @dl's option names). */
export interface FixtureCase {
  op: string;
  label: string;
  params: Record<string, unknown>;
  inputs: StoredArray[];
  outputs: StoredArray[];
  cotangents: (StoredArray | null)[];
  grads: (StoredArray | null)[];
}

const FIXTURE = new URL('./ops.json', import.meta.url);
export const FIXTURE_CASES = (JSON.parse(readFileSync(FIXTURE, 'utf8')) as { cases: FixtureCase[] }).cases;

const SPECIAL: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

/** A stored array as an NDArray ("NaN", "Infinity" and "-Infinity" decoded). */
export function fromStored({ dtype, shape, values }: StoredArray): NDArray {
  const decoded = values.map((v) => (typeof v === 'string' ? SPECIAL[v] : v));
  return nd.reshape(nd.array(decoded, { dtype }), shape);
}

type Op = (...operands: TensorLike[]) => Tensor;
const SCALAR_PARAMS = new Set(['scalar', 'scalarFirst']);

function exported(op: string): Op | undefined {
  const value = (ag as Record<string, unknown>)[op];
  return typeof value === 'function' ? (value as Op) : undefined;
}

/**
 * True when every case of `op` is a plain element-wise call: float inputs and at most a scalar
 * operand, as `elementwise(...)` in ops.py writes them.
 */
export function isElementwiseCase(op: string): boolean {
  const cases = FIXTURE_CASES.filter((c) => c.op === op);
  return (
    exported(op) !== undefined &&
    cases.length > 0 &&
    cases.every(
      (c) =>
        c.inputs.every((x) => x.dtype === 'float64') &&
        Object.keys(c.params).every((key) => SCALAR_PARAMS.has(key)),
    )
  );
}

/** Calls the exported op on a case's operands, with its scalar operand first or last. */
export function callElementwise(op: string, operands: readonly TensorLike[], params: Record<string, unknown>): Tensor {
  const fn = exported(op);
  if (fn === undefined) throw new Error(`ops.json: ${op} is not an exported function of @dl/autograd`);
  const scalar = params.scalar as number | undefined;
  if (scalar === undefined) return fn(...operands);
  return params.scalarFirst === true ? fn(scalar, ...operands) : fn(...operands, scalar);
}

// Test-only reader of reduce.json (made by reduce.py): the PyTorch cases of reduce, statistics and softmax.
import { array, parseDType, reshape, type NDArray } from '../../index.js';
import fixture from './reduce.json';

type Encoded = number | string;

export interface ReduceCase {
  op: string;
  input: string;
  dim: number | number[] | null;
  keepdim: boolean;
  param: Encoded | null;
  out: { shape: number[]; data: Encoded[] };
  dtype: string;
}

const cases = fixture.cases as ReduceCase[];
const inputs = fixture.inputs as Record<string, { shape: number[]; data: number[]; dtype: string }>;

/** JSON cannot hold NaN or ±Infinity, so reduce.py writes them as strings. */
export function decode(value: Encoded): number {
  if (typeof value === 'number') return value;
  return value === 'NaN' ? NaN : value === 'Infinity' ? Infinity : -Infinity;
}

/** The fixture cases of one op. */
export function casesOf(op: string): ReduceCase[] {
  const found = cases.filter((c) => c.op === op);
  if (found.length === 0) throw new Error(`no fixture cases for ${op}: rerun __fixtures__/reduce.py`);
  return found;
}

/** The case's input array (float64, int32 or bool). */
export function inputOf(c: ReduceCase): NDArray {
  const { shape, data, dtype } = inputs[c.input];
  return reshape(array(data, { dtype: parseDType(dtype) }), shape);
}

/** The case's dim as our API takes it (PyTorch's None is undefined). */
export function dimOf(c: ReduceCase): number | number[] | undefined {
  return c.dim ?? undefined;
}

/**
 * How `actual` differs from the case's shape, dtype and values (NaN matches NaN); empty when it
 * matches, so tests read `expect(mismatches(out, c)).toEqual([])` and a failure lists every difference.
 */
export function mismatches(actual: NDArray, c: ReduceCase, rtol = 1e-12): string[] {
  if (actual.shape.join() !== c.out.shape.join()) return [`shape [${actual.shape.join(', ')}] != [${c.out.shape.join(', ')}]`];
  const found = actual.dtype === c.dtype ? [] : [`dtype ${actual.dtype} != ${c.dtype}`];
  const values = actual.dataSync();
  c.out.data.map(decode).forEach((expected, i) => {
    const got = values[i];
    const close = Number.isFinite(expected) ? Math.abs(got - expected) <= 1e-12 + rtol * Math.abs(expected) : Object.is(got, expected);
    if (!close) found.push(`[${String(i)}] ${String(got)} != ${String(expected)}`);
  });
  return found;
}

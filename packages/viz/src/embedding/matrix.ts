import { formatShape, ShapeError } from '@dl/tensor';
import { checkFinite, shaped, type Values } from '../plot/values.js';

/** @internal A checked [n, d] matrix from any 2-d input, copied to float64. */
export function matrix(op: string, input: Values, minRows = 1): { data: Float64Array; n: number; d: number } {
  const value = shaped(input);
  if (value.shape.length !== 2) throw new ShapeError(`${op}: expected a 2-d tensor [points, features], got shape ${formatShape(value.shape)} (${value.shape.length}-d)`);
  const [n = 0, d = 0] = value.shape;
  if (n < minRows || d === 0) throw new ShapeError(`${op}: needs at least ${minRows} points with at least 1 feature, got shape ${formatShape(value.shape)}`);
  checkFinite(op, value);
  return { data: Float64Array.from(value.values), n, d };
}

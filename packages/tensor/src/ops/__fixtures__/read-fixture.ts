import { readFileSync } from 'node:fs';
import type { NestedArray } from '../../ndarray.js';

/** One PyTorch reference case of indexing.json (fields depend on the op). */
export interface Fixture {
  index: NestedArray;
  src: NestedArray;
  source: NestedArray;
  out: NestedArray;
  values: NestedArray;
  indices: NestedArray;
}

// JSON has no NaN or Infinity, so indexing.py writes them as strings.
const SPECIAL: Record<string, number> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY };

const cases = JSON.parse(readFileSync(new URL('indexing.json', import.meta.url), 'utf8'), (_key, value: unknown) =>
  typeof value === 'string' && value in SPECIAL ? SPECIAL[value] : value,
) as Record<string, unknown>;

/** The PyTorch reference case `name` of indexing.json (made by indexing.py). */
export function fixture(name: string): Fixture {
  if (!(name in cases)) throw new Error(`no fixture named ${name}`);
  return cases[name] as Fixture;
}

/** A raw array stored in indexing.json (sort and topk inputs). */
export function fixtureArray(name: string): NestedArray {
  if (!(name in cases)) throw new Error(`no fixture named ${name}`);
  return cases[name] as NestedArray;
}

// Reads nn.json (made by nn.py) and checks a module against one of its PyTorch cases.
import { readFileSync } from 'node:fs';
import { tensor, type Tensor } from '@dl/autograd';
import * as nd from '@dl/tensor';
import type { NestedArray } from '@dl/tensor';
import { expectClose } from '@dl/tensor/testing';
import type { Module } from '../index.js';

/** One PyTorch reference case: options, inputs, state, output, cotangent and gradients. */
export interface Fixture {
  options: Record<string, unknown>;
  inputs: Record<string, NestedArray>;
  state: Record<string, NestedArray>;
  output: NestedArray;
  cotangent?: NestedArray;
  grads: Record<string, NestedArray>;
  buffersAfter: Record<string, NestedArray>;
}

// JSON has no NaN or Infinity, so nn.py writes them as strings.
const SPECIAL: Record<string, number> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY };

const cases = JSON.parse(readFileSync(new URL('nn.json', import.meta.url), 'utf8'), (_key, value: unknown) =>
  typeof value === 'string' && value in SPECIAL ? SPECIAL[value] : value,
) as Record<string, Fixture>;

/** The PyTorch reference case `name` of nn.json. */
export function fixture(name: string): Fixture {
  const found = Object.hasOwn(cases, name) ? cases[name] : undefined;
  if (!found) throw new Error(`no fixture named ${name}`);
  return found;
}

/** Names of all cases whose name starts with `prefix`. */
export function fixtureNames(prefix: string): string[] {
  return Object.keys(cases).filter((name) => name.startsWith(prefix));
}

/** A float64 NDArray of a stored tensor (for options such as class weights). */
export const float64 = (values: NestedArray): nd.NDArray => nd.array(values, { dtype: 'float64' });

/** How `checkFixture` builds the inputs and compares. */
export interface CheckOptions {
  /** Inputs holding indices (int32, no gradient). */
  indices?: readonly string[];
  atol?: number;
  rtol?: number;
}

/**
 * Loads the case's state into `module` (float64), runs it on the case's inputs, and compares the
 * output, the gradients of inputs and parameters, and the buffers afterwards with PyTorch's.
 * @example
 * checkFixture('Linear', new Linear(4, 3, { dtype: 'float64' }));
 */
export function checkFixture(name: string, module: Module, options: CheckOptions = {}): void {
  const c = fixture(name);
  const tolerance = { atol: options.atol ?? 1e-10, rtol: options.rtol ?? 1e-8 };
  const current: Partial<Record<string, nd.NDArray>> = module.stateDict();
  module.loadStateDict(Object.fromEntries(Object.entries(c.state).map(([key, value]) => [key, nd.array(value, { dtype: current[key]?.dtype ?? 'float64' })])));
  const inputs: Partial<Record<string, Tensor>> = {};
  for (const [key, value] of Object.entries(c.inputs)) {
    inputs[key] = options.indices?.includes(key) ? tensor(value, { dtype: 'int32' }) : tensor(value, { dtype: 'float64', requiresGrad: true });
  }
  const output = (module.call as (...args: unknown[]) => Tensor)(...Object.values(inputs));
  expectClose(output.data, c.output, tolerance);
  output.backward(c.cotangent === undefined ? undefined : float64(c.cotangent));
  const params = new Map(module.namedParameters());
  for (const [key, expected] of Object.entries(c.grads)) {
    const grad = (inputs[key] ?? params.get(key))?.grad;
    if (!grad) throw new Error(`${name}: no gradient for ${key}`);
    try {
      expectClose(grad, expected, tolerance);
    } catch (error) {
      throw new Error(`${name}: gradient of ${key}: ${(error as Error).message}`);
    }
  }
  const buffers = new Map(module.namedBuffers());
  for (const [key, expected] of Object.entries(c.buffersAfter)) {
    const buffer = buffers.get(key);
    if (!buffer) throw new Error(`${name}: no buffer ${key}`);
    expectClose(buffer, expected, tolerance);
  }
}

/** The options of case `name`, typed as the test expects them (nn.py writes @dl/nn's names). */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the shape nn.py stored
export function fixtureOptions<T>(name: string): T {
  return fixture(name).options as unknown as T;
}

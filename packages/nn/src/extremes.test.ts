// Issue 9: losses and activations at float32 extremes give PyTorch's values and gradients,
// inf and nan included (fixtures from __fixtures__/extremes.py, torch 1.13, float32).
import { readFileSync } from 'node:fs';
import { tensor, type Tensor } from '@dl/autograd';
import * as nd from '@dl/tensor';
import { expectClose } from '@dl/tensor/testing';
import { describe, expect, it } from 'vitest';
import { functional as F } from './index.js';

interface Values {
  shape: number[];
  values: (number | string)[];
}

interface ExtremeCase {
  fn: string;
  options: Record<string, unknown>;
  ints: string[];
  inputs: Record<string, Values>;
  output: Values;
  cotangent: (number | string)[];
  grads: Record<string, (number | string)[]>;
}

const SPECIAL: Record<string, number> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY };
const numbers = (values: (number | string)[]): number[] => values.map((v) => (typeof v === 'number' ? v : (SPECIAL[v] ?? Number.NaN)));
const cases = JSON.parse(readFileSync(new URL('__fixtures__/extremes.json', import.meta.url), 'utf8')) as Record<string, ExtremeCase>;

type Call = (inputs: Tensor[], options: Record<string, unknown>) => Tensor;
const float = (values: unknown): nd.NDArray => nd.array(values as number[], { dtype: 'float32' });
const lossOptions = (options: Record<string, unknown>): Record<string, unknown> => ({
  ...options,
  ...(options.weight ? { weight: float(options.weight) } : {}),
  ...(options.posWeight ? { posWeight: float(options.posWeight) } : {}),
});
const loss = (fn: (input: Tensor, target: Tensor, options: object) => Tensor): Call => ([input, target], options) => fn(input, target, lossOptions(options));
const unary = (fn: (input: Tensor) => Tensor): Call => ([input]) => fn(input);
const CALLS: Record<string, Call> = {
  binaryCrossEntropy: loss(F.binaryCrossEntropy),
  binaryCrossEntropyWithLogits: loss(F.binaryCrossEntropyWithLogits),
  crossEntropy: loss(F.crossEntropy),
  nllLoss: loss(F.nllLoss),
  mseLoss: loss(F.mseLoss),
  l1Loss: loss(F.l1Loss),
  smoothL1Loss: loss(F.smoothL1Loss),
  huberLoss: loss(F.huberLoss),
  klDiv: loss(F.klDiv),
  layerNorm: ([input, weight, bias], { normalizedShape }) => F.layerNorm(input, normalizedShape as number[], { weight, bias }),
  batchNorm: ([input, weight, bias], options) => F.batchNorm(input, null, null, { ...options, weight, bias }),
  maxPool2d: ([input], { kernelSize }) => F.maxPool2d(input, kernelSize as number),
  avgPool2d: ([input], { kernelSize }) => F.avgPool2d(input, kernelSize as number),
  softmax: ([input], { dim }) => F.softmax(input, dim as number),
  logSoftmax: ([input], { dim }) => F.logSoftmax(input, dim as number),
  gelu: ([input], options) => F.gelu(input, options),
  sigmoid: unary(F.sigmoid),
  tanh: unary(F.tanh),
  relu: unary(F.relu),
  softplus: unary(F.softplus),
  logSigmoid: unary(F.logSigmoid),
  silu: unary(F.silu),
  elu: unary((x) => F.elu(x)),
  leakyRelu: unary((x) => F.leakyRelu(x)),
};

// NOTE: with a zero variance, eps = 1e-5 multiplies float32 PyTorch's rounding of the mean by 316.
const NORMALIZING = new Set(['layerNorm', 'batchNorm']);

/** Every way the case's output or gradients differ from PyTorch's, or [] when they match. */
function divergences(c: ExtremeCase): string[] {
  if (!Object.hasOwn(CALLS, c.fn)) return [`no @dl function for ${c.fn}`];
  const call = CALLS[c.fn];
  const inputs = Object.entries(c.inputs).map(([name, { shape, values }]) => {
    const data = nd.reshape(nd.array(numbers(values), { dtype: c.ints.includes(name) ? 'int32' : 'float32' }), shape);
    return tensor(data, { requiresGrad: name in c.grads });
  });
  const problems: string[] = [];
  const check = (what: string, actual: nd.NDArray | null | undefined, expected: (number | string)[]): void => {
    try {
      if (!actual) throw new Error('missing');
      expectClose(nd.flatten(actual), numbers(expected), { atol: NORMALIZING.has(c.fn) ? 2e-4 : 1e-6, rtol: 2e-5 });
    } catch (error) {
      problems.push(`${what}: ${(error as Error).message}`);
    }
  };
  const out = call(inputs, c.options);
  check('output', out.data, c.output.values);
  out.backward(out.ndim === 0 ? undefined : nd.reshape(float(numbers(c.cotangent)), out.shape));
  Object.keys(c.inputs).forEach((name, i) => {
    if (name in c.grads) check(`grad of ${name}`, inputs[i]?.grad, c.grads[name] ?? []);
  });
  return problems;
}

/**
 * Divergences kept on purpose. layerNorm of a row whose
 * x - mean overflows: PyTorch's one-pass moments give NaN, @dl's two-pass ones give 0 there, as
 * PyTorch itself does when only the variance overflows (the layerNorm case above).
 */
const KNOWN: Record<string, string> = {
  layerNorm_meanOverflow: 'layerNorm of [3e38, -3e38, 1, 2] or [2e38, -1e38, 1, 2] is 0 where PyTorch gives NaN (two-pass moments, kept)',
};

describe('losses and activations at float32 extremes (#9)', () => {
  it.each(Object.keys(cases).filter((name) => !(name in KNOWN)))('%s matches PyTorch, inf and nan included', (name) => {
    expect(divergences(cases[name])).toEqual([]);
  });

  for (const [name, reason] of Object.entries(KNOWN)) it.todo(`${name}: ${reason}`);
});

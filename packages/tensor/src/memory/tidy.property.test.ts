// Property: a random program of ops gives the same values inside tidy() as outside it, even when
// every intermediate of earlier runs was disposed and its storage (with old values) reused.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as nd from '../index.js';
import { manualSeed, type NDArray } from '../index.js';

type Step = { op: 'unary'; name: 'exp' | 'neg' | 'relu' | 'tanh' | 'sigmoid' | 'square'; a: number } |
  { op: 'binary'; name: 'add' | 'sub' | 'mul' | 'maximum'; a: number; b: number } |
  { op: 'view'; name: 'transpose' | 'row' | 'reshape'; a: number } |
  { op: 'reduce'; name: 'sum' | 'softmax' | 'matmul'; a: number; b: number };

const arbStep: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant('unary' as const), name: fc.constantFrom('exp', 'neg', 'relu', 'tanh', 'sigmoid', 'square'), a: fc.nat() }),
  fc.record({ op: fc.constant('binary' as const), name: fc.constantFrom('add', 'sub', 'mul', 'maximum'), a: fc.nat(), b: fc.nat() }),
  fc.record({ op: fc.constant('view' as const), name: fc.constantFrom('transpose', 'row', 'reshape'), a: fc.nat() }),
  fc.record({ op: fc.constant('reduce' as const), name: fc.constantFrom('sum', 'softmax', 'matmul'), a: fc.nat(), b: fc.nat() }),
);

/** Runs `steps` over a pool of [24, 24] arrays (576 elements: managed storage); returns every value made. */
function run(inputs: readonly NDArray[], steps: readonly Step[]): NDArray[] {
  const values: NDArray[] = [...inputs];
  const pick = (i: number): NDArray => values[i % values.length];
  for (const step of steps) {
    const a = pick(step.a);
    let y: NDArray;
    if (step.op === 'unary') y = nd[step.name](nd.clamp(a, { min: -4, max: 4 }));
    else if (step.op === 'binary') y = nd[step.name](a, pick(step.b));
    else if (step.op === 'view') y = step.name === 'transpose' ? nd.transpose(a, 0, 1) : step.name === 'row' ? nd.expand(nd.narrow(a, 0, 1, 1), [24, 24]) : nd.reshape(nd.reshape(a, [576]), [24, 24]);
    else if (step.name === 'sum') y = nd.expand(nd.sum(a, 0, { keepdim: true }), [24, 24]);
    else if (step.name === 'softmax') y = nd.softmax(a, 1);
    else y = nd.matmul(nd.tanh(a), nd.tanh(pick(step.b)));
    values.push(y);
  }
  return values;
}

describe('tidy (property)', () => {
  it('random programs inside tidy give the values they give outside', () => {
    manualSeed(0);
    const inputs = [nd.randn([24, 24]), nd.randn([24, 24]), nd.randn([24, 24])];
    fc.assert(
      fc.property(fc.array(arbStep, { minLength: 1, maxLength: 12 }), (steps) => {
        const expected = run(inputs, steps).at(-1)?.toArray();
        // Twice: the second run's allocations reuse the storage the first one's tidy disposed.
        for (let i = 0; i < 2; i++) {
          const got = nd.tidy(() => run(inputs, steps).at(-1));
          expect(got?.toArray()).toEqual(expected);
          nd.dispose(got);
        }
        expect(inputs.every((x) => !x.isDisposed)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { expectClose } from '@dl/tensor/testing';
import { tensor } from '@dl/autograd';
import { DTYPES, denseCases, replayDense, TOLERANCE } from './__fixtures__/fixtures.js';
import { RMSprop } from './rmsprop.js';

describe('RMSprop', () => {
  for (const testCase of denseCases('RMSprop')) {
    for (const dtype of DTYPES) {
      it(`follows PyTorch's trajectory: ${testCase.name} (${dtype})`, () => {
        const { actual, expected } = replayDense(testCase, dtype);
        expectClose(actual, expected, TOLERANCE[dtype]);
      });
    }
  }

  it('creates the centered and momentum buffers only when they are used', () => {
    const plain = tensor([1], { requiresGrad: true });
    const both = tensor([1], { requiresGrad: true });
    plain.grad = tensor([1]).data;
    both.grad = tensor([1]).data;
    const optimizer = new RMSprop([{ params: [plain] }, { params: [both], momentum: 0.9, centered: true }]);
    optimizer.step();
    expect(Object.keys(optimizer.state.get(plain)!).sort()).toEqual(['squareAvg', 'step']);
    expect(Object.keys(optimizer.state.get(both)!).sort()).toEqual(['gradAvg', 'momentumBuffer', 'squareAvg', 'step']);
  });

  it.each([
    [{ lr: -1 }, /RMSprop: invalid learning rate -1 \(expected >= 0\)/],
    [{ eps: -1 }, /RMSprop: invalid epsilon -1 \(expected >= 0\)/],
    [{ momentum: -1 }, /RMSprop: invalid momentum -1 \(expected >= 0\)/],
    [{ weightDecay: -1 }, /RMSprop: invalid weight decay -1 \(expected >= 0\)/],
    [{ alpha: -1 }, /RMSprop: invalid alpha -1 \(expected >= 0\)/],
  ])('rejects invalid hyperparameters %o', (options, message) => {
    expect(() => new RMSprop([tensor([1], { requiresGrad: true })], options)).toThrow(message);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { broadcastShapes, numel } from '../index.js';
import { arbBroadcastableShapes, arbNDArray, arbShape, arbView, arbViewChain } from './index.js';

const RUNS = { numRuns: 100 };

describe('arbShape', () => {
  it('respects maxDims, maxDimSize and maxSize', () => {
    fc.assert(
      fc.property(arbShape({ maxDims: 3, maxDimSize: 4, maxSize: 20 }), (shape) => {
        expect(shape.length).toBeLessThanOrEqual(3);
        expect(shape.every((s) => Number.isInteger(s) && s >= 1 && s <= 4)).toBe(true);
        expect(numel(shape)).toBeLessThanOrEqual(20);
      }),
      RUNS,
    );
  });

  it('gives empty dims only when allowed', () => {
    const sample = fc.sample(arbShape({ allowEmpty: true, minDims: 2 }), { numRuns: 200, seed: 1 });
    expect(sample.some((shape) => shape.includes(0))).toBe(true);
  });
});

describe('arbBroadcastableShapes', () => {
  it('gives shapes that broadcast together', () => {
    fc.assert(
      fc.property(arbBroadcastableShapes(3), ([a, b, c]) => {
        expect(() => broadcastShapes('test', broadcastShapes('test', a, b), c)).not.toThrow();
      }),
      RUNS,
    );
  });
});

describe('arbNDArray', () => {
  it('gives contiguous arrays of the dtype, with the shape when one is given', () => {
    fc.assert(
      fc.property(arbNDArray('int32', { shape: [2, 3], min: -3, max: 3 }), (x) => {
        expect(x.dtype).toBe('int32');
        expect(x.shape).toEqual([2, 3]);
        expect(x.isContiguous()).toBe(true);
        expect([...x.dataSync()].every((v) => v >= -3 && v <= 3)).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('arbView', () => {
  it('gives mostly non-contiguous views sharing storage with a larger base', () => {
    const views = fc.sample(arbView('float32'), { numRuns: 200, seed: 2 });
    const strided = views.filter(
      (v) => !v.isContiguous() || v.offset !== 0 || v.data.length !== v.size,
    );
    expect(strided.length / views.length).toBeGreaterThan(0.6);
    expect(views.some((v) => v.strides.includes(0) && v.size > 1)).toBe(true);
  });
});

describe('arbViewChain', () => {
  it('records the steps it applied, only from the ops it was given', () => {
    fc.assert(
      fc.property(
        arbViewChain('bool', { ops: ['transpose', 'unsqueeze'], maxSteps: 3 }),
        ({ steps }) => {
          expect(steps.length).toBeLessThanOrEqual(3);
          expect(steps.every((s) => s.op === 'transpose' || s.op === 'unsqueeze')).toBe(true);
        },
      ),
      RUNS,
    );
  });
});

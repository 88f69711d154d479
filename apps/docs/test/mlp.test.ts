import { describe, expect, it } from 'vitest';
import { makePoints, MlpRun } from '../.vitepress/theme/demos/mlp.js';

describe('MlpRun', () => {
  it('lowers the loss on the two moons', () => {
    const run = new MlpRun({ learningRate: 0.02, hidden: 16, dataset: 'moons', seed: 0 });
    const first = run.train(1);
    const later = run.train(60);
    expect(later).toBeLessThan(first * 0.5);
    const probabilities = run.probabilities(8);
    expect(probabilities).toHaveLength(64);
    expect(probabilities.every((p) => p >= 0 && p <= 1)).toBe(true);
  });

  it('draws the same points for the same seed', () => {
    expect(makePoints('spirals', 10, 3).x).toEqual(makePoints('spirals', 10, 3).x);
    expect(makePoints('spirals', 10, 3).labels.filter((label) => label === 1)).toHaveLength(10);
  });
});

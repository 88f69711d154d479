import * as autograd from '@dl/autograd';
import * as tensorPackage from '@dl/tensor';
import { describe, expect, it } from 'vitest';
import { Linear, manualSeed, tensor } from './index.js';

describe('tensor and manualSeed', () => {
  it('are the same functions as @dl/autograd and @dl/tensor export', () => {
    expect(tensor).toBe(autograd.tensor);
    expect(manualSeed).toBe(tensorPackage.manualSeed);
    expect(autograd.manualSeed).toBe(tensorPackage.manualSeed);
  });

  it('make a seeded model and input from one import', () => {
    manualSeed(0);
    const first = new Linear(3, 2).forward(tensor([[1, 2, 3]])).toArray();
    manualSeed(0);
    expect(new Linear(3, 2).forward(tensor([[1, 2, 3]])).toArray()).toEqual(first);
  });
});

import { describe, expect, it } from 'vitest';
import {
  add, add_, clone, div, fusedAdam_, fusedSgd_, lastInPlaceOp, manualSeed, maximum_, mul, mul_, neg, randn, sqrt, storageVersion, sub_, transpose, zeros, zerosLike,
  type DType, type NDArray,
} from '../index.js';
import { forEachBackend } from '../testing/index.js';

// The fused updates against the composed ops the optimizers ran before them (the same formulas
// as torch.optim.SGD / Adam), bit for bit, on every backend.

interface Sgd {
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
  maximize: boolean;
}

function composedSgd(param: NDArray, grad: NDArray, state: { buffer?: NDArray }, h: Sgd): void {
  let direction = h.maximize ? neg(grad) : grad;
  if (h.weightDecay !== 0) direction = add(direction, mul(param, h.weightDecay));
  if (h.momentum !== 0) {
    if (state.buffer === undefined) {
      state.buffer = clone(direction);
    } else {
      mul_(state.buffer, h.momentum);
      add_(state.buffer, mul(direction, 1 - h.dampening));
    }
    direction = h.nesterov ? add(direction, mul(state.buffer, h.momentum)) : state.buffer;
  }
  sub_(param, mul(direction, h.lr));
}

interface Adam {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  decoupled: boolean;
  amsgrad: boolean;
  maximize: boolean;
}

interface AdamState {
  step: number;
  m: NDArray;
  v: NDArray;
  vmax?: NDArray;
}

function composedAdam(param: NDArray, grad: NDArray, s: AdamState, h: Adam): void {
  const [beta1, beta2] = h.betas;
  let g = h.maximize ? neg(grad) : grad;
  s.step += 1;
  if (h.weightDecay !== 0) {
    if (h.decoupled) mul_(param, 1 - h.lr * h.weightDecay);
    else g = add(g, mul(param, h.weightDecay));
  }
  mul_(s.m, beta1);
  add_(s.m, mul(g, 1 - beta1));
  mul_(s.v, beta2);
  add_(s.v, mul(mul(g, 1 - beta2), g));
  let second = s.v;
  if (h.amsgrad) {
    s.vmax ??= zerosLike(param);
    second = maximum_(s.vmax, s.v);
  }
  const denominator = add(div(sqrt(second), Math.sqrt(1 - beta2 ** s.step)), h.eps);
  add_(param, div(mul(s.m, -h.lr / (1 - beta1 ** s.step)), denominator));
}

function bits(x: NDArray): number[] {
  return Array.from(x.dataSync(), Number);
}

const SGD_CASES: Sgd[] = [
  { lr: 0.1, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false },
  { lr: 0.03, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: false, maximize: false },
  { lr: 0.03, momentum: 0.9, dampening: 0.25, weightDecay: 1e-2, nesterov: false, maximize: true },
  { lr: 0.07, momentum: 0.8, dampening: 0, weightDecay: 3e-3, nesterov: true, maximize: false },
];

const ADAM_CASES: Adam[] = [
  { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, decoupled: false, amsgrad: false, maximize: false },
  { lr: 3e-2, betas: [0.8, 0.95], eps: 1e-6, weightDecay: 0.1, decoupled: false, amsgrad: true, maximize: true },
  { lr: 1e-2, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0.01, decoupled: true, amsgrad: false, maximize: false },
  { lr: 2e-2, betas: [0.5, 0.9], eps: 1e-7, weightDecay: 0.05, decoupled: true, amsgrad: true, maximize: false },
];

const STEPS = 4;
const SHAPE = [37, 29];

function grads(dtype: DType): NDArray[] {
  manualSeed(3);
  return Array.from({ length: STEPS }, () => randn(SHAPE, { dtype }));
}

describe('fusedSgd_', () => {
  forEachBackend(() => {
    for (const dtype of ['float32', 'float64'] as const) {
      it.each(SGD_CASES)(`equals the composed update bit for bit over ${STEPS} steps (${dtype}, %o)`, (h) => {
        manualSeed(1);
        const start = randn(SHAPE, { dtype });
        const [composed, fused] = [clone(start), clone(start)];
        const state: { buffer?: NDArray } = {};
        const buffer = zeros(SHAPE, { dtype });
        grads(dtype).forEach((grad, step) => {
          composedSgd(composed, grad, state, h);
          fusedSgd_(fused, grad, { ...h, momentumBuffer: buffer, firstStep: step === 0 });
        });
        expect(bits(fused)).toEqual(bits(composed));
        expect(lastInPlaceOp(fused)).toBe('fusedSgd_');
        // Without momentum the buffer is never touched.
        expect(bits(buffer)).toEqual(bits(state.buffer ?? zeros(SHAPE, { dtype })));
      });
    }

    it('updates a transposed parameter and buffer through their views', () => {
      const h = SGD_CASES[2];
      manualSeed(1);
      const start = randn([29, 37]);
      const composed = transpose(clone(start), 0, 1);
      const fused = transpose(clone(start), 0, 1);
      const buffer = transpose(zeros([29, 37]), 0, 1);
      const state: { buffer?: NDArray } = {};
      for (const [step, grad] of grads('float32').entries()) {
        composedSgd(composed, grad, state, h);
        const version = storageVersion(fused);
        fusedSgd_(fused, grad, { ...h, momentumBuffer: buffer, firstStep: step === 0 });
        expect(storageVersion(fused)).toBeGreaterThan(version);
      }
      expect(bits(fused)).toEqual(bits(composed));
    });
  });

  it('names the momentum buffer it needs, and mismatched shapes and dtypes', () => {
    const param = zeros([2, 3]);
    expect(() => fusedSgd_(param, zeros([2, 3]), { lr: 0.1, momentum: 0.9 })).toThrow(/fusedSgd_: momentum 0.9 needs a momentumBuffer/);
    expect(() => fusedSgd_(param, zeros([3, 2]), { lr: 0.1 })).toThrow(/fusedSgd_: grad has shape \[3, 2\], the parameter \[2, 3\]/);
    expect(() => fusedSgd_(param, zeros([2, 3], { dtype: 'float64' }), { lr: 0.1 })).toThrow(/fusedSgd_: grad has dtype float64, the parameter float32/);
    expect(() => fusedSgd_(zeros([2], { dtype: 'int32' }), zeros([2], { dtype: 'int32' }), { lr: 0.1 })).toThrow(/fusedSgd_: the parameter must be float32 or float64, got int32/);
    expect(() => fusedSgd_(param, zeros([2, 3]), { lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true, momentumBuffer: zeros([2, 3]) })).toThrow(
      /fusedSgd_: nesterov momentum requires a momentum > 0 and zero dampening \(got momentum 0.9, dampening 0.1\)/,
    );
  });
});

describe('fusedAdam_', () => {
  forEachBackend(() => {
    for (const dtype of ['float32', 'float64'] as const) {
      it.each(ADAM_CASES)(`equals the composed update bit for bit over ${STEPS} steps (${dtype}, %o)`, (h) => {
        manualSeed(1);
        const start = randn(SHAPE, { dtype });
        const [composed, fused] = [clone(start), clone(start)];
        const state: AdamState = { step: 0, m: zeros(SHAPE, { dtype }), v: zeros(SHAPE, { dtype }) };
        const [m, v, vmax] = [zeros(SHAPE, { dtype }), zeros(SHAPE, { dtype }), zeros(SHAPE, { dtype })];
        grads(dtype).forEach((grad, step) => {
          composedAdam(composed, grad, state, h);
          fusedAdam_(fused, grad, m, v, {
            lr: h.lr, step: step + 1, betas: h.betas, eps: h.eps, weightDecay: h.weightDecay,
            decoupledWeightDecay: h.decoupled, maximize: h.maximize, maxExpAvgSq: h.amsgrad ? vmax : undefined,
          });
        });
        expect(bits(fused)).toEqual(bits(composed));
        expect(bits(m)).toEqual(bits(state.m));
        expect(bits(v)).toEqual(bits(state.v));
        expect(bits(vmax)).toEqual(bits(state.vmax ?? zeros(SHAPE, { dtype })));
      });
    }
  });

  it('names a bad step and mismatched state', () => {
    const param = zeros([4]);
    expect(() => fusedAdam_(param, zeros([4]), zeros([4]), zeros([4]), { lr: 1e-3, step: 0 })).toThrow(/fusedAdam_: step must be an integer >= 1, got 0/);
    expect(() => fusedAdam_(param, zeros([4]), zeros([5]), zeros([4]), { lr: 1e-3, step: 1 })).toThrow(/fusedAdam_: expAvg has shape \[5\], the parameter \[4\]/);
    expect(() => fusedAdam_(param, zeros([4]), zeros([4]), zeros([4], { dtype: 'float64' }), { lr: 1e-3, step: 1 })).toThrow(
      /fusedAdam_: expAvgSq has dtype float64, the parameter float32/,
    );
  });
});

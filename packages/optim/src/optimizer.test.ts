import { describe, expect, it } from 'vitest';
import { NDArray, array, ones, zeros, type DType } from '@dl/tensor';
import { expectClose } from '@dl/tensor/testing';
import { mul, tensor, type Tensor } from '@dl/autograd';
import { denseParams, makeOptimizer, setDenseGrads, sparseStep } from './__fixtures__/fixtures.js';
import { Adam } from './adam.js';
import { SGD } from './sgd.js';
import { setSparseGrad, sparseGradOf } from './sparse-grad.js';
import type { AnyOptimizer, OptimizerStateDict } from './index.js';

const leaf = (values: number[] = [1, 2]): Tensor => tensor(values, { requiresGrad: true });

describe('Optimizer', () => {
  it('puts a plain list of tensors in one group with the defaults', () => {
    const optimizer = new SGD([leaf(), leaf()], { lr: 0.1, momentum: 0.9 });
    expect(optimizer.paramGroups).toHaveLength(1);
    expect(optimizer.paramGroups[0]).toMatchObject({ lr: 0.1, momentum: 0.9, dampening: 0, nesterov: false });
    expect(optimizer.paramGroups[0].params).toHaveLength(2);
  });

  it('gives each parameter group its own hyperparameters, the rest from the defaults', () => {
    const [w, b] = [leaf(), leaf()];
    const optimizer = new SGD([{ params: [w], lr: 0.1 }, { params: [b] }], { lr: 0.01, momentum: 0.9 });
    expect(optimizer.paramGroups.map((g) => [g.lr, g.momentum])).toEqual([[0.1, 0.9], [0.01, 0.9]]);
    w.grad = array([1, 1]);
    b.grad = array([1, 1]);
    optimizer.step();
    expectClose(w.data, [0.9, 1.9]);
    expectClose(b.data, [0.99, 1.99]);
  });

  it('takes any iterable of parameters, such as a generator', () => {
    const params = [leaf(), leaf()];
    function* parameters(): Generator<Tensor> {
      yield* params;
    }
    expect(new SGD(parameters()).paramGroups[0].params).toEqual(params);
  });

  it('ignores undefined options, keeping the defaults', () => {
    expect(new Adam([leaf()], { lr: undefined }).defaults.lr).toBe(1e-3);
  });

  it('adds a group later with addParamGroup', () => {
    const optimizer = new SGD([leaf()], { lr: 0.1 });
    const late = leaf();
    optimizer.addParamGroup({ params: [late], lr: 1 });
    late.grad = array([1, 1]);
    optimizer.step();
    expectClose(late.data, [0, 1]);
  });

  it('skips parameters without a gradient and creates no state for them', () => {
    const [w, b] = [leaf(), leaf()];
    const optimizer = new Adam([w, b]);
    w.grad = array([1, 1]);
    optimizer.step();
    expect(b.toArray()).toEqual([1, 2]);
    expect(optimizer.state.has(b)).toBe(false);
    expect(optimizer.state.get(w)!.step).toBe(1);
  });

  it('runs a closure before the step and returns its result', () => {
    const w = leaf();
    const optimizer = new SGD([w], { lr: 1 });
    const loss = optimizer.step(() => {
      w.grad = array([1, 1]);
      return 42;
    });
    expect(loss).toBe(42);
    expectClose(w.data, [0, 1]);
  });

  it('updates in place: the parameter keeps its NDArray', () => {
    const w = leaf();
    const data = w.data;
    w.grad = array([1, 1]);
    new Adam([w]).step();
    expect(w.data).toBe(data);
  });

  it('throws on a single tensor or a non-iterable in place of a list', () => {
    expect(() => new SGD(leaf() as unknown as Tensor[])).toThrow(/SGD: params must be an iterable of Tensors or parameter groups, got a Tensor\nhint: wrap a single tensor in a list, as new SGD\(\[weight\]\)/);
    expect(() => new Adam(5 as unknown as Tensor[])).toThrow(/Adam: params must be an iterable of Tensors or parameter groups, got 5/);
  });

  it('throws on an empty parameter list', () => {
    expect(() => new SGD([])).toThrow(/SGD: got an empty parameter list/);
  });

  it('throws on a parameter that is not a tensor', () => {
    expect(() => new SGD([{ params: [leaf(), 3 as unknown as Tensor] }])).toThrow(/SGD: parameter group 0: optimizer can only optimize Tensors, but parameter 1 is 3/);
    expect(() => new SGD([{ weights: [] } as unknown as { params: Tensor[] }])).toThrow(/SGD: optimizer can only optimize Tensors or parameter groups/);
  });

  it('throws on a non-leaf tensor', () => {
    const h = mul(leaf(), 2);
    expect(() => new SGD([h])).toThrow(/SGD: parameter group 0: can't optimize a non-leaf Tensor \(parameter 0 was made by MulBackward\)/);
  });

  it('throws when a parameter appears twice', () => {
    const w = leaf();
    expect(() => new SGD([{ params: [w] }, { params: [leaf(), w] }])).toThrow(/SGD: parameter group 1: parameter 1 appears more than once across the parameter groups/);
    expect(() => new SGD([w, w])).toThrow(/parameter 1 appears more than once/);
  });

  it('validates the hyperparameters of every group', () => {
    expect(() => new SGD([{ params: [leaf()], lr: -1 }], { lr: 0.1 })).toThrow(/SGD: invalid learning rate -1 \(expected >= 0\)/);
  });

  it('throws when a gradient has another shape than its parameter', () => {
    const w = leaf();
    w.grad = ones([3]);
    expect(() => { new SGD([w]).step(); }).toThrow(/SGD: the gradient of parameter 0 has shape \[3\], the parameter \[2\]/);
  });
});

describe('zeroGrad', () => {
  it('sets gradients to null by default, as PyTorch 2', () => {
    const w = leaf();
    w.grad = ones([2]);
    new SGD([w]).zeroGrad();
    expect(w.grad).toBeNull();
  });

  it('fills the same gradient arrays with zeros when setToNone is false', () => {
    const w = leaf();
    const grad = ones([2]);
    w.grad = grad;
    new SGD([w]).zeroGrad({ setToNone: false });
    expect(w.grad).toBe(grad);
    expect(grad.toArray()).toEqual([0, 0]);
  });

  it('clears row-sparse gradients too (to none, or to no rows)', () => {
    const w = tensor([[1, 2]], { requiresGrad: true });
    const optimizer = new SGD([w]);
    setSparseGrad(w, { indices: array([0], { dtype: 'int32' }), values: ones([1, 2]) });
    optimizer.zeroGrad({ setToNone: false });
    expect(sparseGradOf(w)?.values.shape).toEqual([0, 2]);
    optimizer.zeroGrad();
    expect(sparseGradOf(w)).toBeNull();
  });
});

describe('stateDict', () => {
  it('numbers parameters across groups and keeps each group’s hyperparameters', () => {
    const [w, b, c] = [leaf(), leaf(), leaf()];
    const optimizer = new SGD([{ params: [w, b], lr: 0.1 }, { params: [c] }], { momentum: 0.9 });
    c.grad = array([1, 1]);
    optimizer.step();
    const saved = optimizer.stateDict();
    expect(saved.paramGroups).toEqual([
      { lr: 0.1, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: false, maximize: false, params: [0, 1] },
      { lr: 1e-3, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: false, maximize: false, params: [2] },
    ]);
    expect(Object.keys(saved.state)).toEqual(['2']);
    expect(NDArray.isNDArray(saved.state['2'].momentumBuffer)).toBe(true);
  });

  it('copies buffers, so later steps leave a saved state dict alone', () => {
    const w = leaf();
    const optimizer = new Adam([w]);
    w.grad = array([1, 1]);
    optimizer.step();
    const saved = optimizer.stateDict();
    optimizer.step();
    expect(saved.state['0'].step).toBe(1);
    expectClose(saved.state['0'].expAvg, [0.1, 0.1]);
  });
});

/** Runs `optimizer` for steps [from, to) of the dense or sparse fixture gradients. */
function run(optimizer: AnyOptimizer, params: Record<string, Tensor>, from: number, to: number, sparse: boolean, dtype: DType): void {
  for (let k = from; k < to; k++) {
    if (sparse) setSparseGrad(params.table, sparseStep(k, dtype, true));
    else setDenseGrads(params, k, dtype);
    optimizer.step();
  }
}

const RESUMABLE = [
  ['SGD', { lr: 0.1, momentum: 0.9, nesterov: true }, false],
  ['Adam', { lr: 0.01, amsgrad: true }, false],
  ['AdamW', { lr: 0.01 }, false],
  ['RMSprop', { lr: 0.01, momentum: 0.5, centered: true }, false],
  ['Adagrad', { lr: 0.1, lrDecay: 0.01 }, false],
  ['Adagrad', { lr: 0.1 }, true],
  ['SparseAdam', { lr: 0.01 }, true],
] as const;

describe('loadStateDict', () => {
  it.each(RESUMABLE)('resumes %s %o exactly where the saved one left off (sparse: %s)', (name, options, sparse) => {
    const dtype = 'float64';
    const make = (): Record<string, Tensor> => (sparse ? { table: tensor(array(Array.from({ length: 6 }, (_, i) => [i, -i, i / 2]), { dtype }), { requiresGrad: true }) } : denseParams(dtype));
    const params = make();
    const optimizer = makeOptimizer(name, Object.values(params), options);
    run(optimizer, params, 0, 2, sparse, dtype);
    // A round trip through JSON for the hyperparameters, as @dl/io stores them.
    const saved = optimizer.stateDict();
    const restoredDict: OptimizerStateDict = { state: saved.state, paramGroups: JSON.parse(JSON.stringify(saved.paramGroups)) as OptimizerStateDict['paramGroups'] };
    const resumedParams = make();
    for (const [key, param] of Object.entries(resumedParams)) param.data = params[key].data.clone();
    const resumed = makeOptimizer(name, Object.values(resumedParams), {});
    resumed.loadStateDict(restoredDict);
    run(optimizer, params, 2, 5, sparse, dtype);
    run(resumed, resumedParams, 2, 5, sparse, dtype);
    for (const [key, param] of Object.entries(params)) expect(resumedParams[key].toArray()).toEqual(param.toArray());
  });

  it('restores hyperparameters a scheduler changed', () => {
    const optimizer = new SGD([leaf()], { lr: 0.1 });
    optimizer.paramGroups[0].lr = 0.05;
    const resumed = new SGD([leaf()], { lr: 0.1 });
    resumed.loadStateDict(optimizer.stateDict());
    expect(resumed.paramGroups[0].lr).toBe(0.05);
  });

  it('casts buffers to the parameter’s dtype', () => {
    const w = tensor(array([1, 2], { dtype: 'float64' }), { requiresGrad: true });
    const optimizer = new SGD([w], { momentum: 0.9 });
    w.grad = array([1, 1], { dtype: 'float64' });
    optimizer.step();
    const resumed = new SGD([leaf()], { momentum: 0.9 });
    resumed.loadStateDict(optimizer.stateDict());
    expect(resumed.state.get(resumed.paramGroups[0].params[0])!.momentumBuffer!.dtype).toBe('float32');
  });

  it('throws when the groups do not match in number or size', () => {
    const saved = new SGD([{ params: [leaf()] }, { params: [leaf()] }]).stateDict();
    expect(() => { new SGD([leaf()]).loadStateDict(saved); }).toThrow(/loadStateDict\(SGD\): the state dict has 2 parameter groups, the optimizer 1/);
    expect(() => { new SGD([{ params: [leaf()] }, { params: [leaf(), leaf()] }]).loadStateDict(saved); }).toThrow(
      /loadStateDict\(SGD\): parameter group 1 has 1 parameters in the state dict, 2 in the optimizer/,
    );
  });

  it('throws on a buffer whose shape differs from its parameter’s', () => {
    const saved: OptimizerStateDict = { state: { '0': { momentumBuffer: zeros([3]) } }, paramGroups: [{ lr: 0.1, params: [0] }] };
    expect(() => { new SGD([leaf()]).loadStateDict(saved); }).toThrow(/loadStateDict\(SGD\): state momentumBuffer of parameter 0 has shape \[3\], the parameter \[2\]/);
  });

  it('throws on state for a parameter no group lists, and on invalid hyperparameters', () => {
    const orphan: OptimizerStateDict = { state: { '5': { step: 1 } }, paramGroups: [{ lr: 0.1, params: [0] }] };
    expect(() => { new Adam([leaf()]).loadStateDict(orphan); }).toThrow(/loadStateDict\(Adam\): the state dict has state for parameter 5, which no parameter group lists/);
    const invalid: OptimizerStateDict = { state: {}, paramGroups: [{ lr: -1, params: [0] }] };
    expect(() => { new SGD([leaf()]).loadStateDict(invalid); }).toThrow(/SGD: invalid learning rate -1/);
  });
});

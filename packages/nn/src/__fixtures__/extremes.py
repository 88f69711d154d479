"""PyTorch's float32 values and gradients of the losses and activations at the extremes (issue 9):
logits of ±1e4 and ±88, probabilities 0, 1 and 1e-45, huge targets, all -inf rows. Where PyTorch
gives inf or nan, the test expects the same.

Run from this directory: /usr/bin/python3 extremes.py  (writes extremes.json; torch 1.13, float32).
Each case: the @dl function, its inputs (float32 unless named in `ints`), options in @dl's names,
the output, the cotangent fed to backward and the gradient of every floating input that has one.
"""
import json
import math

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float32)


def values(t):
    return [v if math.isfinite(v) else ('NaN' if math.isnan(v) else ('Infinity' if v > 0 else '-Infinity'))
            for v in t.detach().double().flatten().tolist()]


cases = {}


def record(name, fn, torch_fn, inputs, options=None, ints=(), no_grad=(), cotangent=None):
    """inputs: dict name -> tensor; floating ones not in no_grad get gradients."""
    leaves = {k: (v.clone().requires_grad_(True) if v.is_floating_point() and k not in no_grad else v) for k, v in inputs.items()}
    out = torch_fn(*leaves.values())
    g = torch.Generator().manual_seed(sum(map(ord, name)))
    cot = torch.ones_like(out) if out.dim() == 0 else torch.rand(out.shape, generator=g) + 0.5
    if cotangent is not None:
        cot = torch.full_like(out, cotangent)
    out.backward(cot)
    cases[name] = {
        'fn': fn, 'options': options or {}, 'ints': list(ints),
        'inputs': {k: {'shape': list(v.shape), 'values': values(v)} for k, v in inputs.items()},
        'output': {'shape': list(out.shape), 'values': values(out)}, 'cotangent': values(cot),
        'grads': {k: values(v.grad) for k, v in leaves.items() if v.is_floating_point() and v.grad is not None},
    }


t = lambda v: torch.tensor(v, dtype=torch.float32)
inf = float('inf')
LOGITS = [-1e4, -88.0, -20.0, -1.0, 0.0, 1.0, 20.0, 88.0, 1e4]
PROBS = [0.0, 1e-45, 1e-12, 1e-7, 0.5, 0.99999994, 1.0]

# binary cross-entropy on probabilities: every probability against targets 0, 1 and 0.3
p = t([q for q in PROBS for _ in range(3)])
y = t([0.0, 1.0, 0.3] * len(PROBS))
for red in ['none', 'mean', 'sum']:
    record(f'binaryCrossEntropy_{red}', 'binaryCrossEntropy', lambda a, b, red=red: F.binary_cross_entropy(a, b, reduction=red),
           {'input': p, 'target': y}, {'reduction': red})
record('binaryCrossEntropy_weight', 'binaryCrossEntropy', lambda a, b: F.binary_cross_entropy(a, b, weight=t([2.0, 0.5, 1.0] * len(PROBS)), reduction='none'),
       {'input': p, 'target': y}, {'reduction': 'none', 'weight': [2.0, 0.5, 1.0] * len(PROBS)})
record('binaryCrossEntropy_targetGrad', 'binaryCrossEntropy', lambda a, b: F.binary_cross_entropy(a, b, reduction='none'),
       {'input': t([0.0, 1e-45, 0.25, 1.0]), 'target': t([0.5, 0.5, 0.5, 0.5])}, {'reduction': 'none'})

# binary cross-entropy on logits
z = t([v for v in LOGITS for _ in range(3)])
yz = t([0.0, 1.0, 0.3] * len(LOGITS))
record('binaryCrossEntropyWithLogits', 'binaryCrossEntropyWithLogits', lambda a, b: F.binary_cross_entropy_with_logits(a, b, reduction='none'),
       {'input': z, 'target': yz}, {'reduction': 'none'})
record('binaryCrossEntropyWithLogits_posWeight', 'binaryCrossEntropyWithLogits',
       lambda a, b: F.binary_cross_entropy_with_logits(a, b, pos_weight=t([3.0, 0.5, 1.0]), reduction='none'),
       {'input': z.reshape(9, 3), 'target': yz.reshape(9, 3)}, {'reduction': 'none', 'posWeight': [3.0, 0.5, 1.0]})

# cross-entropy / nll / softmax on extreme logits
rows = t([[1e4, -1e4, 0.0], [88.0, -88.0, 0.0], [-1e4, -1e4, -1e4], [1e4, 1e4, -1e4], [0.0, -inf, 1.0], [-inf, -inf, 0.0]])
labels = torch.tensor([1, 1, 0, 2, 0, 2])
for red in ['none', 'mean']:
    record(f'crossEntropy_{red}', 'crossEntropy', lambda a, b, red=red: F.cross_entropy(a, b, reduction=red), {'input': rows, 'target': labels}, {'reduction': red}, ints=['target'])
record('crossEntropy_smoothing', 'crossEntropy', lambda a, b: F.cross_entropy(a, b, label_smoothing=0.1, reduction='none'),
       {'input': rows, 'target': labels}, {'reduction': 'none', 'labelSmoothing': 0.1}, ints=['target'])
record('crossEntropy_probs', 'crossEntropy', lambda a, b: F.cross_entropy(a, b, reduction='none'),
       {'input': rows, 'target': t([[0.0, 1.0, 0.0], [0.5, 0.5, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])},
       {'reduction': 'none'}, no_grad=['target'])
record('nllLoss', 'nllLoss', lambda a, b: F.nll_loss(a, b, reduction='none'),
       {'input': t([[-inf, 0.0], [0.0, -inf], [-1e4, -1e-45], [-3e38, 0.0]]), 'target': torch.tensor([0, 0, 1, 0])}, {'reduction': 'none'}, ints=['target'])
record('softmax', 'softmax', lambda a: F.softmax(a, 1), {'input': rows}, {'dim': 1})
record('logSoftmax', 'logSoftmax', lambda a: F.log_softmax(a, 1), {'input': rows}, {'dim': 1})

# regression losses with huge differences (squares overflow float32)
big_x = t([1e20, -1e20, 3e38, 1e4, 0.5, -inf, 0.0])
big_y = t([0.0, 1e20, -3e38, -1e4, 0.0, 0.0, 1e-45])
for fn, torch_fn in [('mseLoss', F.mse_loss), ('l1Loss', F.l1_loss), ('smoothL1Loss', F.smooth_l1_loss)]:
    record(fn, fn, lambda a, b, f=torch_fn: f(a, b, reduction='none'), {'input': big_x, 'target': big_y}, {'reduction': 'none'})
record('smoothL1Loss_mean', 'smoothL1Loss', F.smooth_l1_loss, {'input': big_x[:5], 'target': big_y[:5]})
record('mseLoss_mean', 'mseLoss', F.mse_loss, {'input': big_x[:5], 'target': big_y[:5]})

record('huberLoss', 'huberLoss', lambda a, b: F.huber_loss(a, b, reduction='none', delta=2.0), {'input': big_x, 'target': big_y}, {'reduction': 'none', 'delta': 2.0})
record('huberLoss_inf', 'huberLoss', lambda a, b: F.huber_loss(a, b, reduction='none'), {'input': t([inf, inf, -inf]), 'target': t([inf, 0.0, 1.0])}, {'reduction': 'none'})

# KL divergence: zero, denormal and one-hot targets against extreme log-probabilities
kl_in = F.log_softmax(rows, 1).detach()
kl_t = t([[0.0, 1.0, 0.0], [0.5, 0.5, 0.0], [1e-45, 0.0, 1.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
for red in ['none', 'batchmean', 'mean', 'sum']:
    record(f'klDiv_{red}', 'klDiv', lambda a, b, red=red: F.kl_div(a, b, reduction=red), {'input': kl_in, 'target': kl_t}, {'reduction': red}, no_grad=['target'])
record('klDiv_logTarget', 'klDiv', lambda a, b: F.kl_div(a, b, reduction='none', log_target=True),
       {'input': kl_in, 'target': F.log_softmax(rows.flip(1), 1).detach()}, {'reduction': 'none', 'logTarget': True}, no_grad=['target'])

# normalization and pooling on huge, constant and infinite values
# (Rows like [1e4, 1e4 + 1, ...] are left out: there float32 PyTorch loses digits that @dl keeps.)
ln_x = t([[1e20, -1e20, 0.0, 1.0], [5.0, 5.0, 5.0, 5.0], [1e-45, 0.0, -1e-45, 0.0], [-3e19, 0.0, 3e19, 1.0]])
ln_w, ln_b = t([1.0, 2.0, 0.5, -1.0]), t([0.0, 1.0, 0.0, 0.0])
record('layerNorm', 'layerNorm', lambda a, w, b: F.layer_norm(a, [4], w, b), {'input': ln_x, 'weight': ln_w, 'bias': ln_b}, {'normalizedShape': [4]})
record('layerNorm_inf', 'layerNorm', lambda a: F.layer_norm(a, [3]), {'input': t([[inf, 0.0, 1.0], [-inf, inf, 0.0]])}, {'normalizedShape': [3]})
record('batchNorm', 'batchNorm', lambda a, w, b: F.batch_norm(a, None, None, w, b, training=True), {'input': ln_x.t().contiguous(), 'weight': ln_w, 'bias': ln_b}, {'training': True})
# values near float32's max: PyTorch's one-pass moments turn the row into NaN, @dl's two passes give 0
wide = t([[3e38, -3e38, 1.0, 2.0], [2e38, -1e38, 1.0, 2.0], [5.0, 5.0, 5.0, 5.0]])
record('layerNorm_meanOverflow', 'layerNorm', lambda a: F.layer_norm(a, [4]), {'input': wide}, {'normalizedShape': [4]})
pool_x = t([[[[-inf, -inf, 1.0, 2.0], [-inf, -inf, 3e38, 3e38], [1e-45, 0.0, inf, -inf], [0.0, 0.0, 5.0, 5.0]]]])
record('maxPool2d', 'maxPool2d', lambda a: F.max_pool2d(a, 2), {'input': pool_x}, {'kernelSize': 2})
record('avgPool2d', 'avgPool2d', lambda a: F.avg_pool2d(a, 2), {'input': pool_x}, {'kernelSize': 2})
record('crossEntropy_allIgnored', 'crossEntropy', lambda a, b: F.cross_entropy(a, b, ignore_index=1), {'input': rows[:2], 'target': labels[:2]}, {'ignoreIndex': 1}, ints=['target'])

# activations
act_x = t(LOGITS + [-1e20, 1e20, -3e38, 3e38])
for fn, torch_fn in [('sigmoid', torch.sigmoid), ('tanh', torch.tanh), ('relu', F.relu), ('softplus', F.softplus), ('logSigmoid', F.logsigmoid),
                     ('gelu', F.gelu), ('silu', F.silu), ('elu', F.elu), ('leakyRelu', F.leaky_relu)]:
    record(fn, fn, torch_fn, {'input': act_x})
    # a cotangent of 2 makes x·dy overflow at ±3e38, where composites can turn 0·Infinity into NaN
    record(f'{fn}_cotangent2', fn, torch_fn, {'input': act_x}, cotangent=2.0)
record('gelu_tanh', 'gelu', lambda a: F.gelu(a, approximate='tanh'), {'input': act_x}, {'approximate': 'tanh'})
record('gelu_tanh_cotangent2', 'gelu', lambda a: F.gelu(a, approximate='tanh'), {'input': act_x}, {'approximate': 'tanh'}, cotangent=2.0)

# infinities: PyTorch's inf/nan where the maths has no value
inf_x = t([-inf, inf, -1e4, 1e4])
for fn, torch_fn in [('sigmoid', torch.sigmoid), ('tanh', torch.tanh), ('relu', F.relu), ('softplus', F.softplus), ('logSigmoid', F.logsigmoid),
                     ('gelu', F.gelu), ('silu', F.silu), ('elu', F.elu), ('leakyRelu', F.leaky_relu)]:
    record(f'{fn}_inf', fn, torch_fn, {'input': inf_x})
record('gelu_tanh_inf', 'gelu', lambda a: F.gelu(a, approximate='tanh'), {'input': inf_x}, {'approximate': 'tanh'})
record('binaryCrossEntropyWithLogits_inf', 'binaryCrossEntropyWithLogits', lambda a, b: F.binary_cross_entropy_with_logits(a, b, reduction='none'),
       {'input': t([-inf, -inf, inf, inf]), 'target': t([0.0, 1.0, 0.0, 1.0])}, {'reduction': 'none'})
record('mseLoss_inf', 'mseLoss', lambda a, b: F.mse_loss(a, b, reduction='none'), {'input': t([inf, inf, -inf]), 'target': t([inf, 0.0, 1.0])}, {'reduction': 'none'})
record('l1Loss_inf', 'l1Loss', lambda a, b: F.l1_loss(a, b, reduction='none'), {'input': t([inf, inf, -inf]), 'target': t([inf, 0.0, 1.0])}, {'reduction': 'none'})
record('smoothL1Loss_inf', 'smoothL1Loss', lambda a, b: F.smooth_l1_loss(a, b, reduction='none'), {'input': t([inf, inf, -inf]), 'target': t([inf, 0.0, 1.0])}, {'reduction': 'none'})
w3 = [0.5, 2.0, 1.0]
record('crossEntropy_weightIgnore', 'crossEntropy', lambda a, b: F.cross_entropy(a, b, weight=t(w3), ignore_index=2),
       {'input': rows, 'target': labels}, {'weight': w3, 'ignoreIndex': 2}, ints=['target'])
record('nllLoss_weight', 'nllLoss', lambda a, b: F.nll_loss(a, b, weight=t([0.5, 2.0])),
       {'input': t([[-inf, 0.0], [0.0, -inf], [-1e4, -1e-45], [-3e38, 0.0]]), 'target': torch.tensor([1, 0, 1, 0])}, {'weight': [0.5, 2.0]}, ints=['target'])
record('softmax_dim0', 'softmax', lambda a: F.softmax(a, 0), {'input': rows}, {'dim': 0})
record('logSoftmax_dim0', 'logSoftmax', lambda a: F.log_softmax(a, 0), {'input': rows}, {'dim': 0})

with open('extremes.json', 'w') as f:
    json.dump(cases, f)
print(f'wrote {len(cases)} cases to extremes.json')

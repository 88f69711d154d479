"""PyTorch reference values for the @dl/nn layer and loss tests (layers/*.test.ts, losses/*.test.ts).

Run from this directory: /usr/bin/python3 nn.py  (writes nn.json; torch 1.13, float64).
Each case holds the module options (in @dl/nn's camelCase), its inputs, its parameters and buffers
under @dl/nn's state-dict names, the output, the cotangent fed to backward (absent for a scalar
output, which gets 1), and the gradients of every floating input and parameter.
JSON has no NaN or Infinity: they are written as the strings "NaN", "Infinity", "-Infinity".
"""
import json
import math

import torch
import torch.nn as nn

torch.set_default_dtype(torch.float64)
torch.manual_seed(0)



def values(t):
    """Nested lists, non-finite floats as strings."""
    t = t.detach()
    flat = t.flatten().tolist()
    flat = [str(v).replace("nan", "NaN").replace("inf", "Infinity") if isinstance(v, float) and not math.isfinite(v) else v for v in flat]

    def build(shape, items):
        if len(shape) == 0:
            return items[0]
        step = len(items) // shape[0] if shape[0] else 0
        return [build(shape[1:], items[i * step:(i + 1) * step]) for i in range(shape[0])]

    return build(list(t.shape), flat)


cases = {}


def record(name, module, inputs, options=None, train=True):
    """Runs `module` on `inputs` (a dict; floating ones get gradients) and stores the case."""
    module.train(train)
    module.zero_grad(set_to_none=True)
    state = {k: values(v) for k, v in module.state_dict().items()}
    leaves = {k: (v.clone().requires_grad_(True) if v.is_floating_point() else v) for k, v in inputs.items()}
    out = module(*leaves.values())
    case = {"options": options or {}, "inputs": {k: values(v) for k, v in inputs.items()}, "state": state, "output": values(out)}
    if out.dim() > 0:
        cot = torch.randn(out.shape)
        case["cotangent"] = values(cot)
        out.backward(cot)
    else:
        out.backward()
    grads = {k: values(v.grad) for k, v in leaves.items() if v.is_floating_point() and v.grad is not None}
    grads.update({k: values(p.grad) for k, p in module.named_parameters() if p.grad is not None})
    case["grads"] = grads
    case["buffersAfter"] = {k: values(v) for k, v in module.named_buffers()}
    cases[name] = case


# the classic tutorial network
record("Tutorial", nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 2), nn.Softmax(1)), {"input": torch.randn(4, 2)})

# layers
record("Linear", nn.Linear(4, 3), {"input": torch.randn(2, 5, 4)}, {"inFeatures": 4, "outFeatures": 3})
record("Linear_noBias", nn.Linear(4, 3, bias=False), {"input": torch.randn(6, 4)}, {"inFeatures": 4, "outFeatures": 3, "bias": False})
record("Bilinear", nn.Bilinear(3, 4, 2), {"input1": torch.randn(5, 3), "input2": torch.randn(5, 4)}, {"in1Features": 3, "in2Features": 4, "outFeatures": 2})

conv2d = [
    ("Conv2d", dict(in_channels=3, out_channels=4, kernel_size=3), (2, 3, 6, 5)),
    ("Conv2d_stridePadding", dict(in_channels=3, out_channels=2, kernel_size=3, stride=2, padding=1), (2, 3, 7, 6)),
    ("Conv2d_dilation", dict(in_channels=2, out_channels=3, kernel_size=(2, 3), dilation=2, padding=(1, 2)), (1, 2, 6, 7)),
    ("Conv2d_groups", dict(in_channels=4, out_channels=6, kernel_size=(2, 3), stride=(2, 1), padding=(1, 0), groups=2), (2, 4, 5, 6)),
    ("Conv2d_depthwiseNoBias", dict(in_channels=3, out_channels=3, kernel_size=3, padding=1, groups=3, bias=False), (2, 3, 4, 4)),
]
for name, kw, shape in conv2d:
    opts = {("inChannels" if k == "in_channels" else "outChannels" if k == "out_channels" else "kernelSize" if k == "kernel_size" else k): v for k, v in kw.items()}
    record(name, nn.Conv2d(**kw), {"input": torch.randn(*shape)}, opts)
record("Conv1d", nn.Conv1d(2, 3, 3, stride=2, padding=1), {"input": torch.randn(2, 2, 9)}, {"inChannels": 2, "outChannels": 3, "kernelSize": 3, "stride": 2, "padding": 1})
record("Conv1d_groupsDilation", nn.Conv1d(4, 2, 2, dilation=3, groups=2), {"input": torch.randn(3, 4, 10)}, {"inChannels": 4, "outChannels": 2, "kernelSize": 2, "dilation": 3, "groups": 2})

record("MaxPool2d", nn.MaxPool2d(2), {"input": torch.randn(2, 3, 6, 5)}, {"kernelSize": 2})
record("MaxPool2d_stridePadding", nn.MaxPool2d(3, stride=2, padding=1), {"input": torch.randn(1, 2, 7, 6)}, {"kernelSize": 3, "stride": 2, "padding": 1})
record("MaxPool2d_dilation", nn.MaxPool2d((2, 3), stride=1, dilation=2), {"input": torch.randn(1, 2, 6, 7)}, {"kernelSize": [2, 3], "stride": 1, "dilation": 2})
record("AvgPool2d", nn.AvgPool2d(2), {"input": torch.randn(2, 3, 6, 5)}, {"kernelSize": 2})
record("AvgPool2d_padding", nn.AvgPool2d(3, stride=2, padding=1), {"input": torch.randn(1, 2, 7, 6)}, {"kernelSize": 3, "stride": 2, "padding": 1})
record("AvgPool2d_excludePad", nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False), {"input": torch.randn(1, 2, 7, 6)}, {"kernelSize": 3, "stride": 2, "padding": 1, "countIncludePad": False})

ln = nn.LayerNorm(4)
with torch.no_grad():
    ln.weight.copy_(torch.randn(4))
    ln.bias.copy_(torch.randn(4))
record("LayerNorm", ln, {"input": torch.randn(2, 3, 4)}, {"normalizedShape": [4]})
record("LayerNorm_2d", nn.LayerNorm([3, 4]), {"input": torch.randn(2, 3, 4) * 3 + 1}, {"normalizedShape": [3, 4]})
record("LayerNorm_noAffine", nn.LayerNorm(5, eps=1e-3, elementwise_affine=False), {"input": torch.randn(4, 5)}, {"normalizedShape": [5], "eps": 1e-3, "elementwiseAffine": False})

bn = nn.BatchNorm1d(3, momentum=0.2)
with torch.no_grad():
    bn.weight.copy_(torch.randn(3))
    bn.bias.copy_(torch.randn(3))
    bn.running_mean.copy_(torch.randn(3))
    bn.running_var.copy_(torch.rand(3) + 0.5)
record("BatchNorm1d_train", bn, {"input": torch.randn(6, 3) * 2 + 1}, {"numFeatures": 3, "momentum": 0.2})
record("BatchNorm1d_train3d", nn.BatchNorm1d(3), {"input": torch.randn(4, 3, 5)}, {"numFeatures": 3})
record("BatchNorm1d_eval", bn, {"input": torch.randn(5, 3)}, {"numFeatures": 3, "momentum": 0.2}, train=False)
record("BatchNorm1d_noTracking", nn.BatchNorm1d(2, affine=False, track_running_stats=False), {"input": torch.randn(5, 2)}, {"numFeatures": 2, "affine": False, "trackRunningStats": False})
record("BatchNorm1d_cumulative", nn.BatchNorm1d(2, momentum=None), {"input": torch.randn(5, 2)}, {"numFeatures": 2, "momentum": None})

record("Embedding", nn.Embedding(10, 3), {"input": torch.tensor([[1, 2, 4], [4, 3, 9]])}, {"numEmbeddings": 10, "embeddingDim": 3})
record("Embedding_paddingIdx", nn.Embedding(6, 2, padding_idx=0), {"input": torch.tensor([0, 2, 0, 5, 2])}, {"numEmbeddings": 6, "embeddingDim": 2, "paddingIdx": 0})
emb = nn.Embedding(5, 3, max_norm=1.0)
with torch.no_grad():
    emb.weight.mul_(2)
record("Embedding_maxNorm", emb, {"input": torch.tensor([1, 3, 1])}, {"numEmbeddings": 5, "embeddingDim": 3, "maxNorm": 1.0})
record("EmbeddingBag_mean2d", nn.EmbeddingBag(8, 3), {"input": torch.tensor([[1, 2, 4], [4, 3, 7]])}, {"numEmbeddings": 8, "embeddingDim": 3})
record("EmbeddingBag_sumOffsets", nn.EmbeddingBag(8, 3, mode="sum"), {"input": torch.tensor([1, 2, 4, 5, 4, 3, 2, 7]), "offsets": torch.tensor([0, 2, 2, 5])}, {"numEmbeddings": 8, "embeddingDim": 3, "mode": "sum"})
record("EmbeddingBag_meanOffsets", nn.EmbeddingBag(8, 3), {"input": torch.tensor([1, 2, 4, 5, 4, 3]), "offsets": torch.tensor([0, 1, 4])}, {"numEmbeddings": 8, "embeddingDim": 3})

# losses: every reduction, then each option
logits = torch.randn(5, 4)
classes = torch.tensor([1, 0, 3, 3, 2])
probs = torch.softmax(torch.randn(5, 4), 1)
class_weight = torch.rand(4) + 0.5
for reduction in ["none", "mean", "sum"]:
    r = {"reduction": reduction}
    record(f"CrossEntropyLoss_{reduction}", nn.CrossEntropyLoss(reduction=reduction), {"input": logits, "target": classes}, r)
    record(f"CrossEntropyLoss_weight_{reduction}", nn.CrossEntropyLoss(weight=class_weight, reduction=reduction), {"input": logits, "target": classes}, {**r, "weight": values(class_weight)})
    record(f"CrossEntropyLoss_ignoreIndex_{reduction}", nn.CrossEntropyLoss(weight=class_weight, ignore_index=3, reduction=reduction), {"input": logits, "target": classes}, {**r, "weight": values(class_weight), "ignoreIndex": 3})
    record(f"CrossEntropyLoss_labelSmoothing_{reduction}", nn.CrossEntropyLoss(label_smoothing=0.1, reduction=reduction), {"input": logits, "target": classes}, {**r, "labelSmoothing": 0.1})
    record(f"CrossEntropyLoss_smoothingWeightIgnore_{reduction}", nn.CrossEntropyLoss(weight=class_weight, ignore_index=0, label_smoothing=0.2, reduction=reduction), {"input": logits, "target": classes}, {**r, "weight": values(class_weight), "ignoreIndex": 0, "labelSmoothing": 0.2})
    record(f"CrossEntropyLoss_probs_{reduction}", nn.CrossEntropyLoss(reduction=reduction), {"input": logits, "target": probs}, r)
    record(f"CrossEntropyLoss_probsWeightSmoothing_{reduction}", nn.CrossEntropyLoss(weight=class_weight, label_smoothing=0.3, reduction=reduction), {"input": logits, "target": probs}, {**r, "weight": values(class_weight), "labelSmoothing": 0.3})
    record(f"CrossEntropyLoss_kdim_{reduction}", nn.CrossEntropyLoss(weight=class_weight, ignore_index=1, reduction=reduction), {"input": torch.randn(2, 4, 3), "target": torch.tensor([[0, 1, 3], [2, 2, 1]])}, {**r, "weight": values(class_weight), "ignoreIndex": 1})
    log_probs = torch.log_softmax(logits, 1)
    record(f"NLLLoss_{reduction}", nn.NLLLoss(reduction=reduction), {"input": log_probs, "target": classes}, r)
    record(f"NLLLoss_weightIgnore_{reduction}", nn.NLLLoss(weight=class_weight, ignore_index=3, reduction=reduction), {"input": log_probs, "target": classes}, {**r, "weight": values(class_weight), "ignoreIndex": 3})

    a, b = torch.randn(3, 4), torch.randn(3, 4)
    record(f"MSELoss_{reduction}", nn.MSELoss(reduction=reduction), {"input": a, "target": b}, r)
    record(f"L1Loss_{reduction}", nn.L1Loss(reduction=reduction), {"input": a, "target": b}, r)
    record(f"SmoothL1Loss_{reduction}", nn.SmoothL1Loss(reduction=reduction), {"input": a * 2, "target": b}, r)
    record(f"SmoothL1Loss_beta_{reduction}", nn.SmoothL1Loss(beta=0.5, reduction=reduction), {"input": a * 2, "target": b}, {**r, "beta": 0.5})
    record(f"SmoothL1Loss_beta0_{reduction}", nn.SmoothL1Loss(beta=0.0, reduction=reduction), {"input": a * 2, "target": b}, {**r, "beta": 0.0})

    p = torch.rand(3, 4) * 0.98 + 0.01
    y = torch.rand(3, 4)
    w = torch.rand(4)
    record(f"BCELoss_{reduction}", nn.BCELoss(reduction=reduction), {"input": p, "target": y}, r)
    record(f"BCELoss_weight_{reduction}", nn.BCELoss(weight=w, reduction=reduction), {"input": p, "target": y}, {**r, "weight": values(w)})
    z = torch.randn(3, 4) * 3
    pos_weight = torch.rand(4) * 3
    record(f"BCEWithLogitsLoss_{reduction}", nn.BCEWithLogitsLoss(reduction=reduction), {"input": z, "target": y}, r)
    record(f"BCEWithLogitsLoss_weightPosWeight_{reduction}", nn.BCEWithLogitsLoss(weight=w, pos_weight=pos_weight, reduction=reduction), {"input": z, "target": y}, {**r, "weight": values(w), "posWeight": values(pos_weight)})

# extreme values: forward and gradients stay finite
extreme = torch.tensor([[1e4, -1e4, 0.0, 3.0], [-800.0, 800.0, 1e3, -2.0]])
record("CrossEntropyLoss_extreme", nn.CrossEntropyLoss(), {"input": extreme, "target": torch.tensor([1, 0])})
record("CrossEntropyLoss_extremeProbsSmoothing", nn.CrossEntropyLoss(label_smoothing=0.1), {"input": extreme, "target": torch.softmax(torch.randn(2, 4), 1)}, {"labelSmoothing": 0.1})
record("BCEWithLogitsLoss_extreme", nn.BCEWithLogitsLoss(pos_weight=torch.tensor([2.0, 0.5, 1.0, 3.0])), {"input": extreme, "target": torch.tensor([[1.0, 0.0, 0.0, 1.0], [1.0, 0.0, 1.0, 0.5]])}, {"posWeight": [2.0, 0.5, 1.0, 3.0]})
bce_edges = nn.BCELoss(reduction="none")
edge_p = torch.tensor([0.0, 1.0, 0.0, 1.0, 1e-30])
edge_y = torch.tensor([0.0, 1.0, 1.0, 0.0, 0.5])
cases["BCELoss_clamp"] = {"inputs": {"input": values(edge_p), "target": values(edge_y)}, "output": values(bce_edges(edge_p, edge_y))}

with open("nn.json", "w") as f:
    json.dump(cases, f)
print(f"wrote {len(cases)} cases to nn.json")

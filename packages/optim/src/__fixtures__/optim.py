#!/usr/bin/python3
"""PyTorch reference trajectories for @dl/optim's tests; writes optim.json next to this file.

Run with Debian's python3 + torch (1.13): `/usr/bin/python3 src/__fixtures__/optim.py`.
Options are written in @dl's camelCase; `torch_kwargs` maps them to PyTorch's names.
CI never runs this script: the JSON it writes is committed.
"""
import json
import os
import re

import torch

torch.manual_seed(0)
STEPS = 5
DTYPES = {"float32": torch.float32, "float64": torch.float64}
RENAME = {"tMax": "T_max"}


def torch_kwargs(options):
    out = {}
    for key, value in options.items():
        name = RENAME.get(key) or re.sub(r"([A-Z])", r"_\1", key).lower()
        out[name] = tuple(value) if isinstance(value, list) else value
    return out


def values(t):
    return t.detach().to(torch.float64).tolist()


# Fixed parameters and a fixed sequence of gradients whose scale changes from step to step,
# so amsgrad's running maximum and momentum buffers see both growth and decay.
PARAMS = {"w": torch.randn(3, 4, dtype=torch.float64), "b": torch.randn(4, dtype=torch.float64)}
SCALES = [1.0, 0.3, 2.0, 0.5, 1.5]
GRADS = [{name: torch.randn_like(p) * s for name, p in PARAMS.items()} for s in SCALES]

DENSE = [
    ("SGD plain", "SGD", {"lr": 0.1}),
    ("SGD momentum", "SGD", {"lr": 0.1, "momentum": 0.9}),
    ("SGD nesterov", "SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
    ("SGD dampening weightDecay", "SGD", {"lr": 0.1, "momentum": 0.8, "dampening": 0.3, "weightDecay": 0.01}),
    ("SGD maximize", "SGD", {"lr": 0.1, "weightDecay": 0.1, "maximize": True}),
    ("Adam", "Adam", {"lr": 0.01}),
    ("Adam amsgrad", "Adam", {"lr": 0.01, "betas": [0.8, 0.99], "amsgrad": True}),
    ("Adam weightDecay", "Adam", {"lr": 0.01, "weightDecay": 0.1, "eps": 1e-6}),
    ("Adam maximize", "Adam", {"lr": 0.01, "maximize": True}),
    ("AdamW", "AdamW", {"lr": 0.01}),
    ("AdamW amsgrad", "AdamW", {"lr": 0.01, "weightDecay": 0.1, "amsgrad": True}),
    ("RMSprop", "RMSprop", {"lr": 0.01}),
    ("RMSprop centered", "RMSprop", {"lr": 0.01, "alpha": 0.9, "centered": True}),
    ("RMSprop momentum", "RMSprop", {"lr": 0.01, "momentum": 0.9, "weightDecay": 0.01}),
    ("RMSprop centered momentum", "RMSprop", {"lr": 0.01, "momentum": 0.5, "centered": True}),
    ("Adagrad", "Adagrad", {"lr": 0.1}),
    ("Adagrad lrDecay", "Adagrad", {"lr": 0.1, "lrDecay": 0.01, "initialAccumulatorValue": 0.1, "weightDecay": 0.01, "eps": 1e-8}),
]
# Param groups with their own hyperparameters; "params" name the entries of PARAMS.
GROUPED = [
    ("SGD groups", "SGD", {"lr": 0.01, "momentum": 0.9}, [{"params": ["w"], "lr": 0.1}, {"params": ["b"], "momentum": 0.5}]),
    ("Adam groups", "Adam", {"lr": 0.01}, [{"params": ["w"]}, {"params": ["b"], "lr": 0.1, "betas": [0.5, 0.9]}]),
]


def torch_groups(groups, params):
    if groups is None:
        return list(params.values())
    return [{**torch_kwargs({k: v for k, v in g.items() if k != "params"}), "params": [params[n] for n in g["params"]]} for g in groups]


def dense_case(name, optimizer, options, groups=None):
    expected = {}
    for dtype_name, dtype in DTYPES.items():
        params = {n: p.to(dtype).clone().requires_grad_() for n, p in PARAMS.items()}
        kwargs = torch_kwargs(options)
        if optimizer not in ("AdamW",):
            kwargs.setdefault("foreach", False)
        opt = getattr(torch.optim, optimizer)(torch_groups(groups, params), **kwargs)
        trajectory = []
        for grads in GRADS:
            for n, p in params.items():
                p.grad = grads[n].to(dtype)
            opt.step()
            trajectory.append({n: values(p) for n, p in params.items()})
        expected[dtype_name] = trajectory
    case = {"name": name, "optimizer": optimizer, "options": options, "expected": expected}
    if groups is not None:
        case["groups"] = groups
    return case


# Row-sparse gradients of a [6, 3] embedding table; indices repeat within a step (they must be
# summed before the non-linear updates) and one step touches no row at all.
TABLE = torch.randn(6, 3, dtype=torch.float64)
SPARSE_INDICES = [[1, 3, 1], [0, 5], [3, 3, 2], [], [1, 5, 0, 5]]
SPARSE_STEPS = [{"indices": ix, "values": torch.randn(len(ix), 3, dtype=torch.float64)} for ix in SPARSE_INDICES]
SPARSE = [
    ("SGD sparse", "SGD", {"lr": 0.1}),
    ("SGD sparse momentum", "SGD", {"lr": 0.1, "momentum": 0.9}),
    # PyTorch 1.13's sparse Adagrad and SparseAdam fail on a gradient with no rows, so there the
    # step without rows has no grad at all (emptyAsNone).
    ("Adagrad sparse", "Adagrad", {"lr": 0.1, "lrDecay": 0.01, "initialAccumulatorValue": 0.1}, True),
    ("SparseAdam", "SparseAdam", {"lr": 0.01}, True),
    ("SparseAdam betas maximize", "SparseAdam", {"lr": 0.05, "betas": [0.8, 0.9], "eps": 1e-6, "maximize": True}, True),
]


def sparse_case(name, optimizer, options, empty_as_none=False):
    expected = {}
    for dtype_name, dtype in DTYPES.items():
        table = TABLE.to(dtype).clone().requires_grad_()
        kwargs = torch_kwargs(options)
        if optimizer in ("SGD", "Adagrad"):
            kwargs["foreach"] = False
        opt = getattr(torch.optim, optimizer)([table], **kwargs)
        trajectory = []
        for step in SPARSE_STEPS:
            index = torch.tensor(step["indices"], dtype=torch.int64).reshape(1, -1)
            table.grad = torch.sparse_coo_tensor(index, step["values"].to(dtype), table.shape)
            if empty_as_none and not step["indices"]:
                table.grad = None
            opt.step()
            trajectory.append(values(table))
        expected[dtype_name] = trajectory
    case = {"name": name, "optimizer": optimizer, "options": options, "expected": expected}
    if empty_as_none:
        case["emptyAsNone"] = True
    return case


SCHEDULER_STEPS = 10
SCHEDULERS = [
    ("StepLR", "StepLR", {"stepSize": 3, "gamma": 0.5}),
    ("MultiStepLR", "MultiStepLR", {"milestones": [2, 5, 5, 8], "gamma": 0.1}),
    ("ExponentialLR", "ExponentialLR", {"gamma": 0.9}),
    ("LinearLR warmup", "LinearLR", {"startFactor": 0.25, "totalIters": 4}),
    ("LinearLR decay", "LinearLR", {"startFactor": 1.0, "endFactor": 0.1, "totalIters": 6}),
    ("CosineAnnealingLR", "CosineAnnealingLR", {"tMax": 4, "etaMin": 0.001}),
    ("LambdaLR", "LambdaLR", {}),
    ("OneCycleLR", "OneCycleLR", {"maxLr": 1.0, "totalSteps": 10}),
    ("OneCycleLR linear threePhase", "OneCycleLR", {"maxLr": [1.0, 0.5], "totalSteps": 10, "annealStrategy": "linear", "threePhase": True, "pctStart": 0.25}),
    ("OneCycleLR Adam", "OneCycleLR", {"maxLr": 0.1, "epochs": 2, "stepsPerEpoch": 5, "baseMomentum": 0.8, "maxMomentum": 0.9}),
    ("ReduceLROnPlateau", "ReduceLROnPlateau", {"factor": 0.5, "patience": 1, "threshold": 0.01, "cooldown": 1}),
    ("ReduceLROnPlateau max abs", "ReduceLROnPlateau", {"mode": "max", "thresholdMode": "abs", "threshold": 0.1, "patience": 0, "minLr": [0.02, 0.001]}),
]
# The metrics ReduceLROnPlateau sees, one per step.
METRICS = [1.0, 0.9, 0.95, 0.92, 0.91, 0.5, 0.6, 0.7, 0.65, 0.4]
# LambdaLR's per-group factors, mirrored in the TypeScript test.
LAMBDAS = [lambda epoch: 0.95 ** epoch, lambda epoch: 1 / (epoch + 1)]


def scheduler_case(name, scheduler, options):
    p1 = torch.zeros(2, requires_grad=True)
    p2 = torch.zeros(2, requires_grad=True)
    optimizer = "Adam" if name.endswith("Adam") else "SGD"
    kwargs = {"lr": 0.1, "momentum": 0.9} if optimizer == "SGD" else {"lr": 0.1}
    opt = getattr(torch.optim, optimizer)([{"params": [p1]}, {"params": [p2], "lr": 0.01}], **kwargs)
    cls = getattr(torch.optim.lr_scheduler, scheduler)
    if scheduler == "LambdaLR":
        sched = cls(opt, LAMBDAS)
    else:
        sched = cls(opt, **torch_kwargs(options))
    momentum = lambda: [g["betas"][0] if "betas" in g else g["momentum"] for g in opt.param_groups]
    lrs = [[g["lr"] for g in opt.param_groups]]
    momentums = [momentum()]
    for i in range(SCHEDULER_STEPS):
        opt.step()
        if scheduler == "ReduceLROnPlateau":
            sched.step(METRICS[i])
        else:
            sched.step()
        lrs.append([g["lr"] for g in opt.param_groups])
        momentums.append(momentum())
    case = {"name": name, "scheduler": scheduler, "optimizer": optimizer, "options": options, "lrs": lrs}
    if scheduler == "OneCycleLR":
        case["momentums"] = momentums
    return case


CLIP_GRADS = {n: torch.randn_like(p) for n, p in PARAMS.items()}


def clip_cases():
    norm, value = [], []
    for dtype_name, dtype in DTYPES.items():
        for norm_type, max_norm in [(2, 1.0), (1, 1.0), (3, 0.5), ("inf", 0.3), (2, 100.0)]:
            params = {n: p.to(dtype).clone().requires_grad_() for n, p in PARAMS.items()}
            for n, p in params.items():
                p.grad = CLIP_GRADS[n].to(dtype).clone()
            total = torch.nn.utils.clip_grad_norm_(list(params.values()), max_norm, norm_type=float(norm_type))
            norm.append({"dtype": dtype_name, "normType": norm_type, "maxNorm": max_norm, "total": total.item(),
                         "grads": {n: values(p.grad) for n, p in params.items()}})
        params = {n: p.to(dtype).clone().requires_grad_() for n, p in PARAMS.items()}
        for n, p in params.items():
            p.grad = CLIP_GRADS[n].to(dtype).clone()
        torch.nn.utils.clip_grad_value_(list(params.values()), 0.5)
        value.append({"dtype": dtype_name, "clipValue": 0.5, "grads": {n: values(p.grad) for n, p in params.items()}})
    return {"grads": {n: values(g) for n, g in CLIP_GRADS.items()}, "norm": norm, "value": value}


fixture = {
    "torch": torch.__version__,
    "params": {n: values(p) for n, p in PARAMS.items()},
    "grads": [{n: values(g) for n, g in step.items()} for step in GRADS],
    "dense": [dense_case(*case) for case in DENSE] + [dense_case(*case) for case in GROUPED],
    "sparse": {
        "table": values(TABLE),
        "steps": [{"indices": s["indices"], "values": values(s["values"])} for s in SPARSE_STEPS],
        "cases": [sparse_case(*case) for case in SPARSE],
    },
    "schedulers": {"metrics": METRICS, "cases": [scheduler_case(*case) for case in SCHEDULERS]},
    "clip": clip_cases(),
}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "optim.json"), "w") as f:
    json.dump(fixture, f, separators=(",", ":"))
    f.write("\n")

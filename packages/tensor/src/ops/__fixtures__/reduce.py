"""PyTorch reference values for ops/reduce.test.ts, ops/statistics.test.ts and ops/softmax.test.ts.

Run from this directory: /usr/bin/python3 reduce.py  (writes reduce.json)
Each case names an op, its dim (None = omitted), keepdim, an extra parameter and the input; the
expected output is flat (row-major) with its shape. JSON has no NaN or Infinity: they are
written as the strings "NaN", "Infinity", "-Infinity". Inputs are float64, int32 or bool, so
the comparisons can be tight. torch 1.13 lacks several-dim prod/all/any/cumsum: those permute
the reduced dims to the end and reduce the flattened tail, which is what several dims mean.
"""
import json
import math

import torch

torch.manual_seed(0)


def encode(v):
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, float) and not math.isfinite(v):
        return "NaN" if math.isnan(v) else ("Infinity" if v > 0 else "-Infinity")
    return v


def flat(t):
    return {"shape": list(t.shape), "data": [encode(v) for v in t.flatten().tolist()]}


inputs = {
    "x": torch.randn(2, 3, 4, dtype=torch.float64) * 3,
    "ints": torch.randint(-4, 5, (2, 3, 4), dtype=torch.int32),
    "bools": torch.rand(2, 3, 4) > 0.3,
    "ties": torch.tensor([[1.0, 3.0, 3.0, -2.0], [2.0, 2.0, -5.0, -5.0]], dtype=torch.float64),
}
DTYPES = {torch.float64: "float64", torch.int32: "int32", torch.bool: "bool"}


def over(fn, x, dims, keepdim):
    """Reduces several dims by moving them last and flattening them into one."""
    if dims is None:
        dims = list(range(x.dim()))
    if isinstance(dims, int):
        dims = [dims]
    dims = sorted(d % x.dim() for d in dims)
    kept = [d for d in range(x.dim()) if d not in dims]
    moved = x.permute(kept + dims).reshape([x.shape[d] for d in kept] + [-1])
    out = fn(moved, -1)
    if keepdim:
        out = out.reshape([1 if d in dims else x.shape[d] for d in range(x.dim())])
    return out


def as_dims(dim, ndim):
    return list(range(ndim)) if dim is None else dim


MULTI_DIMS = [None, 0, 1, -1, [0, 2], [2, 0], [-1, -2], [0, 1, 2]]
ONE_DIM = [0, 1, -1]

REDUCTIONS = {
    "sum": lambda x, d, k, _: over(lambda t, i: t.sum(i, dtype=torch.int32 if not t.is_floating_point() else None), x, d, k),
    "prod": lambda x, d, k, _: over(lambda t, i: t.prod(i, dtype=torch.int32 if not t.is_floating_point() else None), x, d, k),
    "amax": lambda x, d, k, _: torch.amax(x, as_dims(d, x.dim()), keepdim=k),
    "amin": lambda x, d, k, _: torch.amin(x, as_dims(d, x.dim()), keepdim=k),
    "all": lambda x, d, k, _: over(lambda t, i: t.bool().all(i), x, d, k),
    "any": lambda x, d, k, _: over(lambda t, i: t.bool().any(i), x, d, k),
    "mean": lambda x, d, k, _: torch.mean(x, as_dims(d, x.dim()), keepdim=k),
    "var": lambda x, d, k, c: torch.var(x, as_dims(d, x.dim()), correction=c, keepdim=k),
    "std": lambda x, d, k, c: torch.std(x, as_dims(d, x.dim()), correction=c, keepdim=k),
    "logsumexp": lambda x, d, k, _: torch.logsumexp(x, as_dims(d, x.dim()), keepdim=k),
    # 'fro' is the 2-norm over the dims; torch.norm's 'fro' path accepts at most 2 of them.
    "norm": lambda x, d, k, p: torch.norm(x, p=2 if p == "fro" else p, dim=d, keepdim=k),
}

cases = []


def add(op, name, dim, keepdim, param, out):
    cases.append({"op": op, "input": name, "dim": dim, "keepdim": keepdim, "param": encode(param), "out": flat(out), "dtype": DTYPES[out.dtype] if out.dtype in DTYPES else "int32"})


for op, fn in REDUCTIONS.items():
    names = ["x", "ints", "bools"] if op in ("sum", "prod", "amax", "amin", "all", "any") else ["x"]
    params = {"var": [1, 0, 2], "std": [1, 0], "norm": [2, "fro", 1, math.inf, -math.inf, 0, 3, 0.5, -1]}.get(op, [None])
    for name in names:
        for dim in MULTI_DIMS:
            for keepdim in (False, True):
                for param in params:
                    # keepdim and most dims matter only once: other parameters get a few dims.
                    if param != params[0] and (keepdim or dim not in (None, -1, [2, 0])) or keepdim and name != "x":
                        continue
                    add(op, name, dim, keepdim, param, fn(inputs[name], dim, keepdim, param))

for op in ("max", "min"):
    for name in ("x", "ints", "bools", "ties"):
        x = inputs[name]
        add(op, name, None, False, None, getattr(torch, op)(x))
        for dim in ONE_DIM:
            for keepdim in (False, True):
                values, indices = getattr(torch, op)(x, dim, keepdim=keepdim)
                add(op, name, dim, keepdim, "values", values)
                add(op, name, dim, keepdim, "indices", indices.int())

for op in ("argmax", "argmin"):
    for name in ("x", "ints", "ties"):
        x = inputs[name]
        for dim in [None] + ONE_DIM:
            for keepdim in (False, True):
                add(op, name, dim, keepdim, None, getattr(torch, op)(x, dim, keepdim=keepdim).int())

for op in ("cumsum", "cumprod"):
    for name in ("x", "ints", "bools"):
        for dim in ONE_DIM:
            x = inputs[name]
            out = getattr(torch, op)(x, dim, dtype=None if x.is_floating_point() else torch.int32)
            add(op, name, dim, False, None, out)

for op, fn in (("softmax", torch.softmax), ("logSoftmax", torch.log_softmax)):
    for dim in ONE_DIM:
        add(op, "x", dim, False, None, fn(inputs["x"], dim))

json.dump(
    {"inputs": {name: {**flat(t), "dtype": DTYPES[t.dtype]} for name, t in inputs.items()}, "cases": cases},
    open("reduce.json", "w"),
    separators=(",", ":"),
)
print(f"{len(cases)} cases")

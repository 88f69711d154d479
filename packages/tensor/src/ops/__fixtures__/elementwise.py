"""PyTorch reference values for ops/elementwise.test.ts.

Run from this directory: /usr/bin/python3 elementwise.py  (writes elementwise.json)
- "unary": float64 outputs of the transcendental ops at fixed inputs, plus float32 outputs of
  gelu and erf (computed by torch in float32).
- "binary": float64 floor_divide and remainder at inputs where the rounded quotient misleads.
- "binaryDTypes" / "unaryDTypes" / "scalarDTypes": the result dtype torch gives each op for each
  input dtype ("error" where torch raises). torch's int64 is written as our int32, which plays
  its role. JSON has no NaN or Infinity: they are written as "NaN", "Infinity", "-Infinity".
"""
import json
import math

import torch


def encode(values):
    return [("NaN" if math.isnan(v) else ("Infinity" if v > 0 else "-Infinity")) if not math.isfinite(v) else v for v in values]


INPUTS = [-1000.0, -20.0, -6.5, -5.0, -3.0, -2.5, -1.0, -0.5, -1e-8, 0.0, 1e-8, 0.25, 0.5, 1.0, 1.5, 2.5, 3.0, 3.5, 5.0, 6.5, 20.0, 21.0, 1000.0]
x64 = torch.tensor(INPUTS, dtype=torch.float64)
x32 = x64.float()
F = torch.nn.functional
unary = {
    "erf": torch.erf(x64), "gelu": F.gelu(x64), "sigmoid": torch.sigmoid(x64), "softplus": F.softplus(x64),
    "tanh": torch.tanh(x64), "expm1": torch.expm1(x64), "log1p": torch.log1p(x64), "round": torch.round(x64),
    "sign": torch.sign(x64), "relu": torch.relu(x64),
}
float32 = {"erf": torch.erf(x32), "gelu": F.gelu(x32), "sigmoid": torch.sigmoid(x32)}

# floor_divide and remainder where the rounded quotient misleads: 1 / 0.1 rounds to 10.
A = [1.0, -1.0, 5.0, -5.0, 7.5, 0.0, -7.0, 7.0, 1e300, 0.3, -0.3, 2.5, -2.5]
B = [0.1, 0.1, math.inf, math.inf, -2.0, -3.0, 2.0, 0.0, 1e-10, 0.1, 0.1, -0.5, 0.7]
a64, b64 = torch.tensor(A, dtype=torch.float64), torch.tensor(B, dtype=torch.float64)
binary = {"a": encode(A), "b": encode(B), "floorDivide": encode(torch.floor_divide(a64, b64).tolist()), "remainder": encode(torch.remainder(a64, b64).tolist())}

DTYPES = {"bool": torch.bool, "int32": torch.int64, "float32": torch.float32, "float64": torch.float64}
NAME = {torch.bool: "bool", torch.int64: "int32", torch.float32: "float32", torch.float64: "float64"}
BINARY = {
    "add": torch.add, "sub": torch.sub, "mul": torch.mul, "div": torch.div, "pow": torch.pow,
    "maximum": torch.maximum, "minimum": torch.minimum, "floorDivide": torch.floor_divide,
    "remainder": torch.remainder, "eq": torch.eq, "ne": torch.ne, "lt": torch.lt, "le": torch.le,
    "gt": torch.gt, "ge": torch.ge, "logicalAnd": torch.logical_and, "logicalOr": torch.logical_or,
    "logicalXor": torch.logical_xor,
}
UNARY = {
    "neg": torch.neg, "abs": torch.abs, "exp": torch.exp, "log": torch.log, "sqrt": torch.sqrt,
    "reciprocal": torch.reciprocal, "square": torch.square, "sin": torch.sin, "tanh": torch.tanh,
    "sigmoid": torch.sigmoid, "relu": torch.relu, "gelu": F.gelu, "sign": torch.sign,
    "floor": torch.floor, "round": torch.round, "erf": torch.erf, "logicalNot": torch.logical_not,
    "isNaN": torch.isnan, "isFinite": torch.isfinite,
}


def result(f, *args):
    try:
        return NAME[f(*args).dtype]
    except Exception:
        return "error"


one = lambda d: torch.ones(2, dtype=DTYPES[d])
binary_dtypes = {op: {a: {b: result(f, one(a), one(b)) for b in DTYPES} for a in DTYPES} for op, f in BINARY.items()}
unary_dtypes = {op: {a: result(f, one(a)) for a in DTYPES} for op, f in UNARY.items()}
scalar_dtypes = {a: {str(s): NAME[torch.result_type(one(a), s)] for s in (True, 2, 2.5)} for a in DTYPES}

with open("elementwise.json", "w") as f:
    json.dump({
        "torch": torch.__version__,
        "inputs": INPUTS,
        "unary": {k: encode(v.tolist()) for k, v in unary.items()},
        "float32": {k: encode(v.tolist()) for k, v in float32.items()},
        "binary": binary,
        "binaryDTypes": binary_dtypes, "unaryDTypes": unary_dtypes, "scalarDTypes": scalar_dtypes,
    }, f, indent=1)
    f.write("\n")
